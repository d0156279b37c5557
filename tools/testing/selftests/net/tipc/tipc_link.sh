#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# TIPC between two nodes: two namespaces, each with its own identity,
# joined by a veth pair with an Ethernet bearer on each end. The link
# comes up and is named after both ends, the name table and the topology
# server see the other node, data of every socket type crosses, and the
# link goes down and comes back when the device or the bearer does; then
# numbered messages and an echoed stream cross a lossy, duplicating,
# reordering device. (A vanished peer being forgotten after five
# minutes is tipc_forget.sh's.)
#
# Between namespaces of one kernel the stock module hands user data
# straight to the peer namespace's socket once the link is up (its
# "crossover"); links, node state and name distribution still go over
# the bearer, so every case means something there too.
cd "$(dirname "$0")" || exit 1
. ./tipc_lib.sh

TC=/sbin/tc
ID_A=alpha
ID_B=beta
NODE_STATE=0:0:4294967295

# two_nodes [nobearer]: namespaces $a (identity alpha, device va) and $b
# (beta, vb) joined by a veth pair whose ends carry traffic; bearers on
# both unless told otherwise
two_nodes() {
	new_ns a one && new_ns b two || return 1
	$IP link add va netns "$a" type veth peer name vb netns "$b" ||
		return 1
	$IP -n "$a" link set va up && $IP -n "$b" link set vb up || return 1
	wait_for 5 carrier "$a" va && wait_for 5 carrier "$b" vb || return 1
	nsx "$a" $TIPC node set identity $ID_A &&
		nsx "$b" $TIPC node set identity $ID_B || return 1
	[ "${1:-}" = nobearer ] || enable_bearers
}

enable_bearers() {
	nsx "$a" $TIPC bearer enable media eth device va &&
		nsx "$b" $TIPC bearer enable media eth device vb
}

# links NS: the lines of "tipc link list" in NS but the broadcast link's
links() {
	q "$1" $TIPC link list | grep -v '^broadcast-link: '
}

# link_is NS STATE: NS has a link to the other node, in STATE (up|down)
link_is() {
	links "$1" | grep -q ": $2\$"
}

# link_not_up NS: NS's link is down or gone
link_not_up() {
	q "$1" $TIPC link list > /dev/null || return 1
	! link_is "$1" up
}

# wait_link_up [SECS]: the link is up on both sides
wait_link_up() {
	local secs=${1:-10}

	wait_for "$secs" link_is "$a" up && wait_for "$secs" link_is "$b" up &&
		return 0
	diag "the link did not come up within $secs s"
	state
	return 1
}

# node_addr NS: NS's own node address, in hex
node_addr() {
	q "$1" $SOCK name -t rdm | sed -n 's/^port [0-9]* node //p'
}

# binding NS TYPE LOWER UPPER SCOPE PORT NODE: "tipc nametable show" in
# NS has this row (any field may be "*")
binding() {
	q "$1" $TIPC nametable show | awk -v t="$2" -v l="$3" -v u="$4" \
		-v s="$5" -v p="$6" -v n="$7" '
		($1 == t || t == "*") && ($2 == l || l == "*") &&
		($3 == u || u == "*") && ($4 == s || s == "*") &&
		($5 == p || p == "*") && ($6 == n || n == "*") { f = 1 }
		END { exit !f }'
}

no_binding() {
	! binding "$@"
}

# bg NS NAME CMD...: CMD in NS in the background, output in
# $WORK/NAME.out, its pid in PID_NAME
bg() {
	local ns=$1 name=$2

	shift 2
	diag "[$ns] $* &"
	$IP netns exec "$ns" "$@" > "$WORK/$name.out" 2> "$WORK/$name.err" &
	eval "PID_$name=$!"
}

# subscribe NS NAME RANGE: a topology subscription (service events) in
# NS, its events in $WORK/NAME.out
subscribe() {
	rm -f "$WORK/$2.ready"
	bg "$1" "$2" $SOCK subscribe -b "$3" -n 1000 -o "$WORK/$2.ready"
	wait_for 10 test -s "$WORK/$2.ready"
}

case_link_up() {
	two_nodes && wait_link_up || return 1
	state
	wait_for 5 node_is "$b" $ID_A up && wait_for 5 node_is "$a" $ID_B up ||
		{ diag "the peer is not listed up"; state; return 1; }
}

case_link_name() {
	two_nodes && wait_link_up || return 1
	expect "links in a" "$(links "$a")" "$ID_A:va-$ID_B:vb: up" &&
		expect "links in b" "$(links "$b")" "$ID_B:vb-$ID_A:va: up"
}

