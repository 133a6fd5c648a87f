# Copyright: (c) 2026, orgaccess maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The audit playbook over several organisations per platform, and its export, through ansible-runner.

Two organisations per platform (two Cisco XDR clients, one Snyk token, one CybeDefend PAT), described by the static
inventory of test_onboard_orgs.
"""

from __future__ import annotations

import csv
import json
import os

import pytest
import yaml

from platforms import ROLES
from test_onboard_orgs import ONBOARD, PLAYBOOKS, inventory, outcome_of, secrets

AUDIT = os.path.join(PLAYBOOKS, 'audit.yml')
GATHER = 'Gather the audit of every organisation'


def add_orgs(admin):
    """Two organisations per platform, ``{host: (platform, org id)}``; the default organisations stay out of the inventory."""
    orgs = {}
    for name in ('acme', 'globex'):
        created = admin.add_orgs('cisco_xdr', [{'name': name.title(), 'client_id': 'client-%s' % name, 'client_secret': 'secret-%s' % name}])
        orgs['cisco_xdr_%s' % name] = ('cisco_xdr', created[0]['id'])
    for number in range(2):
        orgs['snyk_team_%d' % number] = ('snyk', admin.add_orgs('snyk', [{'name': 'Team %d' % number}])[0]['id'])
    for name in ('blue', 'red'):
        orgs['cybedefend_%s' % name] = ('cybedefend', admin.add_orgs('cybedefend', [{'name': name.title()}])[0]['id'])
    return orgs


def seed(admin, orgs):
    """Ada has another role on each Snyk organisation and teams on CybeDefend; Bo is invited; Cy is disabled on one Cisco XDR
    organisation and a member of the other; Dee is disabled where she is; Eve's email is spelt two ways."""
    org = dict((host, org_id) for host, (_platform, org_id) in orgs.items())
    admin.seed_members('snyk', [{'email': 'ada@example.com', 'name': 'Ada', 'role': 'Org Admin'},
                                {'email': 'Eve@Example.com', 'role': 'Org Collaborator'}], org=org['snyk_team_0'])
    admin.seed_members('snyk', [{'email': 'ada@example.com', 'name': 'Ada', 'role': 'Org Collaborator'}], org=org['snyk_team_1'])
    admin.seed_invites('snyk', [{'email': 'bo@example.com', 'role': 'Org Collaborator'}], org=org['snyk_team_1'])
    admin.seed_members('cybedefend', [{'email': 'ada@example.com', 'name': 'Ada', 'role': 'member',
                                       'teams': [{'team': 'AppSec', 'role': 'developer'}]}], org=org['cybedefend_blue'])
    admin.seed_invites('cybedefend', [{'email': 'eve@example.com', 'role': 'member'}], org=org['cybedefend_blue'])
    admin.seed_invites('cybedefend', [{'email': 'bo@example.com', 'role': 'manager'}], org=org['cybedefend_red'])
    admin.seed_members('cisco_xdr', [{'email': 'ada@example.com', 'role': 'admin'},
                                     {'email': 'cy@example.com', 'role': 'user', 'enabled': False}], org=org['cisco_xdr_acme'])
    admin.seed_members('cisco_xdr', [{'email': 'cy@example.com', 'role': ROLES['cisco_xdr']['basic']},
                                     {'email': 'dee@example.com', 'role': 'admin', 'enabled': False}], org=org['cisco_xdr_globex'])
    admin.seed_invites('cisco_xdr', [{'email': 'bo@example.com', 'role': 'user'}], org=org['cisco_xdr_globex'])


def run_on_orgs(run_playbook, admin, orgs, playbook, check=False, limit=None, **variables):
    extravars, environment = secrets()
    extravars.update(variables)
    return run_playbook(playbook, extravars=extravars, envvars=environment, check=check, inventory=inventory(admin, orgs), limit=limit)


def test_the_audit_reads_every_organisation_into_one_summary_and_one_report(run_playbook, sandbox_admin, tmp_path):
    orgs = add_orgs(sandbox_admin)
    seed(sandbox_admin, orgs)
    report = tmp_path / 'audit.json'

    run = run_on_orgs(run_playbook, sandbox_admin, orgs, AUDIT, onboard_report_path=str(report)).assert_ok()
    assert run.changed_tasks == []
    assert sandbox_admin.log(kind='write') == []
    # Read on every organisation, gathered once.
    assert sorted(result.host for result in run.results('Read the members of each organisation')) == sorted(orgs)
    assert len(run.results(GATHER)) == 1
    audit = json.loads(report.read_text(encoding='utf-8'))
    assert sorted(audit['organizations']) == sorted(orgs) and audit['errors'] == []
    acme = audit['organizations']['cisco_xdr_acme']
    assert (acme['platform'], acme['org_id'], acme['org_name']) == ('cisco_xdr', orgs['cisco_xdr_acme'][1], 'Acme')
    assert acme['summary']['disabled'] == 1
    assert [invite['email'] for invite in audit['organizations']['cybedefend_red']['invites']] == ['bo@example.com']
    roles = dict((host, found['members']) for host, found in audit['organizations'].items())
    assert [member['role'] for member in roles['snyk_team_0'] if member['email'] == 'ada@example.com'] == ['Org Admin']
    assert [member['role'] for member in roles['snyk_team_1'] if member['email'] == 'ada@example.com'] == ['Org Collaborator']
    summary = run.result('Show the summary')['msg']
    assert summary[0] == 'Audit, nothing was changed: 6 organisation(s)' and len(summary) == 1 + 6 + 1

    limited = run_on_orgs(run_playbook, sandbox_admin, orgs, AUDIT, limit='snyk_team_1,cisco_xdr_globex').assert_ok()
    assert sorted(limited.result(GATHER)['ansible_facts']['onboard_audit']['organizations']) == ['cisco_xdr_globex', 'snyk_team_1']


