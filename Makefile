# Two commands on a fresh machine: `make lab` and `make test`. Both bootstrap .venv.
# `make app` serves the review panel with Voilà to a team: each visitor signs in with a name.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
LAB_NOTEBOOK ?= notebooks/02_review_framing.ipynb
# make app: the review app for a team. APP_IP=0.0.0.0 serves the network, and then a token is required
# (ANNOTATE_APP_TOKEN, or a generated one that is printed); CORPUS is what the team reviews.
APP_IP ?= 127.0.0.1
APP_PORT ?= 8866
CORPUS ?= seeds

.PHONY: lab app test lint typecheck pytest bench eval clean

# Reinstall only when the project's dependencies change.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --disable-pip-version-check -q -e ".[dev]"
	$(BIN)/python -c "from annotate.scoring.readability import ensure_cmudict; ensure_cmudict()"
	# Build the scoring tables into the user cache now (about 4 s), not in the first kernel that scores.
	$(BIN)/python -c "from annotate.scoring.batch import warm_up; warm_up()"
	touch $(STAMP)

# JupyterLab on 127.0.0.1 with a token, on a copy of the notebook in work/ (git ignores it).
lab: $(STAMP)
	$(BIN)/annotate lab $(LAB_NOTEBOOK)

# Voilà: each visitor signs in with a name and a codebook; no notebook, no code, nothing fetched from outside.
app: $(STAMP)
	$(BIN)/annotate app --corpus $(CORPUS) --ip $(APP_IP) --port $(APP_PORT)

test: lint typecheck pytest

# ruff, then the import contracts of pyproject.toml (the layer order; only widgets imports ipywidgets).
lint: $(STAMP)
	$(BIN)/ruff check annotate tests benchmarks
	$(BIN)/lint-imports --no-cache

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP)
	$(BIN)/pytest

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_scoring.py

# Detection accuracy on the shared development data (kept outside this repository): the evaluator's full
# report, then its table on each half of dev (tune on A, check on B) and on the whole.
eval: $(STAMP)
	$(BIN)/python ../shared/eval/evaluate.py ../shared/data/dev
	$(BIN)/python -m benchmarks.dev_halves ../shared/data/dev

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
