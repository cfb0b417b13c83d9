# One entry point for people and CI. `make site` builds site/ from sources/; `make test` runs every test.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: site test lint extract serve bench clean browser golden accuracy

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

site: $(STAMP)
	$(BIN)/reportsite build

extract: $(STAMP)
	$(BIN)/reportsite extract

serve: $(STAMP)
	$(BIN)/reportsite serve

# Debian's Chromium is what the browser tests drive; install it when it is missing (CI runs as root).
browser:
	@command -v chromium >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy

test: $(STAMP) browser lint
	$(BIN)/pytest -q -n 2

# Rewrite the golden files on purpose after a deliberate change of output, then review the diff.
golden: $(STAMP)
	$(BIN)/pytest -q --update-golden tests

# Precision and recall of extraction against the gold annotations of the real reports in tests/.
accuracy: $(STAMP)
	$(BIN)/reportsite accuracy --gold tests/gold --docs tests/real-reports

bench: $(STAMP)
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) .build site
