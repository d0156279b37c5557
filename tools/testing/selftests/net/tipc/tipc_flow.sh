#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Overload and flow control on one node, as the stock module does them:
# datagrams beyond a receiver's queue limit (which grows with importance
# and SO_RCVBUF) come back with TIPC_ERR_OVERLOAD unless droppable; a
# connection's sender waits for its reader and loses nothing; connection
# requests a listener has no room for are sent again. Each case runs one
# scenario of tipc_sockio and compares what it reports with what stock
# reported; how many messages fit differs between implementations and
# shows only as a diagnostic.
cd "$(dirname "$0")" || exit 1
. ./tipc_lib.sh

SOCKIO=./tipc_sockio

# scenario ARGS... < EXPECTED: run tipc_sockio ARGS in namespace $a; what
# it reports, its '#' diagnostics aside, must be EXPECTED.
scenario() {
	local rc

	cat > "$WORK/want"
	diag "[$a] $SOCKIO $*"
	$IP netns exec "$a" $SOCKIO "$@" > "$WORK/got" 2>&1
	rc=$?
	cat "$WORK/got"
	grep -v '^#' "$WORK/got" > "$WORK/facts"
	diff -u "$WORK/want" "$WORK/facts" | sed 's/^/# /'
	cmp -s "$WORK/want" "$WORK/facts" || return 1
	[ $rc -eq 0 ] || { diag "exit status $rc"; return 1; }
}

# 2000 messages at a receiver that does not read: the first ones fill its
# queue; every later one comes back whole (up to 1024 bytes) with
# TIPC_ERR_OVERLOAD in TIPC_ERRINFO.
overload_returned() {
	new_ns a one || return 1
	scenario overload -D 0 "$@" <<-EOF
	queued the first ones
	queued ones read in order
	returned the rest
	returned ones with TIPC_ERR_OVERLOAD and their data
	EOF
}

# The same with TIPC_DEST_DROPPABLE (the datagram default): dropped
overload_dropped() {
	new_ns a one || return 1
	scenario overload -D 1 "$@" <<-EOF
	queued the first ones
	queued ones read in order
	returned none
	EOF
}

case_rdm_returned() { overload_returned -t rdm; }
case_rdm_dropped() { overload_dropped -t rdm; }
case_dgram_returned() { overload_returned -t dgram -r 50000; }
case_dgram_dropped() { overload_dropped -t dgram -r 50000; }
case_critical_returned() { overload_returned -t rdm -i 3 -r 50000; }

# Each importance fills the queue up to SO_RCVBUF doubled once more per
# level, so a more important message still gets in when a less important
# one no longer does.
case_importance() {
	new_ns a one || return 1
	scenario importance <<-EOF
	low gets in, fills to its limit
	medium gets in, fills to its limit
	high gets in, fills to its limit
	critical gets in, fills to its limit
	EOF
}

# SO_RCVBUF (doubled by the kernel, as for every socket) is the limit
case_rcvbuf() {
	new_ns a one || return 1
	scenario rcvbuf <<-EOF
	default SO_RCVBUF 2097152
	SO_RCVBUF 16384 reads back 32768, low importance fills to its limit
	SO_RCVBUF 65536 reads back 131072, low importance fills to its limit
	four times the buffer holds about four times the messages
	EOF
}

# A MSG_DONTWAIT sender to a reader that pauses gets EAGAIN and no POLLOUT
# once the window is used; what it sent is all there; reading opens the
# window again; in the end everything arrived once, in order.
conn_dontwait() {
	new_ns a one || return 1
	scenario connflow -t "$1" -n 3000 -s "$2" <<-EOF
	send EAGAIN
	poll -
	send again EAGAIN
	reader got all sent, in order
	poll OUT
	all 3000 in order, once
	then EAGAIN
	EOF
}

case_seqpacket_dontwait() { conn_dontwait seqpacket 1000; }
case_stream_dontwait() { conn_dontwait stream 4000; }

# A blocking sender waits while its reader does not read
conn_blocking() {
	new_ns a one || return 1
	scenario connblock -t "$1" -n 3000 -s "$2" <<-EOF
	writer blocked, queue within SO_RCVBUF
	all 3000 in order, once
	writer done
	EOF
}

case_seqpacket_blocking() { conn_blocking seqpacket 1000; }
case_stream_blocking() { conn_blocking stream 4000; }

# A listener with the smallest SO_RCVBUF holds few requests; one more is
# not refused but sent again later (every 100 ms and a random part of a
# quarter of TIPC_CONN_TIMEOUT, which stock raises to 4 ms when lower;
# it once divided by zero there). Once the listener accepts, every client
# gets connected.
synflood() {
	new_ns a one || return 1
	scenario synflood -w "$1" <<-EOF
	overloaded: poll -, so_error 0
	connect $2
	TIPC_CONN_TIMEOUT now $3
	accepted every client
	connected every client
	EOF
}

case_synflood_0() { synflood 0 EINPROGRESS 4; }
case_synflood_1() { synflood 1 ETIMEDOUT 4; }
case_synflood_200() { synflood 200 ETIMEDOUT 200; }

if [ ! -x "$SOCKIO" ]; then
	echo "TAP version 13"
	echo "1..0 # SKIP $SOCKIO not built (make)"
	exit 4
fi
ktap_plan 14
tipc_run_case "flow: RDM overload returns TIPC_ERR_OVERLOAD" case_rdm_returned
tipc_run_case "flow: RDM overload, droppable: dropped" case_rdm_dropped
tipc_run_case "flow: DGRAM overload returns TIPC_ERR_OVERLOAD" case_dgram_returned
tipc_run_case "flow: DGRAM overload, droppable: dropped" case_dgram_dropped
tipc_run_case "flow: critical importance overload returns too" case_critical_returned
tipc_run_case "flow: more important messages get more room" case_importance
tipc_run_case "flow: SO_RCVBUF sets the queue limit" case_rcvbuf
tipc_run_case "flow: SEQPACKET MSG_DONTWAIT sender, pausing reader" case_seqpacket_dontwait
tipc_run_case "flow: STREAM MSG_DONTWAIT sender, pausing reader" case_stream_dontwait
tipc_run_case "flow: SEQPACKET blocking sender waits for its reader" case_seqpacket_blocking
tipc_run_case "flow: STREAM blocking sender waits for its reader" case_stream_blocking
tipc_run_case "flow: full listener, TIPC_CONN_TIMEOUT 0: request retried" case_synflood_0
tipc_run_case "flow: full listener, TIPC_CONN_TIMEOUT 1: request retried" case_synflood_1
tipc_run_case "flow: full listener, TIPC_CONN_TIMEOUT 200: request retried" case_synflood_200
ktap_finished
