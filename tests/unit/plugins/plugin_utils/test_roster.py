# -*- coding: utf-8 -*-
# Copyright (c) 2026, orgaccess.onboarding contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.orgaccess.onboarding.plugins.plugin_utils._roster import (
    ANY_SCOPE,
    RosterError,
    csv_field,
    csv_rows,
    csv_text,
    inline_rows,
    organization_requests,
    outcome,
    platform_requests,
    validate,
    validate_profiles,
)

HEADER = 'email,name,state,cisco_xdr_role,snyk_role,cybedefend_role,cybedefend_teams\n'
ALL_ZERO = {'invited': 0, 'renewed': 0, 'updated': 0, 'removed': 0, 'unchanged': 0, 'failed': 0}


def problems_of(rows, field_name=None):
    with pytest.raises(RosterError) as caught:
        validate(rows) if field_name is None else validate(rows, field_name)
    return caught.value.problems


def people(*entries):
    return validate(inline_rows(list(entries), 'onboard_people'))


def summary(**counts):
    return dict(ALL_ZERO, **counts)


# Reading


def test_inline_rows_accept_a_list_or_a_roster_file_mapping():
    ada = {'email': 'ada@example.com'}
    assert inline_rows([ada], 'onboard_people') == [('onboard_people[0]', ada)]
    assert inline_rows({'onboard_people': [ada]}, 'roster.yml') == [('roster.yml onboard_people[0]', ada)]
    with pytest.raises(RosterError) as caught:
        inline_rows({'people': [ada]}, 'roster.yml')
    assert caught.value.problems == ['roster.yml: must be a list of people (mappings with email, name, state and access)']


def test_csv_rows_read_each_line_in_the_inline_shape_with_its_line_number():
    text = ('\ufeffEmail, Name ,STATE,cisco_xdr_role,snyk_role,cybedefend_role,cybedefend_teams,department\n'
            'ada@example.com,Ada Lovelace,,admin,Org Admin,manager,Platform:team_manager;AppSec:read_only,R&D\n'
            '\n'
            ' bo@example.com ,,absent,,,,,Sales\n')
    rows = csv_rows(text, 'roster.csv', ignore_columns=['Department'])
    assert rows == [
        ('roster.csv line 2', {'email': 'ada@example.com', 'name': 'Ada Lovelace', 'access': {
            'cisco_xdr': {'role': 'admin'}, 'snyk': {'role': 'Org Admin'},
            'cybedefend': {'role': 'manager', 'teams': 'Platform:team_manager;AppSec:read_only'}}}),
        ('roster.csv line 4', {'email': 'bo@example.com', 'state': 'absent'}),
    ]
    ada = validate(rows, csv_field)[0]
    assert ada['access']['cybedefend'] == {'role': 'manager', 'teams': [{'team': 'Platform', 'role': 'team_manager'},
                                                                        {'team': 'AppSec', 'role': 'read_only'}]}


def test_csv_header_problems_are_all_reported():
    with pytest.raises(RosterError) as caught:
        csv_rows('name,snyk_rol,name\nAda,admin,Ada\n', 'roster.csv')
    assert caught.value.problems == [
        'roster.csv line 1: there is no email column',
        "roster.csv line 1: unknown column 'snyk_rol' (known: email, name, state, profiles, from, until, <scope>_role, <scope>_teams, "
        '<scope>_from, <scope>_until (a scope being a platform, an inventory group or an organisation); list other columns in '
        'onboard_roster_ignore_columns)',
        "roster.csv line 1: column 'name' is given twice",
    ]
    with pytest.raises(RosterError) as caught:
        csv_rows('', 'empty.csv')
    assert caught.value.problems == ['empty.csv: the first line must name the columns (email, name, state, <platform>_role, <platform>_teams)']


def test_csv_line_with_more_cells_than_columns_is_refused():
    with pytest.raises(RosterError) as caught:
        csv_rows(HEADER + 'ada@example.com,Ada,present,admin,,,,extra\n', 'roster.csv')
    assert caught.value.problems == ['roster.csv line 2: has 8 cells, the header names 7 columns']


def test_every_long_csv_line_is_listed_with_the_other_rows_problems_in_line_order():
    text = HEADER + ('ada@example.com,Ada,present,admin,,,,extra\n'
                     'not-an-email,Bo,present,admin,,,\n'
                     'cy@example.com,Cy,present,admin,,,\n'
                     'dee@example.com,Dee,present,admin,,,,extra,more\n')
    with pytest.raises(RosterError) as caught:
        csv_rows(text, 'roster.csv')
    problems = caught.value.problems
    assert len(problems) == 3
    assert problems[0] == 'roster.csv line 2: has 8 cells, the header names 7 columns'
    assert problems[1].startswith('roster.csv line 3: column email: ')
    assert problems[2] == 'roster.csv line 5: has 9 cells, the header names 7 columns'


# Validation


def test_a_valid_roster_is_normalised():
    found = people(
        {'email': ' Ada@Example.com ', 'name': ' Ada ', 'access': {'snyk': 'Org Admin', 'cybedefend': {
            'role': 'member', 'teams': [{'team': 'Platform', 'role': 'developer'}]}}},
        {'email': 'bo@example.com', 'state': 'ABSENT'},
    )
    assert found == [
        {'label': 'onboard_people[0]', 'email': 'Ada@Example.com', 'key': 'ada@example.com', 'name': 'Ada', 'state': 'present',
         'access': {'snyk': {'role': 'Org Admin', 'teams': None},
                    'cybedefend': {'role': 'member', 'teams': [{'team': 'Platform', 'role': 'developer'}]}}, 'profiles': [],
         'profile_dates': {}, 'from': None, 'until': None},
        {'label': 'onboard_people[1]', 'email': 'bo@example.com', 'key': 'bo@example.com', 'name': None, 'state': 'absent',
         'access': {}, 'profiles': [], 'profile_dates': {}, 'from': None, 'until': None},
    ]


