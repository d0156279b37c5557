#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Two links between one pair of nodes, and failover between them: two
# namespaces joined by two veth pairs (va1-vb1, va2-vb2), an Ethernet
# bearer on each of the four ends, so two links come up between the
# same two nodes. Paced, numbered traffic (RDM, a SEQPACKET connection,
# a STREAM connection) then runs from b to a while one path fails: a
# device goes down, or a bearer is disabled. Every message must arrive
# exactly once and in order, the connections must live on, the node
# must stay up (its links are its business), the link on the failed
# path must be reported down within the tolerance and the other must
# stay up. When the device comes back, so does its link, under traffic
# (link synch), again losing and reordering nothing. The topology
# server's link-state service holds one binding per working link.
#
# The path to take down is the one carrying the traffic: the link whose
# packet counter grows. Between namespaces of one kernel the stock
# module delivers user data straight to the peer's socket (its
# "crossover"), so there nothing grows and the first path is taken; the
# link and node behaviour is real there all the same.
cd "$(dirname "$0")" || exit 1
. ./tipc_lib.sh

# Every wait here is bounded by the clock (tipc_lib.sh's wait_clock)
wait_for() {
	wait_clock "$@"
}

ID_A=alpha
ID_B=beta
NODE_STATE=0:0:4294967295
LINK_STATE=2:0:4294967295
# link tolerance (ms), default; a failed path must be seen within it
# (and some slack for a slow VM)
TOL=1500
# A debug kernel (lockdep) polls and fails paths several times slower:
# the traffic is paced slower there, so that a failure still falls in it
PACE_X=1
[ -e /proc/lockdep ] && PACE_X=4
SLACK=3
S_RDM=20101 S_SEQ=20102 S_STR=20103

# two_nodes: namespaces $a (alpha: va1, va2) and $b (beta: vb1, vb2),
# two veth pairs whose ends carry traffic, a bearer on each end
two_nodes() {
	local i

	new_ns a one && new_ns b two || return 1
	for i in 1 2; do
		$IP link add va$i netns "$a" type veth peer name vb$i \
			netns "$b" || return 1
		$IP -n "$a" link set va$i up && $IP -n "$b" link set vb$i up ||
			return 1
		wait_for 5 carrier "$a" va$i && wait_for 5 carrier "$b" vb$i ||
			return 1
	done
	nsx "$a" $TIPC node set identity $ID_A &&
		nsx "$b" $TIPC node set identity $ID_B || return 1
	for i in 1 2; do
		nsx "$a" $TIPC bearer enable media eth device va$i &&
			nsx "$b" $TIPC bearer enable media eth device vb$i ||
			return 1
	done
}

# peer_dev NS DEV: the device at the other end of DEV
peer_dev() {
	case $1 in
	"$a") echo "vb${2#va}" ;;
	*) echo "va${2#vb}" ;;
	esac
}

# link_name NS DEV: the name of NS's link over its device DEV
link_name() {
	if [ "$1" = "$a" ]; then
		echo "$ID_A:$2-$ID_B:$(peer_dev "$1" "$2")"
	else
		echo "$ID_B:$2-$ID_A:$(peer_dev "$1" "$2")"
	fi
}

# links NS: the lines of "tipc link list" in NS but the broadcast link's
links() {
	q "$1" $TIPC link list | grep -v '^broadcast-link: '
}

# link_up NS DEV: NS's link over DEV is up
link_up() {
	links "$1" | grep -qx "$(link_name "$1" "$2"): up"
}

# link_not_up NS DEV: NS's link over DEV is down or gone
link_not_up() {
	q "$1" $TIPC link list > /dev/null || return 1
	! link_up "$1" "$2"
}

# paths_up N...: the links of these paths are up on both sides
paths_up() {
	local p

	for p in "$@"; do
		link_up "$a" "va$p" && link_up "$b" "vb$p" || return 1
	done
}

# stats NS DEV: the statistics of NS's link over DEV, in the log
stats() {
	show "$1" $TIPC link statistics show link "$(link_name "$1" "$2")"
}

# wait_paths SECS N...: these paths' links come up on both sides
wait_paths() {
	local secs=$1

	shift
	wait_for "$secs" paths_up "$@" && return 0
	diag "the links of paths $* were not all up within $secs s"
	state
	return 1
}

# link_tx NS DEV: packets NS's link over DEV has sent
link_tx() {
	q "$1" $TIPC link statistics show link "$(link_name "$1" "$2")" |
		sed -n 's/^ *TX packets:\([0-9]*\).*/\1/p' | head -n 1
}

