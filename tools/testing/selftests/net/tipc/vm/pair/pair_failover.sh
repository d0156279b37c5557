#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Two-VM failover, run in both VMs of run.sh --pair (with --tipc2 stock:
# our module against the stock one). The VMs are joined twice, eth0 and
# eth1 (the line below asks run.sh for the second link):
# vm-nics: 2
# Each node enables an Ethernet bearer on both, and two links come up
# between the two nodes. Each binds its services and sees the peer's;
# then both send at once, paced, numbered RDM messages (small ones, and
# ones of 66000 bytes, which cross in many fragments), a SEQPACKET
# connection and a STREAM connection to the other. Midway node 1 takes
# the NIC whose link carries its traffic down: its link there goes down
# at once, the peer's within the tolerance (its NIC still has carrier),
# the other link stays up, and so does the node. Every message still
# arrives exactly once and in order, and the connections live on. In a
# second run node 1 brings the NIC back midway: both links are up
# again while the traffic runs (link synch), which again loses and
# reorders nothing. The receiver checks each message's length and hash,
# in order, against the same client run locally (the payload is a
# function of size and index only). KTAP, one line per case on each
# node.
#
# The VMs share no files: they synchronise through TIPC itself, each
# waiting for the other's bindings in its name table ({4499, N}: node N
# is done).
cd "$(dirname "$0")" || exit 1
. ./tipc_lib.sh
. ./pair_lib.sh

# Every wait here is bounded by the clock (tipc_lib.sh's wait_clock)
wait_for() {
	wait_clock "$@"
}

PEER=${TIPC_VM_PEER:?run me in the two-VM mode}
NODE=${TIPC_VM_NODE:?run me in the two-VM mode}
OTHER=$((3 - NODE))
SELF_ID=node$NODE
PEER_ID=node$OTHER
NODE_STATE=0:0:4294967295
# services: run 1 and run 2 (RDM, SEQPACKET, STREAM), the local sink,
# done
S1_RDM=4401 S1_SEQ=4402 S1_STR=4403 S1_BIG=4404
S2_RDM=4411 S2_SEQ=4412 S2_STR=4413 S2_BIG=4414
S_SINK=4450 S_DONE=4499
SZ_RDM=1400 SZ_SEQ=3000 SZ_STR=4096
# messages and microseconds between them: each run lasts 6 s at least,
# long enough for the peer's traffic to see node 1's NIC go down (the
# VMs start a few seconds apart) and for the link to come back (some
# 3 s) under the traffic
N1=400 PACE1=15000
N2=400 PACE2=15000
# RDM messages of 66000 bytes a run, spread over the same time
NB=20

# all_gone NAME...: these processes (bg) have all ended
all_gone() {
	local n pid

	for n in "$@"; do
		eval "pid=\$PID_$n"
		gone "$pid" || return 1
	done
}

link_name() {
	echo "$SELF_ID:$1-$PEER_ID:$1"
}

# link_up DEV: our link over DEV is up
link_up() {
	$TIPC link list | grep -qx "$(link_name "$1"): up"
}

# link_not_up DEV: our link over DEV is down or gone
link_not_up() {
	$TIPC link list > /dev/null || return 1
	! link_up "$1"
}

both_up() {
	link_up eth0 && link_up eth1
}

# one_down: one link is not up, the other is; prints the first's device
one_down() {
	if link_up eth0; then
		link_not_up eth1 && echo eth1
	else
		link_up eth1 && echo eth0
	fi
}

# link_tx DEV: packets our link over DEV has sent
link_tx() {
	$TIPC link statistics show link "$(link_name "$1")" |
		sed -n 's/^ *TX packets:\([0-9]*\).*/\1/p' | head -n 1
}

# binding TYPE INST NODEID: the name table has {TYPE, INST} of NODEID
binding() {
	$TIPC nametable show | awk -v t="$1" -v i="$2" -v n="$3" \
		'$1 == t && $2 == i && $3 == i && $6 == n { f = 1 }
		 END { exit !f }'
}

uptime_ms() {
	awk '{ split($1, t, "."); print t[1] * 1000 + t[2] * 10 }' /proc/uptime
}

