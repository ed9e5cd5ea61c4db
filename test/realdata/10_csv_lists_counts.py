#!/usr/bin/env python3
"""Independent counts behind the numbers checked in 10_csv_lists.sql.

    python3 test/realdata/10_csv_lists_counts.py [path of ../shared/data]

Reads the real list files with Python's csv module and applies the importers' documented rules
(src/sql/50_import_csv.sql) without the extension: entries and aliases per list (CSL, OFAC),
companies and listing periods (DoD 1260H; company key = Clean Name with case, apostrophes and
punctuation ignored), institutions and listing periods (DoD 1286, rows joined across report years
by name and aliases). Not run by test/realdata.sh; rerun it when the data or the rules change.
"""
import csv, gzip, io, os, re, collections, sys
D=sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..', 'shared', 'data')
SKIP={'individual','vessel','aircraft'}
def acronym(s): return re.fullmatch(r'[A-Z0-9&-]{2,10}', s) is not None and re.search(r'[A-Z]', s) is not None
def han(s): return re.search(r'[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]', s) is not None
def clean(items):
    items=[re.sub(r'\s+',' ',x).strip(' ,;') for x in items]
    n=len(items)
    if n>1: items=[re.sub(r'^and(\s+|$)','',x) for x in items]
    return [x for x in items if x]
def split_name(full, known=()):
    n=re.sub(r'\s+',' ',full or '').strip(' ,;')
    m=re.fullmatch(r'(.*[^\s(])\s*\(([^()]+)\)', n)
    if not m: return n, None
    o,i=m.group(1).strip(), m.group(2).strip()
    if not i or not o: return n, None
    if i.lower() in [k.strip().lower() for k in known] or (acronym(i) and (re.search(r'[a-z]',o) or i[0]==o[0])):
        return o, i
    return n, None
def aliases(name, al):
    seen={name.strip().lower()}; out=[]
    for a in al:
        if a is None: continue
        n,s=split_name(a)
        for x in (n,s):
            if not x or x.lower() in seen: continue
            seen.add(x.lower()); out.append(x)
    return out

print('== CSL')
rows=list(csv.DictReader(io.StringIO(gzip.open(D+'/csl_trade_gov_2022/consolidated.csv.gz').read().decode('utf-8'),newline='')))
ent=collections.OrderedDict()
for r in rows:
    if r['type'].strip().lower() in SKIP: continue
    m=re.search(r'\(([^()]+)\)', r['source']); code=re.sub(r'\s+List$','',m.group(1).strip(),flags=re.I).strip()
    k=(code, r['_id'].strip())
    if k in ent: continue
    alts=clean(r['alt_names'].split(';'))
    name,short=split_name(r['name'], alts)
    ent[k]=(name, aliases(name, [short]+alts))
per=collections.Counter(); al=collections.Counter()
for (code,_),(n,a) in ent.items(): per[code]+=1; al[code]+=len(a)
for c in sorted(per): print(c, per[c], al[c])
print('total', sum(per.values()), sum(al.values()))
# alias rows in instmatch.alias for feed csl: distinct per entity (entity = csl:_id shared by lists)
byid={}
for (code,i),(n,a) in ent.items(): byid.setdefault(i,set()).update((x) for x in a)
print('csl alias rows (distinct per entity id)', sum(len(v) for v in byid.values()), 'entities', len(byid))

print('== OFAC')
def rd(f): return [r for r in csv.reader(open(D+'/ofac_non_sdn_consolidated/'+f,newline='',encoding='utf-8')) if len(r)>1]
V=lambda x: None if x.strip() in ('-0-','') else x
prim=rd('cons_prim.csv'); alt=rd('cons_alt.csv'); com={}
for r in rd('cons_comments.csv'): com[r[0].lstrip('\x1a')]=com.get(r[0].lstrip('\x1a'),'')+r[1]
alts=collections.defaultdict(list)
for r in sorted(alt,key=lambda r:int(r[1])): alts[r[0].lstrip('\x1a')].append(r[3].strip())
per=collections.Counter(); al=collections.Counter(); ld=collections.Counter(); ents=set(); arows=0
for r in prim:
    e=r[0].lstrip('\x1a')
    if (V(r[2]) or '').strip().lower() in SKIP: continue
    rem=((V(r[11]) or '')+com.get(e,'')).strip()
    weak=re.findall(r"a\.k\.a\.,? '([^']+)'", rem)
    name,short=split_name(V(r[1]).strip(), alts[e])
    a=aliases(name,[short]+alts[e]+weak)
    progs=set(p.strip(' []') for p in re.split(r'\]\s*\[', r[3]) if p.strip(' []'))
    for p in progs:
        code='NS-CMIC' if p=='CMIC-EO13959' else p
        per[code]+=1; al[code]+=len(a)
        eo=re.search(r'EO(\d{4,5})',p)
        for lab,dd in re.findall(r'Listing Date \(([^()]*)\):?\s*(\d{1,2} [A-Za-z]{3} \d{4})', rem):
            if lab.strip()==p.split('-')[0] or (eo and re.search(r'\b'+eo.group(1)+r'\b',lab)): ld[code]+=1; break
    ents.add(e); arows+=len(a)
