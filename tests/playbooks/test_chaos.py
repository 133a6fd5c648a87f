# Copyright: (c) 2026, orgaccess maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The small chaos run of make test: 300 people, three platforms, 10% faults, tokens expiring every 20 s."""

from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), 'chaos'))

import chaos  # noqa: E402 pylint: disable=wrong-import-position


def test_three_hundred_people_converge_under_faults_with_no_duplicate(tmp_path):
    figures = chaos.run_chaos(300, str(tmp_path))
    assert sum(figures['faults_injected_first_run'].values()) > 0, 'no fault was injected: the run would prove nothing'
    assert figures['first_run_ok'] and figures['second_run_ok']
    assert figures['invites_found'] == {'cisco_xdr': 300, 'snyk': 300, 'cybedefend': 300}
    assert figures['duplicates'] == {'cisco_xdr': 0, 'snyk': 0, 'cybedefend': 0}
    assert figures['missing'] == {'cisco_xdr': 0, 'snyk': 0, 'cybedefend': 0}
    assert figures['failed_tasks'] == 0
    assert figures['second_run_changes'] == 0
    assert figures['second_run_writes'] == 0
