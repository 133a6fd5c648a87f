# Copyright: (c) 2026, orgaccess maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The onboard and offboard playbooks over many organisations as inventory hosts, through ansible-runner.

The sandbox serves 3 Cisco XDR organisations (a client each, secrets from variables and from environment
variables named by host vars), 5 Snyk organisations (one token, SNYK_TOKEN) and 3 CybeDefend organisations (one
PAT, CYBEDEFEND_PAT), described by a static inventory in the host-var contract of roles/onboard/README.md.
"""

from __future__ import annotations

import collections
import json
import os
import threading

from platforms import CREDENTIALS, ROLES
from playbook_runner import COLLECTIONS_PATH
from test_bad_input import ENVIRONMENT

PLAYBOOKS = os.path.join(COLLECTIONS_PATH, 'ansible_collections', 'orgaccess', 'onboarding', 'playbooks')
ONBOARD = os.path.join(PLAYBOOKS, 'onboard.yml')
OFFBOARD = os.path.join(PLAYBOOKS, 'offboard.yml')
MERGE = os.path.join(PLAYBOOKS, 'merge_reports.yml')
VALIDATE = 'Read and validate the whole roster before touching any organisation'
REFUSED = 'Stop before any write when an organisation refused its plan'
OUTCOME = 'Merge what was done into one outcome per person and organisation'

PROFILES = {
    'appsec_engineer': {'snyk': 'Org Collaborator', 'cybedefend': {'role': 'member', 'teams': 'AppSec:developer'}, 'pci': 'Org Admin'},
    'soc_analyst': {'cisco_xdr': 'user'},
    'soc_lead': {'cisco_xdr': 'admin'},
}
ROSTER = [
    {'email': 'ada@example.com', 'name': 'Ada', 'profiles': ['appsec_engineer', 'soc_analyst']},
    # Her own access wins over the profile on Snyk; the group xdr_emea gives her admin there, over the platform.
    {'email': 'bo@example.com', 'profiles': ['appsec_engineer'], 'access': {'snyk': 'Org Auditor', 'xdr_emea': 'admin'}},
    {'email': 'cy@example.com', 'access': {'cisco_xdr_acme': 'admin', 'snyk_team_2': 'Org Admin'}},
    {'email': 'leaver@example.com', 'state': 'absent'},
]


def add_orgs(admin):
    """The organisations, and ``{host: (platform, org id)}``; the default organisations are left out of the inventory."""
    orgs = {}
    for number, name in enumerate(('acme', 'globex', 'initech')):
        created = admin.add_orgs('cisco_xdr', [{'name': name.title(), 'client_id': 'client-%s' % name, 'client_secret': 'secret-%s' % name}])
        orgs['cisco_xdr_%s' % name] = ('cisco_xdr', created[0]['id'])
        del number
    for number in range(5):
        orgs['snyk_team_%d' % number] = ('snyk', admin.add_orgs('snyk', [{'name': 'Team %d' % number}])[0]['id'])
    for name in ('blue', 'red', 'green'):
        orgs['cybedefend_%s' % name] = ('cybedefend', admin.add_orgs('cybedefend', [{'name': name.title()}])[0]['id'])
    return orgs


def inventory(admin, orgs, hosts=None):
    """A static inventory of ``orgs`` (only ``hosts`` when given, groups pared down as an AWX slice's are)."""
    urls = admin.platform_urls()
    chosen = sorted(orgs) if hosts is None else hosts
    platforms = collections.defaultdict(dict)
    for host in chosen:
        platform, org_id = orgs[host]
        variables = {'orgaccess_platform': platform, 'orgaccess_org_id': org_id, 'orgaccess_org_name': host.split('_')[-1].title(),
                     'ansible_connection': 'local', 'orgaccess_connection': dict(urls[platform])}
        if platform == 'cisco_xdr':
            name = host[len('cisco_xdr_'):]
            variables['orgaccess_connection']['client_id'] = 'client-%s' % name
            # Acme's secret from an environment variable, the others' from (vault) variables.
            if name == 'acme':
                variables['orgaccess_secret_env'] = {'client_secret': 'XDR_ACME_SECRET'}
            else:
                variables['orgaccess_secret_vars'] = {'client_secret': 'vault_xdr_%s_secret' % name}
        platforms[platform][host] = variables
    groups = {'xdr_emea': ['cisco_xdr_acme', 'cisco_xdr_globex'], 'pci': ['snyk_team_0', 'snyk_team_1']}
    children = dict((platform, {'hosts': hosts_of}) for platform, hosts_of in platforms.items())
    children.update((group, {'hosts': dict((host, None) for host in members if host in chosen)}) for group, members in groups.items())
    return {'all': {'children': {'orgaccess_orgs': {'children': dict((platform, None) for platform in platforms)}, **children}}}


def secrets():
    """The extra variables (vault variables in real life) and environment of a run."""
    extravars = {'vault_xdr_globex_secret': 'secret-globex', 'vault_xdr_initech_secret': 'secret-initech'}
    environment = dict(ENVIRONMENT, XDR_ACME_SECRET='secret-acme', SNYK_TOKEN=CREDENTIALS['snyk']['api_token'],
                       CYBEDEFEND_PAT=CREDENTIALS['cybedefend']['api_token'])
    return extravars, environment


def onboard(run_playbook, admin, orgs, playbook=ONBOARD, hosts=None, check=False, **variables):
    extravars, environment = secrets()
    extravars.update(variables)
    return run_playbook(playbook, extravars=extravars, envvars=environment, check=check, inventory=inventory(admin, orgs, hosts))


def outcome_of(run):
    return run.result(OUTCOME)['ansible_facts']['onboard_outcome']


def end_state(admin, orgs):
    """``{host: (members, pending invitations)}``, each sorted ``(email, role, enabled)``: what a run leaves behind."""
    found = {}
    for host, (platform, org_id) in orgs.items():
        state = admin.state(platform, org=org_id)
        if platform == 'snyk':
            members = [(item['relationships']['user']['data']['attributes']['email'].lower(),
                        item['relationships']['role']['data']['attributes']['name'], None) for item in state['memberships']]
        elif platform == 'cisco_xdr':
            members = [(user['user-email'].lower(), user['role'], user['enabled?']) for user in state['users']]
        else:
            members = [(user['email'].lower(), user['role'], None) for user in state['users']]
        invites = [(invite['email'].lower(), str(invite.get('role') or invite.get('roleName') or ''), None)
                   for invite in state.get('invites', state.get('invitations', [])) if str(invite.get('status', '')).lower() == 'pending']
        found[host] = (sorted(members), sorted(invites))
    return found


def seed(admin, orgs):
    """Bo is a member of every Snyk organisation (collaborator); the leaver is a member everywhere."""
    for host, (platform, org_id) in orgs.items():
        admin.seed_members(platform, [{'email': 'leaver@example.com', 'role': ROLES[platform]['basic']}], org=org_id)
        if platform == 'snyk':
            admin.seed_members(platform, [{'email': 'bo@example.com', 'role': 'Org Collaborator'}], org=org_id)


def writes(admin):
    return len(admin.log(kind='write'))


def test_a_roster_with_profiles_across_eleven_organisations_plan_apply_rerun(run_playbook, sandbox_admin, tmp_path):
    orgs = add_orgs(sandbox_admin)
    seed(sandbox_admin, orgs)
    plan_path, done_path, again_path = tmp_path / 'plan.json', tmp_path / 'done.json', tmp_path / 'again.md'

    planned = onboard(run_playbook, sandbox_admin, orgs, check=True, onboard_people=ROSTER, onboard_profiles=PROFILES,
                      onboard_report_path=str(plan_path)).assert_ok()
    assert writes(sandbox_admin) == 0
    # Validated once for the play, planned on every organisation.
    assert len(planned.results(VALIDATE)) == 1
    assert sorted(result.host for result in planned.results('Plan the members of each organisation (check mode, nothing is written)')) == sorted(orgs)
    plan = json.loads(plan_path.read_text(encoding='utf-8'))
    assert sorted(plan['organizations']) == sorted(orgs)
    assert plan['organizations']['cisco_xdr_globex']['platform'] == 'cisco_xdr'

    done_run = onboard(run_playbook, sandbox_admin, orgs, onboard_people=ROSTER, onboard_profiles=PROFILES,
                       onboard_report_path=str(done_path)).assert_ok()
    done = json.loads(done_path.read_text(encoding='utf-8'))
    assert done['organizations'] == plan['organizations'] and done['people'] == plan['people']
    roles = dict((person['email'], dict((host, (found['action'], found['role'])) for host, found in person['organizations'].items()))
                 for person in done['people'])
    assert roles['ada@example.com']['snyk_team_0'] == ('invited', 'Org Admin')      # the profile's group pci
    assert roles['ada@example.com']['snyk_team_4'] == ('invited', 'Org Collaborator')
    assert roles['ada@example.com']['cisco_xdr_initech'] == ('invited', 'user')
    assert roles['bo@example.com']['snyk_team_0'] == ('updated', 'Org Auditor')       # own access over the profile
    assert roles['bo@example.com']['cisco_xdr_acme'] == ('invited', 'admin') and 'cisco_xdr_initech' not in roles['bo@example.com']
    assert sorted(roles['cy@example.com']) == ['cisco_xdr_acme', 'snyk_team_2']
    assert set(action for action, _role in roles['leaver@example.com'].values()) == {'removed'}
    assert len(roles['leaver@example.com']) == 11
    state = end_state(sandbox_admin, orgs)
    assert ('leaver@example.com', 'user', False) in state['cisco_xdr_globex'][0]
    assert not any(member[0] == 'leaver@example.com' for member in state['snyk_team_3'][0])
    summary = done_run.result('Show the summary')['msg']
    assert summary[0] == 'Done: 4 in the roster, 11 organisation(s)' and len(summary) == 1 + 11 + 1  # and the report's path
    done_writes = writes(sandbox_admin)
    assert done_writes > 0

    again = onboard(run_playbook, sandbox_admin, orgs, onboard_people=ROSTER, onboard_profiles=PROFILES,
                    onboard_report_path=str(again_path)).assert_ok()
    assert writes(sandbox_admin) == done_writes
    assert again.changed_tasks == []
    text = again_path.read_text(encoding='utf-8')
    assert '| cisco_xdr_acme | cisco_xdr | Acme | 0 | 0 | 0 | 0 | 4 | 0 |' in text
    # The secrets reached the modules, and nothing that was left behind.
    left = planned.artifacts_text() + done_run.artifacts_text() + again.artifacts_text() + text
    assert [secret for secret in ('secret-acme', 'secret-globex', 'secret-initech') if secret in left.replace('"XDR_ACME_SECRET": "secret-acme"', '')] == []


def test_one_organisation_refusing_its_plan_leaves_every_organisation_untouched(run_playbook, sandbox_admin):
    orgs = add_orgs(sandbox_admin)
    roster = ROSTER + [{'email': 'dee@example.com', 'access': {'snyk': 'Org Collaborator', 'snyk_team_3': 'Org Owner'}}]

    run = onboard(run_playbook, sandbox_admin, orgs, onboard_people=roster, onboard_profiles=PROFILES)
    assert not run.ok
    message = run.result(REFUSED)['msg']
    assert message.startswith('Nothing was changed on any organisation. snyk_team_3: ')
    assert "'Org Owner'" in message and 'onboard_people[4] (dee@example.com)' in message
    assert writes(sandbox_admin) == 0


def test_bad_input_fails_naming_the_field_before_any_request(run_playbook, sandbox_admin):
    orgs = add_orgs(sandbox_admin)
    cases = [
        ({'onboard_people': [{'email': 'ada@example.com', 'profiles': ['appsec_enginer']}]}, "profiles[0]: unknown profile 'appsec_enginer'"),
        ({'onboard_people': [{'email': 'ada@example.com', 'access': {'snyk_team_9': 'Org Admin'}}]},
         "access: 'snyk_team_9' is not a platform"),
        ({'onboard_people': [{'email': 'ada@example.com', 'access': {'emea': 'admin'}}]}, "access: 'emea' is not a platform"),
        ({'onboard_people': [{'email': 'ada@example.com', 'profiles': ['soc_analyst', 'soc_lead']}]},
         'on cisco_xdr_acme: profile soc_analyst (onboard_profiles.soc_analyst.cisco_xdr) gives'),
    ]
    for variables, expected in cases:
        sandbox_admin.clear_log()
        run = onboard(run_playbook, sandbox_admin, orgs, onboard_profiles=PROFILES, **variables)
        assert not run.ok
        assert expected in run.result(VALIDATE)['msg']
        assert sandbox_admin.log() == []


def test_offboarding_reaches_every_organisation(run_playbook, sandbox_admin):
    orgs = add_orgs(sandbox_admin)
    seed(sandbox_admin, orgs)

    run = onboard(run_playbook, sandbox_admin, orgs, playbook=OFFBOARD, offboard_emails='leaver@example.com').assert_ok()
    assert set(outcome_of(run)['organizations']) == set(orgs)
    for host, (members, _invites) in end_state(sandbox_admin, orgs).items():
        leaver = [member for member in members if member[0] == 'leaver@example.com']
        assert leaver == ([('leaver@example.com', 'user', False)] if host.startswith('cisco_xdr') else []), host


def test_two_slices_run_at_once_end_like_one_unsliced_run_and_their_reports_merge(run_playbook, sandbox_admin, tmp_path):
    variables = {'onboard_people': ROSTER, 'onboard_profiles': PROFILES, 'onboard_ignore_unknown_scopes': True}
    orgs = add_orgs(sandbox_admin)
    seed(sandbox_admin, orgs)
    whole = tmp_path / 'whole.json'
    onboard(run_playbook, sandbox_admin, orgs, onboard_report_path=str(whole), **variables).assert_ok()
    unsliced = end_state(sandbox_admin, orgs)

    sandbox_admin.reset()
    orgs = add_orgs(sandbox_admin)
    seed(sandbox_admin, orgs)
    # As AWX deals them: hosts sorted by name, slice k of N gets hosts[k::N]; each slice's inventory holds only its hosts.
    hosts = sorted(orgs)
    runs, reports = {}, [tmp_path / 'slice1.json', tmp_path / 'slice2.json']

    def run_slice(number):
        runs[number] = onboard(run_playbook, sandbox_admin, orgs, hosts=hosts[number::2], onboard_report_path=str(reports[number]),
                               **variables)

    threads = [threading.Thread(target=run_slice, args=(number,)) for number in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for number in range(2):
        runs[number].assert_ok()
    assert end_state(sandbox_admin, orgs) == unsliced

    merged_path = tmp_path / 'merged.json'
    run_playbook(MERGE, extravars={'onboard_report_paths': [str(path) for path in reports], 'onboard_report_path': str(merged_path)},
                 envvars=ENVIRONMENT).assert_ok()
    merged, expected = json.loads(merged_path.read_text(encoding='utf-8')), json.loads(whole.read_text(encoding='utf-8'))
    assert sorted(merged['organizations']) == sorted(expected['organizations'])
    assert dict((host, found['summary']) for host, found in merged['organizations'].items()) == dict(
        (host, found['summary']) for host, found in expected['organizations'].items())
    assert people_outcomes(merged) == people_outcomes(expected)


def people_outcomes(outcome):
    """``[(email, [(host, action, role)])]``, sorted."""
    return sorted((person['email'], sorted((host, found['action'], found['role']) for host, found in person['organizations'].items()))
                  for person in outcome['people'])
