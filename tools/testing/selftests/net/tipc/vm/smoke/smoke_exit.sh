#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Harness smoke test: a script that reports one of its two planned cases,
# passing, then exits non-zero without a failing case: that must count
# as one failure.

echo "TAP version 13"
echo "1..2"
echo "ok 1 smoke: passes, then the script dies"
exit 3
