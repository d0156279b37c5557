#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Bearers and media through the unmodified tipc tool: enable, list, get,
# set and disable, their errors, what device events do to a bearer, and
# the discovery frames two nodes on a veth pair send each other. Expected
# outputs are the stock module's. Links are not looked at: between
# namespaces of one kernel the stock module forms them, ours not yet.
cd "$(dirname "$0")" || exit 1
. ./tipc_lib.sh

DSC=./tipc_dsc

# fails NS ERR ARGS...: tipc ARGS must fail, print what the stock module
# makes it print: ERR is an errno text, or "MSG|ERRNO" for an extack
# message and the errno
fails() {
	local ns=$1 err=$2 want

	shift 2
	t "$ns" "$@" && { diag "tipc $* succeeded"; return 1; }
	case $err in
	*"|"*) want="Error: ${err%|*}.
kernel answers: ${err#*|}" ;;
	*) want="kernel answers: $err" ;;
	esac
	expect "tipc $*" "$(cat "$WORK/out")" "$want"
}

# is WHAT WANT: $WORK/out is the single line WANT
is() {
	expect "$1" "$(cat "$WORK/out")" "$2"
}

# with_veth VAR TAG: a namespace with an identity and a veth pair
# v0/v1 in it, both up
with_veth() {
	local ns

	new_ns "$1" "$2" || return 1
	eval "ns=\$$1"
	$IP -n "$ns" link add v0 type veth peer name v1 || return 1
	$IP -n "$ns" link set v0 up && $IP -n "$ns" link set v1 up &&
		t "$ns" node set identity "node-$2"
}

# bearers NS LIST: "tipc bearer list" in NS prints LIST (words)
bearers() {
	t "$1" bearer list || return 1
	expect "bearer list" "$(echo $(cat "$WORK/out"))" "$2"
}

case_enable_defaults() {
	local p

	with_veth a one || return 1
	t "$a" bearer enable media eth device v0 || return 1
	bearers "$a" "eth:v0" || return 1
	for p in priority:10 tolerance:1500 window:8191; do
		t "$a" bearer get "${p%:*}" media eth device v0 || return 1
		is "${p%:*}" "${p#*:}" || return 1
	done
	t "$a" bearer disable media eth device v0 || return 1
	bearers "$a" ""
}

case_enable_priority() {
	with_veth a one || return 1
	t "$a" bearer enable priority 7 media eth device v0 || return 1
	t "$a" bearer get priority media eth device v0 || return 1
	is priority 7
}

case_set_get() {
	local p

	with_veth a one || return 1
	t "$a" bearer enable media eth device v0 || return 1
	for p in priority:3 tolerance:3000 window:100 priority:0 \
		tolerance:50 tolerance:30000 window:50 priority:31; do
		t "$a" bearer set "${p%:*}" "${p#*:}" media eth device v0 ||
			return 1
		t "$a" bearer get "${p%:*}" media eth device v0 || return 1
		is "${p%:*}" "${p#*:}" || return 1
	done
}

# Values out of range are refused, and change nothing
case_set_bad() {
	local p

	with_veth a one || return 1
	t "$a" bearer enable media eth device v0 || return 1
	for p in priority:32 tolerance:49 tolerance:30001 window:49 \
		window:8192; do
		fails "$a" "Invalid argument" bearer set "${p%:*}" "${p#*:}" \
			media eth device v0 || return 1
	done
	t "$a" bearer get tolerance media eth device v0 || return 1
	is tolerance 1500
}

case_errors() {
	local inval="Invalid argument" media="Failed to enable media"
	local nob="Bearer not found|Invalid argument"

	with_veth a one || return 1
	fails "$a" "$media|No such device" bearer enable media eth \
		device nosuch || return 1
	fails "$a" "$media|$inval" bearer enable media eth device lo ||
		return 1
	fails "$a" "$inval" bearer enable priority 40 media eth device v0 ||
		return 1
	t "$a" bearer enable media eth device v0 || return 1
	fails "$a" "Already enabled|$inval" bearer enable media eth \
		device v0 || return 1
	fails "$a" "$nob" bearer disable media eth device v1 || return 1
	fails "$a" "$nob" bearer get priority media eth device v1 || return 1
	fails "$a" "$nob" bearer set priority 1 media eth device v1 ||
		return 1
	bearers "$a" "eth:v0"
}

