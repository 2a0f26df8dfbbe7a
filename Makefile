# The two commands of the README. Everything they need is installed into .venv from PyPI.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml plugins/*/pyproject.toml 2>/dev/null | cksum | cut -d' ' -f1)

.PHONY: demo test bench lint schema install

$(STAMP):
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@sh modules/printing/system-libraries.sh  # Pango for PDF forms: apt-get as root when missing, else a hint
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e ".[dev]" $(foreach p,$(wildcard plugins/*/pyproject.toml),-e $(dir $(p)))
	@rm -f $(VENV)/.installed-*; touch $(STAMP)

install: $(STAMP)

# The demo allows the plug-ins shipped in plugins/ (notifications, the sandbox payment gateway).
demo: $(STAMP)
	EGOV_PLUGINS=$${EGOV_PLUGINS-notify,paysandbox} $(BIN)/egov demo

test: $(STAMP)
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python -m benchmarks

lint: $(STAMP)
	$(BIN)/ruff check .

schema: $(STAMP)
	$(BIN)/egov graphql-schema
