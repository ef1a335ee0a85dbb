PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench bench-full bench-formats clean

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/briefing --corpus corpus

test: $(STAMP)
	$(BIN)/ruff check briefing tests bench
	$(BIN)/mypy
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check briefing tests bench
	$(BIN)/ruff format --check briefing tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports

bench: $(STAMP)
	$(BIN)/python -m bench.run --sizes 2000

bench-full: $(STAMP)
	$(BIN)/python -m bench.run --sizes 20000 100000

bench-formats: $(STAMP)
	$(BIN)/python -m bench.formats --count 200

clean:
	rm -rf $(VENV) .briefing-cache