def test_every_problem_names_its_row_email_and_field():
    rows = inline_rows([
        {'email': 'x@', 'access': {'cybedefend': {'role': 'member', 'teams': 'Platform'}}},
        {'email': 'ann@example.com', 'state': 'gone', 'acess': {}},
        {'email': 'ANN@example.com', 'name': 7, 'access': {'github': 'admin', 'snyk': {'role': ' ', 'teams': [{'team': 'A'}]}}},
        'bob@example.com',
        {'email': 'cy@example.com', 'access': {'cybedefend': {'role': 'member', 'team': [],
                                                              'teams': [{'team': 'A', 'role': 'x'}, {'team': 'a', 'role': 'y'}]}}},
        {'email': 'di@example.com', 'access': ['snyk']},
        {'email': 'ed@example.com', 'access': {'snyk': ['Org Admin'], 'cisco_xdr': {'role': 5}, 'cybedefend': {'role': 'member', 'teams': {}}}},
    ], 'onboard_people')
    assert problems_of(rows) == [
        "onboard_people[0]: email: 'x@' is not a valid email address",
        "onboard_people[0]: access.cybedefend.teams: entry 1 'Platform' must be Team:role",
        'onboard_people[1] (ann@example.com): acess: unknown field (known: email, name, state, access, profiles, from, until)',
        "onboard_people[1] (ann@example.com): state: 'gone' is not one of present, absent",
        'onboard_people[2] (ANN@example.com): name: must be text, got 7',
        "onboard_people[2] (ANN@example.com): access: 'github' is not a platform (cisco_xdr, snyk, cybedefend), an inventory group or "
        'an organisation (inventory host)',
        'onboard_people[2] (ANN@example.com): access.snyk.teams[0].role: is required (text)',
        'onboard_people[2] (ANN@example.com): access.snyk.role: is required when state is present',
        'onboard_people[2] (ANN@example.com): email: also in onboard_people[1]; give each person once',
        'onboard_people[3]: must be a mapping with email, name, state, access, profiles, from, until',
        'onboard_people[4] (cy@example.com): access.cybedefend.team: unknown field (known: role, teams, from, until)',
        "onboard_people[4] (cy@example.com): access.cybedefend.teams: team 'a' is listed twice",
        'onboard_people[5] (di@example.com): access: must map platforms, inventory groups or organisations to a role or to role and teams',
        'onboard_people[6] (ed@example.com): access.snyk: must be a role or a mapping with role and teams',
        'onboard_people[6] (ed@example.com): access.cisco_xdr.role: must be text, got 5',
        'onboard_people[6] (ed@example.com): access.cisco_xdr.role: is required when state is present',
        'onboard_people[6] (ed@example.com): access.cybedefend.teams: must be a list of mappings with team and role, or Team:role;...',
    ]


def test_csv_problems_name_the_line_and_column():
    rows = csv_rows(HEADER + 'ada@example.com,Ada,present,,Org Admin,,Platform:developer\n', 'roster.csv')
    assert problems_of(rows, csv_field) == [
        'roster.csv line 2 (ada@example.com): column cybedefend_role: is required with teams',
    ]


def test_a_present_person_needs_a_role_on_each_platform_of_their_access():
    assert problems_of(inline_rows([{'email': 'ada@example.com', 'access': {'snyk': {}}}], 'onboard_people')) == [
        'onboard_people[0] (ada@example.com): access.snyk.role: is required when state is present',
    ]
    absent = people({'email': 'ada@example.com', 'state': 'absent', 'access': {'snyk': {}}})
    assert absent[0]['access'] == {'snyk': {'role': None, 'teams': None}}


def test_an_empty_roster_is_refused():
    assert problems_of([]) == ['the roster names nobody; give at least one person']


def test_many_problems_make_one_message_listing_twenty():
    rows = inline_rows([{'email': 'bad%d' % number} for number in range(25)], 'onboard_people')
    with pytest.raises(RosterError) as caught:
        validate(rows)
    assert str(caught.value).startswith("25 problems in the roster, nothing was changed: onboard_people[0]: email: 'bad0' is not")
    assert str(caught.value).endswith("onboard_people[19]: email: 'bad19' is not a valid email address (and 5 more)")


# Requests


def test_requests_name_people_per_platform_in_roster_order():
    roster = people(
        {'email': 'ada@example.com', 'access': {'cisco_xdr': 'admin', 'cybedefend': {'role': 'member', 'teams': 'Platform:developer'}}},
        {'email': 'bo@example.com', 'access': {'snyk': 'Org Collaborator'}},
        {'email': 'cy@example.com', 'state': 'absent'},
    )
    requests = platform_requests(roster, ['cisco_xdr', 'snyk'])
    assert sorted(requests) == ['cisco_xdr', 'snyk']
    # Cisco XDR disables users instead of removing them: present people are asked to be enabled.
    assert requests['cisco_xdr'] == {
        'users': [{'email': 'ada@example.com', 'state': 'present', 'role': 'admin', 'teams': None, 'enabled': True},
                  {'email': 'cy@example.com', 'state': 'absent'}],
        'invites': [{'email': 'ada@example.com', 'state': 'present', 'role': 'admin', 'teams': None},
                    {'email': 'cy@example.com', 'state': 'absent'}],
        'rows': ['onboard_people[0] (ada@example.com)', 'onboard_people[2] (cy@example.com)'],
        'until': [None, None],
    }
    assert requests['snyk']['users'] == [{'email': 'bo@example.com', 'state': 'present', 'role': 'Org Collaborator', 'teams': None},
                                         {'email': 'cy@example.com', 'state': 'absent'}]
    cybedefend = platform_requests(roster, ['cybedefend'])['cybedefend']
    assert cybedefend['invites'][0]['teams'] == [{'team': 'Platform', 'role': 'developer'}]
    assert 'enabled' not in cybedefend['users'][0]


