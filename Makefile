# Two commands for a newcomer: `make run` and `make test`. Both set up what is missing first.
.PHONY: setup run test lint bench chat clean

setup:
	@bash scripts/setup.sh

run: setup
	@.venv/bin/python -m devtools.runner

# The suite runs on SQLite, then again on PostgreSQL (TEST_DATABASE_URL; this machine kind and CI
# run one on 127.0.0.1:5432). Without a reachable server the second run is skipped, and says so.
TEST_DATABASE_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test

test:
	@bash scripts/setup.sh --with-mock
	@.venv/bin/ruff check .
	@.venv/bin/lint-imports --no-cache
	@TEST_DATABASE_URL= .venv/bin/python -m pytest
	@if .venv/bin/python -m devtools.databases "$(TEST_DATABASE_URL)"; then \
		echo "== the suite again on PostgreSQL ($(TEST_DATABASE_URL))"; \
		TEST_DATABASE_URL="$(TEST_DATABASE_URL)" .venv/bin/python -m pytest; \
	fi

lint:
	@.venv/bin/ruff check .
	@.venv/bin/lint-imports --no-cache

bench:
	@bash scripts/setup.sh --with-mock
	@.venv/bin/python -m bench.run

chat:
	@.venv/bin/python -m devtools.chat --phone $${PHONE:-081234567890}

clean:
	rm -rf .venv .venv-rasa node_modules models instance .pytest_cache
