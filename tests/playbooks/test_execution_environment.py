# Copyright: (c) 2026, orgaccess maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Execution environments: the collection's EE metadata, and the example execution-environment.yml for ansible-builder.

ansible-builder's create and introspect steps run offline; only its build step needs a container engine. The
example takes the collection from the tarball make build-import builds (it is not on Galaxy).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import yaml

from playbook_runner import COLLECTIONS_PATH, REPO_ROOT

BUILDER = os.path.join(os.path.dirname(sys.executable), 'ansible-builder')
GALAXY = os.path.join(os.path.dirname(sys.executable), 'ansible-galaxy')
EXAMPLES = os.path.join(REPO_ROOT, 'docs', 'examples')


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


def galaxy_metadata():
    with open(os.path.join(REPO_ROOT, 'galaxy.yml'), encoding='utf-8') as handle:
        return yaml.safe_load(handle)


def test_the_example_builds_an_execution_environment_with_the_collection_from_its_tarball(tmp_path):
    """ansible-builder create on a copy of the example beside a freshly built tarball, as in a checkout
    after make build-import; then the galaxy stage's install, run offline from the context."""
    galaxy = galaxy_metadata()
    tarball = '%s-%s-%s.tar.gz' % (galaxy['namespace'], galaxy['name'], galaxy['version'])
    examples = tmp_path / 'docs' / 'examples'
    examples.mkdir(parents=True)
    for name in ('execution-environment.yml', 'ee-requirements.yml'):
        shutil.copy(os.path.join(EXAMPLES, name), str(examples / name))
    collection = os.path.join(COLLECTIONS_PATH, 'ansible_collections', galaxy['namespace'], galaxy['name'])
    subprocess.run([GALAXY, 'collection', 'build', '--output-path', str(tmp_path / 'dist')], cwd=collection, check=True,
                   stdout=subprocess.PIPE, stderr=subprocess.STDOUT)

    output = builder('create', '--file', str(examples / 'execution-environment.yml'), '--context', str(tmp_path / 'context'),
                     '--output-filename', 'Containerfile')
    assert 'Complete! The build context can be found at' in output
    assert 'No matches' not in output and 'does not exist' not in output, output
    build = tmp_path / 'context' / '_build'
    assert (build / 'collections' / tarball).is_file()
    requirements = yaml.safe_load((build / 'requirements.yml').read_text(encoding='utf-8'))
    assert requirements == {'collections': [{'name': 'collections/' + tarball, 'type': 'file'}]}
    assert (build / 'requirements.txt').read_text(encoding='utf-8').split() == ['requests']
    # The galaxy stage copies _build to /build and installs requirements.yml from there.
    containerfile = (tmp_path / 'context' / 'Containerfile').read_text(encoding='utf-8')
    assert 'quay.io/ansible/awx-ee:latest' in containerfile
    galaxy_stage = containerfile.split('FROM base AS galaxy', 1)[1].split('\nFROM ', 1)[0]
    steps = [line for line in galaxy_stage.splitlines() if line.startswith(('COPY _build /build', 'WORKDIR /build', 'RUN ANSIBLE_GALAXY'))]
    assert [step.split()[0] for step in steps] == ['COPY', 'WORKDIR', 'RUN'], galaxy_stage
    assert '-r requirements.yml' in steps[2]

    installed = tmp_path / 'installed'
    # As in the image, where nothing is installed yet: the controller's own collection path (make's build copy) is
    # not consulted, or ansible-galaxy answers 'already installed' and installs nothing.
    clean = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=str(installed))
    subprocess.run([GALAXY, 'collection', 'install', '-r', 'requirements.yml', '--collections-path', str(installed)], cwd=str(build),
                   check=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=clean)
    with open(str(installed / 'ansible_collections' / galaxy['namespace'] / galaxy['name'] / 'MANIFEST.json'), encoding='utf-8') as handle:
        manifest = json.load(handle)['collection_info']
    assert (manifest['namespace'], manifest['name'], manifest['version']) == (galaxy['namespace'], galaxy['name'], galaxy['version'])
