#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Harness smoke test: a script that hangs (run with a 10 s timeout by
# vm/selftest.sh). Must count as one failure.

echo "TAP version 13"
echo "1..1"
echo "# hanging on purpose"
# Opening a FIFO with no writer blocks for good
mkfifo /tmp/smoke_hang.fifo
read -r line < /tmp/smoke_hang.fifo
echo "ok 1 smoke: the hang ended on its own"
