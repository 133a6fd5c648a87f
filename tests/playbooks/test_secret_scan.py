# Copyright: (c) 2026, orgaccess maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The secret scan: no secret reaches anything a run leaves behind.

The sandbox gets distinctive credentials; the onboard role (main, on the hosts made of onboard_platforms and on
organisation hosts of an inventory whose host vars name the secrets' variables, and audit with its export) and every module then run
on every platform with -vvv and --diff through ansible-runner, through successes, retried server
errors, a create whose outcome is unknown, and refused input. Every secret (client
secret, API token, personal access token, the access tokens and the invitation tokens the sandbox
handed out) is then searched for in the stdout, every job event, the runner's artifacts and the
role's reports. A second test proves that the scan finds a secret that is printed.

Credentials reach the run the ways people pass them: as variables (extra variables here, a vault
elsewhere) referenced from the options, from every platform's entry of the option connections in
module_defaults (a misspelt option holding a secret included), and, for Snyk, as an environment
variable of the run (what AWX/AAP credential types inject). Three things outside the collection would show a secret, so the
test keeps clear of the first two and accounts for the third: ansible-core prints the playbook lines
around a failed task (a secret typed into the playbook shows up there); with -vvv it prints the
command that starts each module, which holds whatever the ``environment`` keyword sets; and
ansible-runner keeps the environment it started ansible-playbook with in its ``command`` artifact,
which is therefore checked to hold the environment's secret and nothing else.
"""

from __future__ import annotations

import json
import pathlib
import uuid

import pytest

from platforms import PLATFORMS, ROLES, connection, pending_by_email, play

# Where each platform's distinctive secret goes: (sandbox credential, module option, environment variable).
CREDENTIALS = {
    'cisco_xdr': ('client_secret', 'client_secret', 'CISCO_XDR_CLIENT_PASSWORD'),
    'snyk': ('token', 'api_token', 'SNYK_TOKEN'),
    'cybedefend': ('pat', 'api_token', 'CYBEDEFEND_PAT'),
}
# Snyk's token reaches the modules from the environment (as AWX/AAP credential types inject it); the others as options.
FROM_ENVIRONMENT = ('snyk',)
VARIABLE = 'secret_%s'
# ansible-runner's record of how it started ansible-playbook, environment included.
RUNNER_COMMAND = 'artifact command'
# The first two invitation creates per platform fail with 500 and 502 (retried after reading back), and one
# read fails with 503 (retried): error paths print more than successes do.
CREATES = r'(batch/invites|orgs/[^/]+/invites\?|/invite$)'
FAULTS = [{'match': {'platform': platform, 'method': 'POST', 'path_regex': CREATES}, 'fault': fault, 'times': 1}
          for platform in PLATFORMS for fault in ('500', '502')]
FAULTS += [{'match': {'platform': platform, 'method': 'GET'}, 'fault': '503', 'times': 1} for platform in PLATFORMS]


@pytest.fixture
def secrets(sandbox, sandbox_admin, monkeypatch):
    """Distinctive credentials set in the sandbox; the dict also collects every access token it issues."""
    values = {}
    for platform, (credential, _option, _variable) in CREDENTIALS.items():
        values[platform] = '%s-secret-%s' % (platform, uuid.uuid4().hex)
        sandbox_admin.set_credentials(platform, **{credential: values[platform]})
    issue_token = sandbox.server.store.issue_token

    def recording_issue_token(platform):
        token, lifetime = issue_token(platform)
        values['%s access token %d' % (platform, len(values))] = token
        return token, lifetime

    monkeypatch.setattr(sandbox.server.store, 'issue_token', recording_issue_token)
    return values


def module_connection(platform, admin):
    """The connection options, the credential a reference to its variable (or left to the environment)."""
    args = connection(platform, admin)
    option = CREDENTIALS[platform][1]
    if platform in FROM_ENVIRONMENT:
        del args[option]
    else:
        args[option] = '{{ %s }}' % (VARIABLE % platform)
    return args


def module_tasks(platform, admin):
    """Every module on one platform: reads, invitations created, replaced and cancelled, a member changed, refused input."""
    args = module_connection(platform, admin)
    roles = ROLES[platform]
    invites = [{'email': 'new.%s@example.com' % number, 'role': roles['basic']} for number in range(3)]
    invites += [{'email': 'promote@example.com', 'role': roles['elevated']}, {'email': 'drop@example.com', 'state': 'absent'}]
    users = [{'email': 'member@example.com', 'role': roles['elevated']}]

    def task(name, module, **options):
        return {'name': '%s: %s' % (platform, name), 'orgaccess.onboarding.' + module: dict(args, **options)}

    return [
        task('list invites and roles', 'invite_info', include_roles=True, include_inactive=True),
        task('invite, replace and cancel', 'org_invite', invites=invites),
        task('change a member', 'org_user', users=users),
        task('list members', 'org_user_info'),
        dict(task('refuse an unknown role', 'org_invite', email='x@example.com', role='No Such Role'), ignore_errors=True),
    ]


def connections_block(admin):
    """Every platform's connection in one module_defaults entry (option connections), each secret a variable
    reference; per platform a read and invitations created, then a misspelt option holding a secret, refused."""
    connections = {}
    for platform in PLATFORMS:
        entry = connection(platform, admin)
        del entry['platform']
        entry[CREDENTIALS[platform][1]] = '{{ %s }}' % (VARIABLE % platform)
        connections[platform] = entry
    tasks = []
    for platform in PLATFORMS:
        invites = [{'email': 'grouped.%d@example.com' % number, 'role': ROLES[platform]['basic']} for number in range(2)]
        tasks.append({'name': 'connections: %s: list invites' % platform, 'orgaccess.onboarding.invite_info': {'platform': platform}})
        tasks.append({'name': 'connections: %s: invite' % platform, 'orgaccess.onboarding.org_invite': {'platform': platform, 'invites': invites}})
    tasks.append({'name': 'connections: refuse a misspelt option', 'ignore_errors': True, 'orgaccess.onboarding.invite_info': {
        'platform': 'snyk', 'connections': {'snyk': {'api_tokn': '{{ %s }}' % (VARIABLE % 'snyk')}}}})
    return [{'name': 'every platform through connections', 'module_defaults': {'group/orgaccess.onboarding.onboarding': {
        'connections': connections}}, 'block': tasks}]


def role_plays(admin, report_dir):
    """The onboard role twice: on the hosts the playbooks make of onboard_platforms (settings with the secrets as
    variable references), and on organisation hosts of an inventory (role_inventory) whose host vars name the
    variables and environment variables holding the secrets; then the audit of both, with its export."""
    platforms = {}
    for platform in PLATFORMS:
        settings = module_connection(platform, admin)
        del settings['platform']
        platforms[platform] = settings
    people = [{'email': 'role.%d@example.com' % number, 'access': dict((platform, ROLES[platform]['basic']) for platform in PLATFORMS)}
              for number in range(3)]
    people.append({'email': 'member@example.com', 'access': dict((platform, ROLES[platform]['basic']) for platform in PLATFORMS)})
    hosts_people = [{'email': 'hosts.%d@example.com' % number, 'access': dict((platform, ROLES[platform]['basic']) for platform in PLATFORMS)}
                    for number in range(2)]
    role = {'name': 'orgaccess.onboarding.onboard'}
    return [
        {'name': 'organisation hosts of onboard_platforms', 'hosts': 'localhost', 'gather_facts': False, 'tasks': [
            {'name': 'add them', 'ansible.builtin.include_role': dict(role, tasks_from='platforms'), 'vars': {'onboard_platforms': platforms}}]},
        {'name': 'onboard them', 'hosts': 'orgaccess_orgs', 'gather_facts': False, 'tasks': [
            {'name': 'onboard a roster', 'ansible.builtin.include_role': role,
             'vars': {'onboard_platforms': platforms, 'onboard_people': people, 'onboard_report_path': str(report_dir / 'onboard.json')}}]},
        {'name': 'onboard the organisations of an inventory', 'hosts': 'scan_orgs', 'gather_facts': False, 'tasks': [
            {'name': 'onboard a roster on inventory hosts', 'ansible.builtin.include_role': role,
             'vars': {'onboard_people': hosts_people, 'onboard_report_path': str(report_dir / 'hosts.md')}}]},
        {'name': 'audit', 'hosts': 'orgaccess_orgs:scan_orgs', 'gather_facts': False, 'tasks': [
            {'name': 'audit', 'ansible.builtin.include_role': dict(role, tasks_from='audit'),
             'vars': {'onboard_platforms': platforms, 'onboard_report_path': str(report_dir / 'audit.md'),
                      'onboard_export_path': str(report_dir / 'roster.csv')}}]},
    ]


def role_inventory(admin):
    """One organisation host per platform (the sandbox's default organisations), secrets named, never given."""
    hosts = {}
    for platform in PLATFORMS:
        settings = connection(platform, admin)
        for key in ('platform', CREDENTIALS[platform][1], 'org_id'):
            settings.pop(key, None)
        variables = {'orgaccess_platform': platform, 'orgaccess_connection': settings, 'ansible_connection': 'local',
                     'orgaccess_org_id': connection(platform, admin).get('org_id', 'xdr-default')}
        if platform not in FROM_ENVIRONMENT:
            variables['orgaccess_secret_vars'] = {CREDENTIALS[platform][1]: VARIABLE % platform}
        hosts['scan_%s' % platform] = variables
    return {'scan_orgs': {'hosts': hosts}}


def everything_left_behind(run, report_dir):
    """``{source: text}`` of everything a run leaves for people or machines to read: each artifact file on its own."""
    sources = {'stdout': run.stdout, 'job events': json.dumps(run.events, default=str)}
    artifacts = pathlib.Path(run.runner.config.artifact_dir)
    for artifact in sorted(path for path in artifacts.rglob('*') if path.is_file()):
        sources['artifact %s' % artifact.relative_to(artifacts)] = artifact.read_text(encoding='utf-8', errors='replace')
    for report in sorted(report_dir.iterdir()):
        sources['report %s' % report.name] = report.read_text(encoding='utf-8')
    return sources


def leaks(secrets, sources):
    """``['<secret> in <source>']`` for every secret found in any source."""
    return ['%s in %s' % (label, source) for label, secret in sorted(secrets.items()) for source, text in sources.items() if secret in text]


def invitation_tokens(admin):
    return dict(('invitation token of %s' % invitation['email'], invitation['token'])
                for invitation in admin.state('cybedefend')['invitations'] if invitation.get('token'))


def test_no_secret_in_output_events_artifacts_or_reports(run_playbook, sandbox_admin, secrets, tmp_path):
    for platform in PLATFORMS:
        roles = ROLES[platform]
        sandbox_admin.seed_members(platform, [{'email': 'member@example.com', 'name': 'A Member', 'role': roles['basic']}])
        sandbox_admin.seed_invites(platform, [{'email': 'promote@example.com', 'role': roles['basic']},
                                              {'email': 'drop@example.com', 'role': roles['basic']}])
    sandbox_admin.configure(fault_script=FAULTS)
    report_dir = tmp_path / 'reports'
    report_dir.mkdir()
    tasks = [task for platform in PLATFORMS for task in module_tasks(platform, sandbox_admin)]
    tasks += connections_block(sandbox_admin)
    # Every secret as a variable too: the connections block references them all.
    variables = dict((VARIABLE % platform, secrets[platform]) for platform in PLATFORMS)
    environment = dict((CREDENTIALS[platform][2], secrets[platform]) for platform in FROM_ENVIRONMENT)

    run = run_playbook(play(*tasks) + role_plays(sandbox_admin, report_dir), extravars=variables, envvars=environment, diff=True,
                       verbosity=3, inventory=role_inventory(sandbox_admin)).assert_ok()

    assert sorted(result.task for result in run.failed_tasks) == sorted(['connections: refuse a misspelt option'] + [
        '%s: refuse an unknown role' % platform for platform in PLATFORMS])
    assert run.result('connections: refuse a misspelt option')['msg'].startswith('connections.snyk.api_tokn: is not an option of snyk')
    for platform in PLATFORMS:
        assert pending_by_email(sandbox_admin, platform)['grouped.1@example.com'] == 1
    assert [entry for entry in sandbox_admin.log() if entry['fault']], 'no fault was injected: the error paths did not run'
    assert any('access token' in label for label in secrets), 'no access token was issued: the scan would miss them'
    tokens = invitation_tokens(sandbox_admin)
    assert len(tokens) >= 3, 'the sandbox handed out no invitation tokens to look for'
    assert len(list(report_dir.iterdir())) == 4
    for platform in PLATFORMS:
        assert pending_by_email(sandbox_admin, platform)['hosts.1@example.com'] == 1
    sources = everything_left_behind(run, report_dir)
    assert RUNNER_COMMAND in sources and 'artifact stdout' in sources
    runner_command = {RUNNER_COMMAND: sources.pop(RUNNER_COMMAND)}
    assert leaks(dict(secrets, **tokens), sources) == []
    assert leaks(dict(secrets, **tokens), runner_command) == ['%s in %s' % (platform, RUNNER_COMMAND) for platform in FROM_ENVIRONMENT]


def test_the_scan_finds_a_printed_secret(run_playbook, secrets, tmp_path):
    """The scan can fail: a task that prints a secret is caught in every place it shows up."""
    run = run_playbook(play({'name': 'print a secret', 'ansible.builtin.debug': {'msg': 'the token is {{ token }}'}}),
                       extravars={'token': secrets['snyk']}).assert_ok()
    no_reports = tmp_path / 'reports'
    no_reports.mkdir()
    found = leaks({'snyk': secrets['snyk']}, everything_left_behind(run, no_reports))
    assert found[:2] == ['snyk in stdout', 'snyk in job events']
    assert 'snyk in artifact stdout' in found and any(place.startswith('snyk in artifact job_events/') for place in found)
