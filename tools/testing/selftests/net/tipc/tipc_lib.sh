# SPDX-License-Identifier: GPL-2.0
#
# Shared by the TIPC selftests (busybox sh): KTAP output, namespaces, and
# waiting for conditions. Sourced, never run.

IP=/sbin/ip
TIPC=/sbin/tipc
SOCK=./tipc_sock
TIPC_IMPL=${TIPC_IMPL:-unknown}
KTAP_N=0
KTAP_PASS=0
KTAP_FAIL=0
KTAP_SKIP=0
NAMESPACES=""
SCRIPT_NAMESPACES=""
NS_CROSSOVER=${NS_CROSSOVER:-0}
XO_SYSCTL=/proc/sys/net/tipc/crossover
XO_PROC=/proc/net/tipc/crossover
GCROSS=./tipc_gcross
GC_STEPS=40
WORK=$(mktemp -d)

# ktap_plan N: the KTAP header; or, when TIPC cannot be used at all here,
# a plan of no cases and exit status 4 (the whole script skipped).
ktap_plan() {
	local why=""

	echo "TAP version 13"
	if [ "$(id -u)" != 0 ]; then
		why="must be run as root"
	elif [ ! -x "$TIPC" ] || [ ! -x "$IP" ]; then
		why="$IP and $TIPC (iproute2) are needed"
	elif [ ! -x "$SOCK" ]; then
		why="$SOCK not built (make)"
	elif ! $SOCK name -t rdm > /dev/null 2>&1; then
		why="no AF_TIPC sockets: is the tipc module loaded?"
	fi
	if [ -n "$why" ]; then
		echo "1..0 # SKIP $why"
		exit 4
	fi
	echo "1..$1"
}

# skip WHY: the case calling it then returns 4, and is reported skipped
skip() {
	echo "$*" > "$WORK/skip.why"
}

diag() {
	echo "# $*"
}

# In namespace $1, run the rest, showing it first.
nsx() {
	local ns=$1

	shift
	diag "[$ns] $*"
	$IP netns exec "$ns" "$@"
}

# xo_set NS 0|1: our module's crossover switch in NS (stock has none:
# its crossover is always on)
xo_set() {
	$IP netns exec "$1" sh -c \
		"[ ! -e $XO_SYSCTL ] || echo $2 > $XO_SYSCTL"
}

# new_ns VAR TAG [script]: a fresh namespace with lo up, its name put in
# VAR; removed at the end of the case, or with "script" at the end of
# the script. Our crossover is off there (NS_CROSSOVER, default 0): the
# tests of links between namespaces must see links carry the traffic.
new_ns() {
	local ns="tipc-$2-$$"

	$IP netns add "$ns" || return 1
	$IP -n "$ns" link set lo up
	xo_set "$ns" "$NS_CROSSOVER"
	if [ "${3:-}" = script ]; then
		SCRIPT_NAMESPACES="$SCRIPT_NAMESPACES $ns"
	else
		NAMESPACES="$NAMESPACES $ns"
	fi
	eval "$1=\$ns"
}

# Remove the namespaces of the last case, and whatever ran in them.
cleanup_ns() {
	local ns

	for ns in $NAMESPACES; do
		$IP netns pids "$ns" 2> /dev/null | xargs -r kill 2> /dev/null
		$IP netns del "$ns" 2> /dev/null
	done
	NAMESPACES=""
}

