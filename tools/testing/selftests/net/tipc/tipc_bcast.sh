#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The broadcast link. Three nodes: namespaces alpha, beta and gamma, an
# Ethernet bearer each, alpha's on a bridge that beta's and gamma's veths
# join. A multicast sent by broadcast leaves its node once and reaches
# the sockets bound in the range on both other nodes, in order; also
# when the sender's device loses, duplicates and reorders packets (the
# receivers report their gaps, the sender broadcasts those packets
# again). "tipc link set broadcast" picks the method of the sockets that
# did not pick one, and shows in "tipc link get broadcast"; a socket
# switching between the two keeps its messages in order. Group
# broadcasts go to each node once, and it hands them to its members.
#
# Broadcasts go over the bearer with the stock module too: its crossover
# between namespaces carries only what goes to one node.
cd "$(dirname "$0")" || exit 1
. ./tipc_lib.sh

TC=/sbin/tc
S_MC=20100

# bc_tx NS: the packets NS's broadcast link has sent
bc_tx() {
	q "$1" $TIPC link statistics show link broadcast-link |
		awk '/^Link <broadcast-link>$/ { on = 1; next }
		     /^Link </ { on = 0 }
		     on && $1 == "TX" && sub("^packets:", "", $2) {
			print $2; exit }'
}

# servers N [M]: on beta a server bound to {S_MC, 1..10}, on gamma one
# bound to {S_MC, 5..15}, taking N messages (M on gamma); alpha has
# seen both bindings
servers() {
	start_server "$b" sb -t rdm -q -b $S_MC:1:10 -n "$1" &&
		start_server "$c" sc -t rdm -q -b $S_MC:5:15 -n "${2:-$1}" ||
		return 1
	wait_for 10 bound "$a" beta && wait_for 10 bound "$a" gamma ||
		{ diag "alpha never saw both bindings"; return 1; }
}

# bound NS ID: NS's name table has ID's binding of S_MC
bound() {
	q "$1" $TIPC nametable show | awk -v t=$S_MC -v id="$2" '
		$1 == t && $6 == id { f = 1 } END { exit !f }'
}

# mcast NS RANGE ARGS...: tipc_sock client in NS multicasting to
# {S_MC, RANGE}, its output added to $WORK/sent.out
mcast() {
	local ns=$1 range=$2

	shift 2
	client "$ns" -t rdm -m "$S_MC:$range" -q "$@" ||
		{ sed 's/^/#   /' "$WORK/client.out"; return 1; }
	cat "$WORK/client.out" >> "$WORK/sent.out"
}

# by_bcast MIN: alpha's broadcast link has sent MIN packets at least;
# BC_TX is what it has sent
by_bcast() {
	BC_TX=$(bc_tx "$a")
	diag "alpha's broadcast link sent $BC_TX packets"
	[ "${BC_TX:-0}" -ge "$1" ] || { diag "not broadcast"; return 1; }
}

# not_by_bcast: since by_bcast, alpha's broadcast link has sent one
# packet at most (the stock module's, as a socket switches to replicast:
# an empty message for the receivers to keep the order)
not_by_bcast() {
	local now

	now=$(bc_tx "$a")
	diag "alpha's broadcast link has now sent $now packets"
	[ "$now" -le $((BC_TX + 1)) ] || { diag "broadcast"; return 1; }
}

# both_have N: both servers have received N messages (before another
# socket's messages, sent another way, could overtake them)
both_have() {
	wait_for 20 received_is sb "$1" && wait_for 20 received_is sc "$1"
}

# got SERVER [SENT]: SERVER received, in order, everything the clients
# sent (their outputs: SENT, by default $WORK/sent.out; each client
# numbers its messages from 0)
got() {
	awk '$1 == "port" { n = 0 }
	     $1 == "sent" { print $2, $3, "seq", n++ }' \
		"${2:-$WORK/sent.out}" > "$WORK/want"
	awk '$1 == "recv" { print $2, $3, $6, $7 }' "$WORK/$1.out" \
		> "$WORK/got"
	cmp -s "$WORK/got" "$WORK/want" && return 0
	diag "$1: $(wc -l < "$WORK/got") messages, want" \
		"$(wc -l < "$WORK/want"); first difference:"
	diff "$WORK/want" "$WORK/got" | head -n 6 | sed 's/^/#   /'
	return 1
}

# received SERVER: how many messages SERVER has received
received() {
	grep -c '^recv' "$WORK/$1.out"
}

received_is() {
	[ "$(received "$1")" = "$2" ]
}

# done_ok SECS SERVER [SENT]: SERVER ended well within SECS, and got
# all that was sent (see got)
done_ok() {
	local pid

	eval "pid=\$SERVER_$2"
	wait_for "$1" gone "$pid" ||
		{ diag "$2: $(received "$2") received";
		  kill "$pid" 2> /dev/null; return 1; }
	wait_server "$2" && got "$2" "${3:-}"
}

# The settings, once there are peers (before, the stock module shows no
# method, "UNKNOWN", and refuses to set one: it does not know yet
# whether its bearers can broadcast)
case_settings() {
	three_nodes || return $?
	t "$a" link get broadcast || return 1
	expect "default" "$(cat "$WORK/out")" "AUTOSELECT ratio:10" || return 1
	for m in REPLICAST BROADCAST; do
		t "$a" link set broadcast $m && t "$a" link get broadcast &&
			expect "method" "$(cat "$WORK/out")" $m || return 1
	done
	t "$a" link set broadcast AUTOSELECT ratio 30 &&
		t "$a" link get broadcast || return 1
	expect "autoselect" "$(cat "$WORK/out")" "AUTOSELECT ratio:30" ||
		return 1
	for r in 0 101; do
		t "$a" link set broadcast ratio $r &&
			{ diag "ratio $r accepted"; return 1; }
		grep -qx "kernel answers: Invalid argument" "$WORK/out" ||
			return 1
	done
	t "$a" link set window 100 link broadcast-link || return 1
	t "$a" link statistics show link broadcast-link || return 1
	grep -q "Window:100 packets" "$WORK/out"
}

