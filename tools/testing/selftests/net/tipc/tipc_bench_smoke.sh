#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The benchmark's helper, tipc_bench, on small fixed counts with every
# byte checked (-V): what "make bench" measures arrives whole and in
# order, and RDM messages lost to overload come back when returnable.
cd "$(dirname "$0")" || exit 1
. ./tipc_lib.sh

BENCH=./tipc_bench

# bench NS ARGS...: one tipc_bench run in namespace NS; it checks itself
bench() {
	local ns=$1 rc

	shift
	nsx "$ns" $BENCH "$@" > "$WORK/bench.out" 2>&1
	rc=$?
	cat "$WORK/bench.out"
	return $rc
}

# Returnable RDM: what is not received comes back, nothing is lost (on
# one CPU the sender runs ahead until the receiver's queue overflows)
case_rdm_returnable() {
	local size

	new_ns a one || return 1
	for size in 8 64 1024 16384 65000; do
		bench "$a" rdm -s "$size" -c 300 -r -V -C 0 || return 1
		grep -q ' lost=0 ' "$WORK/bench.out" || return 1
	done
}

# Droppable RDM (the default) under overload: what arrives is intact
case_rdm_droppable() {
	new_ns a one || return 1
	bench "$a" rdm -s 1024 -c 5000 -V
}

# STREAM, and the same over TCP (-I) that the bench compares it with
case_stream() {
	new_ns a one || return 1
	bench "$a" stream -s 65536 -c 4000000 -V &&
		bench "$a" stream -s 1000 -c 300000 -V &&
		bench "$a" stream -s 65536 -c 4000000 -V -I 127.0.0.1
}

case_rtt() {
	local type

	new_ns a one || return 1
	for type in rdm seqpacket stream; do
		bench "$a" rtt -T "$type" -s 1000 -n 100 -V || return 1
	done
}

# ktap_plan skips the script if the helper it checks is not built
[ -x "$BENCH" ] || SOCK=$BENCH
ktap_plan 4
tipc_run_case "bench: RDM returnable, 8 B to 65000 B, none lost" case_rdm_returnable
tipc_run_case "bench: RDM droppable under overload, intact" case_rdm_droppable
tipc_run_case "bench: STREAM, 4 MB and 300 KB, and TCP, every byte" case_stream
tipc_run_case "bench: RDM, SEQPACKET and STREAM ping-pong" case_rtt
ktap_finished
