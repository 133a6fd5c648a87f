# Copyright: (c) 2026, orgaccess maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""make chaos: onboard a large roster on all three platforms while the sandbox misbehaves.

The sandbox injects faults into 10% of vendor requests from a fixed seed (429 with Retry-After,
500/502/503, connections reset before the write and after it was committed) and its tokens expire
every 20 seconds. The onboard playbook runs once to converge and once more to show nothing is left.
Figures: a table, then one JSON line (the last line) with every figure.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO_ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(REPO_ROOT, 'tests', 'sandbox'))
sys.path.insert(0, os.path.join(REPO_ROOT, 'tests', 'playbooks'))

from orgaccess_sandbox import control  # noqa: E402 pylint: disable=wrong-import-position
from platforms import CREDENTIALS, PLATFORMS, ROLES, pending_by_email  # noqa: E402 pylint: disable=wrong-import-position
import playbook_runner  # noqa: E402 pylint: disable=wrong-import-position

ONBOARD_PLAYBOOK = os.path.join(REPO_ROOT, 'playbooks', 'onboard.yml')
FAULTS = {'fault_rate': 0.1, 'fault_seed': 424242, 'retry_after': 1, 'token_ttl': 20,
          'fault_kinds': ['429', '500', '502', '503', 'reset_before', 'reset_after']}
MODULE_ACTIONS = ('orgaccess.onboarding.org_invite', 'orgaccess.onboarding.org_user')


def roster(count):
    """``count`` people, every one with access on all three platforms; a fifth of them elevated."""
    people = []
    for number in range(count):
        level = 'elevated' if number % 5 == 0 else 'basic'
        access = dict((platform, ROLES[platform][level]) for platform in PLATFORMS)
        if number % 3 == 0:
            access['cybedefend'] = {'role': ROLES['cybedefend'][level], 'teams': 'Platform:developer'}
        people.append({'email': 'chaos.%05d@example.com' % number, 'name': 'Chaos %d' % number, 'access': access})
    return people


def platforms_settings(admin):
    urls = admin.platform_urls()
    return dict((platform, dict(urls[platform], **CREDENTIALS[platform])) for platform in PLATFORMS)


def changes_in(run):
    """Items the onboarding modules changed (or failed) in one playbook run, from their summaries."""
    changed = 0
    for result in run.tasks:
        if result.action in MODULE_ACTIONS:
            summary = result.get('summary') or {}
            changed += sum(count for action, count in summary.items() if action not in ('unchanged', 'skipped_member', 'not_found'))
    return changed


def run_chaos(count, work_dir, faults=None):
    """Onboard ``count`` people under faults, twice; returns the figures."""
    people = roster(count)
    expected = set(person['email'] for person in people)
    with control.start(**(faults or FAULTS)) as sandbox:
        admin = sandbox.admin
        extravars = {'onboard_people': people, 'onboard_platforms': platforms_settings(admin)}
        started = time.time()
        first = playbook_runner.run_playbook(os.path.join(work_dir, 'first'), ONBOARD_PLAYBOOK, extravars=extravars)
        first_seconds = time.time() - started
        writes_before = len(admin.log(kind='write'))
        faults_injected = collections.Counter(entry['fault'] for entry in admin.log() if entry['fault'])
        second = playbook_runner.run_playbook(os.path.join(work_dir, 'second'), ONBOARD_PLAYBOOK, extravars=extravars)
        figures = {
            'people_expected': count,
            'invites_found': {},
            'duplicates': {},
            'missing': {},
            'failed_tasks': len(first.failed_tasks) + len(second.failed_tasks),
            'second_run_changes': changes_in(second),
            'second_run_writes': len(admin.log(kind='write')) - writes_before,
            'faults_injected_first_run': dict(faults_injected),
            'first_run_seconds': round(first_seconds, 1),
            'first_run_ok': first.ok,
            'second_run_ok': second.ok,
        }
        for platform in PLATFORMS:
            pending = pending_by_email(admin, platform)
            figures['invites_found'][platform] = len(set(pending) & expected)
            figures['duplicates'][platform] = sum(1 for email in expected if pending.get(email, 0) > 1)
            figures['missing'][platform] = len(expected - set(pending))
    return figures


def print_table(figures):
    print('%-12s %10s %10s %10s' % ('platform', 'invites', 'duplicates', 'missing'))
    for platform in PLATFORMS:
        print('%-12s %10d %10d %10d' % (platform, figures['invites_found'][platform], figures['duplicates'][platform],
                                        figures['missing'][platform]))
    print('people expected: %(people_expected)d; failed tasks: %(failed_tasks)d; second run: %(second_run_changes)d changes, '
          '%(second_run_writes)d writes; first run %(first_run_seconds)s s' % figures)
    print('faults injected in the first run: %s' % figures['faults_injected_first_run'])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--people', type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix='orgaccess-chaos-') as work_dir:
        figures = run_chaos(args.people, work_dir)
    print_table(figures)
    print(json.dumps(figures, sort_keys=True))
    clean = (not any(figures['duplicates'].values()) and not any(figures['missing'].values()) and figures['failed_tasks'] == 0
             and figures['second_run_changes'] == 0)
    return 0 if clean else 1


if __name__ == '__main__':
    sys.exit(main())
