#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# build-kernel.sh custom|debug: a 6.12 kernel from Debian's linux-source
# with our net/tipc and uapi headers in place of upstream's (copied over
# a cached source tree; our tree is never touched), TIPC built in, from
# allnoconfig plus config/kernel.config (and config/debug.config).
# Prints the path of the bzImage.
set -eu
. "$(dirname "$0")/lib.sh"

flavour=${1:-custom}
case $flavour in
custom) frags="$VM_DIR/config/kernel.config" ;;
debug) frags="$VM_DIR/config/kernel.config $VM_DIR/config/debug.config" ;;
*) die "unknown kernel flavour $flavour" ;;
esac
install_host_packages
src=$LINUX_SRC
out=$CACHE/build-$flavour
ensure_linux_source
overlay_ours() {
	# Changed files get the current time, so make rebuilds them even
	# when our copy is older than an object built from a previous
	# overlay; unchanged ones (same checksum) are left alone.
	rsync -rlp --checksum --delete --exclude='*.o' --exclude='*.ko' \
		--exclude='.*.cmd' --exclude='*.mod*' --exclude='*.order' \
		--exclude='Module.symvers' "$TOP/net/tipc/" "$src/net/tipc/"
	rsync -rlp --checksum "$TOP/include/uapi/linux/tipc.h" \
		"$TOP/include/uapi/linux/tipc_netlink.h" "$src/include/uapi/linux/"
}

if ls "$TOP"/net/tipc/*.c > /dev/null 2>&1; then
	overlay_ours
else
	note "net/tipc has no .c files yet: building upstream's TIPC instead"
	[ -f "$src/net/tipc/link.c" ] ||
		die "$src/net/tipc holds an old overlay; remove $src to restore upstream"
fi

mkdir -p "$out"
cat $frags > "$out/fragment.config"
if ! cmp -s "$out/fragment.config" "$out/fragment.used" 2> /dev/null; then
	note "configuring $flavour kernel"
	make -C "$src" O="$out" -s allnoconfig > /dev/null
	"$src/scripts/kconfig/merge_config.sh" -m -O "$out" "$out/.config" \
		"$out/fragment.config" > /dev/null
	make -C "$src" O="$out" -s olddefconfig > /dev/null
	missing=$(grep '^CONFIG_.*=y' "$out/fragment.config" |
		  while read -r line; do
			grep -qx "$line" "$out/.config" || echo "$line"
		  done)
	[ -z "$missing" ] || die "options that did not stick:" $missing
	cp "$out/fragment.config" "$out/fragment.used"
fi
note "building $flavour kernel in $out"
start=$(date +%s)
if ! make -C "$src" O="$out" CC="ccache gcc" -j"$(nproc)" bzImage \
	> "$out/build.log" 2>&1; then
	grep -E 'error|Error' -A3 "$out/build.log" | head -40
	die "kernel build failed; log: $out/build.log"
fi
if grep -q 'net/tipc/.*warning:' "$out/build.log"; then
	grep 'net/tipc/.*warning:' "$out/build.log"
	die "warnings in net/tipc"
fi
note "$flavour kernel built in $(($(date +%s) - start)) s"
echo "$out/arch/x86/boot/bzImage"
