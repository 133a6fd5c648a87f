# Copyright: (c) 2026, orgaccess maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The onboard playbook in batches (``-e onboard_serial=N``, the play keyword ``serial``), through ansible-runner.

What roles/onboard/README.md ("Parallel runs, the plan barrier, serial and job slicing") says of ``serial``: each
batch plans, checks and applies before the next one starts, so a plan refused in a later batch stops the run before
that batch writes anything while the earlier batches stay applied; each batch prints its own summary and writes its
own report, and the batches' JSON reports merge into the report of one run over every organisation.
"""

from __future__ import annotations

import json

from test_bad_input import ENVIRONMENT
from test_onboard_orgs import (MERGE, OUTCOME, PROFILES, REFUSED, ROSTER, VALIDATE, add_orgs, end_state, onboard, people_outcomes, seed,
                               writes)

PLAN_USERS = 'Plan the members of each organisation (check mode, nothing is written)'
PLAN_INVITES = 'Plan the invitations of each organisation (check mode, nothing is written)'
APPLY_USERS = 'Set roles and teams, and remove absent people, on each organisation with changes'
APPLY_INVITES = 'Invite people and cancel invitations on each organisation with changes'
# Six organisations, two of each platform, in batches of two; the play takes its hosts in inventory order, which the
# test inventory makes the order of their names.
HOSTS = ['cisco_xdr_acme', 'cisco_xdr_globex', 'cybedefend_blue', 'cybedefend_red', 'snyk_team_0', 'snyk_team_2']
BATCHES = [HOSTS[0:2], HOSTS[2:4], HOSTS[4:6]]


def steps(run):
    """``[(step, [hosts])]`` in the order the run went: each run of a plan or apply task, with the hosts it ran on."""
    names = {PLAN_USERS: 'plan', PLAN_INVITES: 'plan', APPLY_USERS: 'apply', APPLY_INVITES: 'apply'}
    found = []
    for result in run.tasks:
        step = names.get(result.task)
        if step is None:
            continue
        if found and found[-1][0] == (step, result.task):
            found[-1][1].append(result.host)
        else:
            found.append(((step, result.task), [result.host]))
    return [(step, sorted(hosts)) for (step, _task), hosts in found]


def test_each_batch_plans_then_applies_and_the_batch_reports_merge_into_one(run_playbook, sandbox_admin, tmp_path):
    orgs = add_orgs(sandbox_admin)
    seed(sandbox_admin, orgs)
    variables = {'onboard_people': ROSTER, 'onboard_profiles': PROFILES}
    whole = tmp_path / 'whole.json'
    onboard(run_playbook, sandbox_admin, orgs, hosts=HOSTS, onboard_report_path=str(whole), **variables).assert_ok()
    unbatched = end_state(sandbox_admin, orgs)

    sandbox_admin.reset()
    orgs = add_orgs(sandbox_admin)
    seed(sandbox_admin, orgs)
    # Each batch's report under its own name (the first host of the batch), as the README advises.
    report_path = str(tmp_path / 'batch-{{ ansible_play_batch[0] }}.json')
    run = onboard(run_playbook, sandbox_admin, orgs, hosts=HOSTS, onboard_serial=2, onboard_report_path=report_path,
                  **variables).assert_ok()

    # Batch by batch: the batch plans (both tasks), then applies (both tasks), before the next batch plans.
    expected = []
    for batch in BATCHES:
        expected += [('plan', batch), ('plan', batch), ('apply', batch), ('apply', batch)]
    assert steps(run) == expected
    # The roster is validated once per batch, each time against every organisation of the play.
    assert len(run.results(VALIDATE)) == len(BATCHES)
    assert [sorted(result['organizations']) for result in run.results(VALIDATE)] == [HOSTS] * len(BATCHES)
    # One summary per batch, of its organisations.
    summaries = [result['msg'] for result in run.results('Show the summary')]
    assert [summary[0] for summary in summaries] == ['Done: 4 in the roster, 2 organisation(s)'] * len(BATCHES)
    assert [sorted(line.split()[0] for line in summary[1:3]) for summary in summaries] == BATCHES
    assert [sorted(result['ansible_facts']['onboard_outcome']['organizations']) for result in run.results(OUTCOME)] == BATCHES
    # The end state is the one of a run without batches.
    assert end_state(sandbox_admin, orgs) == unbatched

    reports = [tmp_path / ('batch-%s.json' % batch[0]) for batch in BATCHES]
    assert [sorted(json.loads(path.read_text(encoding='utf-8'))['organizations']) for path in reports] == BATCHES
    merged_path = tmp_path / 'merged.json'
    run_playbook(MERGE, extravars={'onboard_report_paths': [str(path) for path in reports], 'onboard_report_path': str(merged_path)},
                 envvars=ENVIRONMENT).assert_ok()
    merged, expected_report = json.loads(merged_path.read_text(encoding='utf-8')), json.loads(whole.read_text(encoding='utf-8'))
    assert dict((host, found['summary']) for host, found in merged['organizations'].items()) == dict(
        (host, found['summary']) for host, found in expected_report['organizations'].items())
    assert people_outcomes(merged) == people_outcomes(expected_report)


def test_a_refused_plan_in_a_later_batch_stops_before_its_writes_and_earlier_batches_stay(run_playbook, sandbox_admin, tmp_path):
    orgs = add_orgs(sandbox_admin)
    seed(sandbox_admin, orgs)
    before = end_state(sandbox_admin, orgs)
    # Org Owner cannot be given on Snyk: snyk_team_2, in the last batch, refuses its plan.
    roster = ROSTER + [{'email': 'dee@example.com', 'access': {'snyk_team_2': 'Org Owner'}}]
    report_path = tmp_path / 'report.json'

    run = onboard(run_playbook, sandbox_admin, orgs, hosts=HOSTS, onboard_serial=2, onboard_people=roster,
                  onboard_profiles=PROFILES, onboard_report_path=str(report_path))
    assert not run.ok
    # The check ran in every batch and stopped the last one.
    assert [result.status for result in run.results(REFUSED)] == ['skipped', 'skipped', 'failed']
    message = run.results(REFUSED)[-1]['msg']
    assert message.startswith('Nothing was changed on any organisation. snyk_team_2: ')
    assert "'Org Owner'" in message and 'onboard_people[4] (dee@example.com)' in message
    # The first two batches planned and applied; the last one planned and wrote nothing.
    assert steps(run) == [('plan', BATCHES[0]), ('plan', BATCHES[0]), ('apply', BATCHES[0]), ('apply', BATCHES[0]),
                          ('plan', BATCHES[1]), ('plan', BATCHES[1]), ('apply', BATCHES[1]), ('apply', BATCHES[1]),
                          ('plan', BATCHES[2]), ('plan', BATCHES[2])]
    after = end_state(sandbox_admin, orgs)
    for host in BATCHES[0] + BATCHES[1]:
        assert after[host] != before[host], host
    for host in BATCHES[2]:
        assert after[host] == before[host], host
    snyk_writes = [entry['path'] for entry in sandbox_admin.log(platform='snyk', kind='write')]
    assert snyk_writes == [] and writes(sandbox_admin) > 0
    # The report is the last batch's that got that far: the second one's (the refused batch wrote none).
    assert sorted(json.loads(report_path.read_text(encoding='utf-8'))['organizations']) == BATCHES[1]