# Outcome


def roster_of(*entries, **options):
    """A roster whose organisations are one per platform, each host named after its platform (as onboard_platforms makes them)."""
    found = people(*entries)
    requests = platform_requests(found, options.get('platforms', ['snyk']))
    return {'people': found, 'organizations': dict((platform, dict(request, platform=platform, org_name=platform))
                                                   for platform, request in requests.items())}


def run(platform, items_key, items, **extra):
    return dict({'item': platform, items_key: items, 'summary': {}, 'changed': False}, **extra)


def test_outcome_combines_what_both_modules_did_per_person():
    roster = roster_of(
        {'email': 'ada@example.com', 'name': 'Ada', 'access': {'snyk': 'Org Admin'}},
        {'email': 'bo@example.com', 'access': {'snyk': 'Org Collaborator'}},
        {'email': 'cy@example.com', 'access': {'snyk': 'Org Collaborator'}},
        {'email': 'di@example.com', 'access': {'snyk': 'Org Collaborator'}},
        {'email': 'ed@example.com', 'state': 'absent'},
        {'email': 'fa@example.com', 'state': 'absent'},
        {'email': 'gu@example.com', 'access': {'snyk': 'Org Collaborator'}},
    )
    users = [run('snyk', 'users', [
        {'email': 'ada@example.com', 'action': 'not_found', 'role': None},
        {'email': 'bo@example.com', 'action': 'updated', 'role': 'Org Collaborator'},
        {'email': 'cy@example.com', 'action': 'not_found', 'role': None},
        {'email': 'di@example.com', 'action': 'unchanged', 'role': 'Org Collaborator'},
        {'email': 'ed@example.com', 'action': 'removed', 'role': 'Org Auditor'},
        {'email': 'fa@example.com', 'action': 'not_found', 'role': None},
        {'email': 'GU@example.com', 'action': 'failed', 'role': 'Org Admin', 'msg': 'could not change the user: HTTP 500'},
    ])]
    invites = [run('snyk', 'invites', [
        {'email': 'ada@example.com', 'action': 'created', 'role': 'Org Admin'},
        {'email': 'bo@example.com', 'action': 'skipped_member', 'role': 'Org Collaborator'},
        {'email': 'cy@example.com', 'action': 'renewed', 'role': 'Org Collaborator'},
        {'email': 'di@example.com', 'action': 'skipped_member', 'role': 'Org Collaborator'},
        {'email': 'ed@example.com', 'action': 'cancelled', 'role': 'Org Auditor'},
        {'email': 'fa@example.com', 'action': 'unchanged', 'role': None},
        {'email': 'gu@example.com', 'action': 'skipped_member', 'role': 'Org Collaborator'},
    ])]
    result = outcome(roster, users, invites)
    actions = [(person['email'], person['organizations']['snyk']['action']) for person in result['people']]
    assert actions == [('ada@example.com', 'invited'), ('bo@example.com', 'updated'), ('cy@example.com', 'renewed'),
                       ('di@example.com', 'unchanged'), ('ed@example.com', 'removed'), ('fa@example.com', 'unchanged'),
                       ('gu@example.com', 'failed')]
    assert result['organizations'] == {'snyk': {'platform': 'snyk', 'org_id': None, 'org_name': 'snyk',
                                                'summary': summary(invited=1, renewed=1, updated=1, removed=1, unchanged=2, failed=1),
                                                'error': None}}
    assert result['people'][0] == {'email': 'ada@example.com', 'name': 'Ada', 'state': 'present', 'row': 'onboard_people[0]',
                                   'in_roster': True, 'organizations': {'snyk': {
                                       'platform': 'snyk', 'action': 'invited', 'role': 'Org Admin', 'teams': None, 'user_action': 'not_found',
                                       'invite_action': 'created'}}}
    # The role an absent person had is reported.
    assert result['people'][4]['organizations']['snyk']['role'] == 'Org Auditor'
    assert result['messages'] == [{'organization': 'snyk', 'platform': 'snyk', 'email': 'gu@example.com', 'action': 'failed',
                                   'msg': 'could not change the user: HTTP 500'}]
    assert result['failures'] == ['snyk gu@example.com: could not change the user: HTTP 500']
    assert result['errors'] == [] and result['check_mode'] is False


