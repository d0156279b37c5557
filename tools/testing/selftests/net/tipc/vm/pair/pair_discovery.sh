#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Two-VM discovery, run in both VMs of run.sh --pair (with --tipc2 stock:
# our module against the stock one): each node enables an Ethernet
# bearer on eth0 and captures the discovery frames there. The peer's
# frames must be laid out as stock lays them out, and the peer must
# answer our requests, which it only does if it took them as valid
# (KTAP). Links are not looked at.
cd "$(dirname "$0")" || exit 1

PEER=${TIPC_VM_PEER:?run me in the two-VM mode}
NODE=${TIPC_VM_NODE:?run me in the two-VM mode}
OUT=/tmp/dsc.out

echo "TAP version 13"
echo "1..3"
echo "# node $NODE, peer $PEER"

N=0
result() {
	N=$((N + 1))
	if [ "$1" = 0 ]; then echo "ok $N $2"; else echo "not ok $N $2"; fi
}

# field LINE NAME: the value of NAME= in a tipc_dsc line
field() {
	echo "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"
}

i=0
while ! ping -c 1 -W 1 "$PEER" > /dev/null 2>&1 && [ $i -lt 120 ]; do
	i=$((i + 1))
done
ping -c 1 -W 1 "$PEER" > /dev/null 2>&1
result $? "pair discovery: peer reachable"

/sbin/tipc node set identity "pair-node$NODE"
./tipc_dsc eth0 12 -o /tmp/dsc.ready > /tmp/dsc.all &
while [ ! -s /tmp/dsc.ready ]; do sleep 0.1; done
/sbin/tipc bearer enable media eth device eth0 || echo "# enable failed"
wait
grep "user=13 " /tmp/dsc.all > "$OUT"
echo "# $(grep -c "dir=out" "$OUT") frames sent, $(grep -c "dir=in" "$OUT") received"
grep "dir=in" "$OUT" | head -n 3 | sed 's/^/# /'

rc=1
line=$(grep "dir=in .*mtype=0 " "$OUT" | head -n 1)
if [ -n "$line" ]; then
	rc=0
	caps=$(($(field "$line" caps)))
	if [ $((caps & ~0xfff)) -ne 0 ] || [ $((caps & 0x21)) -ne $((0x21)) ]; then
		echo "# caps: got $(field "$line" caps), want known bits with 0x21"
		rc=1
	fi
	for f in ver=2 hsize=60 size=76 len=76 nonseq=1 \
		netid=4711 mtypebyte=1 mrest=zero sugg=0 ddom=0 \
		dmac=ff:ff:ff:ff:ff:ff "maddr=$(field "$line" smac)" \
		"prev=$(field "$line" idaddr)"; do
		[ "$(field "$line" "${f%%=*}")" = "${f#*=}" ] && continue
		echo "# ${f%%=*}: got '$(field "$line" "${f%%=*}")', want '${f#*=}'"
		rc=1
	done
fi
result $rc "pair discovery: the peer's requests as stock lays them out"

self=$(field "$(grep "dir=out " "$OUT" | head -n 1)" idaddr)
mac=$(field "$(grep "dir=out " "$OUT" | head -n 1)" smac)
grep "dir=in .*mtype=1 " "$OUT" | grep "dmac=$mac " | grep -q "ddom=$self "
result $? "pair discovery: the peer answers our requests"

# Node 1 stays up (answering) until node 2 is done and its VM gone
[ "$NODE" = 1 ] || exit 0
i=0
while ping -c 1 -W 1 "$PEER" > /dev/null 2>&1 && [ $i -lt 120 ]; do
	i=$((i + 1))
	sleep 1
done
echo "# peer gone after $i s"
