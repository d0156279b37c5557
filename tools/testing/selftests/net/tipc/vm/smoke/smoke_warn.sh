#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Harness smoke test: the script passes, but a kernel WARNING shows up in
# the log (written to /dev/kmsg here; the kernel log check only reads
# the log), so the kernel log case must fail.

echo "TAP version 13"
echo "1..1"
echo "<4>WARNING: CPU: 0 PID: $$ at smoke_warn.sh:1 harness smoke test" > /dev/kmsg
echo "ok 1 smoke: wrote a WARNING to the kernel log"
