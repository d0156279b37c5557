#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# check.sh [--tipc ours|stock|both] [--kernel debian|debug|custom]
#
# The whole test suite: host lint, then the selftests in VMs. Without
# --kernel: Debian's kernel with our module and with the stock one, the
# debug kernel with ours (beside those, in the background), then two
# VMs, one with each module. Ends with the total "N passed, N failed".
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

# lane_result WORD LOG: the lane's "WORD: N passed, N failed..." lines
# (the last one of each VM), or a failure if it printed none.
lane_result() {
	local word=$1 line

	line=$(grep -E "^$word: [0-9]+ passed, [0-9]+ failed" "$2" |
	       awk -F: '{ last[$1] = $0 } END { for (w in last) print last[w] }' |
	       sort)
	echo "${line:-${word%%[[]*}: 0 passed, 1 failed (no result)}"
}

# run_lane WORD TITLE CMD...: run one lane in the foreground.
run_lane() {
	local word=$1 title=$2 t0 log=$BUILD/lane.log

	shift 2
	t0=$(date +%s)
	echo "======== $title"
	"$@" 2>&1 | tee "$log"
	lane_result "$word" "$log" >> "$summary"
	times="${times:+$times, }$word $(($(date +%s) - t0)) s"
}

# start_lane WORD TITLE CMD...: run one lane in the background, beside
# the others (each VM is one QEMU process); finish_lanes prints what
# each said once they are all over, in the order they started.
bg_pids=() bg_words=() bg_titles=() bg_t0s=()
start_lane() {
	local n=${#bg_pids[@]}

	bg_words[n]=$1 bg_titles[n]=$2 bg_t0s[n]=$(date +%s)
	shift 2
	echo "======== ${bg_titles[n]}: started, runs beside the next lanes"
	rm -f "$BUILD/lane-bg$n.end"
	{ "$@"; date +%s > "$BUILD/lane-bg$n.end"; } > "$BUILD/lane-bg$n.log" 2>&1 &
	bg_pids[n]=$!
}

finish_lanes() {
	local n end

	for n in "${!bg_pids[@]}"; do
		wait "${bg_pids[n]}"
		echo "======== ${bg_titles[n]}"
		cat "$BUILD/lane-bg$n.log"
		lane_result "${bg_words[n]}" "$BUILD/lane-bg$n.log" >> "$summary"
		end=$(cat "$BUILD/lane-bg$n.end" 2> /dev/null || date +%s)
		times="${times:+$times, }${bg_words[n]} $((end - bg_t0s[n])) s"
	done
}

# What the lanes share is built once, before any of them runs. (The
# debug kernel is built by its lane, beside the others: it copies
# net/tipc's sources, which no lane changes; the module build's output
# is left behind.)
prebuild() {
	case $lanes in
	*debian:ours*) "$VM_DIR/build-module.sh" > /dev/null ;;
	esac
	case $lanes in
	*debian:*) "$VM_DIR/fetch-debian.sh" > /dev/null ;;
	esac
}

# debug_vm RUN_ARGS...: boot the debug kernel with our TIPC. The
# first of its lanes to get here builds the kernel (in the background
# lane, the build overlaps with the Debian lanes); another waits for it.
debug_vm() {
	local image=$BUILD/debug-bzimage

	flock "$image.lock" sh -c 'if [ ! -s "$1" ]; then
		"$2/build-kernel.sh" debug > "$1.new" && mv "$1.new" "$1"; fi' \
		sh "$image" "$VM_DIR" || die "building the debug kernel failed"
	VM_BZIMAGE=$(cat "$image") \
		"$VM_DIR/run.sh" --kernel debug --tipc ours "$@"
}

times=""
# What every lane needs, ready before the first starts: the host
# packages and the kernel source (lint's to fetch, but the debug lane
# starts before it) and the selftest helpers (built here once, so that
# two lanes never build them at once).
install_host_packages
ensure_linux_source
make -s -C "$TEST_DIR" > /dev/null || die "building selftest helpers failed"
# The debug kernel's lane is the longest: unless it is the only lane,
# it starts first, in the background, and runs beside the others, lint
# included (single-threaded, it left a core idle for two minutes). No
# more VMs run at once: under more load (two debug VMs beside the
# Debian lanes were tried) the debug kernel's failover and stream tests
# miss their timing.
bg_lane=""
case $lanes in
" debug:ours") ;;
*" debug:ours"*)
	bg_lane=debug:ours
	rm -f "$BUILD/debug-bzimage"
	start_lane debug "debug kernel, ours TIPC" debug_vm ;;
esac
run_lane lint "lint" "$VM_DIR/lint.sh"
prebuild || die "building failed"
for lane in $lanes; do
	[ "$lane" = "$bg_lane" ] && continue
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
finish_lanes

echo "======== summary ($times; total $(($(date +%s) - start)) s)"
cat "$summary"
awk '{ for (i = 2; i <= NF; i++) {
		if ($(i + 1) ~ /^passed/) p += $i
		if ($(i + 1) ~ /^failed/) f += $i
		if ($(i + 1) ~ /^skipped/) s += $i } }
     END { printf "%d passed, %d failed", p, f
	   if (s) printf ", %d skipped", s
	   printf "\n"; exit f > 0 }' "$summary"
