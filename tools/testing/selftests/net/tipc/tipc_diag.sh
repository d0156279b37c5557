#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# sock_diag for AF_TIPC through the unmodified ss (ss --tipc): sockets of
# each type and state, the state filter (applied by the kernel), what ss
# shows of them; and "tipc node list" on a lone node. The expected
# outputs are the stock module's, with the ports, inodes and cookies of
# the sockets that "tipc_sock hold" sets up replaced by their names.
cd "$(dirname "$0")" || exit 1
. ./tipc_lib.sh

SS=${SS:-/bin/ss}
SS_AS=""	# "$SOCK drop-caps": run ss as nobody

# One socket of each type in each state it can be held in
SOCKETS="o=open:rdm od=open:dgram os=open:stream oq=open:seqpacket
b=bound:rdm:1000:1:10 bd=bound:dgram:1001:5:5:node q=queued:rdm:1002:1:1
l=listen:stream:2000:1:1 lq=listen:seqpacket:2001:1:1
c=conn:stream:3000:7:7 cq=conn:seqpacket:3001:1:1
p=pending:seqpacket:4000:1:1 x=closed:stream:5000:1:1"

# Port, inode and cookie into name ($WORK/map, then ss's output); unknown
# inodes and cookies become "?", and fields end up one space apart.
NORMALISE='
NR == FNR { name[$1] = $2; next }
{
	for (i = 1; i <= NF; i++) {
		if ($i in name)
			$i = name[$i]
		else if ($i ~ /^(ino|sk):/)
			sub(/:.*/, ":?", $i)
		else if (split($i, a, ":") == 2 && (a[2] in name))
			$i = a[1] ":" name[a[2]]
	}
	$1 = $1
	print
}'

# hold NS NAME [drop-caps] SPEC...: "tipc_sock hold" in NS in the
# background (as nobody after drop-caps) until its sockets are set up;
# its report in $WORK/NAME.hold, its pid in HOLD_PID
hold() {
	local ns=$1 name=$2 as=""

	shift 2
	if [ "$1" = drop-caps ]; then
		as="$SOCK drop-caps"
		shift
	fi
	diag "[$ns] ${as:+$as }$SOCK hold $* &"
	$IP netns exec "$ns" $as $SOCK hold "$@" > "$WORK/$name.hold" \
		2> "$WORK/$name.err" &
	HOLD_PID=$!
	wait_for 20 grep -qx ready "$WORK/$name.hold" ||
		{ cat "$WORK/$name.err"; return 1; }
}

