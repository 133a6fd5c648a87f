# Build and test tooling for the orgaccess.onboarding collection.
# Every target sets up what it needs (make setup is cheap when nothing changed).
# The gates run from a copy of the collection at $(COLL): ansible-test needs a real
# .../ansible_collections/<namespace>/<name> directory, and the other tools find the
# collection through ANSIBLE_COLLECTIONS_PATH=$(COLLECTIONS).
# ansible-core releases: the tools in .venv use the one pinned in requirements-dev.txt; the gates
# named *-oldest and *-newest use the oldest release meta/runtime.yml claims and the newest release,
# each in its own venv (.venv-core-oldest, .venv-core-newest, created on first use) pinned by
# requirements-core-oldest.txt and requirements-core-newest.txt (see tests/utils/venvs.sh).

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3.11
VENV := $(CURDIR)/.venv
COLLECTIONS := $(CURDIR)/build/collections
NAMESPACE := $(shell sed -n 's/^namespace: *//p' galaxy.yml)
NAME := $(shell sed -n 's/^name: *//p' galaxy.yml)
COLL := $(COLLECTIONS)/ansible_collections/$(NAMESPACE)/$(NAME)
# A units gate that collects no test must fail, never pass.
REQUIRE_UNIT_TESTS = find tests/unit -name 'test_*.py' 2>/dev/null | grep -q . || { echo '$@: no tests/unit/**/test_*.py' >&2; exit 1; }
GATES := changelog-lint docs-lint docs lint sanity units units-oldest units-newest pytest-units build-import integration integration-range pytest

export PATH := $(VENV)/bin:$(PATH)
export ANSIBLE_COLLECTIONS_PATH := $(COLLECTIONS)
export PYTHON

.PHONY: help setup sanity check-sanity-ignores units units-oldest units-newest pytest-units integration integration-oldest \
	integration-newest integration-range lint docs-lint docs changelog-lint build-import pytest test chaos bench bench-orgs demo sandbox-start sandbox-stop clean distclean

help: ## list the targets
	@awk -F ':.*## ' '/^[a-z][a-z -]*:.*## / { printf "%-40s%s\n", $$1, $$2 }' $(MAKEFILE_LIST)

setup: ## .venv with pinned tools, offline get-pip stand-in, fresh collection copy
	@tests/utils/setup.sh

sanity: setup check-sanity-ignores ## ansible-test sanity (all tests) on the newest ansible-core, in venvs it builds
	@tests/utils/ansible_test.sh newest sanity

check-sanity-ignores: ## fail when any tests/sanity/ignore-*.txt has an entry
	@if grep -Hnv '^[[:space:]]*$$' tests/sanity/ignore-*.txt 2>/dev/null; then \
		echo 'sanity: ignore files must stay empty (entries above)' >&2; exit 1; fi

units: setup ## ansible-test units (tests/unit) in a venv with tests/unit/requirements.txt
	@$(REQUIRE_UNIT_TESTS)
	@tests/utils/ansible_test.sh main units

units-oldest units-newest: units-%: setup ## the same, on the oldest / the newest ansible-core
	@$(REQUIRE_UNIT_TESTS)
	@tests/utils/ansible_test.sh $* units

# The same unit tests with plain pytest: pytest-ansible (--ansible-unit-inject-only, pytest.ini) puts
# ANSIBLE_COLLECTIONS_PATH on the import path, as ansible-test does for its own run.
pytest-units: setup ## the unit tests with plain pytest and pytest-ansible, from the collection copy
	@$(REQUIRE_UNIT_TESTS)
	cd $(COLL) && python -m pytest -p no:cacheprovider -n $${PYTEST_WORKERS:-auto} tests/unit

integration: setup ## ansible-test integration targets against the sandbox (sandbox_url)
	@tests/utils/integration.sh

integration-oldest integration-newest: integration-%: setup ## the same, on the oldest / the newest ansible-core
	@CORE=$* tests/utils/integration.sh

# Side by side, as they are mostly waiting on ansible-playbook start-ups; -Otarget prints each
# one's output in one piece when it ends.
integration-range: setup ## integration-oldest and integration-newest side by side
	@$(MAKE) --no-print-directory -j2 --output-sync=target integration-oldest integration-newest

lint: setup ## ansible-lint, production profile (.ansible-lint)
	ansible-lint --nocolor

docs-lint: setup ## antsibull-docs: plugin DOCUMENTATION/EXAMPLES/RETURN and markup
	cd $(COLL) && antsibull-docs lint-collection-docs --plugin-docs --validate-collection-refs all .

docs: setup ## docs site (antsibull-docs + Sphinx, offline, warnings as errors) in build/docs/build/html
	@tests/utils/docsite.sh

changelog-lint: setup ## antsibull-changelog: fragments, changelogs/changelog.yaml, CHANGELOG.rst in sync
	antsibull-changelog lint
	antsibull-changelog lint-changelog-yaml changelogs/changelog.yaml
	@tests/utils/changelog_sync.sh

build-import: setup ## build dist/<ns>-<name>-<version>.tar.gz, galaxy-importer must be silent
	@tests/utils/build_import.sh

pytest: setup ## pytest: tests/sandbox/tests and tests/playbooks (ansible-runner, pytest-ansible), xdist
	@tests/utils/run_pytest.sh

test: setup ## every gate (fast ones first, pytest last), each timed, then the total; fails if any gate failed
	@failed=; started=$$(date +%s); for gate in $(GATES); do start=$$(date +%s); \
		if $(MAKE) --no-print-directory $$gate; then result=passed; else result=FAILED; failed="$$failed $$gate"; fi; \
		echo "== $$gate $$result in $$(( $$(date +%s) - start )) s"; done; \
	echo "== all gates in $$(( $$(date +%s) - started )) s"; \
	if [ -n "$$failed" ]; then echo "== FAILED gates:$$failed" >&2; exit 1; fi

chaos: setup ## onboard 1,000 people under 10% faults and 20 s tokens; a table, then JSON figures
	@python tests/chaos/chaos.py --people $${CHAOS_PEOPLE:-1000}

bench: setup ## time the modules against a 25 ms sandbox and the naive uri loop, then bench-orgs; tables, then JSON figures
	@python tests/bench/bench.py
	@python tests/bench/bench_orgs.py

bench-orgs: setup ## only the many-orgs part: 100 orgs x 100 people, forks 1 (a sample), 10 and 25; a table, then JSON
	@python tests/bench/bench_orgs.py

demo: setup ## run playbooks/demo.yml against a seeded sandbox
	@tests/utils/demo.sh

sandbox-start: setup ## start the sandbox by hand (URL in .sandbox/url)
	@tests/utils/sandbox.sh start

sandbox-stop: ## stop the sandbox started by sandbox-start
	@tests/utils/sandbox.sh stop

clean: ## stop any sandbox left running, remove generated files (keeps the venvs)
	for dir in .sandbox*/; do SANDBOX_STATE_DIR=$$dir tests/utils/sandbox.sh stop; done
	rm -rf build dist .sandbox*/ .ansible tests/output importer_result.json changelogs/.plugin-cache.yaml

distclean: clean ## clean, and remove .venv and .venv-core-* too
	rm -rf .venv .venv-core-*
