#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Two-VM link interop, run in both VMs of run.sh --pair (with --tipc2
# stock: our module against the stock one): each node takes identity
# nodeN, enables an Ethernet bearer on eth0, and the link comes up. Each
# binds its services {4242..4245, N} (cluster scope) and sees the
# peer's; then each sends to the other at the same time, so both
# directions are exercised in one run: numbered RDM messages of sizes
# 1..9000, a SEQPACKET connection, a 1 MB echoed STREAM and RDM
# messages of 66000 bytes (last: their fragments fill the link's
# backlog), and multicasts to a range holding the peer's binding: by
# replicast (what the stock module picks for one node advertising it),
# then with TIPC_MCAST_BROADCAST (each node's broadcast link), the
# latter again through netem on both sides (loss, duplicates,
# reordering), which the receivers repair by reporting their gaps and
# the senders by broadcasting those packets again, then through netem
# while "tipc link set broadcast" flips the method (the receivers keep
# the order across each switch by its SYN pair). The receiver checks
# each message's length and hash, in order, against the same client run
# locally (the payload is a function of size and index only). A
# communication group with three members on each node sends all four
# ways (tipc_gcross checks what each member gets). A
# topology subscription to the node state sees the peer come up. Last,
# with the monitor threshold at 0, each side applies the domain record
# the other sends in its STATE messages. KTAP, one line per case on
# each node.
#
# Run as pair_udp.sh (a symlink to this script) the bearer is an UDP
# one on eth0's address instead, named "eth0" too, and the nodes find
# each other through the default multicast group; each sets the UDP
# media MTU to 1400 first, so that packets fit eth0. (Lowering it on the
# live bearer instead, as tipc_udp.sh does, leaves the stock module's
# broadcast MTU behind: its multicasts then exceed the link MTU and are
# dropped, "Too large msg".) The same cases then cover the UDP media's
# wire format and data path.
#
# The VMs share no files: they synchronise through TIPC itself, each
# waiting for the other's bindings in its name table ({4299, N}: node N
# is done).
cd "$(dirname "$0")" || exit 1
. ./tipc_lib.sh
. ./pair_lib.sh

TC=/sbin/tc
GCROSS=./tipc_gcross
PEER=${TIPC_VM_PEER:?run me in the two-VM mode}
NODE=${TIPC_VM_NODE:?run me in the two-VM mode}
OTHER=$((3 - NODE))
SELF_ID=node$NODE
PEER_ID=node$OTHER
LINK="$SELF_ID:eth0-$PEER_ID:eth0"
MEDIA=eth
case $(basename "$0") in
pair_udp*) MEDIA=udp ;;
esac
NODE_STATE=0:0:4294967295
# services: RDM, RDM 66000, SEQPACKET, STREAM, multicast, the local
# sink, done
S_RDM=4242 S_BIG=4243 S_SEQ=4244 S_STR=4245 S_MC=4246 S_MCB=4247 S_MCL=4248 S_MCS=4249 S_SINK=4300 S_DONE=4299
# RDM sizes:counts, 200 messages
RDM_MSGS="1:25 4:25 64:25 700:25 1400:25 1500:25 4000:25 9000:25"
BIG_MSGS="66000:3"
SEQ_MSGS="5000:40"
MC_MSGS="1:10 1400:10 5000:10"
MCB_MSGS="1:20 1400:20 5000:20"
STREAM_BYTES=1048576

link_up() {
	$TIPC link list | grep -qx "$LINK: up"
}

# binding TYPE LOWER UPPER SCOPE PORT NODE: "tipc nametable show" has
# this row (any field may be "*")
binding() {
	$TIPC nametable show | awk -v t="$1" -v l="$2" -v u="$3" \
		-v s="$4" -v p="$5" -v n="$6" '
		($1 == t || t == "*") && ($2 == l || l == "*") &&
		($3 == u || u == "*") && ($4 == s || s == "*") &&
		($5 == p || p == "*") && ($6 == n || n == "*") { f = 1 }
		END { exit !f }'
}

state() {
	diag "tipc link list:"
	$TIPC link list 2>&1 | sed 's/^/#   /'
	diag "tipc node list:"
	$TIPC node list 2>&1 | sed 's/^/#   /'
	diag "tipc link statistics show link $LINK:"
	$TIPC link statistics show link "$LINK" 2>&1 | sed 's/^/#   /'
	[ -z "${PEER_HEX:-}" ] ||
		diag "node-state events for $PEER_ID so far (a link reset is" \
			"a withdrawal):" "$(grep -c "^published $((0x$PEER_HEX)) " \
			"$WORK/nodes.out") published," \
			"$(grep -c "^withdrawn $((0x$PEER_HEX)) " \
			"$WORK/nodes.out") withdrawn"
	diag "dmesg (tipc, last 10):"
	dmesg | grep -i tipc | tail -n 10 | sed 's/^/#   /'
}

