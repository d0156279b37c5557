#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# bench.sh: TIPC in one VM, node-local and across the crossover between
# two namespaces (rows xo_*), our module against Debian's stock
# tipc.ko, alternating (rmmod and insmod in between) so that both see
# the same machine: in each round every row is measured
# with one module and right after with the other, ours first in every
# other pair. "run.sh --bench" ships the two modules as
# /lib/tipc-modules/bench/{ours,stock}.ko and the knobs in
# /etc/tipc-bench.conf, and runs this as the VM's only script:
#
#   BENCH_ROUNDS=N	rounds (default 5)
#   BENCH_QUICK=1	1 round, short runs: to test the bench itself
#   BENCH_SECS=S	seconds per throughput run (default 3)
#   BENCH_RTT_N=N	ping-pongs per latency run (default 10000)
#   BENCH_ROWS='a b'	only these rows (names as in ROWS below)
#   BENCH_IMPLS='ours'	only these modules (default: ours stock)
#   BENCH_MESH=N	namespaces of the mesh row (default 64)
#
# Output is KTAP, a case per measurement, with
# diagnostic lines that vm/bench_table.py turns into the table:
#   # BENCH-CONF key=value...
#   # BENCH-ROW NAME UNIT higher|lower both|ours DESCRIPTION...
#   # BENCH NAME IMPL ROUND VALUE
#
# A row is a line in ROWS and a function row_NAME that prints a result
# line of tipc_bench (or anything with KEY=VALUE in it) and fails if the
# measurement failed. LANES "ours" marks a row the stock module cannot
# run (it is measured on ours only, and has no ratio).
#
# vm/bench_pair.sh sources this file with BENCH_LIB=1 (nothing runs)
# and sets its own rows and use_impl.
cd /selftests 2> /dev/null || cd "$(dirname "$0")" || exit 1
[ -f /etc/tipc-bench.conf ] && . /etc/tipc-bench.conf

BENCH=./tipc_bench
MODDIR=/lib/tipc-modules/bench
ROUNDS=${BENCH_ROUNDS:-5}
SECS=${BENCH_SECS:-3}
RTT_N=${BENCH_RTT_N:-10000}
RTT_MAX=20		# seconds at most per latency run
IMPLS=${BENCH_IMPLS:-ours stock}
WHAT=local		# what is measured: local or link (bench_table.py)
if [ "${BENCH_QUICK:-0}" != 0 ]; then
	ROUNDS=1 SECS=${BENCH_SECS:-1} RTT_N=${BENCH_RTT_N:-500} RTT_MAX=5
fi

# Throughput: sender on CPU 0, receiver on CPU 1. Round trips: both on
# CPU 0, so that a wakeup is a context switch; across vCPUs it waits on
# the host's scheduling of QEMU's threads (medians of several ms under
# TCG, bimodal), which says nothing about TIPC.
PAIR="-C 0,1"
ONE="-C 0"

# NAME KEY UNIT BETTER LANES DESCRIPTION
ROWS="
rdm_64		MBps	  MB/s	higher	both	RDM 64 B messages
rdm_1k		MBps	  MB/s	higher	both	RDM 1 KiB messages
rdm_16k		MBps	  MB/s	higher	both	RDM 16 KiB messages
rdm_65000	MBps	  MB/s	higher	both	RDM 65000 B messages
stream		MBps	  MB/s	higher	both	STREAM, 64 KiB writes
stream_64	MBps	  MB/s	higher	both	STREAM, 64 B writes
rtt_rdm		median_us us	lower	both	RDM ping-pong 64 B, 1 CPU
rtt_seqpacket	median_us us	lower	both	SEQPACKET ping-pong 64 B, 1 CPU
xo_rdm_64	MBps	  MB/s	higher	both	crossover: RDM 64 B messages
xo_rdm_1k	MBps	  MB/s	higher	both	crossover: RDM 1 KiB messages
xo_rdm_16k	MBps	  MB/s	higher	both	crossover: RDM 16 KiB messages
xo_rdm_65000	MBps	  MB/s	higher	both	crossover: RDM 65000 B messages
xo_stream	MBps	  MB/s	higher	both	crossover: STREAM, 64 KiB writes
xo_rtt_rdm	median_us us	lower	both	crossover: RDM ping-pong 64 B, 1 CPU
xo_off_rdm_1k	MBps	  MB/s	higher	ours	crossover off (link): RDM 1 KiB
tcp_stream	MBps	  MB/s	higher	ours	TCP over the crossover's veth, 64 KiB writes
mesh		secs	  s	lower	both	namespaces on a bridge: full mesh of links
"

row_rdm_64() {
	$BENCH rdm -s 64 -t "$SECS" $PAIR
}

row_rdm_1k() {
	$BENCH rdm -s 1024 -t "$SECS" $PAIR
}

row_rdm_16k() {
	$BENCH rdm -s 16384 -t "$SECS" $PAIR
}

row_rdm_65000() {
	$BENCH rdm -s 65000 -t "$SECS" $PAIR
}

row_stream() {
	$BENCH stream -s 65536 -t "$SECS" $PAIR
}

row_stream_64() {
	$BENCH stream -s 64 -t "$SECS" $PAIR
}

row_rtt_rdm() {
	$BENCH rtt -T rdm -s 64 -n "$RTT_N" -t "$RTT_MAX" $ONE
}

row_rtt_seqpacket() {
	$BENCH rtt -T seqpacket -s 64 -n "$RTT_N" -t "$RTT_MAX" $ONE
}

# The crossover rows: the sender in namespace xo-a, the receiver in
# xo-b (tipc_bench -R), joined by a veth pair with an Ethernet bearer
# at each end. The namespaces are made afresh for each measurement
# (rows run in subshells, which remember nothing; and rmmod takes
# TIPC's state in them away), with our crossover switch as the row asks;
# stock's crossover is always on.
IP=/sbin/ip
TIPC=/sbin/tipc
XO_SYSCTL=/proc/sys/net/tipc/crossover
TCP_A=10.78.0.1	# the veth's addresses, for the TCP row
TCP_B=10.78.0.2

# links_up NS: the links of NS that are up
links_up() {
	$IP netns exec "$1" $TIPC link list |
		grep -v '^broadcast-link' | grep -c ': up$'
}

# xo_ready 0|1: the namespaces, their link up, our crossover switch so
xo_ready() {
	local ns i=150

	$IP netns del xo-a 2> /dev/null
	$IP netns del xo-b 2> /dev/null
	$IP netns add xo-a && $IP netns add xo-b &&
		$IP link add va netns xo-a type veth peer name vb netns xo-b ||
		return 1
	for ns in a b; do
		$IP -n "xo-$ns" link set lo up &&
			$IP -n "xo-$ns" link set "v$ns" up || return 1
		$IP netns exec "xo-$ns" sh -c "[ ! -e $XO_SYSCTL ] ||
			echo $1 > $XO_SYSCTL" || return 1
		$IP netns exec "xo-$ns" $TIPC node set identity "xo$ns" &&
			$IP netns exec "xo-$ns" $TIPC bearer enable media eth \
				device "v$ns" || return 1
	done
	$IP -n xo-a addr add $TCP_A/24 dev va &&
		$IP -n xo-b addr add $TCP_B/24 dev vb || return 1
	while [ "$(links_up xo-a)" = 0 ]; do
		i=$((i - 1))
		[ $i -gt 0 ] || { echo "# no link between xo-a and xo-b"; return 1; }
		sleep 0.2
	done
}

# xo 0|1 ARGS...: tipc_bench ARGS from xo-a to a receiver in xo-b
xo() {
	local on=$1

	shift
	xo_ready "$on" || return 1
	$IP netns exec xo-a $BENCH "$@" -R xo-b
}

row_xo_rdm_64() {
	xo 1 rdm -s 64 -t "$SECS" $PAIR
}

row_xo_rdm_1k() {
	xo 1 rdm -s 1024 -t "$SECS" $PAIR
}

row_xo_rdm_16k() {
	xo 1 rdm -s 16384 -t "$SECS" $PAIR
}

row_xo_rdm_65000() {
	xo 1 rdm -s 65000 -t "$SECS" $PAIR
}

