#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# selftest.sh [--tipc stock|ours]: test the harness itself. Boots
# Debian's kernel with the smoke scripts in vm/smoke/ (one passing tipc
# tool check, a skip, a failing case, a script dying without a failing
# case, a script that hangs past its timeout, a WARNING in the kernel
# log) and checks that the report counts exactly those passes, failures
# and skips (KTAP).
set -u
. "$(dirname "$0")/lib.sh"

tipc=stock
[ "${1:-}" = --tipc ] && tipc=$2
n=0 failed=0

check() {
	n=$((n + 1))
	if grep -qxF -- "$2" "$log"; then
		echo "ok $n harness: $1"
	else
		echo "not ok $n harness: $1"
		echo "# expected the line: $2"
		failed=$((failed + 1))
	fi
}

log=$(mktemp)
trap 'rm -f "$log"' EXIT
s=$VM_DIR/smoke
"$VM_DIR/run.sh" --kernel debian --tipc "$tipc" --timeout 10 --only \
	"$s/smoke_tipc.sh $s/smoke_fail.sh $s/smoke_exit.sh $s/smoke_hang.sh
	 $s/smoke_warn.sh" > "$log" 2>&1
rc=$?
sed 's/^/# /' "$log"
echo "TAP version 13"
echo "1..7"
check "tipc tool works in the VM" "ok 2 smoke: tipc node get identity says 1111"
check "a failing case counts" "# FAILED: smoke_fail.sh: smoke: expected failure"
check "a non-zero exit counts" "# FAILED: smoke_exit.sh: exit code 3"
check "a timeout counts" "# FAILED: smoke_hang.sh: timed out"
check "a WARNING in the kernel log counts" "# FAILED: kernel log clean"
check "the totals" "$tipc: 4 passed, 4 failed, 1 skipped"
n=$((n + 1))
if [ $rc != 0 ]; then
	echo "ok $n harness: run.sh exits non-zero"
else
	echo "not ok $n harness: run.sh exits non-zero"
	failed=$((failed + 1))
fi
echo "harness: $((n - failed)) passed, $failed failed"
[ $failed = 0 ]
