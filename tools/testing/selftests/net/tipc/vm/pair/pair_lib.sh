# SPDX-License-Identifier: GPL-2.0
#
# Shared by the two-VM scripts (busybox sh), after tipc_lib.sh: processes
# in the background and the node list. Sourced, never run.

PIDS=""

# bg NAME CMD...: CMD in the background, output in $WORK/NAME.out, its
# pid in PID_NAME
bg() {
	local name=$1

	shift
	diag "$* &"
	"$@" > "$WORK/$name.out" 2> "$WORK/$name.err" &
	eval "PID_$name=$!"
	PIDS="$PIDS $!"
}

# server NAME ARGS: a tipc_sock server, ready once bound
server() {
	local name=$1

	shift
	rm -f "$WORK/$name.ready"
	bg "$name" $SOCK server -o "$WORK/$name.ready" "$@"
	wait_for 10 test -s "$WORK/$name.ready"
}

# finish SECS NAME: process NAME (bg) ends, and well, within SECS
finish() {
	local pid

	eval "pid=\$PID_$2"
	if ! wait_for "$1" gone "$pid"; then
		diag "$2 still running after $1 s: $(grep -c '^sent\|^recv' \
			"$WORK/$2.out") messages"
		kill "$pid" 2> /dev/null
		return 1
	fi
	wait "$pid" && return 0
	diag "$2 failed: $(tail -n 1 "$WORK/$2.out") $(cat "$WORK/$2.err")"
	return 1
}

# node_is ID STATE: "tipc node list" shows ID in STATE
node_is() {
	$TIPC node list | awk -v id="$1" -v st="$2" \
		'$1 == id && $3 == st { f = 1 } END { exit !f }'
}
