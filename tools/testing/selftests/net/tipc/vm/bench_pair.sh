#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# bench_pair.sh: TIPC over a link between the two VMs of
# "run.sh --bench --pair", our module on both nodes against Debian's
# stock tipc.ko on both, in the same run. Node 2 serves: "tipc_bench -L"
# runs the receiving ends. Node 1 leads: it runs vm/bench.sh's rounds
# (sourced), each measurement a "tipc_bench -P" against node 2, and its
# result line carries the "# BENCH..." lines for vm/bench_table.py.
#
# The two swap modules in lockstep over a control channel on eth0's IP
# addresses (busybox nc; TIPC is what is being reloaded): node 1 asks
# node 2 "up IMPL", node 2 disables its bearer, kills its server,
# rmmods TIPC, loads IMPL, takes identity node2, enables an Ethernet
# bearer on eth0 and starts a new server; node 1 does the same as node1
# and waits for the link node1:eth0-node2:eth0 to come up. A module
# stays loaded on both for the rows measured in a row with it; a failed
# measurement makes the next one set up afresh.
#
# Knobs as in bench.sh (BENCH_ROUNDS, BENCH_ROWS, BENCH_IMPLS, BENCH_SECS,
# BENCH_QUICK), but BENCH_RTT_N is 2000 by default (at most 10 s a run):
# a round trip over the link takes about a millisecond under TCG.
cd /selftests 2> /dev/null || cd "$(dirname "$0")" || exit 1
BENCH_LIB=1
. ./bench.sh

TIPC=/sbin/tipc
PORT=7707
NODE=${TIPC_VM_NODE:-}
PEER=${TIPC_VM_PEER:-}
LINK=node1:eth0-node2:eth0
STATE=/tmp/bench-pair	# node 2: the server's pid and log, the handler's log
RTT_N=${BENCH_RTT_N:-2000}
RTT_MAX=10
if [ "${BENCH_QUICK:-0}" != 0 ]; then
	RTT_N=${BENCH_RTT_N:-300} RTT_MAX=5
fi
WHAT="link"

# NAME KEY UNIT BETTER LANES DESCRIPTION
ROWS="
rdm_64		MBps	  MB/s	higher	both	RDM 64 B messages
rdm_1k		MBps	  MB/s	higher	both	RDM 1 KiB messages
rdm_16k		MBps	  MB/s	higher	both	RDM 16 KiB messages
rdm_65000	MBps	  MB/s	higher	both	RDM 65000 B messages
stream		MBps	  MB/s	higher	both	STREAM, 64 KiB writes
rtt_rdm		median_us us	lower	both	RDM ping-pong 64 B
rtt_seqpacket	median_us us	lower	both	SEQPACKET ping-pong 64 B
"

# peer ARGS...: tipc_bench -P, sending to node 2's server, then the
# link's statistics of that run (in the log, not in the table). A
# failure shows node 2's server log, and sets up afresh next time.
peer() {
	local rc=0

	$TIPC link statistics reset link "$LINK" > /dev/null 2>&1
	ask stat > /dev/null
	$BENCH "$@" -P -C 0 || rc=1
	ask stat | grep '^# node 2: cpu'
	$TIPC link statistics show link "$LINK" 2>&1 | sed 's/^/  /'
	[ $rc = 0 ] && return 0
	ask log
	LOADED=""
	return 1
}

row_rdm_64() {
	peer rdm -s 64 -t "$SECS"
}

row_rdm_1k() {
	peer rdm -s 1024 -t "$SECS"
}

row_rdm_16k() {
	peer rdm -s 16384 -t "$SECS"
}

row_rdm_65000() {
	peer rdm -s 65000 -t "$SECS"
}

row_stream() {
	peer stream -s 65536 -t "$SECS"
}

row_rtt_rdm() {
	peer rtt -T rdm -s 64 -n "$RTT_N" -t "$RTT_MAX"
}

row_rtt_seqpacket() {
	peer rtt -T seqpacket -s 64 -n "$RTT_N" -t "$RTT_MAX"
}

# ask CMD ARG: node 2 runs CMD (see serve_one); its output shown, 0 if
# its last line starts with "ok"
ask() {
	local out

	out=$(echo "$*" | timeout 120 nc -w 5 "$PEER" $PORT 2>&1)
	[ -n "$out" ] && echo "$out" | sed 's/^/# node 2: /'
	case $(echo "$out" | tail -n 1) in
	ok*) return 0 ;;
	esac
	return 1
}

link_up() {
	$TIPC link list 2> /dev/null | grep -qx "$LINK: up"
}

# wait_for SECS CMD...: until CMD succeeds, every 0.2 s
wait_for() {
	local n=$(($1 * 5))

	shift
	while ! "$@"; do
		n=$((n - 1))
		[ $n -gt 0 ] || return 1
		sleep 0.2
	done
}

# bearer_up: this node's identity and Ethernet bearer on eth0
bearer_up() {
	$TIPC node set identity "node$NODE" &&
		$TIPC bearer enable media eth device eth0
}

bearer_down() {
	grep -q '^tipc ' /proc/modules || return 0
	$TIPC bearer disable media eth device eth0 2> /dev/null
	return 0
}