state() {
	local dev

	diag "tipc link list:"
	$TIPC link list 2>&1 | sed 's/^/#   /'
	diag "tipc node list:"
	$TIPC node list 2>&1 | sed 's/^/#   /'
	for dev in eth0 eth1; do
		diag "tipc link statistics show link $(link_name $dev):"
		$TIPC link statistics show link "$(link_name $dev)" 2>&1 |
			sed 's/^/#   /'
	done
	diag "node-state events so far:"
	sed 's/^/#   /' "$WORK/nodes.out"
	diag "dmesg (tipc, last 10):"
	dmesg | grep -i tipc | tail -n 10 | sed 's/^/#   /'
}

# sent NAME: messages client NAME has sent so far
sent() {
	grep -c '^sent' "$WORK/$1.out" 2> /dev/null
}

# all_sent R N: our clients of run R have each sent N messages
all_sent() {
	[ "$(sent rdm$1c)" -ge "$2" ] && [ "$(sent seq$1c)" -ge "$2" ] &&
		[ "$(sent str$1c)" -ge "$2" ]
}

# clients R N PACE: our paced clients of run R to the peer's services
clients() {
	local r=$1 n=$2 pace=$3 rdm seq str big

	eval "rdm=\$S${r}_RDM seq=\$S${r}_SEQ str=\$S${r}_STR big=\$S${r}_BIG"
	bg rdm${r}c $SOCK client -t rdm -d "$rdm:$OTHER" -q -s $SZ_RDM \
		-n "$n" -i "$pace"
	bg seq${r}c $SOCK client -t seqpacket -d "$seq:$OTHER" -q -s $SZ_SEQ \
		-n "$n" -i "$pace"
	bg str${r}c $SOCK client -t stream -d "$str:$OTHER" -s $SZ_STR \
		-n "$n" -i "$pace"
	bg big${r}c $SOCK client -t rdm -d "$big:$OTHER" -q -s 66000 -n $NB \
		-i $((pace * n / NB))
}

# regen ARGS: what a client with ARGS sends, from a local run to the
# sink, in $WORK/regen.out
regen() {
	$SOCK client -t rdm -d $S_SINK:$NODE "$@" > "$WORK/regen.out" 2>&1 &&
		return 0
	diag "local run: $(tail -n 1 "$WORK/regen.out")"
	return 1
}

# numbered NAME SIZE N: server NAME got what the peer's client sends
# (N messages of SIZE, numbered), from the peer, once each and in order
numbered() {
	local name=$1 froms

	regen -q -s "$2" -n "$3" || return 1
	awk '$1 == "sent" { print $2, $3, "seq", n++ }' "$WORK/regen.out" \
		> "$WORK/$name.want"
	awk '$1 == "recv" { print $2, $3, $6, $7 }' "$WORK/$name.out" \
		> "$WORK/$name.got"
	if ! cmp -s "$WORK/$name.got" "$WORK/$name.want"; then
		diag "$name: $(wc -l < "$WORK/$name.got") messages," \
			"want $(wc -l < "$WORK/$name.want"); first difference" \
			"(< want, > got):"
		diff "$WORK/$name.want" "$WORK/$name.got" | head -n 10 |
			sed 's/^/#   /'
		return 1
	fi
	froms=$(awk '$1 == "recv" { split($5, a, ":"); print a[1] }' \
		"$WORK/$name.out" | sort -u)
	expect "$name: sender node" "$froms" "$PEER_HEX"
}

# run_check R N: our clients of run R ended well, our servers got all
# the peer sent, the stream whole, ended and not reset
run_check() {
	local r=$1 n=$2 c rc=0 want

	# our clients within a minute, our servers (the peer's clients)
	# soon after
	wait_for 60 all_gone rdm${r}c seq${r}c str${r}c big${r}c
	wait_for 15 all_gone rdm$r seq$r str$r big$r
	for c in rdm seq str big; do
		finish 1 $c${r}c || rc=1
	done
	for c in rdm seq str big; do
		finish 1 $c$r || rc=1
	done
	[ $rc = 0 ] || { state; return 1; }
	numbered rdm$r $SZ_RDM "$n" && numbered seq$r $SZ_SEQ "$n" &&
		numbered big$r 66000 $NB || { state; return 1; }
	regen -s $SZ_STR -n "$n" || return 1
	want=$(sed -n 's/^total //p' "$WORK/regen.out")
	expect "stream from the peer" "$(cat "$WORK/str$r.out")" "eof $want" ||
		{ state; return 1; }
	diag "run $r: $n RDM, $NB RDM of 66000 bytes and $n SEQPACKET" \
		"messages once and in order, the stream whole ($want)"
}

