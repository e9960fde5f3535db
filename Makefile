# Two commands do all set-up: `make demo` and `make test` (see README.md).
PYTHON ?= python3
VENV ?= .venv
# A CPU build of torch for sentence-transformers; pin it so that nothing pulls a multi-GB CUDA build.
TORCH ?= torch==2.13.0
SEED ?= seeds/001_0715eb0a661bce2d.txt
# Debian packages the tests drive: a real CAT tool and a headless browser.
SYSTEM_PACKAGES ?= omegat chromium

PY := $(VENV)/bin/python
PIP := $(PY) -m pip

.PHONY: demo test system bench clean

demo: $(VENV)/.installed
	$(VENV)/bin/align run $(SEED) --out out/
	@echo "outputs are in out/"

test: $(VENV)/.dev system
	$(PY) -m pytest -q

bench: $(VENV)/.dev
	$(PY) benchmarks/textberg.py
	$(PY) benchmarks/albanian.py
	$(PY) benchmarks/scaling.py

# pip's output goes to a log, shown only when an install fails
$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	@echo "installing align into $(VENV) (log: $(VENV)/install.log)"
	@$(PIP) install --upgrade pip > $(VENV)/install.log 2>&1 || (cat $(VENV)/install.log; exit 1)
	@$(PIP) install -e . >> $(VENV)/install.log 2>&1 || (cat $(VENV)/install.log; exit 1)
	touch $@

$(VENV)/.dev: $(VENV)/.installed
	@echo "installing $(TORCH) and the test extras (log: $(VENV)/install.log)"
	@$(PIP) install "$(TORCH)" >> $(VENV)/install.log 2>&1 || (cat $(VENV)/install.log; exit 1)
	@$(PIP) install -e ".[dev]" >> $(VENV)/install.log 2>&1 || (cat $(VENV)/install.log; exit 1)
	touch $@

system:
	@missing=""; for p in $(SYSTEM_PACKAGES); do command -v $$p >/dev/null || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing Debian packages:$$missing"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q $$missing; \
	fi

clean:
	rm -rf $(VENV) out