# A cluster binding in a reaches b's name table, with a's identity, and
# leaves it again; a node binding, made first, never does
case_nametable() {
	local pn pc

	two_nodes && wait_link_up || return 1
	bg "$a" hold $SOCK hold n=bound:rdm:20013:1:1:node \
		c=bound:rdm:20003:1:1
	wait_for 10 grep -qx ready "$WORK/hold.out" || return 1
	pn=$(sed -n 's/^sock n port \([0-9]*\) .*/\1/p' "$WORK/hold.out")
	pc=$(sed -n 's/^sock c port \([0-9]*\) .*/\1/p' "$WORK/hold.out")
	if ! wait_for 10 binding "$b" 20003 1 1 cluster "$pc" $ID_A; then
		diag "b never saw {20003,1,1} of port $pc"
		show "$b" $TIPC nametable show
		return 1
	fi
	show "$a" $TIPC nametable show
	show "$b" $TIPC nametable show
	binding "$a" 20013 1 1 node "$pn" $ID_A ||
		{ diag "a has no node binding"; return 1; }
	binding "$a" 20003 1 1 cluster "$pc" $ID_A ||
		{ diag "a has no cluster binding"; return 1; }
	# published in order: b had it before the cluster one, if ever
	no_binding "$b" 20013 '*' '*' '*' '*' '*' ||
		{ diag "the node binding reached b"; return 1; }
	kill "$PID_hold"
	wait_for 10 no_binding "$b" 20003 '*' '*' '*' '*' '*' ||
		{ diag "b still has {20003,1,1}"; return 1; }
	no_binding "$a" 20003 '*' '*' '*' '*' '*'
}

# dgram_case TYPE BASE: from b to a server in a, by service address
# and by socket address, several sizes
dgram_case() {
	local type=$1 st=$2 dest size n=0

	two_nodes && wait_link_up || return 1
	start_server "$a" srv -t "$type" -b "$st:1:10" -n 12 || return 1
	wait_for 10 binding "$b" "$st" 1 10 cluster '*' $ID_A ||
		{ diag "b never saw the binding"; return 1; }
	dest=$(server_addr srv)
	: > "$WORK/sent.out"
	for size in 1 1400 5000; do
		xclient "$b" -t "$type" -d "$st:$((size % 10 + 1))" -s $size \
			-n 2 || return 1
		xclient "$b" -t "$type" -p "$dest" -s $size -n 2 || return 1
	done
	finish 20 srv || return 1
	check_msgs srv
}

case_rdm() {
	dgram_case rdm 20041
}

case_dgram() {
	dgram_case dgram 20042
}

# seqpacket_to_a TYPE: 20 SEQPACKET messages of 3000 bytes from b to a
# server in a bound to TYPE, each once, in order, whole
seqpacket_to_a() {
	start_server "$a" srv -t seqpacket -b "$1:1:1" -n 20 || return 1
	wait_for 10 binding "$b" "$1" 1 1 cluster '*' $ID_A ||
		{ diag "b never saw the binding"; return 1; }
	: > "$WORK/sent.out"
	xclient "$b" -t seqpacket -d "$1:1" -s 3000 -n 20 || return 1
	finish 20 srv || return 1
	check_msgs srv
}

case_seqpacket() {
	two_nodes && wait_link_up || return 1
	seqpacket_to_a 20043
}

# tx_fragmented: how many messages b's link to a sent in fragments
tx_fragmented() {
	q "$b" $TIPC link statistics show link "$ID_B:vb-$ID_A:va" |
		sed -n 's/^ *TX packets:[0-9]* fragments:[0-9]*\/\([0-9]*\).*/\1/p'
}

