#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# lint.sh: the workbench's own lint, seconds long, the first stage of
# make check: shellcheck (warnings and errors) on the host scripts (bash)
# and the guest scripts (busybox sh), and every Python script compiles.
. "$(dirname "$0")/host-lib.sh"
need_pkgs shellcheck python3
cd "$TOP" || exit 1
bad=0
shellcheck -x -S warning scripts/*.sh || bad=1
shellcheck -s sh -S warning tests/*.sh tests/init || bad=1
pyc=$(mktemp -d "${TMPDIR:-/tmp}/wb-lint.XXXXXX")
for f in scripts/*.py; do
	PYTHONPYCACHEPREFIX=$pyc python3 -m py_compile "$f" || bad=1
done
rm -rf "$pyc"
[ $bad -eq 0 ] && echo "  shellcheck and py_compile: no findings"
exit $bad
