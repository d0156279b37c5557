#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
#
# gen_abi_probe.py REFERENCE_HEADER INCLUDE_NAME [--no-libc-socket]
# gen_abi_probe.py --names HEADER
#
# Write a C program that prints everything a uapi header exports: each
# macro's value, size and signedness; each enumerator; each struct's
# size and every member's offset, size and signedness (members of nested
# unions and anonymous structs too, by their full path); the size of
# each named enum type; what each inline helper returns for a set of
# arguments. The names are taken from the reference header, so building
# the probe against a header lacking one fails, and any wrong value or
# layout shows up when the two outputs are compared.
#
# --names prints the exported names, one a line, so that names a header
# has beyond the reference can be found as well.
import re
import sys


def strip_comments(text):
    text = re.sub(r'/\*.*?\*/', ' ', text, flags=re.S)
    return re.sub(r'//[^\n]*', ' ', text)


def join_continuations(text):
    return re.sub(r'\\\n', ' ', text)


def include_guard(text):
    m = re.search(r'#ifndef\s+(\w+)\s*\n\s*#define\s+\1\b', text)
    return m.group(1) if m else None


def macros(text):
    """Object-like macros as (name, body), the include guard left out."""
    guard = include_guard(text)
    out = []
    for name, rest in re.findall(r'^[ \t]*#[ \t]*define[ \t]+(\w+)(.*)$',
                                 text, re.M):
        if name == guard or rest.startswith('('):
            continue	# the guard, or a function-like macro
        out.append((name, rest.strip()))
    return out


def enumerators(text):
    out = []
    for body in re.findall(r'\benum\b\s*\w*\s*\{(.*?)\}', text, re.S):
        for item in body.split(','):
            name = item.split('=')[0].strip()
            if name:
                out.append(name)
    return out


def enum_types(text):
    return re.findall(r'\benum\s+(\w+)\s*\{', text)


TOKEN = re.compile(r'\w+|\[[^\]]*\]|[{};,*]')


def parse_members(tokens, pos):
    """Members up to the closing brace: (name, decl, nested); decl lists
    the type and array tokens, nested the members of an inline type."""
    members = []
    while tokens[pos] != '}':
        decl, nested = [], None
        while tokens[pos] != ';':
            if tokens[pos] == '{':
                nested, pos = parse_members(tokens, pos + 1)
            else:
                decl.append(tokens[pos])
            pos += 1
        pos += 1
        names = [t for t in decl if re.fullmatch(r'\w+', t)]
        members.append((names[-1], decl, nested))
    return members, pos


def structs(text):
    """Every struct defined at top level: (name, members)."""
    out = []
    for m in re.finditer(r'\bstruct\s+(\w+)\s*\{', text):
        tokens = TOKEN.findall(text[m.end():])
        members, _ = parse_members(tokens, 0)
        out.append((m.group(1), members))
    return out


def member_lines(sname, members, prefix=''):
    lines = []
    for name, decl, nested in members:
        path = prefix + name
        arrays = [t for t in decl if t.startswith('[')]
        lines.append('\tO(%s, %s);' % (sname, path))
        if arrays and arrays[-1] == '[]':
            # a flexible array: only its element has a size
            lines.append('\tM(%s, %s[0]);' % (sname, path))
            continue
        lines.append('\tM(%s, %s);' % (sname, path))
        if nested is not None:
            lines += member_lines(sname, nested, path + '.')
        elif not arrays and '*' not in decl and decl[0] not in (
                'struct', 'union'):
            lines.append('\tMS(%s, %s);' % (sname, path))
    return lines


INT_ARGS = ['0', '1', '0x1234567', '0xfffffffe', '0x80000000']