uptime_ms() {
	awk '{ split($1, t, "."); print t[1] * 1000 + t[2] * 10 }' /proc/uptime
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

# subscribe NS NAME RANGE [FILTER]: a topology subscription in NS, its
# events (with port numbers) in $WORK/NAME.out
subscribe() {
	rm -f "$WORK/$2.ready"
	bg "$1" "$2" $SOCK subscribe -P -b "$3" -f "${4:-service}" -n 1000 \
		-o "$WORK/$2.ready"
	wait_for 10 test -s "$WORK/$2.ready"
}

# binding NS TYPE: NS's name table has {TYPE, 1, 1} of node alpha
binding() {
	q "$1" $TIPC nametable show |
		awk -v t="$2" -v n=$ID_A '$1 == t && $2 == 1 && $3 == 1 &&
			$6 == n { f = 1 } END { exit !f }'
}

# flows_start SIZE COUNT PACE: servers in a, and from b at once, paced
# by PACE microseconds a message, COUNT numbered RDM messages and COUNT
# numbered SEQPACKET messages of SIZE bytes, and COUNT writes of SIZE
# bytes on a STREAM connection
flows_start() {
	local size=$1 n=$2 pace=$(($3 * PACE_X)) st

	FLOW_N=$n
	start_server "$a" rdm -t rdm -q -b $S_RDM:1:1 -n "$n" &&
		start_server "$a" seq -t seqpacket -q -b $S_SEQ:1:1 -n "$n" &&
		start_server "$a" str -t stream -b $S_STR:1:1 || return 1
	for st in $S_RDM $S_SEQ $S_STR; do
		wait_for 10 binding "$b" $st ||
			{ diag "b never saw {$st, 1}"; return 1; }
	done
	bg "$b" crdm $SOCK client -t rdm -d $S_RDM:1 -q -s "$size" -n "$n" \
		-i "$pace"
	bg "$b" cseq $SOCK client -t seqpacket -d $S_SEQ:1 -q -s "$size" \
		-n "$n" -i "$pace"
	bg "$b" cstr $SOCK client -t stream -d $S_STR:1 -s "$size" -n "$n" \
		-i "$pace"
}

# sent NAME: messages client NAME has sent so far
sent() {
	grep -c '^sent' "$WORK/$1.out" 2> /dev/null
}

# all_sent N: every client has sent N messages at least
all_sent() {
	[ "$(sent crdm)" -ge "$1" ] && [ "$(sent cseq)" -ge "$1" ] &&
		[ "$(sent cstr)" -ge "$1" ]
}

# wait_sent N: until every client has sent N messages (or ended)
wait_sent() {
	wait_for 60 all_sent "$1" && return 0
	diag "clients stuck: sent $(sent crdm) RDM, $(sent cseq) SEQPACKET," \
		"$(sent cstr) STREAM of $FLOW_N"
	return 1
}

# busy_path: the path whose link in b sends the most packets in a
# while of traffic (1 if none does)
busy_path() {
	local t1 t2 u1 u2

	t1=$(link_tx "$b" vb1) t2=$(link_tx "$b" vb2)
	wait_sent $((FLOW_N / 4)) || return 1
	u1=$(link_tx "$b" vb1) u2=$(link_tx "$b" vb2)
	u1=$((${u1:-0} - ${t1:-0})) u2=$((${u2:-0} - ${t2:-0}))
	if [ $u2 -gt $u1 ]; then BUSY=2; else BUSY=1; fi
	diag "packets sent meanwhile: $u1 on path 1, $u2 on path 2;" \
		"failing path $BUSY"
}

# all_gone VAR...: the processes whose pids these variables hold have
# all ended
all_gone() {
	local v pid

	for v in "$@"; do
		eval "pid=\$$v"
		gone "$pid" || return 1
	done
}

# client_done NAME: client NAME ended well
client_done() {
	local pid

	eval "pid=\$PID_$1"
	if ! wait_for 1 gone "$pid"; then
		diag "client $1 still running; $(sent "$1") sent"
		kill "$pid" 2> /dev/null
		return 1
	fi
	wait "$pid" && return 0
	diag "client $1 failed after $(sent "$1") messages:" \
		"$(tail -n 1 "$WORK/$1.out") $(cat "$WORK/$1.err")"
	return 1
}

# server_done NAME: server NAME (start_server) ended well
server_done() {
	local pid

	eval "pid=\$SERVER_$1"
	if ! wait_for 1 gone "$pid"; then
		diag "server $1 still running; $(grep -c '^recv' \
			"$WORK/$1.out") messages received"
		kill "$pid" 2> /dev/null
		return 1
	fi
	wait_server "$1"
}

# numbered CLIENT SERVER: the server got each of the client's messages
# once, in order, whole, from the client's socket
numbered() {
	local from

	from=$(sed -n 's/^port \([0-9]*\) node \([0-9a-f]*\)$/\2:\1/p' \
		"$WORK/$1.out")
	awk -v from="$from" '$1 == "sent" { print $2, $3, from, "seq", n++ }' \
		"$WORK/$1.out" > "$WORK/$1.want"
	awk '$1 == "recv" { print $2, $3, $5, $6, $7 }' "$WORK/$2.out" \
		> "$WORK/$2.got"
	cmp -s "$WORK/$2.got" "$WORK/$1.want" && return 0
	diag "$2: $(wc -l < "$WORK/$2.got") messages, want" \
		"$(wc -l < "$WORK/$1.want"); first difference (< want, > got):"
	diff "$WORK/$1.want" "$WORK/$2.got" | head -n 10 | sed 's/^/#   /'
	return 1
}

# flows_check: every client ended well within a minute, and every
# server got all of it soon after; the stream server saw its end, not a
# reset
flows_check() {
	local c rc=0 want

	wait_for 60 all_gone PID_crdm PID_cseq PID_cstr
	wait_for 10 all_gone SERVER_rdm SERVER_seq SERVER_str
	for c in crdm cseq cstr; do
		client_done $c || rc=1
	done
	for c in rdm seq str; do
		server_done $c || rc=1
	done
	[ $rc = 0 ] || return 1
	numbered crdm rdm && numbered cseq seq || return 1
	want=$(sed -n 's/^total //p' "$WORK/cstr.out")
	expect "stream" "$(cat "$WORK/str.out")" "eof $want" || return 1
	expect "bytes" "${want% *}" "$((FLOW_SIZE * FLOW_N))" || return 1
	diag "all $FLOW_N RDM and SEQPACKET messages once and in order," \
		"the stream whole ($want)"
}

# in_flight: the traffic is not over yet (so a failure now falls in it)
in_flight() {
	IN_FLIGHT=$(sent crdm)
	[ "$IN_FLIGHT" -lt "$FLOW_N" ] && return 0
	diag "the traffic was over before the path failed: make it longer"
	return 1
}

# fail_path NS DEV HOW: take DEV in NS down (HOW "dev") or disable its
# bearer (HOW "bearer"); both sides' links of that path go down within
# the tolerance, the other path's stay up, and so does the node
fail_path() {
	local ns=$1 dev=$2 t0 p=${2#v?} o

	o=$((3 - p))
	t0=$(uptime_ms)
	if [ "$3" = bearer ]; then
		nsx "$ns" $TIPC bearer disable media eth device "$dev"
	else
		nsx "$ns" $IP link set "$dev" down
	fi || return 1
	if ! wait_for $((TOL / 1000 + 1 + SLACK)) link_not_up "$a" va$p ||
		! wait_for 1 link_not_up "$b" vb$p; then
		diag "a link of path $p is still up"
		state
		return 1
	fi
	diag "path $p down on both sides after $(($(uptime_ms) - t0)) ms"
	paths_up $o || { diag "path $o went down too"; state; return 1; }
	node_is "$b" $ID_A up && node_is "$a" $ID_B up ||
		{ diag "the node went down"; state; return 1; }
}

# live_links: how many links to alpha b's link-state subscription
# (lstate) holds published now: one binding per working link, told
# apart by the port number (the link's bearer identities)
live_links() {
	awk -v n="$((0x$NA))" '$2 == n && $1 == "published" { up[$4] = 1 }
		$2 == n && $1 == "withdrawn" { delete up[$4] }
		END { for (r in up) c++; print c + 0 }' "$WORK/lstate.out"
}

# links_published N: b's link-state subscription has N links up
links_published() {
	[ "$(live_links)" = "$1" ]
}

# wait_published N: until links_published N
wait_published() {
	wait_for $((TOL / 1000 + 1 + SLACK)) links_published "$1" && return 0
	diag "link-state events for alpha say $(live_links) links are up," 		"not $1:"
	sed 's/^/#   links: /' "$WORK/lstate.out"
	return 1
}

# no_node_loss NAME: subscription NAME (node state, in b) never saw
# alpha withdrawn
no_node_loss() {
	if grep -q '^withdrawn' "$WORK/$1.out"; then
		diag "the node went down meanwhile:"
		sed 's/^/#   /' "$WORK/$1.out"
		return 1
	fi
}

# setup: two nodes, both paths up, b's subscriptions to node and link
# state
setup() {
	two_nodes || return 1
	subscribe "$b" nodes $NODE_STATE && subscribe "$b" lstate $LINK_STATE \
		ports || return 1
	wait_paths 20 1 2 || return 1
	NA=$(q "$a" $SOCK name -t rdm | sed -n 's/^port [0-9]* node //p')
	FLOW_SIZE=${1:-1000}
}

# failed_flows: what there is to see after traffic went wrong
failed_flows() {
	state
	show_events
	stats "$b" vb1
	stats "$b" vb2
}

show_events() {
	sed 's/^/#   nodes: /' "$WORK/nodes.out"
	sed 's/^/#   links: /' "$WORK/lstate.out"
}

# Both links come up, on both sides, to the same node
case_two_links() {
	two_nodes || return 1
	wait_paths 20 1 2 || return 1
	state
	expect "links in a" "$(links "$a" | wc -l)" 2 &&
		expect "links in b" "$(links "$b" | wc -l)" 2 || return 1
	wait_for 5 node_is "$b" $ID_A up && wait_for 5 node_is "$a" $ID_B up ||
		{ diag "the peer is not listed up"; state; return 1; }
	stats "$b" vb1
}

# A device goes down mid-stream on the receiving side
case_dev_down() {
	setup 1000 || return 1
	flows_start $FLOW_SIZE 300 10000 || return 1
	busy_path && in_flight || return 1
	fail_path "$a" va$BUSY dev || return 1
	diag "the path failed after $IN_FLIGHT of $FLOW_N messages"
	flows_check || { failed_flows; return 1; }
	paths_up $((3 - BUSY)) ||
		{ diag "the other path did not carry on"; state; return 1; }
	no_node_loss nodes || return 1
	show_events
	stats "$b" vb$((3 - BUSY))
}

# A path is down; traffic starts; the device comes back and its link up
# while the traffic runs (link synch); then the other path fails, so
# that the link just back carries all of it. The link takes a few
# seconds to come back (discovery): the traffic lasts longer.
case_dev_back() {
	local t0 n

	setup 1000 || return 1
	fail_path "$a" va1 dev || return 1
	flows_start $FLOW_SIZE 600 10000 || return 1
	wait_sent 20 || return 1
	t0=$(uptime_ms)
	nsx "$a" $IP link set va1 up || return 1
	wait_for 5 carrier "$a" va1 || return 1
	wait_paths 20 1 2 || { show_events; return 1; }
	n=$(sent crdm)
	diag "path 1 up again after $(($(uptime_ms) - t0)) ms;" \
		"$n of $FLOW_N messages sent"
	[ "$n" -lt $((FLOW_N * 3 / 4)) ] ||
		{ diag "too late: the traffic was almost over"; return 1; }
	wait_sent $((n + FLOW_N / 8)) || return 1
	fail_path "$b" vb2 dev || return 1
	flows_check || { failed_flows; return 1; }
	no_node_loss nodes || return 1
	show_events
	stats "$b" vb1
}

# The busy path's bearer is disabled on the sending side mid-stream
case_bearer_disable() {
	setup 1000 || return 1
	flows_start $FLOW_SIZE 300 10000 || return 1
	busy_path && in_flight || return 1
	fail_path "$b" vb$BUSY bearer || return 1
	diag "the path failed after $IN_FLIGHT of $FLOW_N messages"
	flows_check || { failed_flows; return 1; }
	no_node_loss nodes || return 1
	show_events
}

# The same with messages of 66000 bytes, each in many fragments, and
# the device going down on the sending side
case_big() {
	setup 66000 || return 1
	flows_start $FLOW_SIZE 60 50000 || return 1
	busy_path && in_flight || return 1
	fail_path "$b" vb$BUSY dev || return 1
	diag "the path failed after $IN_FLIGHT of $FLOW_N messages"
	flows_check || { failed_flows; return 1; }
	no_node_loss nodes || return 1
	show_events
}

# The link-state service: a binding {TIPC_LINK_STATE, alpha} per working
# link (the port number tells them apart); a failed link's is withdrawn,
# the other's stays; back when the link is
case_link_state() {
	setup || return 1
	wait_published 2 || return 1
	fail_path "$a" va2 dev && wait_published 1 || return 1
	nsx "$a" $IP link set va2 up || return 1
	wait_paths 20 1 2 && wait_published 2 || return 1
	show_events
}

ktap_plan 6
tipc_run_case "two bearers: two links to one node, both up on both sides" \
	case_two_links
tipc_run_case "device down mid-stream: other link carries on, nothing lost" \
	case_dev_down
tipc_run_case "device back mid-stream: link synch, then failover to it" \
	case_dev_back
tipc_run_case "bearer disabled mid-stream: nothing lost or reordered" \
	case_bearer_disable
tipc_run_case "66000-byte messages across failover: nothing lost" case_big
tipc_run_case "link-state events: one binding per link, withdrawn with it" \
	case_link_state
ktap_finished
