# plinv — build, test and install. `make test` and `make demo` work on a fresh machine.
SWIFT ?= swift
PYTHON ?= python3
PREFIX ?= /usr/local
CONFIG ?= debug

.PHONY: all deps build test install clean demo

all: build

## deps: install what a fresh machine lacks (apt and pip packages); quick when all is there
deps:
	@PYTHON=$(PYTHON) scripts/deps.sh

## build: compile plinv
build: deps
	$(SWIFT) build -c $(CONFIG)

## test: build and run every test (Swift and the peer's own Python tests)
test: deps
	$(PYTHON) -m pytest -q scripts/tests scripts/tests_shapes
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

## demo: the article's scenario on a local AWS peer, through two nightly runs; prints where the reports are
demo: deps
	$(SWIFT) build --product plinv
	PYTHON=$(PYTHON) scripts/demo.sh

## install: install the release binary into $(PREFIX)/bin
install: deps
	$(SWIFT) build -c release --product plinv
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 0755 "$$($(SWIFT) build -c release --show-bin-path)/plinv" $(DESTDIR)$(PREFIX)/bin/plinv

## clean: remove build products
clean:
	rm -rf .build
