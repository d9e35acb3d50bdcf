// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * insn-window: a QEMU TCG plugin that counts the guest instructions
 * executed between the first entry of one guest address and the first
 * entry of another, and which translation blocks they were spent in.
 *
 *   -plugin insn-window.so,start=0xffff...,stop=0xffff...
 *
 * At exit it prints "insn-window: N" (instructions in the window) and one
 * "insn-block: VADDR COUNT" line per block executed in the window, for
 * the caller to attribute to symbols. Under TCG the count does not
 * depend on the host: a deterministic measure of guest work.
 *
 * QEMU 7.2 (Debian 12) ships no plugin header, so the few declarations
 * of its stable plugin API used here are spelled out below.
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define QEMU_PLUGIN_EXPORT __attribute__((visibility("default")))

typedef uint64_t qemu_plugin_id_t;
struct qemu_plugin_tb;

typedef struct qemu_info_t {
	const char *target_name;
	struct { int min; int cur; } version;
	bool system_emulation;
	union {
		struct { int smp_vcpus; int max_vcpus; } system;
	};
} qemu_info_t;

enum qemu_plugin_cb_flags {
	QEMU_PLUGIN_CB_NO_REGS,
	QEMU_PLUGIN_CB_R_REGS,
	QEMU_PLUGIN_CB_RW_REGS,
};

typedef void (*qemu_plugin_udata_cb_t)(qemu_plugin_id_t id, void *userdata);
typedef void (*qemu_plugin_vcpu_udata_cb_t)(unsigned int vcpu_index,
					    void *userdata);
typedef void (*qemu_plugin_vcpu_tb_trans_cb_t)(qemu_plugin_id_t id,
					       struct qemu_plugin_tb *tb);

void qemu_plugin_register_vcpu_tb_trans_cb(qemu_plugin_id_t id,
					   qemu_plugin_vcpu_tb_trans_cb_t cb);
void qemu_plugin_register_vcpu_tb_exec_cb(struct qemu_plugin_tb *tb,
					  qemu_plugin_vcpu_udata_cb_t cb,
					  enum qemu_plugin_cb_flags flags,
					  void *userdata);
void qemu_plugin_register_atexit_cb(qemu_plugin_id_t id,
				    qemu_plugin_udata_cb_t cb, void *userdata);
size_t qemu_plugin_tb_n_insns(const struct qemu_plugin_tb *tb);
uint64_t qemu_plugin_tb_vaddr(const struct qemu_plugin_tb *tb);
void qemu_plugin_outs(const char *string);

QEMU_PLUGIN_EXPORT int qemu_plugin_version = 1;

/* One per translated block: where it starts, how many instructions. */
struct block {
	uint64_t vaddr;
	uint64_t n_insns;
	uint64_t execs;		/* inside the window */
	struct block *next;
};

static uint64_t start_addr, stop_addr;
static int state;		/* 0 before, 1 inside, 2 after the window */
static uint64_t total;
static struct block *blocks;

static void tb_exec(unsigned int vcpu, void *udata)
{
	struct block *b = udata;

	if (state == 0 && b->vaddr == start_addr)
		state = 1;
	else if (state == 1 && b->vaddr == stop_addr)
		state = 2;
	if (state == 1) {
		b->execs++;
		total += b->n_insns;
	}
}

static void tb_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
	struct block *b;

	if (state == 2)
		return;
	b = calloc(1, sizeof(*b));
	if (!b)
		abort();
	b->vaddr = qemu_plugin_tb_vaddr(tb);
	b->n_insns = qemu_plugin_tb_n_insns(tb);
	b->next = blocks;
	blocks = b;
	qemu_plugin_register_vcpu_tb_exec_cb(tb, tb_exec,
					     QEMU_PLUGIN_CB_NO_REGS, b);
}

static void at_exit(qemu_plugin_id_t id, void *p)
{
	char line[96];
	struct block *b;

	snprintf(line, sizeof(line), "insn-window: %s %" PRIu64 "\n",
		 state == 2 ? "complete" : "incomplete", total);
	qemu_plugin_outs(line);
	for (b = blocks; b; b = b->next) {
		if (!b->execs)
			continue;
		snprintf(line, sizeof(line), "insn-block: %" PRIx64 " %" PRIu64 "\n",
			 b->vaddr, b->execs * b->n_insns);
		qemu_plugin_outs(line);
	}
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
					   const qemu_info_t *info,
					   int argc, char **argv)
{
	int i;

	for (i = 0; i < argc; i++) {
		if (!strncmp(argv[i], "start=", 6))
			start_addr = strtoull(argv[i] + 6, NULL, 0);
		else if (!strncmp(argv[i], "stop=", 5))
			stop_addr = strtoull(argv[i] + 5, NULL, 0);
	}
	if (!start_addr || !stop_addr) {
		fprintf(stderr, "insn-window: start= and stop= are required\n");
		return -1;
	}
	qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans);
	qemu_plugin_register_atexit_cb(id, at_exit, NULL);
	return 0;
}