def test_outcome_adds_the_people_exclusive_reached_and_those_it_kept():
    roster = roster_of({'email': 'ada@example.com', 'access': {'snyk': 'Org Admin'}})
    users = [run('snyk', 'users', [
        {'email': 'ada@example.com', 'action': 'unchanged', 'role': 'Org Admin'},
        {'email': 'zed@example.com', 'action': 'removed', 'role': 'Org Collaborator'},
        {'email': 'owner@example.com', 'action': 'unchanged', 'role': 'Org Admin', 'msg': 'kept: it is the identity these credentials belong to'},
    ])]
    invites = [run('snyk', 'invites', [
        {'email': 'ada@example.com', 'action': 'skipped_member', 'role': 'Org Admin'},
        {'email': 'yan@example.com', 'action': 'cancelled', 'role': 'Org Auditor'},
    ])]
    result = outcome(roster, users, invites)
    others = [(person['email'], person['in_roster'], person['state'], person['organizations']['snyk']['action'], person['organizations']['snyk']['role'])
              for person in result['people'] if not person['in_roster']]
    assert others == [('zed@example.com', False, None, 'removed', 'Org Collaborator'), ('owner@example.com', False, None, 'unchanged', 'Org Admin'),
                      ('yan@example.com', False, None, 'removed', 'Org Auditor')]
    assert result['organizations']['snyk']['summary'] == summary(removed=2, unchanged=2)
    assert result['messages'] == [{'organization': 'snyk', 'platform': 'snyk', 'email': 'owner@example.com', 'action': 'unchanged',
                                   'msg': 'kept: it is the identity these credentials belong to'}]
    assert result['failures'] == []


def test_a_person_without_access_on_a_platform_reached_by_exclusive_is_reported_there():
    roster = roster_of({'email': 'ada@example.com', 'access': {'cisco_xdr': 'admin'}}, platforms=['cisco_xdr', 'snyk'])
    users = [run('cisco_xdr', 'users', [{'email': 'ada@example.com', 'action': 'unchanged', 'role': 'admin'}]),
             run('snyk', 'users', [{'email': 'ada@example.com', 'action': 'removed', 'role': 'Org Admin'}])]
    invites = [run('cisco_xdr', 'invites', [{'email': 'ada@example.com', 'action': 'skipped_member', 'role': 'admin'}]),
               run('snyk', 'invites', [])]
    person = outcome(roster, users, invites)['people'][0]
    assert person['organizations'] == {
        'cisco_xdr': {'platform': 'cisco_xdr', 'action': 'unchanged', 'role': 'admin', 'teams': None, 'user_action': 'unchanged',
                      'invite_action': 'skipped_member'},
        'snyk': {'platform': 'snyk', 'action': 'removed', 'role': 'Org Admin', 'teams': None, 'user_action': 'removed',
                 'invite_action': None},
    }


def test_the_last_result_that_ran_counts_per_platform():
    roster = roster_of({'email': 'ada@example.com', 'access': {'snyk': 'Org Admin'}})
    planned = run('snyk', 'invites', [{'email': 'ada@example.com', 'action': 'created', 'role': 'Org Admin'}])
    applied = run('snyk', 'invites', [{'email': 'ada@example.com', 'action': 'failed', 'role': 'Org Admin', 'msg': 'HTTP 500'}])
    users = [run('snyk', 'users', [{'email': 'ada@example.com', 'action': 'not_found', 'role': None}])]
    skipped = {'item': 'snyk', 'skipped': True, 'changed': False}
    assert outcome(roster, users, [planned, skipped], check_mode=True)['people'][0]['organizations']['snyk']['action'] == 'invited'
    after = outcome(roster, users + [skipped], [planned, applied])
    assert after['people'][0]['organizations']['snyk']['action'] == 'failed'
    assert after['check_mode'] is False


def test_a_platform_task_that_failed_whole_names_the_roster_rows():
    roster = roster_of({'email': 'ada@example.com', 'access': {'snyk': 'Org Admin', 'cybedefend': 'member'}},
                       {'email': 'bo@example.com', 'access': {'snyk': 'Org Admn'}}, platforms=['snyk', 'cybedefend'])
    message = ("2 problems in the input, nothing was changed: snyk: users[1].role: 'Org Admn' is not a role that can be assigned; "
               'snyk: users[0].teams[0].team: unknown team')
    users = [{'item': 'snyk', 'failed': False, 'msg': message},
             run('cybedefend', 'users', [{'email': 'ada@example.com', 'action': 'not_found', 'role': None}])]
    invites = [run('snyk', 'invites', [{'email': 'ada@example.com', 'action': 'created', 'role': 'Org Admin'}]),
               run('cybedefend', 'invites', [{'email': 'ada@example.com', 'action': 'created', 'role': 'member'}])]
    result = outcome(roster, users, invites)
    expected = ("snyk: 2 problems in the input, nothing was changed: snyk: onboard_people[1] (bo@example.com), field role: "
                "'Org Admn' is not a role that can be assigned; snyk: onboard_people[0] (ada@example.com), field teams[0].team: unknown team")
    assert result['errors'] == [expected]
    assert result['failures'] == [expected]
    assert result['organizations']['snyk'] == {'platform': 'snyk', 'org_id': None, 'org_name': 'snyk', 'summary': summary(failed=2),
                                               'error': expected[len('snyk: '):]}
    assert result['organizations']['cybedefend']['summary'] == summary(invited=1)
    # A message that names the platform already is not prefixed twice.
    users[0]['msg'] = 'snyk: POST /rest/orgs returned HTTP 401'
    assert outcome(roster, users, invites)['errors'] == ['snyk: POST /rest/orgs returned HTTP 401']


