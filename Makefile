# Two commands for a new machine: `make run` (the window) and `make test` (tests + type check).
# Every target that needs Python first runs scripts/bootstrap.sh, which installs what is
# missing (Debian packages, .venv) and returns at once when everything is in place.

SHELL := bash
.DEFAULT_GOAL := help

VENV ?= .venv
PY := $(VENV)/bin/python
PYTEST_ARGS ?=
BENCH_ARGS ?=

.PHONY: help bootstrap run test pytest typecheck bench installer dist test-dist constraints clean distclean screenshots

help:
	@echo "make run          start the window program (セキュリティ・プラス 契約管理)"
	@echo "make test         run the tests (Qt offscreen) and mypy; fails if either fails"
	@echo "make bench        run the benchmarks in bench/, results in bench/results.json"
	@echo "make screenshots  save each screen at 1366x768 to docs/screenshots/*.png"
	@echo "make dist         build the program folder (PyInstaller) + .tar.gz and .sha256 in dist/"
	@echo "make test-dist    build into a temporary folder and run the built program's --self-test"
	@echo "make constraints  rewrite constraints.txt from what .venv holds now"
	@echo "make clean        remove caches and build output (keeps .venv)"
	@echo "make distclean    clean, and remove .venv too"

bootstrap:
	@bash scripts/bootstrap.sh

run: bootstrap
	$(PY) -m ui.app

# pytest and mypy both run; the target fails if either failed (pytest's exit 5, "no tests
# collected", is a failure too).
test: bootstrap
	@status=0; \
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest $(PYTEST_ARGS) || status=$$?; \
	$(PY) -m mypy || { rc=$$?; [ $$status -ne 0 ] || status=$$rc; }; \
	if [ $$status -ne 0 ]; then echo "make test: FAILED (exit $$status)" >&2; fi; \
	exit $$status

pytest: bootstrap
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest $(PYTEST_ARGS)

typecheck: bootstrap
	$(PY) -m mypy

bench: bootstrap
	$(PY) bench/run_all.py $(BENCH_ARGS)

screenshots: bootstrap
	QT_QPA_PLATFORM=offscreen $(PY) scripts/screenshots.py
	QT_QPA_PLATFORM=offscreen $(PY) scripts/screenshots_forms.py

# The program people install: dist/secplus-desk/ (one folder), its .tar.gz and .sha256.
dist: bootstrap
	$(PY) build_installer.py --archive

installer: dist

test-dist: bootstrap
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -p no:cacheprovider tests/test_dist.py $(PYTEST_ARGS)

constraints:
	$(PY) -m pip freeze --exclude-editable | grep -v '^secplus-desk==' > constraints.txt

clean:
	rm -rf build dist .pytest_cache .mypy_cache .hypothesis *.egg-info
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV)
