# Copyright: (c) 2026, orgaccess maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Execution environments: the collection's EE metadata, and the example execution-environment.yml for ansible-builder.

ansible-builder's create and introspect steps run offline; only its build step needs a container engine.
"""

from __future__ import annotations

import os
import subprocess
import sys

import yaml

from playbook_runner import COLLECTIONS_PATH, REPO_ROOT

BUILDER = os.path.join(os.path.dirname(sys.executable), 'ansible-builder')
EXAMPLE = os.path.join(REPO_ROOT, 'docs', 'examples', 'execution-environment.yml')


def builder(*args, cwd=None):
    return subprocess.run([BUILDER] + list(args), cwd=cwd, check=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          universal_newlines=True).stdout


def test_the_collection_declares_its_python_requirements_for_execution_environments():
    with open(os.path.join(REPO_ROOT, 'meta', 'execution-environment.yml'), encoding='utf-8') as handle:
        assert yaml.safe_load(handle) == {'version': 1, 'dependencies': {'python': 'requirements.txt'}}
    with open(os.path.join(REPO_ROOT, 'requirements.txt'), encoding='utf-8') as handle:
        requirements = [line.strip() for line in handle if line.strip() and not line.startswith('#')]
    # Certification: runtime requirements only, without pins.
    assert requirements == ['requests']
    # What ansible-builder gathers from an installed collection at build time.
    found = builder('introspect', '--sanitize', COLLECTIONS_PATH)
    assert 'requests  # from collection orgaccess.onboarding' in found


def test_ansible_builder_creates_a_build_context_from_the_example(tmp_path):
    output = builder('create', '--file', EXAMPLE, '--context', str(tmp_path / 'context'), '--output-filename', 'Containerfile')
    assert 'Complete! The build context can be found at' in output
    context = tmp_path / 'context'
    containerfile = (context / 'Containerfile').read_text(encoding='utf-8')
    assert 'quay.io/ansible/awx-ee:latest' in containerfile
    assert 'ansible-galaxy' in containerfile
    assert (context / '_build' / 'requirements.txt').read_text(encoding='utf-8').split() == ['requests']
    galaxy = yaml.safe_load((context / '_build' / 'requirements.yml').read_text(encoding='utf-8'))
    assert galaxy == {'collections': [{'name': 'orgaccess.onboarding', 'version': '>=1.0.0'}]}
