# Quality portal: the two everyday commands are `make serve` and `make test`.
# Each creates .venv and installs the pinned dependencies when needed.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
HOST   ?= 127.0.0.1:8000
PYTEST_ARGS ?=
BENCH_SIZES ?= 100 1000
BENCH_RUNS  ?= 3

.PHONY: serve build strict check report test test-fast bench quality schema publish refresh clean help

help:
	@echo "make serve   - the demo portal at http://$(HOST) with live reload"
	@echo "make test    - the whole test suite"
	@echo "make test-fast - the tests that need no site build and no browser (under a minute)"
	@echo "make build   - build site/ (the old site stays until the new one is complete)"
	@echo "make strict  - build with warnings treated as errors"
	@echo "make check   - validate data and run every gate without building"
	@echo "make report  - also count what is late, due or not yet entered; any warning fails it (nightly)"
	@echo "make schema  - write the JSON Schemas in schemas/"
	@echo "make publish VERSION=2026.11 [PUSH=1] - check, build strictly and publish a release with mike"
	@echo "make refresh [PUSH=1] - build the newest release again from the same sources (nightly)"
	@echo "make bench   - benchmarks at 100 and 1,000 procedures; writes BENCHMARKS.md"
	@echo "               (BENCH_SIZES=\"100 1000 3000\" for the large run)"
	@echo "make quality - precision and recall of the readability flags on the judged corpus"
	@echo "               (tests/readability_corpus/); QUALITY_ARGS=--write updates the tables"

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[test]'
	touch $(STAMP)

# Material's end-of-life notice is left out (README.md says what it means for the portal, once),
# and a data error shows in the browser on every page until it is fixed (hooks/qms_serve.py).
serve: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs serve --dev-addr $(HOST) --livereload --watch data --watch qms --watch hooks

build: $(STAMP)
	$(BIN)/qms build

strict: $(STAMP)
	$(BIN)/qms build --strict

check: $(STAMP)
	$(BIN)/qms check

# The operational facts too (a KPI value not yet entered, an audit or action late, a review
# overdue, training due), and warnings count: the nightly report fails while work waits in the
# organisation. Nothing else runs it, so open work never holds back a build or a publish.
report: $(STAMP)
	$(BIN)/qms check --operational --strict

schema: $(STAMP)
	$(BIN)/qms schema

# Every gate, a strict build, then mike deploys the release to the pages branch as VERSION and
# moves `latest` to it. It pushes only with PUSH=1, so a publish into a local repository works.
publish: $(STAMP)
	@test -n "$(VERSION)" || { echo "usage: make publish VERSION=2026.11 [PUSH=1]" >&2; exit 2; }
	$(BIN)/qms publish "$(VERSION)" $(if $(filter 1 yes true,$(PUSH)),--push)

# The newest release built again under its own name, from the same sources: pages that show what
# is due or overdue as of the build's date (the dashboard, review flags) stay true without a new
# release. Refused when the sources changed since that release. The nightly CI job runs it.
refresh: $(STAMP)
	$(BIN)/qms publish --refresh $(if $(filter 1 yes true,$(PUSH)),--push)

test: $(STAMP)
	$(BIN)/python -m pytest -n auto $(PYTEST_ARGS)

# What needs no full build and no browser: tests/conftest.py marks (and checks) the tests that do.
test-fast: $(STAMP)
	$(BIN)/python -m pytest -n auto -m "not slow and not browser" $(PYTEST_ARGS)

bench: $(STAMP)
	$(BIN)/python scripts/bench.py --sizes $(BENCH_SIZES) --runs $(BENCH_RUNS)

# Fails when the warning-level flags miss their targets on the tuning or the held-out part.
quality: $(STAMP)
	$(BIN)/python scripts/quality.py $(QUALITY_ARGS)

clean:
	rm -rf site site.old .site-* .pytest_cache
