# test/lib.sh - shared by test/run-all.sh and test/demo.sh (sourced, not run).
# Installs what is missing on Debian/Ubuntu with apt, then builds and installs the extension.

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PG_MAJOR=${PG_MAJOR:-15}
SHARED_DATA=${INSTMATCH_SHARED_DATA:-$ROOT/../shared/data}

log() { printf '\n==> %s\n' "$*"; }

# install_deps PKG... : apt-get install the packages that are not installed yet.
install_deps() {
    local missing=() p
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    log "installing missing packages: ${missing[*]}"
    local sudo=()
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null || { echo "need root (or sudo) to install: ${missing[*]}" >&2; exit 1; }
        sudo=(sudo)
    fi
    export DEBIAN_FRONTEND=noninteractive
    "${sudo[@]}" apt-get update -qq
    "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

base_packages() {
    echo "build-essential pkg-config libutf8proc-dev postgresql-$PG_MAJOR postgresql-server-dev-$PG_MAJOR postgresql-common"
}

# build_and_install: compile with warnings as errors and install into the PostgreSQL of PG_MAJOR.
build_and_install() {
    local pgc=/usr/lib/postgresql/$PG_MAJOR/bin/pg_config
    [ -x "$pgc" ] || pgc=pg_config
    log "building instmatch against $($pgc --version)"
    make -C "$ROOT" -s PG_CONFIG="$pgc" COPT="-Werror" >/dev/null
    local sudo=()
    [ "$(id -u)" -ne 0 ] && sudo=(sudo)
    "${sudo[@]}" make -C "$ROOT" -s PG_CONFIG="$pgc" install >/dev/null
}
