#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Connection-oriented sockets on one node: setup, transfer, teardown.
cd "$(dirname "$0")" || exit 1
. ./tipc_lib.sh

# Each message arrived whole, in order.
same_messages() {
	expect "messages" \
		"$(sed -n 's/^recv \([0-9]* [0-9a-f]*\) from .*/\1/p' "$WORK/$1.out")" \
		"$(sed -n 's/^sent //p' "$WORK/client.out")"
}

case_seqpacket() {
	new_ns a one || return 1
	start_server "$a" srv -t seqpacket -b 3000:1:1 -n 20 || return 1
	client "$a" -t seqpacket -d 3000:1 -s 60000 -n 20 || return 1
	wait_server srv || return 1
	same_messages srv
}

# 6.5 MB through a stream: the same bytes come out, then end of file.
case_stream() {
	new_ns a one || return 1
	start_server "$a" srv -t stream -b 3000:1:1 || return 1
	client "$a" -t stream -d 3000:1 -s 65000 -n 100 || return 1
	wait_server srv || return 1
	expect "stream" "$(sed -n 's/^eof //p' "$WORK/srv.out")" \
		"$(sed -n 's/^total //p' "$WORK/client.out")"
}

case_stream_big_writes() {
	new_ns a one || return 1
	start_server "$a" srv -t stream -b 3000:1:1 || return 1
	client "$a" -t stream -d 3000:1 -s 1000000 -n 4 || return 1
	wait_server srv || return 1
	expect "stream" "$(sed -n 's/^eof //p' "$WORK/srv.out")" \
		"4000000 $(sed -n 's/^total 4000000 //p' "$WORK/client.out")"
}

case_connect_unbound() {
	new_ns a one || return 1
	client "$a" -t seqpacket -d 3000:9 && { diag "connected"; return 1; }
	grep -q "^error EHOSTUNREACH" "$WORK/client.out"
}

# sendto() on an unconnected socket sets the connection up.
case_implicit_connect() {
	new_ns a one || return 1
	start_server "$a" srv -t seqpacket -b 3000:1:1 -n 3 || return 1
	client "$a" -t seqpacket -x -d 3000:1 -s 1000 -n 3 || return 1
	wait_server srv || return 1
	same_messages srv
}

# A peer that closes without shutdown: its data first, then a reset.
case_stream_reset() {
	new_ns a one || return 1
	start_server "$a" srv -t stream -b 3000:1:1 || return 1
	client "$a" -t stream -k -d 3000:1 -s 65000 -n 3 || return 1
	wait_server srv || return 1
	expect "stream" "$(sed -n 's/^reset //p' "$WORK/srv.out")" \
		"$(sed -n 's/^total //p' "$WORK/client.out")"
}

ktap_plan 6
tipc_run_case "conn: SEQPACKET, 20 messages of 60000 bytes" case_seqpacket
tipc_run_case "conn: STREAM, 6.5 MB then end of file" case_stream
tipc_run_case "conn: STREAM, 1 MB writes" case_stream_big_writes
tipc_run_case "conn: connect to an unbound service fails" case_connect_unbound
tipc_run_case "conn: implicit connect by sendto" case_implicit_connect
tipc_run_case "conn: close without shutdown resets after the data" case_stream_reset
ktap_finished
