#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# check.sh [--tipc ours|stock|both] [--kernel debian|debug|custom]
#
# The whole test suite: host lint, then the selftests in VMs. Without
# --kernel: Debian's kernel with our module and with the stock one, then
# the debug kernel with ours, then two VMs, one with each module. Ends with the total "N passed, N failed".
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

# run_lane WORD TITLE CMD...: run one lane; its "WORD: N passed, N
# failed..." line goes to the summary, or a failure if it printed none.
run_lane() {
	local word=$1 title=$2 t0 line

	shift 2
	t0=$(date +%s)
	echo "======== $title"
	"$@" 2>&1 | tee "$BUILD/lane.log"
	# one result line per VM: the last of each word matching $word
	line=$(grep -E "^$word: [0-9]+ passed, [0-9]+ failed" \
		"$BUILD/lane.log" | awk -F: '{ last[$1] = $0 }
			END { for (w in last) print last[w] }' | sort)
	[ -n "$line" ] || line="${word%%[[]*}: 0 passed, 1 failed (no result)"
	echo "$line" >> "$summary"
	times="${times:+$times, }$word $(($(date +%s) - t0)) s"
}

times=""
run_lane lint "lint" "$VM_DIR/lint.sh"
for lane in $lanes; do
	word=${lane#*:}
	[ "${lane%:*}" = debian ] || word=${lane%:*}
	run_lane "$word" "${lane%:*} kernel, ${lane#*:} TIPC" \
		"$VM_DIR/run.sh" --kernel "${lane%:*}" --tipc "${lane#*:}"
done
# Wire interop: our node and a stock node in two VMs (Debian's kernel)
if [ "$tipc" = both ] && [ "${kernel:-debian}" = debian ]; then
	run_lane "pair[12]" "two VMs, ours and stock" \
		"$VM_DIR/run.sh" --kernel debian --pair --tipc ours \
		--tipc2 stock --only "$VM_DIR/pair/pair_discovery.sh"
	# A boot of its own: pair_discovery.sh keeps node 1 up until node
	# 2's VM is gone, and leaves the bearer enabled
	run_lane "pair[12]" "two VMs, ours and stock: link" \
		"$VM_DIR/run.sh" --kernel debian --pair --tipc ours \
		--tipc2 stock --only "$VM_DIR/pair/pair_link.sh"
	run_lane "pair[12]" "two VMs, ours and stock: link over UDP" \
		"$VM_DIR/run.sh" --kernel debian --pair --tipc ours \
		--tipc2 stock --only "$VM_DIR/pair/pair_udp.sh"
	# Two links between the VMs (eth0, eth1), one failing under traffic
	run_lane "pair[12]" "two VMs, ours and stock: failover on two links" \
		"$VM_DIR/run.sh" --kernel debian --pair --tipc ours \
		--tipc2 stock --only "$VM_DIR/pair/pair_failover.sh"
fi

echo "======== summary ($times; total $(($(date +%s) - start)) s)"
cat "$summary"
awk '{ for (i = 2; i <= NF; i++) {
		if ($(i + 1) ~ /^passed/) p += $i
		if ($(i + 1) ~ /^failed/) f += $i
		if ($(i + 1) ~ /^skipped/) s += $i } }
     END { printf "%d passed, %d failed", p, f
	   if (s) printf ", %d skipped", s
	   printf "\n"; exit f > 0 }' "$summary"
