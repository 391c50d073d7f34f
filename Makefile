# Two commands on a fresh machine: `make lab` and `make test`. Both bootstrap .venv.
# `make app` serves the review notebook with Voilà: the panel alone, no code cells.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# JupyterLab refuses to run as root without --allow-root; CI and sandboxes run as root.
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)
LAB_NOTEBOOK ?= notebooks/02_review_framing.ipynb
APP_NOTEBOOK ?= $(LAB_NOTEBOOK)
APP_PORT ?= 8866

.PHONY: lab app test lint typecheck pytest bench eval clean

# Reinstall only when the project's dependencies change.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --disable-pip-version-check -q -e ".[dev]"
	$(BIN)/python -c "from annotate.readability import ensure_cmudict; ensure_cmudict()"
	touch $(STAMP)

lab: $(STAMP)
	$(BIN)/jupyter lab $(LAB_NOTEBOOK) --ServerApp.ip=127.0.0.1 --ServerApp.root_dir=$(CURDIR) $(ROOT_FLAG)

# Voilà runs as root without a flag; it listens on localhost only, like `make lab`.
app: $(STAMP)
	$(BIN)/voila $(APP_NOTEBOOK) --no-browser --port=$(APP_PORT) --Voila.ip=127.0.0.1

test: lint typecheck pytest

lint: $(STAMP)
	$(BIN)/ruff check annotate tests benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP)
	$(BIN)/pytest

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_scoring.py

# Detection accuracy on the shared development data (kept outside this repository).
eval: $(STAMP)
	$(BIN)/python ../shared/eval/evaluate.py ../shared/data/dev

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
