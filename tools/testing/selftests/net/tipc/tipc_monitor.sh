#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Neighbour monitoring ("tipc link monitor"). Five nodes, namespaces
# n1..n5, each with an Ethernet bearer on a veth whose other end is on a
# bridge in a sixth namespace. Up to the activation threshold every node
# supervises every other itself (full mesh); above it (threshold 2 here)
# each supervises its ring neighbours and the heads of the other
# domains, learns the rest from those heads' domain records, and stops
# probing the peers it leaves to them. A record travels in STATE
# messages: what node X shows of peer P's domain must be what P shows of
# its own. A node lost in another's domain is reported by that domain's
# head, and only then probed and found gone.
cd "$(dirname "$0")" || exit 1
. ./tipc_lib.sh

NODES="1 2 3 4 5"

# ring [THRESHOLD]: the five nodes, the monitor threshold set first if
# given, all links up; node i's namespace in $n<i>
ring() {
	local i ns

	new_ns sw switch || return 1
	$IP -n "$sw" link add br0 type bridge ||
		{ skip "no bridge in this kernel"; return 4; }
	$IP -n "$sw" link set br0 up || return 1
	for i in $NODES; do
		new_ns "n$i" "node$i" || return 1
		eval "ns=\$n$i"
		$IP link add "p$i" netns "$sw" type veth peer name "v$i" \
			netns "$ns" || return 1
		$IP -n "$sw" link set "p$i" master br0 up &&
			$IP -n "$ns" link set "v$i" up || return 1
		if [ -n "${1:-}" ]; then
			q "$ns" $TIPC link monitor set threshold "$1" || return 1
		fi
		q "$ns" $TIPC node set identity "node$i" &&
			q "$ns" $TIPC bearer enable media eth device "v$i" ||
			return 1
	done
	for i in $NODES; do
		eval "ns=\$n$i"
		wait_clock 30 links_up "$ns" 4 ||
			{ diag "node$i: not all links up";
			  show "$ns" $TIPC link list; return 1; }
	done
}

links_up() {
	[ "$(q "$1" $TIPC link list | grep -v '^broadcast-link: ' |
	     grep -c ': up$')" = "$2" ]
}

# summary NS: "bearer cluster_size algorithm" of NS's only bearer
summary() {
	q "$1" $TIPC link monitor summary | awk '
		$1 == "bearer" { b = $2 }
		$1 == "cluster_size" { n = $2 }
		$1 == "algorithm" { print b, n, $2 }'
}

# peers NS: NS's ring, a line per node: address, up/down,
# direct/indirect, and the domain it holds for it: generation (0: none),
# members' state ("UU": two, both up), non-applied members
peers() {
	q "$1" $TIPC link monitor list | awk '
		function flush() { if (node != "") print node, st, role, dom }
		$1 == "Node" || $1 == "bearer" || NF == 0 { next }
		$1 ~ /^[0-9]+\.[0-9]+\.[0-9]+$/ || $1 ~ /^[0-9a-f]+$/ {
			flush(); node = $1; st = $2; role = $3
			dom = $4; for (i = 5; i <= NF; i++) dom = dom " " $i
			next }
		END { flush() }'
}

all_summaries_are() {
	local i ns

	for i in $NODES; do
		eval "ns=\$n$i"
		[ "$(summary "$ns")" = "eth:v$i $1 $2" ] || return 1
	done
}

# Below the threshold: full mesh, everybody watched directly
case_full_mesh() {
	ring || return $?
	t "$n1" link monitor get threshold || return 1
	expect "default threshold" "$(cat "$WORK/out")" 32 || return 1
	all_summaries_are 5 full-mesh ||
		{ show "$n1" $TIPC link monitor summary; return 1; }
	t "$n1" link monitor list || return 1
	peers "$n1" > "$WORK/peers"
	expect "nodes listed" "$(wc -l < "$WORK/peers")" 5 || return 1
	expect "indirect peers" "$(grep -c ' indirect' "$WORK/peers")" 0
}

