# Copyright: (c) 2026, orgaccess maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""README.md's "After make demo" block runs as written against a sandbox of its own.

The block starts the sandbox, exports the sandbox's credentials and URLs, runs docs/examples/sandbox.yml,
then the onboard playbook with docs/examples/platforms.yml and roster.yml in check mode and for real.
Two substitutions keep it from disturbing the rest of the test run: ``make sandbox-start`` and
``make sandbox-stop`` become the script those targets call (make would first refresh the collection copy
other tests are running from), and the sandbox state folder is a temporary one instead of .sandbox/.
"""

from __future__ import annotations

import os
import re
import subprocess

from playbook_runner import REPO_ROOT

SANDBOX_SCRIPT = 'tests/utils/sandbox.sh'
SUMMARY_LINE = re.compile(r'"((?:cisco_xdr|snyk|cybedefend) +invited \d+, renewed \d+, updated \d+, removed \d+, unchanged \d+, failed \d+)"')
RECAP_LINE = re.compile(r'^localhost +: ok=\d+ +changed=\d+ +unreachable=(\d+) +failed=(\d+)', re.M)


def readme_block(heading):
    """The first console block of the README section that starts with ``heading``."""
    with open(os.path.join(REPO_ROOT, 'README.md'), encoding='utf-8') as handle:
        readme = handle.read()
    section = readme.split('\n' + heading, 1)[1].split('\n## ', 1)[0]
    return re.search(r'```console\n(.*?)```', section, re.S).group(1)


def test_the_after_demo_block_of_the_readme_runs_as_written(tmp_path):
    block = readme_block('## After `make demo`')
    for documented in ('make sandbox-start', 'make sandbox-stop', '.sandbox/url', 'docs/examples/sandbox.yml',
                       '-e @docs/examples/platforms.yml -e @docs/examples/roster.yml --check'):
        assert documented in block
    script = (block.replace('make sandbox-start', SANDBOX_SCRIPT + ' start')
              .replace('make sandbox-stop', SANDBOX_SCRIPT + ' stop')
              .replace('.sandbox/url', '$SANDBOX_STATE_DIR/url'))
    environment = dict(os.environ, SANDBOX_STATE_DIR=str(tmp_path / 'sandbox'), ANSIBLE_NOCOLOR='1',
                       ANSIBLE_LOCAL_TEMP=str(tmp_path / 'ansible-tmp'))
    try:
        run = subprocess.run(['bash', '-euo', 'pipefail', '-c', script], cwd=REPO_ROOT, env=environment,
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True, timeout=600, check=False)
    finally:
        subprocess.run([SANDBOX_SCRIPT, 'stop'], cwd=REPO_ROOT, env=environment, check=False)
    output = run.stdout
    assert run.returncode == 0, output[-5000:]

    # docs/examples/sandbox.yml, then the onboard playbook twice: three plays, none unreachable or failed.
    assert RECAP_LINE.findall(output) == [('0', '0')] * 3, output[-5000:]
    for platform in ('cisco_xdr', 'snyk', 'cybedefend'):
        assert '"msg": "%s: ana@example.com"' % platform in output
    # The plan (--check) is what the real run then did: the same summary line per platform, with the
    # roster's people invited (the sandbox's seeded owner is unchanged).
    summaries = SUMMARY_LINE.findall(output)
    assert len(summaries) == 6, output[-5000:]
    assert summaries[:3] == summaries[3:]
    assert all(line.endswith('failed 0') for line in summaries)
    assert all(' invited 0,' not in line for line in summaries)