# expected FILE SIZE:COUNT...: the "LEN SUM" lines of the peer's client
# run with -q and these sizes, from the same run here to a local sink
expected() {
	local out=$1 sc

	shift
	: > "$out"
	for sc in "$@"; do
		$SOCK client -t rdm -d $S_SINK:$NODE -q -s "${sc%:*}" \
			-n "${sc#*:}" > "$WORK/regen.out" 2>&1 ||
			{ diag "local run: $(tail -n 1 "$WORK/regen.out")"; return 1; }
		awk '$1 == "sent" { print $2, $3 }' "$WORK/regen.out" >> "$out"
	done
}

# send SERVICE TYPE SIZE:COUNT...: our clients to the peer's SERVICE;
# TYPE mcast: RDM multicasts to the range {SERVICE, peer, peer}; bcast:
# the same asking for broadcast
send() {
	local st=$1 type=$2 sc total dest="-d $1:$OTHER"

	shift 2
	case $type in
	mcast) type=rdm dest="-m $st:$OTHER:$OTHER" ;;
	bcast) type=rdm dest="-B -m $st:$OTHER:$OTHER" ;;
	esac
	for sc in "$@"; do
		# shellcheck disable=SC2086
		$SOCK client -t "$type" $dest -q -s "${sc%:*}" \
			-n "${sc#*:}" > "$WORK/client.out" 2>&1 ||
			{ diag "client -t $type $dest -s ${sc%:*}:" \
				"$(tail -n 1 "$WORK/client.out")"; return 1; }
		total=$(sed -n 's/^total \([0-9]*\) .*/\1/p' "$WORK/client.out")
		expect "bytes sent to $st:$OTHER" "$total" \
			"$((${sc%:*} * ${sc#*:}))" || return 1
	done
	diag "sent $* to {$st, $OTHER}"
}

# received NAME SIZE:COUNT...: server NAME got, from the peer and in
# order, what the peer's client sends with these sizes
received() {
	local name=$1 froms

	shift
	expected "$WORK/$name.want" "$@" || return 1
	awk '$1 == "recv" { print $2, $3 }' "$WORK/$name.out" > "$WORK/$name.got"
	if ! cmp -s "$WORK/$name.got" "$WORK/$name.want"; then
		diag "$name: $(wc -l < "$WORK/$name.got") messages," \
			"want $(wc -l < "$WORK/$name.want"); first difference" \
			"(< want, > got; LEN SUM):"
		diff "$WORK/$name.want" "$WORK/$name.got" | head -n 10 |
			sed 's/^/#   /'
		return 1
	fi
	froms=$(awk '$1 == "recv" { split($5, a, ":"); print a[1] }' \
		"$WORK/$name.out" | sort -u)
	expect "$name: sender node" "$froms" "$PEER_HEX" || return 1
	diag "$name: $(wc -l < "$WORK/$name.got") messages from node" \
		"$PEER_HEX, in order and intact (seq" \
		"$(awk '$1 == "recv" { print $7 }' "$WORK/$name.out" |
			sort -un | tr '\n' ' ' | cut -c1-40)...)"
}

# Both VMs answer pings, then identities, a node-state subscription,
# the bearer; the link comes up named after both ends, the peer is up
case_link_up() {
	local i=0 t0

	while ! ping -c 1 -W 1 "$PEER" > /dev/null 2>&1; do
		i=$((i + 1))
		[ $i -lt 120 ] || { diag "no ping answer from $PEER"; return 1; }
	done
	diag "peer $PEER answered pings after $i failed tries"
	$TIPC node set identity "$SELF_ID" || return 1
	rm -f "$WORK/nodes.ready"
	bg nodes $SOCK subscribe -b $NODE_STATE -n 1000 -o "$WORK/nodes.ready"
	wait_for 10 test -s "$WORK/nodes.ready" ||
		{ diag "no topology subscription"; return 1; }
	# the sink of the local runs giving the expected hashes
	server sink -t rdm -b "$S_SINK:$NODE:$NODE:node" -n -1 ||
		return 1
	if [ $MEDIA = udp ]; then
		$TIPC media set mtu 1400 media udp &&
			$TIPC bearer enable media udp name eth0 \
			localip "10.77.0.$NODE"
	else
		$TIPC bearer enable media eth device eth0
	fi || return 1
	t0=$(cut -d' ' -f1 /proc/uptime)
	if ! wait_for 20 link_up; then
		diag "no link $LINK up within 20 s"
		state
		return 1
	fi
	diag "link up $(awk -v t="$t0" '{ printf "%.1f", $1 - t }' \
		/proc/uptime) s after the bearer"
	if [ $MEDIA = udp ]; then
		expect "bearer mtu" \
			"$($TIPC bearer get mtu media udp name eth0)" 1400 ||
			return 1
	fi
	$TIPC link list | sed 's/^/#   /'
	wait_for 5 node_is "$PEER_ID" up ||
		{ diag "$PEER_ID is not listed up"; state; return 1; }
	$TIPC node list | sed 's/^/#   /'
	PEER_HEX=$($TIPC node list | awk -v id="$PEER_ID" '$1 == id { print $2 }')
	PEER_HEX=$(printf %x "$((0x$PEER_HEX))")
	diag "peer $PEER_ID is node $PEER_HEX"
}