# records_agree: every node holds, of every peer's domain, what that
# peer holds of its own (generation, members' state), and sees it up;
# each node's ring in $WORK/p<i>, itself first
records_agree() {
	local i ns

	for i in $NODES; do
		eval "ns=\$n$i"
		peers "$ns" > "$WORK/p$i" || return 1
	done
	for i in $NODES; do
		head -n 1 "$WORK/p$i"
	done > "$WORK/own"
	awk 'function rec() { r = ""; for (i = 4; i <= NF; i++) r = r " " $i
			      return r }
	     NR == FNR { own[$1] = rec(); next }
	     FNR > 1 && ($2 != "up" || rec() != own[$1]) { bad = 1 }
	     END { exit bad || NR == FNR }' "$WORK/own" $(for i in $NODES; do
		echo "$WORK/p$i"; done)
}

# addr_of I: node I's address as the monitor lists it
addr_of() {
	awk 'NR == 1 { print $1 }' "$WORK/p$1"
}

# node_at ADDR: the number of the node with that address
node_at() {
	local i

	for i in $NODES; do
		[ "$(addr_of "$i")" = "$1" ] && echo "$i" && return 0
	done
	return 1
}

# Above the threshold: a ring of domains. Each node sees its own
# members up, and leaves at least one peer to that peer's head. (How
# large a domain is may lag behind the ring's size: the stock module
# recomputes it on a two-minute timer unless the change is in its own
# domain.)
case_ring() {
	ring 2 || return $?
	all_summaries_are 5 overlapping-ring ||
		{ show "$n1" $TIPC link monitor summary; return 1; }
	wait_clock 20 records_agree ||
		{ for i in $NODES; do show "$(eval echo \$n$i)" \
			$TIPC link monitor list; done; return 1; }
	for i in $NODES; do
		[ "$(grep -c ' indirect ' "$WORK/p$i")" -ge 1 ] ||
			{ diag "node$i watches every peer"; return 1; }
		awk 'NR == 1 && $5 ~ /^U+$/ { f = 1 } END { exit !f }' \
			"$WORK/p$i" || { diag "node$i's own domain"; return 1; }
	done
	show "$n1" $TIPC link monitor list
}

# Node 1 leaves its indirect peer to that peer's head: when the peer
# goes silent, node 1 does not count the silence (it would keep the link
# up for ever) until the head reports the loss in its record; then it
# probes, and fails the link
case_lost() {
	local v va t0

	ring 2 || return $?
	wait_clock 20 records_agree || return 1
	show "$n1" $TIPC link monitor list
	va=$(awk '$3 == "indirect" { print $1 }' "$WORK/p1")
	v=$(node_at "$va") || { diag "no indirect peer"; return 1; }
	diag "node1 leaves node$v ($va) to its head"
	eval "ns=\$n$v"
	t0=$(cut -d' ' -f1 /proc/uptime)
	$IP -n "$ns" link set "v$v" down || return 1
	wait_clock 20 link_down "$n1" "node1:v1-node$v:v$v" ||
		{ show "$n1" $TIPC link monitor list; return 1; }
	diag "node1 lost node$v $(awk -v t="$t0" '{ printf "%.1f", $1 - t }' \
		/proc/uptime) s after it went silent"
	show "$n1" $TIPC link monitor list
}

link_down() {
	q "$1" $TIPC link list | grep -qx "$2: down"
}

# The threshold's range: 0..4095
case_threshold() {
	new_ns a one || return 1
	t "$a" link monitor set threshold 4096 &&
		{ diag "4096 accepted"; return 1; }
	grep -q "Invalid argument" "$WORK/out" || return 1
	t "$a" link monitor set threshold 4095 &&
		t "$a" link monitor get threshold || return 1
	expect "threshold" "$(cat "$WORK/out")" 4095
}

ktap_plan 4
tipc_run_case "threshold: 0 to 4095" case_threshold
tipc_run_case "five nodes below the threshold: full mesh" case_full_mesh
tipc_run_case "above the threshold: a ring of domains, records agree" \
	case_ring
tipc_run_case "a node lost in another domain: reported by its head" case_lost
ktap_finished
