# instmatch - PGXS build.
#
#   make && make install          build and install into the PostgreSQL found by pg_config
#   make installcheck             regression tests against a running server
#   make unit                     C unit tests of the normalizer, the matcher and the CSV reader (no server needed)
#   make fuzz FUZZ_SECONDS=60     libFuzzer run of the normalizer (needs clang)
#   make fuzz-match               libFuzzer run of the dictionary matcher (FUZZ_SECONDS too)
#   make fuzz-csv                 libFuzzer run of the CSV reader (FUZZ_SECONDS too)
#   make fuzz-instname            libFuzzer run of the instname binary input checks (FUZZ_SECONDS too)
#   make tables                   regenerate src/tables/*.h from src/data and Unihan
#   make SANITIZE=1 unit          unit tests built with AddressSanitizer + UBSan

EXTENSION = instmatch
# The version lives in instmatch.control only.
EXTVERSION := $(shell sed -n "s/^default_version[[:space:]]*=[[:space:]]*'\([^']*\)'.*/\1/p" $(dir $(lastword $(MAKEFILE_LIST)))instmatch.control)

MODULE_big = instmatch
OBJS = src/im_norm.o src/im_match.o src/instmatch.o src/instname.o src/instname_wire.o src/match_pg.o \
	src/im_csv.o src/csv_pg.o
# The install script of the current version is built from src/sql/*.sql. Install scripts of
# released versions are frozen in sql/versions/ (never edited again), so that ALTER EXTENSION
# UPDATE can be tested from each of them. An update script is its header plus the src/sql files
# new in that version (their numbers say which: 40 and up are new in 0.2.0); objects of earlier
# versions are only changed there with CREATE OR REPLACE / ALTER.
UPDATE_0_2_0_SRC = src/sql/update/instmatch--0.1.0--0.2.0.sql $(sort $(wildcard src/sql/[4-9]*.sql))
DATA_built = sql/instmatch--$(EXTVERSION).sql sql/instmatch--0.1.0--0.2.0.sql
DATA = $(wildcard sql/versions/instmatch--*.sql)

REGRESS = normalize encoding limits match match_rules match_parallel instname instname_gin instname_io instname_soft screen import_text_json import_csv security edge workflow demo
REGRESS_OPTS = --load-extension=instmatch
ISOLATION = screen_reload
ISOLATION_OPTS = --load-extension=instmatch

EXTRA_CLEAN = $(DATA_built) test/unit/test_norm test/fuzz/fuzz_norm \
	test/unit/test_match test/fuzz/fuzz_match test/unit/test_csv test/fuzz/fuzz_csv \
	test/fuzz/fuzz_instname test/fuzz/gen_instname_seeds

# utf8proc, found through pkg-config
PKG_CONFIG ?= pkg-config
ifeq ($(shell $(PKG_CONFIG) --exists libutf8proc && echo yes),yes)
UTF8PROC_CFLAGS := $(shell $(PKG_CONFIG) --cflags libutf8proc)
UTF8PROC_LIBS := $(shell $(PKG_CONFIG) --libs libutf8proc)
else
ifeq ($(filter clean distclean,$(MAKECMDGOALS)),)
$(error utf8proc was not found by $(PKG_CONFIG) (package libutf8proc). Install it: apt-get install libutf8proc-dev pkg-config (Debian/Ubuntu), dnf install utf8proc-devel (Fedora), or set PKG_CONFIG_PATH)
endif
endif

PG_CPPFLAGS = -I$(srcdir)/src $(UTF8PROC_CFLAGS)
SHLIB_LINK += $(UTF8PROC_LIBS)

PG_CONFIG ?= pg_config
PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

