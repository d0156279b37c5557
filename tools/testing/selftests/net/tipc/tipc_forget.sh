#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# A peer that vanishes (its namespace deleted while the link is up)
# stays in the node list, down, for five minutes; then it is forgotten.
# Two namespaces on a veth pair with Ethernet bearers; the test is
# mostly waiting, once a second, for the node to leave the list.
#
# The VM harness runs this script beside the others rather than after
# them, since it is idle for five minutes (the marker below says so).
# tipc-vm: beside
cd "$(dirname "$0")" || exit 1
. ./tipc_lib.sh

# Two namespaces gamma ($fa) and delta ($fb) with a link up; delta's
# namespace deleted: gamma lists delta down. The time it went down is
# in $WORK/down.t0 for the next case.
case_vanish() {
	new_ns fa fa script && new_ns fb fb script || return 1
	echo "$fa" > "$WORK/fa"
	$IP link add vfa netns "$fa" type veth peer name vfb netns "$fb" ||
		return 1
	$IP -n "$fa" link set vfa up && $IP -n "$fb" link set vfb up ||
		return 1
	nsx "$fa" $TIPC node set identity gamma &&
		nsx "$fb" $TIPC node set identity delta || return 1
	nsx "$fa" $TIPC bearer enable media eth device vfa &&
		nsx "$fb" $TIPC bearer enable media eth device vfb || return 1
	wait_clock 20 node_is "$fa" delta up ||
		{ show "$fa" $TIPC node list; return 1; }
	$IP netns del "$fb" || return 1
	wait_clock 10 node_is "$fa" delta down ||
		{ show "$fa" $TIPC node list; return 1; }
	uptime_cs > "$WORK/down.t0"
	show "$fa" $TIPC node list
}

# listed NS ID: "tipc node list" in NS could be read and shows ID
listed() {
	q "$1" $TIPC node list > "$WORK/nodes" || return 2
	grep -q "^$2 " "$WORK/nodes"
}

# Delta leaves gamma's list between 299 and 320 s after it went down
# (stock looks on its node timer, which runs every 10 s at most). The
# list is read every 10 s until 285 s, then every second: each reading
# costs the tests running beside this one.
case_forgotten() {
	local fa t0 now took rc

	t0=$(cat "$WORK/down.t0" 2> /dev/null) ||
		{ diag "the first case set nothing up"; return 1; }
	fa=$(cat "$WORK/fa")
	while :; do
		listed "$fa" delta
		rc=$?
		[ $rc = 2 ] && { diag "tipc node list failed"; return 1; }
		[ $rc = 1 ] && break
		now=$((($(uptime_cs) - t0) / 100))
		[ $now -lt 330 ] ||
			{ diag "delta still listed"; sed 's/^/#   /' "$WORK/nodes"; return 1; }
		if [ $now -lt 285 ]; then
			sleep 10
		else
			sleep 1
		fi
	done
	took=$((($(uptime_cs) - t0) / 100))
	diag "delta left the node list $took s after it went down"
	[ $took -ge 299 ] && [ $took -le 320 ]
}

ktap_plan 2
tipc_run_case "a vanished peer: listed down" case_vanish
tipc_run_case "a vanished peer: forgotten 5 minutes after contact was lost" \
	case_forgotten
ktap_finished