# Our servers bound in cluster scope; the peer's in our name table,
# with its identity
case_nametable() {
	local st

	server rdm -t rdm -q -b "$S_RDM:$NODE:$NODE" -n 200 &&
		server big -t rdm -q -b "$S_BIG:$NODE:$NODE" -n 3 &&
		server seq -t seqpacket -q -b "$S_SEQ:$NODE:$NODE" -n 40 &&
		server str -t stream -E -b "$S_STR:$NODE:$NODE" &&
		server mc -t rdm -q -b "$S_MC:$NODE:$NODE" -n 30 &&
		server mcb -t rdm -q -b "$S_MCB:$NODE:$NODE" -n 60 &&
		server mcl -t rdm -q -b "$S_MCL:$NODE:$NODE" -n 60 &&
		server mcs -t rdm -q -b "$S_MCS:$NODE:$NODE" -n 200 || return 1
	for st in $S_RDM $S_BIG $S_SEQ $S_STR $S_MC $S_MCB $S_MCL $S_MCS; do
		binding $st $NODE $NODE cluster '*' $SELF_ID ||
			{ diag "our {$st, $NODE} is not in our name table"; return 1; }
	done
	for st in $S_RDM $S_BIG $S_SEQ $S_STR $S_MC $S_MCB $S_MCL $S_MCS; do
		if ! wait_for 30 binding $st $OTHER $OTHER cluster '*' $PEER_ID
		then
			diag "no {$st, $OTHER} of $PEER_ID in our name table"
			$TIPC nametable show | sed 's/^/#   /'
			state
			return 1
		fi
	done
	$TIPC nametable show | grep -E "^(Type|42[0-9][0-9] )" | sed 's/^/#   /'
}

# exchange NAME SERVICE TYPE SECS SIZE:COUNT...: we send to the peer's
# SERVICE (send's TYPE) while the peer sends to ours, server NAME, which
# must have it all, in order and intact, within SECS
exchange() {
	local name=$1 st=$2 type=$3 secs=$4 rc=0

	shift 4
	send "$st" "$type" "$@" || rc=1
	finish "$secs" "$name" || rc=1
	received "$name" "$@" || rc=1
	return $rc
}

# 200 numbered RDM messages, 1..9000 bytes, each way at once
case_rdm() {
	exchange rdm $S_RDM rdm 30 $RDM_MSGS || { state; return 1; }
}

# RDM messages of 66000 bytes (fragmented), each way at once
case_rdm_big() {
	exchange big $S_BIG rdm 30 $BIG_MSGS || { state; return 1; }
}

# A SEQPACKET connection to the peer's server, 40 messages of 5000
# bytes (fragmented), each way at once
case_seqpacket() {
	exchange seq $S_SEQ seqpacket 30 $SEQ_MSGS || { state; return 1; }
}

# 1 MB over a STREAM connection to the peer's echo server, each way at
# once: our client gets back what it sent; our server got it whole
case_stream() {
	local rc=0 n=$((STREAM_BYTES / 65536)) sent want

	if $SOCK client -E -t stream -d "$S_STR:$OTHER" -s 65536 -n $n \
		> "$WORK/sclient.out" 2>&1; then
		sent=$(sed -n 's/^total //p' "$WORK/sclient.out")
		diag "sent $sent, echoed" \
			"$(sed -n 's/^echo //p' "$WORK/sclient.out")"
		expect "bytes sent" "${sent% *}" $STREAM_BYTES &&
			expect "bytes echoed" \
			"$(sed -n 's/^echo //p' "$WORK/sclient.out")" "$sent" ||
			rc=1
	else
		diag "stream client: $(tail -n 2 "$WORK/sclient.out" | tr '\n' ' ')"
		rc=1
	fi
	finish 30 str || rc=1
	# the peer sends what a local client sends in 16 messages of 64 KiB
	$SOCK client -t rdm -d $S_SINK:$NODE -s 65536 -n $n \
		> "$WORK/regen.out" 2>&1 || rc=1
	want=$(sed -n 's/^total //p' "$WORK/regen.out")
	expect "our server's stream" "$(cat "$WORK/str.out")" "eof $want" ||
		rc=1
	[ $rc = 0 ] || state
	return $rc
}

