# Two commands set everything up: `make book` and `make test`.
# Both create .venv from the pinned requirements when it is missing, and
# create it anew when the pins or pyproject.toml change.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
BASE   := $(VENV)/.installed-base
TESTS  := $(VENV)/.installed-test
# KaTeX, which typesets the site's math when the book is built
# (_ext/course_math.py), and axe-core, which the browser tests run on
# every page (package.json and its lock file pin them; npm ci installs
# exactly that). Node and npm are the only things outside Python.
NODE_DEPS := node_modules/.installed
# Everything the book build writes; removed before each build.
BUILD_OUTPUTS := _build/html _build/.doctrees _build/jupyter_execute \
                 _build/.jupyter_cache

.DEFAULT_GOAL := help
.PHONY: help book site pdf print-pdf test notebooks bench bench-pages clean venv

help:
	@echo "make book       build the static site into _build/html, from clean"
	@echo "                (executes every notebook; any warning fails it),"
	@echo "                with the course's PDF in it (make pdf)"
	@echo "make site       the same site from the outputs stored in the"
	@echo "                notebooks, without executing them (what the tests"
	@echo "                build, after nbval has run every notebook)"
	@echo "make pdf        the course as one PDF, printed from the site by"
	@echo "                Chromium: _build/pdf/backprop-course.pdf, also"
	@echo "                copied into the site, which links to it"
	@echo "make test       run the whole test suite: package tests, nbval on"
	@echo "                chapters/, and the book build"
	@echo "make notebooks  re-execute chapters/*.ipynb in place (then commit)"
	@echo "make bench      time backprop and training against their peers;"
	@echo "                prints tables and writes bench/results.json,"
	@echo "                bench/training.json, bench/conv.json (chapter 7)"
	@echo "                and bench/recurrent.json (chapter 8) (several"
	@echo "                minutes). With"
	@echo "                BENCH_PYTHON=/path/to/python that has torch, PyTorch"
	@echo "                is measured too"
	@echo "make bench-pages"
	@echo "                time every page of _build/html in a phone-sized"
	@echo "                browser, at full speed and 4x slower CPU, until"
	@echo "                its math is readable; prints a table and writes"
	@echo "                bench/pages.json (a few minutes)"
	@echo "make venv       only create or refresh .venv"
	@echo "make clean      remove _build"
	@echo "Set PYTHON=/path/to/python3.11 to choose the interpreter."

# The venv is rebuilt from nothing when the pins change, so a package
# removed from the pins is removed from the venv too.
$(BASE): requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "error: Python 3.11 or newer is needed; '$(PYTHON)' is" \
	    "$$($(PYTHON) --version 2>&1). Use make PYTHON=python3.11"; exit 1; }
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --requirement requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps --editable .
	touch $@

$(TESTS): $(BASE) requirements-test.txt
	$(BIN)/python -m pip install --quiet --requirement requirements-test.txt
	touch $@

venv: $(TESTS)

$(NODE_DEPS): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

book: $(TESTS) $(NODE_DEPS)
	rm -rf $(BUILD_OUTPUTS)
	$(BIN)/jupyter-book build . --all -W -n --keep-going
	$(MAKE) --no-print-directory print-pdf
	@echo "The site is built: open _build/html/index.html"

# The configuration of `site`: _config.yml with execution off
SITE_CONFIG := _build/config-stored-outputs.yml

site: $(BASE) $(NODE_DEPS)
	rm -rf $(BUILD_OUTPUTS)
	$(BIN)/python tools/site_config.py $(SITE_CONFIG)
	$(BIN)/jupyter-book build . --config $(SITE_CONFIG) --all -W -n \
	  --keep-going
	@echo "The site is built from the stored outputs: open" \
	  "_build/html/index.html"

# The PDF is printed from the site that was just built (tools/build_pdf.py
# with pdf/print.css and pdf/book.js), by the Chromium the browser tests
# drive; every page links to it, at the root of the site.
PDF := _build/pdf/backprop-course.pdf

pdf: site
	$(MAKE) --no-print-directory print-pdf

print-pdf: $(TESTS)
	$(BIN)/python tools/build_pdf.py _build/html $(PDF)
	cp $(PDF) _build/html/backprop-course.pdf

# The tests run on two processes (pytest-xdist); tests/conftest.py keeps
# the ones that share a browser, a kernel or a server on one of them.
# `make test WORKERS=0` runs them in one process, in file order.
WORKERS ?= 2

test: $(TESTS) $(NODE_DEPS)
	$(BIN)/python -m pytest --numprocesses=$(WORKERS)

notebooks: $(TESTS)
	$(BIN)/python tools/execute_notebooks.py chapters/*.ipynb

# The interpreter of the benchmark: the project's own by default; one
# that also has torch (never a dependency of the course) adds PyTorch.
BENCH_PYTHON ?= $(BIN)/python

bench: $(BASE)
	$(BENCH_PYTHON) bench/run.py --also-malloc-tuned

bench-pages: $(TESTS) $(NODE_DEPS)
	$(BIN)/python bench/pages.py --json bench/pages.json

clean:
	rm -rf _build
