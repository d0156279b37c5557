#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# PID 1 of the test VM (busybox sh). Loads TIPC, runs the selftests and
# reports on the second serial line (ttyS1), away from the console, so
# that nothing printed on the console can pass for a result. Then it
# appends the kernel log and powers off.

export PATH=/selftests:/sbin:/bin:/usr/sbin:/usr/bin
export HOME=/root
. /etc/tipc-vm.conf
export TIPC_IMPL KERNEL_FLAVOUR

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2> /dev/null
mkdir -p /dev/pts /tmp /run /var/run/netns
mount -t devpts devpts /dev/pts
mount -t tmpfs tmpfs /tmp
mount -t tmpfs tmpfs /run
mount -t debugfs debugfs /sys/kernel/debug 2> /dev/null
/sbin/ip link set lo up
hostname tipc-vm

result=/dev/ttyS1

report() {
	echo "$*" > "$result"
}

load_modules() {
	[ -f /lib/tipc-modules/order ] || return 0
	for m in $(cat /lib/tipc-modules/order); do
		insmod "/lib/tipc-modules/$m.ko" || report "# MODULE-FAILED $m"
	done
}

run_tests() {
	local t rc timeout

	timeout=$(sed -n 's/^timeout=//p' /selftests/settings 2> /dev/null)
	for t in $TESTS; do
		report "# SCRIPT $t"
		cd /selftests
		timeout "${timeout:-600}" "./$t" > /tmp/out 2>&1
		rc=$?
		cat /tmp/out > "$result"
		report "# EXIT $t $rc"
	done
}

kernel_report() {
	if [ -e /sys/kernel/debug/kmemleak ]; then
		# Two scans: an object is reported once it was unreferenced
		# in two consecutive scans.
		echo scan > /sys/kernel/debug/kmemleak
		echo scan > /sys/kernel/debug/kmemleak
		report "# KMEMLEAK-BEGIN"
		cat /sys/kernel/debug/kmemleak > "$result"
		report "# KMEMLEAK-END"
	fi
	report "# DMESG-BEGIN"
	dmesg > "$result"
	report "# DMESG-END"
}

load_modules
case $MODE in
shell)
	echo "tipc-xns test VM ($TIPC_IMPL TIPC, $KERNEL_FLAVOUR kernel)."
	echo "Tools: /sbin/ip, /sbin/tipc, /selftests. Leave with: reboot -f"
	setsid cttyhack sh -l
	;;
demo)
	cd /selftests && ./demo.sh
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
