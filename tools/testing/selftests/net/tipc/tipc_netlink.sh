#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The TIPCv2 netlink family through the unmodified iproute2 tipc tool:
# node identity, cluster id, address, permissions, per-namespace state.
cd "$(dirname "$0")" || exit 1
. ./tipc_lib.sh

# tipc in namespace $1; output in $WORK/out, status returned
t() {
	local ns=$1

	local rc

	shift
	diag "[$ns] tipc $*"
	$IP netns exec "$ns" $TIPC "$@" > "$WORK/out" 2>&1
	rc=$?
	sed 's/^/#   /' "$WORK/out"
	return $rc
}

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
case_bad_netid() {
	local bad

	new_ns a one || return 1
	for bad in 0 10000; do
		t "$a" node set netid $bad && { diag "netid $bad accepted"; return 1; }
		grep -q "Invalid argument" "$WORK/out" || return 1
		if [ "$TIPC_IMPL" = ours ]; then
			grep -q "Error: cluster id must be 1..9999" "$WORK/out" ||
				{ diag "no extack message"; return 1; }
		fi
	done
	t "$a" node get netid || return 1
	expect "netid" "$(cat "$WORK/out")" 4711
}

case_identity() {
	new_ns a one || return 1
	t "$a" node set identity 11111111 || return 1
	t "$a" node get identity || return 1
	grep -q "^11111111 " "$WORK/out"
}

# Setting the identity again is accepted and ignored.
case_identity_once() {
	new_ns a one || return 1
	t "$a" node set identity first || return 1
	t "$a" node set identity second || return 1
	t "$a" node get identity || return 1
	grep -q "^first " "$WORK/out"
}

case_identity_unset() {
	new_ns a one || return 1
	t "$a" node get identity || return 1
	grep -q "^Node Identity" "$WORK/out" &&
		! grep -q "^[0-9a-z]" "$WORK/out"
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
	grep -q "Operation not permitted" "$WORK/out" || return 1
	diag "[$a] as nobody: tipc node get netid"
	$IP netns exec "$a" $SOCK drop-caps $TIPC node get netid \
		> "$WORK/out" 2>&1 || return 1
	expect "netid" "$(cat "$WORK/out")" 4711
}

# A legacy address commits the node: it is bound in the name table as
# {0, addr} and nothing can change any more.
case_address_commits() {
	new_ns a one || return 1
	t "$a" node set address 1.1.1 || return 1
	t "$a" nametable show || return 1
	grep -Eq "^0 +16781313 +16781313 +cluster +0 " "$WORK/out" || return 1
	t "$a" node set netid 5 && { diag "netid changed"; return 1; }
	grep -q "Operation not permitted" "$WORK/out"
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

ktap_plan 10
tipc_run_case "netlink: default cluster id is 4711" case_default_netid
tipc_run_case "netlink: set and get cluster id" case_set_netid
tipc_run_case "netlink: cluster id 0 and 10000 rejected" case_bad_netid
tipc_run_case "netlink: set and get node identity" case_identity
tipc_run_case "netlink: identity is configured once" case_identity_once
tipc_run_case "netlink: no identity before one is set" case_identity_unset
tipc_run_case "netlink: settings are per namespace" case_per_namespace
tipc_run_case "netlink: set needs CAP_NET_ADMIN, get does not" case_permissions
tipc_run_case "netlink: a legacy address commits the node" case_address_commits
tipc_run_case "netlink: socket list shows bindings" case_socket_list
ktap_finished