# Multicasts of 1..5000 bytes to the range holding the peer's binding,
# each way at once
case_mcast() {
	exchange mc $S_MC mcast 30 $MC_MSGS || { state; return 1; }
}

# The same asking for broadcast: each node's broadcast link carries
# them, and the peer acknowledges them on the link
case_mcast_bcast() {
	local rc=0

	exchange mcb $S_MCB bcast 30 $MCB_MSGS || rc=1
	$TIPC link statistics show link broadcast-link | sed 's/^/#   /'
	expect "broadcast packets sent" "$(bc_tx_pkts)" ok || rc=1
	[ $rc = 0 ] || state
	return $rc
}

# The same through a lossy, duplicating, reordering wire: each side's
# netem spoils what it sends, broadcasts included
case_mcast_lossy() {
	local rc=0

	$TC qdisc add dev eth0 root netem loss 5% duplicate 2% reorder 10% \
		delay 1ms || return 1
	exchange mcl $S_MCL bcast 60 $MCB_MSGS || rc=1
	$TIPC link statistics show link broadcast-link | sed 's/^/#   /'
	$TC qdisc del dev eth0 root || rc=1
	[ $rc = 0 ] || state
	return $rc
}

# sent_min N: our switching client has sent N messages at least
sent_min() {
	[ "$(grep -c '^sent' "$WORK/swclient.out")" -ge "$1" ]
}

# bc_tx: the packets our broadcast link has sent
bc_tx() {
	$TIPC link statistics show link broadcast-link |
		sed -n 's/^ *TX packets:\([0-9]*\).*/\1/p' | head -n 1
}

# 200 multicasts each way through the lossy wire while "tipc link set
# broadcast" flips the method every 50 sent: each switch is marked by a
# SYN pair, and the receiving side holds what comes the new way until
# the old way's SYN is in: all arrive in order, some by broadcast
case_mcast_switch() {
	local rc=0 k m pid bc0 bc

	bc0=$(bc_tx)
	$TC qdisc add dev eth0 root netem loss 5% delay 1ms || return 1
	$SOCK client -t rdm -m "$S_MCS:$OTHER:$OTHER" -q -I 3 -s 200 \
		-n 200 -i 5000 > "$WORK/swclient.out" 2>&1 &
	pid=$!
	for k in 1 2 3; do
		wait_clock 60 sent_min $((k * 50)) || { rc=1; break; }
		m=REPLICAST
		[ $((k % 2)) = 0 ] || m=BROADCAST
		$TIPC link set broadcast $m || rc=1
	done
	wait "$pid" || { diag "client: $(tail -n 1 "$WORK/swclient.out")"; rc=1; }
	finish 60 mcs || rc=1
	received mcs 200:200 || rc=1
	$TIPC link statistics show link broadcast-link | sed 's/^/#   /'
	bc=$(($(bc_tx) - bc0))
	diag "$bc of our 200 went by broadcast"
	[ "$bc" -ge 20 ] && [ "$bc" -lt 200 ] || rc=1
	$TIPC link set broadcast AUTOSELECT || rc=1
	$TC qdisc del dev eth0 root || rc=1
	[ $rc = 0 ] || state
	return $rc
}

# bc_tx_pkts: "ok" if the broadcast link sent at least 60 packets (its
# entry comes first, before those of the receiving ends)
bc_tx_pkts() {
	$TIPC link statistics show link broadcast-link |
		sed -n 's/^ *TX packets:\([0-9]*\).*/\1/p' |
		awk 'NR == 1 { print ($1 >= 60 ? "ok" : "only " $1) }'
}

# A communication group, three members on each node: each member
# broadcasts, multicasts to instance 7 (two members on each node),
# unicasts to every other member and anycasts to one on the other node;
# every member gets what concerns it once, in order and intact
# (tipc_gcross checks), and members leave only after their last
# message. A node sends one copy of a broadcast to the other, which
# hands it to its members; stock does so, and takes only that.
case_group() {
	local rc=0

	$GCROSS "$NODE" 2 3 40 > "$WORK/gcross.out" 2>&1 || rc=1
	sed 's/^/#   /' "$WORK/gcross.out"
	[ $rc = 0 ] || state
	return $rc
}

