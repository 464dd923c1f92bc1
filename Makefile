# Mitsprache. `make run` serves the demo, `make test` runs the whole suite.
# Both set everything up from nothing: a virtual environment in .venv, the packages,
# the compiled translations and (for run) the SQLite database in instance/.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 5000
FLASK  := $(BIN)/flask --app wsgi

.PHONY: help run test setup translations catalogs lint bench clean axe
.DEFAULT_GOAL := help

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-13s %s\n", $$1, $$2}'

$(BIN)/.installed: pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@

setup: $(BIN)/.installed translations ## create .venv, install, compile translations

translations: $(BIN)/.installed ## compile the gettext catalogs (.po -> .mo)
	@$(BIN)/pybabel compile -d translations 2>&1 | grep -v "^compiling" || true

catalogs: $(BIN)/.installed ## extract the app's texts and update every catalog
	$(BIN)/pybabel extract -F babel.cfg -k _ -k gettext -k ngettext:1,2 -k lazy_gettext -k _l \
		--no-location --omit-header --sort-output -o translations/messages.pot .
	$(BIN)/pybabel update -i translations/messages.pot -d translations --width 100 --ignore-obsolete --no-fuzzy-matching

run: setup ## serve the demo survey on http://127.0.0.1:$(PORT) (SQLite in instance/)
	$(FLASK) migrate
	@echo "Family links of the demo survey:"
	@$(FLASK) demo --base-url http://127.0.0.1:$(PORT)
	$(BIN)/gunicorn -c gunicorn.conf.py --bind 127.0.0.1:$(PORT) wsgi:app

AXE := tests/browser/node_modules/axe-core/axe.min.js

$(AXE): tests/browser/package.json tests/browser/package-lock.json
	npm ci --prefix tests/browser --no-audit --no-fund --silent
	@touch $@

axe: ## install axe-core for the accessibility tests (needs npm)
	@if command -v npm >/dev/null 2>&1; then $(MAKE) --no-print-directory $(AXE); \
	else echo "npm not found: the accessibility tests will be skipped (CI fails instead)"; fi

test: setup axe ## run the whole suite (PostgreSQL too when TEST_DATABASE_URL is set)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(BIN)/.installed ## ruff (rules and format) and mypy
	$(BIN)/ruff check survey questionnaires analysis tests bench
	$(BIN)/ruff format --check survey questionnaires analysis tests bench
	$(BIN)/mypy survey questionnaires analysis

bench: setup ## run every benchmark and print its figures
	@for script in bench/*.py; do case $$script in *_app.py|*/common.py) continue;; esac; \
		echo "== $$script"; $(BIN)/python $$script || exit 1; done

clean: ## remove the virtual environment, the database and compiled files
	rm -rf $(VENV) instance test-artifacts translations/*/LC_MESSAGES/*.mo tests/browser/node_modules
