#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Harness smoke test: one failing case (KTAP "not ok"), and a script that
# then exits non-zero. Must count as exactly one failure.

echo "TAP version 13"
echo "1..1"
echo "# this case fails on purpose"
echo "not ok 1 smoke: expected failure"
exit 1