# Devices of MTU 576: messages of 900 bytes, RDM and SEQPACKET, cross
# whole, in fragments (ours builds them whole and the link cuts them
# up; stock's socket cuts them for the link). The link's count of
# fragmented messages is checked with ours only: stock's data takes its
# crossover, which has no switch.
case_small_mtu() {
	local f0 f1

	two_nodes nobearer || return 1
	$IP -n "$a" link set va mtu 576 && $IP -n "$b" link set vb mtu 576 ||
		return 1
	enable_bearers && wait_link_up || return 1
	show "$b" $TIPC link list
	f0=$(tx_fragmented)
	start_server "$a" srv -t rdm -b 20045:1:1 -n 10 || return 1
	wait_for 10 binding "$b" 20045 1 1 cluster '*' $ID_A ||
		{ diag "b never saw the binding"; return 1; }
	: > "$WORK/sent.out"
	xclient "$b" -t rdm -d 20045:1 -s 900 -n 5 &&
		xclient "$b" -t rdm -p "$(server_addr srv)" -s 900 -n 5 ||
		return 1
	finish 20 srv && check_msgs srv || return 1
	start_server "$a" srv -t seqpacket -b 20046:1:1 -n 5 || return 1
	wait_for 10 binding "$b" 20046 1 1 cluster '*' $ID_A ||
		{ diag "b never saw the binding"; return 1; }
	: > "$WORK/sent.out"
	xclient "$b" -t seqpacket -d 20046:1 -s 900 -n 5 || return 1
	finish 20 srv && check_msgs srv || return 1
	f1=$(tx_fragmented)
	diag "b's link sent $((f1 - f0)) messages in fragments"
	! q "$b" test -e $XO_SYSCTL || [ $((f1 - f0)) -ge 15 ]
}

# stream_echo FROM TO TYPE BYTES: one connection from FROM to a server in
# TO that sends everything back: BYTES each way, whole and in order (the
# same length and hash)
stream_echo() {
	local from=$1 to=$2 st=$3 n=$(($4 / 65536)) sent

	start_server "$to" srv -E -t stream -b "$st:1:1" || return 1
	wait_for 10 binding "$from" "$st" 1 1 cluster '*' '*' ||
		{ diag "[$from] never saw the binding"; return 1; }
	client "$from" -E -t stream -d "$st:1" -s 65536 -n $n ||
		{ sed 's/^/#   /' "$WORK/client.out"; return 1; }
	finish 60 srv || return 1
	sent=$(sed -n 's/^total //p' "$WORK/client.out")
	diag "sent $sent, the server got $(cat "$WORK/srv.out"), and sent" \
		"back $(sed -n 's/^echo //p' "$WORK/client.out")"
	expect "bytes sent" "${sent% *}" "$4" &&
		expect "bytes received" "$(cat "$WORK/srv.out")" "eof $sent" &&
		expect "bytes echoed" \
			"$(sed -n 's/^echo //p' "$WORK/client.out")" "$sent"
}

case_stream() {
	two_nodes && wait_link_up || return 1
	stream_echo "$b" "$a" 20044 1048576 &&
		stream_echo "$a" "$b" 20045 1048576
}

case_rdm_66000() {
	two_nodes && wait_link_up || return 1
	start_server "$a" srv -t rdm -b 20005:1:1 -n 3 || return 1
	wait_for 10 binding "$b" 20005 1 1 cluster '*' $ID_A ||
		{ diag "b never saw the binding"; return 1; }
	: > "$WORK/sent.out"
	xclient "$b" -t rdm -d 20005:1 -s 66000 -n 3 || return 1
	finish 20 srv || return 1
	check_msgs srv
}

# Multicast across nodes: a message to a range reaches every socket bound
# in it with cluster scope on the other node, and our own of any scope;
# another node's node-scope binding never sees it
case_mcast() {
	local pb

	two_nodes && wait_link_up || return 1
	start_server "$a" far -t rdm -b 20050:1:5 -b 20050:2:2 -n 3 || return 1
	start_server "$a" hidden -t rdm -b 20050:3:3:node -n 1 || return 1
	start_server "$b" near -t rdm -b 20050:4:4 -n 3 || return 1
	wait_for 10 binding "$b" 20050 1 5 cluster '*' $ID_A ||
		{ diag "b never saw the binding"; return 1; }
	: > "$WORK/sent.out"
	for size in 100 5000 66000; do
		xclient "$b" -t rdm -m 20050:0:10 -s $size -n 1 || return 1
	done
	finish 20 far && check_msgs far || return 1
	finish 10 near && check_msgs near || return 1
	# hidden's first message is a's own, not one of b's
	: > "$WORK/sent.out"
	xclient "$a" -t rdm -m 20050:3:3 -s 10 -n 1 || return 1
	finish 10 hidden && check_msgs hidden
}

