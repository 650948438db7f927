# Two commands for a newcomer: `make run` and `make test`. Both set up what is missing first.
.PHONY: setup run test lint bench chat clean

setup:
	@bash scripts/setup.sh

run: setup
	@.venv/bin/python -m devtools.runner

test:
	@bash scripts/setup.sh --with-mock
	@.venv/bin/ruff check .
	@.venv/bin/lint-imports --no-cache
	@.venv/bin/python -m pytest

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
