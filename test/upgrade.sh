#!/usr/bin/env bash
# test/upgrade.sh - ALTER EXTENSION instmatch UPDATE from every earlier version gives the same
# objects as a fresh CREATE EXTENSION of the current version, and a database with the updated
# extension survives pg_dump / pg_restore.
#
#   make install && pg_virtualenv -t -v 15 bash test/upgrade.sh     (any server psql reaches, as a superuser)
#
# Earlier versions are the frozen install scripts sql/versions/instmatch--X.sql; the update
# scripts are the built sql/instmatch--X--Y.sql (see the Makefile). Both must be installed
# (make install). For every X:
#   1. PostgreSQL knows an update path from X to default_version (pg_extension_update_paths);
#   2. X installed and updated in an empty database: the catalog description of the extension
#      (below) equals the one of a fresh install, else the difference is printed;
#   3. X installed in another database with list rows, an instname table with GIN/btree
#      indexes and a dictionary, then ALTER EXTENSION instmatch UPDATE;
#   4. the rows, the instname values and the answers of inst_match are the same after the update;
#   5. pg_dump -Fc of the updated database restores (pg_restore --exit-on-error) into a new
#      database with the same rows, the same instname bytes, the same indexes and the same
#      catalog description, and inst_match gives the same answers there.
# The description covers every member object of the extension (pg_describe_object), functions
# (arguments, result, language, symbol or body, volatility, strictness, parallel safety,
# security definer, leakproof, cost, rows, proconfig, owner, privileges, comment), operators
# (function, commutator, negator, restrict, join, hashes, merges), operator classes and families
# with their members, types (I/O functions, length, alignment, storage, composite columns),
# casts, tables, views and sequences (columns with types, defaults, not-null, identity and
# generated state, constraints, triggers, indexes, view definitions, privileges, comments,
# row-level security), pg_extension_config_dump state, initial privileges (pg_init_privs),
# schemas, and the number of rows of each member table. Nothing in it names a file or a version,
# so it stays right when later src/sql files add objects.
# Uses the databases instmatch_upgrade_* (re-created). Last line: "N passed, M failed".
set -uo pipefail
export PGOPTIONS="${PGOPTIONS:+$PGOPTIONS }-c client_min_messages=warning"

ROOT=$(cd "$(dirname "$0")/.." && pwd)
TMP=$(mktemp -d "${TMPDIR:-/tmp}/instmatch-upgrade.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
PG_DUMP=${PG_DUMP:-pg_dump}
PG_RESTORE=${PG_RESTORE:-pg_restore}
passed=0 failed=0
check() { # description expected actual
    if [[ "$2" == "$3" ]]; then passed=$((passed + 1)); echo "ok: $1"
    else failed=$((failed + 1)); echo "FAIL: $1: expected '$2', got '$3'"; fi
}
ok() { passed=$((passed + 1)); echo "ok: $1"; }
bad() { failed=$((failed + 1)); echo "FAIL: $1"; }
q() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }
newdb() { q -d postgres -c "DROP DATABASE IF EXISTS $1" -c "CREATE DATABASE $1 TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'" >/dev/null; }