# b's topology server: a's node comes up; a binding in a appears and goes
case_topology() {
	local na

	two_nodes nobearer || return 1
	subscribe "$b" nodes $NODE_STATE || return 1
	subscribe "$b" svc 20006:0:100 || return 1
	enable_bearers && wait_link_up || return 1
	na=$(node_addr "$a")
	diag "a is node $na ($((0x$na)))"
	if ! wait_for 10 grep -q "^published $((0x$na)) $((0x$na)) " \
		"$WORK/nodes.out"; then
		diag "no node event for a; events:"
		sed 's/^/#   /' "$WORK/nodes.out"
		return 1
	fi
	bg "$a" hold $SOCK hold c=bound:rdm:20006:5:7
	wait_for 10 grep -qx ready "$WORK/hold.out" || return 1
	wait_for 10 grep -qx "published 5 7 port $na" "$WORK/svc.out" ||
		{ diag "no event for a's binding"; sed 's/^/#   /' \
			"$WORK/svc.out"; return 1; }
	kill "$PID_hold"
	wait_for 10 grep -qx "withdrawn 5 7 port $na" "$WORK/svc.out" ||
		{ diag "no withdrawal"; sed 's/^/#   /' "$WORK/svc.out"; return 1; }
	sed 's/^/#   nodes: /' "$WORK/nodes.out"
	sed 's/^/#   svc: /' "$WORK/svc.out"
}

# va down in a: b's link and node go down, its subscriber hears of it,
# and a connection to a breaks; va up: the link is back
case_link_loss() {
	local na t0

	two_nodes nobearer || return 1
	subscribe "$b" nodes $NODE_STATE || return 1
	enable_bearers && wait_link_up || return 1
	na=$(node_addr "$a")
	wait_for 10 grep -q "^published $((0x$na)) " "$WORK/nodes.out" ||
		{ diag "no node event for a"; return 1; }
	# a connection from a to a server in b
	start_server "$b" srv -t seqpacket -b 20007:1:1 -n -1 || return 1
	wait_for 10 binding "$a" 20007 1 1 cluster '*' $ID_B ||
		{ diag "a never saw the binding"; return 1; }
	bg "$a" holder $SOCK client -t seqpacket -d 20007:1 -n 3 -H
	wait_for 10 grep -qx holding "$WORK/holder.out" || return 1
	wait_for 10 sh -c "[ \$(grep -c '^recv' $WORK/srv.out) = 3 ]" ||
		return 1
	gone "$SERVER_srv" && { diag "the server ended early"; return 1; }
	t0=$(uptime_cs)
	nsx "$a" $IP link set va down || return 1
	wait_for 10 link_not_up "$b" ||
		{ diag "b's link still up"; state; return 1; }
	diag "b's link down after $(($(uptime_cs) - t0))0 ms"
	wait_for 10 grep -q "^withdrawn $((0x$na)) " "$WORK/nodes.out" ||
		{ diag "no withdrawal of a's node"; state; return 1; }
	diag "withdrawn after $(($(uptime_cs) - t0))0 ms"
	node_is "$b" $ID_A up && { diag "a still up in b"; state; return 1; }
	wait_for 10 gone "$SERVER_srv" ||
		{ diag "b's end of the connection did not notice"; return 1; }
	wait "$SERVER_srv"
	diag "b's server ended with status $?: $(cat "$WORK/srv.out" \
		"$WORK/srv.err" | tail -n 2)"
	state
	nsx "$a" $IP link set va up || return 1
	wait_for 5 carrier "$a" va || return 1
	wait_link_up 20 || return 1
	wait_for 10 node_is "$b" $ID_A up ||
		{ diag "a not up again in b"; state; return 1; }
	wait_for 10 sh -c "[ \$(grep -c '^published $((0x$na)) ' \
		$WORK/nodes.out) = 2 ]" || { diag "no second node event"; return 1; }
	sed 's/^/#   nodes: /' "$WORK/nodes.out"
}

case_bearer_disable() {
	two_nodes && wait_link_up || return 1
	nsx "$a" $TIPC bearer disable media eth device va || return 1
	wait_for 10 link_not_up "$b" ||
		{ diag "b's link still up"; state; return 1; }
	state
	nsx "$a" $TIPC bearer enable media eth device va || return 1
	wait_link_up 20
}

# a's device takes another MAC address while up. a's bearer resets; b's
# device stays up, so b keeps its link to a and must take the new
# address from a's discovery once that link has reset. (Taking the
# device down would drop b's carrier, its bearer and its link too.)
case_new_mac() {
	two_nodes && wait_link_up || return 1
	nsx "$a" $IP link set va address 02:00:00:00:0a:02 || return 1
	wait_link_up 20 || return 1
	seqpacket_to_a 20044
}

