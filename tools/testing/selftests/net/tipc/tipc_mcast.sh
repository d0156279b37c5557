#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Multicast on one node: a message to a service range reaches every
# socket bound to part of it, once.
cd "$(dirname "$0")" || exit 1
. ./tipc_lib.sh

# received NAME: what server NAME got, as "LEN SUM" lines
received() {
	sed -n 's/^recv \([0-9]* [0-9a-f]*\) from .*/\1/p' "$WORK/$1.out"
}

case_each_socket_once() {
	local sent

	new_ns a one || return 1
	start_server "$a" s1 -t rdm -b 6000:1:10 -n 1 || return 1
	start_server "$a" s2 -t rdm -b 6000:5:5:node -n 1 || return 1
	start_server "$a" s3 -t rdm -b 6000:20:30 -n 1 || return 1
	start_server "$a" s4 -t rdm -b 6000:1:1 -b 6000:2:2 -n 2 || return 1
	start_server "$a" s5 -t dgram -b 6000:10:20 -n 1 || return 1
	client "$a" -t rdm -m 6000:0:10 -s 3000 || return 1
	sent=$(sed -n 's/^sent //p' "$WORK/client.out")
	wait_server s1 && wait_server s2 && wait_server s5 || return 1
	expect "s1" "$(received s1)" "$sent" &&
		expect "s2" "$(received s2)" "$sent" &&
		expect "s5" "$(received s5)" "$sent" || return 1
	# s4 is bound twice in the range: one copy only; s3 is outside
	client "$a" -t rdm -d 6000:1 -s 10 || return 1
	wait_server s4 || return 1
	expect "s4" "$(received s4 | head -n 1)" "$sent" || return 1
	expect "s4 second" "$(received s4 | tail -n 1 | cut -d' ' -f1)" 10 ||
		return 1
	expect "s3" "$(received s3)" ""
}

case_no_receiver() {
	new_ns a one || return 1
	start_server "$a" srv -t rdm -b 6000:50:60 -n 1 || return 1
	client "$a" -t rdm -m 6000:0:10 && { diag "sent to nobody"; return 1; }
	grep -q "^error EHOSTUNREACH" "$WORK/client.out"
}

case_destname() {
	new_ns a one || return 1
	start_server "$a" srv -a -t rdm -b 6000:1:10 -n 1 || return 1
	client "$a" -t rdm -m 6000:3:7 -s 100 || return 1
	wait_server srv || return 1
	grep -q "^destname 6000:3:7$" "$WORK/srv.out"
}

case_big() {
	new_ns a one || return 1
	start_server "$a" s1 -t rdm -b 6000:1:1 -n 1 || return 1
	start_server "$a" s2 -t rdm -b 6000:2:2 -n 1 || return 1
	client "$a" -t rdm -m 6000:1:2 -s 66000 || return 1
	wait_server s1 && wait_server s2 || return 1
	expect "s1" "$(received s1)" "$(sed -n 's/^sent //p' "$WORK/client.out")"
}

ktap_plan 4
tipc_run_case "mcast: each bound socket gets one copy" case_each_socket_once
tipc_run_case "mcast: no socket in the range: EHOSTUNREACH" case_no_receiver
tipc_run_case "mcast: receiver sees TIPC_DESTNAME of the range" case_destname
tipc_run_case "mcast: 66000-byte multicast" case_big
ktap_finished