# The node-state subscription made before the bearer saw the peer
case_topology() {
	local a

	[ -n "${PEER_HEX:-}" ] || { diag "the peer's address is unknown"; return 1; }
	a=$((0x$PEER_HEX))
	if ! wait_for 10 grep -q "^published $a $a " "$WORK/nodes.out"; then
		diag "no node event for $PEER_ID ($a); events:"
		sed 's/^/#   /' "$WORK/nodes.out"
		return 1
	fi
	sed 's/^/#   nodes: /' "$WORK/nodes.out"
}

# mon_peer: the monitor's line for the peer (the second node listed):
# address, up/down, direct/indirect, generation, members' state
mon_peer() {
	$TIPC link monitor list |
		awk '$1 ~ /^[0-9]+\.[0-9]+\.[0-9]+$/ && ++n == 2 { print }'
}

# mon_peer_ok: the peer is up, and its domain record (generation > 0)
# applies to our ring and shows us up: "U"
mon_peer_ok() {
	mon_peer | awk '$2 == "up" && $4 > 0 && $5 == "U" { f = 1 }
			END { exit !f }'
}

# Monitoring on both sides (threshold 0: two nodes exceed it): each
# applies the domain record the other sends in its STATE messages
case_monitor() {
	local rc=0

	$TIPC link monitor set threshold 0 || return 1
	$TIPC link monitor summary | grep -q "overlapping-ring" ||
		{ diag "monitoring is not on"; rc=1; }
	if [ $rc = 0 ] && ! wait_for 20 mon_peer_ok; then
		diag "no usable domain record from $PEER_ID"
		rc=1
	fi
	$TIPC link monitor list | sed 's/^/#   /'
	link_up || { diag "the link went down"; rc=1; }
	$TIPC link monitor set threshold 32 || rc=1
	return $rc
}

# run DESCRIPTION FUNCTION: tipc_run_case, and the uptime it started at
run() {
	diag "uptime $(cut -d' ' -f1 /proc/uptime) s"
	tipc_run_case "$@"
}

ktap_plan 13
echo "# node $NODE ($TIPC_IMPL), peer $PEER"
run "pair link ($MEDIA): $SELF_ID:eth0-$PEER_ID:eth0 up, peer node up" \
	case_link_up
run "pair link: each side's cluster bindings in the other's name table" \
	case_nametable
run "pair link: 200 numbered RDM messages of 1..9000 bytes each way" \
	case_rdm
run "pair link: SEQPACKET connection each way" case_seqpacket
run "pair link: 1 MB STREAM echoed, a client on each side" \
	case_stream
run "pair link: RDM messages of 66000 bytes each way" case_rdm_big
run "pair link: 30 multicasts of 1..5000 bytes each way" case_mcast
run "pair link: 60 multicasts each way, TIPC_MCAST_BROADCAST" \
	case_mcast_bcast
run "pair link: the same through netem (5% loss, duplicates, reordering)" \
	case_mcast_lossy
run "pair link: 200 multicasts each way, switching method every 50" \
	case_mcast_switch
run "pair link: group of 3 members on each node, all ways of sending" \
	case_group
run "pair link: node-state subscription sees the peer" \
	case_topology
run "pair link: monitoring on, each side applies the other's domain record" \
	case_monitor

# Done: node 2 says so with a binding {4299, 2} and waits for node 1's
# {4299, 1}, which node 1 makes once it saw node 2's; so node 2 leaves
# only once node 1 no longer needs it. Node 1 then stays up (answering)
# until node 2's VM is gone. Each wait is bounded, and skipped if the
# link is down.
say_done() {
	$SOCK server -t rdm -b "$S_DONE:$NODE:$NODE" -n -1 > /dev/null 2>&1 &
	PIDS="$PIDS $!"
}

wait_done() {
	if link_up && wait_for 60 binding $S_DONE "$1" "$1" cluster '*' \
		"node$1"; then
		diag "node $1 is done too"
	else
		diag "node $1 did not say it is done"
	fi
}

if [ "$NODE" = 1 ]; then
	wait_done 2
	say_done
	i=0
	while ping -c 1 -W 1 "$PEER" > /dev/null 2>&1 && [ $i -lt 120 ]; do
		i=$((i + 1))
		sleep 1
	done
	diag "peer gone after $i s"
else
	say_done
	wait_done 1
fi
for p in $PIDS; do
	kill "$p" 2> /dev/null
done
ktap_finished
