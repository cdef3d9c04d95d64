# The two commands of the README: `make run` (the main job) and `make test` (every test).
VENV ?= .venv
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1

.PHONY: run test setup lint

## Build the site, render the demo workshop's reports into it, serve it on http://127.0.0.1:8000
run: setup
	$(BIN)/dealcraft demo

## Every test: lint, types, the JavaScript tests, then pytest (unit, CLI, reports, browser)
test: setup lint
	node --test tests/js/
	$(BIN)/python -m pytest -n 2 -q -p no:cacheprovider

lint:
	$(BIN)/ruff check generator tests benchmarks
	$(BIN)/ruff format --check generator tests benchmarks
	$(BIN)/mypy

setup:
	@bash .ci/setup
