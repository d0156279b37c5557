#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Communication groups on one node (TIPC_GROUP_JOIN): membership and its
# events, the four ways of sending, scope, ordering and flow control.
# Each case is a scenario of tipc_group, run in a namespace of its own.
cd "$(dirname "$0")" || exit 1
. ./tipc_lib.sh

GROUP=./tipc_group

# group CASE: run tipc_group's scenario CASE in a fresh namespace
group() {
	local gns

	new_ns gns grp || return 1
	nsx "$gns" $GROUP "$1"
}

case_errors() { group errors; }
case_events() { group events; }
case_bcast() { group bcast; }
case_loopback() { group loopback; }
case_anycast() { group anycast; }
case_unicast() { group unicast; }
case_mcast() { group mcast; }
case_scope() { group scope; }
case_flow() { group flow; }
case_order() { group order; }
case_many() { group many; }

ktap_plan 11
tipc_run_case "group: join and leave errors" case_errors
tipc_run_case "group: member events on join, leave and close" case_events
tipc_run_case "group: broadcast reaches every other member in order" case_bcast
tipc_run_case "group: loopback returns broadcasts to the sender" case_loopback
tipc_run_case "group: anycast round-robin among an instance's members" case_anycast
tipc_run_case "group: unicast to a member, not to a stranger" case_unicast
tipc_run_case "group: multicast to the members of an instance" case_mcast
tipc_run_case "group: node and cluster scope groups are apart" case_scope
tipc_run_case "group: flow control blocks senders, loses nothing" case_flow
tipc_run_case "group: broadcasts and unicasts keep their order" case_order
tipc_run_case "group: 23 senders share one receiver's windows" case_many
ktap_finished
