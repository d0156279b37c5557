#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build net/tipc/tipc.ko out of tree against Debian's 6.12 headers, with
# W=1; any compiler warning fails the build. Extra make arguments (C=2
# for sparse) are passed through.
set -eu
. "$(dirname "$0")/lib.sh"

deb=$("$VM_DIR/fetch-debian.sh")
kdir=$(ls -d "$deb"/root/usr/src/linux-headers-*-amd64)
echo "vm: building against $(basename "$deb")" >&2
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! make -C "$kdir" M="$TOP/net/tipc" W=1 "$@" modules > "$log" 2>&1; then
	cat "$log"
	die "module build failed"
fi
grep -v '^make\|^  [A-Z]' "$log" || true
if grep -q 'warning:' "$log"; then
	die "the build has warnings"
fi
echo "vm: built $TOP/net/tipc/tipc.ko" >&2
