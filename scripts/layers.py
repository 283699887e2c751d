#!/usr/bin/env python3
"""The layering check of `make test` (docs/architecture.md).

Reads every #include "dir/file.h" under src/ and fails when a file includes
a layer it may not: a lower layer including a higher one, api/ including
store/, or a cycle of includes between files. Exceptions still being
paid off are listed in scripts/layers.allow ("file include" per line); an
entry that no longer matches is an error too, so the list only shrinks.
With a build folder as argument it also reads the objects of the library
(nm) and fails on files that call each other in a circle (a strongly
connected group of more than one file); allowed as "cycle a.c b.c ...".
Prints one line per problem and a summary; exit status 1 on any problem.
"""
import os
import re
import subprocess
import sys

# What each folder of src/ may include besides itself.
MAY_INCLUDE = {
    'core': set(),
    'model': {'core'},
    'http': {'core'},
    'store': {'core', 'model'},
    'domain': {'core', 'model', 'store'},
    'demo': {'core', 'model', 'domain'},
    'api': {'core', 'model', 'http', 'domain'},
    'cli': {'core', 'model', 'http', 'store', 'domain', 'demo', 'api'},
}
INCLUDE = re.compile(r'^\s*#\s*include\s+"([a-z0-9_]+)/([A-Za-z0-9_.]+)"', re.M)


def read_includes(src):
    """{'api/x.c': ['store/store.h', ...]} for every .c and .h under src."""
    out = {}
    for layer in sorted(os.listdir(src)):
        folder = os.path.join(src, layer)
        if not os.path.isdir(folder):
            continue
        for name in sorted(os.listdir(folder)):
            if name.endswith(('.c', '.h')):
                with open(os.path.join(folder, name), encoding='utf-8') as f:
                    text = f.read()
                out[f'{layer}/{name}'] = [f'{d}/{h}' for d, h in INCLUDE.findall(text)]
    return out


def layer_problems(includes):
    problems = []
    for path, incs in includes.items():
        layer = path.split('/')[0]
        if layer not in MAY_INCLUDE:
            problems.append((path, '', f'{layer}/ is not a layer of docs/architecture.md'))
            continue
        for inc in incs:
            target = inc.split('/')[0]
            if target != layer and target not in MAY_INCLUDE[layer]:
                problems.append((path, inc, f'{layer}/ may not include {target}/'))
    return problems


def cycles(includes):
    """Include cycles between files, each as a list of paths."""
    found, state = [], {}

    def visit(node, stack):
        state[node] = 1
        stack.append(node)
        for nxt in includes.get(node, []):
            if state.get(nxt) == 1:
                found.append(stack[stack.index(nxt):] + [nxt])
            elif nxt in includes and not state.get(nxt):
                visit(nxt, stack)
        stack.pop()
        state[node] = 2

    for node in includes:
        if not state.get(node):
            visit(node, [])
    return found


def read_calls(build):
    """{'api/x.c': {'api/y.c', ...}}: the files whose functions each file calls."""
    objdir = os.path.join(build, 'CMakeFiles', 'fq.dir', 'src')
    defined, undefined = {}, {}
    for dirpath, _, names in os.walk(objdir):
        for name in names:
            if not name.endswith('.c.o'):
                continue
            obj = os.path.join(dirpath, name)
            src = os.path.relpath(obj, objdir)[:-2]
            out = subprocess.run(['nm', obj], capture_output=True, text=True, check=True).stdout
            undefined[src] = set()
            for line in out.splitlines():
                parts = line.split()
                if len(parts) == 2 and parts[0] == 'U':
                    undefined[src].add(parts[1])
                elif len(parts) == 3 and parts[1] in 'TDBR':
                    defined[parts[2]] = src
    return {f: {defined[s] for s in syms if s in defined and defined[s] != f}
            for f, syms in undefined.items()}


def call_circles(calls):
    """Groups of files that reach each other by calls (Tarjan), sorted."""
    index, low, stack, on, groups = {}, {}, [], set(), []
    sys.setrecursionlimit(10000)

    def strong(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in calls.get(v, ()):
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                groups.append(tuple(sorted(group)))

    for v in sorted(calls):
        if v not in index:
            strong(v)
    return groups


def read_allow(path):
    allow = set()
    if os.path.exists(path):
        for line in open(path, encoding='utf-8'):
            line = line.split('#')[0].split()
            if len(line) == 2 or (line and line[0] == 'cycle'):
                allow.add(tuple(line))
    return allow


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    includes = read_includes(os.path.join(root, 'src'))
    allow = read_allow(os.path.join(root, 'scripts', 'layers.allow'))
    bad, used = [], set()
    for path, inc, why in layer_problems(includes):
        if (path, inc) in allow:
            used.add((path, inc))
        else:
            bad.append(f'{path}: includes {inc}: {why}')
    for cyc in cycles(includes):
        bad.append('include cycle: ' + ' -> '.join(cyc))
    if len(sys.argv) > 1:
        for group in call_circles(read_calls(sys.argv[1])):
            key = ('cycle',) + group
            if key in allow:
                used.add(key)
            else:
                bad.append('files call each other in a circle: ' + ' '.join(group))
    for entry in sorted(allow - used):
        if entry[0] != 'cycle' or len(sys.argv) > 1:
            bad.append(f'scripts/layers.allow: {" ".join(entry)} no longer happens: remove the line')
            continue
        used.add(entry)
    for line in bad:
        print(line)
    print(f'layers: {len(includes)} files, {sum(map(len, includes.values()))} includes, '
          f'{len(used)} allowed exceptions left, {len(bad)} problems')
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
