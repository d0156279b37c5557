#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# check.sh [--tipc ours|stock|both] [--kernel debian|debug|custom]
#
# The whole test suite: host lint, then the selftests in VMs. Without
# --kernel: Debian's kernel with our module and with the stock one, then
# the debug kernel with ours. Ends with the total "N passed, N failed".
set -u
. "$(dirname "$0")/lib.sh"

tipc=both kernel=""
while [ $# -gt 0 ]; do
	case $1 in
	--tipc) tipc=$2; shift ;;
	--kernel) kernel=$2; shift ;;
	*) die "unknown option $1" ;;
	esac
	shift
done
case $tipc in
ours | stock | both) ;;
*) die "TIPC must be ours, stock or both" ;;
esac

lanes=""
for impl in ours stock; do
	[ "$tipc" = both ] || [ "$tipc" = "$impl" ] || continue
	case ${kernel:-debian} in
	debian) lanes="$lanes debian:$impl" ;;
	*) [ "$impl" = ours ] && lanes="$lanes $kernel:ours" ;;
	esac
done
[ -z "$kernel" ] && [ "$tipc" != stock ] && lanes="$lanes debug:ours"
[ -n "$lanes" ] || die "nothing to run: the $kernel kernel has only our TIPC"

mkdir -p "$BUILD"
summary=$BUILD/check-summary
: > "$summary"
start=$(date +%s)

run_lane() {
	local name=$1 t0=$(date +%s)

	shift
	echo "======== $name"
	"$@" 2>&1 | tee "$BUILD/lane.log"
	grep -E '^[a-z]+: [0-9]+ passed, [0-9]+ failed' "$BUILD/lane.log" |
		tail -n 1 | sed "s/\$/ ($(($(date +%s) - t0)) s)/" >> "$summary"
	grep -qE '^[a-z]+: [0-9]+ passed' "$BUILD/lane.log" ||
		echo "$name: 0 passed, 1 failed (no result)" >> "$summary"
}

run_lane lint "$VM_DIR/lint.sh"
for lane in $lanes; do
	run_lane "${lane%:*} kernel, ${lane#*:} TIPC" "$VM_DIR/run.sh" \
		--kernel "${lane%:*}" --tipc "${lane#*:}"
done

echo "======== summary ($(($(date +%s) - start)) s)"
cat "$summary"
awk '{ for (i = 2; i <= NF; i++) {
		if ($(i + 1) ~ /^passed/) p += $i
		if ($(i + 1) ~ /^failed/) f += $i
		if ($(i + 1) ~ /^skipped/) s += $i } }
     END { printf "%d passed, %d failed", p, f
	   if (s) printf ", %d skipped", s
	   printf "\n"; exit f > 0 }' "$summary"
