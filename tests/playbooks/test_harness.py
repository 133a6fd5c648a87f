# Copyright: (c) 2026, orgaccess maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Prove the playbook harness itself: a playbook runs and its task results are readable."""

from __future__ import annotations

import sys

PLAYBOOK = """
- name: Harness smoke test
  hosts: localhost
  gather_facts: false
  tasks:
    - name: Say hello
      ansible.builtin.debug:
        msg: "hello {{ who }}"

    - name: Report the module interpreter
      ansible.builtin.setup:
        gather_subset: [min]
        filter: [ansible_python]

    - name: Find the collection path
      ansible.builtin.debug:
        msg: "{{ lookup('ansible.builtin.env', 'ANSIBLE_COLLECTIONS_PATH') }}"
"""


def test_debug_playbook_runs(run_playbook):
    """A debug task runs on localhost with the venv python and the build/collections path."""
    run = run_playbook(PLAYBOOK, extravars={'who': 'harness'}).assert_ok()
    assert run.result('Say hello')['msg'] == 'hello harness'
    assert run.result('Report the module interpreter')['ansible_facts']['ansible_python']['executable'] == sys.executable
    assert run.result('Find the collection path')['msg'].endswith('/build/collections')
    assert 'hello harness' in run.stdout
    assert not run.failed_tasks


def test_failure_and_check_mode_are_visible(run_playbook):
    """A failing task is reported as failed, and --check reaches the play."""
    run = run_playbook([{
        'name': 'Fail on purpose',
        'hosts': 'localhost',
        'gather_facts': False,
        'tasks': [
            {'name': 'Show check mode', 'ansible.builtin.debug': {'var': 'ansible_check_mode'}},
            {'name': 'Fail', 'ansible.builtin.fail': {'msg': 'on purpose'}},
        ],
    }], check=True)
    assert not run.ok
    assert run.result('Show check mode')['ansible_check_mode'] is True
    assert [result.task for result in run.failed_tasks] == ['Fail']
    assert 'on purpose' in run.artifacts_text()
