#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# ABI check of our uapi headers against upstream's: for each header, a
# probe generated from upstream's copy prints every constant, struct
# size and member offset; it is built once against each copy and the
# outputs must be identical. Prints KTAP.
#
# usage: check_uapi.sh <repo top> [linux-source tarball]
set -u
top=$1
tarball=${2:-/usr/src/linux-source-6.12.tar.xz}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

mkdir -p "$work/up"
tar -xJf "$tarball" -C "$work/up" --strip-components=1 --wildcards \
	'*/include/uapi/linux/tipc.h' '*/include/uapi/linux/tipc_netlink.h' ||
	{ echo "Bail out! cannot read $tarball"; exit 1; }

headers="tipc.h tipc_netlink.h"
echo "TAP version 13"
echo "1..$(echo $headers | wc -w)"
n=0 failed=0
for h in $headers; do
	n=$((n + 1))
	python3 "$here/gen_abi_probe.py" "$work/up/include/uapi/linux/$h" \
		"linux/$h" > "$work/probe.c"
	ok=1
	for side in up ours; do
		inc="$work/up/include/uapi"
		[ "$side" = ours ] && inc="$top/include/uapi"
		if ! gcc -Wall -Werror -o "$work/$side.bin" -I"$inc" "$work/probe.c" \
			2> "$work/$side.err"; then
			sed 's/^/# /' "$work/$side.err" | head -20
			ok=0
			continue
		fi
		"$work/$side.bin" > "$work/$side.out"
	done
	if [ $ok = 1 ] && ! diff -u "$work/up.out" "$work/ours.out" > "$work/diff"; then
		sed 's/^/# /' "$work/diff" | head -40
		ok=0
	fi
	if [ $ok = 1 ]; then
		echo "ok $n uapi $h matches upstream ($(wc -l < "$work/up.out") items)"
	else
		echo "not ok $n uapi $h matches upstream"
		failed=$((failed + 1))
	fi
done
exit $((failed > 0))
