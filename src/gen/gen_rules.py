#!/usr/bin/env python3
"""Compile src/data/rules.tsv into src/tables/rules_table.h.

Usage: gen_rules.py RULES.tsv OUT.h
       gen_rules.py --readme RULES.tsv README.md   (rewrite the README's rules list)

The rules are written by the instmatch developers (see the header of rules.tsv). This script
checks them (lower-case ASCII keys, canonical values, no duplicates) and emits two
open-addressing hash tables keyed by FNV-1a 32-bit, the same hash src/im_norm.c computes:
  im_word_rules   single tokens: stop words, word rules, and first tokens of phrase keys
  im_phrase_rules space-joined phrase keys
"""
import hashlib
import re
import sys

KEY_RE = re.compile(r'^[a-z0-9]+$')


def fnv1a(s: bytes) -> int:
    h = 0x811C9DC5
    for b in s:
        h ^= b
        h = (h * 0x01000193) & 0xFFFFFFFF
    return h


def prefilter_bit(k: bytes) -> int:
    return (len(k) * 977 + k[0] * 31 + k[-1]) & 4095


def table_size(n: int) -> int:
    size = 16
    while size < 3 * n:  # load factor <= 1/3 keeps probes short
        size *= 2
    return size


def build(entries, keyfn):
    size = table_size(len(entries))
    slots = [None] * size
    for e in entries:
        i = fnv1a(keyfn(e).encode()) & (size - 1)
        while slots[i] is not None:
            i = (i + 1) & (size - 1)
        slots[i] = e
    return size, slots


def cstr(s: str) -> str:
    return '"' + s.replace('\\', '\\\\').replace('"', '\\"') + '"'


