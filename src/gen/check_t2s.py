#!/usr/bin/env python3
"""Spot-check the traditional -> simplified Chinese table.

Usage: check_t2s.py [T2S_HEADER]

Reads the pairs from the generated header (default src/tables/t2s_table.h
relative to the repository root) and checks a few known foldings, the sort
order and idempotence. Needs no Unihan data, so it can run anywhere.
gen_t2s.py runs the same checks on the pairs before writing the header.
"""

import os
import re
import sys

# (input, expected output after folding every character once)
SPOT_CHECKS = [
    ('哈爾濱工業大學', '哈尔滨工业大学'),
    ('國', '国'),
    ('華', '华'),
    ('亞', '亚'),
    ('臺', '台'),
    ('北京大學', '北京大学'),
    # Characters that are their own simplified form in some uses stay as is.
    ('乾', '乾'),
    # Already simplified text is unchanged.
    ('哈尔滨工业大学', '哈尔滨工业大学'),
]

ROW_RE = re.compile(r'\{\s*0x([0-9A-Fa-f]+)\s*,\s*0x([0-9A-Fa-f]+)\s*\}')
COUNT_RE = re.compile(r'#define\s+IM_T2S_COUNT\s+(\d+)')


def fold(mapping, text):
    return ''.join(chr(mapping.get(ord(c), ord(c))) for c in text)


def check(pairs):
    """pairs: list of (source, target) code points in table order.
    Returns a list of failure messages (empty when all checks pass)."""
    failures = []
    sources = [s for s, _ in pairs]
    if sources != sorted(sources):
        failures.append('table is not sorted by source code point')
    if len(set(sources)) != len(sources):
        failures.append('table has duplicate source code points')
    mapping = dict(pairs)
    for s, t in pairs:
        if s == t:
            failures.append('U+%04X maps to itself' % s)
        if t in mapping:
            failures.append('target U+%04X of U+%04X is also a source (not idempotent)'
                            % (t, s))
    for text, expected in SPOT_CHECKS:
        got = fold(mapping, text)
        if got != expected:
            failures.append('%s folds to %s, expected %s' % (text, got, expected))
    return failures


def report(pairs, out=sys.stdout):
    mapping = dict(pairs)
    for text, _ in SPOT_CHECKS:
        out.write('  %s -> %s\n' % (text, fold(mapping, text)))


def read_header(path):
    with open(path, encoding='utf-8') as f:
        text = f.read()
    m = COUNT_RE.search(text)
    body = text.split('im_t2s_table', 1)[1] if 'im_t2s_table' in text else ''
    pairs = [(int(a, 16), int(b, 16)) for a, b in ROW_RE.findall(body)]
    if m is None or int(m.group(1)) != len(pairs):
        raise SystemExit('%s: IM_T2S_COUNT does not match the %d rows read'
                         % (path, len(pairs)))
    return pairs


def main(argv):
    if len(argv) > 2:
        sys.stderr.write('usage: %s [T2S_HEADER]\n' % argv[0])
        return 2
    if len(argv) == 2:
        path = argv[1]
    else:
        root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
        path = os.path.join(root, 'src', 'tables', 't2s_table.h')
    pairs = read_header(path)
    failures = check(pairs)
    report(pairs)
    for f in failures:
        sys.stderr.write('FAIL: %s\n' % f)
    if failures:
        return 1
    print('t2s table OK: %d pairs' % len(pairs))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
