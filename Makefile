# The few commands a newcomer needs. `make help` lists them.
VENV ?= .venv
PY := $(VENV)/bin/python
NASKAH := $(VENV)/bin/naskah
OUT ?= out

.PHONY: help install install-test test demo png bench lint clean

help:
	@echo "make install       install system tools and naskah in $(VENV)"
	@echo "make install-test  the same plus the test dependencies"
	@echo "make test          run the whole test suite"
	@echo "make demo          run the main job on the examples (out/demo)"
	@echo "make png           render the example PDFs to PNG pages (out/png) to look at"
	@echo "make bench         run the benchmarks in bench/"
	@echo "make lint          ruff check, ruff format --check and mypy (as .ci/run does)"

install:
	bash scripts/install.sh

install-test:
	bash scripts/install.sh --test

test:
	$(PY) -m pytest

demo:
	bash scripts/demo.sh

png:
	$(NASKAH) render examples/keputusan-bpmp-kaltim-2024.yaml examples/keputusan-bpmp-kalteng-2025.yaml \
		examples/sk-kerja-sama-contoh.yaml examples/surat-tugas-narasumber.yaml \
		examples/sertifikat-kegiatan.yaml \
		--format pdf --keluaran $(OUT)/pdf
	mkdir -p $(OUT)/png
	for f in $(OUT)/pdf/*.pdf; do pdftoppm -r 60 -png "$$f" "$(OUT)/png/$$(basename "$$f" .pdf)"; done
	@echo "PNG pages in $(OUT)/png"

bench:
	$(PY) bench/cli.py
	$(PY) bench/register.py
	$(PY) bench/render.py
	$(PY) bench/tte.py

lint:
	@[ -x $(VENV)/bin/ruff ] && [ -x $(VENV)/bin/mypy ] || $(PY) -m pip install -q -e '.[dev]'
	$(VENV)/bin/ruff check src tests bench
	$(VENV)/bin/ruff format --check src tests bench
	$(VENV)/bin/mypy

clean:
	rm -rf $(OUT) .pytest_cache