cleanup() {
	cleanup_ns
	NAMESPACES=${SCRIPT_NAMESPACES:-}
	cleanup_ns
	rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

# wait_for SECONDS COMMAND...: poll COMMAND every 50 ms until it succeeds.
wait_for() {
	local tries=$(($1 * 20))

	shift
	while [ $tries -gt 0 ]; do
		"$@" > /dev/null 2>&1 && return 0
		sleep 0.05
		tries=$((tries - 1))
	done
	diag "timed out waiting for: $*"
	return 1
}

# wait_clock SECONDS COMMAND...: as wait_for, but bounded by the clock
# rather than by a number of tries: under TCG one try of some commands
# takes a good part of a second, which makes a failing wait_for last
# several times as long as asked
wait_clock() {
	local end

	end=$(($(cut -d. -f1 /proc/uptime) + $1 + 1))
	shift
	while [ "$(cut -d. -f1 /proc/uptime)" -lt $end ]; do
		"$@" > /dev/null 2>&1 && return 0
		sleep 0.05
	done
	diag "timed out waiting for: $*"
	return 1
}

# uptime_cs: the time since boot, in hundredths of a second
uptime_cs() {
	awk '{ split($1, t, "."); print t[1] * 100 + t[2] }' /proc/uptime
}

# gone PID: the process has ended (a zombie not yet reaped counts)
gone() {
	kill -0 "$1" 2> /dev/null || return 0
	[ "$(awk '{ print $3 }' "/proc/$1/stat" 2> /dev/null)" = Z ]
}

# node_is NS ID STATE: "tipc node list" in NS shows ID in STATE
node_is() {
	q "$1" $TIPC node list |
		awk -v id="$2" -v st="$3" '$1 == id && $3 == st { f = 1 }
			END { exit !f }'
}

# state: the link and node lists of the namespaces $a and $b, in the log
state() {
	local ns

	for ns in "$a" "$b"; do
		show "$ns" $TIPC link list
		show "$ns" $TIPC node list
	done
}

# expect WHAT GOT WANT: compare, and say what differed.
expect() {
	[ "$2" = "$3" ] && return 0
	diag "$1: got '$2', want '$3'"
	return 1
}

# spawn_server NS NAME OPTIONS...: a tipc_sock server in namespace NS,
# its output in $WORK/NAME.out; it is ready once $WORK/NAME.ready is
# not empty (see server_ready)
spawn_server() {
	local ns=$1 name=$2

	shift 2
	rm -f "$WORK/$name.ready"
	diag "[$ns] $SOCK server $* &"
	$IP netns exec "$ns" $SOCK server -o "$WORK/$name.ready" "$@" \
		> "$WORK/$name.out" 2> "$WORK/$name.err" &
	eval "SERVER_$name=$!"
}

server_ready() {
	wait_for 10 test -s "$WORK/$1.ready"
}

# start_server NS NAME OPTIONS...: spawn_server, and wait until it is
# ready
start_server() {
	spawn_server "$@" && server_ready "$2"
}

# server_addr NAME: the socket address (node:port, node in hex) of the
# server started as NAME, from its line "ready port P node N"
server_addr() {
	local word port node

	read -r word word port word node < "$WORK/$1.ready" &&
		echo "$node:$port"
}

# q NS CMD...: CMD in namespace NS, quietly
q() {
	local ns=$1

	shift
	$IP netns exec "$ns" "$@"
}

# show NS CMD...: CMD in NS, its output in the log
show() {
	local ns=$1

	shift
	diag "[$ns] $*"
	$IP netns exec "$ns" "$@" 2>&1 | sed 's/^/#   /'
}

# t NS ARGS: "tipc ARGS" in NS, its output in $WORK/out and the log,
# its status returned
t() {
	local ns=$1 rc

	shift
	diag "[$ns] tipc $*"
	$IP netns exec "$ns" $TIPC "$@" > "$WORK/out" 2>&1
	rc=$?
	sed 's/^/#   /' "$WORK/out"
	return $rc
}

# carrier NS DEV: DEV in NS is up and carries traffic
carrier() {
	$IP -n "$1" link show "$2" | grep -q 'state UP'
}

# A tipc_sock client in namespace $1 (options after it); its output goes
# to $WORK/client.out.
client() {
	local ns=$1

	shift
	diag "[$ns] $SOCK client $*"
	$IP netns exec "$ns" $SOCK client "$@" > "$WORK/client.out" 2>&1
}

# Wait for server $1 to end; fail if it did not end well.
wait_server() {
	local pid

	eval "pid=\$SERVER_$1"
	wait "$pid" || { diag "server $1 failed: $(cat "$WORK/$1.err")"; return 1; }
}

# finish SECS NAME: server NAME (start_server) ends well within SECS
finish() {
	local pid

	eval "pid=\$SERVER_$2"
	if ! wait_for "$1" gone "$pid"; then
		diag "server $2 still running after $1 s;" \
			"$(grep -c '^recv' "$WORK/$2.out") messages received"
		kill "$pid" 2> /dev/null
		return 1
	fi
	wait_server "$2"
}

# same WHAT GOT WANT: two files with the same lines; else the first
# difference
same() {
	cmp -s "$2" "$3" && return 0
	diag "$1: $(wc -l < "$2") lines, want $(wc -l < "$3"); first difference:"
	diff "$3" "$2" | head -n 10 | sed 's/^/#   /'
	return 1
}

# check_msgs SERVER: the server received, in order, every message of
# $WORK/sent.out (the clients' outputs) from the sending socket
check_msgs() {
	awk '$1 == "port" { from = $4 ":" $2 }
	     $1 == "sent" { print $2, $3, from }' "$WORK/sent.out" \
		> "$WORK/want"
	awk '$1 == "recv" { print $2, $3, $5 }' "$WORK/$1.out" > "$WORK/got"
	[ -s "$WORK/want" ] || { diag "nothing sent"; return 1; }
	same "messages" "$WORK/got" "$WORK/want"
}

# xclient NS ARGS: a client whose output is added to $WORK/sent.out
xclient() {
	client "$@" || { sed 's/^/#   /' "$WORK/client.out"; return 1; }
	cat "$WORK/client.out" >> "$WORK/sent.out"
}

# three_nodes: $a (alpha, on bridge br0), $b (beta, vb) and $c (gamma,
# vc), their links up
three_nodes() {
	local n ns

	new_ns a one && new_ns b two && new_ns c three || return 1
	$IP -n "$a" link add br0 type bridge ||
		{ skip "no bridge in this kernel"; return 4; }
	for n in b c; do
		eval "ns=\$$n"
		$IP link add "p$n" netns "$a" type veth peer name "v$n" \
			netns "$ns" || return 1
		$IP -n "$a" link set "p$n" master br0 up &&
			$IP -n "$ns" link set "v$n" up || return 1
	done
	$IP -n "$a" link set br0 up || return 1
	wait_for 5 carrier "$b" vb && wait_for 5 carrier "$c" vc || return 1
	nsx "$a" $TIPC node set identity alpha &&
		nsx "$b" $TIPC node set identity beta &&
		nsx "$c" $TIPC node set identity gamma || return 1
	nsx "$a" $TIPC bearer enable media eth device br0 &&
		nsx "$b" $TIPC bearer enable media eth device vb &&
		nsx "$c" $TIPC bearer enable media eth device vc || return 1
	wait_links 20 "$a" 2 && wait_links 20 "$b" 2 && wait_links 20 "$c" 2
}

# links_up NS N: NS has N links up, besides the broadcast link
links_up() {
	[ "$(q "$1" $TIPC link list | grep -v '^broadcast-link: ' |
	     grep -c ': up$')" = "$2" ]
}

wait_links() {
	wait_for "$1" links_up "$2" "$3" && return 0
	diag "$2 has not $3 links up"
	show "$2" $TIPC link list
	return 1
}

# gcross NS NODE: tipc_gcross's share of node NODE in NS, in the
# background, its output in $WORK/gcross.NODE
gcross() {
	diag "[$1] $GCROSS $2 3 3 $GC_STEPS &"
	$IP netns exec "$1" $GCROSS "$2" 3 3 $GC_STEPS \
		> "$WORK/gcross.$2" 2>&1 &
	eval "GC_PID_$2=\$!"
}

# gcross_ok NODE: node NODE's share ended well
gcross_ok() {
	local pid rc=0

	eval "pid=\$GC_PID_$1"
	wait "$pid" || rc=1
	sed 's/^/#   /' "$WORK/gcross.$1"
	return $rc
}

# group_run: tipc_gcross over three_nodes, three members on each; every
# member's share ends well
group_run() {
	local rc=0 n

	three_nodes || return $?
	gcross "$a" 1 && gcross "$b" 2 && gcross "$c" 3
	for n in 1 2 3; do
		gcross_ok $n || rc=1
	done
	return $rc
}

# tipc_run_case DESCRIPTION FUNCTION: run one case, print its KTAP line.
# The function returns 0 (pass), 4 (skip) or anything else (fail).
tipc_run_case() {
	local rc

	KTAP_N=$((KTAP_N + 1))
	rm -f "$WORK/skip.why"
	"$2" > "$WORK/case.log" 2>&1
	rc=$?
	cleanup_ns
	sed 's/^\([^#]\)/# \1/' "$WORK/case.log"
	case $rc in
	0) echo "ok $KTAP_N $1"; KTAP_PASS=$((KTAP_PASS + 1)) ;;
	4)
		echo "ok $KTAP_N $1 # SKIP $(cat "$WORK/skip.why" 2> /dev/null)"
		KTAP_SKIP=$((KTAP_SKIP + 1)) ;;
	*) echo "not ok $KTAP_N $1"; KTAP_FAIL=$((KTAP_FAIL + 1)) ;;
	esac
}

ktap_finished() {
	echo "# Totals: pass:$KTAP_PASS fail:$KTAP_FAIL skip:$KTAP_SKIP"
	[ $KTAP_FAIL -eq 0 ]
	exit $?
}