for c in sorted(per): print(c, per[c], al[c], 'with listed_on', ld[c])
print('entities', len(ents), 'alias rows', arows)

print('== 1260H')
def k(s): return re.sub(r'[^a-z0-9]+',' ',s.lower().replace('’',"'").replace("'",'')).strip()
rows=list(csv.DictReader(open(D+'/dod_1260h_chinese_military_companies/sanctions.csv',newline='',encoding='utf-8')))
by=collections.defaultdict(list)
for i,r in enumerate(rows):
    al=clean(re.split(r'[;]|,(?!\s*(?:Ltd|Limited|Inc|LLC|L\.L\.C|Co|Corp|Corporation|PLC|JSC|S\.?A|S\.?L\.?U?|GmbH|AG|LLP|LP)\b)', r['Alias']))
    n,s=split_name(r['Clean Name'] or r['Name'].strip(' *'), al)
    by[k(n)].append((r['Start date'], r['End date'] or None, i))
periods=0; openp=0; removed=0
for key,v in by.items():
    v.sort(); prev_e='x'
    for j,(s,e,i) in enumerate(v):
        if j==0 or (prev_e is not None and prev_e < s): periods+=1
        prev_e=e
    # the last period is open iff the last row has no end
    if v[-1][1] is None: openp+=1
print('companies', len(by), 'listings', periods, 'open', openp, 'closed', periods-openp)

print('== 1286')
rows=list(csv.DictReader(open(D+'/dod_section_1286_institutions/section_1286.csv',newline='',encoding='utf-8')))
for i,r in enumerate(rows): r['i']=i
rows=[r for r in rows if r['schema'].strip().lower()!='person']
def nk(s): return k(split_name(s)[0])
comp_of={}; last_year={}; names=collections.defaultdict(list); keys=collections.defaultdict(list); nc=0
for r in sorted(rows,key=lambda r:(int(r['report-date']),r['i'])):
    y=int(r['report-date']); n=nk(r['name']); aks=[k(a) for a in clean(r['aliases'].split(';'))]
    aks=[a for a in aks if a]
    cands=names[n]+keys[n]+[c for a in aks for c in names[a]]
    ch=None
    for c in cands:
        if last_year[c]<y: ch=c; break
    if ch is None: nc+=1; ch=nc
    last_year[ch]=y; comp_of[r['i']]=ch
    names[n].append(ch)
    for a in [n]+aks: keys[a].append(ch)
years=sorted(set(int(r['report-date']) for r in rows))
byc=collections.defaultdict(set)
for r in rows: byc[comp_of[r['i']]].add(int(r['report-date']))
periods=0; openp=0
for c,ys in byc.items():
    idx=[years.index(y) for y in sorted(ys)]
    p=1+sum(1 for a,b in zip(idx,idx[1:]) if b-a>1)
    periods+=p
    ends=[r['end-date'] for r in rows if comp_of[r['i']]==c and int(r['report-date'])==max(ys)]
    if max(ys)==years[-1] and not any(ends): openp+=1
print('institutions', len(byc), 'listings', periods, 'open', openp)

print('== extra')
rows=list(csv.DictReader(io.StringIO(gzip.open(D+'/csl_trade_gov_2022/consolidated.csv.gz').read().decode('utf-8'),newline='')))
seen=set(); s=e=0
for r in rows:
    if r['type'].strip().lower() in SKIP: continue
    m=re.search(r'\(([^()]+)\)', r['source']); code=re.sub(r'\s+List$','',m.group(1).strip(),flags=re.I).strip()
    if (code,r['_id']) in seen: continue
    seen.add((code,r['_id'])); s+=bool(r['start_date'].strip()); e+=bool(r['end_date'].strip())
print('csl listings with start', s, 'end', e)
r1286=list(csv.DictReader(open(D+'/dod_section_1286_institutions/section_1286.csv',newline='',encoding='utf-8')))
print([ (r['report-date'], r['name']) for r in r1286 if 'Science and Technology of China' in r['name']])
