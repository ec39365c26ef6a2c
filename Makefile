# Everything a fresh machine with Python >= 3.11, git and make needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint format bench screenshots package clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python >= 3.11 is needed")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

run: $(STAMP)
	$(BIN)/readinglist-gui

test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/mypy --strict readinglist_gui/core

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: $(STAMP)
	$(BIN)/python -m bench
	$(BIN)/python -m bench.imports
	$(BIN)/python -m bench.snapshot_import --records 100000
	$(BIN)/python -m bench.fulltext
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m bench.reader
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m bench.gui
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m bench.statistics

# The README's window screenshots, in a real X server (needs xvfb-run; see docs/screenshots.py).
screenshots: $(STAMP)
	xvfb-run -a -s "-screen 0 1600x1000x24" $(BIN)/python docs/screenshots.py
	QT_QPA_PLATFORM=offscreen $(BIN)/python docs/statistics_screenshot.py
	QT_QPA_PLATFORM=offscreen $(BIN)/python docs/fulltext_screenshot.py

package: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[package]'
	PYTHON=$(BIN)/python bash packaging/build.sh

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache
