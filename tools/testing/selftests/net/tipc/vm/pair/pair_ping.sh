#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Two-VM smoke test, run in both VMs of run.sh --pair: the virtual
# Ethernet link between them carries traffic both ways (KTAP).

PEER=${TIPC_VM_PEER:?run me in the two-VM mode}

echo "TAP version 13"
echo "1..2"
echo "# node $TIPC_VM_NODE, peer $PEER"

if /sbin/ip -br link show eth0 | grep -q UP; then
	echo "ok 1 pair: eth0 is up"
else
	echo "not ok 1 pair: eth0 is up"
fi

# The peer boots at its own pace: retry for up to 120 s
i=0
while ! ping -c 1 -W 1 "$PEER" > /dev/null 2>&1; do
	i=$((i + 1))
	if [ $i -ge 120 ]; then
		echo "not ok 2 pair: ping $PEER"
		exit 1
	fi
done
echo "# ping answered after $i failed tries"
echo "ok 2 pair: ping $PEER"

# Node 1 stays up (answering) until node 2 is done and its VM gone
[ "$TIPC_VM_NODE" = 1 ] || exit 0
i=0
while ping -c 1 -W 1 "$PEER" > /dev/null 2>&1 && [ $i -lt 120 ]; do
	i=$((i + 1))
	sleep 1
done
echo "# peer gone after $i s"