# no_node_loss: the node-state subscription never saw the peer go
no_node_loss() {
	if grep -q "^withdrawn $((0x$PEER_HEX)) " "$WORK/nodes.out"; then
		diag "$PEER_ID went down meanwhile"
		state
		return 1
	fi
}

# Both VMs answer pings on both links; identities, a node-state
# subscription, bearers on eth0 and eth1: two links to the peer come up
case_links_up() {
	local i=0 t0 rc=0

	while ! ping -c 1 -W 1 "$PEER" > /dev/null 2>&1 ||
		! ping -c 1 -W 1 "10.77.1.$OTHER" > /dev/null 2>&1; do
		i=$((i + 1))
		[ $i -lt 120 ] || { diag "no ping answer from the peer"; return 1; }
	done
	diag "the peer answered pings on both links after $i failed tries"
	$TIPC node set identity "$SELF_ID" || return 1
	rm -f "$WORK/nodes.ready"
	bg nodes $SOCK subscribe -b $NODE_STATE -n 1000 -o "$WORK/nodes.ready"
	wait_for 10 test -s "$WORK/nodes.ready" ||
		{ diag "no topology subscription"; return 1; }
	server sink -t rdm -b "$S_SINK:$NODE:$NODE:node" -n -1 || return 1
	$TIPC bearer enable media eth device eth0 &&
		$TIPC bearer enable media eth device eth1 || return 1
	t0=$(uptime_ms)
	wait_for 30 both_up || rc=1
	# the peer's address, for the later cases even if this one fails
	if wait_for 5 node_is "$PEER_ID" up; then
		PEER_HEX=$($TIPC node list |
			awk -v id="$PEER_ID" '$1 == id { print $2 }')
		PEER_HEX=$(printf %x "$((0x$PEER_HEX))")
		diag "peer $PEER_ID is node $PEER_HEX"
	else
		diag "$PEER_ID is not listed up"
		rc=1
	fi
	if [ $rc != 0 ]; then
		diag "the two links were not both up within 30 s"
		state
		return 1
	fi
	diag "both links up $(($(uptime_ms) - t0)) ms after the bearers"
	$TIPC link list | sed 's/^/#   /'
	expect "links" "$($TIPC link list | grep -vc '^broadcast-link: ')" 2
}

# Our servers of both runs bound; the peer's in our name table
case_nametable() {
	local r st

	for r in 1 2; do
		eval "server rdm$r -t rdm -q -b \$S${r}_RDM:$NODE:$NODE -n \$N$r" &&
			eval "server seq$r -t seqpacket -q -b \$S${r}_SEQ:$NODE:$NODE \
				-n \$N$r" &&
			eval "server str$r -t stream -b \$S${r}_STR:$NODE:$NODE" &&
			eval "server big$r -t rdm -q -b \$S${r}_BIG:$NODE:$NODE \
				-n $NB" || return 1
	done
	for st in $S1_RDM $S1_SEQ $S1_STR $S1_BIG $S2_RDM $S2_SEQ $S2_STR \
		$S2_BIG; do
		if ! wait_for 30 binding $st $OTHER $PEER_ID; then
			diag "no {$st, $OTHER} of $PEER_ID in our name table"
			$TIPC nametable show | sed 's/^/#   /'
			state
			return 1
		fi
	done
}

