#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# make demo: what tipc-xns does today, step by step, in a throwaway VM.
cd "$(dirname "$0")" || exit 1
. ./tipc_lib.sh

say() {
	printf '\n\033[1m== %s\033[0m\n' "$*"
}

# Show a command and run it.
run() {
	printf '\033[32m$ %s\033[0m\n' "$*"
	"$@"
}

say "Two network namespaces, red and blue, joined by a veth pair"
run $IP netns add red
run $IP netns add blue
NAMESPACES="red blue"
run $IP link add veth-red netns red type veth peer name veth-blue netns blue
for ns in red blue; do
	run $IP -n $ns link set lo up
	run $IP -n $ns link set veth-$ns up
done

say "Each namespace is a TIPC node: identity and cluster id, set with the tipc tool"
run $IP netns exec red $TIPC node set netid 4242
run $IP netns exec red $TIPC node set identity red-node
run $IP netns exec blue $TIPC node set netid 4242
run $IP netns exec blue $TIPC node set identity blue-node
for ns in red blue; do
	run $IP netns exec $ns $TIPC node get identity
	run $IP netns exec $ns $TIPC node get netid
done

say "An Ethernet bearer on the veth"
if run $IP netns exec red $TIPC bearer enable media eth device veth-red; then
	run $IP netns exec blue $TIPC bearer enable media eth device veth-blue
	run $IP netns exec red $TIPC link list
else
	echo "(bearers, links and the namespace crossover arrive with the" \
	     "cluster issue; this module is node-local so far)"
fi

say "A service bound in red: type 1000, instances 1..10"
$IP netns exec red $SOCK server -t rdm -b 1000:1:10 -n 3 \
	-o "$WORK/ready" > "$WORK/srv.out" &
wait_for 10 test -s "$WORK/ready" || exit 1
run $IP netns exec red $TIPC nametable show

say "Three datagrams to {1000, 5}: 100, 10000 and 66000 bytes"
for size in 100 10000 66000; do
	$IP netns exec red $SOCK client -t rdm -d 1000:5 -s $size |
		grep '^sent'
done
wait
echo "received by the bound socket:"
cat "$WORK/srv.out"

say "A stream connection in blue: 6.5 MB, then end of file"
$IP netns exec blue $SOCK server -t stream -b 2000:1:1 \
	-o "$WORK/ready2" > "$WORK/srv2.out" &
wait_for 10 test -s "$WORK/ready2" || exit 1
$IP netns exec blue $SOCK client -t stream -d 2000:1 -s 65000 -n 100 |
	grep '^total' | sed 's/^total/sent    /'
wait
sed 's/^eof/received/' "$WORK/srv2.out"
say "Done"
