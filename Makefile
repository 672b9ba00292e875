# ENoK Learn. `make run` sets up and serves the demo; `make test` sets up and runs every check.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
CHROMIUM := /usr/bin/chromium
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: run test install install-dev chromium lint messages bench clean

$(PY):
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is needed ($(PYTHON) not found). Set PYTHON=/path/to/python3.11."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VENV)/.installed-run: requirements.txt | $(PY)
	$(PIP) install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(PY)
	$(PIP) install --quiet -r requirements-dev.txt
	touch $(VENV)/.installed-run $@

install: $(VENV)/.installed-run
install-dev: $(VENV)/.installed-dev

run: install
	$(PY) manage.py migrate --no-input
	$(PY) manage.py load_initial_data
	$(PY) manage.py runserver 127.0.0.1:8000

# Debian's Chromium for the browser tests, and a Korean font so screenshots show Hangul.
chromium:
	@if [ ! -x $(CHROMIUM) ] || ! fc-list :lang=ko 2>/dev/null | grep -q .; then \
		if [ "$$(id -u)" = "0" ]; then \
			echo "Installing Debian's Chromium and Korean fonts for the browser tests..."; \
			apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium fonts-noto-cjk; \
		elif [ ! -x $(CHROMIUM) ]; then \
			echo "The browser tests need Chromium at $(CHROMIUM). Install it with: sudo apt-get install chromium fonts-noto-cjk"; \
			exit 1; \
		fi; \
	fi

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py check
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py makemigrations --check --dry-run

# Two workers: this machine has two cores. PYTEST_WORKERS=0 runs everything in one process.
PYTEST_WORKERS ?= 2
test: install-dev chromium lint
	$(VENV)/bin/pytest -n $(PYTEST_WORKERS)

# Rebuild the Korean catalogue after changing interface strings, then translate the new entries.
messages: install-dev
	$(PY) manage.py makemessages --locale ko --ignore '.venv/*' --ignore 'static_collected/*' --no-obsolete
	$(PY) manage.py compilemessages --locale ko --ignore '.venv/*'

# Speed under load (not part of make test): gunicorn with production settings on SQLite, on PostgreSQL
# and as two servers sharing PostgreSQL and Redis, loaded with wrk (installed when run as root);
# writes benchmarks/results/latest.md. About 20 minutes. BENCH_ARGS="--rounds 1" for a shorter run.
bench: install
	$(PY) benchmarks/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