row_xo_stream() {
	xo 1 stream -s 65536 -t "$SECS" $PAIR
}

row_xo_rtt_rdm() {
	xo 1 rtt -T rdm -s 64 -n "$RTT_N" -t "$RTT_MAX" $ONE
}

row_xo_off_rdm_1k() {
	xo 0 rdm -s 1024 -t "$SECS" $PAIR
}

# TCP between the same two namespaces, over the same veth pair
row_tcp_stream() {
	xo 1 stream -s 65536 -t "$SECS" $PAIR -I $TCP_B
}

# The mesh row: BENCH_MESH namespaces mesh-1... on a bridge in mesh-br,
# made once (the module does not matter to them; rows run in subshells,
# so the namespaces themselves tell whether they are there). Each
# measurement reloads the module, so that TIPC starts afresh in all of
# them, sets identities, and times from the first Ethernet bearer
# enabled until every namespace has a link up to every other one; then
# reloads it again, so that the mesh's links do not run beside the next
# rows.
MESH=${BENCH_MESH:-64}

mesh_make() {
	local i

	$IP netns list | awk -v n="mesh-$MESH" '$1 == n { f = 1 }
		END { exit !f }' && return 0
	$IP netns add mesh-br && $IP -n mesh-br link add br0 type bridge &&
		$IP -n mesh-br link set br0 up || return 1
	for i in $(seq "$MESH"); do
		$IP netns add "mesh-$i" &&
			$IP -n "mesh-$i" link set lo up &&
			$IP link add v netns "mesh-$i" type veth \
				peer name "p$i" netns mesh-br &&
			$IP -n mesh-br link set "p$i" master br0 up &&
			$IP -n "mesh-$i" link set v up || return 1
	done
}

# mesh_wait NS: wait (at most until uptime $END) for NS's full mesh
mesh_wait() {
	while [ "$(links_up "$1")" -lt $((MESH - 1)) ]; do
		[ "$(cut -d. -f1 /proc/uptime)" -lt "$END" ] ||
			{ echo "# $1: $(links_up "$1") links up"; return 1; }
		sleep 0.1
	done
}

row_mesh() {
	local i impl=$LOADED t0 rc=0

	mesh_make && load_impl "$impl" || return 1
	for i in $(seq "$MESH"); do
		$IP netns exec "mesh-$i" $TIPC node set identity "mesh$i" ||
			return 1
	done
	t0=$(uptime_s)
	END=$(($(cut -d. -f1 /proc/uptime) + 600))
	for i in $(seq "$MESH"); do
		$IP netns exec "mesh-$i" $TIPC bearer enable media eth \
			device v || return 1
	done
	for i in $(seq "$MESH"); do
		mesh_wait "mesh-$i" || { rc=1; break; }
	done
	[ $rc = 0 ] && echo "mesh namespaces=$MESH secs=$(since "$t0")"
	load_impl "$impl" || return 1
	return $rc
}

N=0
FAILED=0

result() {
	N=$((N + 1))
	if [ "$1" = 0 ]; then
		echo "ok $N $2"
	else
		echo "not ok $N $2"
		FAILED=$((FAILED + 1))
	fi
}

# The rows to run: every line of ROWS, or those BENCH_ROWS names
rows() {
	echo "$ROWS" | while read -r name rest; do
		[ -n "$name" ] || continue
		if [ -n "${BENCH_ROWS:-}" ]; then
			case " $BENCH_ROWS " in
			*" $name "*) ;;
			*) continue ;;
			esac
		fi
		echo "$name $rest"
	done
}

# load_impl IMPL: make IMPL's module the loaded TIPC (rmmod, insmod)
load_impl() {
	local tries=50 taint t0

	t0=$(uptime_s)
	# stock's sock_diag module holds the module
	grep -q '^tipc_diag ' /proc/modules && rmmod tipc_diag
	while grep -q '^tipc ' /proc/modules; do
		rmmod tipc 2> /dev/null && break
		tries=$((tries - 1))
		[ $tries -gt 0 ] || { echo "# rmmod tipc keeps failing"; return 1; }
		sleep 0.2
	done
	insmod "$MODDIR/$1.ko" || return 1
	# ours is out of tree: the kernel marks it O(ut-of-tree)
	taint=$(cat /sys/module/tipc/taint)
	case $1:$taint in
	ours:*O* | stock:) ;;
	*) echo "# loaded $1, but the module's taint is '$taint'"; return 1 ;;
	esac
	# a first use, not measured
	$BENCH rtt -T rdm -s 64 -n 10 > /dev/null || return 1
	echo "# switched to $1 in $(since "$t0") s;" \
	     "tipc_rmem $(cat /proc/sys/net/tipc/tipc_rmem 2> /dev/null || echo -)" | tr "\t" " "
}

