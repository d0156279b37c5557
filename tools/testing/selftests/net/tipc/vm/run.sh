#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# run.sh --kernel debian|custom|debug --tipc ours|stock
#        [--only 'a.sh b.sh'] [--timeout SECS] [--name NAME] [--no-kunit]
#        [--demo | --shell | --pair [--tipc2 ours|stock] | --bench [--pair]
#         | --calls]
#
# Boot one test VM and report. Debian's kernel loads our tipc.ko or the
# stock one; the custom and debug kernels have ours built in. --only
# picks scripts; one given as a host path (with a /) is copied into the
# VM first. --pair boots two VMs joined by a virtual Ethernet link and
# runs the scripts in both (default: vm/pair/pair_ping.sh); --tipc2
# gives VM 2 another TIPC than VM 1 (Debian's kernel). A pair script
# with the line "# vm-nics: 2" gets a second link between the VMs, eth1
# (see boot_pair). --timeout
# overrides the per-script timeout of the selftests' settings file.
# --name keeps a VM's files apart from another's of the same kernel
# and TIPC running at the same time: build/vm-KERNEL-TIPC-NAME.
# --no-kunit keeps the kernel's KUnit suites from running at boot.
# VM_BZIMAGE=PATH boots a custom or debug kernel built before.
# --bench (Debian's kernel) runs vm/bench.sh, our module against the
# stock one, and prints the table (BENCH_* knobs are passed on to the
# VM; see bench.sh). BENCH_ICOUNT=1 runs the guest on a virtual clock of
# one instruction per ns, blind to the host's load. --bench --pair boots
# two VMs with one vCPU each, both carrying both modules, and runs
# vm/bench_pair.sh: TIPC over the link between them, ours on both nodes
# against stock on both (BENCH_* knobs likewise; no BENCH_ICOUNT).
# --calls boots the bench's VM with vm/bench_calls.sh instead: the
# kernel functions a round trip calls, per module, by ftrace.
set -eu
. "$(dirname "$0")/lib.sh"

kernel=debian tipc=ours tipc2="" mode=test only="" smp=2 pair=0 bench=0
calls=0
name="" kunit=1

parse_args() {
	while [ $# -gt 0 ]; do
		case $1 in
		--kernel) kernel=$2; shift ;;
		--tipc) tipc=$2; shift ;;
		--tipc2) tipc2=$2; shift ;;
		--only) only=$2; shift ;;
		--name) name=$2; shift ;;
		--no-kunit) kunit=0 ;;
		--timeout) export VM_TEST_TIMEOUT=$2; shift ;;
		--demo) mode=demo ;;
		--shell) mode=shell ;;
		--pair) pair=1 ;;
		--bench) bench=1 ;;
		--calls) bench=1 calls=1 ;;
		*) die "unknown option $1" ;;
		esac
		shift
	done
	case $pair$bench in
	10) mode=pair ;;
	01) mode=bench ;;
	11) mode=pair_bench ;;
	esac
	case $tipc:${tipc2:-$tipc} in
	ours:ours | ours:stock | stock:ours | stock:stock) ;;
	*) die "--tipc and --tipc2 must be ours or stock" ;;
	esac
	[ -z "$tipc2" ] || [ "$kernel" = debian ] ||
		die "--tipc2 needs Debian's kernel"
	case $mode in
	*bench)
		[ "$kernel" = debian ] ||
			die "--bench needs Debian's kernel (it swaps tipc modules)"
		[ -z "$tipc2" ] || die "--bench measures both modules, no --tipc2" ;;
	esac
	[ "$mode" != pair_bench ] || [ "${BENCH_ICOUNT:-0}" = 0 ] ||
		die "BENCH_ICOUNT=1 is for the one-VM bench"
	[ "$mode$calls" != pair_bench1 ] || die "--calls is for one VM"
	case $kernel in
	debian) ;;
	custom | debug)
		[ "$tipc" = ours ] ||
			die "the $kernel kernel has our TIPC built in" ;;
	*) die "unknown kernel $kernel" ;;
	esac
}

