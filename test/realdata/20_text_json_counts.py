#!/usr/bin/env python3
"""Independent counts for test/realdata/20_text_json_lists.sql, computed from the real files of
../shared/data with Python's own parsers (json, csv, gzip) and a second, simpler reading of the
BIS alias convention (split at the dashes, not scanned like the SQL parser does).

    python3 test/realdata/20_text_json_counts.py ../shared/data
"""
import csv, gzip, json, re, sys

data = sys.argv[1] if len(sys.argv) > 1 else '../shared/data'
HAN = re.compile('[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]')
ACR = re.compile(r'^[A-Z0-9&-]{2,10}$')


def kind_of(a):
    if HAN.search(a):
        return 'label'
    if ACR.match(a) and re.search('[A-Z]', a):
        return 'acronym'
    return 'aka'


def split_written(a):
    """'X (ACR)' -> X, ACR; 'X (a.k.a. Y)' -> X, Y"""
    out = []
    m = re.match(r'^(.*?)\s*\((?:a\.k\.a\.,?)\s+(.*)\)$', a)
    extra = None
    if m:
        a, extra = m.group(1), m.group(2)
    m = re.match(r'^(.*\S)\s*\(([^()]+)\)$', a)
    if m and kind_of(m.group(2)) == 'acronym':
        out += [m.group(1), m.group(2)]
    else:
        out.append(a)
    if extra:
        out += split_written(extra)
    return out


# ---- BIS: entries, subordinate institutions, aliases ----
bis = json.load(open(f'{data}/bis_entity_list_china_universities/data.json'))
zh = {x['name']: x['zh'] for x in json.load(open(f'{data}/bis_entity_list_china_universities/data-cn.json'))}
bis_entities = bis_aliases = bis_labels = 0
for e in bis['entries']:
    raw = e['raw']
    parts = re.split(r'\s*Subordinate institution\s+', raw)
    for i, part in enumerate(parts):
        bis_entities += 1
        m = re.search(r',?\s*(?:a\.k\.a\.?|and),?\s+the following [\w-]+ alias(?:es)?[^:]*:', part)
        head = part[:m.start()] if m else re.split(r',\s*(?=No\.|\d)', part)[0]
        names = split_written(head.strip().rstrip('.,'))
        name, items = names[0], names[1:]
        if m:
            # the aliases: the text after each dash that follows a space, ':' or ';'
            for d in re.split(r'(?:(?<=[\s:;])|^)[\u2014\u2013]', part[m.end():])[1:]:
                d = re.sub(r'\s*;?\s*(?:and)?\s*$', '', d.split(';')[0]).strip()
                d = re.split(r'\.\s+(?=[A-Z0-9#])|\.$|\s(?=(?:No\. )?\d+ [A-Z][\w-]* (?:[A-Z][\w-]* )*(?:Road|Street|Rd))', d)[0]
                d = re.sub(r'[\s,;]+(?:and)?$', '', d).strip()
                items += split_written(d)
        if i == 0 and e['name'] in zh:
            items.append(zh[e['name']])
            bis_labels += 1
        seen = {name.lower()}
        for a in items:
            if a and a.lower() not in seen:
                seen.add(a.lower())
                bis_aliases += 1
print(f'BIS JSON: {len(bis["entries"])} entries, {bis_entities} entities (with subordinate institutions), '
      f'{bis_aliases} aliases, {bis_labels} Chinese labels')

# ---- ASPI ----
aspi = json.load(open(f'{data}/aspi_china_defence_universities/china-defence-universities.json'))
aspi_aliases = aspi_labels = 0
for v in aspi['values']:
    m = re.match(r'^(.*?)\s*[(（]([^()（）]*[\u3400-\u9fff][^()（）]*)[)）]$', v['value'].strip())
    name, vzh = (m.group(1), m.group(2)) if m else (v['value'].strip(), None)
    names = split_written(name)
    name = names[0]
    items = names[1:] + ([vzh] if vzh else [])
    for a in v['meta'].get('aliases', []):
        items += split_written(a.strip())
    seen = {name.lower()}
    for a in items:
        if a and a.lower() not in seen:
            seen.add(a.lower())
            aspi_aliases += 1
            aspi_labels += kind_of(a) == 'label'
print(f'ASPI: {len(aspi["values"])} institutions, {aspi_aliases} aliases, {aspi_labels} Chinese labels')


# ---- ROR ----
def dedup(name, cands):
    """cands: (alias, kind, lang, order); one per alias text, acronym before label before aka"""
    best = {}
    for a, k, lang, o in cands:
        a = a.strip()
        if not a or a == name:
            continue
        if k == 'aka' and HAN.search(a):
            k = 'label'
        prio = {'acronym': 1, 'label': 2, 'aka': 3}[k]
        if a not in best or (prio, o) < best[a][0]:
            best[a] = ((prio, o), k)
    return len(best)


def tsv_field(x):
    return x[1:-1].replace('""', '"') if len(x) >= 2 and x[0] == x[-1] == '"' else x


rows = 0
ror_aliases = 0
rels = set()
with gzip.open(f'{data}/ror_records/ror_names.tsv.gz', 'rt', encoding='utf-8') as f:
    next(f)
    for line in f:
        c = [tsv_field(x) for x in line.rstrip('\n').split('\t')]
        rows += 1
        sp = lambda x: x.split('|') if x else []
        cands = [(a, 'acronym', None, o) for o, a in enumerate(sp(c[8]))]
        cands += [(a, 'aka', None, 1000 + o) for o, a in enumerate(sp(c[9]))]
        for o, lab in enumerate(sp(c[10])):
            m = re.match(r'^(.*)@[a-z]{2,3}(?:-[A-Za-z0-9]+)*$', lab)
            cands.append((m.group(1) if m else lab, 'label', None, 2000 + o))
        ror_aliases += dedup(c[1].strip(), cands)
        for r in sp(c[14]):
            rels.add((c[0],) + tuple(r.split(':')))
print(f'ROR TSV: {rows} records, {ror_aliases} aliases, {len(rels)} relationships')

recs = 0
j_aliases = 0
j_rels = set()
cn_labels = {}
with gzip.open(f'{data}/ror_records/ror_records_latest.jsonl.gz', 'rt', encoding='utf-8') as f:
    for line in f:
        r = json.loads(line)['record']
        recs += 1
        rid = r['id'].rsplit('/', 1)[1]
        if 'names' in r:
            name = next(n['value'] for n in r['names'] if 'ror_display' in n['types']).strip()
            cands = []
            for o, n in enumerate(r['names']):
                t = n['types']
                if 'ror_display' in t:
                    continue
                cands.append((n['value'], 'acronym' if 'acronym' in t else 'label' if 'label' in t else 'aka', n.get('lang'), o))
        else:
            name = r['name'].strip()
            cands = [(a, 'acronym', None, 1000 + o) for o, a in enumerate(r['acronyms'])]
            cands += [(a, 'aka', None, 2000 + o) for o, a in enumerate(r['aliases'])]
            cands += [(x['label'], 'label', x['iso639'], 3000 + o) for o, x in enumerate(r['labels'])]
        j_aliases += dedup(name, cands)
        for x in r['relationships']:
            j_rels.add((rid, x['type'].lower(), x['id'].rsplit('/', 1)[1]))
print(f'ROR JSON Lines: {recs} records, {j_aliases} aliases, {len(j_rels)} relationships')