def test_both_tasks_of_an_organisation_that_failed_whole_are_named_each_message_once():
    roster = roster_of({'email': 'ada@example.com', 'access': {'snyk': 'Org Admin'}}, {'email': 'bo@example.com', 'access': {'snyk': 'Org Admin'}})
    users = [{'item': 'snyk', 'failed': True, 'msg': 'the plan differs from the approved one. What differs: ada@example.com: approved updated'}]
    invites = [{'item': 'snyk', 'failed': True, 'msg': 'the plan differs from the approved one. What differs: bo@example.com: approved created'}]
    assert outcome(roster, users, invites)['errors'] == [
        'snyk: the plan differs from the approved one. What differs: ada@example.com: approved updated; '
        'the plan differs from the approved one. What differs: bo@example.com: approved created']
    # The same refusal from both (a role neither task can assign) is named once.
    users[0]['msg'] = "snyk: users[1].role: 'Org Admn' is not a role that can be assigned"
    invites[0]['msg'] = "snyk: invites[1].role: 'Org Admn' is not a role that can be assigned"
    assert outcome(roster, users, invites)['errors'] == [
        "snyk: onboard_people[1] (bo@example.com), field role: 'Org Admn' is not a role that can be assigned"]


def test_an_action_the_role_does_not_know_is_an_error():
    roster = roster_of({'email': 'ada@example.com', 'access': {'snyk': 'Org Admin'}})
    users = [run('snyk', 'users', [{'email': 'ada@example.com', 'action': 'promoted'}])]
    with pytest.raises(ValueError, match="org_user returned the action 'promoted', which the onboard role does not know"):
        outcome(roster, users, [run('snyk', 'invites', [])])
    with pytest.raises(ValueError, match='snyk: neither org_user nor org_invite reported on ada@example.com'):
        outcome(roster, [run('snyk', 'users', [])], [run('snyk', 'invites', [])])


def removals(count, max_removals='25%', members=None, pending_invitations=None):
    return {'count': count, 'max_removals': max_removals, 'cap': None, 'members': members, 'pending_invitations': pending_invitations}


def test_a_plan_whose_removals_and_cancellations_are_each_within_the_cap_but_above_it_together_is_refused():
    roster = roster_of(*[{'email': 'p%d@example.com' % number, 'state': 'absent'} for number in range(4)])
    users = [run('snyk', 'users', [{'email': 'p%d@example.com' % number, 'action': 'removed', 'role': 'Org Collaborator'} for number in (0, 1)],
                 removals=removals(2, members=10))]
    invites = [run('snyk', 'invites', [{'email': 'p%d@example.com' % number, 'action': 'cancelled', 'role': 'Org Collaborator'}
                                       for number in (2, 3)], removals=removals(2, pending_invitations=4))]
    result = outcome(roster, users, invites, check_mode=True)
    # 25% of 10 members and 4 pending invitations: 3; 2 + 2 is above it, though each task's 2 is not.
    expected = ('snyk: max_removals: this run would remove or disable 2 members and cancel the invitations of 2 people in snyk organisation '
                'snyk, 4 in all, more than the cap of 3 (25% of 14 members and pending invitations) that org_user and org_invite count '
                'against together; nothing was changed. If that is meant, raise max_removals')
    assert len(result['errors']) == 1 and result['errors'][0].startswith(expected), result['errors']
    assert result['organizations']['snyk']['summary'] == summary(failed=4)
    # A raised cap, in either form, lets it through.
    for raised in ('4', '30%'):
        users[0]['removals']['max_removals'] = invites[0]['removals']['max_removals'] = raised
        assert outcome(roster, users, invites, check_mode=True)['errors'] == []
    # The smaller cap of the two tasks counts (30% of 14 is 4).
    users[0]['removals']['max_removals'] = '3'
    assert ', 4 in all, more than the cap of 3 that' in ' '.join(outcome(roster, users, invites, check_mode=True)['errors'])
    users[0]['removals']['max_removals'], invites[0]['removals']['max_removals'] = '5', '25%'
    assert 'more than the cap of 3 (25% of 14 members' in ' '.join(outcome(roster, users, invites, check_mode=True)['errors'])


def test_the_combined_removal_cap_leaves_alone_a_real_run_and_a_plan_removing_on_one_side_only():
    roster = roster_of(*[{'email': 'p%d@example.com' % number, 'state': 'absent'} for number in range(4)])
    users = [run('snyk', 'users', [{'email': 'p%d@example.com' % number, 'action': 'removed', 'role': 'Org Collaborator'} for number in (0, 1)],
                 removals=removals(2, '1', members=10))]
    invites = [run('snyk', 'invites', [{'email': 'p%d@example.com' % number, 'action': 'unchanged', 'role': None} for number in (2, 3)],
                   removals=removals(0, '1', pending_invitations=4))]
    # Each task weighed its own count against the cap already.
    assert outcome(roster, users, invites, check_mode=True)['errors'] == []
    invites[0]['removals']['count'] = 1
    assert 'remove or disable 2 members and cancel the invitations of 1 person in' in ' '.join(
        outcome(roster, users, invites, check_mode=True)['errors'])
    # The barrier is at the plan: the outcome of a real run reports what was done.
    assert outcome(roster, users, invites)['errors'] == []
    # Results without removals (a task that failed whole) are left to their own error.
    del users[0]['removals']
    assert outcome(roster, users, invites, check_mode=True)['errors'] == []


# Many organisations: scopes, profiles, precedence, conflicts