# Sets bzimage and cmdline, building or fetching what is missing.
prepare_kernel() {
	local deb

	cmdline="console=ttyS0 panic=-1 reboot=t"
	mem=1024
	case $kernel in
	debian)
		case $tipc$tipc2 in
		*ours*) "$VM_DIR/build-module.sh" > /dev/null ;;
		esac
		deb=$("$VM_DIR/fetch-debian.sh")
		bzimage=$(ls "$deb"/root/boot/vmlinuz-*)
		cmdline="$cmdline quiet" ;;
	*)
		bzimage=${VM_BZIMAGE:-$("$VM_DIR/build-kernel.sh" "$kernel")} ;;
	esac
	if [ "$kernel" = debug ]; then
		mem=2048
		cmdline="$cmdline panic_on_warn=1 kmemleak=on"
	fi
	[ $kunit = 1 ] || cmdline="$cmdline kunit.enable=0"
}

# Sets tests: the scripts to run, in order.
pick_tests() {
	tests=$only
	case $mode in
	demo)
		[ -x "$TEST_DIR/demo.sh" ] ||
			die "there is no demo yet: $TEST_DIR/demo.sh does not exist"
		tests="" ;;
	pair)
		[ -n "$tests" ] || tests="$VM_DIR/pair/pair_ping.sh" ;;
	bench)
		tests="$VM_DIR/bench.sh"
		[ $calls = 0 ] || tests="$VM_DIR/bench_calls.sh" ;;
	pair_bench)
		tests="$VM_DIR/bench_pair.sh" ;;
	*)
		[ -n "$tests" ] ||
			tests=$(make -s -C "$TEST_DIR" print-progs) ||
			die "cannot list the selftests (make print-progs)" ;;
	esac
}

qemu_base() {
	local accel cpu=${1:-max}

	accel=$(vm_accel)
	[ "$accel" = kvm ] && cpu=host
	qemu=(qemu-system-x86_64 -accel "$accel" -cpu "$cpu" -smp "$smp" -m "$mem"
	      -nodefaults -display none -no-reboot
	      -kernel "$bzimage" -append "$cmdline")
}

# Seconds for the whole VM: every script's timeout, and 10 min for the
# boot and the kernel checks
vm_timeout() {
	local limit

	limit=${VM_TEST_TIMEOUT:-}
	[ -n "$limit" ] ||
		limit=$(sed -n 's/^timeout=//p' "$TEST_DIR/settings" 2> /dev/null)
	echo $((${limit:-600} * $(echo $tests | wc -w) + 600))
}

# report DIR LANE: the verdict on one VM's result line
report() {
	if ! python3 "$VM_DIR/report.py" "$2" "$1/result.log" \
		"$1/console.log"; then
		echo "# console tail ($1/console.log):"
		tail -n 15 "$1/console.log" | sed 's/^/# /'
		return 1
	fi
}

# died_booting RUN: the VM of RUN crashed before its first script, in
# a kernel without TIPC loaded: QEMU's emulation, now and then, traps
# in the kernel's boot-time code patching ("Oops: int3"). Nothing of
# ours ran; the caller may boot again, once.
died_booting() {
	! grep -q '^# SCRIPT ' "$1/result.log" 2> /dev/null &&
		grep -q 'Oops\|Kernel panic' "$1/console.log" 2> /dev/null &&
		! grep -q 'Modules linked in:.*tipc' "$1/console.log"
}

run_one() {
	local run=$BUILD/vm-$kernel-$tipc${name:+-$name} lane=$tipc start try

	[ "$kernel" = debian ] || lane=$kernel
	mkdir -p "$run"
	rm -f "$run/result.log" "$run/console.log"
	# shellcheck disable=SC2086
	"$VM_DIR/mkinitramfs.sh" "$kernel" "$tipc" "$mode" "$run/initrd.gz" \
		$tests
	qemu_base
	qemu+=(-nic none -initrd "$run/initrd.gz")
	case $mode in
	shell)
		exec "${qemu[@]}" -serial mon:stdio \
			-serial "file:$run/result.log" ;;
	demo)
		timeout --foreground 15m "${qemu[@]}" -serial stdio \
			-serial "file:$run/result.log" < /dev/null | tr -d '\r'
		grep -q '^# EXIT demo.sh 0' "$run/result.log" ||
			die "the demo did not finish cleanly (see above)"
		return 0 ;;
	esac
	note "booting $kernel kernel with $tipc TIPC: $(echo $tests | wc -w) scripts"
	note "console: $run/console.log"
	start=$(date +%s)
	for try in 1 2; do
		timeout "$(vm_timeout)" "${qemu[@]}" \
			-serial "file:$run/console.log" \
			-serial "file:$run/result.log" < /dev/null || true
		[ $try = 1 ] && died_booting "$run" || break
		note "the VM died booting, before TIPC was loaded: booting again"
	done
	note "VM ran $(($(date +%s) - start)) s"
	report "$run" "$lane"
}

