# Copyright: (c) 2026, orgaccess maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The safety guards through the onboard role (onboard_max_removals, onboard_protect, onboard_min_admins,
onboard_allow_empty_exclusive), on an inventory of one organisation per platform (the sandbox's own ones).

Each test makes one organisation (the parameter) or two refuse their plan while the others have writes planned: the
plan barrier must then stop every organisation before any write, and the message must name the organisation, the
field and the role variable. A second run with the variable raised (or the protection taken away) applies.
"""

from __future__ import annotations

import pytest
import yaml

from platforms import CREDENTIALS, PLATFORMS, ROLES, assert_no_writes, last_seq, pending_by_email
from test_bad_input import ENVIRONMENT
from test_onboard_orgs import ONBOARD, OUTCOME, REFUSED
from test_org_user import OWNER, OWNER_ROLE, members

# One organisation host per platform, named unlike the platform so that messages show which name is which.
HOSTS = {'cisco_xdr': 'xdr_soc', 'snyk': 'snyk_appsec', 'cybedefend': 'cybe_appsec'}
XDR_SECRET_ENV = 'XDR_SOC_SECRET'


def inventory(admin):
    """The sandbox's default organisations as organisation hosts, secrets from environment variables."""
    urls = admin.platform_urls()
    hosts = {}
    for platform, host in HOSTS.items():
        variables = {'orgaccess_platform': platform, 'ansible_connection': 'local', 'orgaccess_connection': dict(urls[platform])}
        if platform == 'cisco_xdr':
            variables['orgaccess_connection']['client_id'] = CREDENTIALS['cisco_xdr']['client_id']
            variables['orgaccess_secret_env'] = {'client_secret': XDR_SECRET_ENV}
        else:
            variables['orgaccess_org_id'] = CREDENTIALS[platform]['org_id']
        hosts[host] = variables
    return {'all': {'children': {'orgaccess_orgs': {'hosts': hosts}}}}


def environment():
    return dict(ENVIRONMENT, **{XDR_SECRET_ENV: CREDENTIALS['cisco_xdr']['client_secret'], 'SNYK_TOKEN': CREDENTIALS['snyk']['api_token'],
                                'CYBEDEFEND_PAT': CREDENTIALS['cybedefend']['api_token']})


def onboard_playbook(module_defaults=None):
    """The onboard playbook, with ``module_defaults`` for the action group on the play that runs the role."""
    with open(ONBOARD, encoding='utf-8') as handle:
        plays = yaml.safe_load(handle)
    if module_defaults:
        plays[-1]['module_defaults'] = {'group/orgaccess.onboarding.onboarding': module_defaults}
    return plays


def onboard(run_playbook, admin, playbook=ONBOARD, check=False, **variables):
    return run_playbook(playbook, extravars=variables, check=check, envvars=environment(), inventory=inventory(admin))


def refusal(run):
    """The plan barrier's message; the run failed there."""
    assert not run.ok
    return run.result(REFUSED)['msg']


def actions(run):
    """``{host: {email: action}}`` of the role's outcome."""
    found = {}
    for person in run.result(OUTCOME)['ansible_facts']['onboard_outcome']['people']:
        for host, result in person['organizations'].items():
            found.setdefault(host, {})[person['email']] = result['action']
    return found


def everywhere(kind):
    return dict((platform, ROLES[platform][kind]) for platform in PLATFORMS)


def enabled(admin, platform):
    return sorted(email for email, (_role, is_enabled) in members(admin, platform).items() if is_enabled is not False)


def assert_no_writes_anywhere(admin, since):
    for platform in PLATFORMS:
        assert_no_writes(admin, platform, since=since)


@pytest.mark.parametrize('platform', PLATFORMS)
def test_a_removal_cap_exceeded_on_one_organisation_writes_nowhere_until_onboard_max_removals_raises_it(run_playbook, sandbox_admin, platform):
    # On the organisation under test, exclusive would retire 6 leavers and the protected break-glass account; elsewhere it
    # retires nobody, and everywhere Ada is to be invited.
    leavers = ['leaver%d@example.com' % number for number in range(6)]
    sandbox_admin.seed_members(platform, [{'email': email, 'role': ROLES[platform]['basic']} for email in leavers + ['breakglass@example.com']])
    roster = [{'email': 'ada@example.com', 'access': everywhere('basic')}]
    variables = {'onboard_people': roster, 'onboard_exclusive': True, 'onboard_protect': ['BREAKGLASS@*']}
    # A cap from module_defaults reaches the role while onboard_max_removals is unset; the role variable wins over it.
    playbook = onboard_playbook({'max_removals': 3})

    since = last_seq(sandbox_admin)
    message = refusal(onboard(run_playbook, sandbox_admin, playbook=playbook, **variables))
    assert message.startswith('Nothing was changed on any organisation. %s: %s: max_removals: this run would remove or disable 6 people'
                              % (HOSTS[platform], platform)), message
    # 6, not 7: the protected account is kept, not counted; the cap is module_defaults' 3, not 25% of 8 (2).
    assert 'more than the cap of 3; nothing was changed' in message, message
    assert message.endswith("; through this role, set onboard_max_removals (the modules' max_removals).")
    assert [host for host in HOSTS.values() if '%s:' % host in message] == [HOSTS[platform]]
    assert_no_writes_anywhere(sandbox_admin, since)

    run = onboard(run_playbook, sandbox_admin, playbook=playbook, onboard_max_removals=6, **variables).assert_ok()
    found = actions(run)
    assert dict((email, found[HOSTS[platform]][email]) for email in leavers) == dict((email, 'removed') for email in leavers)
    assert found[HOSTS[platform]]['breakglass@example.com'] == 'unchanged'
    kept = [message for message in run.result(OUTCOME)['ansible_facts']['onboard_outcome']['messages']
            if message['email'] == 'breakglass@example.com']
    assert [(entry['organization'], entry['msg'].startswith("kept: protected (protect entry 'BREAKGLASS@*')")) for entry in kept] == [
        (HOSTS[platform], True)]
    assert enabled(sandbox_admin, platform) == sorted(['breakglass@example.com', OWNER])
    for other in PLATFORMS:
        assert pending_by_email(sandbox_admin, other) == {'ada@example.com': 1}


@pytest.mark.parametrize('platform', PLATFORMS)
def test_members_removed_and_invitations_cancelled_count_against_one_cap_per_organisation(run_playbook, sandbox_admin, platform):
    # On the organisation under test, 2 members leave and 2 pending invitations are withdrawn: each task alone stays within
    # a cap of 3, both together do not. Elsewhere nobody leaves, and everywhere Ada is to be invited.
    leavers, withdrawn = ['leaver0@example.com', 'leaver1@example.com'], ['withdrawn0@example.com', 'withdrawn1@example.com']
    sandbox_admin.seed_members(platform, [{'email': email, 'role': ROLES[platform]['basic']} for email in leavers])
    sandbox_admin.seed_invites(platform, [{'email': email, 'role': ROLES[platform]['basic']} for email in withdrawn])
    roster = [{'email': 'ada@example.com', 'access': everywhere('basic')}] + [{'email': email, 'state': 'absent'} for email in leavers + withdrawn]

    since = last_seq(sandbox_admin)
    message = refusal(onboard(run_playbook, sandbox_admin, onboard_people=roster, onboard_max_removals=3))
    assert message.startswith('Nothing was changed on any organisation. %s: %s: max_removals: this run would remove or disable 2 members and '
                              'cancel the invitations of 2 people in %s organisation ' % (HOSTS[platform], platform, platform)), message
    assert (', 4 in all, more than the cap of 3 that org_user and org_invite count against together; nothing was changed. If that is meant, '
            'raise max_removals') in message, message
    assert message.endswith("; through this role, set onboard_max_removals (the modules' max_removals).")
    assert [host for host in HOSTS.values() if '%s:' % host in message] == [HOSTS[platform]]
    assert_no_writes_anywhere(sandbox_admin, since)

    run = onboard(run_playbook, sandbox_admin, onboard_people=roster, onboard_max_removals=4).assert_ok()
    found = actions(run)
    assert dict((email, found[HOSTS[platform]][email]) for email in leavers + withdrawn) == dict(
        (email, 'removed') for email in leavers + withdrawn)
    assert enabled(sandbox_admin, platform) == [OWNER]
    assert pending_by_email(sandbox_admin, platform) == {'ada@example.com': 1}
    for other in PLATFORMS:
        assert pending_by_email(sandbox_admin, other)['ada@example.com'] == 1


@pytest.mark.parametrize('platform', PLATFORMS)
def test_a_protected_absent_row_and_too_few_admins_stop_every_organisation_until_the_guards_allow_them(run_playbook, sandbox_admin, platform):
    # The break-glass account is a member of the organisation under test, a deputy administrator of the next one.
    deputy_platform = PLATFORMS[(PLATFORMS.index(platform) + 1) % len(PLATFORMS)]
    sandbox_admin.seed_members(platform, [{'email': 'breakglass@example.com', 'role': ROLES[platform]['basic']}])
    sandbox_admin.seed_members(deputy_platform, [{'email': 'deputy@example.com', 'role': OWNER_ROLE[deputy_platform]}])
    roster = [{'email': 'ada@example.com', 'access': everywhere('basic')},
              {'email': 'breakglass@example.com', 'state': 'absent'},
              {'email': 'deputy@example.com', 'state': 'absent'}]

    since = last_seq(sandbox_admin)
    message = refusal(onboard(run_playbook, sandbox_admin, onboard_people=roster, onboard_protect=['breakglass@example.com'],
                              onboard_min_admins=2))
    assert ('%s: %s: onboard_people[1] (breakglass@example.com), field state: breakglass@example.com is protected'
            % (HOSTS[platform], platform)) in message, message
    assert ('%s: %s: min_admins: this run would leave 1 enabled administrators (role %s)'
            % (HOSTS[deputy_platform], deputy_platform, OWNER_ROLE[deputy_platform])) in message
    assert 'fewer than min_admins (2)' in message
    assert message.endswith('; through this role, set onboard_protect (protect), onboard_min_admins (min_admins).')
    assert_no_writes_anywhere(sandbox_admin, since)

    # Unset, the modules' defaults apply: nobody is protected, one administrator is enough.
    run = onboard(run_playbook, sandbox_admin, onboard_people=roster).assert_ok()
    found = actions(run)
    assert found[HOSTS[platform]]['breakglass@example.com'] == 'removed'
    assert found[HOSTS[deputy_platform]]['deputy@example.com'] == 'removed'
    assert 'breakglass@example.com' not in enabled(sandbox_admin, platform)
    assert enabled(sandbox_admin, deputy_platform) == [OWNER]


@pytest.mark.parametrize('platform', PLATFORMS)
def test_exclusive_on_organisations_no_row_reaches_is_refused_unless_onboard_allow_empty_exclusive(run_playbook, sandbox_admin, platform):
    # Only the organisation under test is in anyone's access; the others would be emptied.
    others = [other for other in PLATFORMS if other != platform]
    for other in others:
        sandbox_admin.seed_members(other, [{'email': 'gone@example.com', 'role': ROLES[other]['basic']}])
    roster = [{'email': 'ada@example.com', 'access': {platform: ROLES[platform]['basic']}}]

    since = last_seq(sandbox_admin)
    message = refusal(onboard(run_playbook, sandbox_admin, onboard_people=roster, onboard_exclusive=True))
    for other in others:
        assert '%s: %s: users: is empty and exclusive is true' % (HOSTS[other], other) in message, message
    assert '%s:' % HOSTS[platform] not in message
    assert message.endswith('; through this role, set onboard_allow_empty_exclusive (allow_empty_exclusive).')
    # Refused before they read anything; the organisation under test planned an invitation and sent it nowhere.
    assert_no_writes(sandbox_admin, platform, since=since)
    for other in others:
        assert sandbox_admin.log(platform=other, since=since) == []

    run = onboard(run_playbook, sandbox_admin, onboard_people=roster, onboard_exclusive=True, onboard_allow_empty_exclusive=True).assert_ok()
    found = actions(run)
    assert found[HOSTS[platform]]['ada@example.com'] == 'invited'
    for other in others:
        assert found[HOSTS[other]]['gone@example.com'] == 'removed'
        assert enabled(sandbox_admin, other) == [OWNER]
