#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Datagram sockets on one node: binding service ranges, sending to a
# service or socket address, what the receiver learns, and the errors.
cd "$(dirname "$0")" || exit 1
. ./tipc_lib.sh

SIZES="1 100 1000 16000 66000"

# The receiver saw each message whole, from the sending socket.
check_delivery() {
	local port sent got

	port=$(sed -n 's/^port \([0-9]*\) node \([0-9a-f]*\)$/\1/p' \
		"$WORK/client.out")
	sent=$(sed -n 's/^sent //p' "$WORK/client.out" | sort)
	got=$(sed -n "s/^recv \\([0-9]* [0-9a-f]*\\) from [0-9a-f]*:$port\$/\\1/p" \
		"$WORK/$1.out" | sort)
	[ -n "$sent" ] || { diag "nothing sent"; return 1; }
	expect "messages" "$got" "$sent"
}

roundtrip() {
	local type=$1 size

	new_ns a one || return 1
	start_server "$a" srv -t "$type" -b 1000:1:10 -n 5 || return 1
	for size in $SIZES; do
		client "$a" -t "$type" -d 1000:5 -s "$size" >> "$WORK/all" ||
			return 1
		cat "$WORK/client.out" >> "$WORK/all.out"
	done
	wait_server srv || return 1
	mv "$WORK/all.out" "$WORK/client.out"
	# every client had its own port: compare lengths and sums only
	expect "messages" \
		"$(sed -n 's/^recv \([0-9]* [0-9a-f]*\) from .*/\1/p' "$WORK/srv.out" | sort)" \
		"$(sed -n 's/^sent //p' "$WORK/client.out" | sort)"
}

case_rdm_roundtrip() {
	roundtrip rdm
}

case_dgram_roundtrip() {
	roundtrip dgram
}

# recvmsg() names the sending socket exactly as its getsockname() does.
case_source_address() {
	new_ns a one || return 1
	start_server "$a" srv -t rdm -b 1000:1:1 -n 3 || return 1
	client "$a" -t rdm -d 1000:1 -s 500 -n 3 || return 1
	wait_server srv || return 1
	check_delivery srv
}

case_socket_address() {
	local dest

	new_ns a one || return 1
	start_server "$a" srv -t rdm -b 1000:1:1 -n 1 || return 1
	dest=$(server_addr srv)
	client "$a" -t rdm -p "$dest" -s 300 || return 1
	wait_server srv || return 1
	check_delivery srv
}

case_outside_range() {
	new_ns a one || return 1
	start_server "$a" srv -t rdm -b 1000:1:10 -n 1 || return 1
	client "$a" -t rdm -d 1000:11 && { diag "send worked"; return 1; }
	grep -q "^error EHOSTUNREACH" "$WORK/client.out" || return 1
	client "$a" -t rdm -d 1001:5 && return 1
	grep -q "^error EHOSTUNREACH" "$WORK/client.out"
}

# The first and last instance of a bound range reach it.
case_range_edges() {
	new_ns a one || return 1
	start_server "$a" srv -t rdm -b 1000:1:10 -n 2 || return 1
	client "$a" -t rdm -d 1000:1 || return 1
	client "$a" -t rdm -d 1000:10 || return 1
	wait_server srv
}

# The source address is a complete TIPC_SOCKET_ADDR; a message sent to a
# service comes with TIPC_DESTNAME {type, instance, instance}, one sent
# to a socket address without.
case_address_details() {
	local dest

	new_ns a one || return 1
	start_server "$a" srv -a -t rdm -b 1000:1:10 -n 2 || return 1
	client "$a" -t rdm -d 1000:7 || return 1
	dest=$(server_addr srv)
	client "$a" -t rdm -p "$dest" || return 1
	wait_server srv || return 1
	sed 's/^/#   /' "$WORK/srv.out"
	expect "details" "$(grep -v '^recv' "$WORK/srv.out" | tr '\n' ';')" \
		"srcaddr family 30 type 3 scope 0 len 16;destname 1000:7:7;srcaddr family 30 type 3 scope 0 len 16;"
}

