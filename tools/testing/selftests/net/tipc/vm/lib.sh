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

# Packages the harness needs on the host, by the command that proves them.
HOST_PACKAGES="qemu-system-x86:qemu-system-x86_64 busybox-static:busybox
cpio:cpio ccache:ccache sparse:sparse dwarves:pahole flex:flex bison:bison
libelf-dev:- libssl-dev:- bc:bc kmod:modinfo iproute2:tipc xz-utils:xz
rsync:rsync gcc:gcc make:make python3:python3 linux-source-6.12:-
libc6-dev:- perl:perl"

install_host_packages() {
	local want="" pkg cmd entry

	for entry in $HOST_PACKAGES; do
		pkg=${entry%%:*}
		cmd=${entry#*:}
		if [ "$cmd" != - ] && command -v "$cmd" > /dev/null 2>&1; then
			continue
		fi
		dpkg-query -W -f='${Status}' "$pkg" 2> /dev/null |
			grep -q "ok installed" || want="$want $pkg"
	done
	[ -z "$want" ] && return 0
	note "installing:$want"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -q > /dev/null || die "apt-get update failed"
	# shellcheck disable=SC2086
	apt-get install -y -q $want > /dev/null || die "apt-get install failed"
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

# kvm if /dev/kvm works, else tcg. On some of these machines /dev/kvm
# exists but QEMU aborts at the first MSR write: try once and remember.
vm_accel() {
	local probe=$CACHE/kvm-works rc

	[ -e /dev/kvm ] || { echo tcg; return; }
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