# Three bearers at most; no more than two share a priority, a third one
# is moved down
case_max_bearers() {
	with_veth a one || return 1
	$IP -n "$a" link add v2 type veth peer name v3 || return 1
	$IP -n "$a" link set v2 up && $IP -n "$a" link set v3 up || return 1
	t "$a" bearer enable media eth device v0 || return 1
	t "$a" bearer enable media eth device v1 || return 1
	t "$a" bearer enable media eth device v2 || return 1
	t "$a" bearer get priority media eth device v2 || return 1
	is priority 9 || return 1
	fails "$a" "Max 3 bearers permitted|Invalid argument" bearer enable \
		media eth device v3 || return 1
	bearers "$a" "eth:v0 eth:v1 eth:v2"
}

case_unprivileged() {
	with_veth a one || return 1
	diag "as nobody: tipc bearer enable"
	$IP netns exec "$a" $SOCK drop-caps -- $TIPC bearer enable \
		media eth device v0 > "$WORK/out" 2>&1 && return 1
	sed 's/^/#   /' "$WORK/out"
	expect "as nobody" "$(cat "$WORK/out")" \
		"kernel answers: Operation not permitted" || return 1
	bearers "$a" ""
}

# Without an identity, the device's MAC address becomes one
case_auto_identity() {
	new_ns a one || return 1
	$IP -n "$a" link add v0 address 02:00:00:00:00:a1 type veth \
		peer name v1 || return 1
	$IP -n "$a" link set v0 up || return 1
	t "$a" bearer enable media eth device v0 || return 1
	t "$a" node get identity || return 1
	# The hash shows once the 1 s address trial has committed it
	case $(sed -n 2p "$WORK/out") in
	"0200000000a1                     00000000") ;;
	"0200000000a1                     02a10000") ;;
	*) expect identity "$(sed -n 2p "$WORK/out")" \
		"0200000000a1                     00000000 (or 02a10000)" ;;
	esac
}

case_media() {
	t_media() {
		t "$a" media get "$1" media eth || return 1
		is "$1" "$2"
	}
	new_ns a one || return 1
	# Stock lists "ib" and "udp" too, ours "udp" (no InfiniBand)
	t "$a" media list || return 1
	expect "media list first" "$(head -n 1 "$WORK/out")" eth || return 1
	t_media priority 10 && t_media tolerance 1500 && t_media window 8191 ||
		return 1
	fails "$a" "Invalid argument" media set tolerance 20 media eth ||
		return 1
	t "$a" media set tolerance 2000 media eth || return 1
	t_media tolerance 2000 || return 1
	# A new bearer takes the media's values
	with_veth b two || { t "$a" media set tolerance 1500 media eth; return 1; }
	t "$b" bearer enable media eth device v0
	t "$b" bearer get tolerance media eth device v0
	is tolerance 2000
	local rc=$?
	t "$a" media set tolerance 1500 media eth || return 1
	return $rc
}

# Down and up leave the bearer in place
case_dev_down_up() {
	with_veth a one || return 1
	t "$a" bearer enable media eth device v0 || return 1
	$IP -n "$a" link set v0 down || return 1
	bearers "$a" "eth:v0" || return 1
	$IP -n "$a" link set v0 up || return 1
	bearers "$a" "eth:v0"
}

# An MTU too small for TIPC disables the bearer; others keep it
case_dev_mtu() {
	with_veth a one || return 1
	t "$a" bearer enable media eth device v0 || return 1
	$IP -n "$a" link set v0 mtu 1280 || return 1
	bearers "$a" "eth:v0" || return 1
	$IP -n "$a" link set v0 mtu 100 || return 1
	bearers "$a" "eth:v0" || return 1
	$IP -n "$a" link set v0 mtu 99 || return 1
	bearers "$a" "" || return 1
	fails "$a" "Failed to enable media|Invalid argument" bearer enable \
		media eth device v0 || return 1
	$IP -n "$a" link set v0 mtu 1500 || return 1
	t "$a" bearer enable media eth device v0
}

case_dev_delete() {
	with_veth a one || return 1
	t "$a" bearer enable media eth device v0 || return 1
	t "$a" bearer enable media eth device v1 || return 1
	$IP -n "$a" link del v0 || return 1
	bearers "$a" ""
}

case_dev_netns() {
	with_veth a one || return 1
	new_ns b two || return 1
	t "$a" bearer enable media eth device v0 || return 1
	$IP -n "$a" link set v0 netns "$b" || return 1
	bearers "$a" "" || return 1
	bearers "$b" ""
}

# A namespace with bearers goes away: nothing remains (the kernel log
# case checks for leaks and warnings)
case_netns_delete() {
	with_veth a one || return 1
	t "$a" bearer enable media eth device v0 || return 1
	t "$a" bearer enable media eth device v1 || return 1
	$IP netns del "$a"
}

