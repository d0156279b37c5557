#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The TIPCv2 netlink family through the unmodified iproute2 tipc tool:
# node identity, cluster id, address, permissions, per-namespace state.
cd "$(dirname "$0")" || exit 1
. ./tipc_lib.sh

case_default_netid() {
	new_ns a one || return 1
	t "$a" node get netid || return 1
	expect "netid" "$(cat "$WORK/out")" 4711
}

case_set_netid() {
	new_ns a one || return 1
	t "$a" node set netid 1234 || return 1
	t "$a" node get netid || return 1
	expect "netid" "$(cat "$WORK/out")" 1234
}

# A bad cluster id fails with EINVAL and leaves the old one in place.
# Stock sends no extended ack here: only the errno is asserted.
case_bad_netid() {
	local bad

	new_ns a one || return 1
	for bad in 0 10000; do
		t "$a" node set netid $bad && { diag "netid $bad accepted"; return 1; }
		grep -qx "kernel answers: Invalid argument" "$WORK/out" || return 1
	done
	t "$a" node get netid || return 1
	expect "netid" "$(cat "$WORK/out")" 4711
}

# 1 and 9999 are the limits
case_netid_limits() {
	local id

	new_ns a one || return 1
	for id in 9999 1; do
		t "$a" node set netid $id || return 1
		t "$a" node get netid || return 1
		expect "netid" "$(cat "$WORK/out")" $id || return 1
	done
}

# identity_is NS ID HASH: what 'tipc node get identity' prints in NS
identity_is() {
	t "$1" node get identity || return 1
	printf '%-32s Hash\n%-32s %s\n' "Node Identity" "$2" "$3" \
		> "$WORK/want"
	diff -u "$WORK/want" "$WORK/out" | sed 's/^/#   /'
	cmp -s "$WORK/want" "$WORK/out"
}

# Without a bearer, the node is not in network mode yet: its address,
# the hash of the identity, stays 0.
case_identity_hash_zero() {
	new_ns a one || return 1
	t "$a" node set identity 0123456789abcdef0123456789abcdef || return 1
	identity_is "$a" 0123456789abcdef0123456789abcdef 00000000 || return 1
	t "$a" node get address || return 1
	expect "address" "$(cat "$WORK/out")" 00000000
}

# An all-zero identity is accepted, and leaves the node unconfigured.
case_identity_zero() {
	new_ns a one || return 1
	t "$a" node set identity 00000000000000000000000000000000 || return 1
	identity_is "$a" "" 00000000 || return 1
	t "$a" node set identity later || return 1
	identity_is "$a" later 00000000
}

case_identity() {
	new_ns a one || return 1
	t "$a" node set identity 11111111 || return 1
	identity_is "$a" 11111111 00000000
}

# Setting the identity again is accepted and ignored.
case_identity_once() {
	new_ns a one || return 1
	t "$a" node set identity first || return 1
	t "$a" node set identity second || return 1
	identity_is "$a" first 00000000
}

case_identity_unset() {
	new_ns a one || return 1
	identity_is "$a" "" 00000000 || return 1
	t "$a" node get address || return 1
	expect "address" "$(cat "$WORK/out")" 00000000
}

# Each namespace is a node of its own.
case_per_namespace() {
	new_ns a one || return 1
	new_ns b two || return 1
	t "$a" node set netid 100 || return 1
	t "$a" node set identity alpha || return 1
	t "$b" node get netid || return 1
	expect "netid in b" "$(cat "$WORK/out")" 4711 || return 1
	t "$b" node get identity || return 1
	! grep -q alpha "$WORK/out"
}

# Changing needs CAP_NET_ADMIN; reading does not.
case_permissions() {
	new_ns a one || return 1
	diag "[$a] as nobody: tipc node set netid 99"
	$IP netns exec "$a" $SOCK drop-caps $TIPC node set netid 99 \
		> "$WORK/out" 2>&1 &&
		{ diag "unprivileged set worked"; return 1; }
	sed 's/^/#   /' "$WORK/out"
	grep -qx "kernel answers: Operation not permitted" "$WORK/out" ||
		return 1
	diag "[$a] as nobody: tipc node set identity nobody"
	$IP netns exec "$a" $SOCK drop-caps $TIPC node set identity nobody \
		> "$WORK/out" 2>&1 &&
		{ diag "unprivileged set worked"; return 1; }
	sed 's/^/#   /' "$WORK/out"
	grep -qx "kernel answers: Operation not permitted" "$WORK/out" ||
		return 1
	diag "[$a] as nobody: tipc node get netid"
	$IP netns exec "$a" $SOCK drop-caps $TIPC node get netid \
		> "$WORK/out" 2>&1 || return 1
	expect "netid" "$(cat "$WORK/out")" 4711 || return 1
	diag "[$a] as nobody: tipc node get identity"
	$IP netns exec "$a" $SOCK drop-caps $TIPC node get identity \
		> "$WORK/out" 2>&1 || return 1
	grep -q "^Node Identity" "$WORK/out"
}

# A legacy address commits the node: it is bound in the name table as
# {0, addr} and nothing can change any more.
case_address_commits() {
	local what

	new_ns a one || return 1
	t "$a" node set address 1.1.1 || return 1
	t "$a" nametable show || return 1
	grep -Eq "^0 +16781313 +16781313 +cluster +0 " "$WORK/out" || return 1
	t "$a" node get address || return 1
	expect "address" "$(cat "$WORK/out")" 01001001 || return 1
	identity_is "$a" 1001001 01001001 || return 1
	for what in "netid 5" "identity other" "address 1.1.2"; do
		t "$a" node set $what && { diag "$what changed"; return 1; }
		grep -qx "kernel answers: Operation not permitted" \
			"$WORK/out" || return 1
	done
	identity_is "$a" 1001001 01001001
}

# tipc socket list shows a bound socket and its bindings.
case_socket_list() {
	local port

	new_ns a one || return 1
	start_server "$a" srv -t rdm -b 1000:1:10 -b 2000:5:5:node -n 1 ||
		return 1
	port=$(sed -n 's/^ready port \([0-9]*\) .*/\1/p' "$WORK/srv.ready")
	t "$a" socket list || return 1
	grep -A2 "^socket $port\$" "$WORK/out" > "$WORK/mine"
	grep -q "bound to {1000,1,10}" "$WORK/mine" &&
		grep -q "bound to {2000,5,5}" "$WORK/mine"
}

ktap_plan 13
tipc_run_case "netlink: default cluster id is 4711" case_default_netid
tipc_run_case "netlink: set and get cluster id" case_set_netid
tipc_run_case "netlink: cluster id 0 and 10000 rejected" case_bad_netid
tipc_run_case "netlink: cluster ids 1 and 9999 accepted" case_netid_limits
tipc_run_case "netlink: set and get node identity" case_identity
tipc_run_case "netlink: hex identity, hash 0 until a bearer" case_identity_hash_zero
tipc_run_case "netlink: all-zero identity leaves the node unset" case_identity_zero
tipc_run_case "netlink: identity is configured once" case_identity_once
tipc_run_case "netlink: no identity before one is set" case_identity_unset
tipc_run_case "netlink: settings are per namespace" case_per_namespace
tipc_run_case "netlink: set needs CAP_NET_ADMIN, get does not" case_permissions
tipc_run_case "netlink: a legacy address commits the node" case_address_commits
tipc_run_case "netlink: socket list shows bindings" case_socket_list
ktap_finished
