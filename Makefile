PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

# What Babel looks for: gettext, ngettext and N_ (bot/i18n.py), with the TRANSLATORS: notes.
BABEL_EXTRACT := -k N_ -c TRANSLATORS: --sort-by-file --add-location=file --no-wrap --project=digestbot

.PHONY: venv demo test lint catalogs clean

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

# The suite runs in TEST_WORKERS processes (pytest-xdist), a test module to a worker, so a
# module's shared fixtures (the real-world corpus, the heavy days) are built once.
TEST_WORKERS ?= 2
test: venv
	$(BIN)/python -m pytest -q -n $(TEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

# Refresh the interface's catalogs after changing a text: extract every marked string (see
# pyproject's tool.babel), merge it into each language's .po (new ones untranslated, changed
# ones fuzzy: tests/bot/test_catalogs.py fails until they are translated), compile the .mo.
LOCALES := bot/locales
catalogs: venv
	$(BIN)/pybabel extract -F pyproject.toml $(BABEL_EXTRACT) -o $(LOCALES)/digestbot.pot .
	$(BIN)/pybabel update -i $(LOCALES)/digestbot.pot -d $(LOCALES) -D digestbot --ignore-obsolete --no-wrap
	$(BIN)/pybabel compile -d $(LOCALES) -D digestbot --statistics

clean:
	rm -rf $(VENV) demo.db demo.db-wal demo.db-shm
