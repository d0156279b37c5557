#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
#
# Write a C program that prints every constant, enum value, struct size
# and member offset of a TIPC uapi header. The names come from the
# header given (the reference), so a name missing from the header under
# test fails to compile, and a wrong value shows in the diff.
import re
import sys


def strip_comments(text):
    return re.sub(r'/\*.*?\*/', ' ', text, flags=re.S)


def probe_lines(text):
    text = strip_comments(text)
    lines = []
    guards = set(re.findall(r'#ifndef\s+(\w+)', text)[:1])
    for name, value in re.findall(r'^\s*#define\s+(\w+)(?!\()\s+(.*)$',
                                  text, re.M):
        value = value.strip()
        if name in guards:
            continue
        if value.startswith('"'):
            lines.append('\tT(%s);' % name)
        elif re.fullmatch(r'[a-z_]+', value):
            lines.append('\tS(%s);' % name)	# a struct's old name
        else:
            lines.append('\tP(%s);' % name)
    for body in re.findall(r'enum\s*\w*\s*\{(.*?)\}', text, re.S):
        for item in body.split(','):
            name = item.split('=')[0].strip()
            if name:
                lines.append('\tP(%s);' % name)
    for sname, body in re.findall(r'struct\s+(\w+)\s*\{(.*?)\n\};', text,
                                  re.S):
        lines.append('\tS(%s);' % sname)
        for field in re.findall(r'^\t(?:[\w ]+?)\s+\**(\w+)(?:\[[^\]]*\])?;',
                                body, re.M):
            lines.append('\tO(%s, %s);' % (sname, field))
    return lines


def main():
    ref = open(sys.argv[1]).read()
    print('#include <stdio.h>')
    print('#include <stddef.h>')
    # libc's socket header first: the uapi header must coexist with it
    print('#include <sys/socket.h>')
    print('#include <%s>' % sys.argv[2])
    print('#define P(x) printf("%s %lld\\n", #x, (long long)(x))')
    print('#define T(x) printf("%s %s\\n", #x, x)')
    print('#define S(s) printf("sizeof %s %zu\\n", #s, sizeof(struct s))')
    print('#define O(s, f) printf("offset %s.%s %zu\\n", #s, #f, '
          'offsetof(struct s, f))')
    print('int main(void)\n{')
    print('\n'.join(probe_lines(ref)))
    print('\treturn 0;\n}')


main()
