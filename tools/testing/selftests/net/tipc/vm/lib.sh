# SPDX-License-Identifier: GPL-2.0
#
# Shared by the VM harness scripts: where things live, and small helpers.
# Sourced, never run.

VM_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TEST_DIR=$(cd "$VM_DIR/.." && pwd)
TOP=$(cd "$VM_DIR/../../../../../.." && pwd)
CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/tipc-xns
BUILD=$TOP/build

die() {
	echo "vm: $*" >&2
	exit 1
}

note() {
	echo "vm: $*" >&2
}

# Debian packages the harness needs on the host.
HOST_PACKAGES="make gcc libc6-dev git perl python3 bc flex bison libelf-dev
libssl-dev dwarves sparse ccache kmod rsync cpio xz-utils zstd
busybox-static iproute2 qemu-system-x86 linux-source-6.12"

# Install what is missing (apt-get update first, once, and only then).
install_host_packages() {
	local want

	# shellcheck disable=SC2086
	want=$(dpkg-query -W -f='${Package} ${db:Status-Status}\n' \
		$HOST_PACKAGES 2> /dev/null | awk '$2 == "installed" { print $1 }' |
	       sort | comm -13 - <(echo $HOST_PACKAGES | tr ' ' '\n' | sort) |
	       tr '\n' ' ')
	[ -z "$want" ] && return 0
	note "installing: $want"
	[ "$(id -u)" = 0 ] || die "need root to install: $want"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -q > /dev/null || die "apt-get update failed"
	# shellcheck disable=SC2086
	apt-get install -y -q --no-install-recommends $want > /dev/null ||
		die "apt-get install $want failed"
}

# Newest 6.12.N for which image, headers (+common) and kbuild all exist.
debian_kernel_version() {
	local n

	for n in $(apt-cache search --names-only \
			'^linux-image-6\.12\.[0-9]+\+deb12-amd64-unsigned$' |
		   sed -n 's/^linux-image-6\.12\.\([0-9]*\)+deb12.*/\1/p' |
		   sort -rn); do
		if apt-cache show "linux-headers-6.12.$n+deb12-amd64" \
			"linux-headers-6.12.$n+deb12-common" \
			"linux-kbuild-6.12.$n+deb12" > /dev/null 2>&1; then
			echo "6.12.$n+deb12"
			return 0
		fi
	done
	return 1
}

# Debian's linux-source-6.12, unpacked once into the cache.
LINUX_SRC=$CACHE/linux-source-6.12

ensure_linux_source() {
	local tarball=/usr/src/linux-source-6.12.tar.xz

	[ -f "$LINUX_SRC/.unpacked" ] && return 0
	note "unpacking $tarball"
	rm -rf "$LINUX_SRC"
	mkdir -p "$LINUX_SRC"
	tar -xJf "$tarball" -C "$LINUX_SRC" --strip-components=1 ||
		die "cannot unpack $tarball"
	touch "$LINUX_SRC/.unpacked"
}

# tcg, or kvm when TIPC_VM_KVM=1 and /dev/kvm works. KVM stays opt-in:
# on some of these machines /dev/kvm exists but QEMU aborts at the first
# MSR write, and on others a short probe passes while the guest kernel
# then dies of an "emulation failure"; try once and remember.
vm_accel() {
	local probe=$CACHE/kvm-works rc

	[ "${TIPC_VM_KVM:-0}" = 1 ] && [ -e /dev/kvm ] || { echo tcg; return; }
	if [ ! -f "$probe" ]; then
		mkdir -p "$CACHE"
		# A VM that starts and runs for 3 s has a working KVM
		rc=$(sh -c 'timeout 3 qemu-system-x86_64 -accel kvm \
			-cpu max -nodefaults -display none -no-reboot \
			< /dev/null > /dev/null 2>&1; echo $?' 2> /dev/null)
		[ "$rc" = 124 ] && echo yes > "$probe" || echo no > "$probe"
	fi
	[ "$(cat "$probe")" = yes ] && echo kvm || echo tcg
}