# netem NS DEV: a lossy, duplicating, reordering, delaying device
# A node still up cannot be removed; once our bearer is gone it can, and
# it leaves the node list
case_peer_remove() {
	local addr

	two_nodes && wait_link_up || return 1
	wait_for 5 node_is "$b" $ID_A up || { state; return 1; }
	addr=$(printf %d 0x"$(node_addr "$a")")
	if nsx "$b" $TIPC peer remove address "$addr"; then
		diag "removed while up"
		return 1
	fi
	node_is "$b" $ID_A up || { diag "the refused removal hurt"; return 1; }
	nsx "$b" $TIPC bearer disable media eth device vb || return 1
	wait_for 10 node_is "$b" $ID_A down || { state; return 1; }
	nsx "$b" $TIPC peer remove address "$addr" || return 1
	q "$b" $TIPC node list | grep -q "^$ID_A " &&
		{ diag "$ID_A still listed"; state; return 1; }
	nsx "$b" $TIPC peer remove address "$addr" &&
		{ diag "removed twice"; return 1; }
	return 0
}

netem() {
	nsx "$1" $TC qdisc add dev "$2" root netem loss 5% duplicate 2% \
		reorder 10% delay 1ms > "$WORK/tc.out" 2>&1 && return 0
	sed 's/^/#   /' "$WORK/tc.out"
	return 1
}

# Numbered RDM messages and a stream through netem: each message once,
# in order, whole; the stream whole
case_lossy() {
	local na

	[ -x "$TC" ] || { skip "no $TC (iproute2) in this image"; return 4; }
	two_nodes nobearer || return 1
	if ! netem "$a" va; then
		grep -qi "unknown" "$WORK/tc.out" &&
			{ skip "no netem: $(head -n 1 "$WORK/tc.out")"; return 4; }
		return 1
	fi
	netem "$b" vb || return 1
	show "$a" $TC qdisc show dev va
	enable_bearers && wait_link_up 30 || return 1
	start_server "$a" srv -t rdm -q -b 20009:1:1 -n 2000 || return 1
	wait_for 20 binding "$b" 20009 1 1 cluster '*' $ID_A ||
		{ diag "b never saw the binding"; return 1; }
	: > "$WORK/sent.out"
	diag "[$b] $SOCK client -t rdm -d 20009:1 -q -I 3 -s 200 -n 2000"
	q "$b" $SOCK client -t rdm -d 20009:1 -q -I 3 -s 200 -n 2000 \
		> "$WORK/sent.out" 2>&1 || { tail -n 3 "$WORK/sent.out"; return 1; }
	finish 60 srv || return 1
	na=$(sed -n 's/^port \([0-9]*\) node \([0-9a-f]*\)$/\2:\1/p' \
		"$WORK/sent.out")
	awk -v from="$na" '$1 == "sent" { print $2, $3, from, "seq", n++ }' \
		"$WORK/sent.out" > "$WORK/want"
	awk '$1 == "recv" { print $2, $3, $5, $6, $7 }' "$WORK/srv.out" \
		> "$WORK/got"
	same "numbered messages" "$WORK/got" "$WORK/want" || return 1
	diag "2000 messages in order"
	stream_echo "$b" "$a" 20019 2097152 || return 1
	link_is "$b" up || { diag "the link went down"; state; return 1; }
	show "$b" $TIPC link statistics show link "$ID_B:vb-$ID_A:va"
}

ktap_plan 16
tipc_run_case "link up between two namespaces over veth" case_link_up
tipc_run_case "link name is self:dev-peer:dev on both sides" case_link_name
tipc_run_case "name table: cluster bindings distributed, node ones not" \
	case_nametable
tipc_run_case "RDM across nodes, by service and socket address" case_rdm
tipc_run_case "DGRAM across nodes, by service and socket address" case_dgram
tipc_run_case "SEQPACKET across nodes" case_seqpacket
tipc_run_case "MTU 576: messages of 900 bytes cross in fragments" \
	case_small_mtu
tipc_run_case "STREAM across nodes: 1 MB echoed, from each side" \
	case_stream
tipc_run_case "RDM message of 66000 bytes across nodes" case_rdm_66000
tipc_run_case "multicast across nodes: cluster scope there, any here" \
	case_mcast
tipc_run_case "topology: peer node and remote binding events" case_topology
tipc_run_case "device down: link, node and connection down; up again" \
	case_link_loss
tipc_run_case "bearer disabled on one side: peer link down; up again" \
	case_bearer_disable
tipc_run_case "new MAC address on a live device: link up at the new one" \
	case_new_mac
tipc_run_case "peer remove: refused while up, done once down" \
	case_peer_remove
tipc_run_case "lossy device: 2000 RDM messages in order, 2 MB stream echoed" \
	case_lossy
ktap_finished
