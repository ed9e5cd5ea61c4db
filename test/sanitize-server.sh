#!/usr/bin/env bash
# test/sanitize-server.sh - the whole server-side test suite (make installcheck, the isolation
# tests, test/instname_binary.sh, test/instname_dump.sh, test/upgrade.sh) against a stock
# PostgreSQL running the extension under AddressSanitizer + UndefinedBehaviorSanitizer, or
# under valgrind's memcheck.
#
#   bash test/sanitize-server.sh              ASan + UBSan (the default; about 2 minutes)
#   bash test/sanitize-server.sh --valgrind   the server under valgrind (about 30-60 minutes)
#   bash test/sanitize-server.sh --both
#
# Nothing is installed into the system PostgreSQL: the script copies the server's bin
# directory into a private tree (PostgreSQL finds its lib and share directories relative to its
# binaries) with the rest linked, installs the extension there, and runs a throwaway cluster
# from it on a private Unix socket (as the user postgres when run as root).
#
#   --asan:     the extension is built with -fsanitize=address,undefined (gcc, PGXS COPT) and
#               libasan is preloaded (LD_PRELOAD) into the postmaster, so every backend has the
#               ASan runtime first (with test/tools/asan_first.c, which works around a hang
#               of the postmaster at start; see that file). ASAN_OPTIONS=detect_leaks=0 (backends exit without freeing
#               what lives until exit, as PostgreSQL's own sanitizer notes say); UBSan reports
#               and continues (halt_on_error=0), ASan stops the backend at the first error.
#   --valgrind: the extension as `make` builds it; postgres runs under valgrind
#               --trace-children=yes with test/valgrind.supp (this project's suppressions for
#               PostgreSQL's own known reports: uninitialized padding written to WAL, data
#               files and sockets, as PostgreSQL's src/tools/valgrind.supp describes them).
#               Leak checking is off (same reason as above); a backend's errors are in
#               valgrind's per-process log. VALGRIND_TRACK_ORIGINS=yes tells where an
#               uninitialized value came from (slower).
# What neither can see: the server is not built with USE_VALGRIND or ASan, so an overrun inside
# a palloc'd block that stays within the same malloc'd block of a memory context is not caught
# (large chunks, above 8 kB, are their own malloc'd block and are).
#
# A crashed backend stops the server (restart_after_crash = off): the tests after it fail.
# Reports "clean" or the errors found (sanitizer reports with their stacks, crashed backends,
# regression differences), and ends with "N passed, M failed": one pass or fail per regression
# test and per check of the scripts, plus one fail per distinct sanitizer or valgrind report.
# Needs root (or sudo) once, to install missing packages with apt (test/lib.sh install_deps).
set -uo pipefail
source "$(dirname "$0")/lib.sh"

MODE=asan
case "${1:-}" in
    ""|--asan) MODE=asan ;;
    --valgrind) MODE=valgrind ;;
    --both) MODE=both ;;
    -h|--help) sed -n '2,34p' "$0"; exit 0 ;;
    *) echo "usage: $0 [--asan | --valgrind | --both]" >&2; exit 2 ;;
esac
if [ "$MODE" = both ]; then
    bash "$0" --asan; a=$?
    bash "$0" --valgrind; b=$?
    [ $a -eq 0 ] && [ $b -eq 0 ]
    exit
fi

set -e
pkgs="$(base_packages) python3 gcc"
[ "$MODE" = asan ] && pkgs="$pkgs libasan8 libubsan1"
[ "$MODE" = valgrind ] && pkgs="$pkgs valgrind"
# shellcheck disable=SC2086
install_deps $pkgs
set +e

SYS_BIN=/usr/lib/postgresql/$PG_MAJOR/bin
SYS_LIB=$("$SYS_BIN/pg_config" --pkglibdir)
SYS_SHARE=$("$SYS_BIN/pg_config" --sharedir)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/instmatch-sanitize.XXXXXX")
chmod 755 "$WORK"
RUN_AS=()
if [ "$(id -u)" -eq 0 ]; then RUN_AS=(runuser -u postgres --); fi
SERVER_PID=""
cleanup() {
    if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
        "${RUN_AS[@]}" "$PGBIN/pg_ctl" -D "$WORK/data" -m immediate -w stop >/dev/null 2>&1
    fi
    [ -z "${KEEP_WORK:-}" ] && rm -rf "$WORK"
}
trap cleanup EXIT
START=$(date +%s)
passed=0 failed=0
findings=()

