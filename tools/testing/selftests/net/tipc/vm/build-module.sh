#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build net/tipc/tipc.ko out of tree against Debian's 6.12 headers, with
# W=1; any compiler warning fails the build. Extra make arguments (C=2
# for sparse) are passed through. MOD_DIR builds another module instead
# (to test this script).
set -eu
. "$(dirname "$0")/lib.sh"

deb=$("$VM_DIR/fetch-debian.sh")
kdir=$(ls -d "$deb"/root/usr/src/linux-headers-*-amd64)
mod=${MOD_DIR:-$TOP/net/tipc}
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! make -C "$kdir" M="$mod" W=1 "$@" modules > "$log" 2>&1; then
	cat "$log"
	die "module build failed"
fi
grep -v '^make\|^  [A-Z]' "$log" || true
if grep -qi 'warning:' "$log"; then
	die "the build has warnings (compiler or modpost)"
fi
note "built $(ls "$mod"/*.ko)"