def main(src, out):
    raw = open(src, 'rb').read()
    digest = hashlib.sha256(raw).hexdigest()
    stops, words, phrases, generic = set(), {}, {}, set()
    for lineno, line in enumerate(raw.decode('utf-8').splitlines(), 1):
        if not line.strip() or line.startswith('#'):
            continue
        f = line.split('\t')
        kind = f[0]
        where = f'{src}:{lineno}'
        if kind == 'stop' and len(f) == 2:
            if not KEY_RE.match(f[1]):
                sys.exit(f'{where}: stop word must be lower-case ASCII: {f[1]!r}')
            stops.add(f[1])
        elif kind == 'generic' and len(f) == 2:
            if not KEY_RE.match(f[1]):
                sys.exit(f'{where}: generic word must be lower-case ASCII: {f[1]!r}')
            generic.add(f[1])
        elif kind in ('word', 'phrase') and len(f) == 3:
            key, value = f[1], f[2]
            toks = key.split(' ')
            if not all(KEY_RE.match(t) for t in toks) or not all(KEY_RE.match(t) for t in value.split(' ')):
                sys.exit(f'{where}: keys and values are lower-case ASCII tokens separated by one space')
            table = words if kind == 'word' else phrases
            if kind == 'word' and len(toks) != 1:
                sys.exit(f'{where}: a word rule has a single-token key')
            if key in table:
                sys.exit(f'{where}: duplicate {kind} key {key!r}')
            table[key] = value
        else:
            sys.exit(f'{where}: cannot parse: {line!r}')

    pstart = {}
    for key in phrases:
        toks = key.split(' ')
        pstart[toks[0]] = max(pstart.get(toks[0], 0), len(toks))
        for t in toks:
            if t in stops or t in words:
                sys.exit(f'phrase key {key!r}: {t!r} is a stop word or word key; write keys in canonical words')
    for kind, table in (('word', words), ('phrase', phrases)):
        for key, value in table.items():
            for t in value.split(' '):
                if t in stops or t in words or t in pstart:
                    sys.exit(f'{kind} rule {key!r} -> {value!r}: {t!r} is not canonical '
                             '(a stop word, a word key or the start of a phrase)')
    for s in stops:
        if s in words:
            sys.exit(f'{s!r} is both a stop word and a word key')
    for g in generic:
        if g in stops or g in words:
            sys.exit(f'generic word {g!r} is not canonical (a stop word or a word key)')

    inkey = {t for key in phrases for t in key.split(' ')}
    # Generic words live in a table of their own: the normalizer looks every word up in the
    # word table, and the most frequent words of all (university, institute) need no entry there.
    names = sorted(stops | set(words) | set(pstart) | inkey)
    entries = []
    for k in names:
        flags = ((1 if k in stops else 0) | (2 if k in words else 0) | (4 if k in pstart else 0)
                 | (16 if k in inkey else 0))
        entries.append((k, flags, pstart.get(k, 0), words.get(k)))
    wsize, wslots = build(entries, lambda e: e[0])
    # Prefilter: one bit per (length, first byte, last byte) class of the word keys, so most
    # tokens that are no key are rejected without hashing (same function as im_norm.c).
    bloom = [0] * (4096 // 32)
    for k in names:
        b = prefilter_bit(k.encode())
        bloom[b >> 5] |= 1 << (b & 31)
    psize, pslots = build(list(phrases.items()), lambda e: e[0])
    gsize, gslots = build(sorted(generic), lambda e: e)
    maxp = max(pstart.values()) if pstart else 1

    with open(out, 'w') as o:
        o.write('/* Generated by src/gen/gen_rules.py from src/data/rules.tsv: do not edit.\n')
        o.write(f' * rules.tsv sha256 {digest}\n')
        o.write(f' * {len(stops)} stop words, {len(words)} word rules, {len(phrases)} phrase rules. */\n')
        o.write('#ifndef IM_RULES_TABLE_H\n#define IM_RULES_TABLE_H\n\n')
        o.write(f'#define IM_RULES_SHA256 "{digest}"\n')
        o.write(f'#define IM_RULES_STOPS {len(stops)}\n#define IM_RULES_WORDS {len(words)}\n')
        o.write(f'#define IM_RULES_PHRASES {len(phrases)}\n#define IM_RULES_GENERIC {len(generic)}\n')
        o.write(f'#define IM_PHRASE_MAX_LEN {maxp}\n')
        o.write(f'#define IM_WORD_TABLE_SIZE {wsize}\n#define IM_PHRASE_TABLE_SIZE {psize}\n\n')
        o.write('static const uint32_t im_word_prefilter[128] = {\n')
        for i in range(0, 128, 8):
            o.write('\t' + ', '.join(f'0x{w:08x}' for w in bloom[i:i + 8]) + ',\n')
        o.write('};\n\n')
        o.write('static const im_word_rule im_word_table[IM_WORD_TABLE_SIZE] = {\n')
        for e in wslots:
            if e is None:
                o.write('\t{NULL, 0, 0, 0, NULL},\n')
            else:
                k, flags, pm, val = e
                o.write(f'\t{{{cstr(k)}, {len(k)}, {flags}, {pm}, {cstr(val) if val else "NULL"}}},\n')
        o.write('};\n\n')
        o.write(f'#define IM_GENERIC_TABLE_SIZE {gsize}\n')
        o.write('static const char *const im_generic_table[IM_GENERIC_TABLE_SIZE] = {\n')
        for e in gslots:
            o.write(f'\t{cstr(e) if e else "NULL"},\n')
        o.write('};\n\n')
        o.write('static const im_phrase_rule im_phrase_table[IM_PHRASE_TABLE_SIZE] = {\n')
        for e in pslots:
            if e is None:
                o.write('\t{NULL, 0, NULL},\n')
            else:
                o.write(f'\t{{{cstr(e[0])}, {len(e[0])}, {cstr(e[1])}}},\n')
        o.write('};\n\n#endif\n')
    print(f'{out}: {len(stops)} stop words, {len(words)} word rules, {len(phrases)} phrase rules')


def markdown(src):
    """The rules as the Markdown the README lists between its rules markers."""
    stops, words, phrases, generic = [], {}, [], []
    for line in open(src, encoding='utf-8'):
        if not line.strip() or line.startswith('#'):
            continue
        f = line.rstrip('\n').split('\t')
        if f[0] == 'stop':
            stops.append(f[1])
        elif f[0] == 'generic':
            generic.append(f[1])
        elif f[0] == 'word':
            words.setdefault(f[2], []).append(f[1])
        else:
            phrases.append((f[1], f[2]))
    out = ['Stop words (dropped): ' + ', '.join(f'`{w}`' for w in stops) + '.', '',
           'Generic words (kept, but too common to identify an institution: low weight in '
           'similarity, not indexed, never a whole name for the matcher): '
           + ', '.join(f'`{w}`' for w in generic) + '.', '',
           '| canonical word | written as |', '|---|---|']
    out += [f'| {v} | {", ".join(ks)} |' for v, ks in words.items()]
    out += ['', '| phrase (canonical words, one segment) | becomes |', '|---|---|']
    out += [f'| {k} | {v} |' for k, v in phrases]
    return '\n'.join(out) + '\n'


def update_readme(src, readme):
    text = open(readme, encoding='utf-8').read()
    begin, end = '<!-- rules:begin -->\n', '<!-- rules:end -->'
    a, b = text.index(begin) + len(begin), text.index(end)
    new = text[:a] + markdown(src) + text[b:]
    if new != text:
        open(readme, 'w', encoding='utf-8').write(new)
        print(f'{readme}: rules list updated')


if __name__ == '__main__':
    if len(sys.argv) == 4 and sys.argv[1] == '--readme':
        update_readme(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 3:
        main(sys.argv[1], sys.argv[2])
    else:
        sys.exit(__doc__ + '\n       gen_rules.py --readme RULES.tsv README.md')