# ---- a private PostgreSQL tree: real binaries, linked libraries and share files ----
log "private PostgreSQL $PG_MAJOR tree in $WORK ($MODE)"
PRIV=$WORK/root
PGBIN=$PRIV${SYS_BIN}
mkdir -p "$(dirname "$PGBIN")" "$(dirname "$PRIV$SYS_LIB")" "$(dirname "$PRIV$SYS_SHARE")"
cp -a "$SYS_BIN" "$PGBIN"
cp -as "$SYS_LIB" "$PRIV$SYS_LIB"
cp -as "$SYS_SHARE" "$PRIV$SYS_SHARE"
rm -rf "$PRIV$SYS_LIB"/instmatch.so "$PRIV$SYS_LIB"/bitcode/instmatch* "$PRIV$SYS_SHARE"/extension/instmatch*
# headers and libraries for building against the private tree: the system's
for opt in --includedir-server --includedir --libdir; do
    d=$("$SYS_BIN/pg_config" "$opt"); d=${d%/}
    [ -e "$PRIV$d" ] || { mkdir -p "$(dirname "$PRIV$d")"; ln -s "$d" "$PRIV$d"; }
done
if [ "$("$PGBIN/pg_config" --pkglibdir)" != "$PRIV$SYS_LIB" ]; then
    echo "this PostgreSQL does not find its directories relative to its binaries; cannot make a private tree"
    echo "0 passed, 1 failed"; exit 1
fi
export PATH="$PGBIN:$PATH"

# ---- the extension, built in a copy of the tree (the worktree's objects stay as they are) ----
SRC=$WORK/src
mkdir -p "$SRC"
(cd "$ROOT" && tar --exclude=.git --exclude='*.o' --exclude='*.so' --exclude='*.bc' \
    --exclude=results --exclude=output_iso --exclude='test/fuzz/corpus*-work' -cf - .) | (cd "$SRC" && tar -xf -)
COPT="-Werror"
if [ "$MODE" = asan ]; then
    COPT="-Werror -fsanitize=address,undefined -fno-omit-frame-pointer -O1 -g"
fi
log "building instmatch with COPT=$COPT"
if ! make -C "$SRC" -s PG_CONFIG="$PGBIN/pg_config" COPT="$COPT" >"$WORK/build.log" 2>&1 ||
   ! make -C "$SRC" -s PG_CONFIG="$PGBIN/pg_config" COPT="$COPT" install >>"$WORK/build.log" 2>&1; then
    cat "$WORK/build.log"; echo "0 passed, 1 failed"; exit 1
fi
if [ "$MODE" = asan ] && ! ldd "$PRIV$SYS_LIB/instmatch.so" | grep -q libasan; then
    echo "instmatch.so is not linked with libasan"; echo "0 passed, 1 failed"; exit 1
fi

