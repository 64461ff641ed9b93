# plinv — build, test and install. `make test` and `make demo` work on a fresh machine.
SWIFT ?= swift
PYTHON ?= python3
PREFIX ?= /usr/local
CONFIG ?= debug

.PHONY: all deps build test install clean demo examples soak bench bench-quick

all: build

## deps: install what a fresh machine lacks (apt and pip packages); quick when all is there
deps:
	@PYTHON=$(PYTHON) scripts/deps.sh

## build: compile plinv
build: deps
	$(SWIFT) build -c $(CONFIG)

## test: build and run every test (Swift and the peer's own Python tests)
test: deps
	$(PYTHON) -m pytest -q scripts/tests scripts/tests_shapes scripts/tests_reliability
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

## demo: the article's scenario on a local AWS peer, through two nightly runs; prints where the reports are
demo: deps
	$(SWIFT) build --product plinv
	PYTHON=$(PYTHON) scripts/demo.sh

## examples: run the demo and copy its reports into Reports/examples (what the README links to)
examples: deps
	$(SWIFT) build --product plinv
	PYTHON=$(PYTHON) PLINV_UPDATE_EXAMPLES=1 scripts/demo.sh

## soak: the long reliability runs (whole-binary faults and kills, bad inputs, long fuzzing)
soak: build
	$(PYTHON) scripts/tests_reliability/soak_collect.py --trials 30 --kills 20
	$(PYTHON) scripts/tests_reliability/bad_inputs.py
	PLINV_FUZZ_EXECUTIONS=200000 $(SWIFT) test --filter 'XMLFuzzTests|TemplateFuzzTests'
	scripts/fuzz/run_xml_fuzzer.sh 300000

## bench: plinv vs the boto3 script a user would write, on the same moto state (BENCHMARKS.md); about 50 min
bench: deps
	$(SWIFT) build -c release --product plinv
	$(PYTHON) scripts/bench/run.py --plinv "$$($(SWIFT) build -c release --show-bin-path)/plinv" $(BENCH_ARGS)

## bench-quick: the same scenarios at smaller sizes, one run each (about 3 min)
bench-quick: deps
	$(SWIFT) build -c release --product plinv
	$(PYTHON) scripts/bench/run.py --quick --plinv "$$($(SWIFT) build -c release --show-bin-path)/plinv"

## install: install the release binary into $(PREFIX)/bin
install: deps
	$(SWIFT) build -c release --product plinv
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 0755 "$$($(SWIFT) build -c release --show-bin-path)/plinv" $(DESTDIR)$(PREFIX)/bin/plinv

## clean: remove build products
clean:
	rm -rf .build