free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# wait_listening PORT: until VM 1's QEMU listens there (probing with a
# connection would take the one peer slot it accepts)
wait_listening() {
	local i

	for i in $(seq 300); do
		[ -n "$(ss -Hltn "sport = :$1")" ] && return 0
		sleep 0.1
	done
	die "QEMU of VM 1 never listened on port $1"
}

# pair_nics: 2 if a script to run asks for a second link ("# vm-nics: 2"
# on a line of its own), else 1
pair_nics() {
	local t

	for t in $tests; do
		[ -f "$t" ] || t=$TEST_DIR/$t
		grep -qx '# vm-nics: 2' "$t" 2> /dev/null && { echo 2; return; }
	done
	echo 1
}

# boot_pair MODE IMPL1 IMPL2 NAME: two VMs, each with its own initramfs
# (mkinitramfs.sh MODE), joined by QEMU's socket netdev: VM 1 listens on
# a local TCP port, VM 2 connects to it. Both get a virtio-net eth0
# (10.77.0.1 and 10.77.0.2) and run the same scripts with
# TIPC_VM_NODE=1|2 and TIPC_VM_PEER set to the other's address. If a
# script asks for it (pair_nics), a second socket netdev on another
# port joins a second NIC of each, eth1 (10.77.1.1 and 10.77.1.2). Their
# logs are in $BUILD/vm-NAME1 and -NAME2; returns once both ended.
boot_pair() {
	local imode=$1 name=$4 port port2="" node run pids="" side peer impl
	local nic2 pin

	port=$(free_port)
	[ "$(pair_nics)" = 2 ] && port2=$(free_port)
	qemu_base
	for node in 1 2; do
		impl=$2
		[ $node = 2 ] && impl=$3
		run=$BUILD/vm-$name$node
		mkdir -p "$run"
		rm -f "$run/result.log" "$run/console.log" "$run/bench.txt"
		peer=10.77.0.$((3 - node))
		# shellcheck disable=SC2086
		VM_NODE=$node VM_PEER=$peer "$VM_DIR/mkinitramfs.sh" \
			"$kernel" "$impl" "$imode" "$run/initrd.gz" $tests
		side=listen
		if [ $node = 2 ]; then
			side=connect
			wait_listening "$port"
			[ -z "$port2" ] || wait_listening "$port2"
		fi
		nic2=()
		[ -z "$port2" ] || nic2=(
			-netdev "socket,id=n1,$side=127.0.0.1:$port2"
			-device "virtio-net-pci,netdev=n1,mac=52:54:00:77:01:0$node,romfile=")
		# The bench: each VM on a host CPU of its own. Unpinned, how
		# the host split two cores between two busy VMs (and their
		# I/O threads) decided the results more than TIPC did.
		pin=()
		[ "$imode" != bench ] || [ "$(nproc)" -lt 2 ] ||
			pin=(taskset -c $((node - 1)))
		timeout "$(vm_timeout)" "${pin[@]}" "${qemu[@]}" \
			-initrd "$run/initrd.gz" \
			-netdev "socket,id=n0,$side=127.0.0.1:$port" \
			-device "virtio-net-pci,netdev=n0,mac=52:54:00:77:00:0$node,romfile=" \
			"${nic2[@]}" \
			-serial "file:$run/console.log" \
			-serial "file:$run/result.log" < /dev/null &
		pids="$pids $!"
		note "VM $node ($kernel kernel, $impl TIPC): console $run/console.log"
	done
	# shellcheck disable=SC2086
	wait_pair "$BUILD/vm-$name" $pids
}

# wait_pair PREFIX PID1 PID2: until both VMs (their timeout processes)
# ended. If one died booting, the other would wait minutes for a peer
# that never comes, so it is stopped at once.
wait_pair() {
	local ended

	wait -n -p ended "$2" "$3" || true
	if [ "$ended" = "$2" ] && died_booting "${1}1"; then
		kill "$3" 2> /dev/null || true
	elif [ "$ended" = "$3" ] && died_booting "${1}2"; then
		kill "$2" 2> /dev/null || true
	fi
	wait "$2" "$3" 2> /dev/null || true
}