# veth_pair A B: veth va in namespace A, vb in B, both up and carrying
# traffic (until the link watcher saw the carrier, frames are dropped)
veth_pair() {
	$IP link add va netns "$1" type veth peer name vb netns "$2" ||
		return 1
	$IP -n "$1" link set va up && $IP -n "$2" link set vb up || return 1
	wait_for 5 sh -c "$IP -n $1 link show va | grep -q 'state UP'" &&
		wait_for 5 sh -c "$IP -n $2 link show vb | grep -q 'state UP'"
}

# dsc_field LINE NAME: the value of NAME= in a tipc_dsc line
dsc_field() {
	echo "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"
}

# Capabilities: known bits only, with SYN and the 128-bit identity (a
# module may advertise fewer than stock's 0xfff)
caps_ok() {
	local c=$(($1))

	[ $((c & ~0xfff)) -eq 0 ] && [ $((c & 0x21)) -eq $((0x21)) ] ||
		{ diag "capabilities $1"; return 1; }
}

# check_dsc LINE FIELD=VALUE...: every field has its value
check_dsc() {
	local line=$1 f got

	shift
	for f in "$@"; do
		got=$(dsc_field "$line" "${f%%=*}")
		expect "${f%%=*}" "$got" "${f#*=}" || return 1
	done
}

# hexid STRING: a string identity as the 16 bytes on the wire, in hex
hexid() {
	printf '%s' "$1" | od -An -tx1 | tr -d ' \n' | awk '{
		s = $0; while (length(s) < 32) s = s "0"; print s }'
}

# Two nodes on a veth pair: their discovery frames, field by field
case_discovery() {
	local ma mb line ida idb first common out=$WORK/dsc.out

	new_ns a one && new_ns b two || return 1
	veth_pair "$a" "$b" || return 1
	t "$a" node set identity alpha && t "$b" node set identity beta ||
		return 1
	t "$a" node set netid 77 && t "$b" node set netid 77 || return 1
	ma=$($IP -n "$a" link show va | awk '/ether/ { print $2 }')
	mb=$($IP -n "$b" link show vb | awk '/ether/ { print $2 }')
	diag "[$a] $DSC va 8 &"
	$IP netns exec "$a" $DSC va 8 -o "$WORK/dsc.ready" > "$WORK/dsc.all" &
	wait_for 5 test -s "$WORK/dsc.ready" || return 1
	t "$a" bearer enable media eth device va || return 1
	t "$b" bearer enable media eth device vb || return 1
	wait
	grep -q "user=13 " "$WORK/dsc.all" || return 1
	grep "user=13 " "$WORK/dsc.all" > "$out"
	sed 's/^/#   /' "$out" | head -n 40
	ida=$(hexid alpha)
	idb=$(hexid beta)
	common="ver=2 user=13 hsize=60 size=76 len=76 nonseq=1
		netid=77 mtypebyte=1 mrest=zero sugg=0"
	for line in "out $ma $ida" "in $mb $idb"; do
		set -- $line
		# The first frame of each side: a trial, broadcast
		first=$(grep "dir=$1 " "$out" | head -n 1)
		[ -n "$first" ] || { diag "no frame $1"; return 1; }
		check_dsc "$first" $common mtype=2 dmac=ff:ff:ff:ff:ff:ff \
			smac="$2" maddr="$2" ddom=0 id="$3" \
			prev="$(dsc_field "$first" idaddr)" || return 1
		# The signature's top bit is the first capability bit
		[ $(($(dsc_field "$first" sig) & 0x8000)) -ne 0 ] || return 1
		caps_ok "$(dsc_field "$first" caps)" || return 1
		# Requests once the trial is over
		grep "dir=$1 " "$out" | grep -q "mtype=0 " ||
			{ diag "no request $1"; return 1; }
	done
	# Each answers the other's requests, to its MAC and address
	line=$(grep "dir=out .*mtype=1 " "$out" | head -n 1)
	[ -n "$line" ] || { diag "no response from a"; return 1; }
	check_dsc "$line" $common dmac="$mb" smac="$ma" id="$ida" \
		ddom="$(dsc_field "$(grep "dir=in " "$out" | head -n 1)" idaddr)"
}

