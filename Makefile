# formservice: `make run` serves the app with demo data; `make test` runs the whole suite.
# Both install what they need first: Debian packages (as root), the Python virtual environment,
# the LibreOffice converter environment and the front-end packages.

VENV       := .venv
BIN        := $(VENV)/bin
PYTHON3    ?= python3
STAMP      := $(VENV)/.installed-stamp
HOST       ?= 127.0.0.1
PORT       ?= 5000
PYTEST_ARGS ?=

.PHONY: run test install lint format bench clean

$(STAMP): pyproject.toml package.json package-lock.json scripts/install-system-deps.sh scripts/setup-uno.sh
	scripts/install-system-deps.sh
	test -x $(BIN)/python || $(PYTHON3) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	scripts/setup-uno.sh
	npm ci --no-audit --no-fund --silent
	touch $(STAMP)

install: $(STAMP)

OIDC_PORT  ?= 5001

run: install
	$(BIN)/formservice init --demo
	FORMSERVICE_DEMO_MODE=true $(BIN)/python scripts/oidc-test-provider/run.py \
	  --app-url http://$(HOST):$(PORT) --port $(OIDC_PORT) -- \
	  $(BIN)/formservice serve --host $(HOST) --port $(PORT)

test: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/formservice check
	node --test tests/js/*.test.mjs
	$(BIN)/python -m pytest -n 2 --dist loadgroup $(PYTEST_ARGS)

lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format:
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: install
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) node_modules .pytest_cache .ruff_cache