sql/instmatch--$(EXTVERSION).sql: $(sort $(wildcard src/sql/*.sql))
	cat $^ > $@

sql/instmatch--0.1.0--0.2.0.sql: $(UPDATE_0_2_0_SRC)
	cat $^ > $@

# ---- pure-C tests (no server) ---------------------------------------------------------------
CORE_SRC = src/im_norm.c
CORE_HDR = src/im_norm.h $(wildcard src/tables/*.h)
UNIT_CC ?= cc
UNIT_CFLAGS = -std=c11 -O1 -g -Wall -Wextra -Werror -Wno-unused-function -Isrc $(UTF8PROC_CFLAGS)
ifeq ($(SANITIZE),1)
UNIT_CFLAGS += -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
endif

test/unit/test_norm: test/unit/test_norm.c $(CORE_SRC) $(CORE_HDR)
	$(UNIT_CC) $(UNIT_CFLAGS) -o $@ test/unit/test_norm.c $(CORE_SRC) $(UTF8PROC_LIBS)

test/unit/test_match: test/unit/test_match.c src/im_match.c src/im_match.h $(CORE_SRC) $(CORE_HDR)
	$(UNIT_CC) $(UNIT_CFLAGS) -o $@ test/unit/test_match.c src/im_match.c $(CORE_SRC) $(UTF8PROC_LIBS)

test/unit/test_csv: test/unit/test_csv.c src/im_csv.c src/im_csv.h
	$(UNIT_CC) $(UNIT_CFLAGS) -o $@ test/unit/test_csv.c src/im_csv.c

.PHONY: unit fuzz fuzz-match fuzz-csv fuzz-instname tables
unit: test/unit/test_norm test/unit/test_match test/unit/test_csv
	test/unit/test_norm test/data/normalize_corpus.txt
	test/unit/test_match
	test/unit/test_csv

FUZZ_CC ?= clang
FUZZ_SECONDS ?= 60
test/fuzz/fuzz_norm: test/fuzz/fuzz_norm.c $(CORE_SRC) $(CORE_HDR)
	$(FUZZ_CC) -std=c11 -g -O1 -Isrc $(UTF8PROC_CFLAGS) -fsanitize=fuzzer,address,undefined \
		-fno-sanitize-recover=all -o $@ test/fuzz/fuzz_norm.c $(CORE_SRC) $(UTF8PROC_LIBS)

fuzz: test/fuzz/fuzz_norm
	mkdir -p test/fuzz/corpus-work
	test/fuzz/fuzz_norm -max_total_time=$(FUZZ_SECONDS) -max_len=4096 -print_final_stats=1 \
		test/fuzz/corpus-work test/fuzz/corpus

test/fuzz/fuzz_match: test/fuzz/fuzz_match.c src/im_match.c src/im_match.h $(CORE_SRC) $(CORE_HDR)
	$(FUZZ_CC) -std=c11 -g -O1 -Isrc $(UTF8PROC_CFLAGS) -fsanitize=fuzzer,address,undefined \
		-fno-sanitize-recover=all -o $@ test/fuzz/fuzz_match.c src/im_match.c $(CORE_SRC) $(UTF8PROC_LIBS) -lm

fuzz-match: test/fuzz/fuzz_match
	mkdir -p test/fuzz/corpus-match-work
	test/fuzz/fuzz_match -max_total_time=$(FUZZ_SECONDS) -max_len=4096 -print_final_stats=1 \
		test/fuzz/corpus-match-work test/fuzz/corpus-match

test/fuzz/fuzz_csv: test/fuzz/fuzz_csv.c src/im_csv.c src/im_csv.h
	$(FUZZ_CC) -std=c11 -g -O1 -Isrc -fsanitize=fuzzer,address,undefined \
		-fno-sanitize-recover=all -o $@ test/fuzz/fuzz_csv.c src/im_csv.c

fuzz-csv: test/fuzz/fuzz_csv
	mkdir -p test/fuzz/corpus-csv-work
	test/fuzz/fuzz_csv -max_total_time=$(FUZZ_SECONDS) -max_len=4096 -print_final_stats=1 \
		test/fuzz/corpus-csv-work test/fuzz/corpus-csv

test/fuzz/fuzz_instname: test/fuzz/fuzz_instname.c src/instname_wire.c src/instname_wire.h $(CORE_SRC) $(CORE_HDR)
	$(FUZZ_CC) -std=c11 -g -O1 -Isrc $(UTF8PROC_CFLAGS) -fsanitize=fuzzer,address,undefined \
		-fno-sanitize-recover=all -o $@ test/fuzz/fuzz_instname.c src/instname_wire.c $(CORE_SRC) $(UTF8PROC_LIBS)

fuzz-instname: test/fuzz/fuzz_instname
	mkdir -p test/fuzz/corpus-instname-work
	test/fuzz/fuzz_instname -max_total_time=$(FUZZ_SECONDS) -max_len=8192 -print_final_stats=1 \
		test/fuzz/corpus-instname-work test/fuzz/corpus-instname

# Seeds of test/fuzz/corpus-instname: valid values encoded as instname_send does (regenerate
# with `make instname-seeds`; the corrupted seeds next to them are checked in as they are).
test/fuzz/gen_instname_seeds: test/fuzz/fuzz_instname.c src/instname_wire.c src/instname_wire.h $(CORE_SRC) $(CORE_HDR)
	$(UNIT_CC) $(UNIT_CFLAGS) -DFUZZ_INSTNAME_GEN -o $@ test/fuzz/fuzz_instname.c src/instname_wire.c $(CORE_SRC) $(UTF8PROC_LIBS)

.PHONY: instname-seeds
instname-seeds: test/fuzz/gen_instname_seeds
	test/fuzz/gen_instname_seeds test/fuzz/corpus-instname test/data/instname_names.txt test/data/instname_affiliations.txt

-include src/gen/tables.mk

# The generated headers are checked in; a build without python3 keeps them (see tables.mk).
tables: src/tables/rules_table.h
	$(PYTHON) src/gen/gen_rules.py --readme src/data/rules.tsv README.md
src/tables/rules_table.h: src/data/rules.tsv src/gen/gen_rules.py $(IM_TABLES_FORCE)
	@if command -v $(PYTHON) >/dev/null 2>&1; then \
		echo "$(PYTHON) src/gen/gen_rules.py src/data/rules.tsv $@"; \
		$(PYTHON) src/gen/gen_rules.py src/data/rules.tsv $@; \
	else \
		echo "warning: $(PYTHON) not found; keeping checked-in $@" >&2; \
		touch $@; \
	fi

# Header dependencies (PGXS does not track them without --enable-depend).
src/im_norm.o: src/im_norm.h $(wildcard src/tables/*.h)
src/instmatch.o: src/im_norm.h src/instmatch.h src/instname.h
src/instname.o: src/im_norm.h src/instmatch.h src/instname.h src/instname_wire.h
src/instname_wire.o: src/im_norm.h src/instname_wire.h
src/im_match.o: src/im_match.h src/im_norm.h
src/match_pg.o: src/im_match.h src/im_norm.h src/instmatch.h
src/im_csv.o: src/im_csv.h
src/csv_pg.o: src/im_csv.h