def inline_calls(text):
    """Calls of each static inline helper over a spread of arguments."""
    lines = []
    for name, params in re.findall(
            r'static\s+inline\s+[\w\s\*]*?\b(\w+)\s*\(([^)]*)\)', text):
        params = [p.strip() for p in params.split(',')]
        for i, _ in enumerate(INT_ARGS):
            args = []
            for j, p in enumerate(params):
                if '*' in p:
                    stype = re.search(r'struct\s+(\w+)', p).group(1)
                    lines.append('\tmemset(&arg, 0x%02x, sizeof(arg));'
                                 % (0x11 * (i + 1)))
                    args.append('(struct %s *)&arg' % stype)
                else:
                    args.append(INT_ARGS[(i + j) % len(INT_ARGS)])
            lines.append('\tF(%s(%s));' % (name, ', '.join(args)))
    return lines


def probe_lines(text):
    lines = []
    guard = include_guard(text)
    if guard:
        lines += ['#ifndef %s' % guard,
                  '#error include guard %s missing' % guard, '#endif']
    for name, body in macros(text):
        if body.startswith('"'):
            lines.append('\tT(%s);' % name)
        elif re.fullmatch(r'[a-z_]\w*', body):
            lines.append('\tS(%s);' % name)	# a struct's old name
        else:
            lines.append('\tP(%s);' % name)
    lines += ['\tP(%s);' % n for n in enumerators(text)]
    lines += ['\tE(%s);' % n for n in enum_types(text)]
    for sname, members in structs(text):
        lines.append('\tS(%s);' % sname)
        lines += member_lines(sname, members)
    lines += inline_calls(text)
    return lines


def names(text):
    out = [n for n, _ in macros(text)] + enumerators(text)
    out += ['enum ' + n for n in enum_types(text)]
    for sname, members in structs(text):
        out.append('struct ' + sname)
        out += ['struct %s.%s' % (sname, l.split(', ')[1].rstrip(');'))
                for l in member_lines(sname, members) if 'O(' in l]
    out += ['inline ' + n for n in re.findall(
        r'static\s+inline\s+[\w\s\*]*?\b(\w+)\s*\(', text)]
    return out


PRELUDE = r'''#include <stdio.h>
#include <stddef.h>
#include <string.h>
%s#include <%s>

/* value, size and signedness of an integer constant */
#define P(x) printf("%%s = %%lld size %%zu %%s\n", #x, (long long)(x), \
		    sizeof(x), ((x) * 0 - 1) < 0 ? "signed" : "unsigned")
#define T(x) printf("%%s = \"%%s\" size %%zu\n", #x, x, sizeof(x))
#define S(s) printf("sizeof struct %%s = %%zu\n", #s, sizeof(struct s))
#define E(e) printf("sizeof enum %%s = %%zu\n", #e, sizeof(enum e))
#define MEMB(s, f) (((struct s *)0)->f)
#define O(s, f) printf("offset %%s.%%s = %%zu\n", #s, #f, offsetof(struct s, f))
#define M(s, f) printf("size %%s.%%s = %%zu\n", #s, #f, sizeof(MEMB(s, f)))
#define MS(s, f) printf("sign %%s.%%s = %%s\n", #s, #f, \
			(__typeof__(MEMB(s, f)))-1 < 0 ? "signed" : "unsigned")
#define F(call) printf("%%s = %%lld size %%zu %%s\n", #call, \
		       (long long)(call), sizeof(call), \
		       (__typeof__(call))-1 < 0 ? "signed" : "unsigned")

static union {
	unsigned char bytes[512];
	long long align;
} arg;
'''


def main():
    if sys.argv[1] == '--names':
        text = join_continuations(strip_comments(open(sys.argv[2]).read()))
        print('\n'.join(names(text)))
        return
    text = join_continuations(strip_comments(open(sys.argv[1]).read()))
    # by default libc's socket header comes first: the uapi header must
    # coexist with it, and must also stand alone
    libc = '' if '--no-libc-socket' in sys.argv else \
        '#include <sys/socket.h>\n'
    print(PRELUDE % (libc, sys.argv[2]))
    body = probe_lines(text)
    print('\n'.join(l for l in body if l.startswith('#')))
    print('int main(void)\n{')
    print('\tmemset(&arg, 0, sizeof(arg));')
    print('\n'.join(l for l in body if not l.startswith('#')))
    print('\treturn 0;\n}')


main()