# use_impl IMPL: load_impl unless IMPL is loaded already
LOADED=""
use_impl() {
	[ "$LOADED" = "$1" ] && return 0
	LOADED=""
	load_impl "$1" || return 1
	LOADED=$1
}

uptime_s() {
	cut -d' ' -f1 /proc/uptime
}

# since T0: seconds since uptime T0
since() {
	echo "$(uptime_s) $1" | awk '{ printf "%.1f", $1 - $2 }'
}

# measure IMPL ROUND NAME KEY UNIT
measure() {
	local out rc value t0

	if ! use_impl "$1"; then
		result 1 "$1 round $2: $3 (cannot load the $1 module)"
		return
	fi
	t0=$(uptime_s)
	out=$("row_$3" 2>&1)
	rc=$?
	echo "$out" | sed 's/^/# /'
	value=$(echo "$out" | sed -n "s/.* $4=\([0-9.]*\).*/\1/p" | head -n 1)
	[ -n "$value" ] || rc=1
	[ $rc = 0 ] && echo "# BENCH $3 $1 $2 $value"
	echo "# took $(since "$t0") s"
	result $rc "$1 round $2: $3 ${value:-?} $5"
}

# impls_of LANES: the modules measuring a row, in this pair's order
ORDER=0
impls_of() {
	local impl list=""

	for impl in $IMPLS; do
		[ "$1" = ours ] && [ "$impl" != ours ] && continue
		if [ $((ORDER % 2)) = 0 ]; then
			list="$list $impl"
		else
			list="$impl $list"
		fi
	done
	echo $list
}

count_cases() {
	local n=0 name key unit better lanes rest

	while read -r name key unit better lanes rest; do
		[ -n "$name" ] && n=$((n + $(impls_of "$lanes" | wc -w)))
	done <<EOF
$(rows)
EOF
	echo $((n * ROUNDS))
}

# Each round measures every row with each module, one right after the
# other, so that the pair shares the host's load of the moment; the
# order within pairs alternates (ours first, then stock first, ...),
# which also saves every other module switch.
main() {
	local round impl name key unit better lanes rest

	echo "TAP version 13"
	if [ ! -x "$BENCH" ] || [ ! -f "$MODDIR/ours.ko" ] ||
	   [ ! -f "$MODDIR/stock.ko" ]; then
		echo "1..0 # SKIP needs $BENCH and $MODDIR/{ours,stock}.ko"
		exit 4
	fi
	echo "1..$(count_cases)"
	echo "# BENCH-CONF what=$WHAT kernel=$(uname -r) rounds=$ROUNDS secs=$SECS" \
	     "rtt_n=$RTT_N impls=$(echo $IMPLS | tr ' ' ,)" \
	     "cpus=$(grep -c ^processor /proc/cpuinfo)" \
	     "clock=${BENCH_CLOCK:-unknown}"
	rows | while read -r name key unit better lanes rest; do
		echo "# BENCH-ROW $name $unit $better $lanes $rest"
	done
	round=1
	while [ $round -le "$ROUNDS" ]; do
		while read -r name key unit better lanes rest; do
			for impl in $(impls_of "$lanes"); do
				measure "$impl" "$round" "$name" "$key" \
					"$unit" < /dev/null
			done
			ORDER=$((ORDER + 1))
		done <<EOF
$(rows)
EOF
		round=$((round + 1))
	done
	echo "# Totals: pass:$((N - FAILED)) fail:$FAILED skip:0"
	[ $FAILED = 0 ]
}

[ "${BENCH_LIB:-0}" = 1 ] || main
