#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Socket options: defaults, accepted values and errors, per socket type,
# compared with tipc_sockopt.expected (what the stock module answers).
cd "$(dirname "$0")" || exit 1
. ./tipc_lib.sh

# The expected report for socket type $1
expected() {
	awk -v t="== $1" '$0 == t { f = 1; next } /^== / { f = 0 } f' \
		tipc_sockopt.expected
}

check_type() {
	new_ns a one || return 1
	diag "[$a] $SOCK opts -t $1"
	$IP netns exec "$a" $SOCK opts -t "$1" > "$WORK/opts.out" 2>&1 ||
		return 1
	expected "$1" > "$WORK/opts.want"
	[ -s "$WORK/opts.want" ] || { diag "no expectation for $1"; return 1; }
	diff -u "$WORK/opts.want" "$WORK/opts.out" | sed 's/^/#   /'
	cmp -s "$WORK/opts.want" "$WORK/opts.out"
}

case_rdm() { check_type rdm; }
case_dgram() { check_type dgram; }
case_seqpacket() { check_type seqpacket; }
case_stream() { check_type stream; }

ktap_plan 4
tipc_run_case "sockopt: RDM defaults, values and errors" case_rdm
tipc_run_case "sockopt: DGRAM defaults, values and errors" case_dgram
tipc_run_case "sockopt: SEQPACKET defaults, values and errors" case_seqpacket
tipc_run_case "sockopt: STREAM defaults, values and errors" case_stream
ktap_finished
