# SPDX-License-Identifier: GPL-2.0
# The workbench. Each target calls one script in scripts/.
#   BASE=7.3|6.12             every target: the upstream series (patches/, default) or the 6.12.y backports (stable/6.12/)
#   make demo                 base and fixed kernels of both bases: hot-add in QEMU, one table per base
#   make check                the test command (.ci/run runs it)
# Building blocks (each a stage of make check, which prints the command):
#   make lint                 shellcheck and py_compile on the workbench
#   make toolchain            build/trixie: Debian 13 root with clang-19, where kernels build
#   make prepare              build/BASE/linux = Debian linux-source-BASE + the series
#   make export               build/BASE/linux commits base..HEAD -> the series
#   make export-check         the series is what build/BASE/linux exports (no diff)
#   make build ARCH=x86_64|arm64 [KERNEL=base|fixes|patched|work] [COMPILER=gcc]
#   make build-series ARCH=...        build every commit of the series on its own
#   make kunit ARCH=... [KERNEL=...] [LEVELS=4]   (LEVELS=4 on x86_64: no5lvl)
#   make test TEST=boot|virtio-mem-grow|... ARCH=... [KERNEL=...]
#   make ptdump-compare ARCH=...      boot-time page tables, base vs patched [VARIANTS="..."]
#   make bots CHECK=w1-sparse|gcc ARCH=...   new W=1/sparse/GCC warnings in the touched objects
#   make bots CHECK=kernel-doc|get-maintainer|htmldocs
#   make checkpatch           checkpatch.pl --strict on every patch
#   make stable-check         the stable fixes apply to the base one by one
#   make check-matrix         every 6.12 kernel, the 7.3 arm64 base, more variants and geometries (slow)
#   make bench                boot-time page tables and 1 GiB hot-add: instructions, base vs patched
#   make apply KDIR=path      apply the series to your own tree (BASE=6.12: a 6.12.y tree)
#   make clean [BUILD=dir]    remove build/ (keeps the ccache, downloads and toolchain root)

BASE ?= 7.3
export WB_BASE := $(BASE)
ARCH ?= x86_64
KERNEL ?= patched
TEST ?= boot
CHECK ?=
LEVELS ?=

.PHONY: demo check lint toolchain prepare export export-check build build-series kunit test ptdump-compare bots check-matrix bench checkpatch stable-check apply clean help

help:
	@sed -n 's/^#   //p' Makefile

demo:
	scripts/demo.sh

check:
	scripts/check.sh

toolchain:
	scripts/toolchain.sh

prepare:
	scripts/prepare.sh

export:
	scripts/export.sh

export-check:
	scripts/export.sh --check

lint:
	scripts/lint.sh

build:
	scripts/kernel.sh $(ARCH) $(KERNEL)

kunit:
	LEVELS=$(LEVELS) scripts/run-kunit.sh $(ARCH) $(KERNEL)

test:
	scripts/run-test.sh $(ARCH) $(KERNEL) $(TEST)

ptdump-compare:
	scripts/ptdump-compare.sh $(ARCH) $(VARIANTS)

check-matrix:
	scripts/check-matrix.sh

bench:
	scripts/bench.sh

checkpatch:
	scripts/checkpatch.sh

stable-check:
	scripts/stable-check.sh

build-series:
	scripts/build-series.sh $(ARCH)

bots:
	scripts/bots.sh $(CHECK) $(ARCH)

apply:
	scripts/apply.sh $(KDIR)

BUILD ?= $(CURDIR)/build
clean:
	[ ! -d "$(BUILD)" ] || find "$(BUILD)" -mindepth 1 -maxdepth 1 ! -name ccache ! -name dl ! -name trixie -exec rm -rf {} +
