# Two commands a newcomer needs: `make run` and `make test`. Both are idempotent.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: dist run test lint format install install-dev messages migrate demo check-migrations e2e bench clean search-node search-node-build

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Reinstall only when the requirement files change.
$(VENV)/.installed: requirements.txt $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt $(VENV)/.installed
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

messages: install
	$(MANAGE) compile_translations

migrate: install messages
	$(MANAGE) migrate --noinput

demo: migrate
	$(MANAGE) load_demo
	$(MANAGE) ensure_admin

run: demo
	@echo "Cổng thông tin đang chạy tại http://$(HOST):$(PORT)/  (quản trị: http://$(HOST):$(PORT)/admin/)"
	$(MANAGE) runserver $(HOST):$(PORT)

# The suite in parallel: pytest-xdist, a worker per CPU, each with a database of its
# own and taking whole files, the browser flows last (tests/conftest.py's scheduler).
test: install-dev messages
	$(PY) -m pytest -n auto --dist loadfile

# The browser flows alone (Debian's chromium: apt-get install chromium).
e2e: install-dev messages
	$(PY) -m pytest -m e2e tests/e2e

# The three distributions (wheel and sdist each) in dist/: portal-kit,
# portal-kit-cms-blocks and portal-kit-search (docs/releases.md). Dated by the last
# commit, so that two builds of one commit are byte-identical; pip's build isolation
# fetches the backend named in the pyproject files.
dist: $(VENV)/bin/python
	$(PY) -m pip install --quiet build==1.6.1
	SOURCE_DATE_EPOCH=$$(git log -1 --format=%ct) $(PY) scripts/build_dists.py --outdir dist

# Requests/s and p95 under gunicorn on PostgreSQL, with and without the page cache.
bench: install
	$(PY) benchmarks/load.py

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install-dev
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

check-migrations: install messages
	DJANGO_SETTINGS_MODULE=portal.settings.test $(MANAGE) makemigrations --check --dry-run

# New `wagtail start` sites in fresh virtual environments, set up as docs/install.md
# says, one per path: the whole portal (a legal document, cms_blocks blocks, search
# without diacritics, the Vietnamese admin), the blocks alone and the search alone;
# each must pass `check --deploy`. Installs the wheels of dist/ (`make dist`) when
# there are any, else puts this tree on the sites' PYTHONPATH. Needs the network for
# pip (once: the paths share one download).
.PHONY: install-check
install-check: messages
	$(PYTHON) scripts/install_check.py $(if $(wildcard dist/*.whl),--wheels dist/,--source .)

# A real OpenSearch 2.19 node in this JVM, from Maven Central jars (search-node/README.md).
# Needs Java 17 and Maven; rebuilt only when its pom or Java source changes.
JAVA ?= java
MVN ?= mvn
SEARCH_NODE_HEAP ?= 1g
SEARCH_NODE_PORT ?= 9200
SEARCH_NODE_DATA ?= var/search-node
SEARCH_NODE_STAMP := search-node/target/.built

$(SEARCH_NODE_STAMP): search-node/pom.xml $(shell find search-node/src -name '*.java' 2>/dev/null)
	$(MVN) -q -f search-node/pom.xml package
	touch $@

search-node-build: $(SEARCH_NODE_STAMP)

# In the foreground on 127.0.0.1:$(SEARCH_NODE_PORT); Ctrl-C (or SIGTERM) closes it cleanly.
search-node: search-node-build
	SEARCH_NODE_PORT=$(SEARCH_NODE_PORT) SEARCH_NODE_DATA=$(SEARCH_NODE_DATA) \
		exec $(JAVA) -Xms$(SEARCH_NODE_HEAP) -Xmx$(SEARCH_NODE_HEAP) -jar search-node/target/search-node.jar

clean:
	rm -rf $(VENV) var .pytest_cache dist