# With a node address, getsockname() and the receiver both show it.
case_own_address() {
	new_ns a one || return 1
	nsx "$a" $TIPC node set address 1.1.1 || return 1
	start_server "$a" srv -t rdm -b 1000:1:1 -n 1 || return 1
	grep -q " node 1001001$" "$WORK/srv.ready" || return 1
	client "$a" -t rdm -d 1000:1 || return 1
	wait_server srv || return 1
	grep -q "^port [0-9]* node 1001001$" "$WORK/client.out" || return 1
	check_delivery srv
}

# Sending to a port nobody has: RDM's default is to drop it quietly.
case_no_port_dropped() {
	new_ns a one || return 1
	client "$a" -t rdm -p 0:12345 -s 100 || return 1
	grep -q "^sent 100 " "$WORK/client.out"
}

# client_error WANT ARGS...: the client in $a fails with errno WANT
client_error() {
	local want=$1

	shift
	client "$a" "$@" && { diag "send worked"; return 1; }
	sed 's/^/#   /' "$WORK/client.out"
	grep -q "^error $want\$" "$WORK/client.out"
}

# No address, a foreign family, a short address; size is checked first.
case_send_errors() {
	new_ns a one || return 1
	start_server "$a" srv -t rdm -b 1000:1:1 -n 1 || return 1
	client_error EDESTADDRREQ -t rdm -U || return 1
	client_error EINVAL -t rdm -F -d 1000:1 || return 1
	client_error EINVAL -t rdm -L 15 -d 1000:1 || return 1
	client_error EMSGSIZE -t rdm -F -d 1000:1 -s 66001 || return 1
	client "$a" -t rdm -d 1000:1 || return 1
	wait_server srv
}

case_too_big() {
	new_ns a one || return 1
	start_server "$a" srv -t rdm -b 1000:1:1 -n 1 || return 1
	client "$a" -t rdm -d 1000:1 -s 66001 && return 1
	grep -q "^error EMSGSIZE" "$WORK/client.out"
}

# Two sockets bound to the same range take turns.
case_round_robin() {
	new_ns a one || return 1
	start_server "$a" s1 -t rdm -b 1000:7:7 -n 2 || return 1
	start_server "$a" s2 -t rdm -b 1000:7:7 -n 2 || return 1
	client "$a" -t rdm -d 1000:7 -n 4 || return 1
	wait_server s1 && wait_server s2
}

# bind_ops OPS... on one socket in a fresh namespace; output compared
bind_ops() {
	new_ns a one || return 1
	diag "[$a] $SOCK bind -t rdm $*"
	$IP netns exec "$a" $SOCK bind -t rdm -- "$@" > "$WORK/bind.out" 2>&1
	sed 's/^/#   /' "$WORK/bind.out"
}

case_bind_errors() {
	bind_ops +63:1:1 +1000:5:4 s1000:1:1 +64:1:1 || true
	expect "results" "$(cut -d' ' -f3 "$WORK/bind.out" | tr '\n' ' ')" \
		"EACCES EINVAL EAFNOSUPPORT ok "
}

# A foreign family or a short address is EINVAL, a socket address is
# EAFNOSUPPORT whatever it holds; a service address binds its instance.
case_bind_bad_address() {
	bind_ops f1000:1:1 l1000:1:1 s1000:5:4 a1000:7:7 -1000:7:7 || true
	expect "results" "$(cut -d' ' -f3 "$WORK/bind.out" | tr '\n' ' ')" \
		"EINVAL EINVAL EAFNOSUPPORT ok ok "
}

# Unbinding must name a binding exactly; reserved types are refused.
case_unbind_errors() {
	bind_ops +1000:1:5 -1000:1:6 -1000:2:5 -1000:5:1 -63:1:1 -1000:1:5 ||
		true
	expect "results" "$(cut -d' ' -f3 "$WORK/bind.out" | tr '\n' ' ')" \
		"ok EINVAL EINVAL EINVAL EACCES ok "
}