# ---- the cluster ----
PORT=$((20000 + RANDOM % 20000))
SOCK=$WORK/sock
mkdir -p "$SOCK" "$WORK/logs" "$WORK/data"
chmod 700 "$WORK/data"
[ ${#RUN_AS[@]} -gt 0 ] && chown postgres "$SOCK" "$WORK/logs" "$WORK/data"
"${RUN_AS[@]}" "$PGBIN/initdb" -D "$WORK/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$WORK/initdb.log" 2>&1 ||
    "${RUN_AS[@]}" "$PGBIN/initdb" -D "$WORK/data" -U postgres --auth=trust -E UTF8 --locale=C >"$WORK/initdb.log" 2>&1 ||
    { cat "$WORK/initdb.log"; echo "0 passed, 1 failed"; exit 1; }
cat >> "$WORK/data/postgresql.conf" <<CONF
listen_addresses = ''
port = $PORT
unix_socket_directories = '$SOCK'
max_connections = 40
autovacuum = off
log_line_prefix = '%m [%p] '
log_min_messages = warning
jit = off
restart_after_crash = off
CONF
if [ "$MODE" = valgrind ]; then
    # slow backends: generous timeouts, few parallel workers
    cat >> "$WORK/data/postgresql.conf" <<CONF
max_parallel_workers_per_gather = 2
shared_buffers = 64MB
CONF
fi

export PGHOST=$SOCK PGPORT=$PORT PGUSER=postgres PGDATABASE=postgres
ASAN_LIB=$(gcc -print-file-name=libasan.so)
if [ "$MODE" = asan ]; then
    # initializes ASan before the first library constructor's gettext call (see the file)
    gcc -shared -fPIC -O1 -o "$WORK/asan_first.so" "$ROOT/test/tools/asan_first.c" -ldl ||
        { echo "0 passed, 1 failed"; exit 1; }
fi
log "starting the server"
if [ "$MODE" = asan ]; then
    # shellcheck disable=SC2016
    "${RUN_AS[@]}" env LD_PRELOAD="$ASAN_LIB:$WORK/asan_first.so" \
        ASAN_OPTIONS="detect_leaks=0:log_path=$WORK/logs/asan:halt_on_error=1:abort_on_error=0:detect_odr_violation=0:print_summary=1" \
        UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=0:log_path=$WORK/logs/ubsan" \
        "$PGBIN/postgres" -D "$WORK/data" >"$WORK/logs/server.log" 2>&1 &
    SERVER_PID=$!
else
    "${RUN_AS[@]}" valgrind --quiet --trace-children=yes --track-origins="${VALGRIND_TRACK_ORIGINS:-no}" --leak-check=no \
        --num-callers=40 --read-var-info=no --error-markers=VALGRINDERROR-BEGIN,VALGRINDERROR-END \
        --suppressions="$ROOT/test/valgrind.supp" --gen-suppressions=all \
        --log-file="$WORK/logs/valgrind.%p.log" \
        "$PGBIN/postgres" -D "$WORK/data" >"$WORK/logs/server.log" 2>&1 &
    SERVER_PID=$!
fi
for _ in $(seq 1 600); do
    pg_isready -q && break
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 1
done
if ! pg_isready -q; then
    echo "the server did not start:"; tail -n 30 "$WORK/logs/server.log"; echo "0 passed, 1 failed"; exit 1
fi
echo "server pid $SERVER_PID, port $PORT, socket $SOCK"
# the backends really run the checking runtime with the instrumented library
if [ "$MODE" = asan ]; then
    maps=$(psql -X -At -c "LOAD 'instmatch'" -c "SELECT pg_read_file('/proc/' || pg_backend_pid() || '/maps')" 2>&1)
    if grep -q libasan <<<"$maps" && grep -q libubsan <<<"$maps" && grep -q "$PRIV$SYS_LIB/instmatch.so" <<<"$maps"; then
        passed=$((passed + 1)); echo "ok: a backend maps libasan, libubsan and the instrumented instmatch.so"
    else
        failed=$((failed + 1)); findings+=("a backend does not map libasan, libubsan and the instrumented instmatch.so")
    fi
else
    n=$(ls "$WORK"/logs/valgrind.*.log 2>/dev/null | wc -l)
    if [ "$n" -gt 0 ]; then passed=$((passed + 1)); echo "ok: valgrind logs of $n server processes"
    else failed=$((failed + 1)); findings+=("the server does not run under valgrind"); fi
fi

# ---- the suite ----
log "make installcheck (regression and isolation tests)"
t0=$(date +%s)
export PG_REGRESS_DIFF_OPTS=-U3
out=$(make -C "$SRC" -s PG_CONFIG="$PGBIN/pg_config" installcheck 2>&1)
st=$?
printf '%s\n' "$out" | grep -E '^(test |ok |not ok| *[a-z_]+ +\.\.\. )' | sed 's/^/  /'
n=$(printf '%s\n' "$out" | grep -cE '\.\.\. ok|^ok ')
m=$(printf '%s\n' "$out" | grep -cE '\.\.\. FAILED|failed \(ignored\)|^not ok')
passed=$((passed + n)); failed=$((failed + m))
if [ "$m" -gt 0 ] || [ $st -ne 0 ]; then
    findings+=("regression differences: $m failing tests (make installcheck exit status $st)")
    [ "$m" -eq 0 ] && failed=$((failed + 1))
    for d in "$SRC/regression.diffs" "$SRC/output_iso/regression.diffs"; do
        [ -s "$d" ] && { echo "--- $d (first 80 lines)"; head -n 80 "$d"; }
    done
fi
echo "  $(( $(date +%s) - t0 )) s"

for script in test/instname_binary.sh test/instname_dump.sh test/upgrade.sh; do
    log "$script"
    t0=$(date +%s)
    out=$(bash "$SRC/$script" 2>&1)
    st=$?
    line=$(printf '%s\n' "$out" | grep -E '^[0-9]+ passed, [0-9]+ failed' | tail -n 1)
    printf '%s\n' "$out" | grep -E '^(FAIL)' | head -n 10 | sed 's/^/  /'
    echo "  ${line:-no summary line} ($(( $(date +%s) - t0 )) s)"
    if [ -n "$line" ]; then
        n=${line%% passed*}; m=${line#*passed, }; m=${m%% failed*}
        passed=$((passed + n)); failed=$((failed + m))
        [ "$m" -gt 0 ] && findings+=("$script: $m failed")
        [ $st -ne 0 ] && [ "$m" -eq 0 ] && { failed=$((failed + 1)); findings+=("$script: exit status $st"); }
    else
        failed=$((failed + 1)); findings+=("$script: no summary line")
        printf '%s\n' "$out" | tail -n 10
    fi
done

# ---- stop the server, read the reports ----
log "stopping the server"
"${RUN_AS[@]}" "$PGBIN/pg_ctl" -D "$WORK/data" -m fast -w -t 300 stop >/dev/null 2>&1 ||
    "${RUN_AS[@]}" "$PGBIN/pg_ctl" -D "$WORK/data" -m immediate -w -t 60 stop >/dev/null 2>&1
wait "$SERVER_PID" 2>/dev/null
SERVER_PID=""

# (the logical replication launcher exits with code 1 at every shutdown)
crash_re='terminated by signal|was terminated by exception|exited with exit code [1-9]'
crashes=$(grep -E "$crash_re" "$WORK/logs/server.log" | grep -vc 'logical replication launcher')
if [ "$crashes" -gt 0 ]; then
    findings+=("$crashes backends crashed or exited abnormally (server log)")
    grep -E "$crash_re" "$WORK/logs/server.log" | grep -v 'logical replication launcher' | head -n 10 | sed 's/^/  /'
    failed=$((failed + crashes))
fi

reports=0
if [ "$MODE" = asan ]; then
    for f in "$WORK"/logs/asan.* "$WORK"/logs/ubsan.*; do
        [ -s "$f" ] || continue
        reports=$((reports + 1))
        echo "--- ${f##*/}"; head -n 60 "$f"
    done
    # ASan also prints to stderr when log_path cannot be written
    if grep -qE 'AddressSanitizer|runtime error:' "$WORK/logs/server.log"; then
        reports=$((reports + 1))
        grep -E -A 30 'AddressSanitizer|runtime error:' "$WORK/logs/server.log" | head -n 60
    fi
else
    for f in "$WORK"/logs/valgrind.*.log; do
        [ -s "$f" ] || continue
        k=$(grep -c 'VALGRINDERROR-BEGIN' "$f")
        [ "$k" -gt 0 ] || continue
        reports=$((reports + k))
        echo "--- ${f##*/}: $k errors"
        sed -n '/VALGRINDERROR-BEGIN/,/VALGRINDERROR-END/p' "$f" | head -n 80
    done
    echo "valgrind logs: $(ls "$WORK"/logs/valgrind.*.log 2>/dev/null | wc -l) processes"
fi
if [ "$reports" -gt 0 ]; then
    findings+=("$reports $MODE reports")
    failed=$((failed + reports))
fi

echo
echo "$MODE run: $(( $(date +%s) - START )) s"
if [ ${#findings[@]} -eq 0 ]; then
    echo "clean: no $MODE report, no crash, no regression difference"
else
    echo "errors found:"; printf '  %s\n' "${findings[@]}"
    echo "(set KEEP_WORK=1 to keep $WORK with the logs)"
fi
echo "${passed} passed, ${failed} failed"
[ "$failed" -eq 0 ]
