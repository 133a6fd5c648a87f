# Copyright: (c) 2026, orgaccess maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The modules run one at a time through pytest-ansible's ``localhost`` fixture, against the sandbox.

A module-level check needs no playbook: ``getattr(localhost, 'orgaccess.onboarding.invite_info')(...)`` runs the
module as an ad-hoc task in this process (the collection is found through ANSIBLE_COLLECTIONS_PATH,
which pytest-ansible injects with --ansible-unit-inject-only, see pytest.ini) and returns its result.
"""

from __future__ import annotations

import sys

import pytest

from pytest_ansible.module_dispatcher import v213

from platforms import PLATFORMS, ROLES, connection, pending_by_email, write_requests

pytestmark = [
    # pytest-ansible deprecates its host fixtures (localhost, ansible_module, ansible_adhoc) and warns
    # on every use; they still work on the ansible-core releases we test, and nothing replaces them yet
    # for running one module without a playbook. Only that warning is silenced, nothing else.
    pytest.mark.filterwarnings('ignore:Host management is deprecated:DeprecationWarning'),
    # Each run asks ansible to set up its collection finder, which --ansible-unit-inject-only has
    # already set up from ANSIBLE_COLLECTIONS_PATH: that one is meant to stay, as the warning says.
    pytest.mark.filterwarnings('ignore:AnsibleCollectionFinder has already been configured:UserWarning'),
]


@pytest.fixture
def run_module(localhost, monkeypatch):
    """``run_module(name, **args)``: the result of module ``orgaccess.onboarding.<name>`` run on localhost."""
    # Interpreter discovery would pick an inactive pyenv shim; run modules with this venv's python.
    monkeypatch.setenv('ANSIBLE_PYTHON_INTERPRETER', sys.executable)

    def run(name, **args):
        result = getattr(localhost, 'orgaccess.onboarding.' + name)(**args)['localhost']
        assert result.is_successful, result.get('msg')
        return result

    return run


@pytest.fixture
def check_mode(monkeypatch):
    """Run the modules of this test in check mode.

    pytest-ansible never forwards its --ansible-check to the ad-hoc play it builds, and adding
    ansible's own --check to the command line it parses would not do either: ansible keeps the first
    command line parsed in a process for good. So its play gets the task keyword check_mode.
    """
    build_play = v213.ModuleDispatcherV213._build_play_ds

    def build_play_in_check_mode(self, complex_args):
        play = build_play(self, complex_args)
        for task in play['tasks']:
            task['check_mode'] = True
        return play

    monkeypatch.setattr(v213.ModuleDispatcherV213, '_build_play_ds', build_play_in_check_mode)


@pytest.mark.parametrize('platform', PLATFORMS)
def test_invite_info_lists_the_pending_invites_and_roles(run_module, sandbox_admin, platform):
    roles = ROLES[platform]
    sandbox_admin.seed_invites(platform, [
        {'email': 'Pending.One@Example.com', 'role': roles['basic']},
        {'email': 'pending.two@example.com', 'role': roles['elevated']},
        {'email': 'lapsed@example.com', 'role': roles['basic'], 'status': 'expired'},
    ])

    result = run_module('invite_info', include_roles=True, **connection(platform, sandbox_admin))

    assert not result.is_changed
    listed = dict((invite['email'].lower(), invite) for invite in result['invites'])
    assert set(listed) == {'pending.one@example.com', 'pending.two@example.com'}
    assert listed['pending.two@example.com']['role'] == roles['elevated']
    assert set(invite['platform'] for invite in result['invites']) == {platform}
    assert {roles['basic'], roles['elevated']} <= set(role['name'] for role in result['roles'])
    assert write_requests(sandbox_admin, platform) == 0


@pytest.mark.parametrize('platform', PLATFORMS)
def test_org_user_info_finds_members_by_email_whatever_the_case(run_module, sandbox_admin, platform):
    roles = ROLES[platform]
    sandbox_admin.seed_members(platform, [
        {'email': 'Member.One@Example.com', 'name': 'Member One', 'role': roles['basic']},
        {'email': 'member.two@example.com', 'name': 'Member Two', 'role': roles['elevated']},
    ])

    everyone = run_module('org_user_info', **connection(platform, sandbox_admin))
    one = run_module('org_user_info', email='MEMBER.ONE@example.com', **connection(platform, sandbox_admin))

    assert not everyone.is_changed
    assert {'member.one@example.com', 'member.two@example.com'} <= set(user['email'].lower() for user in everyone['users'])
    assert [(user['email'].lower(), user['role']) for user in one['users']] == [('member.one@example.com', roles['basic'])]
    assert write_requests(sandbox_admin, platform) == 0


@pytest.mark.parametrize('platform', PLATFORMS)
def test_org_invite_in_check_mode_predicts_and_writes_nothing(run_module, check_mode, sandbox_admin, platform):
    roles = ROLES[platform]
    sandbox_admin.seed_invites(platform, [{'email': 'new.role@example.com', 'role': roles['basic']}])
    invites = [
        {'email': 'new.person@example.com', 'role': roles['basic']},
        {'email': 'new.role@example.com', 'role': roles['elevated']},
    ]

    result = run_module('org_invite', invites=invites, **connection(platform, sandbox_admin))

    assert result.is_changed
    assert (result['summary']['created'], result['summary']['replaced']) == (1, 1)
    assert write_requests(sandbox_admin, platform) == 0
    assert set(pending_by_email(sandbox_admin, platform)) == {'new.role@example.com'}
