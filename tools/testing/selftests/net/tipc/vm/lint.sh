#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Static checks on the host, as KTAP: checkpatch --strict, a W=1 build
# without warnings, sparse without warnings, and the uapi ABI check.
set -u
. "$(dirname "$0")/lib.sh"

install_host_packages
ensure_linux_source
n=0 failed=0

result() {
	n=$((n + 1))
	if [ "$1" = 0 ]; then
		echo "ok $n $2"
	else
		echo "not ok $n $2"
		failed=$((failed + 1))
	fi
}

echo "TAP version 13"
echo "1..5"

# Our sources only, not what kbuild generates next to them
files=$(cd "$TOP" && git ls-files --cached --others --exclude-standard \
	net/tipc include/uapi/linux/tipc.h include/uapi/linux/tipc_netlink.h |
	grep '\.[ch]$')
out=$(cd "$TOP" && "$LINUX_SRC/scripts/checkpatch.pl" --strict --no-tree \
	--terse --show-types -f $files 2>&1)
bad=$(echo "$out" | grep -E ': (ERROR|WARNING):')
[ -n "$bad" ] && echo "$bad" | sed 's/^/# /'
result "$([ -z "$bad" ]; echo $?)" "lint: checkpatch --strict: no errors or warnings"

out=$("$VM_DIR/build-module.sh" 2>&1)
rc=$?
[ $rc = 0 ] || echo "$out" | sed 's/^/# /' | tail -20
result $rc "lint: W=1 build without warnings"

# C=2: sparse on every file, whether or not it needs rebuilding
out=$("$VM_DIR/build-module.sh" C=2 2>&1)
rc=$?
sparse=$(echo "$out" | grep -E '^[^ ]+\.[ch]:[0-9]+:[0-9]+: (warning|error)')
[ -n "$sparse" ] && echo "$sparse" | sed 's/^/# /'
result "$([ $rc = 0 ] && [ -z "$sparse" ]; echo $?)" "lint: sparse clean"

mkdir -p "$BUILD"
"$TEST_DIR/abi/check_uapi.sh" "$TOP" | grep -v '^TAP\|^1\.\.' |
while read -r line; do
	case $line in
	"ok "*) echo "ok-abi ${line#ok [0-9]* }" ;;
	"not ok "*) echo "notok-abi ${line#not ok [0-9]* }" ;;
	*) echo "$line" ;;
	esac
done > "$BUILD/abi.out"
while read -r line; do
	case $line in
	ok-abi*) result 0 "lint: ${line#ok-abi }" ;;
	notok-abi*) result 1 "lint: ${line#notok-abi }" ;;
	*) echo "$line" ;;
	esac
done < "$BUILD/abi.out"
# an ABI check that reported nothing has not passed
grep -q '^ok-abi\|^notok-abi' "$BUILD/abi.out" ||
	result 1 "lint: uapi ABI check reported no result"
echo "lint: $((n - failed)) passed, $failed failed"
exit $((failed > 0))
