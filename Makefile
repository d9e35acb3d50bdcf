# SPDX-License-Identifier: GPL-2.0
# The workbench. Each target calls one script in scripts/.
#   make demo                 build base (and patched) kernels, show hot-add
#   make check                the test command (.ci/run runs it)
# Building blocks:
#   make prepare              build/linux = Debian linux-source-6.12 + patches/
#   make export               build/linux commits base..HEAD -> patches/
#   make build ARCH=x86_64|arm64 [KERNEL=base|fixes|patched|work] [COMPILER=gcc]
#   make kunit ARCH=... [KERNEL=...]
#   make test TEST=boot|virtio-mem-grow|... ARCH=... [KERNEL=...]
#   make ptdump-compare ARCH=...      boot-time page tables, base vs patched [VARIANTS="..."]
#   make check-matrix         arm64 16K/64K pages, 52-bit VA: boot, KUnit, hot-add (slow)
#   make bench                arm64 boot-time page tables: instructions, base vs patched
#   make checkpatch           checkpatch.pl --strict on every patch
#   make stable-check         the stable fixes apply to the base one by one
#   make bisect ARCH=...      build every commit of the series
#   make apply KDIR=path      apply the series to your own 6.12 tree
#   make clean                remove build/ (keeps the ccache)

ARCH ?= x86_64
KERNEL ?= patched
TEST ?= boot

.PHONY: demo check prepare export build kunit test ptdump-compare check-matrix bench checkpatch stable-check bisect apply clean help

help:
	@sed -n 's/^#   //p' Makefile

demo:
	scripts/demo.sh

check:
	scripts/check.sh

prepare:
	scripts/prepare.sh

export:
	scripts/export.sh

build:
	scripts/kernel.sh $(ARCH) $(KERNEL)

kunit:
	scripts/kunit.sh $(ARCH) $(KERNEL)

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

bisect:
	scripts/bisect-build.sh $(ARCH)

apply:
	scripts/apply.sh $(KDIR)

clean:
	find build -mindepth 1 -maxdepth 1 ! -name ccache ! -name dl -exec rm -rf {} +
