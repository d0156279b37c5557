#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# PID 1 of the test VM (busybox sh). Loads TIPC, runs the selftests and
# reports on the second serial line (ttyS1), away from the console, so
# that nothing printed on the console can pass for a result. Then it
# appends kmemleak's findings and the kernel log, and reboots (QEMU runs
# with -no-reboot, so that ends the VM).

export PATH=/selftests:/sbin:/bin:/usr/sbin:/usr/bin
export HOME=/root
. /etc/tipc-vm.conf
export TIPC_IMPL KERNEL_FLAVOUR TIPC_VM_NODE TIPC_VM_PEER

result=/dev/ttyS1

report() {
	echo "$*" > "$result"
}

mount_all() {
	mount -t proc proc /proc
	mount -t sysfs sysfs /sys
	mount -t devtmpfs devtmpfs /dev 2> /dev/null
	mkdir -p /dev/pts /tmp /run /var/run/netns
	mount -t devpts devpts /dev/pts
	mount -t tmpfs tmpfs /tmp
	mount -t tmpfs tmpfs /run
	mount -t debugfs debugfs /sys/kernel/debug 2> /dev/null
	# Raw result line: no CR added, nothing echoed back
	stty -F "$result" raw -echo 2> /dev/null
}

load_modules() {
	local m

	[ -f /lib/tipc-modules/order ] || return 0
	for m in $(cat /lib/tipc-modules/order); do
		insmod "/lib/tipc-modules/$m.ko" ||
			report "# MODULE-FAILED $m"
	done
}

# Two-VM mode: eth0 gets 10.77.0.NODE/24; the peer is TIPC_VM_PEER.
# A second link, if there is one, is eth1 with 10.77.1.NODE/24.
setup_pair_link() {
	[ -n "$TIPC_VM_NODE" ] || return 0
	/sbin/ip link set eth0 up &&
		/sbin/ip addr add "10.77.0.$TIPC_VM_NODE/24" dev eth0 ||
		report "# SETUP-FAILED eth0"
	[ -e /sys/class/net/eth1 ] || return 0
	/sbin/ip link set eth1 up &&
		/sbin/ip addr add "10.77.1.$TIPC_VM_NODE/24" dev eth1 ||
		report "# SETUP-FAILED eth1"
}

uptime_s() {
	cut -d. -f1 /proc/uptime
}

# run_one SCRIPT LIMIT: one selftest, its output straight to the result
# line, so that a crash keeps what was said
run_one() {
	local t0 rc

	report "# SCRIPT $1"
	t0=$(uptime_s)
	timeout "$2" "./$1" > "$result" 2>&1 < /dev/null
	rc=$?
	[ $(($(uptime_s) - t0)) -ge "$2" ] && report "# TIMEOUT $1"
	report "# EXIT $1 $rc $(($(uptime_s) - t0))s"
}

# start_beside SCRIPT LIMIT: a selftest marked "tipc-vm: beside" (one
# that mostly waits) starts first and runs beside the others, its
# output kept in /tmp/beside/SCRIPT.* until finish_beside reports it
start_beside() {
	local out=/tmp/beside/$1

	mkdir -p /tmp/beside
	uptime_s > "$out.t0"
	{
		timeout "$2" "./$1" > "$out.out" 2>&1 < /dev/null
		echo $? > "$out.rc"
		uptime_s > "$out.t1"
	} &
	echo $! > "$out.pid"
}

finish_beside() {
	local out=/tmp/beside/$1 took

	wait "$(cat "$out.pid")"
	took=$(($(cat "$out.t1") - $(cat "$out.t0")))
	report "# SCRIPT $1"
	cat "$out.out" > "$result"
	[ "$took" -ge "$2" ] && report "# TIMEOUT $1"
	report "# EXIT $1 $(cat "$out.rc") ${took}s"
}

beside() {
	grep -q '^# tipc-vm: beside$' "/selftests/$1" 2> /dev/null
}

run_tests() {
	local t limit

	limit=$TEST_TIMEOUT
	[ -n "$limit" ] ||
		limit=$(sed -n 's/^timeout=//p' /selftests/settings 2> /dev/null)
	limit=${limit:-600}
	cd /selftests
	for t in $TESTS; do
		beside "$t" && start_beside "$t" "$limit"
	done
	for t in $TESTS; do
		beside "$t" || run_one "$t" "$limit"
	done
	for t in $TESTS; do
		beside "$t" && finish_beside "$t" "$limit"
	done
}

# kmemleak reports an object once it is older than 5 s and was found
# unreferenced by two scans; a scan returns only when it is complete.
kmemleak_report() {
	local kml=/sys/kernel/debug/kmemleak t0

	[ -e "$kml" ] || return 0
	t0=$(uptime_s)
	echo scan > "$kml"
	while [ $(($(uptime_s) - t0)) -lt 6 ]; do
		sleep 1
	done
	echo scan > "$kml"
	report "# KMEMLEAK-BEGIN"
	cat "$kml" > "$result"
	report "# KMEMLEAK-END"
}

kernel_report() {
	kmemleak_report
	report "# DMESG-BEGIN"
	dmesg > "$result"
	report "# DMESG-END"
}

mount_all
/sbin/ip link set lo up
hostname "tipc-vm$TIPC_VM_NODE"
load_modules
setup_pair_link
case $MODE in
shell)
	echo "tipc-xns test VM ($TIPC_IMPL TIPC, $KERNEL_FLAVOUR kernel)."
	echo "Tools: /sbin/ip, /sbin/tipc, /selftests. Leave with: reboot -f"
	setsid cttyhack sh -l
	;;
demo)
	cd /selftests && ./demo.sh < /dev/null
	report "# EXIT demo.sh $?"
	;;
*)
	run_tests
	kernel_report
	;;
esac
report "# DONE"
sync
reboot -f
