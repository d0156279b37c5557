#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Fetch Debian's 6.12 kernel image, headers and kbuild packages into the
# cache (apt-get download + dpkg -x, nothing installed on the host) and
# print the directory they were unpacked in. Cached after the first run.
set -eu
. "$(dirname "$0")/lib.sh"

install_host_packages
if [ -f "$CACHE/debian/current" ]; then
	dir=$(cat "$CACHE/debian/current")
	if [ -f "$dir/done" ] && [ -z "${REFRESH:-}" ]; then
		note "Debian kernel $(basename "$dir") (cached; REFRESH=1 looks for a newer one)"
		echo "$dir"
		exit 0
	fi
fi
ver=$(debian_kernel_version) || {
	apt-get update -q > /dev/null
	ver=$(debian_kernel_version)
} || die "no complete set of Debian 6.12 kernel packages found"
dir=$CACHE/debian/$ver
if [ ! -f "$dir/done" ]; then
	note "fetching Debian kernel $ver"
	rm -rf "$dir"
	mkdir -p "$dir/debs"
	(cd "$dir/debs" && apt-get download -q \
		"linux-image-$ver-amd64-unsigned" \
		"linux-headers-$ver-amd64" "linux-headers-$ver-common" \
		"linux-kbuild-$ver" > /dev/null 2>&1) || die "apt-get download failed"
	for deb in "$dir"/debs/*.deb; do
		dpkg -x "$deb" "$dir/root"
	done
	# The headers' Makefile includes the -common tree by absolute path
	echo "include $dir/root/usr/src/linux-headers-$ver-common/Makefile" \
		> "$dir/root/usr/src/linux-headers-$ver-amd64/Makefile"
	rm -rf "$dir/debs"
	touch "$dir/done"
fi
echo "$dir" > "$CACHE/debian/current"
note "Debian kernel $ver"
echo "$dir"
