#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# tc-run.sh CMD...: run CMD in the toolchain root (tc_run in host-lib.sh),
# for programs outside the shell scripts (qemu-run.py --qemu).
. "$(dirname "$0")/host-lib.sh"
tc_run "$@"
