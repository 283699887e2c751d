#!/usr/bin/env python3
"""The error-rule check of `make test` (docs/api-errors.md).

Every failure the server reports names a rule in the error body's "rule":
the code given to fq_failr() in src/, or the status's generic code (the
table in src/core/status.c). This check fails when

- a call of fq_failr() does not give its rule as a string literal of the
  form module.rule (lower case, digits and _), or as the rule of an inner
  failure it passes on (`why.rule`);
- a rule the server can emit has no line in web/common/rules.js, or that
  line lacks its Chinese or its English words;
- web/common/rules.js has a line for a rule the server no longer emits;
- docs/api-errors.md does not list a rule (as `module.rule`).

So a new rule without words in both languages fails the tests. Prints one
line per problem and a summary; exit status 1 on any problem. With
--table it prints instead the rule tables of docs/api-errors.md (rule,
status, fields, the English words) for pasting there.
"""
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RULE = re.compile(r'^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$')
STATUS_ROW = re.compile(r'\[FQ_\w+\]\s*=\s*\{\d+,\s*"([a-z_]+)"\}')
WORDS_LINE = re.compile(r"^\s*'([a-z0-9_.]+)':\s*\['((?:[^'\\]|\\.)*)',\s*'((?:[^'\\]|\\.)*)'", re.M)
PASSED_ON = re.compile(r'^[a-z_]+(\.|->)rule$')  # an inner failure's rule, passed on
CJK = re.compile(r'[\u4e00-\u9fff]')


def call_args(text, at):
    """The top-level arguments (as text) of the call whose '(' is at `at`."""
    args, depth, quote, start, i = [], 0, None, at + 1, at + 1
    while i < len(text):
        c = text[i]
        if quote:
            if c == '\\':
                i += 1
            elif c == quote:
                quote = None
        elif c in '"\'':
            quote = c
        elif c == '(':
            depth += 1
        elif c == ')':
            if depth == 0:
                args.append(text[start:i].strip())
                return args
            depth -= 1
        elif c == ',' and depth == 0:
            args.append(text[start:i].strip())
            start = i + 1
        i += 1
    return args


def server_rules(problems):
    """{rule: first place} for every fq_failr() in src/ and every status code."""
    rules = {}
    for folder, _, files in os.walk(os.path.join(ROOT, 'src')):
        for name in sorted(files):
            if not name.endswith('.c'):
                continue
            path = os.path.join(folder, name)
            text = open(path, encoding='utf-8').read()
            for m in re.finditer(r'\bfq_failr\(', text):
                where = '%s:%d' % (os.path.relpath(path, ROOT), text.count('\n', 0, m.start()) + 1)
                args = call_args(text, m.end() - 1)
                lit = args[3] if len(args) > 4 else ''
                if PASSED_ON.match(lit):
                    continue
                if not (lit.startswith('"') and lit.endswith('"') and RULE.match(lit[1:-1])):
                    if 'fq_status fq_failr' not in text[max(0, m.start() - 10):m.end()]:
                        problems.append('%s: the rule is not a literal module.rule: %s' % (where, lit))
                    continue
                rules.setdefault(lit[1:-1], where)
    status = open(os.path.join(ROOT, 'src/core/status.c'), encoding='utf-8').read()
    for code in STATUS_ROW.findall(status) + ['internal_error']:
        if code != 'ok':
            rules.setdefault(code, 'src/core/status.c')
    return rules


HTTP = {'FQ_EINVAL': '422', 'FQ_EBADREQ': '400', 'FQ_EUNAUTH': '401', 'FQ_EFORBIDDEN': '403',
        'FQ_ENOTFOUND': '404', 'FQ_ECONFLICT': '409', 'FQ_ETOOBIG': '413', 'FQ_EMEDIATYPE': '415',
        'FQ_ERATELIMIT': '429'}


def table(words):
    """The markdown tables of the rules: one per module."""
    seen = {}
    for folder, _, files in os.walk(os.path.join(ROOT, 'src')):
        for name in files:
            if not name.endswith('.c'):
                continue
            text = open(os.path.join(folder, name), encoding='utf-8').read()
            for m in re.finditer(r'\bfq_failr\(', text):
                args = call_args(text, m.end() - 1)
                if len(args) < 5 or not args[3].startswith('"'):
                    continue
                st, fields = seen.setdefault(args[3][1:-1], (set(), set()))
                st.add(HTTP.get(args[1], args[1]))
                f = args[2]
                plain = f.startswith('"') and f.endswith('"') and '?' not in f
                fields.add(('`%s`' % f[1:-1] if f != '""' else '—') if plain else '(varies)')
    out, module = [], None
    for rule in sorted(seen):
        if rule.split('.')[0] != module:
            module = rule.split('.')[0]
            out += ['', '### ' + module, '', '| rule | status | field | meaning |', '|---|---|---|---|']
        st, fields = seen[rule]
        out.append('| `%s` | %s | %s | %s |' % (rule, '/'.join(sorted(st)), ', '.join(sorted(fields)),
                                             words.get(rule, ('', ''))[1]))
    return '\n'.join(out)


def main():
    problems = []
    rules = server_rules(problems)
    words_text = open(os.path.join(ROOT, 'web/common/rules.js'), encoding='utf-8').read()
    words = {m.group(1): (m.group(2), m.group(3)) for m in WORDS_LINE.finditer(words_text)}
    if '--table' in sys.argv[1:]:
        print(table(words))
        return 0
    docs = open(os.path.join(ROOT, 'docs/api-errors.md'), encoding='utf-8').read()
    for rule, where in sorted(rules.items()):
        zh, en = words.get(rule, ('', ''))
        if rule not in words:
            problems.append('%s: rule %s has no words in web/common/rules.js' % (where, rule))
        elif not CJK.search(zh):
            problems.append('web/common/rules.js: rule %s has no Chinese words' % rule)
        elif not en.strip() or CJK.search(en):
            problems.append('web/common/rules.js: rule %s has no English words' % rule)
        if '`%s`' % rule not in docs:
            problems.append('docs/api-errors.md: rule %s is not listed' % rule)
    for rule in sorted(set(words) - set(rules)):
        problems.append('web/common/rules.js: rule %s is emitted nowhere in src/' % rule)
    for p in problems:
        print(p)
    print('errcodes: %d rules, %d with words, %d problems' % (len(rules), len(words), len(problems)))
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
