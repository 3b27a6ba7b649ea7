PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: venv demo test lint clean

venv: $(STAMP)

# Reinstall only when the project's metadata changes, so re-running `make venv` is quick.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: venv
	rm -f demo.db demo.db-wal demo.db-shm
	DIGESTBOT_DATABASE_URL=sqlite:///demo.db $(BIN)/digestbot ingest seeds/
	DIGESTBOT_DATABASE_URL=sqlite:///demo.db $(BIN)/digestbot build --all
	DIGESTBOT_DATABASE_URL=sqlite:///demo.db $(BIN)/digestbot show --all

test: venv
	$(BIN)/python -m pytest -q $(PYTEST_ARGS)

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

clean:
	rm -rf $(VENV) demo.db demo.db-wal demo.db-shm