# node 1: the NIC whose link carries our traffic goes down (eth0 if
# none does); our link there is down at once, the other up
fail_nic() {
	local t1 t2 u1 u2 t0

	t1=$(link_tx eth0) t2=$(link_tx eth1)
	wait_for 60 all_sent 1 $((N1 / 3)) ||
		{ diag "our clients are stuck"; state; return 1; }
	u1=$(link_tx eth0) u2=$(link_tx eth1)
	u1=$((${u1:-0} - ${t1:-0})) u2=$((${u2:-0} - ${t2:-0}))
	FAILED=eth0
	[ $u2 -gt $u1 ] && FAILED=eth1
	diag "packets sent meanwhile: $u1 on eth0, $u2 on eth1; $FAILED goes"
	t0=$(uptime_ms)
	diag "ip link set $FAILED down"
	$IP link set "$FAILED" down || return 1
	wait_for 2 link_not_up $FAILED ||
		{ diag "our link on $FAILED is still up"; state; return 1; }
	diag "our link on $FAILED down after $(($(uptime_ms) - t0)) ms"
}

# node 2: one link goes down while the traffic runs (node 1 says which)
see_failure() {
	local t0

	t0=$(uptime_ms)
	if ! wait_for $((N1 * PACE1 / 1000000 + 30)) one_down; then
		diag "no link went down"
		state
		return 1
	fi
	FAILED=$(one_down)
	diag "our link on $FAILED down $(($(uptime_ms) - t0)) ms after our" \
		"clients started, $(sent rdm1c) of $N1 messages sent"
}

# Run 1: traffic both ways; node 1 loses a NIC midway. Both: one link
# down, the other up, the node up, all of the peer's traffic here
case_failover() {
	local other rc=0

	clients 1 $N1 $PACE1
	if [ "$NODE" = 1 ]; then fail_nic; else see_failure; fi || rc=1
	if [ $rc = 0 ]; then
		other=eth0
		[ "$FAILED" = eth0 ] && other=eth1
		link_up $other ||
			{ diag "the link on $other went down too"; state; rc=1; }
		node_is "$PEER_ID" up ||
			{ diag "$PEER_ID is not up"; state; rc=1; }
	fi
	run_check 1 $N1 || rc=1
	[ $rc = 0 ] || return 1
	link_up $other || { diag "the link on $other went down"; state; return 1; }
	no_node_loss
}

# Run 2: traffic both ways; node 1 brings its NIC back midway, and both
# links come up again while the traffic runs; all of it arrives
case_failback() {
	local t0 rc=0 n

	[ -n "${FAILED:-}" ] || { diag "no link failed before"; return 1; }
	clients 2 $N2 $PACE2
	if [ "$NODE" = 1 ]; then
		wait_for 60 all_sent 2 20 ||
			{ diag "our clients are stuck"; state; return 1; }
		diag "ip link set $FAILED up"
		$IP link set "$FAILED" up || rc=1
	fi
	t0=$(uptime_ms)
	if ! wait_for 40 both_up; then
		diag "the two links are not both up again"
		state
		rc=1
	fi
	n=$(sent rdm2c)
	diag "both links up $(($(uptime_ms) - t0)) ms later, $n of $N2" \
		"messages sent"
	[ "$n" -lt "$N2" ] ||
		diag "(too late to see the link come back under our traffic)"
	run_check 2 $N2 || rc=1
	[ $rc = 0 ] || return 1
	both_up && no_node_loss
}

# run DESCRIPTION FUNCTION: tipc_run_case, and the uptime it started at
run() {
	diag "uptime $(cut -d' ' -f1 /proc/uptime) s"
	tipc_run_case "$@"
}

ktap_plan 4
echo "# node $NODE ($TIPC_IMPL), peer $PEER"
run "pair failover: two links up, on eth0 and eth1" case_links_up
run "pair failover: each side's bindings in the other's name table" \
	case_nametable
run "pair failover: a NIC down mid-stream: other link carries on, no loss" \
	case_failover
run "pair failover: NIC back mid-stream: both links up, nothing lost" \
	case_failback

# Done: as pair_link.sh, node 2 binds {4499, 2} and waits for node 1's
# {4499, 1}, which node 1 makes once it saw node 2's; node 1 then stays
# up until node 2's VM is gone.
say_done() {
	$SOCK server -t rdm -b "$S_DONE:$NODE:$NODE" -n -1 > /dev/null 2>&1 &
	PIDS="$PIDS $!"
}

wait_done() {
	if $TIPC link list | grep -q ": up$" &&
		wait_for 60 binding $S_DONE "$1" "node$1"; then
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
