// SPDX-License-Identifier: GPL-2.0
/*
 * cpa_test: change the caching attribute of one linear-map page, which
 * makes CPA split the large page that maps it, and change it back; for
 * the workbench's check that CPA works on the linear map the kernel
 * built (tests/cpa.sh).
 *
 *   insmod cpa_test.ko
 *   cat /sys/kernel/debug/cpa_test/page           its linear-map address
 *   echo uc > /sys/kernel/debug/cpa_test/cpa       set_memory_uc()
 *   echo wb > /sys/kernel/debug/cpa_test/cpa       set_memory_wb()
 *
 * The page is the first 2M-aligned page of an order-10 block: it sits in
 * a large page unless the linear map is built with 4K pages there.
 */
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/seq_file.h>
#include <linux/string.h>
#include <asm/set_memory.h>

#define BLOCK_ORDER	10

static struct page *block;
static unsigned long addr;
static struct dentry *dir;

static ssize_t cpa_write(struct file *file, const char __user *ubuf,
			 size_t len, loff_t *ppos)
{
	char buf[4] = {};
	int rc;

	if (copy_from_user(buf, ubuf, min(len, sizeof(buf) - 1)))
		return -EFAULT;
	if (!strncmp(buf, "uc", 2))
		rc = set_memory_uc(addr, 1);
	else if (!strncmp(buf, "wb", 2))
		rc = set_memory_wb(addr, 1);
	else
		rc = -EINVAL;
	return rc ? rc : len;
}

static const struct file_operations cpa_fops = {
	.owner = THIS_MODULE,
	.write = cpa_write,
};

static int page_show(struct seq_file *m, void *v)
{
	seq_printf(m, "0x%016lx\n", addr);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(page);

static int __init cpa_test_init(void)
{
	block = alloc_pages(GFP_KERNEL, BLOCK_ORDER);
	if (!block)
		return -ENOMEM;
	addr = ALIGN((unsigned long)page_address(block), PMD_SIZE);
	dir = debugfs_create_dir("cpa_test", NULL);
	debugfs_create_file("cpa", 0200, dir, NULL, &cpa_fops);
	debugfs_create_file("page", 0444, dir, NULL, &page_fops);
	return 0;
}

static void __exit cpa_test_exit(void)
{
	debugfs_remove(dir);
	set_memory_wb(addr, 1);
	__free_pages(block, BLOCK_ORDER);
}

module_init(cpa_test_init);
module_exit(cpa_test_exit);
MODULE_DESCRIPTION("Split a linear-map large page with CPA, for the workbench");
MODULE_LICENSE("GPL");
