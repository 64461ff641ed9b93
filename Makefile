# plinv — build, test and install. `make test` and `make demo` work on a fresh Debian or Ubuntu machine.
SWIFT ?= swift
# The project's virtual environment: the test peer's Python packages live there, never in the system Python.
VENV ?= .venv
PYTHON ?= $(CURDIR)/$(VENV)/bin/python
PREFIX ?= /usr/local
# Seconds the Swift tests may take (about 4 minutes on 2 cores); past it, scripts/test_watchdog.py names the tests
# still running, shows their processes and thread stacks, and stops the run.
TEST_TIME_LIMIT ?= 900
CONFIG ?= debug
# The release binary carries the Swift runtime: it needs only glibc, libcrypto, libsqlite3 and libzstd, and libcurl,
# which it loads when it first calls AWS.
RELEASE_FLAGS ?= -c release --static-swift-stdlib
# Tests and scripts start `python3` and `aws` by name: the venv's come first.
export PATH := $(CURDIR)/$(VENV)/bin:$(PATH)

.PHONY: all deps deps-build build lint format test install check-binary clean demo examples soak bench bench-quick bench-parts

all: build

## deps: install what building and testing need (apt packages; pip packages into $(VENV)); quick when all is there
deps:
	@VENV=$(VENV) scripts/deps.sh test

## deps-build: install only what building needs (the system libraries plinv links against)
deps-build:
	@scripts/deps.sh build

## build: compile plinv
build: deps-build
	$(SWIFT) build -c $(CONFIG)

## lint: check the Swift sources against .swift-format (swift-format ships with the toolchain); `make format` fixes
lint:
	$(SWIFT) format lint --strict --recursive Sources Tests Schema Package.swift

## format: rewrite the Swift sources in place as .swift-format says
format:
	$(SWIFT) format format --in-place --recursive Sources Tests Schema Package.swift

## test: lint, then build and run every test (Swift and the peer's own Python tests)
test: deps lint
	$(PYTHON) -m pytest -q scripts/tests scripts/tests_shapes scripts/tests_reliability
	$(PYTHON) scripts/gen_endpoints.py --check
	$(SWIFT) build --build-tests
	$(PYTHON) scripts/test_watchdog.py --limit $(TEST_TIME_LIMIT) --events .build/test-events.jsonl -- \
		$(SWIFT) test --skip-build --event-stream-output-path .build/test-events.jsonl --event-stream-version 0

## demo: the article's scenario on a local AWS peer, through two nightly runs; prints where the reports are
demo: deps
	$(SWIFT) build --product plinv
	PYTHON=$(PYTHON) scripts/demo.sh

## examples: run the demo and copy its reports into Reports/examples (what the README links to)
examples: deps
	$(SWIFT) build --product plinv
	PYTHON=$(PYTHON) PLINV_UPDATE_EXAMPLES=1 scripts/demo.sh

## soak: the long reliability runs (whole-binary faults and kills, bad inputs, long fuzzing)
soak: deps build
	$(PYTHON) scripts/tests_reliability/soak_collect.py --trials 30 --kills 20
	$(PYTHON) scripts/tests_reliability/bad_inputs.py
	PLINV_FUZZ_EXECUTIONS=200000 $(SWIFT) test --filter 'XMLFuzzTests|TemplateFuzzTests'
	scripts/fuzz/run_xml_fuzzer.sh 300000

## bench: plinv vs the boto3 script a user would write, on the same moto state, then issue 12's goals table
##        (BENCHMARKS.md; results in .build/bench/results.json); about 50 min, of which the clean debug builds
##        5–8 (BENCH_ARGS=--skip=build leaves them out, BENCH_ARGS=--only=store one group)
bench: deps
	$(SWIFT) build $(RELEASE_FLAGS) --product plinv
	$(PYTHON) scripts/bench/run.py --plinv "$$($(SWIFT) build $(RELEASE_FLAGS) --show-bin-path)/plinv" $(BENCH_ARGS)

## bench-quick: the same at smaller sizes, one run each, every goal row (rows below the goal's size not judged);
##              about 15 min, of which the clean debug builds 5–8 (BENCH_ARGS=--skip=build: about 8 min)
bench-quick: deps
	$(SWIFT) build $(RELEASE_FLAGS) --product plinv
	$(PYTHON) scripts/bench/run.py --quick --plinv "$$($(SWIFT) build $(RELEASE_FLAGS) --show-bin-path)/plinv" $(BENCH_ARGS)

## bench-parts: what each part of a collect costs, measured by taking it out (scripts/bench/counterfactuals.py:
##              a build of HEAD with counterfactuals.patch's switches, then alternating runs); about 8 min plus the
##              build (PARTS_ARGS=--rounds=N, default 5)
bench-parts: deps
	SWIFT="$(SWIFT)" $(PYTHON) scripts/bench/counterfactuals.py $(PARTS_ARGS)

## check-binary: build the release binary and prove with ldd that it needs no Swift runtime library
check-binary: deps-build
	$(SWIFT) build $(RELEASE_FLAGS) --product plinv
	scripts/check_binary.sh "$$($(SWIFT) build $(RELEASE_FLAGS) --show-bin-path)/plinv"

## install: install the release binary (Swift runtime linked in) into $(PREFIX)/bin; nothing for tests
install: check-binary
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 0755 "$$($(SWIFT) build $(RELEASE_FLAGS) --show-bin-path)/plinv" $(DESTDIR)$(PREFIX)/bin/plinv

## clean: remove build products
clean:
	rm -rf .build
