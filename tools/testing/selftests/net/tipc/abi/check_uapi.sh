#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# ABI check of our uapi headers against upstream's, run on the host.
#
# For each header, gen_abi_probe.py writes a probe from upstream's copy
# that prints every macro, enumerator, enum and struct size, member
# offset/size/signedness and inline helper result. The probe is built
# against upstream's copy and against ours, both after libc's
# <sys/socket.h> and standing alone, and the outputs must be identical.
# A name upstream has and we lack fails the build; a name we have and
# upstream lacks fails too. Prints KTAP.
#
# usage: check_uapi.sh [REPO_TOP [LINUX_SOURCE_TARBALL]]
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=${1:-$(cd "$here/../../../../../.." && pwd)}
tarball=${2:-/usr/src/linux-source-6.12.tar.xz}
gen="$here/gen_abi_probe.py"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
CC=${CC:-gcc}

mkdir -p "$work/up"
tar -xJf "$tarball" -C "$work/up" --strip-components=1 --wildcards \
	'*/include/uapi/linux/tipc.h' '*/include/uapi/linux/tipc_netlink.h' ||
	{ echo "Bail out! cannot read $tarball"; exit 1; }
up="$work/up/include/uapi"
ours="$top/include/uapi"

n=0
failed=0

result() {
	n=$((n + 1))
	if [ "$1" = 0 ]; then
		echo "ok $n $2"
	else
		echo "not ok $n $2"
		failed=$((failed + 1))
	fi
}

# build_run SIDE INCDIR: build $work/probe.c against INCDIR, run it
build_run() {
	if ! $CC -std=gnu11 -Wall -Wextra -Werror -Wno-type-limits -o "$work/$1.bin" \
		-I"$2" "$work/probe.c" 2> "$work/$1.err"; then
		sed 's/^/# /' "$work/$1.err" | head -20
		return 1
	fi
	"$work/$1.bin" > "$work/$1.out"
}

# compare HEADER [--no-libc-socket]
compare() {
	python3 "$gen" "$up/linux/$1" "linux/$1" ${2:-} > "$work/probe.c" ||
		return 1
	build_run up "$up" || { echo "# probe does not build upstream"; return 1; }
	build_run ours "$ours" || return 1
	if ! diff -u "$work/up.out" "$work/ours.out" > "$work/diff"; then
		sed 's/^/# /' "$work/diff" | head -40
		return 1
	fi
	echo "# $(wc -l < "$work/up.out") items identical"
}

# No names beyond upstream's.
no_extras() {
	python3 "$gen" --names "$up/linux/$1" | sort > "$work/up.names"
	python3 "$gen" --names "$ours/linux/$1" | sort > "$work/ours.names"
	comm -13 "$work/up.names" "$work/ours.names" > "$work/extra"
	[ -s "$work/extra" ] || return 0
	sed 's/^/# not upstream: /' "$work/extra"
	return 1
}

# Both headers keep upstream's include guards, so never both included.
guard_kept() {
	grep -q "^#ifndef $2\$" "$ours/linux/$1" &&
		grep -q "^#define $2\$" "$ours/linux/$1"
}

echo "TAP version 13"
echo "1..8"
for h in tipc.h tipc_netlink.h; do
	compare $h
	result $? "uapi $h: values and layouts match upstream (after sys/socket.h)"
	compare $h --no-libc-socket
	result $? "uapi $h: values and layouts match upstream (standalone)"
	no_extras $h
	result $? "uapi $h: no names beyond upstream's"
done
guard_kept tipc.h _LINUX_TIPC_H_
result $? "uapi tipc.h: include guard _LINUX_TIPC_H_"
guard_kept tipc_netlink.h _LINUX_TIPC_NETLINK_H_
result $? "uapi tipc_netlink.h: include guard _LINUX_TIPC_NETLINK_H_"
echo "# Totals: pass:$((n - failed)) fail:$failed skip:0"
[ $failed -eq 0 ]
