#!/usr/bin/env bash
# The whole test suite: C unit tests (ASan + UBSan), the regression suite on a throwaway
# cluster, and a short fuzz run. Installs what is missing with apt. Ends with "N passed, M failed".
#
#   bash test/run-all.sh              everything
#   FUZZ_SECONDS=300 bash test/run-all.sh
set -uo pipefail
source "$(dirname "$0")/lib.sh"

FUZZ_SECONDS=${FUZZ_SECONDS:-20}
passed=0 failed=0 skipped=0
failures=()

record() { # record NAME STATUS
    if [ "$2" -eq 0 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); failures+=("$1"); fi
}

set -e
# shellcheck disable=SC2046
install_deps $(base_packages) clang libclang-rt-dev python3
build_and_install
set +e
cd "$ROOT" || exit 1

log "generated tables are up to date with their sources"
tmp=$(mktemp -d)
python3 src/gen/gen_rules.py src/data/rules.tsv "$tmp/rules_table.h" >/dev/null &&
    python3 src/gen/gen_lookalikes.py src/data/lookalikes.tsv "$tmp/lookalike_table.h" >/dev/null &&
    cmp -s "$tmp/rules_table.h" src/tables/rules_table.h &&
    cmp -s "$tmp/lookalike_table.h" src/tables/lookalike_table.h &&
    cp README.md "$tmp/README.md" && python3 src/gen/gen_rules.py --readme src/data/rules.tsv "$tmp/README.md" >/dev/null &&
    cmp -s "$tmp/README.md" README.md &&
    python3 src/gen/check_t2s.py src/tables/t2s_table.h >/dev/null
st=$?; rm -rf "$tmp"
[ $st -eq 0 ] && echo "ok: tables match src/data" || echo "FAILED: run 'make tables' and commit the headers and README.md"
record "tables" $st

log "C unit tests (AddressSanitizer + UndefinedBehaviorSanitizer)"
dev_eval="$SHARED_DATA/dev_eval/affiliations.tsv"
[ -r "$dev_eval" ] || { echo "note: $dev_eval absent; corpus checks use the project's own corpus only"; dev_eval=""; }
rm -f test/unit/test_norm test/unit/test_match test/unit/test_csv
if make -s SANITIZE=1 test/unit/test_norm test/unit/test_match test/unit/test_csv >/dev/null; then
    for prog in "test/unit/test_norm test/data/normalize_corpus.txt $dev_eval" "test/unit/test_match" "test/unit/test_csv"; do
        # shellcheck disable=SC2086
        out=$($prog 2>&1)
        st=$?
        printf '%s\n' "$out" | tail -n 12
        line=$(printf '%s\n' "$out" | grep -E '^[0-9]+ passed, [0-9]+ failed' | tail -n 1)
        if [ -n "$line" ]; then
            n=${line%% passed*}; m=${line#*passed, }; m=${m%% failed*}
            passed=$((passed + n)); failed=$((failed + m))
            [ "$m" -gt 0 ] && failures+=("${prog%% *}")
            [ $st -ne 0 ] && [ "$m" -eq 0 ] && record "${prog%% *} exit status" $st
        else
            record "${prog%% *} (no summary line)" 1
        fi
    done
else
    record "unit test build" 1
fi

log "regression suite (make installcheck on a throwaway PostgreSQL $PG_MAJOR cluster)"
out=$(pg_virtualenv -t -v "$PG_MAJOR" make -s installcheck PG_CONFIG=/usr/lib/postgresql/$PG_MAJOR/bin/pg_config 2>&1)
st=$?
printf '%s\n' "$out" | grep -E '^(test | *[a-z_]+ +\.\.\.|ok |not ok|#)' || true
n=$(printf '%s\n' "$out" | grep -cE '\.\.\. ok')
m=$(printf '%s\n' "$out" | grep -cE '\.\.\. FAILED|failed \(ignored\)')
passed=$((passed + n)); failed=$((failed + m))
[ "$m" -gt 0 ] && failures+=("regression tests")
if [ $st -ne 0 ]; then
    [ -f regression.diffs ] && { echo "--- regression.diffs"; cat regression.diffs; }
    [ "$m" -eq 0 ] && record "installcheck" $st
fi

# Script tests that need their own cluster: each ends with "N passed, M failed".
for script in test/instname_binary.sh test/instname_dump.sh test/upgrade.sh test/concurrency.sh test/bigdict.sh test/realdata.sh; do
    log "$script (throwaway PostgreSQL $PG_MAJOR cluster)"
    out=$(pg_virtualenv -t -v "$PG_MAJOR" bash "$script" 2>&1)
    st=$?
    line=$(printf '%s\n' "$out" | grep -E '^[0-9]+ passed, [0-9]+ failed' | tail -n 1)
    if [ -z "$line" ] && [ $st -eq 0 ] && printf '%s\n' "$out" | grep -q '^skipped:'; then
        printf '%s\n' "$out" | grep '^skipped:'
        skipped=$((skipped + 1))
        continue
    fi
    printf '%s\n' "$out" | grep -E '^(ok|not ok|FAIL)' | tail -n 5
    echo "${line:-no summary line}"
    if [ -n "$line" ]; then
        n=${line%% passed*}; m=${line#*passed, }; m=${m%% failed*}
        passed=$((passed + n)); failed=$((failed + m))
        [ "$m" -gt 0 ] && failures+=("$script")
        [ $st -ne 0 ] && [ "$m" -eq 0 ] && record "$script exit status" $st
    else
        record "$script (no summary line)" 1
    fi
done

for target in fuzz fuzz-match fuzz-csv fuzz-instname; do
    log "make $target: ${FUZZ_SECONDS}s of libFuzzer + ASan + UBSan"
    out=$(make -s "$target" FUZZ_SECONDS="$FUZZ_SECONDS" 2>&1)
    st=$?
    printf '%s\n' "$out" | grep -E 'stat::number_of_executed_units|Done [0-9]+ runs|ERROR|SUMMARY|input' | tail -n 5
    record "$target smoke run" $st
done

echo
[ ${#failures[@]} -gt 0 ] && echo "failing: ${failures[*]}"
echo "${passed} passed, ${failed} failed"
[ "$failed" -eq 0 ]
