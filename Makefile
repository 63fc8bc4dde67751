# Two commands on a fresh machine: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
OUT    ?= out
export STERKTE_DB ?= $(OUT)/sterkte.duckdb
# Test workers (pytest-xdist): two per core. A test module stays on one worker, so its
# fixtures (stores, servers, a browser) are built once; many tests wait on a server, a
# browser or another process for part of their time, and a second worker per core uses
# those waits. `make test PYTEST_WORKERS=0` runs the suite in one process.
PYTEST_WORKERS ?= $(shell echo $$(( 2 * $$(nproc 2>/dev/null || echo 1) )))

.PHONY: run test lint typecheck pytest bench install clean browser axe screenshots postgres nginx wrk

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
## tables, the norms per unit, a synthetic town's crime-anticipation run (so the dashboard's
## /anticipation shows a map, labelled synthetic; the demo town's history is too short for a
## model to meet the success criteria, so the run is saved under a logged override), the
## monitors' synthetic aggregate inputs (background counts, survey waves, earmark bezetting:
## /diversity, /teams, /earmarks), and the report.
SYNTH := $(OUT)/synth
TOWN  := $(OUT)/town
AGG   := $(OUT)/aggregates
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
	$(BIN)/sterkte synth-aggregates --out $(AGG)
	$(BIN)/sterkte diversity import $(AGG)/diversity-background.csv --definition \
	    "synthetische groepen syn_a, syn_b en syn_c van sterkte synth-aggregates; niemands echte achtergrond"
	$(BIN)/sterkte teams import-survey $(AGG)/survey.csv
	$(BIN)/sterkte earmarks import bezetting $(AGG)/earmark-bezetting.csv
	$(BIN)/sterkte earmarks
	$(BIN)/sterkte teams --team syn-AM-D1-T01
	$(BIN)/sterkte anticipate demo --out $(TOWN) --start 2022-01-01 --days 400
	$(BIN)/sterkte anticipate forecast --events $(TOWN)/synthetic-events.csv \
	    --source-crs EPSG:28992 --at 2023-01-02 --days 14 \
	    --areas $(TOWN)/synthetic-areas.geojson --save \
	    --override-unfit "demo op de synthetische stad: toont de kaart, niet om mee te plannen"
	$(BIN)/sterkte capacity --team syn-AM-D1-T01 --team syn-RT-D3-T10 --team syn-NN-D1-T01 \
	    --weeks 4
	$(BIN)/sterkte roster team --team syn-AM-D1-T01 --seconds 20 \
	    --out $(OUT)/roster-syn-AM-D1-T01.xlsx
	$(BIN)/sterkte report --period 2021 --out $(OUT)
	@echo "Dashboard: $(BIN)/sterkte serve --db $(STERKTE_DB)   → http://127.0.0.1:8000/ (API-documentatie: /docs)"

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

# docs/deploy.md's reverse proxy is tried by tests/web/test_deploy_proxy.py with Debian's
# nginx, started by the test itself in the foreground (no service is needed or started).
nginx:
	@command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || { \
	  echo "installing nginx (Debian package) for the reverse-proxy test"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive \
	    apt-get install -y -qq nginx >/dev/null; }

# benchmarks/web.py loads the dashboard with Debian's wrk (a load generator in C, on one
# core); without it the benchmark falls back to a Python generator and says so.
wrk:
	@command -v wrk >/dev/null 2>&1 || { \
	  echo "installing wrk (Debian package) for benchmarks/web.py"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive \
	    apt-get install -y -qq wrk >/dev/null; }

# axe-core (the accessibility check in the browser tests) from the npm registry, pinned in
# tests/web/axe/package-lock.json; the dashboard never loads it.
AXE := tests/web/axe/node_modules/axe-core/axe.min.js
axe: $(AXE)
$(AXE): tests/web/axe/package.json tests/web/axe/package-lock.json
	@command -v npm >/dev/null 2>&1 || { \
	  echo "installing npm (Debian package) for axe-core"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq npm >/dev/null; }
	cd tests/web/axe && npm ci --no-audit --no-fund --silent
	@touch $(AXE)

pytest: install browser postgres nginx axe
	$(BIN)/pytest -q -n $(PYTEST_WORKERS) --dist loadfile --durations=25

## Re-take the dashboard's reference screenshots (tests/web/screenshots/) after a change
## meant to alter how pages look; look at every changed image before committing it.
screenshots: install browser axe
	STERKTE_UPDATE_SCREENSHOTS=1 $(BIN)/pytest -q tests/web/test_visual.py

test: lint typecheck pytest

bench: install postgres wrk
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	@for b in $(wildcard benchmarks/*.py); do echo "== $$b"; $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) $(OUT) test-artifacts .pytest_cache .mypy_cache .ruff_cache \
	    tests/web/axe/node_modules
