# parscore task runner. Every target builds its own virtual environment from nothing.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test check bench fuzz update-golden clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

# The web app with the demo province (synthetic data); prints its URL and the demo accounts.
# Data lives in out/demo-data/ (kept between runs). PORT=8000 by default.
PORT ?= 8000
demo: $(STAMP)
	$(BIN)/parscore serve --demo --data out/demo-data --port $(PORT)

# Everything: unit tests and the web tests (browser tests included) on SQLite, then the web
# tests again on a throwaway PostgreSQL cluster (skipped, with a message, without PostgreSQL).
test: $(STAMP)
	$(BIN)/python -m pytest
	PARSCORE_TEST_DB=postgresql $(BIN)/python -m pytest tests/web

# Many more mutated inputs than `make test` runs (PARSCORE_FUZZ_EXAMPLES per fuzz test, random seed).
fuzz: $(STAMP)
	PARSCORE_FUZZ_EXAMPLES=$${PARSCORE_FUZZ_EXAMPLES:-2000} $(BIN)/python -m pytest tests -k fuzz -q

check: $(STAMP)
	$(BIN)/ruff check parscore tests bench
	$(BIN)/ruff format --check parscore tests bench
	$(BIN)/mypy parscore

bench: $(STAMP)
	$(BIN)/python bench/run_all.py

update-golden: $(STAMP)
	PARSCORE_UPDATE_GOLDEN=1 $(BIN)/python -m pytest tests -k golden

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache
