#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Boot a kernel under QEMU (TCG) with the workbench initramfs and judge it.

The guest runs tests/<test>.sh from its /init and prints lines the host
reads off the serial console:

  WB-RESULT <name> <pass|fail|xfail|skip> [detail]   one result
  WB-QMP <json>                    a QMP command for the host to send
                                   (e.g. a virtio-mem resize)
  WB-METRIC <name> <number>        a measurement for the report
  WB-DONE rc=<n>                   the script finished

The run is good only if the guest printed WB-DONE rc=0, every WB-RESULT
passed, and the console shows no panic, Oops, BUG, KASAN/UBSAN report or
WARNING (unless --allow-warn matches it). A hang hits --timeout. With
--expect-crash the run is good only if the kernel crashed (the base
kernel's expected outcome for the fault-injection tests).

With --xen (x86_64) the kernel boots as Xen's PV dom0: QEMU loads Xen
(multiboot) and hands it the kernel and initramfs as modules; the
kernel's console is hvc0, which Xen writes to the serial port among its
own "(XEN)" lines. --qemu names the QEMU to run (a command, e.g. one
that runs Debian 13's QEMU in the toolchain root).

Writes the console to --log and a JSON summary to --json.
"""

import argparse
import json
import os
import re
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

CRASH = re.compile(r"Kernel panic|Oops[:\[ ]|kernel BUG at|BUG: |"
                   r"Unable to handle kernel|general protection fault|"
                   r"Internal error: ")
REPORT = re.compile(r"KASAN:|UBSAN:|kmemleak: \d+ new suspected")
WARNING = re.compile(r"WARNING: (CPU: \d+ PID: \d+ at )?(\S+)")
# A warning in a loop floods the console for minutes; one is a failure
# already, so the guest is stopped after this many.
MAX_WARNINGS = 100
# Xen's own lines: only its panics count (it warns about its setup).
XEN_CRASH = re.compile(r"Panic on CPU|FATAL (PAGE|TRAP)|Dom0 crashed")


def qemu_cmd(a, qmp_path):
    mem = f"{a.mem},maxmem={a.maxmem}" if a.virtio_mem else a.mem
    if a.xen:
        cmd = a.qemu.split() + ["-machine", "q35", "-cpu", a.cpu or "max"]
        # earlyprintk: a dom0 that dies before hvc0 is up still says why.
        console = "hvc0 earlyprintk=xen"
    elif a.arch == "x86_64":
        cmd = a.qemu.split() + ["-machine", "q35", "-cpu", a.cpu or "max",
                                "-bios", "qboot.rom"]
        console = "ttyS0"
    else:
        cmd = ["qemu-system-aarch64", "-machine", "virt",
               "-cpu", a.cpu or "max,pauth-impdef=on"]
        console = "ttyAMA0"
    cmd += ["-smp", str(a.smp), "-m", mem, "-nodefaults", "-no-reboot",
            "-display", "none", "-serial", "stdio", "-monitor", "none",
            "-qmp", f"unix:{qmp_path},server=on,wait=off"]
    if a.numa:
        # One NUMA node per size; the CPUs are on the first.
        for i, size in enumerate(a.numa.split(",")):
            cmd += ["-object", f"memory-backend-ram,id=ram{i},size={size}",
                    "-numa", f"node,nodeid={i},memdev=ram{i}"
                    + (f",cpus=0-{a.smp - 1}" if i == 0 else "")]
    if a.virtio_mem:
        cmd += ["-object", f"memory-backend-ram,id=vmem0,size={a.virtio_mem}",
                "-device", "virtio-mem-pci,id=vm0,memdev=vmem0,requested-size=0"]
    if a.plugin:
        cmd += ["-plugin", a.plugin, "-d", "plugin", "-D", a.plugin_log]
    # KUnit suites run at boot only where a test asks for them
    # (--append kunit.enable=1 comes later and wins).
    append = (f"console={console} panic=-1 oops=panic loglevel=7 "
              f"kunit.enable=0 wb.test={a.test} {' '.join(a.append)}").strip()
    if a.xen:
        # Multiboot modules: "FILE ARGS" separated by ",", a "," in
        # ARGS doubled.
        cmd += ["-kernel", a.xen, "-append", a.xen_append,
                "-initrd", f"{a.kernel} {append.replace(',', ',,')},{a.initrd}"]
    else:
        cmd += ["-kernel", a.kernel, "-initrd", a.initrd, "-append", append]
    return cmd


class Qmp:
    """QMP over a Unix socket; every read is bounded (TIMEOUT seconds)."""
    TIMEOUT = 20

    def __init__(self, path):
        self.path = path
        self.sock = None

    def connect(self):
        for _ in range(100):
            try:
                s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                s.settimeout(self.TIMEOUT)
                s.connect(self.path)
                self.sock = s
                self.f = s.makefile("rw")
                self.f.readline()                       # greeting
                self.call({"execute": "qmp_capabilities"})
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("cannot connect to QMP")

    def call(self, cmd):
        self.f.write(json.dumps(cmd) + "\n")
        self.f.flush()
        while True:
            line = self.f.readline()
            if not line:
                raise RuntimeError("QMP connection closed")
            r = json.loads(line)
            if "return" in r or "error" in r:
                return r


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--arch", required=True, choices=["x86_64", "arm64"])
    p.add_argument("--kernel", required=True)
    p.add_argument("--initrd", required=True)
    p.add_argument("--test", required=True)
    p.add_argument("--append", action="append", default=[],
                   help="kernel command line words (repeatable)")
    p.add_argument("--cpu")
    p.add_argument("--qemu", help="the QEMU command (default: "
                   "qemu-system-x86_64 or qemu-system-aarch64)")
    p.add_argument("--xen", help="Xen (multiboot image): boot the kernel "
                   "as its PV dom0")
    p.add_argument("--xen-append", default="console=com1 com1=115200,8n1 "
                   "dom0_mem=960M,max:960M dom0_max_vcpus=2 loglvl=all "
                   "guest_loglvl=all", help="Xen's command line")
    p.add_argument("--smp", type=int, default=2)
    p.add_argument("--mem", default="1G")
    p.add_argument("--maxmem", default="4G")
    p.add_argument("--virtio-mem", help="size of the virtio-mem backend")
    p.add_argument("--numa", help="SIZE,SIZE...: NUMA nodes with this much "
                   "memory each (adding up to --mem); the CPUs are on node 0")
    p.add_argument("--timeout", type=int, default=300)
    p.add_argument("--allow-warn", action="append", default=[],
                   help="regex of WARNING locations the test expects")
    p.add_argument("--expect-crash", action="store_true")
    p.add_argument("--crash-match", action="append", default=[],
                   help="with --expect-crash: regex the console must show")
    p.add_argument("--plugin", help="FILE.so[,ARG=VALUE...]: a QEMU TCG "
                   "plugin (make bench)")
    p.add_argument("--plugin-log", help="where the plugin writes")
    p.add_argument("--log", required=True)
    p.add_argument("--json")
    a = p.parse_args()
    if a.plugin and not a.plugin_log:
        p.error("--plugin needs --plugin-log")
    if a.xen and a.arch != "x86_64":
        p.error("--xen needs --arch x86_64")
    if not a.qemu:
        a.qemu = ("qemu-system-x86_64" if a.arch == "x86_64"
                  else "qemu-system-aarch64")

    # SIGTERM (make, CI) unwinds like SIGINT, through the finally below.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    tmpdir = tempfile.mkdtemp(prefix="wb-qemu-")
    procs = []
    try:
        return run(a, tmpdir, procs)
    finally:
        # Whatever ended the run (an exception, SIGINT), QEMU goes and
        # so does its socket directory.
        for proc in procs:
            stop(proc)
        shutil.rmtree(tmpdir, ignore_errors=True)


def stop(proc):
    if proc.poll() is not None:
        return
    for sig, wait in ((signal.SIGTERM, 10), (signal.SIGKILL, None)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            pass
        try:
            proc.wait(wait)
            return
        except subprocess.TimeoutExpired:
            pass


def run(a, tmpdir, procs):
    qmp_path = os.path.join(tmpdir, "qmp.sock")
    cmd = qemu_cmd(a, qmp_path)
    start = time.time()
    log = open(a.log, "w")
    log.write("# " + " ".join(cmd) + "\n")
    # A session of its own: stop() ends QEMU with whatever runs it.
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            start_new_session=True)
    procs.append(proc)
    qmp = Qmp(qmp_path)
    problems, results, done_rc, crashed = [], [], None, False
    metrics = {}
    allow = [re.compile(x) for x in a.allow_warn]
    buf = b""
    deadline = start + a.timeout
    timed_out = False
    nwarn = 0
    while nwarn < MAX_WARNINGS:
        left = deadline - time.time()
        if left <= 0:
            timed_out = True
            break
        r, _, _ = select.select([proc.stdout], [], [], min(left, 1.0))
        if not r:
            if proc.poll() is not None:
                break
            continue
        chunk = os.read(proc.stdout.fileno(), 65536)
        if not chunk:
            break
        buf += chunk
        *lines, buf = buf.split(b"\n")
        for raw in lines:
            line = raw.decode("utf-8", "replace").rstrip("\r")
            log.write(line + "\n")
            log.flush()
            # Strip the printk timestamp for matching.
            text = re.sub(r"^\[\s*\d+\.\d+\]\s*", "", line)
            if text.startswith("(XEN)"):
                if XEN_CRASH.search(text):
                    crashed = True
                    problems.append(text.strip())
            elif CRASH.search(text):
                crashed = True
                problems.append(text.strip())
            elif REPORT.search(text):
                problems.append(text.strip())
            else:
                m = WARNING.search(text)
                if m and not any(x.search(text) for x in allow):
                    nwarn += 1
                    if nwarn <= 3:
                        problems.append(text.strip())
                    elif nwarn == MAX_WARNINGS:
                        problems.append(f"{nwarn} warnings: guest stopped")
            m = re.search(r"WB-RESULT (\S+) (\S+) ?(.*)", text)
            if m:
                results.append({"name": m.group(1), "result": m.group(2),
                                "detail": m.group(3)})
            m = re.search(r"WB-QMP (.*)", text)
            if m:
                # The request shares the console with the kernel, whose
                # messages can follow it on the line or cut into it. The
                # first JSON value is the request; one that cannot be
                # read is logged and left to the guest, which asks again.
                try:
                    req, _ = json.JSONDecoder().raw_decode(m.group(1))
                except ValueError:
                    req = None
                    log.write(f"# qmp: unreadable request: {m.group(1)}\n")
                try:
                    if req is not None:
                        if not qmp.sock:
                            qmp.connect()
                        reply = qmp.call(req)
                        log.write(f"# qmp {json.dumps(req)} -> {json.dumps(reply)}\n")
                except Exception as e:               # noqa: BLE001
                    problems.append(f"QMP command failed: {e}")
            m = re.search(r"WB-METRIC (\S+) (-?\d+)", text)
            if m:
                metrics[m.group(1)] = int(m.group(2))
            m = re.search(r"WB-DONE rc=(\d+)", text)
            if m:
                done_rc = int(m.group(1))
    stop(proc)
    secs = time.time() - start
    if timed_out:
        problems.append(f"timeout after {a.timeout}s")

    if a.expect_crash:
        with open(a.log, errors="replace") as f:
            console = f.read()
        missing = [x for x in a.crash_match if not re.search(x, console)]
        ok = crashed and not missing
        if not crashed:
            outcome = "no crash (a crash was expected)"
        elif missing:
            outcome = f"crashed, but not where expected ({missing[0]})"
        else:
            outcome = "crashed (expected)"
    else:
        failed = [r for r in results if r["result"] not in ("pass", "skip", "xfail")]
        ok = (not problems and done_rc == 0 and not failed and results != [])
        if crashed:
            outcome = "crashed"
        elif timed_out:
            outcome = "timeout"
        elif done_rc is None:
            outcome = "guest did not report completion"
        elif not results:
            outcome = "guest reported no results"
        elif problems:
            outcome = "kernel reported problems"
        elif failed or done_rc != 0:
            outcome = "test failed"
        else:
            outcome = "ok"
    summary = {"arch": a.arch, "test": a.test, "kernel": a.kernel,
               "ok": ok, "outcome": outcome,
               "crashed": crashed, "problems": problems[:20],
               "results": results, "metrics": metrics,
               "done_rc": done_rc,
               "seconds": round(secs, 1), "log": a.log}
    log.write(f"# outcome: {outcome} ({secs:.1f}s)\n")
    log.close()
    if a.json:
        with open(a.json, "w") as f:
            json.dump(summary, f, indent=1)
    for r in results:
        print(f"  {r['name']:<40} {r['result']:<6} {r['detail']}")
    sys.stdout.flush()
    if not ok:
        # The reason last, where the end of a log shows it.
        print(f"  console tail ({a.log}):", file=sys.stderr)
        with open(a.log) as f:
            for line in f.readlines()[-25:]:
                print("    " + line.rstrip(), file=sys.stderr)
        print(f"  run failed: {outcome}", file=sys.stderr)
        for pr in problems[:10]:
            print(f"    {pr}", file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
