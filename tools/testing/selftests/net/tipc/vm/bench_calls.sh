#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# bench_calls.sh: where a round trip's instructions go, our module
# against Debian's stock one: the kernel functions one ping-pong of 64
# bytes calls, counted by ftrace's function tracer, on three paths: RDM
# node-local (local), SEQPACKET node-local (seq) and RDM across the
# crossover (xo, as the xo rows of vm/bench.sh). "run.sh --calls"
# ships it with both modules, as for the bench.
#
# The count of a path is the difference between a run of CALLS_N2 and
# one of CALLS_N1 round trips, divided by CALLS_N2 - CALLS_N1: what
# starting a run costs (fork, sockets, binding, the first messages)
# cancels out. Both processes run on CPU 0, the only CPU traced. Timer
# ticks, page faults and the like still fall into the runs unevenly;
# taking the smaller of two such differences filters most of them, but
# counts of a few calls per round trip remain noise, tens are not. A
# round trip is two sends, two receives and two context switches.
#
# Output: KTAP, a case per module and path, its diagnostics lines
#   # CALLS IMPL PATH PER_ROUND_TRIP FUNCTION	(calls >= 0.5)
#   # CALLS-TOTAL IMPL PATH PER_ROUND_TRIP
# and at the end "# CALLS-TABLE ..." lines, which run.sh prints: the
# totals, and per path the functions whose counts differ most between
# the modules.
cd /selftests 2> /dev/null || cd "$(dirname "$0")" || exit 1
BENCH_LIB=1
. ./bench.sh

TRACING=/sys/kernel/tracing
N1=${CALLS_N1:-200}
N2=${CALLS_N2:-600}
OUT=/tmp/calls
PATHS="local seq xo"

# tracing_setup: the function tracer, CPU 0 only, stopped
tracing_setup() {
	[ -e $TRACING/trace ] || mount -t tracefs nodev $TRACING || return 1
	echo 0 > $TRACING/tracing_on &&
		echo 1 > $TRACING/tracing_cpumask &&
		echo 98304 > $TRACING/buffer_size_kb &&
		echo function > $TRACING/current_tracer &&
		echo 0 > $TRACING/tracing_on
}

# traced FILE CMD...: run CMD traced; FILE gets "FUNCTION COUNT" lines.
# Fails if CMD fails or the ring buffer overflowed.
traced() {
	local file=$1 rc=0

	shift
	echo > $TRACING/trace
	echo 1 > $TRACING/tracing_on
	"$@" > $OUT/cmd.log 2>&1 || rc=1
	echo 0 > $TRACING/tracing_on
	if grep -q '^overrun: [1-9]' $TRACING/per_cpu/cpu0/stats; then
		echo "# the trace buffer overflowed"
		return 1
	fi
	[ $rc = 0 ] || { sed 's/^/# /' $OUT/cmd.log; return 1; }
	# a line ends "FUNCTION <-CALLER"
	awk '{ for (i = NF; i > 1; i--)
		if (substr($i, 1, 2) == "<-") { n[$(i - 1)]++; break } }
	     END { for (f in n) print f, n[f] }' $TRACING/trace > "$file"
}

# rtt_on PATH N: N round trips on PATH
rtt_on() {
	case $1 in
	local) $BENCH rtt -T rdm -s 64 -n "$2" -C 0 ;;
	seq) $BENCH rtt -T seqpacket -s 64 -n "$2" -C 0 ;;
	xo) $IP netns exec xo-a $BENCH rtt -T rdm -s 64 -n "$2" -C 0 -R xo-b ;;
	esac
}

# diff A B: per function, (B - A) / (N2 - N1), for runs A of N1 and B
# of N2 round trips
diff_runs() {
	awk -v d=$((N2 - N1)) 'NR == FNR { a[$1] = $2; next }
		{ printf "%s %.2f\n", $1, ($2 - a[$1]) / d; delete a[$1] }
		END { for (f in a) printf "%s %.2f\n", f, -a[f] / d }' "$1" "$2"
}

# count IMPL PATH: the calls per round trip of PATH into $OUT/IMPL.PATH.
# After a run not counted, two pairs of runs; per function the smaller
# of the two counts, since what disturbs a run (a page fault, a timer)
# rarely hits both.
count() {
	local i

	if [ "$2" = xo ]; then
		xo_ready 1 || return 1
	fi
	rtt_on "$2" "$N1" > /dev/null 2>&1 || return 1
	for i in 1 2; do
		traced $OUT/a rtt_on "$2" "$N1" &&
			traced $OUT/b rtt_on "$2" "$N2" || return 1
		diff_runs $OUT/a $OUT/b > $OUT/d$i
	done
	awk 'NR == FNR { a[$1] = $2; next }
		{ print $1, ($1 in a && a[$1] < $2) ? a[$1] : $2; delete a[$1] }
		END { for (f in a) print f, a[f] < 0 ? a[f] : 0 }' \
		$OUT/d1 $OUT/d2 > "$OUT/$1.$2"
	awk -v l="$1 $2" '$2 >= 0.5 { print "# CALLS " l, $2, $1 }
		{ t += $2 } END { printf "# CALLS-TOTAL %s %.1f\n", l, t }' \
		"$OUT/$1.$2"
}

# table PATH: the totals, and the functions whose counts differ most
table() {
	awk -v p="$1" 'NR == FNR { s[$1] = $2; t2 += $2; next }
		{ o[$1] = $2; t1 += $2 }
		END { printf "# CALLS-TABLE %s: %.0f calls per round trip with ours, %.0f with stock\n",
			p, t1, t2 }' "$OUT/stock.$1" "$OUT/ours.$1"
	echo "# CALLS-TABLE   function                              ours-stock    ours   stock"
	awk 'NR == FNR { s[$1] = $2; next }
		{ o[$1] = $2 }
		END { for (f in s) if (!(f in o)) o[f] = 0
		      for (f in o) { d = o[f] - s[f]
			if (d >= 0.9 || d <= -0.9)
				printf "%.1f %s %+.1f %.1f %.1f\n",
					d < 0 ? -d : d, f, d, o[f], s[f] + 0 } }' \
		"$OUT/stock.$1" "$OUT/ours.$1" | sort -g -r | head -n 25 |
		awk '{ printf "# CALLS-TABLE   %-34s %10s %7s %7s\n", $2, $3, $4, $5 }'
}

main_calls() {
	local impl path i=0 rc=0

	echo "TAP version 13"
	echo "1..6"
	mkdir -p $OUT
	if ! tracing_setup; then
		echo "Bail out! no function tracer"
		return 1
	fi
	for impl in ours stock; do
		load_impl $impl || { echo "Bail out! cannot load $impl"; return 1; }
		for path in $PATHS; do
			i=$((i + 1))
			if count $impl $path; then
				echo "ok $i $impl $path: calls counted"
			else
				echo "not ok $i $impl $path: calls counted"
				rc=1
			fi
		done
		$IP netns del xo-a 2> /dev/null
		$IP netns del xo-b 2> /dev/null
	done
	[ $rc = 0 ] || return 1
	echo "# CALLS-TABLE kernel function calls per 64 B round trip ($((N2 - N1)) counted)"
	for path in $PATHS; do
		echo "# CALLS-TABLE"
		table $path
	done
}

main_calls
