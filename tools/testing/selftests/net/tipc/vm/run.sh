#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# run.sh --kernel debian|custom|debug --tipc ours|stock
#        [--only 'a.sh b.sh'] [--demo | --shell]
#
# Boot one test VM and report. Debian's kernel loads our tipc.ko or the
# stock one; the custom and debug kernels have ours built in.
set -eu
. "$(dirname "$0")/lib.sh"

kernel=debian tipc=ours mode=test only=""
while [ $# -gt 0 ]; do
	case $1 in
	--kernel) kernel=$2; shift ;;
	--tipc) tipc=$2; shift ;;
	--only) only=$2; shift ;;
	--demo) mode=demo ;;
	--shell) mode=shell ;;
	*) die "unknown option $1" ;;
	esac
	shift
done
case $kernel in
debian) ;;
custom | debug)
	[ "$tipc" = ours ] || die "the $kernel kernel has our TIPC built in" ;;
*) die "unknown kernel $kernel" ;;
esac

install_host_packages
lane=$tipc
[ "$kernel" = debian ] || lane=$kernel
run=$BUILD/vm-$kernel-$tipc
mkdir -p "$run"
rm -f "$run/result.log" "$run/console.log"

cmdline="console=ttyS0 panic=-1 reboot=t"
mem=1024
if [ "$kernel" = debian ]; then
	[ "$tipc" = ours ] && "$VM_DIR/build-module.sh" > /dev/null
	deb=$("$VM_DIR/fetch-debian.sh")
	bzimage=$(ls "$deb"/root/boot/vmlinuz-*)
	cmdline="$cmdline quiet"
else
	bzimage=$("$VM_DIR/build-kernel.sh" "$kernel")
fi
if [ "$kernel" = debug ]; then
	mem=2048
	cmdline="$cmdline panic_on_warn=1 kmemleak=on"
fi

tests=$only
[ -n "$tests" ] || tests=$(make -s -C "$TEST_DIR" print-progs)
"$VM_DIR/mkinitramfs.sh" "$kernel" "$tipc" "$mode" "$run/initrd.gz" $tests

accel=$(vm_accel)
cpu=max
[ "$accel" = kvm ] && cpu=host
qemu=(qemu-system-x86_64 -accel "$accel" -cpu "$cpu" -smp 2 -m "$mem"
      -nodefaults -display none -no-reboot -nic none
      -kernel "$bzimage" -initrd "$run/initrd.gz" -append "$cmdline")

case $mode in
shell)
	exec "${qemu[@]}" -serial mon:stdio -serial "file:$run/result.log" ;;
demo)
	timeout --foreground 15m "${qemu[@]}" -serial stdio \
		-serial "file:$run/result.log" < /dev/null | tr -d '\r'
	grep -q '^# EXIT demo.sh 0' "$run/result.log" ||
		die "the demo did not finish cleanly (see above)"
	exit 0 ;;
esac

note "booting $kernel kernel with $tipc TIPC: $(echo $tests | wc -w) scripts"
start=$(date +%s)
timeout 40m "${qemu[@]}" -serial "file:$run/console.log" \
	-serial "file:$run/result.log" < /dev/null || true
note "VM ran $(($(date +%s) - start)) s; console: $run/console.log"
if ! python3 "$VM_DIR/report.py" "$lane" "$run/result.log"; then
	echo "# console tail ($run/console.log):"
	tail -n 15 "$run/console.log" | sed 's/^/# /'
	exit 1
fi
