# Copyright: (c) 2026, orgaccess maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Plan, approve, apply: the AWX/AAP workflow example (docs/examples/plan_approve_apply.yml) run the way AWX runs its jobs.

The plan job runs in check mode and publishes its plans with set_stats; ansible-runner hands them over as AWX does, in
the ``artifact_data`` of the ``playbook_on_stats`` event (what AWX saves as the job's artifacts and passes to the next
nodes of the workflow as extra variables). The apply job gets them as extra variables and the credentials only from the
environment the credential types inject.
"""

from __future__ import annotations

import os

import pytest

from platforms import PLATFORMS, ROLES, assert_no_writes, last_seq, pending_by_email
from playbook_runner import COLLECTIONS_PATH
from test_awx_job import inject, sandbox_inputs
from test_bad_input import ENVIRONMENT

PLAYBOOK = os.path.join(COLLECTIONS_PATH, 'ansible_collections', 'orgaccess', 'onboarding', 'docs', 'examples', 'plan_approve_apply.yml')
# Where a platform sends invitations in batches, one request creates many.
BATCHED_CREATES = {'cisco_xdr'}


def environment(admin, platform):
    return dict(ENVIRONMENT, **inject(platform, sandbox_inputs(admin)[platform]))


def seed(admin, platform):
    roles = ROLES[platform]
    admin.seed_invites(platform, [{'email': 'stale@example.com', 'role': roles['basic']}])
    admin.seed_members(platform, [{'email': 'member@example.com', 'name': 'A Member', 'role': roles['basic']}])


def wanted(platform, *extra):
    roles = ROLES[platform]
    invites = [{'email': 'new1@example.com', 'role': roles['basic']}, {'email': 'NEW2@example.com', 'role': roles['basic']},
               {'email': 'stale@example.com', 'role': roles['elevated']}] + list(extra)
    return {platform: {'invites': invites, 'users': [{'email': 'member@example.com', 'role': roles['elevated']}]}}


def artifacts(run):
    """What AWX keeps as the job's artifacts: the set_stats data of the playbook_on_stats event."""
    stats = [event for event in run.events if event.get('event') == 'playbook_on_stats']
    assert len(stats) == 1, run.stdout
    return stats[0]['event_data'].get('artifact_data') or {}


def plan(run_playbook, admin, platform, access):
    since = last_seq(admin)
    run = run_playbook(PLAYBOOK, extravars={'access_platforms': access}, check=True, envvars=environment(admin, platform)).assert_ok()
    assert_no_writes(admin, platform, since=since)
    return artifacts(run)


def apply(run_playbook, admin, platform, access, approved):
    return run_playbook(PLAYBOOK, extravars=dict(approved, access_platforms=access), envvars=environment(admin, platform))


def refusal(run):
    """The failure message of the check that the approved plans still hold, and which task gave it."""
    assert not run.ok and len(run.failed_tasks) == 1, run.stdout
    failed = run.failed_tasks[0]
    assert failed.task.startswith('Check that every approved'), failed
    return ' '.join(result.get('msg', '') for result in failed.get('results', []) if result.get('failed'))


@pytest.mark.parametrize('platform', PLATFORMS)
def test_the_approved_plan_is_applied_exactly_and_nothing_else(run_playbook, sandbox_admin, platform):
    seed(sandbox_admin, platform)
    approved = plan(run_playbook, sandbox_admin, platform, wanted(platform))
    plans = approved['access_approved'][platform]
    assert len(approved['access_run_fingerprint']) == 64
    assert [(item['email'], item['action']) for item in plans['invites']['plan']] == [
        ('new1@example.com', 'created'), ('new2@example.com', 'created'), ('stale@example.com', 'replaced')]
    assert [(item['email'], item['action']) for item in plans['users']['plan']] == [('member@example.com', 'updated')]

    since = last_seq(sandbox_admin)
    run = apply(run_playbook, sandbox_admin, platform, wanted(platform), approved).assert_ok()
    applied_invites = run.result('Plan or apply the invitations')['results'][0]
    applied_users = run.result('Plan or apply the member changes')['results'][0]
    assert applied_invites['plan'] == plans['invites']['plan'] and applied_invites['plan_fingerprint'] == plans['invites']['fingerprint']
    assert applied_users['plan'] == plans['users']['plan'] and applied_users['changed']
    # One write request per planned change, no more (creates batched where the platform batches them).
    changes = [change for task in plans.values() for item in task['plan'] for change in item['changes']]
    creates = [change for change in changes if change.startswith('invite as')]
    expected = len(changes) - len(creates) + (1 if platform in BATCHED_CREATES else len(creates))
    writes = sandbox_admin.log(platform=platform, kind='write', since=since)
    assert len(writes) == expected, writes
    assert pending_by_email(sandbox_admin, platform) == {'new1@example.com': 1, 'new2@example.com': 1, 'stale@example.com': 1}

    # Nothing is left to do: a new plan is empty.
    again = plan(run_playbook, sandbox_admin, platform, wanted(platform))['access_approved'][platform]
    assert again['invites']['plan'] == [] and again['users']['plan'] == []


