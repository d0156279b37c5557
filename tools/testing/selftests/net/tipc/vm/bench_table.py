#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
#
# bench_table.py RESULT: the table of what vm/bench.sh (node-local) or
# vm/bench_pair.sh (over a link between two VMs) measured, read from the
# VM's result line (node 1's for the pair) (the "# BENCH..." lines, with or without the
# "# " that report.py would add). Per row: the median over rounds of our
# module and of the stock one, each with its min-max, and the ratio of
# the medians, oriented so that above 1.00 means ours is better (with the
# min-max of the same ratio taken round by round). Exit 1 if a row has
# no value at all.
import statistics
import sys


def parse(path):
    conf, rows, values, failed = {}, [], {}, []
    with open(path, errors='replace') as f:
        for line in f:
            line = line.rstrip('\r\n')
            if line.startswith('# # '):
                line = line[2:]
            words = line.split()
            if line.startswith('# BENCH-CONF '):
                conf.update(w.split('=', 1) for w in words[2:] if '=' in w)
            elif line.startswith('# BENCH-ROW ') and len(words) >= 6:
                rows.append({'name': words[2], 'unit': words[3],
                             'better': words[4], 'lanes': words[5],
                             'desc': ' '.join(words[6:])})
            elif line.startswith('# BENCH ') and len(words) == 6:
                key = (words[2], words[3])
                values.setdefault(key, {})[int(words[4])] = float(words[5])
            elif line.startswith('not ok '):
                failed.append(line)
    return conf, rows, values, failed


def num(v):
    if v is None:
        return '-'
    if v >= 100:
        return '%.0f' % v
    if v >= 10:
        return '%.1f' % v
    return '%.2f' % v


def cell(rounds):
    if not rounds:
        return '-'
    vals = list(rounds.values())
    return '%s (%s-%s)' % (num(statistics.median(vals)), num(min(vals)),
                           num(max(vals)))


def ratio(row, ours, stock):
    """Ratio of medians and its round-by-round min-max, >1 = ours better."""
    if not ours or not stock:
        return '-'

    def r(o, s):
        if row['better'] == 'lower':
            return s / o if o else 0.0
        return o / s if s else 0.0

    med = r(statistics.median(ours.values()),
            statistics.median(stock.values()))
    pairs = [r(ours[i], stock[i]) for i in ours if i in stock]
    if not pairs:
        return '%.2f' % med
    return '%.2f (%.2f-%.2f)' % (med, min(pairs), max(pairs))


# The crossover against other paths, per module: (crossover row, other
# row, whether the other row is the same whatever module is loaded)
PATHS = [('xo_rdm_64', 'rdm_64', False), ('xo_rdm_1k', 'rdm_1k', False),
         ('xo_rdm_16k', 'rdm_16k', False),
         ('xo_rdm_65000', 'rdm_65000', False),
         ('xo_stream', 'stream', False), ('xo_rtt_rdm', 'rtt_rdm', False),
         ('xo_stream', 'tcp_stream', True),
         ('xo_rdm_1k', 'xo_off_rdm_1k', False)]


def path_ratio(rows, values, num, den, any_impl, impl):
    """Median of row num over median of row den, >1 = num better."""
    better = {r['name']: r['better'] for r in rows}
    a = values.get((num, impl), {})
    b = values.get((den, impl), {})
    if any_impl and not b:
        b = values.get((den, 'ours'), {})
    if not a or not b or num not in better or den not in better:
        return '-'
    ma, mb = statistics.median(a.values()), statistics.median(b.values())
    if better[num] == 'lower':
        ma, mb = mb, ma
    return '%.2f' % (ma / mb) if mb else '-'


def print_paths(rows, values):
    table = [('crossover against', 'ours', 'stock')]
    for num, den, any_impl in PATHS:
        cells = [path_ratio(rows, values, num, den, any_impl, impl)
                 for impl in ('ours', 'stock')]
        if cells != ['-', '-']:
            table.append(('%s / %s' % (num, den), cells[0], cells[1]))
    if len(table) == 1:
        return
    print()
    print('The crossover against node-local, TCP and the link, per module: '
          'ratios of medians, above 1.00 = the crossover better (goal '
          'against node-local: 0.97)')
    widths = [max(len(r[i]) for r in table) for i in range(3)]
    for i, r in enumerate(table):
        print('  '.join(c.ljust(widths[j]) if j == 0 else c.rjust(widths[j])
                        for j, c in enumerate(r)))
        if i == 0:
            print('  '.join('-' * w for w in widths))


def main():
    conf, rows, values, failed = parse(sys.argv[1])
    if not rows:
        print('bench: no results in %s' % sys.argv[1])
        return 1
    clock = conf.get('clock', '?')
    clock = {'icount': 'virtual clock: 1 instruction = 1 ns',
             'tcg': 'TCG, host clock', 'kvm': 'KVM'}.get(clock, clock)
    if conf.get('what') == 'link':
        print('TIPC over an Ethernet link between two VMs (kernel %s, %s '
              'CPU each, %s), %s rounds; per round each row runs with our '
              'module on both nodes and with the stock one on both, back '
              'to back' %
              (conf.get('kernel', '?'), conf.get('cpus', '?'), clock,
               conf.get('rounds', '?')))
    else:
        print('TIPC node-local benchmark in one VM (kernel %s, %s CPUs, '
              '%s), %s rounds; per round each row runs on both modules '
              'back to back' %
              (conf.get('kernel', '?'), conf.get('cpus', '?'), clock,
               conf.get('rounds', '?')))
    print('Throughput: MB/s (10^6 bytes/s received), %s s per run; '
          'ratio = ours/stock.' % conf.get('secs', '?'))
    print('Latency: us per round trip, median of %s ping-pongs; '
          'ratio = stock/ours.' % conf.get('rtt_n', '?'))
    print('So a ratio above 1.00 means ours is better. Values: median '
          'over rounds (min-max); ratio: of the medians (min-max of the '
          'per-round ratios).')
    table = [('row', 'unit', 'ours', 'stock', 'ratio')]
    missing = 0
    for row in rows:
        ours = values.get((row['name'], 'ours'), {})
        stock = values.get((row['name'], 'stock'), {})
        if not ours and not stock:
            missing += 1
        if row['lanes'] == 'ours':
            stock = {}
        table.append(('%s: %s' % (row['name'], row['desc']), row['unit'],
                      cell(ours), cell(stock), ratio(row, ours, stock)))
    widths = [max(len(r[i]) for r in table) for i in range(5)]
    for i, r in enumerate(table):
        print('  '.join(c.ljust(widths[j]) if j == 0 else c.rjust(widths[j])
                        for j, c in enumerate(r)).rstrip())
        if i == 0:
            print('  '.join('-' * w for w in widths))
    print_paths(rows, values)
    for line in failed:
        print('failed: %s' % line)
    return 1 if missing or failed else 0


sys.exit(main())
