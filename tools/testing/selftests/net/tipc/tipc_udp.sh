#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# TIPC over UDP: two namespaces joined by a veth pair with IP addresses,
# an UDP bearer on each end. Neighbours find each other through the
# multicast group the tipc tool derives from the cluster id, or through
# replicast peers ("tipc bearer add"); the link comes up, RDM data
# crosses, and the bearer's and the media's properties read back as
# configured. A node without an identity takes one from its local IP.
# Then the same over IPv6.
#
# Between namespaces of one kernel the stock module hands user data
# straight to the peer namespace (its "crossover"); discovery and links
# still go over the UDP bearer.
cd "$(dirname "$0")" || exit 1
. ./tipc_lib.sh

ID_A=alpha
ID_B=beta
IP_A=10.0.0.1
IP_B=10.0.0.2
IP6_A=fd00::1
IP6_B=fd00::2
NOBODY=10.0.0.9
# what the tool derives from the default cluster id 4711
GROUP=228.0.18.103

# get NS WHAT BEARER: "tipc bearer get" WHAT of udp bearer BEARER; the
# UDP options come last
get() {
	case $2 in
	local* | remote*) t "$1" bearer get media udp name "$3" "$2" ;;
	*) t "$1" bearer get "$2" media udp name "$3" ;;
	esac
}

# get_is NS WHAT VALUE BEARER: it is VALUE
get_is() {
	get "$1" "$2" "$4" || return 1
	expect "$4 $2" "$(echo $(cat "$WORK/out"))" "$3"
}

# two_ns [noid]: namespaces $a (va, 10.0.0.1, fd00::1) and $b (vb,
# 10.0.0.2, fd00::2) on a veth pair; identities alpha and beta unless
# told otherwise
two_ns() {
	new_ns a one && new_ns b two || return 1
	$IP link add va netns "$a" type veth peer name vb netns "$b" ||
		return 1
	$IP -n "$a" addr add $IP_A/24 dev va &&
		$IP -n "$b" addr add $IP_B/24 dev vb || return 1
	$IP -n "$a" addr add $IP6_A/64 dev va nodad &&
		$IP -n "$b" addr add $IP6_B/64 dev vb nodad || return 1
	$IP -n "$a" link set va up && $IP -n "$b" link set vb up || return 1
	wait_for 5 carrier "$a" va && wait_for 5 carrier "$b" vb || return 1
	[ "${1:-}" = noid ] && return 0
	nsx "$a" $TIPC node set identity $ID_A &&
		nsx "$b" $TIPC node set identity $ID_B
}

links() {
	q "$1" $TIPC link list | grep -v '^broadcast-link: '
}

link_is() {
	links "$1" | grep -q ": $2\$"
}

state() {
	local ns

	for ns in "$a" "$b"; do
		show "$ns" $TIPC bearer list
		show "$ns" $TIPC link list
		show "$ns" $TIPC node list
	done
}

wait_link_up() {
	wait_for 15 link_is "$a" up && wait_for 15 link_is "$b" up &&
		return 0
	diag "the link did not come up within 15 s"
	state
	return 1
}

# udp_up: bearers ua and ub found by multicast; the link is up
udp_up() {
	two_ns "$@" || return 1
	nsx "$a" $TIPC bearer enable media udp name ua localip $IP_A &&
		nsx "$b" $TIPC bearer enable media udp name ub localip $IP_B ||
		return 1
	wait_link_up
}

# link_mtu NS: "MTU:N" of NS's link to the other node
link_mtu() {
	q "$1" $TIPC link statistics show link "$ID_A:ua-$ID_B:ub" |
		grep -o 'MTU:[0-9]*'
}

binding() {
	q "$1" $TIPC nametable show | awk -v t="$2" -v n="$3" \
		'$1 == t && $6 == n { f = 1 } END { exit !f }'
}

# received N: the server srv has received N messages
received() {
	[ "$(grep -c '^recv' "$WORK/srv.out")" -ge "$1" ]
}

case_media() {
	new_ns a one || return 1
	t "$a" media list || return 1
	grep -qx udp "$WORK/out" || { diag "no udp media"; return 1; }
	t "$a" media get mtu media udp || return 1
	expect "udp media mtu" "$(cat "$WORK/out")" 14000 || return 1
	t "$a" media get window media udp || return 1
	expect "udp media window" "$(cat "$WORK/out")" 50 || return 1
	t "$a" media set mtu 15000 media udp || return 1
	t "$a" media get mtu media udp || return 1
	expect "udp media mtu set" "$(cat "$WORK/out")" 15000 || return 1
	t "$a" media set mtu 14000 media udp || return 1
	! t "$a" media set mtu 127 media udp ||
		{ diag "mtu 127 accepted"; return 1; }
	! t "$a" media set mtu 1500 media eth ||
		{ diag "mtu accepted for eth"; return 1; }
}

case_mcast_link() {
	udp_up || return 1
	state
	expect "links in a" "$(links "$a")" "$ID_A:ua-$ID_B:ub: up" &&
		expect "links in b" "$(links "$b")" "$ID_B:ub-$ID_A:ua: up"
}