ORGS = [
    {'host': 'snyk_payments', 'platform': 'snyk', 'org_id': 'a1', 'org_name': 'Payments', 'connection': {'org_id': 'a1'}},
    {'host': 'snyk_web', 'platform': 'snyk', 'org_id': 'a2', 'org_name': 'Web', 'connection': {'org_id': 'a2'}},
    {'host': 'snyk_data', 'platform': 'snyk', 'org_id': 'a3', 'org_name': 'Data', 'connection': {'org_id': 'a3'}},
    {'host': 'xdr_emea', 'platform': 'cisco_xdr', 'org_id': 'x1', 'org_name': 'EMEA', 'connection': {'region': 'eu'}},
]
GROUPS = {'all': [org['host'] for org in ORGS], 'snyk': ['snyk_payments', 'snyk_web', 'snyk_data'], 'cisco_xdr': ['xdr_emea'],
          'customer_facing': ['snyk_payments', 'snyk_web'], 'pci': ['snyk_payments'], 'europe': ['xdr_emea', 'snyk_data']}
SCOPES = set(GROUPS) - {'all'} | set(GROUPS['all'])
PROFILES = {
    'appsec_engineer': {'snyk': 'Org Collaborator', 'pci': 'Org Admin', 'cisco_xdr': 'user'},
    'auditor': {'snyk': 'Org Auditor'},
    'pci_owner': {'pci': 'Org Auditor'},
    'web_admin': {'customer_facing': 'Org Admin'},
    'payments_admin': {'pci': 'Org Admin'},
}


def expand(*entries, **options):
    profiles = validate_profiles(options.get('profiles', PROFILES), SCOPES)
    found = validate(inline_rows(list(entries), 'onboard_people'), profiles=profiles, scopes=SCOPES)
    return organization_requests(found, profiles, options.get('orgs', ORGS), GROUPS)


def roles_of(requests, email):
    """``{host: role}`` of one person: their invite on each organisation that names them."""
    return dict((host, item.get('role', item['state'])) for host, request in requests.items()
                for item in request['invites'] if item['email'] == email)


def expansion_problems(*entries, **options):
    with pytest.raises(RosterError) as caught:
        expand(*entries, **options)
    return caught.value.problems


def test_access_names_a_platform_a_group_or_one_organisation():
    requests = expand({'email': 'ada@example.com', 'access': {'snyk': 'Org Collaborator', 'xdr_emea': 'admin'}},
                      {'email': 'bo@example.com', 'access': {'customer_facing': 'Org Auditor'}})
    expected = {'snyk_payments': 'Org Collaborator', 'snyk_web': 'Org Collaborator', 'snyk_data': 'Org Collaborator', 'xdr_emea': 'admin'}
    assert roles_of(requests, 'ada@example.com') == expected
    assert roles_of(requests, 'bo@example.com') == {'snyk_payments': 'Org Auditor', 'snyk_web': 'Org Auditor'}
    assert requests['xdr_emea']['users'] == [{'email': 'ada@example.com', 'state': 'present', 'role': 'admin', 'teams': None,
                                              'enabled': True}]
    assert requests['snyk_web']['rows'] == ['onboard_people[0] (ada@example.com)', 'onboard_people[1] (bo@example.com)']
    assert dict((host, (request['platform'], request['org_id'], request['org_name'], request['connection']))
                for host, request in requests.items())['xdr_emea'] == ('cisco_xdr', 'x1', 'EMEA', {'region': 'eu'})


def test_the_organisation_wins_over_a_group_which_wins_over_the_platform():
    requests = expand({'email': 'ada@example.com', 'access': {'snyk': 'Org Collaborator', 'customer_facing': 'Org Auditor',
                                                              'snyk_payments': 'Org Admin'}})
    expected = {'snyk_payments': 'Org Admin', 'snyk_web': 'Org Auditor', 'snyk_data': 'Org Collaborator'}
    assert roles_of(requests, 'ada@example.com') == expected


def test_profiles_give_access_and_the_persons_own_access_wins_over_them():
    requests = expand({'email': 'ada@example.com', 'profiles': ['appsec_engineer']},
                      {'email': 'bo@example.com', 'profiles': 'appsec_engineer', 'access': {'snyk': 'Org Auditor'}},
                      {'email': 'cy@example.com', 'profiles': ['auditor'], 'access': {'xdr_emea': 'admin'}})
    # Within the profile the group pci is more specific than the platform.
    expected = {'snyk_payments': 'Org Admin', 'snyk_web': 'Org Collaborator', 'snyk_data': 'Org Collaborator', 'xdr_emea': 'user'}
    assert roles_of(requests, 'ada@example.com') == expected
    # Bo's own access reaches every Snyk organisation, so it decides there, even over the profile's group entry.
    expected = {'snyk_payments': 'Org Auditor', 'snyk_web': 'Org Auditor', 'snyk_data': 'Org Auditor', 'xdr_emea': 'user'}
    assert roles_of(requests, 'bo@example.com') == expected
    expected = {'snyk_payments': 'Org Auditor', 'snyk_web': 'Org Auditor', 'snyk_data': 'Org Auditor', 'xdr_emea': 'admin'}
    assert roles_of(requests, 'cy@example.com') == expected