@pytest.mark.parametrize('platform', PLATFORMS)
def test_a_roster_changed_after_the_approval_is_refused_with_no_write(run_playbook, sandbox_admin, platform):
    seed(sandbox_admin, platform)
    approved = plan(run_playbook, sandbox_admin, platform, wanted(platform))

    since = last_seq(sandbox_admin)
    late = {'email': 'late@example.com', 'role': ROLES[platform]['elevated']}
    message = refusal(apply(run_playbook, sandbox_admin, platform, wanted(platform, late), approved))
    assert_no_writes(sandbox_admin, platform, since=since)
    assert 'the plan differs from the approved one' in message and 'nothing was changed' in message
    assert 'late@example.com: approved nothing, now created' in message
    assert 'new1@example.com' not in message


@pytest.mark.parametrize('platform', PLATFORMS)
def test_a_platform_changed_after_the_approval_is_refused_with_no_write(run_playbook, sandbox_admin, platform):
    seed(sandbox_admin, platform)
    approved = plan(run_playbook, sandbox_admin, platform, wanted(platform))
    # Someone else invites one of the people meanwhile.
    sandbox_admin.seed_invites(platform, [{'email': 'new1@example.com', 'role': ROLES[platform]['basic']}])

    since = last_seq(sandbox_admin)
    message = refusal(apply(run_playbook, sandbox_admin, platform, wanted(platform), approved))
    assert_no_writes(sandbox_admin, platform, since=since)
    assert 'new1@example.com: approved created [invite as ' in message and '], now nothing' in message
    assert pending_by_email(sandbox_admin, platform) == {'stale@example.com': 1, 'new1@example.com': 1}


def test_an_apply_without_an_approved_plan_writes_nothing(run_playbook, sandbox_admin):
    since = last_seq(sandbox_admin)
    run = apply(run_playbook, sandbox_admin, 'snyk', wanted('snyk'), {})
    assert not run.ok and run.failed_tasks[0].task == 'Refuse to apply a plan nobody approved'
    assert sandbox_admin.log(since=since) == []


# A stand-in for the awx.awx modules the workflow example calls: each returns what it was given.
ECHO_MODULE = '''from ansible.module_utils.basic import AnsibleModule, _load_params

def main():
    module = AnsibleModule(argument_spec=dict((name, dict(type='raw')) for name in _load_params()))
    module.exit_json(changed=False, received=module.params)

main()
'''


def test_the_workflow_example_builds_plan_then_approval_then_apply(run_playbook, tmp_path):
    module_dir = tmp_path / 'collections' / 'ansible_collections' / 'awx' / 'awx' / 'plugins' / 'modules'
    module_dir.mkdir(parents=True)
    (module_dir.parent.parent / 'galaxy.yml').write_text('namespace: awx\nname: awx\nversion: 1.0.0\n', encoding='utf-8')
    for name in ('job_template', 'workflow_job_template', 'workflow_job_template_node'):
        (module_dir / ('%s.py' % name)).write_text(ECHO_MODULE, encoding='utf-8')
    environment = dict(ENVIRONMENT, ANSIBLE_COLLECTIONS_PATH='%s:%s' % (tmp_path / 'collections', COLLECTIONS_PATH))

    run = run_playbook(os.path.join(os.path.dirname(PLAYBOOK), 'awx_plan_approve_apply.yml'), envvars=environment).assert_ok()
    templates = dict((item['received']['name'], item['received']) for item in run['Create the plan and the apply job templates']['results'])
    plan_template, apply_template = templates['orgaccess onboard plan'], templates['orgaccess onboard apply']
    assert plan_template['job_type'] == 'check' and apply_template['job_type'] == 'run'
    # The onboard playbook on the inventory of organisations, one job each (the artifacts of slices are not combined).
    assert set((template['playbook'], template['inventory'], template['job_slice_count']) for template in templates.values()) == {
        ('onboard.yml', 'orgaccess organisations', 1)}
    nodes = dict((run[task]['received']['identifier'], run[task]['received'])
                 for task in ('Add the plan node', 'Add the approval node', 'Add the apply node'))
    assert nodes['plan']['unified_job_template'] == 'orgaccess onboard plan' and nodes['plan']['success_nodes'] == ['approve']
    assert nodes['approve']['approval_node']['name'] and nodes['approve']['success_nodes'] == ['apply']
    assert 'unified_job_template' not in nodes['approve'] or nodes['approve']['unified_job_template'] is None
    assert nodes['apply']['unified_job_template'] == 'orgaccess onboard apply'
    workflow = run['Create the workflow']['received']
    assert set(node['workflow_job_template'] for node in nodes.values()) == {workflow['name']}
    assert workflow['extra_vars']['onboard_roster_file'] == 'roster.csv'