def test_an_organisation_that_cannot_be_read_is_reported_and_fails_the_run_after_the_others(run_playbook, sandbox_admin, tmp_path):
    orgs = add_orgs(sandbox_admin)
    extravars, environment = secrets()
    extravars.update(vault_xdr_globex_secret='not-the-secret', onboard_export_path=str(tmp_path / 'roster.yml'))
    run = run_playbook(AUDIT, extravars=extravars, envvars=environment, inventory=inventory(sandbox_admin, orgs))
    assert not run.ok
    audit = run.result(GATHER)['ansible_facts']['onboard_audit']
    assert [error.split(':')[0] for error in audit['errors']] == ['cisco_xdr_globex']
    assert audit['organizations']['snyk_team_0']['error'] is None
    assert 'not-the-secret' not in run.stdout
    assert run.result('Fail when an organisation could not be read')['msg'].startswith('1 organisation(s) could not be read: cisco_xdr_globex: ')
    # A roster without Globex's people would, given with onboard_exclusive, remove them all: none is written.
    assert 'export: not written, since an organisation could not be read' in run.result('Show the summary')['msg']
    assert not (tmp_path / 'roster.yml').exists()


def test_an_export_path_without_a_known_extension_fails_before_any_request(run_playbook, sandbox_admin, tmp_path):
    orgs = add_orgs(sandbox_admin)
    sandbox_admin.clear_log()
    run = run_on_orgs(run_playbook, sandbox_admin, orgs, AUDIT, onboard_export_path=str(tmp_path / 'roster.txt'))
    assert not run.ok
    assert 'onboard_export_path: cannot tell the format from the extension of' in run.result(
        "Check that the export's format is known, before anything is read")['msg']
    assert sandbox_admin.log() == []


def exported_people(path):
    """The export's rows in the inline shape, from YAML or CSV."""
    with open(path, encoding='utf-8', newline='') as handle:
        if str(path).endswith('.yml'):
            return yaml.safe_load(handle)['onboard_people']
        people = []
        for row in csv.DictReader(handle):
            access = dict((column[:-len('_role')], value) for column, value in row.items() if column.endswith('_role') and value)
            for column, value in row.items():
                if column.endswith('_teams') and value:
                    scope = column[:-len('_teams')]
                    access[scope] = {'role': access[scope], 'teams': [dict(zip(('team', 'role'), entry.split(':'))) for entry in value.split(';')]}
            people.append(dict(dict((key, row[key]) for key in ('email', 'name') if row.get(key)), access=access))
        return people


@pytest.mark.parametrize('extension', ['yml', 'csv'])
def test_the_export_fed_to_the_onboard_playbook_changes_nothing_on_any_organisation(run_playbook, sandbox_admin, tmp_path, extension):
    orgs = add_orgs(sandbox_admin)
    seed(sandbox_admin, orgs)
    exported, report = tmp_path / ('roster.%s' % extension), tmp_path / 'audit.md'

    run_on_orgs(run_playbook, sandbox_admin, orgs, AUDIT, onboard_export_path=str(exported), onboard_report_path=str(report)).assert_ok()
    people = dict((person['email'], person) for person in exported_people(exported))
    assert people['ada@example.com']['access']['snyk_team_0'] == 'Org Admin'
    assert people['ada@example.com']['access']['snyk_team_1'] == 'Org Collaborator'
    assert people['ada@example.com']['access']['cybedefend_blue'] == {'role': 'member', 'teams': [{'team': 'AppSec', 'role': 'developer'}]}
    assert people['bo@example.com']['access'] == {'snyk_team_1': 'Org Collaborator', 'cybedefend_red': 'manager', 'cisco_xdr_globex': 'user'}
    assert people['cy@example.com']['access'] == {'cisco_xdr_globex': 'user'}
    assert 'dee@example.com' not in people
    # Spelt two ways, one row: as on the first organisation by host name.
    assert [email for email in people if email.lower() == 'eve@example.com'] == ['eve@example.com']
    assert people['eve@example.com']['access'] == {'snyk_team_0': 'Org Collaborator', 'cybedefend_blue': 'member'}
    # Disabled Cisco XDR users are left out, so that they stay disabled; the report says why.
    markdown = report.read_text(encoding='utf-8')
    assert '| cisco_xdr_acme | cy@example.com | is disabled; left out' in markdown
    assert '| cisco_xdr_globex | dee@example.com | is disabled; left out' in markdown
    text = exported.read_text(encoding='utf-8') + markdown
    assert [secret for secret in ('secret-acme', 'secret-globex', 'sandbox-snyk-token', 'pat_sandbox') if secret in text] == []

    before = sandbox_admin.log()[-1]['seq']
    # Planned (check mode), also exclusive (the people left out stay as they are), then applied: nothing to do anywhere.
    for exclusive in (False, True) if extension == 'yml' else (False,):
        plan = run_on_orgs(run_playbook, sandbox_admin, orgs, ONBOARD, check=True, onboard_roster_file=str(exported),
                           onboard_exclusive=exclusive).assert_ok()
        assert plan.changed_tasks == []
        assert all(found['summary']['unchanged'] > 0 and sum(found['summary'].values()) == found['summary']['unchanged']
                   for found in outcome_of(plan)['organizations'].values()), plan.result('Show the summary')['msg']
    done = run_on_orgs(run_playbook, sandbox_admin, orgs, ONBOARD, onboard_roster_file=str(exported)).assert_ok()
    assert done.changed_tasks == []
    assert sandbox_admin.log(kind='write', since=before) == []
    assert len(outcome_of(done)['organizations']) == 6
