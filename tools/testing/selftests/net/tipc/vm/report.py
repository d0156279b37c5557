#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
#
# report.py LANE RESULT [CONSOLE]: read what a test VM wrote on its
# result line, print every selftest's KTAP, the KUnit results found in
# the kernel log, and a check of the kernel log itself; end with the line
# "LANE: N passed, N failed, N skipped". Exit 1 if anything failed.
# The console log is only searched for the cause when the VM died.
import re
import sys

BAD_LOG = re.compile(
    r'WARNING:|BUG:|Oops|general protection|Call Trace:|'
    r'possible circular locking|possible recursive locking|'
    r'inconsistent lock state|suspicious RCU usage|'
    r'rcu_(sched|preempt) detected stall|rcu: INFO|'
    r'KASAN:|UBSAN:|unreferenced object|kernel panic|Kernel panic|'
    r'kernel BUG at|INFO: |hung_task|soft lockup|hard LOCKUP')
TIMEOUT_RC = 124
CASE = re.compile(r'^(not ok|ok) \d+ (.*?)(?: # (SKIP|skip).*)?$')


class Tally:
    def __init__(self):
        self.passed = self.failed = self.skipped = 0

    def add(self, verdict, name, skip=False):
        if skip:
            self.skipped += 1
        elif verdict == 'ok':
            self.passed += 1
        else:
            self.failed += 1
            print('# FAILED: %s' % name)


def sections(lines):
    """Split the result stream into scripts, kernel log and kmemleak."""
    scripts, dmesg, leaks, done, cur = [], [], [], False, None
    setup = []
    mode = None
    for line in lines:
        if line.startswith('# SCRIPT '):
            cur = {'name': line.split()[2], 'out': [], 'rc': None,
                   'took': ''}
            scripts.append(cur)
        elif line.startswith('# TIMEOUT '):
            for s in scripts:
                if s['name'] == line.split()[2]:
                    s['timeout'] = True
        elif line.startswith('# EXIT '):
            parts = line.split()
            for s in scripts:
                if s['name'] == parts[2] and s['rc'] is None:
                    s['rc'] = int(parts[3])
                    if len(parts) > 4:
                        s['took'] = ' (%s)' % parts[4]
            cur = None
        elif line in ('# DMESG-BEGIN', '# KMEMLEAK-BEGIN'):
            mode = line
        elif line in ('# DMESG-END', '# KMEMLEAK-END'):
            mode = None
        elif line.startswith(('# MODULE-FAILED ', '# SETUP-FAILED ')):
            setup.append(line[2:])
        elif line == '# DONE':
            done = True
        elif mode == '# DMESG-BEGIN':
            dmesg.append(line)
        elif mode == '# KMEMLEAK-BEGIN':
            leaks.append(line)
        elif cur is not None:
            cur['out'].append(line)
    return scripts, dmesg, leaks, done, setup


def report_script(s, tally):
    print('# ---- %s%s' % (s['name'], s['took']))
    cases = 0
    plan = None
    failed_before = tally.failed
    for line in s['out']:
        print(line)
        m = re.match(r'^1\.\.(\d+)', line)
        if m and plan is None:
            plan = int(m.group(1))
        m = CASE.match(line)
        if m:
            cases += 1
            tally.add(m.group(1), '%s: %s' % (s['name'], m.group(2)),
                      bool(m.group(3)))
    rc = s['rc']
    if rc == 4 and cases == 0:
        tally.add('ok', s['name'], skip=True)
    elif rc is None:
        tally.add('not ok', '%s: never finished' % s['name'])
    elif s.get('timeout') or rc == TIMEOUT_RC:
        tally.add('not ok', '%s: timed out' % s['name'])
    elif rc != 0 and tally.failed == failed_before:
        tally.add('not ok', '%s: exit code %d' % (s['name'], rc))
    elif cases == 0 and rc == 0:
        tally.add('not ok', '%s: reported no test case' % s['name'])
    elif plan is not None and cases != plan:
        tally.add('not ok', '%s: planned %d cases, reported %d' %
                  (s['name'], plan, cases))


def report_kunit(dmesg, tally):
    """Count the test cases of the tipc_* KUnit suites."""
    suite = None
    for line in dmesg:
        text = re.sub(r'^\[[^\]]*\]\s?', '', line)
        m = re.match(r'\s*# Subtest: (\S+)', text)
        if m:
            suite = m.group(1) if m.group(1).startswith('tipc') else None
            continue
        m = re.match(r'^(\s+)(not ok|ok) \d+ (\S+)', text)
        if suite and m:
            print('%s kunit: %s.%s' % (m.group(2), suite, m.group(3)))
            tally.add(m.group(2), 'kunit %s.%s' % (suite, m.group(3)),
                      '# SKIP' in text)
        elif suite and re.match(r'^(not ok|ok) \d+ ', text):
            suite = None


def read_lines(path):
    try:
        with open(path, errors='replace') as f:
            return [l.rstrip('\r\n') for l in f]
    except FileNotFoundError:
        return []


def main():
    lane, path = sys.argv[1], sys.argv[2]
    lines = read_lines(path)
    scripts, dmesg, leaks, done, setup = sections(lines)
    tally = Tally()
    for what in setup:
        print('not ok VM setup: %s' % what)
        tally.add('not ok', 'VM setup: %s' % what)
    for s in scripts:
        report_script(s, tally)
    report_kunit(dmesg, tally)
    if not done and len(sys.argv) > 3:
        print('# ---- console, the VM did not finish; suspicious lines:')
        for l in [l for l in read_lines(sys.argv[3])
                  if BAD_LOG.search(l)][:40]:
            print('# ' + l)
    bad = [l for l in dmesg + leaks if BAD_LOG.search(l)]
    print('# ---- kernel log')
    for l in bad[:40]:
        print('# ' + l)
    tally.add('not ok' if bad or not done else 'ok',
              'kernel log clean' if done else 'VM did not finish')
    print('%s %s' % ('ok' if not bad and done else 'not ok',
                     'kernel log clean (%d lines)' % len(dmesg)))
    print('%s: %d passed, %d failed, %d skipped' %
          (lane, tally.passed, tally.failed, tally.skipped))
    return 1 if tally.failed else 0


sys.exit(main())
