#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The topology server: subscriptions to service ranges and their events.
cd "$(dirname "$0")" || exit 1
. ./tipc_lib.sh

# subscriber NAME NS OPTIONS...: a background subscriber, output in
# $WORK/NAME.out, returning once its subscription is sent
subscriber() {
	local name=$1 ns=$2

	shift 2
	diag "[$ns] $SOCK subscribe $* &"
	$IP netns exec "$ns" $SOCK subscribe -o "$WORK/$name.ready" "$@" \
		> "$WORK/$name.out" 2> "$WORK/$name.err" &
	eval "SUB_$name=$!"
	wait_for 10 test -s "$WORK/$name.ready"
}

# events NAME: the events subscriber NAME printed so far, on one line
events() {
	tr '\n' ';' < "$WORK/$1.out"
}

# expect_events NAME WANT: wait for subscriber NAME to end, then compare
expect_events() {
	local pid

	eval "pid=\$SUB_$1"
	wait "$pid"
	expect "events of $1" "$(events "$1")" "$2"
}

# bound NS TYPE:L:U: a socket holds the range until the case ends
bound() {
	start_server "$1" "b$$$(date +%N)" -t rdm -b "$2" -n 1
}

case_service_events() {
	new_ns a one || return 1
	subscriber s "$a" -b 5000:0:100 -f service -n 2 || return 1
	start_server "$a" srv -t rdm -b 5000:1:10 -n 1 || return 1
	wait_for 10 grep -q published "$WORK/s.out" || return 1
	client "$a" -t rdm -d 5000:1 || return 1
	wait_server srv || return 1
	expect_events s "published 1 10 port 0;withdrawn 1 10 port 0;"
}

# With TIPC_SUB_SERVICE a range is reported once, however many sockets
# bind it; with TIPC_SUB_PORTS every binding is.
case_ports_vs_service() {
	new_ns a one || return 1
	start_server "$a" s1 -t rdm -b 5000:7:7 -n 1 || return 1
	start_server "$a" s2 -t rdm -b 5000:7:7 -n 1 || return 1
	subscriber p "$a" -b 5000:7:7 -f ports -n 2 || return 1
	subscriber v "$a" -b 5000:0:9 -f service -n 1 || return 1
	expect_events p "published 7 7 port 0;published 7 7 port 0;" ||
		return 1
	expect_events v "published 7 7 port 0;"
}

case_no_overlap() {
	new_ns a one || return 1
	subscriber s "$a" -b 5000:20:30 -f ports -w 500 -n 1 || return 1
	start_server "$a" srv -t rdm -b 5000:1:10 -b 5001:25:25 -n 1 ||
		return 1
	expect_events s "timeout 20 30 0 0;"
}

case_timeout() {
	new_ns a one || return 1
	subscriber s "$a" -b 5000:1:1 -w 200 -n 1 || return 1
	expect_events s "timeout 1 1 0 0;"
}

# A subscriber writing in network byte order reads events in it too.
case_network_order() {
	new_ns a one || return 1
	start_server "$a" srv -t rdm -b 5000:3:4 -n 1 || return 1
	subscriber s "$a" -N -b 5000:0:100 -f ports -n 1 || return 1
	expect_events s "published 3 4 port 0;"
}

case_stream_subscriber() {
	new_ns a one || return 1
	start_server "$a" srv -t rdm -b 5000:3:4 -n 1 || return 1
	subscriber s "$a" -t stream -b 5000:0:100 -n 1 || return 1
	expect_events s "published 3 4 port 0;"
}

# The server closes the connection of a malformed subscription.
case_bad_subscription() {
	new_ns a one || return 1
	subscriber s "$a" -b 5000:0:1 -f both -n 1 || return 1
	expect_events s "eof;"
}

# The node's own binding: {TIPC_NODE_STATE, addr} once committed
case_node_state() {
	new_ns a one || return 1
	subscriber s "$a" -b 0:0:4294967295 -f ports -n 1 || return 1
	diag "[$a] tipc node set address 1.1.1"
	$IP netns exec "$a" $TIPC node set address 1.1.1 || return 1
	expect_events s "published 16781313 16781313 0 1001001;"
}

# Random and malformed requests on many connections, some closed
# abruptly, while bindings come and go: the server must still serve.
case_fuzz() {
	local seed

	new_ns a one || return 1
	for seed in 1 2 3; do
		nsx "$a" ./tipc_topfuzz $seed 3000 || return 1
	done
}

ktap_plan 9
tipc_run_case "topsrv: service subscription: published, withdrawn" case_service_events
tipc_run_case "topsrv: ports vs service filters" case_ports_vs_service
tipc_run_case "topsrv: no event outside the range" case_no_overlap
tipc_run_case "topsrv: subscription timeout" case_timeout
tipc_run_case "topsrv: network byte order subscriber" case_network_order
tipc_run_case "topsrv: stream subscriber" case_stream_subscriber
tipc_run_case "topsrv: malformed subscription closes the connection" case_bad_subscription
tipc_run_case "topsrv: node state binding of a committed node" case_node_state
tipc_run_case "topsrv: random and malformed requests leave it serving" case_fuzz
ktap_finished
