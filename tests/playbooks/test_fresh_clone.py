# Copyright: (c) 2026, orgaccess maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A fresh clone with nothing beside it runs the vendor-document checks: no test needs a file outside it.

CI's own clone has ``shared/`` beside it, so this test clones the committed HEAD again, into an
empty temporary folder, and runs there (with plain pytest and this venv's python) the tests that
read the vendor documents: the sandbox's validation and health tests and the adapters' unit
tests. The environment is built from scratch: no ``ORGACCESS_SPECS``, nothing pointing back at
this work tree. The clone sits at ``<tmp>/ansible_collections/orgaccess/onboarding`` because the
unit tests import it as ``ansible_collections.orgaccess.onboarding``; ``PYTHONPATH`` is ``<tmp>``,
and ``HOME`` and pytest's temporary files are in ``<tmp>`` too. Uncommitted changes are not in the
clone: commit first.
"""

from __future__ import annotations

import os
import subprocess
import sys
from xml.etree import ElementTree

HERE = os.path.dirname(os.path.abspath(__file__))
CHECKS = (
    'tests/sandbox/tests/test_sandbox_validation.py',
    'tests/sandbox/tests/test_sandbox_admin.py',
    'tests/unit/plugins/module_utils/test_vendor_specs.py',
    'tests/unit/plugins/module_utils/test_snyk.py',
    'tests/unit/plugins/module_utils/test_cybedefend.py',
)


def test_a_fresh_clone_runs_the_document_checks_with_nothing_beside_it(tmp_path):
    repo_root = subprocess.run(['git', 'rev-parse', '--show-toplevel'], cwd=HERE, check=True, capture_output=True,
                               text=True).stdout.strip()
    clone = tmp_path / 'ansible_collections' / 'orgaccess' / 'onboarding'
    subprocess.run(['git', 'clone', '-q', repo_root, str(clone)], check=True, capture_output=True)
    assert sorted(os.listdir(clone.parent)) == ['onboarding']  # no shared/ beside it
    (tmp_path / 'home').mkdir()
    env = {
        'PATH': os.pathsep.join([os.path.dirname(sys.executable), '/usr/bin', '/bin']),
        'HOME': str(tmp_path / 'home'),
        'LANG': 'C.UTF-8',
        'PYTHONPATH': str(tmp_path),
        'PYTHONDONTWRITEBYTECODE': '1',
    }
    report = tmp_path / 'junit.xml'
    run = subprocess.run([sys.executable, '-m', 'pytest', '-p', 'no:cacheprovider', '-q', '-rs', '--basetemp',
                          str(tmp_path / 'pytest'), '--junitxml', str(report)] + list(CHECKS),
                         cwd=clone, env=env, capture_output=True, text=True, timeout=300, check=False)
    output = run.stdout[-4000:] + run.stderr[-2000:]
    assert run.returncode == 0, output
    suite = ElementTree.parse(report).getroot()
    suite = suite if suite.tag == 'testsuite' else suite.find('testsuite')
    counts = dict((key, int(suite.get(key))) for key in ('tests', 'skipped', 'failures', 'errors'))
    assert counts['skipped'] == counts['failures'] == counts['errors'] == 0, output
    assert counts['tests'] > 100, output  # the unit tests alone are well over a hundred
