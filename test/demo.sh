#!/usr/bin/env bash
# The demo: installs what is missing, builds and installs instmatch, starts a throwaway
# PostgreSQL cluster, creates the extension and shows it at work on real affiliation strings.
#
#   bash test/demo.sh
set -euo pipefail
source "$(dirname "$0")/lib.sh"

# shellcheck disable=SC2046
install_deps $(base_packages)
build_and_install

log "starting a throwaway PostgreSQL $PG_MAJOR cluster and running the demo"
export ROOT SHARED_DATA
pg_virtualenv -t -v "$PG_MAJOR" bash "$ROOT/test/demo/run.sh"
