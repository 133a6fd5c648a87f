# Copyright: (c) 2026, orgaccess maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The modules against servers that answer differently from what the adapters guess (issue #10).

For each wrong guess the sandbox can serve (docs/sandbox.md, "Wrong guesses about the wire"), on
every platform it applies to: the module fails with a message naming the wire key (or paging
parameter) to check, the sandbox received no write, and the run ends (ansible-runner's timeout
would stop a loop). The two IROH search shapes are both read correctly.
"""

from __future__ import annotations

from urllib.parse import parse_qs

import pytest

from platforms import PLATFORMS, ROLES, connection, invite_task, play

# Longer than any honest run of these small plays takes, short enough that a loop fails the test.
TIMEOUT = 120

# The wire key (or paging parameter) the error must name, per guess and platform.
INVITE_ID = {'cisco_xdr': "wire key 'invite-id'", 'snyk': "wire key 'id'", 'cybedefend': "wire key 'id'"}
USER_ID = {'cisco_xdr': "wire key 'user-id'", 'snyk': "wire key 'id'", 'cybedefend': "wire key 'id'"}
PAGING = {'cisco_xdr': 'seems to ignore offset', 'snyk': 'seems to ignore links.next (starting_after)',
          'cybedefend': 'seems to ignore page'}
STATUS = {'cisco_xdr': "wire key 'status'", 'snyk': "wire key 'attributes.is_active'", 'cybedefend': "wire key 'status'"}
# More invites than one page holds as the sandbox serves them (Cisco caps limit at 50, Snyk 100, CybeDefend 20).
BEYOND_ONE_PAGE = 110


def failed_closed(run_playbook, admin, task, words):
    """Run one task; check it failed naming ``words``, wrote nothing and ended."""
    admin.clear_log()
    run = run_playbook(play(task), timeout=TIMEOUT)
    assert run.status == 'failed', 'the run should fail, and end (status %r)\n%s' % (run.status, run.stdout)
    result = run.result(task['name'])
    assert result.failed and words in result['msg'], result.res
    assert admin.log(kind='write') == [], 'writes were sent: %r' % admin.log(kind='write')
    return result


def invite_someone(platform, admin):
    return invite_task('Invite', platform, admin, invites=[{'email': 'new.person@example.com', 'role': ROLES[platform]['basic']}])


def promote_someone(platform, admin):
    admin.seed_members(platform, [{'email': 'member@example.com', 'role': ROLES[platform]['basic']}])
    args = dict(connection(platform, admin), users=[{'email': 'member@example.com', 'role': ROLES[platform]['elevated']}])
    return {'name': 'Promote', 'orgaccess.onboarding.org_user': args, 'register': 'result'}


@pytest.mark.parametrize('platform', PLATFORMS)
def test_invites_without_their_id(run_playbook, sandbox_admin, platform):
    sandbox_admin.seed_invites(platform, [{'email': 'waiting@example.com', 'role': ROLES[platform]['basic']}])
    sandbox_admin.configure(items_without_id=True)
    failed_closed(run_playbook, sandbox_admin, invite_someone(platform, sandbox_admin), INVITE_ID[platform])


@pytest.mark.parametrize('platform', PLATFORMS)
def test_members_without_their_id(run_playbook, sandbox_admin, platform):
    task = promote_someone(platform, sandbox_admin)
    sandbox_admin.configure(items_without_id=True)
    failed_closed(run_playbook, sandbox_admin, task, USER_ID[platform])


@pytest.mark.parametrize('platform', PLATFORMS)
def test_a_server_that_ignores_paging(run_playbook, sandbox_admin, platform):
    sandbox_admin.seed_invites(platform, [{'email': 'waiting%03d@example.com' % number, 'role': ROLES[platform]['basic']}
                                          for number in range(BEYOND_ONE_PAGE)])
    sandbox_admin.configure(ignore_paging=True)
    failed_closed(run_playbook, sandbox_admin, invite_someone(platform, sandbox_admin), PAGING[platform])


@pytest.mark.parametrize('guess', ['unknown', 'missing'])
@pytest.mark.parametrize('platform', PLATFORMS)
def test_an_invite_status_we_do_not_know(run_playbook, sandbox_admin, platform, guess):
    sandbox_admin.seed_invites(platform, [{'email': 'new.person@example.com', 'role': ROLES[platform]['basic']}])
    sandbox_admin.configure(invite_status=guess)
    result = failed_closed(run_playbook, sandbox_admin, invite_someone(platform, sandbox_admin), STATUS[platform])
    assert ("'sent'" if guess == 'unknown' else 'it is missing') in result['msg']


def test_cisco_users_with_enabled_instead_of_enabled_question_mark(run_playbook, sandbox_admin):
    sandbox_admin.seed_members('cisco_xdr', [{'email': 'leaver@example.com', 'role': 'user'}])
    sandbox_admin.configure(cisco_user_enabled_key='enabled')
    args = dict(connection('cisco_xdr', sandbox_admin), users=[{'email': 'leaver@example.com', 'state': 'absent'}])
    failed_closed(run_playbook, sandbox_admin, {'name': 'Disable', 'orgaccess.onboarding.org_user': args, 'register': 'result'},
                  "wire key 'enabled?'")
    assert [user['enabled?'] for user in sandbox_admin.state('cisco_xdr')['users'] if user['user-email'] == 'leaver@example.com'] == [True]


@pytest.mark.parametrize('shape', ['wrapped', 'array'])
def test_cisco_search_answers_in_either_shape(run_playbook, sandbox_admin, shape):
    """Both of IROH's search shapes, over several pages: the new invite is sent once, the second run changes nothing."""
    sandbox_admin.seed_invites('cisco_xdr', [{'email': 'waiting%03d@example.com' % number} for number in range(BEYOND_ONE_PAGE)])
    sandbox_admin.configure(cisco_search_shape=shape)
    task = invite_someone('cisco_xdr', sandbox_admin)
    first = run_playbook(play(task), timeout=TIMEOUT).assert_ok().result('Invite')
    assert first.changed
    second = run_playbook(play(task), timeout=TIMEOUT).assert_ok().result('Invite')
    assert not second.changed
    offsets = set(parse_qs(entry['query'])['offset'][0] for entry in sandbox_admin.log(platform='cisco_xdr')
                  if entry['path'].endswith('/search/invites'))
    # 110, then 111 invites at 50 per page: the announced total ends each read, never an extra empty page.
    assert offsets == {'0', '50', '100'}
    assert sandbox_admin.writes('cisco_xdr') == 1
