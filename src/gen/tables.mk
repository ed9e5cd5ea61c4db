# tables.mk - regenerate the checked-in lookup tables of the normalizer.
#
# Included by the top-level Makefile; paths are relative to the repository
# root.
#
#   make tables          regenerate both headers (needs python3 and Unihan data)
#   make tables-check    spot-check the checked-in t2s table (needs python3 only)
#
# The headers are checked in, so an ordinary build needs neither python3 nor
# the Unihan data: if a header looks out of date but its generator cannot run
# here, a warning is printed and the checked-in header is kept.
#
# Override UNIHAN_DIR (or UNIHAN_VARIANTS) when the Unicode data is elsewhere,
# e.g. "make tables UNIHAN_DIR=$HOME/unicode".

UNIHAN_DIR ?= /usr/share/unicode
UNIHAN_VARIANTS ?= $(firstword $(wildcard $(UNIHAN_DIR)/Unihan_Variants.txt $(UNIHAN_DIR)/Unihan_Variants.txt.bz2))
PYTHON ?= python3

IM_LOOKALIKE_SRC = src/data/lookalikes.tsv
IM_LOOKALIKE_H = src/tables/lookalike_table.h
IM_T2S_H = src/tables/t2s_table.h
IM_TABLE_HEADERS = $(IM_LOOKALIKE_H) $(IM_T2S_H)

# Keep whatever default goal the including Makefile has (restored below).
im_saved_default_goal := $(.DEFAULT_GOAL)

# "make tables" forces both headers to be regenerated, and then a generator
# that cannot run is an error rather than a warning.
ifneq ($(filter tables,$(MAKECMDGOALS)),)
IM_TABLES_FORCE = im-tables-force
endif

.PHONY: tables tables-check im-tables-force

tables: $(IM_TABLE_HEADERS)

im-tables-force: ;

$(IM_LOOKALIKE_H): $(IM_LOOKALIKE_SRC) src/gen/gen_lookalikes.py $(IM_TABLES_FORCE)
	@if [ -n "$(IM_TABLES_FORCE)" ] || command -v $(PYTHON) >/dev/null 2>&1; then \
		echo "$(PYTHON) src/gen/gen_lookalikes.py $(IM_LOOKALIKE_SRC) $@"; \
		$(PYTHON) src/gen/gen_lookalikes.py $(IM_LOOKALIKE_SRC) $@; \
	else \
		echo "warning: $(PYTHON) not found; keeping checked-in $@" >&2; \
		touch $@; \
	fi

$(IM_T2S_H): src/gen/gen_t2s.py $(IM_TABLES_FORCE)
	@if [ -n "$(UNIHAN_VARIANTS)" ] && [ -r "$(UNIHAN_VARIANTS)" ] && \
	    command -v $(PYTHON) >/dev/null 2>&1; then \
		echo "$(PYTHON) src/gen/gen_t2s.py $(UNIHAN_VARIANTS) $@"; \
		$(PYTHON) src/gen/gen_t2s.py "$(UNIHAN_VARIANTS)" $@; \
	elif [ -n "$(IM_TABLES_FORCE)" ]; then \
		echo "error: need $(PYTHON) and Unihan_Variants.txt[.bz2] in UNIHAN_DIR=$(UNIHAN_DIR)" \
		     "(Debian package unicode-data), or set UNIHAN_VARIANTS" >&2; \
		exit 1; \
	else \
		echo "warning: Unihan_Variants.txt[.bz2] or $(PYTHON) not found; keeping checked-in $@" >&2; \
		touch $@; \
	fi

tables-check:
	$(PYTHON) src/gen/check_t2s.py $(IM_T2S_H)

.DEFAULT_GOAL := $(im_saved_default_goal)