# labels NS: $WORK/map names every socket held in this case, and NS's
# topology server (the socket bound to {1,1,1}) "topsrv"
labels() {
	cat "$WORK"/*.hold | awk '$1 == "sock" {
		print $4, $2; print "ino:" $6, "ino:" $2; print "sk:" $8, "sk:" $2
	}' > "$WORK/map"
	$IP netns exec "$1" $TIPC socket list | awk '
		/^socket / { port = $2 }
		/bound to \{1,1,1\}/ { print port, "topsrv" }' >> "$WORK/map"
}

# fresh VAR: a case's first step, a namespace in VAR and no sockets held
fresh() {
	rm -f "$WORK"/*.hold "$WORK/map"
	new_ns "$1" diag
}

# sst NS ARGS...: ss in NS without its header line (whose spacing
# depends on the widths of the columns), the output normalised and sorted
# in $WORK/out
sst() {
	local ns=$1

	shift
	diag "[$ns] ss $*"
	$IP netns exec "$ns" $SS_AS $SS -H "$@" > "$WORK/ss.raw" 2>&1 ||
		{ sed 's/^/#   /' "$WORK/ss.raw"; return 1; }
	awk "$NORMALISE" "$WORK/map" "$WORK/ss.raw" |
		sort > "$WORK/out"
}

# same WHAT: $WORK/out is $WORK/want, else show how they differ
same() {
	cmp -s "$WORK/want" "$WORK/out" && return 0
	diag "$1 differs (-want +got):"
	diff -u "$WORK/want" "$WORK/out" | sed 's/^/#   /'
	return 1
}

node_list_is_empty() {
	diag "[$1] tipc node list"
	$IP netns exec "$1" $TIPC node list > "$WORK/out" 2>&1 ||
		{ sed 's/^/#   /' "$WORK/out"; return 1; }
	echo "Node Identity                    Hash     State" > "$WORK/want"
	same "node list"
}

# A lone node has no peers: the header only, with or without an address.
case_node_list() {
	new_ns a one || return 1
	node_list_is_empty "$a" || return 1
	diag "[$a] tipc node set address 1.1.1"
	$IP netns exec "$a" $TIPC node set address 1.1.1 || return 1
	node_list_is_empty "$a"
}

# By default ss asks for open, listening and connected sockets only.
case_default() {
	fresh a || return 1
	hold "$a" all $SOCKETS || return 1
	labels "$a" || return 1
	sst "$a" --tipc || return 1
	cat > "$WORK/want" << 'EOF'
ESTAB 0 0 0:c.client 0:c.server
ESTAB 0 0 0:c.server 0:c.client
ESTAB 0 0 0:cq.client 0:cq.server
ESTAB 0 0 0:cq.server 0:cq.client
LISTEN 0 0 0:c -
LISTEN 0 0 0:cq -
LISTEN 0 0 0:l -
LISTEN 0 0 0:lq -
LISTEN 0 0 0:topsrv -
LISTEN 0 0 0:x -
LISTEN 1 0 0:p -
UNCONN 0 0 0:b -
UNCONN 0 0 0:bd -
UNCONN 0 0 0:o -
UNCONN 0 0 0:od -
UNCONN 0 0 0:oq -
UNCONN 0 0 0:os -
UNCONN 0 0 0:q.sender -
UNCONN 1 0 0:q -
EOF
	same "ss --tipc"
}

# Connecting and disconnected sockets too. A SYN, message or connection
# end waiting to be read counts in Recv-Q; a connecting socket keeps its
# SYN queued to send it again (Send-Q).
case_all_states() {
	fresh a || return 1
	hold "$a" all $SOCKETS || return 1
	labels "$a" || return 1
	sst "$a" --tipc -a || return 1
	cat > "$WORK/want" << 'EOF'
CLOSE-WAIT 1 0 0:x.server -
ESTAB 0 0 0:c.client 0:c.server
ESTAB 0 0 0:c.server 0:c.client
ESTAB 0 0 0:cq.client 0:cq.server
ESTAB 0 0 0:cq.server 0:cq.client
LISTEN 0 0 0:c -
LISTEN 0 0 0:cq -
LISTEN 0 0 0:l -
LISTEN 0 0 0:lq -
LISTEN 0 0 0:topsrv -
LISTEN 0 0 0:x -
LISTEN 1 0 0:p -
SYN-SENT 0 1 0:p.client -
UNCONN 0 0 0:b -
UNCONN 0 0 0:bd -
UNCONN 0 0 0:o -
UNCONN 0 0 0:od -
UNCONN 0 0 0:oq -
UNCONN 0 0 0:os -
UNCONN 0 0 0:q.sender -
UNCONN 1 0 0:q -
EOF
	same "ss --tipc -a"
}

# The kernel picks the sockets by state: which ones each filter lists.
case_state_filters() {
	local filter

	fresh a || return 1
	hold "$a" all $SOCKETS || return 1
	labels "$a" || return 1
	: > "$WORK/got"
	for filter in "state listening" "state established" \
		"state unconnected" "state syn-sent" "state close-wait" \
		"state connected" "state all" "exclude unconnected" "-l"; do
		# shellcheck disable=SC2086
		sst "$a" --tipc $filter || return 1
		echo "$filter:" $(awk '{ for (i = 1; i <= NF; i++)
			if (sub(/^0:/, "", $i)) { print $i; break } }' \
			"$WORK/out" | sort) >> "$WORK/got"
	done
	mv "$WORK/got" "$WORK/out"
	cat > "$WORK/want" << 'EOF'
state listening: c cq l lq p topsrv x
state established: c.client c.server cq.client cq.server
state unconnected: b bd o od oq os q q.sender
state syn-sent: p.client
state close-wait: x.server
state connected: c.client c.server cq.client cq.server p.client x.server
state all: b bd c c.client c.server cq cq.client cq.server l lq o od oq os p p.client q q.sender topsrv x x.server
exclude unconnected: c c.client c.server cq cq.client cq.server l lq p p.client topsrv x x.server
-l: b bd c cq l lq o od oq os p q q.sender topsrv x
EOF
	same "state filters"
}

# --tipcinfo: type, congestion, drops, bindings and the service a
# connection was made to. Of 40 messages of 60000 bytes, 31 fit; a
# connection's window (128 blocks of 1 KiB) is full after 3.
case_tipcinfo() {
	fresh a || return 1
	hold "$a" all $SOCKETS f=flood:rdm:6000:1:1 \
		g=congested:seqpacket:7000:1:1 || return 1
	labels "$a" || return 1
	sst "$a" --tipc -a -O --tipcinfo || return 1
	cat > "$WORK/want" << 'EOF'
CLOSE-WAIT 1 0 0:x.server - type:STREAM cong:none drop:0
ESTAB 0 0 0:c.client 0:c.server type:STREAM cong:none drop:0 via {3000,7}
ESTAB 0 0 0:c.server 0:c.client type:STREAM cong:none drop:0 via {3000,7}
ESTAB 0 0 0:cq.client 0:cq.server type:SEQPACKET cong:none drop:0 via {3001,1}
ESTAB 0 0 0:cq.server 0:cq.client type:SEQPACKET cong:none drop:0 via {3001,1}
ESTAB 0 0 0:g.client 0:g.server type:SEQPACKET cong:conn drop:0 via {7000,1}
ESTAB 3 0 0:g.server 0:g.client type:SEQPACKET cong:none drop:0 via {7000,1}
LISTEN 0 0 0:c - type:STREAM cong:none drop:0 publ
LISTEN 0 0 0:cq - type:SEQPACKET cong:none drop:0 publ
LISTEN 0 0 0:g - type:SEQPACKET cong:none drop:0 publ
LISTEN 0 0 0:l - type:STREAM cong:none drop:0 publ
LISTEN 0 0 0:lq - type:SEQPACKET cong:none drop:0 publ
LISTEN 0 0 0:topsrv - type:SEQPACKET cong:none drop:0 publ
LISTEN 0 0 0:x - type:STREAM cong:none drop:0 publ
LISTEN 1 0 0:p - type:SEQPACKET cong:none drop:0 publ
SYN-SENT 0 1 0:p.client - type:SEQPACKET cong:none drop:0
UNCONN 0 0 0:b - type:RDM cong:none drop:0 publ
UNCONN 0 0 0:bd - type:DGRAM cong:none drop:0 publ
UNCONN 0 0 0:f.sender - type:RDM cong:none drop:0
UNCONN 0 0 0:o - type:RDM cong:none drop:0
UNCONN 0 0 0:od - type:DGRAM cong:none drop:0
UNCONN 0 0 0:oq - type:SEQPACKET cong:none drop:0
UNCONN 0 0 0:os - type:STREAM cong:none drop:0
UNCONN 0 0 0:q.sender - type:RDM cong:none drop:0
UNCONN 1 0 0:q - type:RDM cong:none drop:0 publ
UNCONN 31 0 0:f - type:RDM cong:none drop:9 publ
EOF
	same "ss --tipc --tipcinfo"
}

# -e: each socket's inode and cookie (as fstat() and SO_COOKIE give
# them), and its owner unless root. Anyone may ask, and sees the same.
case_details() {
	local rc

	fresh a || return 1
	hold "$a" all o=open:rdm l=listen:stream:2000:1:1 \
		c=conn:seqpacket:3000:1:1 || return 1
	hold "$a" nobody drop-caps n=bound:rdm:1000:1:1 || return 1
	labels "$a" || return 1
	sst "$a" --tipc -a -e || return 1
	cat > "$WORK/want" << 'EOF'
ESTAB 0 0 0:c.client 0:c.server ino:c.client sk:c.client
ESTAB 0 0 0:c.server 0:c.client ino:c.server sk:c.server
LISTEN 0 0 0:c - ino:c sk:c
LISTEN 0 0 0:l - ino:l sk:l
LISTEN 0 0 0:topsrv - ino:? sk:?
UNCONN 0 0 0:n - uid:65534 ino:n sk:n
UNCONN 0 0 0:o - ino:o sk:o
EOF
	same "ss --tipc -e" || return 1
	diag "as nobody:"
	SS_AS="$SOCK drop-caps"
	sst "$a" --tipc -a -e
	rc=$?
	SS_AS=""
	[ $rc = 0 ] && same "unprivileged ss --tipc -e"
}

# The node address, once set, is every socket's; a connection keeps the
# peer address it was made with.
case_address() {
	fresh a || return 1
	hold "$a" before c=conn:stream:3000:1:1 || return 1
	diag "[$a] tipc node set address 1.1.1"
	$IP netns exec "$a" $TIPC node set address 1.1.1 || return 1
	hold "$a" after d=conn:stream:3001:1:1 || return 1
	labels "$a" || return 1
	sst "$a" --tipc || return 1
	cat > "$WORK/want" << 'EOF'
ESTAB 0 0 16781313:c.client 0:c.server
ESTAB 0 0 16781313:c.server 0:c.client
ESTAB 0 0 16781313:d.client 16781313:d.server
ESTAB 0 0 16781313:d.server 16781313:d.client
LISTEN 0 0 16781313:c -
LISTEN 0 0 16781313:d -
LISTEN 0 0 16781313:topsrv -
EOF
	same "ss --tipc"
}

# Each namespace lists its own sockets only.
case_namespaces() {
	fresh a || return 1
	new_ns b other || return 1
	hold "$a" all $SOCKETS || return 1
	labels "$b" || return 1
	sst "$b" --tipc -a || return 1
	cat > "$WORK/want" << 'EOF'
LISTEN 0 0 0:topsrv -
EOF
	same "ss --tipc -a in another namespace"
}

# only_topsrv_left NS: ss lists NS's topology server, and nothing else
only_topsrv_left() {
	sst "$1" --tipc -a > /dev/null 2>&1 &&
		[ "$(cat "$WORK/out")" = "LISTEN 0 0 0:topsrv -" ]
}

# Sockets closed are gone from the list.
case_closed() {
	fresh a || return 1
	hold "$a" all $SOCKETS || return 1
	labels "$a" || return 1
	diag "kill the holder"
	kill "$HOLD_PID" || return 1
	wait_for 10 only_topsrv_left "$a" || return 1
	sst "$a" --tipc -a || return 1
	echo "LISTEN 0 0 0:topsrv -" > "$WORK/want"
	same "ss --tipc -a"
}

# A list longer than one netlink message: no socket twice, none foreign.
# The stock module skips the socket that did not fit in a message, so up
# to one per 100 may be missing; ours lists them all.
case_many() {
	local i n=500 specs="" got

	fresh a || return 1
	for i in $(seq $n); do
		specs="$specs s$i=open:rdm"
	done
	# shellcheck disable=SC2086
	hold "$a" many $specs > /dev/null || return 1
	labels "$a" || return 1
	sst "$a" --tipc -a || return 1
	got=$(wc -l < "$WORK/out")
	diag "$got sockets listed"
	[ "$(sort -u "$WORK/out" | wc -l)" = "$got" ] ||
		{ diag "a socket is listed twice"; return 1; }
	! grep -Ev '^(UNCONN 0 0 0:s[0-9]+|LISTEN 0 0 0:topsrv) -$' \
		"$WORK/out" || { diag "unexpected lines above"; return 1; }
	[ "$got" -le $((n + 1)) ] && [ "$got" -ge $((n + 1 - n / 100)) ]
}

[ -x "$SS" ] || { echo "TAP version 13"; echo "1..0 # SKIP no $SS"; exit 4; }
ktap_plan 10
tipc_run_case "diag: a lone node lists no peer nodes" case_node_list
tipc_run_case "diag: ss --tipc lists open, listening, connected" case_default
tipc_run_case "diag: ss --tipc -a adds connecting and disconnected" case_all_states
tipc_run_case "diag: state filters applied by the kernel" case_state_filters
tipc_run_case "diag: --tipcinfo shows type, drops, bindings, service" case_tipcinfo
tipc_run_case "diag: -e shows inode, cookie and owner, to anyone" case_details
tipc_run_case "diag: node address, and connections keep theirs" case_address
tipc_run_case "diag: each namespace lists its own sockets" case_namespaces
tipc_run_case "diag: closed sockets leave the list" case_closed
tipc_run_case "diag: a long list over several messages" case_many
ktap_finished