case_several_bindings() {
	new_ns a one || return 1
	start_server "$a" srv -t rdm -b 1000:1:1 -b 2000:5:9:node -n 2 ||
		return 1
	client "$a" -t rdm -d 1000:1 || return 1
	client "$a" -t rdm -d 2000:9 || return 1
	wait_server srv
}

# A negative scope unbinds; unbinding what was never bound fails.
case_unbind() {
	bind_ops +1000:1:5 -1000:1:5 +1000:1:5:node -1000:1:5 -1000:1:5:node \
		-1000:1:5:node 0 || true
	expect "results" "$(cut -d' ' -f3 "$WORK/bind.out" | tr '\n' ' ')" \
		"ok ok ok EINVAL ok ok ok "
}

# Closing the socket withdraws its bindings.
case_close_unbinds() {
	new_ns a one || return 1
	start_server "$a" srv -t rdm -b 1000:3:3 -n 1 || return 1
	client "$a" -t rdm -d 1000:3 || return 1
	wait_server srv || return 1
	client "$a" -t rdm -d 1000:3 && { diag "send to a closed socket"; return 1; }
	grep -q "^error EHOSTUNREACH" "$WORK/client.out"
}

case_node_scope() {
	new_ns a one || return 1
	start_server "$a" srv -t rdm -b 1000:1:1:node -n 1 || return 1
	client "$a" -t rdm -d 1000:1 || return 1
	wait_server srv
}

case_getsockname() {
	new_ns a one || return 1
	diag "[$a] $SOCK name -t rdm"
	$IP netns exec "$a" $SOCK name -t rdm > "$WORK/name.out" || return 1
	grep -Eq "^port [1-9][0-9]* node 0$" "$WORK/name.out"
}

# A returnable message to a port that does not exist comes back with
# TIPC_ERR_NO_PORT and (at most 1024 bytes of) its data.
case_returned_no_port() {
	new_ns a one || return 1
	diag "[$a] $SOCK bounce -p 0:12345 -s 2000"
	$IP netns exec "$a" $SOCK bounce -p 0:12345 -s 2000 \
		> "$WORK/bounce.out" 2>&1 || return 1
	sed 's/^/#   /' "$WORK/bounce.out"
	expect "returned" "$(sed -n 's/^returned //p' "$WORK/bounce.out")" \
		"2 1024 $(sed -n 's/^sent 2000 //p' "$WORK/bounce.out")"
}

ktap_plan 21
tipc_run_case "socket: RDM to a service, 1..66000 bytes" case_rdm_roundtrip
tipc_run_case "socket: DGRAM to a service, 1..66000 bytes" case_dgram_roundtrip
tipc_run_case "socket: receiver learns the sender's socket address" case_source_address
tipc_run_case "socket: RDM to a socket address" case_socket_address
tipc_run_case "socket: no binding holds the instance: EHOSTUNREACH" case_outside_range
tipc_run_case "socket: 66001 bytes: EMSGSIZE" case_too_big
tipc_run_case "socket: first and last instance of a range" case_range_edges
tipc_run_case "socket: source address and TIPC_DESTNAME" case_address_details
tipc_run_case "socket: node address in getsockname and source" case_own_address
tipc_run_case "socket: RDM to a missing port is dropped quietly" case_no_port_dropped
tipc_run_case "socket: send errors EDESTADDRREQ, EINVAL, EMSGSIZE" case_send_errors
tipc_run_case "socket: equal bindings share the load" case_round_robin
tipc_run_case "socket: bind errors EACCES, EINVAL, EAFNOSUPPORT" case_bind_errors
tipc_run_case "socket: bind with a bad or a service address" case_bind_bad_address
tipc_run_case "socket: unbind errors EINVAL, EACCES" case_unbind_errors
tipc_run_case "socket: several bindings on one socket" case_several_bindings
tipc_run_case "socket: unbind by negative scope" case_unbind
tipc_run_case "socket: close withdraws the bindings" case_close_unbinds
tipc_run_case "socket: node scope binding reached locally" case_node_scope
tipc_run_case "socket: getsockname gives port and node" case_getsockname
tipc_run_case "socket: returned message carries TIPC_ERRINFO and data" case_returned_no_port
ktap_finished
