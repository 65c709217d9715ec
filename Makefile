# Two commands on a fresh machine:  make build   and   make test
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
APT_PACKAGES := chromium jing poppler-utils fonts-ebgaramond fonts-dejavu-core

.PHONY: build test venv test-deps system-deps lint bench clean

$(BIN)/edition: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e .
	touch $@

venv: $(BIN)/edition

# Build everything: convert, validate, web edition (build/html) and print edition (build/print).
build: venv
	$(BIN)/edition build

# Debian packages the tests need (browser, jing, PDF tools, fonts), installed when missing.
system-deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q $$missing; \
	fi

$(VENV)/.test-deps: pyproject.toml $(BIN)/edition
	$(BIN)/pip install -q -e '.[test]'
	touch $@

test-deps: system-deps $(VENV)/.test-deps

test: test-deps
	$(BIN)/ruff check src tests bench
	$(BIN)/pytest -q

bench: venv
	$(BIN)/python bench/run.py

clean:
	rm -rf build