def test_two_sources_at_the_same_level_that_disagree_fail_naming_both():
    problems = expansion_problems({'email': 'ada@example.com', 'profiles': ['appsec_engineer', 'pci_owner']},
                                  {'email': 'bo@example.com', 'access': {'pci': 'Org Admin', 'customer_facing': 'Org Auditor'}},
                                  {'email': 'cy@example.com', 'profiles': ['auditor', 'web_admin']})
    assert problems == [
        "onboard_people[0] (ada@example.com): on snyk_payments: profile appsec_engineer (onboard_profiles.appsec_engineer.pci) gives "
        "'Org Admin' and profile pci_owner (onboard_profiles.pci_owner.pci) gives 'Org Auditor', at the same level; give one, or name "
        "the organisation itself",
        "onboard_people[1] (bo@example.com): on snyk_payments: access.pci gives 'Org Admin' and access.customer_facing gives "
        "'Org Auditor', at the same level; give one, or name the organisation itself",
    ]
    # Profiles that agree are no conflict, and a more specific level settles one.
    assert roles_of(expand({'email': 'ada@example.com', 'profiles': ['appsec_engineer', 'payments_admin'], 'access': {}}),
                    'ada@example.com')['snyk_payments'] == 'Org Admin'
    assert roles_of(expand({'email': 'bo@example.com', 'access': {'pci': 'Org Admin', 'customer_facing': 'Org Auditor',
                                                                  'snyk_payments': 'Org Collaborator'}}),
                    'bo@example.com') == {'snyk_payments': 'Org Collaborator', 'snyk_web': 'Org Auditor'}


def test_teams_in_a_different_order_are_the_same_access():
    profiles = {'one': {'europe': {'role': 'member', 'teams': 'A:developer;B:read_only'}},
                'two': {'europe': {'role': 'member', 'teams': 'b:read_only;A:developer'}}}
    orgs = [{'host': 'cybe_eu', 'platform': 'cybedefend', 'org_id': 'c1', 'org_name': 'EU', 'connection': {}}]
    groups = dict(GROUPS, europe=['cybe_eu'])
    found = validate(inline_rows([{'email': 'ada@example.com', 'profiles': ['one', 'two']}], 'onboard_people'),
                     profiles=validate_profiles(profiles, SCOPES), scopes=SCOPES)
    requests = organization_requests(found, validate_profiles(profiles, SCOPES), orgs, groups)
    assert requests['cybe_eu']['invites'][0]['teams'] == [{'team': 'A', 'role': 'developer'}, {'team': 'B', 'role': 'read_only'}]


def test_an_absent_person_is_removed_from_every_organisation_of_the_play():
    requests = expand({'email': 'ada@example.com', 'access': {'pci': 'Org Admin'}}, {'email': 'eve@example.com', 'state': 'absent',
                                                                                     'profiles': ['auditor']})
    assert roles_of(requests, 'eve@example.com') == dict((org['host'], 'absent') for org in ORGS)
    assert roles_of(requests, 'ada@example.com') == {'snyk_payments': 'Org Admin'}


def test_unknown_scopes_and_profiles_are_named_with_their_field():
    with pytest.raises(RosterError) as caught:
        expand({'email': 'ada@example.com', 'profiles': ['appsec_enginer'], 'access': {'snyk_paymnts': 'Org Admin'}},
               {'email': 'bo@example.com', 'profiles': ['auditor', 'auditor']})
    assert caught.value.problems == [
        "onboard_people[0] (ada@example.com): access: 'snyk_paymnts' is not a platform (cisco_xdr, snyk, cybedefend), an inventory "
        'group or an organisation (inventory host)',
        "onboard_people[0] (ada@example.com): profiles[0]: unknown profile 'appsec_enginer' (onboard_profiles defines: appsec_engineer, "
        'auditor, payments_admin, pci_owner, web_admin)',
        "onboard_people[1] (bo@example.com): profiles[1]: profile 'auditor' is given twice",
    ]
    with pytest.raises(RosterError) as caught:
        validate_profiles({'appsec': {'pcii': 'Org Admin', 'snyk': {'teams': 'A:developer'}}, 'empty': {}}, SCOPES)
    assert caught.value.problems == [
        "onboard_profiles.appsec: 'pcii' is not a platform (cisco_xdr, snyk, cybedefend), an inventory group or an organisation "
        '(inventory host)',
        'onboard_profiles.appsec.snyk.role: is required with teams',
        'onboard_profiles.empty: must map scopes (platforms, inventory groups, organisations) to a role',
    ]


def test_a_csv_roster_gives_profiles_in_a_column():
    rows = csv_rows('email,profiles,snyk_role\nada@example.com,appsec_engineer;web_admin,\nbo@example.com,,Org Auditor\n', 'r.csv')
    profiles = validate_profiles(PROFILES, SCOPES)
    found = validate(rows, csv_field, profiles, SCOPES)
    assert [person['profiles'] for person in found] == [['appsec_engineer', 'web_admin'], []]
    with pytest.raises(RosterError) as caught:
        validate(csv_rows('email,profiles\nada@example.com,nobody\n', 'r.csv'), csv_field, profiles, SCOPES)
    assert caught.value.problems[0].startswith("r.csv line 2 (ada@example.com): column profiles[0]: unknown profile 'nobody'")


def test_one_organisation_twice_in_a_play_is_refused_naming_both_hosts():
    twice = ORGS + [{'host': 'payments_again', 'platform': 'snyk', 'org_id': 'A1', 'org_name': 'Payments', 'connection': {}},
                    {'host': 'stray', 'platform': 'gitlab', 'org_id': 'g', 'org_name': None, 'connection': {}}]
    with pytest.raises(RosterError) as caught:
        organization_requests(people({'email': 'ada@example.com'}), {}, twice, GROUPS)
    assert caught.value.problems == [
        'hosts snyk_payments and payments_again are both snyk organisation A1; a play may act on an organisation once, so keep one of '
        'them (--limit, or fix the inventory)',
        "host stray: orgaccess_platform is 'gitlab', not one of cisco_xdr, snyk, cybedefend",
    ]
    # The same org id on two platforms is two organisations.
    other = [dict(ORGS[0]), dict(ORGS[0], host='cybe', platform='cybedefend')]
    assert sorted(organization_requests(people({'email': 'ada@example.com'}), {}, other, GROUPS)) == ['cybe', 'snyk_payments']