CURRENT=$(sed -n "s/^default_version[[:space:]]*=[[:space:]]*'\([^']*\)'.*/\1/p" "$ROOT/instmatch.control")
OLD=()
for f in "$ROOT"/sql/versions/instmatch--*.sql; do
    [ -e "$f" ] || continue
    v=${f##*/instmatch--}; v=${v%.sql}
    [[ $v == *--* ]] && continue
    [[ $v == "$CURRENT" ]] && continue
    OLD+=("$v")
done
echo "current version $CURRENT; earlier versions with a frozen install script: ${OLD[*]:-none}"
echo "update scripts in the tree: $(cd "$ROOT/sql" && ls instmatch--*--*.sql 2>/dev/null | tr '\n' ' ')"

installed=$(q -d postgres -At -c "SELECT string_agg(version, ' ' ORDER BY version) FROM pg_available_extension_versions WHERE name = 'instmatch'")
echo "versions the server can install: ${installed:-none}"
for v in "$CURRENT" "${OLD[@]}"; do
    [[ " $installed " == *" $v "* ]] && ok "version $v is installed on the server" ||
        bad "version $v is not installed on the server (make install)"
done

# ---- the catalog description of the extension, one sorted line per fact ----
cat > "$TMP/describe.sql" <<'SQL'
SET search_path = pg_catalog;
CREATE TEMP VIEW m AS
SELECT d.classid, d.objid, d.objsubid FROM pg_depend d JOIN pg_extension e ON e.oid = d.refobjid
WHERE d.refclassid = 'pg_extension'::regclass AND e.extname = 'instmatch' AND d.deptype = 'e';
CREATE TEMP VIEW facts AS
-- the extension itself
SELECT 'extension ' || extname || ' schema ' || extnamespace::regnamespace || ' relocatable ' || extrelocatable
       || ' owner ' || pg_get_userbyid(extowner) AS f FROM pg_extension WHERE extname = 'instmatch'
UNION ALL
-- every member object
SELECT 'member ' || pg_describe_object(classid, objid, objsubid) FROM m
UNION ALL
-- comments on members and on their columns
SELECT 'comment ' || pg_describe_object(d.classoid, d.objoid, d.objsubid) || ': ' || d.description
FROM pg_description d JOIN m ON m.classid = d.classoid AND m.objid = d.objoid
UNION ALL
-- functions
SELECT 'function ' || p.oid::regprocedure || ' returns ' || pg_get_function_result(p.oid)
       || ' args (' || pg_get_function_arguments(p.oid) || ') kind ' || p.prokind::text
       || ' language ' || l.lanname || ' volatile ' || p.provolatile::text || ' strict ' || p.proisstrict
       || ' parallel ' || p.proparallel::text || ' secdef ' || p.prosecdef || ' leakproof ' || p.proleakproof
       || ' cost ' || p.procost || ' rows ' || p.prorows || ' retset ' || p.proretset
       || ' config ' || coalesce(array_to_string(p.proconfig, ','), '-')
       || ' owner ' || pg_get_userbyid(p.proowner) || ' acl ' || coalesce(p.proacl::text, '-')
       || ' support ' || p.prosupport::regproc
       || ' body ' || md5(coalesce(p.prosrc, '') || '|' || coalesce(p.probin, '') || '|' || coalesce(pg_get_function_sqlbody(p.oid), ''))
FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang JOIN m ON m.classid = 'pg_proc'::regclass AND m.objid = p.oid
UNION ALL
-- operators
SELECT 'operator ' || o.oid::regoperator || ' returns ' || o.oprresult::regtype || ' code ' || o.oprcode::regproc
       || ' commutator ' || coalesce(nullif(o.oprcom, 0)::regoperator::text, '-')
       || ' negator ' || coalesce(nullif(o.oprnegate, 0)::regoperator::text, '-')
       || ' restrict ' || o.oprrest::regproc || ' join ' || o.oprjoin::regproc
       || ' hashes ' || o.oprcanhash || ' merges ' || o.oprcanmerge || ' owner ' || pg_get_userbyid(o.oprowner)
FROM pg_operator o JOIN m ON m.classid = 'pg_operator'::regclass AND m.objid = o.oid
UNION ALL
-- operator classes and families
SELECT 'opclass ' || c.opcname || ' ' || am.amname || ' for ' || c.opcintype::regtype || ' default ' || c.opcdefault
       || ' family ' || f.opfname || ' storage ' || coalesce(nullif(c.opckeytype, 0)::regtype::text, '-')
       || ' schema ' || c.opcnamespace::regnamespace
FROM pg_opclass c JOIN pg_am am ON am.oid = c.opcmethod JOIN pg_opfamily f ON f.oid = c.opcfamily
JOIN m ON m.classid = 'pg_opclass'::regclass AND m.objid = c.oid
UNION ALL
SELECT 'opfamily ' || f.opfname || ' ' || am.amname || ' schema ' || f.opfnamespace::regnamespace
       || ' member ' || pg_describe_object('pg_amop'::regclass, ao.oid, 0) || ' purpose ' || ao.amoppurpose::text
       || ' sortfamily ' || ao.amopsortfamily
FROM pg_opfamily f JOIN pg_am am ON am.oid = f.opfmethod JOIN pg_amop ao ON ao.amopfamily = f.oid
JOIN m ON m.classid = 'pg_opfamily'::regclass AND m.objid = f.oid
UNION ALL
SELECT 'opfamily ' || f.opfname || ' ' || am.amname || ' member ' || pg_describe_object('pg_amproc'::regclass, ap.oid, 0)
FROM pg_opfamily f JOIN pg_am am ON am.oid = f.opfmethod JOIN pg_amproc ap ON ap.amprocfamily = f.oid
JOIN m ON m.classid = 'pg_opfamily'::regclass AND m.objid = f.oid
UNION ALL
-- types
SELECT 'type ' || t.oid::regtype || ' kind ' || t.typtype::text || ' category ' || t.typcategory::text || ' len ' || t.typlen
       || ' byval ' || t.typbyval || ' align ' || t.typalign::text || ' storage ' || t.typstorage::text
       || ' in ' || t.typinput::regproc || ' out ' || t.typoutput::regproc || ' recv ' || t.typreceive::regproc
       || ' send ' || t.typsend::regproc || ' typmod ' || t.typmodin::regproc || ' analyze ' || t.typanalyze::regproc
       || ' preferred ' || t.typispreferred || ' delim ' || t.typdelim::text || ' collatable ' || (t.typcollation <> 0)
       || ' owner ' || pg_get_userbyid(t.typowner) || ' acl ' || coalesce(t.typacl::text, '-')
FROM pg_type t JOIN m ON m.classid = 'pg_type'::regclass AND m.objid = t.oid
UNION ALL
-- casts
SELECT 'cast ' || c.castsource::regtype || ' -> ' || c.casttarget::regtype || ' function '
       || coalesce(nullif(c.castfunc, 0)::regprocedure::text, '-') || ' context ' || c.castcontext::text || ' method ' || c.castmethod::text
FROM pg_cast c JOIN m ON m.classid = 'pg_cast'::regclass AND m.objid = c.oid
UNION ALL
-- relations: kind, owner, privileges, options, row security, persistence
SELECT 'relation ' || c.oid::regclass || ' kind ' || c.relkind::text || ' owner ' || pg_get_userbyid(c.relowner)
       || ' acl ' || coalesce(c.relacl::text, '-') || ' options ' || coalesce(array_to_string(c.reloptions, ','), '-')
       || ' rls ' || c.relrowsecurity || ' persistence ' || c.relpersistence::text || ' replident ' || c.relreplident::text
FROM pg_class c JOIN m ON m.classid = 'pg_class'::regclass AND m.objid = c.oid AND m.objsubid = 0
UNION ALL
-- columns, in order (dropped ones left out, so an update that drops and adds shows up as a move)
SELECT 'column ' || c.oid::regclass || ' #' || row_number() OVER (PARTITION BY c.oid ORDER BY a.attnum) || ' ' || a.attname
       || ' ' || format_type(a.atttypid, a.atttypmod) || ' notnull ' || a.attnotnull
       || ' default ' || coalesce(pg_get_expr(ad.adbin, ad.adrelid), '-') || ' identity ' || a.attidentity::text
       || ' generated ' || a.attgenerated::text || ' collation ' || coalesce(nullif(a.attcollation, 0)::regcollation::text, '-')
       || ' storage ' || a.attstorage::text || ' acl ' || coalesce(a.attacl::text, '-')
FROM pg_class c JOIN m ON m.classid = 'pg_class'::regclass AND m.objid = c.oid AND m.objsubid = 0
JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
UNION ALL
-- constraints of member tables and types
SELECT 'constraint ' || coalesce(co.conrelid::regclass::text, co.contypid::regtype::text) || ' ' || co.conname || ' '
       || pg_get_constraintdef(co.oid) || ' deferrable ' || co.condeferrable || ' validated ' || co.convalidated
FROM pg_constraint co JOIN m ON m.classid = 'pg_class'::regclass AND m.objid = co.conrelid AND m.objsubid = 0
UNION ALL
-- triggers
SELECT 'trigger ' || pg_get_triggerdef(t.oid) || ' enabled ' || t.tgenabled::text
FROM pg_trigger t JOIN m ON m.classid = 'pg_class'::regclass AND m.objid = t.tgrelid AND m.objsubid = 0
WHERE NOT t.tgisinternal
UNION ALL
-- indexes
SELECT 'index ' || pg_get_indexdef(i.indexrelid)
FROM pg_index i JOIN m ON m.classid = 'pg_class'::regclass AND m.objid = i.indrelid AND m.objsubid = 0
UNION ALL
-- views
SELECT 'view ' || c.oid::regclass || ' ' || md5(pg_get_viewdef(c.oid))
FROM pg_class c JOIN m ON m.classid = 'pg_class'::regclass AND m.objid = c.oid AND m.objsubid = 0
WHERE c.relkind IN ('v', 'm')
UNION ALL
-- rules and policies
SELECT 'rule ' || r.rulename || ' ' || pg_get_ruledef(r.oid)
FROM pg_rewrite r JOIN m ON m.classid = 'pg_class'::regclass AND m.objid = r.ev_class AND m.objsubid = 0
WHERE r.rulename <> '_RETURN'
UNION ALL
SELECT 'policy ' || p.polrelid::regclass || ' ' || p.polname || ' ' || p.polcmd::text || ' ' || coalesce(pg_get_expr(p.polqual, p.polrelid), '-')
FROM pg_policy p JOIN m ON m.classid = 'pg_class'::regclass AND m.objid = p.polrelid AND m.objsubid = 0
UNION ALL
-- sequences
SELECT 'sequence ' || s.seqrelid::regclass || ' ' || format_type(s.seqtypid, NULL) || ' start ' || s.seqstart
       || ' increment ' || s.seqincrement || ' max ' || s.seqmax || ' min ' || s.seqmin || ' cycle ' || s.seqcycle
FROM pg_sequence s JOIN m ON m.classid = 'pg_class'::regclass AND m.objid = s.seqrelid
UNION ALL
-- pg_extension_config_dump state
SELECT 'config ' || c::regclass || ' condition ' || coalesce(nullif(cond, ''), '-')
FROM pg_extension e, unnest(e.extconfig, e.extcondition) AS x(c, cond) WHERE e.extname = 'instmatch'
UNION ALL
-- initial privileges recorded for the extension's objects
SELECT 'initprivs ' || pg_describe_object(ip.classoid, ip.objoid, ip.objsubid) || ' ' || ip.privtype::text || ' ' || ip.initprivs::text
FROM pg_init_privs ip JOIN m ON m.classid = ip.classoid AND m.objid = ip.objoid
UNION ALL
-- schemas made by the extension
SELECT 'schema ' || n.nspname || ' owner ' || pg_get_userbyid(n.nspowner) || ' acl ' || coalesce(n.nspacl::text, '-')
FROM pg_namespace n JOIN m ON m.classid = 'pg_namespace'::regclass AND m.objid = n.oid;
SELECT f FROM facts ORDER BY f COLLATE "C";
-- rows of each member table (what the scripts insert, e.g. counters)
DO $$
DECLARE r record; n bigint;
BEGIN
    FOR r IN SELECT c.oid::regclass AS t FROM pg_class c JOIN m ON m.classid = 'pg_class'::regclass AND m.objid = c.oid
             WHERE c.relkind IN ('r', 'p') ORDER BY 1::text LOOP
        EXECUTE format('SELECT count(*) FROM %s', r.t) INTO n;
        RAISE NOTICE 'rows % %', r.t, n;
    END LOOP;
END $$;
SQL
describe() { # database -> file; fails (and shows why) when the description is empty
    if ! PGOPTIONS="-c client_min_messages=notice" psql -X -q -v ON_ERROR_STOP=1 -At -d "$1" \
            -f "$TMP/describe.sql" > "$2" 2>"$2.notices"; then
        grep -v NOTICE "$2.notices" | head -n 5 >&2
        return 1
    fi
    sed -n 's/^psql:[^ ]* NOTICE:  //p; s/^NOTICE:  //p' "$2.notices" >> "$2"
    [ -s "$2" ]
}

# ---- data made before the update, and the answers it must keep ----
cat > "$TMP/data.sql" <<'SQL'
INSERT INTO instmatch.entity (entity_id, name, country, country_name, city, domains, source) VALUES
 ('up-buaa', 'Beihang University', 'CN', 'China', 'Beijing', '{buaa.edu.cn}', 'ror'),
 ('up-hit', 'Harbin Institute of Technology', 'CN', 'China', 'Harbin', '{hit.edu.cn}', 'ror'),
 ('up-hitsz', 'Harbin Institute of Technology, Shenzhen', 'CN', 'China', 'Shenzhen', '{hitsz.edu.cn}', 'ror'),
 ('up-nju', 'Nanjing University', 'CN', 'China', 'Nanjing', '{nju.edu.cn}', 'ror'),
 ('up-nuaa', 'Nanjing University of Aeronautics and Astronautics', 'CN', 'China', 'Nanjing', '{nuaa.edu.cn}', 'ror'),
 ('up-old', 'Withdrawn Research Institute', 'CN', 'China', 'Beijing', '{}', 'ror');
UPDATE instmatch.entity SET status = 'withdrawn' WHERE entity_id = 'up-old';
INSERT INTO instmatch.alias (entity_id, alias, kind) VALUES
 ('up-buaa', 'BUAA', 'acronym'), ('up-buaa', '北京航空航天大学', 'label'), ('up-hit', 'HIT', 'acronym'),
 ('up-nuaa', 'NUAA', 'acronym');
INSERT INTO instmatch.relationship (entity_id, related_id, kind) VALUES ('up-hitsz', 'up-hit', 'parent');
CREATE TABLE aff (id int PRIMARY KEY, raw text NOT NULL, inst instname);
INSERT INTO aff SELECT g, s, s FROM (VALUES
  (1, 'Sch. of Comp. Sci. & Engn., Beihang Univ., Beijing 100191, P.R. China'),
  (2, 'Coll Astronaut, Nanjing Univ Aeronaut & Astronaut, Nanjing 210016, Peoples R China'),
  (3, 'Harbin Inst Technol, Shenzhen 518055, Peoples R China'),
  (4, '北京航空航天大学计算机学院'),
  (5, 'Withdrawn Research Institute, Beijing'),
  (6, '')) v(g, s);
CREATE INDEX aff_gin ON aff USING gin (inst);
CREATE INDEX aff_btree ON aff (inst);
SELECT count(*) FROM inst_match('BUAA, Beijing');
SQL
answers() { # database -> the rows, the instname bytes and every inst_match answer
    q -d "$1" -At <<'SQL'
SELECT 'entities ' || count(*) || ' ' || md5(string_agg(entity_id || '|' || name || '|' || status, ',' ORDER BY entity_id)) FROM instmatch.entity;
SELECT 'aliases ' || count(*) || ' ' || md5(string_agg(entity_id || '|' || alias || '|' || kind, ',' ORDER BY entity_id, alias)) FROM instmatch.alias;
SELECT 'relationships ' || count(*) FROM instmatch.relationship;
SELECT 'aff ' || id || ' ' || coalesce(encode(instname_send(inst), 'hex'), 'NULL') FROM aff ORDER BY id;
SELECT 'match ' || a.id || ' ' || m.entity_id || ' ' || m.match_kind || ' ' || m.match_start || '-' || m.match_end || ' ' || round(m.score::numeric, 3)
FROM aff a, inst_match(a.raw) m ORDER BY a.id, m.match_start, m.entity_id;
SET enable_seqscan = off;
SELECT 'contains ' || string_agg(id::text, ',' ORDER BY id) FROM aff WHERE inst @> 'Nanjing University'::instname;
SQL
}

# ---- a fresh install of the current version ----
newdb instmatch_upgrade_fresh
if q -d instmatch_upgrade_fresh -c "CREATE EXTENSION instmatch" >/dev/null; then
    ok "CREATE EXTENSION instmatch (fresh, version $CURRENT)"
else
    bad "CREATE EXTENSION instmatch (fresh)"
fi
describe instmatch_upgrade_fresh "$TMP/fresh.txt" || bad "describing the fresh install"
echo "catalog description of a fresh install: $(wc -l < "$TMP/fresh.txt") lines"

for v in "${OLD[@]}"; do
    db="instmatch_upgrade_from_${v//[^0-9a-zA-Z]/_}"
    path=$(q -d instmatch_upgrade_fresh -At -c "SELECT path FROM pg_extension_update_paths('instmatch') WHERE source = '$v' AND target = '$CURRENT'")
    if [[ -n $path ]]; then ok "update path $path"; else bad "no update path from $v to $CURRENT"; continue; fi

    # the objects: X updated in an empty database against a fresh install, fact by fact
    cdb="${db}_catalog"
    newdb "$cdb"
    if q -d "$cdb" -c "CREATE EXTENSION instmatch VERSION '$v'" -c "ALTER EXTENSION instmatch UPDATE" >/dev/null &&
        describe "$cdb" "$TMP/updated.txt"; then
        if diff -u "$TMP/fresh.txt" "$TMP/updated.txt" > "$TMP/diff.txt"; then
            ok "updated from $v = fresh install ($(wc -l < "$TMP/updated.txt") catalog facts)"
        else
            bad "updated from $v differs from a fresh install (- fresh, + updated):"
            sed -n '3,$p' "$TMP/diff.txt" | grep '^[-+]' | head -n 60 | sed 's/^/    /'
        fi
    else
        bad "installing $v and updating it in an empty database"
    fi
    q -d postgres -c "DROP DATABASE IF EXISTS $cdb" >/dev/null 2>&1

    # the data: X with lists, an instname table and indexes, updated; then dumped and restored
    newdb "$db"
    if ! q -d "$db" -c "CREATE EXTENSION instmatch VERSION '$v'" >/dev/null; then bad "CREATE EXTENSION instmatch VERSION '$v'"; continue; fi
    ok "CREATE EXTENSION instmatch VERSION '$v'"
    q -d "$db" -f "$TMP/data.sql" >/dev/null || bad "data for version $v"
    answers "$db" > "$TMP/before.txt"
    if q -d "$db" -c "ALTER EXTENSION instmatch UPDATE" >/dev/null; then ok "ALTER EXTENSION instmatch UPDATE from $v with data"
    else bad "ALTER EXTENSION instmatch UPDATE from $v with data"; continue; fi
    check "version after the update from $v" "$CURRENT" "$(q -d "$db" -At -c "SELECT extversion FROM pg_extension WHERE extname = 'instmatch'")"

    answers "$db" > "$TMP/after.txt"
    if diff -u "$TMP/before.txt" "$TMP/after.txt" > "$TMP/adiff.txt"; then
        ok "rows, instname bytes and inst_match answers kept by the update from $v ($(wc -l < "$TMP/after.txt") lines)"
    else
        bad "rows or answers changed by the update from $v:"; sed -n '3,$p' "$TMP/adiff.txt" | head -n 30 | sed 's/^/    /'
    fi

    # pg_dump / pg_restore of the updated database
    rdb="${db}_restored"
    newdb "$rdb"
    if "$PG_DUMP" -Fc -d "$db" -f "$TMP/dump.fc" && "$PG_RESTORE" --exit-on-error -d "$rdb" "$TMP/dump.fc"; then
        ok "pg_dump -Fc of the database updated from $v restores"
    else
        bad "pg_dump / pg_restore of the database updated from $v"; continue
    fi
    answers "$rdb" > "$TMP/restored.txt"
    if diff -u "$TMP/after.txt" "$TMP/restored.txt" > "$TMP/rdiff.txt"; then
        ok "restored: same rows, instname bytes and inst_match answers"
    else
        bad "restored database differs:"; sed -n '3,$p' "$TMP/rdiff.txt" | head -n 30 | sed 's/^/    /'
    fi
    check "restored: indexes" "aff_btree aff_gin aff_pkey" \
        "$(q -d "$rdb" -At -c "SELECT string_agg(indexname, ' ' ORDER BY indexname) FROM pg_indexes WHERE tablename = 'aff'")"
    # (row counts left out: the restored lists hold the test's rows)
    describe "$rdb" "$TMP/restored_desc.txt" || bad "describing the restored database"
    grep -v '^rows ' "$TMP/restored_desc.txt" > "$TMP/r.txt"
    grep -v '^rows ' "$TMP/fresh.txt" > "$TMP/w.txt"
    if diff -u "$TMP/w.txt" "$TMP/r.txt" > "$TMP/diff2.txt"; then
        ok "restored: extension objects = fresh install"
    else
        bad "restored extension differs from a fresh install (- fresh, + restored):"
        sed -n '3,$p' "$TMP/diff2.txt" | grep '^[-+]' | head -n 40 | sed 's/^/    /'
    fi
    q -d postgres -c "DROP DATABASE IF EXISTS $db" -c "DROP DATABASE IF EXISTS $rdb" >/dev/null 2>&1
done
[ ${#OLD[@]} -eq 0 ] && echo "note: no earlier version has a frozen install script; nothing to update from"

# every update script in the tree is on a tested path
for f in "$ROOT"/sql/instmatch--*--*.sql; do
    [ -e "$f" ] || continue
    s=${f##*/instmatch--}; s=${s%.sql}; from=${s%%--*}
    [[ " ${OLD[*]} " == *" $from "* ]] && ok "update script ${f##*/} is tested (version $from has an install script)" ||
        bad "update script ${f##*/} starts at $from, which has no install script in sql/versions"
done

q -d postgres -c "DROP DATABASE IF EXISTS instmatch_upgrade_fresh" >/dev/null 2>&1
echo "${passed} passed, ${failed} failed"
[ "$failed" -eq 0 ]