# Identities "abcdwxyz" and "wxyzabcd" hash to the same address: the
# node already using it answers the other's trial with a TRIAL_FAIL that
# suggests another, and the newcomer goes on with that one
case_trial_fail() {
	local ma mb fail sugg out=$WORK/dsc.out

	new_ns a one && new_ns b two || return 1
	veth_pair "$a" "$b" || return 1
	t "$a" node set identity abcdwxyz && t "$b" node set identity wxyzabcd ||
		return 1
	ma=$($IP -n "$a" link show va | awk '/ether/ { print $2 }')
	mb=$($IP -n "$b" link show vb | awk '/ether/ { print $2 }')
	diag "[$a] $DSC va 9 &"
	$IP netns exec "$a" $DSC va 9 -o "$WORK/dsc.ready" > "$WORK/dsc.all" &
	wait_for 5 test -s "$WORK/dsc.ready" || return 1
	t "$a" bearer enable media eth device va || return 1
	sleep 2
	t "$b" bearer enable media eth device vb || return 1
	wait
	grep "user=13 " "$WORK/dsc.all" > "$out"
	fail=$(grep "dir=out .*mtype=3 " "$out" | head -n 1)
	diag "$fail"
	[ -n "$fail" ] || { diag "no TRIAL_FAIL"; return 1; }
	sugg=$(dsc_field "$fail" sugg)
	caps_ok "$(dsc_field "$fail" caps)" || return 1
	check_dsc "$fail" size=76 nonseq=1 dmac="$mb" smac="$ma" \
		ddom=161a1a1e prev=161a1a1e || return 1
	[ "$sugg" != 0 ] && [ "$sugg" != 161a1a1e ] || return 1
	sed -n "/mtype=3 /,\$p" "$out" | grep "dir=in " |
		grep -q "prev=$sugg " ||
		{ diag "the newcomer did not take $sugg"; return 1; }
}

# Legacy addresses: committed at once, so no trial; a bearer domain
# (zone 1, cluster 1) goes into the requests, and peers in it answer
case_legacy_domain() {
	local ma mb line out=$WORK/dsc.out

	new_ns a one && new_ns b two || return 1
	veth_pair "$a" "$b" || return 1
	t "$a" node set address 1.1.1 && t "$b" node set address 1.1.2 ||
		return 1
	ma=$($IP -n "$a" link show va | awk '/ether/ { print $2 }')
	mb=$($IP -n "$b" link show vb | awk '/ether/ { print $2 }')
	diag "[$a] $DSC va 6 &"
	$IP netns exec "$a" $DSC va 6 -o "$WORK/dsc.ready" > "$WORK/dsc.all" &
	wait_for 5 test -s "$WORK/dsc.ready" || return 1
	t "$a" bearer enable domain 16781312 media eth device va || return 1
	t "$b" bearer enable media eth device vb || return 1
	wait
	grep "user=13 " "$WORK/dsc.all" > "$out"
	line=$(grep "dir=out .*dmac=ff:ff:ff:ff:ff:ff " "$out" | head -n 1)
	diag "$line"
	check_dsc "$line" mtype=0 prev=1001001 ddom=1001000 smac="$ma" \
		id="$(hexid 1001001)" || return 1
	grep -q "mtype=2 " "$out" &&
		{ diag "a trial with a committed address"; return 1; }
	# Whichever node enables its bearer second has its first request
	# answered; the other's requests may all predate the peer's bearer
	# and then slow down once the link is up. So: at least one answer,
	# and every answer names the requester in its domain word.
	grep -q "mtype=1 " "$out" || { diag "no answer either way"; return 1; }
	if grep "dir=out .*mtype=1 " "$out" | grep -v "dmac=$mb " |
		grep -q . ||
		grep "dir=out .*mtype=1 " "$out" | grep -vq "ddom=1001002 "; then
		diag "a answered with a wrong address or domain"
		return 1
	fi
	if grep "dir=in .*mtype=1 " "$out" | grep -v "dmac=$ma " |
		grep -q . ||
		grep "dir=in .*mtype=1 " "$out" | grep -vq "ddom=1001001 "; then
		diag "b answered with a wrong address or domain"
		return 1
	fi
}

ktap_plan 17
tipc_run_case "bearer enable, list, get defaults, disable" case_enable_defaults
tipc_run_case "bearer enable with a priority" case_enable_priority
tipc_run_case "bearer set and get priority, tolerance, window" case_set_get
tipc_run_case "bearer set refuses values out of range" case_set_bad
tipc_run_case "bearer errors: device, priority, duplicate, unknown" case_errors
tipc_run_case "three bearers at most, priorities adjusted" case_max_bearers
tipc_run_case "bearer enable needs CAP_NET_ADMIN" case_unprivileged
tipc_run_case "identity from the MAC address" case_auto_identity
tipc_run_case "media list, get and set" case_media
tipc_run_case "device down and up keep the bearer" case_dev_down_up
tipc_run_case "device MTU below 100 disables the bearer" case_dev_mtu
tipc_run_case "device deleted: bearers gone" case_dev_delete
tipc_run_case "device moved to another namespace" case_dev_netns
tipc_run_case "namespace with bearers deleted" case_netns_delete
tipc_run_case "discovery frames between two nodes" case_discovery
tipc_run_case "address trial: a taken address is refused" case_trial_fail
tipc_run_case "legacy addresses: no trial, a domain in requests" case_legacy_domain
ktap_finished