# The socket asks for broadcast: 60 messages of 4..5000 bytes, each
# sent once on alpha's broadcast link, reach both servers in order
case_forced() {
	three_nodes || return $?
	servers 60 || return 1
	: > "$WORK/sent.out"
	for s in 4 1400 5000; do
		mcast "$a" 0:20 -B -s $s -n 20 || return 1
	done
	done_ok 20 sb && done_ok 20 sc && by_bcast 60
}

# "tipc link set broadcast BROADCAST": a socket that picked nothing
# broadcasts, 66000-byte messages too; REPLICAST: it no longer does
case_method() {
	three_nodes || return $?
	servers 6 || return 1
	t "$a" link set broadcast BROADCAST || return 1
	: > "$WORK/sent.out"
	mcast "$a" 0:20 -s 66000 -n 3 && by_bcast 3 && both_have 3 || return 1
	t "$a" link set broadcast REPLICAST || return 1
	mcast "$a" 0:20 -s 100 -n 3 && not_by_bcast || return 1
	done_ok 20 sb && done_ok 20 sc
}

# AUTOSELECT, the default, with two peers: a multicast reaching both
# goes by broadcast, one reaching one of them by replicast (1 + 10% of
# two peers)
case_autoselect() {
	three_nodes || return $?
	servers 6 3 || return 1
	: > "$WORK/sent.out"
	mcast "$a" 0:20 -s 1000 -n 3 && by_bcast 3 && both_have 3 || return 1
	cp "$WORK/sent.out" "$WORK/sent_c.out"
	mcast "$a" 1:2 -s 1000 -n 3 && not_by_bcast || return 1
	done_ok 20 sb && done_ok 20 sc "$WORK/sent_c.out"
}

# Broadcasts through a lossy, duplicating, reordering device: each
# message once and in order on both nodes
case_lossy() {
	[ -x "$TC" ] || { skip "no $TC (iproute2) in this image"; return 4; }
	three_nodes || return $?
	servers 300 || return 1
	nsx "$a" $TC qdisc add dev br0 root netem loss 5% duplicate 2% \
		reorder 10% delay 1ms || return 1
	: > "$WORK/sent.out"
	mcast "$a" 0:20 -B -I 3 -s 200 -n 300 || return 1
	done_ok 60 sb && done_ok 60 sc || return 1
	show "$a" $TIPC link statistics show link broadcast-link
	links_up "$a" 2 || { diag "a link went down"; return 1; }
}

# sent_min N: the client writing $WORK/sent.out has sent N at least
sent_min() {
	[ "$(grep -c '^sent' "$WORK/sent.out")" -ge "$1" ]
}

# "tipc link set broadcast" flips the method every 50 messages sent while a
# socket multicasts 400 through a lossy device: it switches at once (no
# hold: every node marks a switch with a SYN pair), and the receivers
# hold what comes the new way until the old way's SYN is in; both get
# all 400 once and in order, some by broadcast, some not
case_switch() {
	local k m pid

	[ -x "$TC" ] || { skip "no $TC (iproute2) in this image"; return 4; }
	three_nodes || return $?
	servers 400 || return 1
	nsx "$a" $TC qdisc add dev br0 root netem loss 5% delay 1ms || return 1
	diag "[$a] $SOCK client -m $S_MC:0:20 -n 400 -i 5000 &"
	$IP netns exec "$a" $SOCK client -t rdm -m "$S_MC:0:20" -q -I 3 \
		-s 200 -n 400 -i 5000 > "$WORK/sent.out" 2>&1 &
	pid=$!
	for k in 1 2 3 4 5 6 7; do
		wait_clock 60 sent_min $((k * 50)) || break
		m=BROADCAST
		[ $((k % 2)) = 0 ] || m=REPLICAST
		q "$a" $TIPC link set broadcast $m || break
	done
	wait "$pid" || { diag "the client failed"; return 1; }
	done_ok 60 sb && done_ok 60 sc || return 1
	show "$a" $TIPC link statistics show link broadcast-link
	by_bcast 40 || return 1
	[ "$BC_TX" -lt 400 ] || { diag "all by broadcast"; return 1; }
}

# A communication group of three members on each node: each member
# broadcasts, multicasts (to instance 7, bound on every node), unicasts
# to every other member and anycasts to one on the next node, and gets
# what concerns it once, in order, intact, then "done"; a member leaves
# only after its last message came. A node takes one copy of each
# broadcast and hands it to its members; the broadcast link carries
# those that do not follow a unicast (AUTOSELECT with two peers)
case_group() {
	group_run || return $?
	show "$a" $TIPC link statistics show link broadcast-link
	by_bcast $GC_STEPS
}

ktap_plan 7
tipc_run_case "broadcast settings: method, ratio and window" case_settings
tipc_run_case "TIPC_MCAST_BROADCAST: one broadcast reaches two nodes" \
	case_forced
tipc_run_case "link set broadcast: BROADCAST, then REPLICAST" case_method
tipc_run_case "AUTOSELECT: broadcast to two nodes, replicast to one" \
	case_autoselect
tipc_run_case "lossy device: 300 broadcasts once and in order on two nodes" \
	case_lossy
tipc_run_case "method switches while multicasting: all once and in order" \
	case_switch
tipc_run_case "group of 9 over three nodes: all ways, once and in order" \
	case_group
ktap_finished
