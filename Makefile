# credence - GNU make build.  `make help` lists the targets.
#
# Dependencies are found with pkg-config; scripts/setup.sh installs them on
# Debian.  Sources are picked up by wildcard: a new module is a new src/*.c
# (or src/<dir>/*.c), a new unit test a new tests/unit/test_*.c.

PREFIX   ?= /usr/local
BUILD    ?= build
CC       ?= cc
CFLAGS   ?= -O2 -g
PKGS     := libutf8proc libpcre2-8 jansson libxml-2.0 gumbo sqlite3
TEST_PKGS:= cmocka
# The CLI alone links these (credence serve: libmicrohttpd; credence worker
# and enqueue: hiredis, docs/scale.md); the library does not depend on them.
CLI_PKGS := libmicrohttpd hiredis

PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS))
PKG_LIBS   := $(shell pkg-config --libs $(PKGS)) -lm -lpthread
WARN       := -Wall -Wextra -Wpedantic
# Only the public API (CRED_API in include/credence/*.h) is exported from
# libcredence.so; tests/t_symbols.sh checks it.  The CLI is built like any
# other program of the library: include/ only, no -Isrc (docs/api.md).
BASE_CFLAGS:= -std=c11 -D_POSIX_C_SOURCE=200809L $(WARN) $(CFLAGS) -fPIC -MMD -MP \
              -fvisibility=hidden -Iinclude
ALL_CFLAGS  = $(BASE_CFLAGS) -Isrc $(PKG_CFLAGS)
CLI_CFLAGS  = $(BASE_CFLAGS) $(PKG_CFLAGS) $(shell pkg-config --cflags $(CLI_PKGS))
ALL_LDFLAGS:= $(LDFLAGS)
ifeq ($(WERROR),1)
BASE_CFLAGS += -Werror
endif
ifeq ($(SAN),1)
BASE_CFLAGS += -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
ALL_LDFLAGS += -fsanitize=address,undefined
endif

LIB_SRC  := $(sort $(wildcard src/*.c src/*/*.c))
CLI_SRC  := $(sort $(wildcard cli/*.c))
TEST_SRC := $(sort $(wildcard tests/unit/test_*.c))
TEST_SUPPORT := $(sort $(wildcard tests/unit/support_*.c))
DATA     := $(shell find data -type f ! -path 'data/models/*' ! -name '*.md' | LC_ALL=C sort)

LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/obj/%.o) $(BUILD)/obj/data_embed.o
CLI_OBJ  := $(CLI_SRC:%.c=$(BUILD)/obj/%.o)
TEST_BIN := $(TEST_SRC:tests/unit/%.c=$(BUILD)/tests/%)
SUPPORT_OBJ := $(TEST_SUPPORT:%.c=$(BUILD)/obj/%.o)

# The so-version follows docs/api.md: MAJOR from 1.0 on; before 1.0 every
# MINOR release may change the ABI, so the soname carries 0.MINOR.
version_part = $(shell sed -n 's/^\#define CRED_VERSION_$(1) \([0-9]*\)$$/\1/p' include/credence/core.h)
VERSION_MAJOR := $(call version_part,MAJOR)
VERSION_MINOR := $(call version_part,MINOR)
VERSION   := $(VERSION_MAJOR).$(VERSION_MINOR).$(call version_part,PATCH)
SOVERSION := $(if $(filter 0,$(VERSION_MAJOR)),0.$(VERSION_MINOR),$(VERSION_MAJOR))

.PHONY: FORCE all lib check test asan install uninstall clean help models outlets bench \
        fuzz fuzz-smoke claims-db
all: $(BUILD)/credence $(BUILD)/libcredence.a $(BUILD)/libcredence.so

help:
	@echo "make            build $(BUILD)/credence and the libraries"
	@echo "make check      build and run every test (unit, golden, data-driven)"
	@echo "make asan       the same under AddressSanitizer + UBSan (build-asan/)"
	@echo "make install    install binary, libraries, header, credence.pc, man page"
	@echo "                (PREFIX=$(PREFIX), DESTDIR supported)"
	@echo "make models     retrain data/models/ and regenerate the OpenSources outlet"
	@echo "                table data/score/opensources-sources.tsv from ../shared/data"
	@echo "make outlets    only the OpenSources outlet table"
	@echo "make claims-db  the default claims DB $(BUILD)/claims.db from ../shared/data"
	@echo "make bench      run the quick benchmarks in bench/ (bench/README.md)"
	@echo "make fuzz       build the libFuzzer targets fuzz/fuzz_*.c (clang; build-fuzz/)"
	@echo "make fuzz-smoke replay fuzz/corpus/, then a short run per target (FUZZ_TIME=15 s)"
	@echo "WERROR=1 makes warnings errors; SAN=1 adds the sanitizers"

$(BUILD)/tools/embed: tools/embed.c
	@mkdir -p $(@D)
	$(CC) -std=c11 -O1 -o $@ $<

$(BUILD)/data_embed.c: $(BUILD)/tools/embed $(DATA) Makefile
	$(BUILD)/tools/embed $@ $(foreach f,$(DATA),$(f:data/%=%)=$(f))

$(BUILD)/obj/data_embed.o: $(BUILD)/data_embed.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

# The install prefix is compiled into the engine (where it looks for the
# article model); build/prefix.txt changes only when PREFIX does.
$(BUILD)/prefix.txt: FORCE
	@mkdir -p $(@D)
	@echo '$(PREFIX)' | cmp -s - $@ || echo '$(PREFIX)' >$@
$(BUILD)/obj/src/engine/engine.o: $(BUILD)/prefix.txt
$(BUILD)/obj/src/engine/engine.o: ALL_CFLAGS += -DCRED_PREFIX='"$(PREFIX)"'
$(BUILD)/obj/src/claims/db.o: $(BUILD)/prefix.txt
$(BUILD)/obj/src/claims/db.o: ALL_CFLAGS += -DCRED_PREFIX='"$(PREFIX)"'
FORCE:

# Objects depend on the Makefile: a change of flags (visibility, include
# paths) must reach every object.
$(BUILD)/obj/%.o: %.c Makefile
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/obj/cli/%.o: cli/%.c Makefile
	@mkdir -p $(@D)
	$(CC) $(CLI_CFLAGS) -c -o $@ $<

$(BUILD)/libcredence.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/libcredence.so: $(LIB_OBJ)
	$(CC) -shared -Wl,-soname,libcredence.so.$(SOVERSION) $(ALL_LDFLAGS) -o $@ $^ $(PKG_LIBS)

$(BUILD)/credence: $(CLI_OBJ) $(BUILD)/libcredence.a
	$(CC) $(ALL_LDFLAGS) -o $@ $(CLI_OBJ) $(BUILD)/libcredence.a $(PKG_LIBS) \
	  $(shell pkg-config --libs $(CLI_PKGS))

$(BUILD)/tests/%: tests/unit/%.c $(SUPPORT_OBJ) $(BUILD)/libcredence.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(shell pkg-config --cflags $(TEST_PKGS)) $(ALL_LDFLAGS) -o $@ $< \
	  $(SUPPORT_OBJ) $(BUILD)/libcredence.a $(PKG_LIBS) $(shell pkg-config --libs $(TEST_PKGS))

# The library's batch call as an outside program (include/ only):
# tests/t_engine.sh compares its JSON with the CLI's.
$(BUILD)/tests/batch_json: tests/api/batch_json.c $(BUILD)/libcredence.a
	@mkdir -p $(@D)
	$(CC) $(CLI_CFLAGS) $(ALL_LDFLAGS) -o $@ $< $(BUILD)/libcredence.a $(PKG_LIBS)

# Everything the tests need, then the runner (tests/run.sh prints the summary).
check: all $(TEST_BIN) $(BUILD)/tests/batch_json
	@SAN=$(SAN) tests/run.sh $(BUILD)
test: check

asan:
	$(MAKE) BUILD=build-asan SAN=1 check

models: all
	scripts/make-opensources.sh $(BUILD)
	bench/make-models.sh $(BUILD)

outlets: all
	scripts/make-opensources.sh $(BUILD)

# The default claims DB (docs/claims.md) from ../shared/data: LIAR with its
# PolitiFact verdicts and both Snopes collections, into $(BUILD)/claims.db
# (found beside the executable).  Third-party text: never committed.
SHARED ?= ../shared/data
claims-db: all
	rm -f $(BUILD)/claims.db.tmp
	$(BUILD)/credence claims build -o $(BUILD)/claims.db.tmp --format liar \
	  $(SHARED)/liar/train.tsv $(SHARED)/liar/valid.tsv
	$(BUILD)/credence claims build -o $(BUILD)/claims.db.tmp --format clef \
	  $(SHARED)/claims/clef2020_t2/verified_claims.docs.tsv
	$(BUILD)/credence claims build -o $(BUILD)/claims.db.tmp --format snopes \
	  $(SHARED)/claims/snopes_2022/verified_claims.tsv
	mv $(BUILD)/claims.db.tmp $(BUILD)/claims.db

# The quick benchmarks; bench/extract and bench/classify are run by hand
# (bench/README.md).
bench: all
	bench/clean.sh $(BUILD)
	bench/fix.sh $(BUILD)
	bench/segment.sh $(BUILD)
	bench/analysis-speed.sh $(BUILD)
	bench/score.sh $(BUILD)

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib/pkgconfig \
	  $(DESTDIR)$(PREFIX)/include/credence $(DESTDIR)$(PREFIX)/share/man/man1 \
	  $(DESTDIR)$(PREFIX)/share/credence
	install -m 755 $(BUILD)/credence $(DESTDIR)$(PREFIX)/bin/credence
	install -m 644 $(BUILD)/libcredence.a $(DESTDIR)$(PREFIX)/lib/libcredence.a
	install -m 755 $(BUILD)/libcredence.so $(DESTDIR)$(PREFIX)/lib/libcredence.so.$(VERSION)
	ln -sf libcredence.so.$(VERSION) $(DESTDIR)$(PREFIX)/lib/libcredence.so.$(SOVERSION)
	ln -sf libcredence.so.$(SOVERSION) $(DESTDIR)$(PREFIX)/lib/libcredence.so
	install -m 644 include/credence.h $(DESTDIR)$(PREFIX)/include/credence.h
	install -m 644 include/credence/*.h $(DESTDIR)$(PREFIX)/include/credence/
	sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@VERSION@|$(VERSION)|g' \
	  -e 's|@REQUIRES@|$(PKGS)|g' credence.pc.in > $(DESTDIR)$(PREFIX)/lib/pkgconfig/credence.pc
	install -m 644 man/credence.1 $(DESTDIR)$(PREFIX)/share/man/man1/credence.1
	if [ -d data/models ]; then cp -r data/models $(DESTDIR)$(PREFIX)/share/credence/; fi
	install -m 644 data/score/ATTRIBUTION.md $(DESTDIR)$(PREFIX)/share/credence/ATTRIBUTION.md

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/credence $(DESTDIR)$(PREFIX)/lib/libcredence.* \
	  $(DESTDIR)$(PREFIX)/lib/pkgconfig/credence.pc $(DESTDIR)$(PREFIX)/include/credence.h \
	  $(DESTDIR)$(PREFIX)/share/man/man1/credence.1
	rm -rf $(DESTDIR)$(PREFIX)/include/credence $(DESTDIR)$(PREFIX)/share/credence

# ---- fuzzing (docs/security.md) -------------------------------------------
# The library's sources are built again with clang, coverage instrumentation
# and ASan+UBSan into build-fuzz/, apart from the normal build (which these
# rules never touch); each fuzz/fuzz_*.c links them with libFuzzer's main.
FUZZ_BUILD  ?= build-fuzz
FUZZ_CC     ?= clang
FUZZ_TIME   ?= 15
FUZZ_SAN    := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_CFLAGS  = -std=c11 -D_POSIX_C_SOURCE=200809L -g -O1 $(WARN) -fvisibility=hidden -Iinclude \
               -MMD -MP $(FUZZ_SAN) $(if $(filter 1,$(WERROR)),-Werror)
FUZZ_SRC    := $(sort $(wildcard fuzz/fuzz_*.c))
FUZZ_BIN    := $(FUZZ_SRC:fuzz/%.c=$(FUZZ_BUILD)/%)
FUZZ_OBJ    := $(LIB_SRC:%.c=$(FUZZ_BUILD)/obj/%.o) $(FUZZ_BUILD)/obj/data_embed.o

fuzz: $(FUZZ_BIN)

$(FUZZ_BUILD)/obj/%.o: %.c Makefile
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -Isrc $(PKG_CFLAGS) -c -o $@ $<

$(FUZZ_BUILD)/obj/data_embed.o: $(BUILD)/data_embed.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -Isrc $(PKG_CFLAGS) -c -o $@ $<

$(FUZZ_BUILD)/libcredence-fuzz.a: $(FUZZ_OBJ)
	@rm -f $@
	ar rcs $@ $^

# A target uses the public API only (include/, no -Isrc).
$(FUZZ_BUILD)/fuzz_%: fuzz/fuzz_%.c fuzz/fuzz_common.h $(FUZZ_BUILD)/libcredence-fuzz.a Makefile
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer $(PKG_CFLAGS) \
	  -DFUZZ_MODEL='"$(CURDIR)/data/models/score-article.model"' -o $@ $< \
	  $(FUZZ_BUILD)/libcredence-fuzz.a $(PKG_LIBS)
$(FUZZ_BUILD)/fuzz_score_model: fuzz/fuzz_score.c

# Replays every seed, then fuzzes each target FUZZ_TIME seconds; exits
# non-zero on a finding.  SKIP (and success) only without clang's libFuzzer.
fuzz-smoke:
	@FUZZ_CC='$(FUZZ_CC)' FUZZ_BUILD='$(FUZZ_BUILD)' FUZZ_TIME='$(FUZZ_TIME)' \
	  MAKE='$(MAKE)' fuzz/smoke.sh

clean:
	rm -rf build build-asan $(FUZZ_BUILD)

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)
-include $(shell find $(FUZZ_BUILD) -name '*.d' 2>/dev/null)