case_bearer_get() {
	udp_up || return 1
	t "$a" bearer list || return 1
	expect "bearer list" "$(cat "$WORK/out")" udp:ua || return 1
	get_is "$a" localip $IP_A ua && get_is "$a" localport 6118 ua &&
		get_is "$a" remoteip $GROUP ua &&
		get_is "$a" remoteport 6118 ua || return 1
	get_is "$a" mtu 14000 ua && get_is "$a" window 50 ua || return 1
	expect "link mtu" "$(link_mtu "$a")" MTU:14000 || return 1
	t "$a" bearer set mtu 1400 media udp name ua || return 1
	get_is "$a" mtu 1400 ua || return 1
	# the live link takes it too
	expect "link mtu after set" "$(link_mtu "$a")" MTU:1400 || return 1
	! t "$a" bearer set mtu 100 media udp name ua ||
		{ diag "mtu 100 accepted"; return 1; }
	! t "$a" bearer add media udp name ua remoteip $IP_B ||
		{ diag "a replicast peer added to a multicast bearer"; return 1; }
}

case_rdm() {
	local dest size

	udp_up || return 1
	start_server "$a" srv -t rdm -b 20061:1:10 -n 6 || return 1
	wait_for 10 binding "$b" 20061 $ID_A ||
		{ diag "b never saw the binding"; return 1; }
	dest=$(server_addr srv)
	for size in 1 1400 20000; do
		client "$b" -t rdm -d "20061:$((size % 10 + 1))" -s $size -n 1 ||
			{ sed 's/^/#   /' "$WORK/client.out"; return 1; }
		client "$b" -t rdm -p "$dest" -s $size -n 1 ||
			{ sed 's/^/#   /' "$WORK/client.out"; return 1; }
	done
	wait_for 20 received 6 || { diag "$(cat "$WORK/srv.out")"; return 1; }
	wait_server srv
}

# Both point at a peer that is not there: nothing until a adds b
case_replicast() {
	two_ns || return 1
	nsx "$a" $TIPC bearer enable media udp name ua localip $IP_A \
		remoteip $NOBODY &&
		nsx "$b" $TIPC bearer enable media udp name ub localip $IP_B \
		remoteip $NOBODY || return 1
	sleep 3
	if link_is "$a" up; then
		diag "a link without a peer"
		state
		return 1
	fi
	nsx "$a" $TIPC bearer add media udp name ua remoteip $IP_B || return 1
	wait_link_up || return 1
	state
	get "$a" remoteip ua || return 1
	grep -qx $NOBODY "$WORK/out" && grep -qx $IP_B "$WORK/out" ||
		{ diag "replicast peers not listed"; return 1; }
	expect "links in b" "$(links "$b")" "$ID_B:ub-$ID_A:ua: up" ||
		return 1
	# Such a bearer cannot broadcast: multicasts go by replicast,
	# even those asking for broadcast
	t "$a" link set broadcast BROADCAST &&
		{ diag "broadcast set"; return 1; }
	grep -qx "kernel answers: Protocol not available" "$WORK/out" ||
		return 1
	start_server "$b" srv -t rdm -b 20063:1:1 -n 1 || return 1
	wait_for 10 binding "$a" 20063 $ID_B ||
		{ diag "a never saw the binding"; return 1; }
	client "$a" -t rdm -B -m 20063:0:5 -s 100 -n 1 &&
		wait_for 10 received 1 || return 1
	t "$a" link statistics show link broadcast-link || return 1
	grep -q "^ *TX packets:0 " "$WORK/out" ||
		{ diag "broadcast anyway"; return 1; }
}

# The identity of a node without one: its local IP address
case_auto_identity() {
	two_ns noid || return 1
	nsx "$a" $TIPC bearer enable media udp name ua localip $IP_A ||
		return 1
	t "$a" node get identity || return 1
	expect "identity" "$(awk 'NR == 2 { print $1 }' "$WORK/out")" 0a000001
}

# Disabled, the bearer leaves nothing behind: the port is free again
case_disable() {
	udp_up || return 1
	nsx "$a" $TIPC bearer disable media udp name ua || return 1
	wait_for 10 sh -c "! $IP netns exec $a $TIPC link list |
		grep -q ua-" || return 1
	wait_for 10 nsx "$a" $TIPC bearer enable media udp name ua \
		localip $IP_A || return 1
	wait_link_up
}

case_ipv6() {
	two_ns || return 1
	nsx "$a" $TIPC bearer enable media udp name ua localip $IP6_A &&
		nsx "$b" $TIPC bearer enable media udp name ub localip $IP6_B ||
		return 1
	wait_link_up || return 1
	state
	get_is "$a" localip $IP6_A ua && get_is "$a" remoteip ff02::4711 ua &&
		get_is "$a" mtu 1280 ua || return 1
	start_server "$a" srv -t rdm -b 20062:1:1 -n 1 || return 1
	wait_for 10 binding "$b" 20062 $ID_A ||
		{ diag "b never saw the binding"; return 1; }
	client "$b" -t rdm -d 20062:1 -s 3000 -n 1 ||
		{ sed 's/^/#   /' "$WORK/client.out"; return 1; }
	wait_for 20 received 1 || return 1
	wait_server srv
}

ktap_plan 8
tipc_run_case "udp media: listed, mtu 14000, window 50, mtu settable" \
	case_media
tipc_run_case "multicast discovery: link up over UDP/IPv4" case_mcast_link
tipc_run_case "bearer list, get, set mtu (link too); add refused" \
	case_bearer_get
tipc_run_case "RDM across an UDP link, by service and socket address" \
	case_rdm
tipc_run_case "replicast: no link until 'bearer add', then up; no broadcast" \
	case_replicast
tipc_run_case "identity taken from the local IP address" case_auto_identity
tipc_run_case "bearer disabled and enabled again: link back" case_disable
tipc_run_case "IPv6: multicast discovery, link up, RDM across" case_ipv6
ktap_finished
