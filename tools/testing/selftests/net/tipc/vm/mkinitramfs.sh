#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# mkinitramfs.sh KERNEL TIPC MODE OUT [TESTS...]: the initramfs of a test
# VM: busybox, iproute2's ip, tipc, ss and tc with their libraries, the
# selftests and their static helpers, /init, and for Debian's kernel the
# modules to load (ours, or the stock tipc.ko and its separate sock_diag
# module tipc_diag.ko, with dependencies, decompressed).
# A test given as a host path (with a /) is copied into /selftests.
# VM_NODE=1|2 and VM_PEER=IP: one of the two VMs of the two-VM mode.
# VM_TEST_TIMEOUT: seconds per script instead of the settings file's.
set -eu
. "$(dirname "$0")/lib.sh"

kernel=$1 tipc=$2 mode=$3 out=$4
shift 4
root=$(mktemp -d)
chmod 755 "$root"
trap 'rm -rf "$root"' EXIT

add_busybox() {
	local applet

	mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,etc,root,proc,sys,dev}
	cp /bin/busybox "$root/bin/"
	for applet in $(/bin/busybox --list); do
		[ "$applet" = busybox ] || ln -sf busybox "$root/bin/$applet"
	done
}

add_program() {
	local lib

	cp "$1" "$root$1"
	for lib in $(ldd "$1" | grep -o '/[^ ]*'); do
		mkdir -p "$root$(dirname "$lib")"
		cp -L "$lib" "$root$lib"
	done
}

add_selftests() {
	make -s -C "$TEST_DIR" > /dev/null || die "building selftest helpers failed"
	mkdir -p "$root/selftests"
	rsync -a --exclude=vm --exclude=abi --exclude='*.c' \
		--exclude=Makefile "$TEST_DIR/" "$root/selftests/"
}

# add_tests TEST...: the run list; host paths are copied in first
add_tests() {
	local t

	tests=""
	for t in "$@"; do
		case $t in
		*/*)
			[ -f "$t" ] || die "no test script $t"
			install -m 755 "$t" "$root/selftests/"
			# and the libraries beside it
			find "$(dirname "$t")" -maxdepth 1 -name '*_lib.sh' \
				-exec install -m 644 {} "$root/selftests/" \;
			t=$(basename "$t") ;;
		esac
		[ -x "$root/selftests/$t" ] || die "no test script $t in the VM"
		tests="$tests $t"
	done
}

# module_path NAME: where Debian keeps module NAME (- and _ are one)
module_path() {
	local pattern path

	pattern=$(echo "$1" | sed 's/[-_]/[-_]/g')
	path=$(find "$deb_modules" -regex ".*/$pattern\.ko\(\.xz\)?" | head -n 1)
	[ -n "$path" ] || note "no module $1 in Debian's kernel"
	echo "$path"
}

# add_module FILE: FILE's dependencies first, then FILE itself
add_module() {
	local file=$1 name dep

	[ -f "$file" ] || die "a module the VM needs is missing (${file:-not found})"
	name=$(basename "$file")
	name=${name%.xz}
	name=${name%.ko}
	grep -qx "$name" "$root/lib/tipc-modules/order" 2> /dev/null && return
	for dep in $(modinfo -F depends "$file" | tr , ' '); do
		add_module "$(module_path "$dep")"
	done
	case $file in
	*.xz) xz -dc "$file" > "$root/lib/tipc-modules/$name.ko" ;;
	*) cp "$file" "$root/lib/tipc-modules/$name.ko" ;;
	esac
	echo "$name" >> "$root/lib/tipc-modules/order"
}

add_modules() {
	local deb

	deb=$("$VM_DIR/fetch-debian.sh")
	deb_modules=$(ls -d "$deb"/root/lib/modules/*/kernel)
	mkdir -p "$root/lib/tipc-modules"
	add_module "$(module_path veth)"
	add_module "$(module_path sch_netem)"
	add_module "$(module_path bridge)"
	[ -n "${VM_NODE:-}" ] && add_module "$(module_path virtio_net)"
	if [ "$tipc" = stock ]; then
		add_module "$(module_path tipc)"
		add_module "$(module_path tipc_diag)"
	else
		[ -f "$TOP/net/tipc/tipc.ko" ] || die "net/tipc/tipc.ko not built"
		add_module "$TOP/net/tipc/tipc.ko"
	fi
}

# The bench (MODE bench) swaps modules: both TIPCs under bench/, the
# stock one's dependencies loaded at boot, the BENCH_* knobs in a file,
# and vm/bench.sh (bench_pair.sh and bench_calls.sh source it).
add_bench() {
	local stock dep

	stock=$(module_path tipc)
	for dep in $(modinfo -F depends "$stock" | tr , ' '); do
		add_module "$(module_path "$dep")"
	done
	mkdir -p "$root/lib/tipc-modules/bench"
	case $stock in
	*.xz) xz -dc "$stock" > "$root/lib/tipc-modules/bench/stock.ko" ;;
	*) cp "$stock" "$root/lib/tipc-modules/bench/stock.ko" ;;
	esac
	cp "$TOP/net/tipc/tipc.ko" "$root/lib/tipc-modules/bench/ours.ko"
	install -m 755 "$VM_DIR/bench.sh" "$VM_DIR/bench_calls.sh" \
		"$root/selftests/"
	for dep in $(compgen -e | grep '^BENCH_'); do
		printf "%s='%s'\n" "$dep" "${!dep}"
	done > "$root/etc/tipc-bench.conf"
}

add_busybox
add_program /sbin/ip
add_program /sbin/tipc
add_program /bin/ss
add_program /sbin/tc
add_selftests
add_tests "$@"
[ "$kernel" = debian ] && add_modules
[ "$mode" = bench ] && add_bench
install -m 755 "$VM_DIR/init.sh" "$root/init"
cat > "$root/etc/tipc-vm.conf" <<CONF
TIPC_IMPL=$tipc
KERNEL_FLAVOUR=$kernel
MODE=$mode
TESTS="$tests"
TIPC_VM_NODE=${VM_NODE:-}
TIPC_VM_PEER=${VM_PEER:-}
TEST_TIMEOUT=${VM_TEST_TIMEOUT:-}
CONF
(cd "$root" && find . | cpio -o -H newc 2> /dev/null | gzip -1) > "$out"