# use_impl IMPL (node 1): IMPL on both nodes, the link up
use_impl() {
	local t0

	[ "$LOADED" = "$1" ] && return 0
	LOADED=""
	t0=$(uptime_s)
	bearer_down
	ask up "$1" || { echo "# node 2 cannot switch to $1"; return 1; }
	load_impl "$1" && bearer_up || return 1
	if ! wait_for 30 link_up; then
		echo "# no link $LINK within 30 s:" \
			"$($TIPC link list 2>&1 | tr '\n' ' ')"
		return 1
	fi
	echo "# $1 on both nodes, link up, in $(since "$t0") s"
	LOADED=$1
}

# cpu_split (node 2): where its CPU went since the last call, in
# jiffies from /proc/stat: the receiving task (user, system), the
# softirqs that carry the link, idle
cpu_split() {
	local now prev

	now=$(awk '$1 == "cpu" { print $2 + $3, $4, $7 + $8, $5 + $6 }' \
		/proc/stat)
	prev=$(cat $STATE/cpu 2> /dev/null)
	echo "$now" > $STATE/cpu
	[ -n "$prev" ] || return 0
	echo "$prev $now" | awk '{ printf "cpu user %d sys %d irq %d idle %d\n",
		$5 - $1, $6 - $2, $7 - $3, $8 - $4 }'
}

# Node 2, one request from node 1 on stdin (run by nc -e): "hello",
# "up IMPL", "stat", "log" or "quit"; the answer on stdout, "ok" last
# if done.
serve_one() {
	local cmd arg pid

	read -r cmd arg
	echo "$(uptime_s) $cmd $arg" >> $STATE/requests
	case $cmd in
	hello)
		echo "ok node $NODE, $(uname -r)" ;;
	up)
		bearer_down
		# the server and its receiver: a process group (setsid)
		pid=$(cat $STATE/server.pid 2> /dev/null)
		if [ -n "$pid" ]; then
			kill -- "-$pid" 2> /dev/null
			wait_for 10 sh -c "! kill -0 -- -$pid 2> /dev/null" ||
				echo "server $pid does not end"
		fi
		rm -f $STATE/server.pid
		if ! load_impl "$arg" || ! bearer_up; then
			echo "fail: $arg"
			return
		fi
		echo "== $arg" >> $STATE/server.log
		setsid "$BENCH" -L -C 0 < /dev/null >> $STATE/server.log 2>&1 &
		echo $! > $STATE/server.pid
		if wait_for 10 grep -q "^serving" $STATE/server.log; then
			echo "ok $arg: bearer up, serving"
		else
			echo "fail: no server"
		fi ;;
	log)
		tail -n 5 $STATE/server.log
		echo "ok" ;;
	stat)
		cpu_split
		echo "ok" ;;
	quit)
		touch $STATE/quit
		echo "ok" ;;
	*)
		echo "fail: unknown request $cmd" ;;
	esac
}

# Node 2: serve until node 1 says quit, or is gone (no ping answer
# in 3 tries 10 s apart)
serve_main() {
	local nc_pid i=0 lost=0 rc=0

	echo "TAP version 13"
	echo "1..1"
	mkdir -p $STATE
	: > $STATE/requests
	: > $STATE/server.log
	nc -ll -p $PORT -e "$PWD/bench_pair.sh" --serve-one \
		< /dev/null > $STATE/nc.log 2>&1 &
	nc_pid=$!
	while [ ! -f $STATE/quit ]; do
		sleep 1
		i=$((i + 1))
		[ $((i % 10)) = 0 ] || continue
		if ping -c 1 -W 2 "$PEER" > /dev/null 2>&1; then
			lost=0
		else
			lost=$((lost + 1))
		fi
		[ $lost -lt 3 ] || { echo "# node 1 is gone"; rc=1; break; }
	done
	kill $nc_pid
	[ -s $STATE/server.pid ] &&
		kill -- "-$(cat $STATE/server.pid)" 2> /dev/null
	echo "# requests (uptime, request):"
	sed 's/^/#   /' $STATE/requests
	echo "# server log:"
	sed 's/^/#   /' $STATE/server.log
	[ $rc = 0 ] && echo "ok 1 bench pair: node 2 served node 1" ||
		echo "not ok 1 bench pair: node 2 served node 1"
	return $rc
}

# Node 1: node 2 answers, then bench.sh's rounds
lead_main() {
	local i=0 rc

	while ! ask hello > /dev/null; do
		i=$((i + 1))
		if [ $i -ge 300 ]; then
			echo "TAP version 13"
			echo "1..0 # SKIP node 2 ($PEER) does not answer"
			exit 4
		fi
		sleep 0.5
	done
	main
	rc=$?
	ask quit > /dev/null
	return $rc
}

if [ "${1:-}" = --serve-one ]; then
	serve_one
	exit 0
fi
if [ -z "$NODE" ] || [ -z "$PEER" ]; then
	echo "TAP version 13"
	echo "1..0 # SKIP run me in the two-VM mode (run.sh --bench --pair)"
	exit 4
fi
if [ "$NODE" = 2 ]; then
	serve_main
else
	lead_main
fi
