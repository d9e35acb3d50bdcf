// SPDX-License-Identifier: GPL-2.0
/*
 * hotadd_test: memory hot-add and hot-remove of one physical range, done
 * in the task that writes a debugfs file.
 *
 * The workbench's fault-injection tests need add_memory() to run in the
 * writing task: /proc/self/fail-nth only reaches allocations made by the
 * task that set it, and virtio-mem adds memory from a kworker. x86 has the
 * 'probe' sysfs file for that, arm64 has nothing, so this module provides
 * it on both. The range is RAM the boot kernel was told to ignore (mem=).
 *
 *   insmod hotadd_test.ko start=0x80000000 size=0x8000000 [nid=1]
 *   echo 1 > /sys/kernel/debug/hotadd_test/add      add_memory()
 *   echo 1 > /sys/kernel/debug/hotadd_test/remove   offline_and_remove_memory()
 *   cat /sys/kernel/debug/hotadd_test/range         phys and linear-map VA
 *
 * A failed write returns the kernel's error (-ENOMEM for a failed
 * page-table allocation).
 */
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/memory.h>
#include <linux/memory_hotplug.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/seq_file.h>

static unsigned long long start;
module_param(start, ullong, 0444);
MODULE_PARM_DESC(start, "physical start of the range (memory block aligned)");
static unsigned long long size;
module_param(size, ullong, 0444);
MODULE_PARM_DESC(size, "size of the range (memory block aligned)");
static int nid;
module_param(nid, int, 0444);
MODULE_PARM_DESC(nid, "node to add the range to (default 0)");

static struct dentry *dir;

static ssize_t add_write(struct file *file, const char __user *buf,
			 size_t len, loff_t *ppos)
{
	int rc = add_memory(nid, start, size, MHP_NONE);

	return rc ? rc : len;
}

static ssize_t remove_write(struct file *file, const char __user *buf,
			    size_t len, loff_t *ppos)
{
	int rc = offline_and_remove_memory(start, size);

	return rc ? rc : len;
}

static int range_show(struct seq_file *m, void *v)
{
	unsigned long va = (unsigned long)__va(start);

	seq_printf(m, "0x%016llx 0x%016llx 0x%016lx 0x%016lx\n",
		   start, start + size, va, va + (unsigned long)size);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(range);

static const struct file_operations add_fops = {
	.owner = THIS_MODULE,
	.write = add_write,
};

static const struct file_operations remove_fops = {
	.owner = THIS_MODULE,
	.write = remove_write,
};

static int __init hotadd_test_init(void)
{
	unsigned long block = memory_block_size_bytes();

	if (!size || !IS_ALIGNED(start, block) || !IS_ALIGNED(size, block)) {
		pr_err("hotadd_test: start=%#llx size=%#llx: not aligned to the memory block size %#lx\n",
		       start, size, block);
		return -EINVAL;
	}
	dir = debugfs_create_dir("hotadd_test", NULL);
	debugfs_create_file("add", 0200, dir, NULL, &add_fops);
	debugfs_create_file("remove", 0200, dir, NULL, &remove_fops);
	debugfs_create_file("range", 0444, dir, NULL, &range_fops);
	return 0;
}

static void __exit hotadd_test_exit(void)
{
	debugfs_remove(dir);
}

module_init(hotadd_test_init);
module_exit(hotadd_test_exit);
MODULE_DESCRIPTION("Memory hot-add in the writing task, for fault-injection tests");
MODULE_LICENSE("GPL");
