# customs-ipr: every target creates and uses the virtual environment .venv itself.
SHELL := /bin/bash
export SAM_CLI_TELEMETRY := 0
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
OUT ?= out/demo
PYTEST_WORKERS ?= auto

.PHONY: help demo test lint format typecheck docs validate build check-build security bench soak fuzz \
        samples local-up clean venv tools

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-12s %s\n", $$1, $$2}'

$(BIN)/.installed: pyproject.toml
	@echo "==> creating $(VENV) and installing customs-ipr with its runtime, local (moto, matplotlib)"
	@echo "    and dev (pytest, ruff, mypy) dependencies from pyproject.toml: a few minutes, once"
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	set -o pipefail; $(BIN)/python -m pip install --progress-bar off -e ".[dev]" \
	  | awk '/^(Collecting|Successfully)/ { print "    " $$0; fflush() }'
	touch $@

$(BIN)/.tools: $(BIN)/.installed
	$(BIN)/python -m pip install --quiet -e ".[dev,deploy]"
	touch $@

venv: $(BIN)/.installed  ## create .venv with the package and test tools

tools: $(BIN)/.tools  ## add the SAM CLI, cfn-lint and checkov to .venv

demo: venv  ## run the whole pipeline locally on moto with sample documents
	$(BIN)/customs-ipr demo --out $(OUT)

local-up: venv  ## keep the local stack running for interactive use
	$(BIN)/customs-ipr local up

test: venv  ## run the tests (unit + workflow on moto)
	@echo "==> unit and workflow tests on moto ($(PYTEST_WORKERS) workers): a count per line as they pass"
	$(BIN)/pytest -n $(PYTEST_WORKERS) -q -o console_output_style=count

lint: venv  ## ruff lint and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: venv  ## apply ruff's fixes and formatting
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

typecheck: venv  ## mypy on both packages, the tests, the benchmarks and the scripts
	$(BIN)/mypy layers/customs_ipr/customs_ipr tools/customs_ipr_tools tests benchmarks scripts

docs: venv  ## redraw docs/architecture.md from the ASL and the imports (a test checks it is current)
	$(BIN)/python -m scripts.draw_architecture

validate: tools  ## sam validate --lint and cfn-lint on template.yaml
	$(BIN)/sam validate --lint --template template.yaml
	$(BIN)/cfn-lint template.yaml

build: tools  ## sam build (python3.11, no Docker)
	PATH="$(abspath $(BIN)):$$PATH" $(BIN)/sam build --template template.yaml
	$(MAKE) check-build

check-build: venv  ## prove the layer in .aws-sam/build carries the package and the templates
	$(BIN)/python scripts/check_build.py .aws-sam/build

security: tools  ## checkov on template.yaml (suppressions carry their reasons)
	$(BIN)/checkov --file template.yaml --framework cloudformation --quiet --compact --skip-download

bench: venv  ## benchmarks: figures with their anchors, written to docs/benchmarks.md
	$(BIN)/python benchmarks/run.py

SOAK_UPLOADS ?= 1000
soak: venv  ## SOAK_UPLOADS uploads under injected faults, all accounted for (docs/benchmarks.md)
	$(BIN)/python benchmarks/soak.py --uploads $(SOAK_UPLOADS)

fuzz: venv  ## long fuzzing run of the PDF parser (5,000 inputs)
	$(BIN)/python tests/fuzz/run_fuzz.py --count 5000

samples: venv  ## regenerate the sample PDFs in samples/
	$(BIN)/python tests/fixtures/make_samples.py

clean:  ## remove build output, caches and the demo folder (keeps .venv)
	rm -rf .aws-sam out .pytest_cache .mypy_cache .ruff_cache .hypothesis