def test_the_outcome_has_one_entry_per_organisation_and_can_be_limited_to_some():
    requests = expand({'email': 'ada@example.com', 'access': {'snyk': 'Org Admin'}})
    roster = {'people': people({'email': 'ada@example.com', 'access': {'snyk': 'Org Admin'}}), 'organizations': requests}
    users = [run(host, 'users', [{'email': 'ada@example.com', 'action': 'not_found', 'role': None}]) for host in requests]
    invites = [run(host, 'invites', [{'email': 'ada@example.com', 'action': 'created', 'role': 'Org Admin'}] if host.startswith('snyk') else [])
               for host in requests]
    result = outcome(roster, users, invites, hosts=['snyk_web', 'snyk_data'])
    assert sorted(result['organizations']) == ['snyk_data', 'snyk_web']
    assert result['organizations']['snyk_web']['org_name'] == 'Web'
    assert sorted(result['people'][0]['organizations']) == ['snyk_data', 'snyk_web']


def test_any_scope_accepts_names_the_inventory_of_a_slice_does_not_hold():
    found = validate(inline_rows([{'email': 'ada@example.com', 'access': {'elsewhere': 'Org Admin', 'snyk': 'Org Auditor'}}],
                                 'onboard_people'), scopes=ANY_SCOPE)
    requests = organization_requests(found, {}, ORGS[:1], GROUPS)
    assert roles_of(requests, 'ada@example.com') == {'snyk_payments': 'Org Auditor'}


def test_csv_access_columns_name_organisations_and_groups_with_their_case():
    text = ('email,SNYK_ROLE,Snyk_Payments_Role,pci_role,cybedefend_blue_teams,cybedefend_blue_role,Job_Role\n'
            'ada@example.com,Org Collaborator,Org Admin,Org Auditor,AppSec:developer,member,Engineer\n')
    rows = csv_rows(text, 'roster.csv', ignore_columns=['job_role'])
    assert rows == [('roster.csv line 2', {'email': 'ada@example.com', 'access': {
        'snyk': {'role': 'Org Collaborator'}, 'Snyk_Payments': {'role': 'Org Admin'}, 'pci': {'role': 'Org Auditor'},
        'cybedefend_blue': {'teams': 'AppSec:developer', 'role': 'member'}}})]
    # Validation checks the scopes, naming the columns.
    problems = problems_of_scopes(rows, {'Snyk_Payments', 'cybedefend_blue'})
    assert problems == ["roster.csv line 2 (ada@example.com): columns <scope>_role and <scope>_teams: 'pci' is not a platform "
                        "(cisco_xdr, snyk, cybedefend), an inventory group or an organisation (inventory host)"]


def problems_of_scopes(rows, scopes):
    with pytest.raises(RosterError) as caught:
        validate(rows, csv_field, scopes=scopes)
    return caught.value.problems


def test_csv_text_writes_a_roster_that_reads_back_the_same():
    people = [
        {'email': 'ada@example.com', 'name': 'Ada, "the first"', 'access': {
            'snyk_web': 'Org Admin',
            'cybedefend_blue': {'role': 'member', 'teams': [{'team': 'AppSec', 'role': 'developer'}, {'team': 'Ops: EU', 'role': 'read_only'}]}}},
        {'email': 'bo@example.com', 'access': {'snyk_data': 'Org Collaborator', 'cybedefend_blue': 'manager'}},
    ]
    text = csv_text(people)
    assert text.splitlines()[0] == 'email,name,cybedefend_blue_role,cybedefend_blue_teams,snyk_data_role,snyk_web_role'
    scopes = {'snyk_web', 'snyk_data', 'cybedefend_blue'}
    from_csv = validate(csv_rows(text, 'roster.csv'), csv_field, scopes=scopes)
    from_yaml = validate(inline_rows(people, 'roster.yml'), scopes=scopes)
    assert [dict(person, label=None) for person in from_csv] == [dict(person, label=None) for person in from_yaml]


def test_csv_text_writes_dates_of_people_and_scopes_that_read_back_the_same():
    people = [
        {'email': 'ada@example.com', 'until': '2027-01-31', 'access': {'snyk_web': {'role': 'Org Admin', 'from': '2026-12-01'}}},
        {'email': 'bo@example.com', 'access': {'snyk_web': 'Org Collaborator', 'cybedefend_blue': {'role': 'member', 'until': '2026-12-24'}}},
    ]
    text = csv_text(people)
    assert text.splitlines()[0] == 'email,until,cybedefend_blue_role,cybedefend_blue_until,snyk_web_role,snyk_web_from'
    scopes = {'snyk_web', 'cybedefend_blue'}
    from_csv = validate(csv_rows(text, 'roster.csv'), csv_field, scopes=scopes)
    from_yaml = validate(inline_rows(people, 'roster.yml'), scopes=scopes)
    assert [dict(person, label=None) for person in from_csv] == [dict(person, label=None) for person in from_yaml]


def test_csv_text_refuses_a_team_name_a_csv_roster_cannot_hold():
    with pytest.raises(ValueError) as caught:
        csv_text([{'email': 'ada@example.com', 'access': {'cybedefend_blue': {'role': 'member', 'teams': [{'team': 'A;B', 'role': 'developer'}]}}}])
    assert str(caught.value) == "ada@example.com, cybedefend_blue_teams: team 'A;B' holds ';', which a CSV roster cannot; write the roster as YAML"
