# Copyright: (c) 2026, orgaccess maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The many-orgs benchmark (make bench-orgs) stays working: a small version of it, a few organizations, forks 2.

It checks what the benchmark reports, not how fast: every run ended, the check run and the re-run wrote
nothing, every organization ran its two modules, and the JSON line is last.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
BENCH = os.path.join(os.path.dirname(HERE), 'bench', 'bench_orgs.py')


def test_a_small_many_orgs_bench_runs_and_writes_nothing_on_check_and_rerun(tmp_path):
    finished = subprocess.run([sys.executable, BENCH, '--orgs', '3', '--people', '10', '--forks', '2', '--forks1-sample', '1',
                               '--latency-ms', '0', '--state-dir', str(tmp_path / 'sandbox')],
                              capture_output=True, text=True, timeout=900, check=False)
    assert finished.returncode == 0, finished.stderr[-4000:]
    report = json.loads(finished.stdout.strip().splitlines()[-1])
    assert report['error'] is None and sorted(report['forks']) == ['1', '2']
    for entry in report['forks'].values():
        assert entry['check_writes'] == 0 and entry['rerun_writes'] == 0
        assert entry['module_runs_per_org'] == 2 and entry['module_runs'] == 2 * entry['orgs']
        # The controller's CPU per module run is reported (a figure, never compared with a time here).
        assert 0 < entry['cpu_seconds_per_module_run'] <= entry['controller_cpu_seconds']
        assert entry['requests'] > 0 and entry['requests_429'] == 0
    assert report['forks']['2']['orgs'] == 3
    assert set(report['forks']['2']['platforms']) == {'cisco_xdr', 'snyk', 'cybedefend'}
    # The speed-up where no budget binds is measured on the organizations with credentials of their own, run alone.
    alone = report['own_credentials_alone']
    assert sorted(alone) == ['1', '2']
    for entry in alone.values():
        assert entry['orgs'] == 1 and set(entry['platforms']) == {'cisco_xdr'} and entry['check_writes'] == entry['rerun_writes'] == 0
    assert set(report['derived']['no_shared_budget']) == {'cisco_xdr'}
    assert report['derived']['no_shared_budget']['cisco_xdr']['span_seconds_alone'] == alone['2']['platforms']['cisco_xdr']['span_seconds']
    assert 'forks' in finished.stdout.splitlines()[0]
    assert 'per module run' in finished.stdout
