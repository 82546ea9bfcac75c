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

demo: $(STAMP)
	$(BIN)/parscore validate rules/*.yaml
	$(BIN)/parscore score evidence/dan-tien-2025.yaml
	@mkdir -p out
	$(BIN)/parscore report evidence/dan-tien-2025.yaml -o out/dan-tien-2025.html --plan --force

test: $(STAMP)
	$(BIN)/python -m pytest

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
