# Alley's front door: `make demo` and `make test` on a fresh Debian 12 machine
# (README.md). A thin wrapper over scripts/setup.sh, the CMake presets
# (CMakePresets.json) and the lint tools; docs/development.md explains it all.

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help
.NOTPARALLEL:
MAKEFLAGS += --no-print-directory

# Caches outside the repository: the division data (scripts/setup.sh) and ccache.
export ALLEY_CACHE ?= $(or $(XDG_CACHE_HOME),$(HOME)/.cache)/alley
ALLEY_DIVISIONS_DIR ?= $(shell ALLEY_CACHE='$(ALLEY_CACHE)' scripts/divisions-dir.sh)
export ALLEY_DIVISIONS_DIR
export CCACHE_DIR ?= $(ALLEY_CACHE)/ccache
# Paths relative to the checkout, so that a fresh clone (CI) hits the cache too.
export CCACHE_BASEDIR ?= $(CURDIR)
export CCACHE_NOHASHDIR ?= 1

# Sanitizer findings end the test run with a stack trace.
export ASAN_OPTIONS ?= detect_leaks=1:check_initialization_order=1
export UBSAN_OPTIONS ?= print_stacktrace=1:halt_on_error=1

DB ?= alley.db
# Where `make demo` serves.
BIND ?= 127.0.0.1
PORT ?= 8080
JOBS ?= 2
FUZZ_SECONDS ?= 30
# -Werror in CI (CI=true), off by default on a developer's machine.
WERROR ?= $(if $(filter true 1 yes,$(CI)),ON,OFF)
CMAKE_FLAGS := -DALLEY_WERROR=$(WERROR)

# The project's own C++ sources, for the format check.
FORMAT_FILES = $(shell find $(wildcard src tests bench fuzz) -type f \( -name '*.h' -o -name '*.cc' \) | sort)

step = @echo "== $$(date +%T) $(1)"

.PHONY: help setup build web demo test test-web lint lint-format format lint-tidy fuzz bench clean

help:
	@echo "Alley. On a fresh Debian 12 machine, as root:"
	@echo "  make demo         set up, build, import the national hierarchy into $(DB), build the demo,"
	@echo "                   serve it on http://$(BIND):$(PORT)/ (log in as hailian / hailian-demo)"
	@echo "  make test         set up, build, run every test (release, then ASan+UBSan), lint"
	@echo "Other targets:"
	@echo "  make setup        install missing Debian packages, fetch the division data (scripts/setup.sh)"
	@echo "  make build        release build: build/alley, and the web front end (make web)"
	@echo "  make web          the web front end: npm ci when needed, type-check, build web/dist"
	@echo "  make test-web     web component tests (Vitest), then the browser test against build/alley"
	@echo "  make lint-format  check clang-format on src/ tests/ bench/ fuzz/"
	@echo "  make format       reformat those files in place"
	@echo "  make lint-tidy    clang-tidy on src/ (warnings are errors)"
	@echo "  make fuzz         build the fuzz preset, run each target FUZZ_SECONDS=$(FUZZ_SECONDS) s"
	@echo "  make bench        release build, then every benchmark in build/bench/ and bench/*.sh"
	@echo "  make clean        remove the build folders and web/dist (keeps $(DB) and the caches)"
	@echo "Division data: $(ALLEY_DIVISIONS_DIR)"

# Sub-makes of `test` pass SETUP_DONE=1 so that it runs once.
setup:
	@[[ -n "$(SETUP_DONE)" ]] || scripts/setup.sh

build: setup
	$(call step,release build)
	cmake --preset release $(CMAKE_FLAGS)
	cmake --build --preset release
	@$(MAKE) web SETUP_DONE=1

# The web front end (web/, docs/web.md): npm ci when web/node_modules is missing
# or older than web/package-lock.json, then vue-tsc and vite build into web/dist.
web: setup
	$(call step,web front end)
	@if [[ ! -f web/node_modules/.package-lock.json || \
	  web/package-lock.json -nt web/node_modules/.package-lock.json ]]; then \
	  echo "web: npm ci"; cd web && npm ci --no-audit --no-fund --loglevel=error; fi
	cd web && npm run --silent build

# The database is kept: both steps are idempotent, so a second run refreshes it.
demo: build
	$(call step,import the national hierarchy into $(DB))
	build/alley --db $(DB) import divisions "$(ALLEY_DIVISIONS_DIR)"
	$(call step,build the demo community)
	build/alley --db $(DB) demo
	$(call step,demo logins)
	scripts/demo-accounts.sh build/alley $(DB)
	$(call step,serve the demo)
	@echo "Alley is running: open http://$(BIND):$(PORT)/ and log in as hailian, password hailian-demo"
	@echo "(the community staff of 海连社区; every resident is synthetic). Ctrl-C stops the server."
	build/alley --db $(DB) serve --bind $(BIND) --port $(PORT)

test: setup
	@ccache -z >/dev/null
	$(call step,release build)
	cmake --preset release $(CMAKE_FLAGS)
	cmake --build --preset release
	$(call step,release tests)
	ctest --preset release -j$(JOBS) --output-on-failure --no-tests=error
	$(call step,ASan+UBSan build)
	cmake --preset asan $(CMAKE_FLAGS)
	cmake --build --preset asan
	$(call step,ASan+UBSan tests (all but label slow))
	ctest --preset asan -j$(JOBS) -LE slow --output-on-failure --no-tests=error
	@$(MAKE) test-web SETUP_DONE=1
	@$(MAKE) lint SETUP_DONE=1
	@echo "ccache: $$(ccache -s | awk '/^ *Hits:/ { $$1 = ""; hits = $$0 } \
	  /^ *Misses:/ { $$1 = ""; misses = $$0 } END { print "hits" hits ", misses" misses }')"
	$(call step,make test passed)

# Needs build/alley (the release build): `make test` builds it first.
test-web: web
	$(call step,web component tests (Vitest))
	cd web && npm run --silent test
	$(call step,web end-to-end test (Chromium))
	node tests/web/e2e.mjs

lint: lint-format lint-tidy

lint-format:
	$(call step,clang-format check)
	@clang-format --dry-run --Werror $(FORMAT_FILES)
	@echo "lint-format: $(words $(FORMAT_FILES)) files formatted"

format:
	clang-format -i $(FORMAT_FILES)

lint-tidy: setup
	$(call step,clang-tidy)
	cmake --preset release $(CMAKE_FLAGS) >/dev/null
	scripts/tidy.py -j $(JOBS)

fuzz: setup
	$(call step,fuzz build)
	cmake --preset fuzz $(CMAKE_FLAGS)
	cmake --build --preset fuzz
	@targets=$$(find build-fuzz/fuzz -maxdepth 1 -type f -executable 2>/dev/null | sort); \
	[[ -n "$$targets" ]] || { echo "fuzz: no fuzz targets in build-fuzz/fuzz/"; exit 0; }; \
	for t in $$targets; do \
	  name=$$(basename $$t); corpus=build-fuzz/corpus/$$name; \
	  mkdir -p $$corpus build-fuzz/crashes; \
	  seeds=fuzz/corpus/$${name%_fuzz}; [[ -d $$seeds ]] || seeds=; \
	  echo "== $$(date +%T) fuzz $$name for $(FUZZ_SECONDS) s"; \
	  $$t -max_total_time=$(FUZZ_SECONDS) -artifact_prefix=build-fuzz/crashes/$$name- \
	    $$corpus $$seeds; \
	done

bench: build
	@found=; \
	for b in $$(find build/bench -maxdepth 1 -type f -executable 2>/dev/null | sort); do \
	  found=1; echo "== $$(date +%T) $$b"; $$b; \
	done; \
	for s in bench/*.sh; do \
	  [[ -e $$s ]] || continue; found=1; echo "== $$(date +%T) $$s"; $$s; \
	done; \
	[[ -n "$$found" ]] || echo "bench: no benchmarks yet"

clean:
	rm -rf build build-debug build-asan build-fuzz web/dist
