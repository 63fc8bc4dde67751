# Two commands on a fresh machine: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
OUT    ?= out
export STERKTE_DB ?= $(OUT)/sterkte.duckdb

.PHONY: run test lint typecheck pytest bench install clean browser postgres

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall only when the package metadata changes.
$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

## The main job on the bundled data, with the embedded store (a fresh DuckDB file under out/):
## the published 2021 tables, a synthetic national police (seed 1) derived into the same
## tables, the norms per unit, and the report.
SYNTH := $(OUT)/synth
run: install
	@mkdir -p $(OUT)
	@rm -f $(STERKTE_DB) $(STERKTE_DB).wal
	$(BIN)/sterkte import
	$(BIN)/sterkte table os --year 2021
	$(BIN)/sterkte table asp --year 2021
	$(BIN)/sterkte synth --seed 1 --out $(SYNTH)
	$(BIN)/sterkte hr import $(SYNTH)/persons.csv $(SYNTH)/events.csv \
	    $(SYNTH)/sickness.csv $(SYNTH)/volunteer_hours.csv
	$(BIN)/sterkte table os --year 2021 --from-hr
	$(BIN)/sterkte table asp --year 2021 --from-hr
	$(BIN)/sterkte norms
	$(BIN)/sterkte capacity --team syn-AM-D1-T01 --team syn-RT-D3-T10 --team syn-NN-D1-T01 \
	    --weeks 4
	$(BIN)/sterkte roster team --team syn-AM-D1-T01 --seconds 60 \
	    --out $(OUT)/roster-syn-AM-D1-T01.xlsx
	$(BIN)/sterkte report --period 2021 --out $(OUT)
	@echo "Dashboard: $(BIN)/sterkte serve --db $(STERKTE_DB)   → http://127.0.0.1:8000/ (API docs: /docs)"

lint: install
	$(BIN)/ruff check src tests $(wildcard benchmarks)

typecheck: install
	$(BIN)/mypy --strict src

# Browser tests use Debian's chromium (Playwright's own browser download is not used).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "installing chromium (Debian package) for the browser tests"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium >/dev/null; }

# The PostgreSQL store's tests start a throwaway server of Debian's postgresql package
# themselves (initdb in a temporary folder, a free port on 127.0.0.1); only the
# server programs are needed, not a running service.
postgres:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1 || { \
	  echo "installing postgresql (Debian package) for the PostgreSQL store tests"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive \
	    apt-get install -y -qq postgresql >/dev/null; }

pytest: install browser postgres
	$(BIN)/pytest -q

test: lint typecheck pytest

bench: install postgres
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	@for b in $(wildcard benchmarks/*.py); do echo "== $$b"; $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) $(OUT) test-artifacts .pytest_cache .mypy_cache .ruff_cache
