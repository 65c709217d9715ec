# Two commands on a fresh machine:  make build   and   make test
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Debian packages: the print edition's fonts for the build; browser, jing, PDF tools and Java (for
# the Nu HTML checker) for the tests.
APT_BUILD := fonts-ebgaramond fonts-dejavu-core
APT_TEST := $(APT_BUILD) chromium jing poppler-utils openjdk-17-jre-headless
# axe-core (accessibility checks injected into chromium by the tests), from npm into the venv.
AXE_VERSION := 4.10.3
AXE := $(VENV)/node/node_modules/axe-core/axe.min.js
PIP := $(BIN)/pip install -q -c constraints.txt

.PHONY: build test venv test-deps system-deps build-deps test-system-deps constraints lint bench bench-latex clean

$(BIN)/edition: pyproject.toml constraints.txt
	$(PY) -m venv $(VENV)
	$(PIP) -e .
	touch $@

venv: $(BIN)/edition

# Build everything: convert, validate, web edition (build/html) and print edition (build/print).
build: build-deps venv
	$(BIN)/edition build

# Debian packages installed with apt-get when missing (the build needs the fonts only).
build-deps:
	@$(MAKE) -s system-deps APT_PACKAGES="$(APT_BUILD)"

test-system-deps:
	@$(MAKE) -s system-deps APT_PACKAGES="$(APT_TEST)"

system-deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q $$missing; \
	fi

$(VENV)/.test-deps: pyproject.toml constraints.txt $(BIN)/edition
	$(PIP) -e '.[test]'
	touch $@

$(AXE):
	@command -v npm >/dev/null || $(MAKE) -s system-deps APT_PACKAGES="nodejs npm"
	npm install --no-save --no-audit --no-fund --prefix $(VENV)/node axe-core@$(AXE_VERSION)

test-deps: test-system-deps $(VENV)/.test-deps $(AXE)

test: test-deps
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy  # src/edition ([tool.mypy] in pyproject.toml); tests/test_layers.py runs it too
	$(BIN)/pytest -q

bench: venv
	$(BIN)/python bench/run.py

# The print edition's typesetting beside LuaLaTeX + microtype on one work (bench/typeset.py figures).
# TeX Live from Debian is installed here only, never for `make build`.
APT_LATEX := texlive-luatex texlive-latex-recommended fonts-ebgaramond poppler-utils
bench-latex: venv
	@$(MAKE) -s system-deps APT_PACKAGES="$(APT_LATEX)"
	$(BIN)/python bench/latex_compare.py

# Re-pin every installed package after a change to pyproject.toml's dependencies.
constraints: $(VENV)/.test-deps
	{ sed -n '1,/^#   make constraints/p' constraints.txt; $(BIN)/pip freeze --exclude-editable; } > constraints.tmp
	mv constraints.tmp constraints.txt

clean:
	rm -rf build