run_pair() {
	local node rc=0

	boot_pair test "$tipc" "${tipc2:-$tipc}" pair
	if died_booting "$BUILD/vm-pair1" || died_booting "$BUILD/vm-pair2"
	then
		note "a VM died booting, before TIPC was loaded: booting both again"
		boot_pair test "$tipc" "${tipc2:-$tipc}" pair
	fi
	for node in 1 2; do
		report "$BUILD/vm-pair$node" "pair$node" || rc=1
	done
	return $rc
}

# Two VMs running bench_pair.sh (one vCPU each, each pinned to a host
# CPU by boot_pair); as run_bench, with node 1's results in the table.
run_bench_pair() {
	local run=$BUILD/vm-bench-pair rounds start node rc=0

	smp=1
	export BENCH_CLOCK
	BENCH_CLOCK=$(vm_accel)
	rounds=${BENCH_ROUNDS:-5}
	[ "${BENCH_QUICK:-0}" = 0 ] || rounds=1
	export VM_TEST_TIMEOUT=${VM_TEST_TIMEOUT:-$((300 + rounds * 600))}
	note "booting two VMs for the link bench ($rounds rounds, $BENCH_CLOCK)"
	start=$(date +%s)
	boot_pair bench ours ours bench-pair
	note "VMs ran $(($(date +%s) - start)) s; results: ${run}1/result.log"
	for node in 1 2; do
		if ! report "$run$node" "bench-pair$node" > "$run$node/report.txt"
		then
			rc=1
			note "the verdict in full: $run$node/report.txt"
		fi
		grep -E '^# FAILED|^not ok|^bench-pair' "$run$node/report.txt" >&2 ||
			true
	done
	python3 "$VM_DIR/bench_table.py" "${run}1/result.log" > "${run}1/bench.txt" ||
		rc=1
	cat "${run}1/bench.txt"
	return $rc
}

# One VM running bench.sh; the verdict (each measurement, the kernel
# log) in report.txt, the table on stdout and in bench.txt.
run_bench() {
	local run=$BUILD/vm-bench rounds start rc=0

	mkdir -p "$run"
	rm -f "$run/result.log" "$run/console.log" "$run/bench.txt"
	export BENCH_CLOCK
	BENCH_CLOCK=$(vm_accel)
	if [ "${BENCH_ICOUNT:-0}" != 0 ]; then
		# Without CMPXCHG16B: under -icount, QEMU 7.2 now and then
		# kills the guest with a double fault right after SLUB's
		# per-CPU cmpxchg16b (see vm/README.md)
		qemu_base max,-cx16
		qemu+=(-icount "shift=0,sleep=off")
		BENCH_CLOCK=icount
	else
		qemu_base
	fi
	# shellcheck disable=SC2086
	"$VM_DIR/mkinitramfs.sh" debian ours bench "$run/initrd.gz" $tests
	rounds=${BENCH_ROUNDS:-5}
	[ "${BENCH_QUICK:-0}" = 0 ] || rounds=1
	# bench.sh's own limit: generous, it is a single script
	export VM_TEST_TIMEOUT=${VM_TEST_TIMEOUT:-$((300 + rounds * 600))}
	if [ $calls = 1 ]; then
		note "booting Debian's kernel to count calls ($BENCH_CLOCK)"
	else
		note "booting Debian's kernel for the bench ($rounds rounds, $BENCH_CLOCK)"
	fi
	note "console: $run/console.log, results: $run/result.log"
	start=$(date +%s)
	timeout "$(vm_timeout)" "${qemu[@]}" -nic none \
		-initrd "$run/initrd.gz" -serial "file:$run/console.log" \
		-serial "file:$run/result.log" < /dev/null || true
	note "VM ran $(($(date +%s) - start)) s"
	report "$run" bench > "$run/report.txt" || rc=1
	grep -E '^# FAILED|^not ok|^bench: ' "$run/report.txt" >&2 || true
	[ $rc = 0 ] || note "the verdict in full: $run/report.txt"
	if [ $calls = 1 ]; then
		sed -n 's/^# CALLS-TABLE //p' "$run/result.log" | tee "$run/bench.txt"
		return $rc
	fi
	python3 "$VM_DIR/bench_table.py" "$run/result.log" > "$run/bench.txt" ||
		rc=1
	cat "$run/bench.txt"
	return $rc
}

parse_args "$@"
install_host_packages
prepare_kernel
pick_tests
case $mode in
pair) run_pair ;;
bench) run_bench ;;
pair_bench) run_bench_pair ;;
*) run_one ;;
esac
