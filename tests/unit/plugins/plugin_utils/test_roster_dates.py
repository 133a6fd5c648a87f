# -*- coding: utf-8 -*-
# Copyright (c) 2026, orgaccess.onboarding contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Dated access in rosters: from and until per person, access entry and profile grant, decided at a fixed now."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import datetime

import pytest

from ansible_collections.orgaccess.onboarding.plugins.plugin_utils._roster import (
    RosterError,
    csv_field,
    csv_rows,
    expiring_access,
    inline_rows,
    merge_outcomes,
    moment,
    outcome,
    organization_requests,
    parse_now,
    platform_requests,
    validate,
    validate_profiles,
    within,
)

UTC = datetime.timezone.utc
ORGS = [
    {'host': 'snyk_payments', 'platform': 'snyk', 'org_id': 'a1', 'org_name': 'Payments', 'connection': {}},
    {'host': 'snyk_web', 'platform': 'snyk', 'org_id': 'a2', 'org_name': 'Web', 'connection': {}},
    {'host': 'xdr_emea', 'platform': 'cisco_xdr', 'org_id': 'x1', 'org_name': 'EMEA', 'connection': {}},
]
GROUPS = {'pci': ['snyk_payments']}
SCOPES = {'pci', 'snyk_payments', 'snyk_web', 'xdr_emea'}
PROFILES = {'appsec_engineer': {'snyk': 'Org Collaborator', 'cisco_xdr': 'user'}, 'auditor': {'snyk': 'Org Auditor'}}


def at(text):
    return parse_now(text)


def expand(now, *entries, **options):
    profiles = validate_profiles(options.get('profiles', PROFILES), SCOPES)
    found = validate(inline_rows(list(entries), 'onboard_people'), profiles=profiles, scopes=SCOPES)
    return organization_requests(found, profiles, ORGS, GROUPS, now=at(now))


def named(requests, email):
    """``{host: (role or 'absent', until)}`` of one person on each organisation that names them."""
    return dict((host, (item.get('role', item['state']), request['until'][position]))
                for host, request in requests.items() for position, item in enumerate(request['invites']) if item['email'] == email)


def problems_of(*entries):
    with pytest.raises(RosterError) as caught:
        validate(inline_rows(list(entries), 'onboard_people'), profiles=validate_profiles(PROFILES, SCOPES), scopes=SCOPES)
    return caught.value.problems


# Parsing


def test_dates_and_zoned_date_times_are_read_from_text_and_from_yaml_objects():
    assert moment('2026-12-31') == '2026-12-31'
    assert moment(' 2026-12-31 ') == '2026-12-31'
    assert moment(datetime.date(2026, 12, 31)) == '2026-12-31'
    assert moment('2026-12-31T17:00:00+01:00') == '2026-12-31T17:00:00+01:00'
    assert moment('2026-12-31 17:00+0100') == '2026-12-31T17:00:00+01:00'
    assert moment('2026-12-31T16:00:00Z') == '2026-12-31T16:00:00+00:00'
    assert moment(datetime.datetime(2026, 12, 31, 17, tzinfo=datetime.timezone(datetime.timedelta(hours=1)))) == '2026-12-31T17:00:00+01:00'


@pytest.mark.parametrize('value, reason', [
    ('2026-12-31T17:00:00', "'2026-12-31T17:00:00' has no time zone; give a date (2026-12-31) or a date-time with its zone"),
    (datetime.datetime(2026, 12, 31, 17), "'2026-12-31T17:00:00' has no time zone"),
    ('31/12/2026', "'31/12/2026' is not a date (2026-12-31) or a date-time with its zone"),
    ('2026-02-30', "'2026-02-30' is not a date"),
    ('2026-12-31T25:00:00Z', "'2026-12-31T25:00:00Z' is not a date"),
    (20261231, 'must be a date (2026-12-31) or a date-time with its zone (2026-12-31T17:00:00+01:00, or Z for UTC), got 20261231'),
])
def test_a_value_that_is_no_date_or_has_no_zone_is_refused_saying_why(value, reason):
    with pytest.raises(ValueError) as caught:
        moment(value)
    assert str(caught.value).startswith(reason)


def test_now_is_the_given_moment_or_the_clock():
    assert parse_now('2026-12-31') == datetime.datetime(2026, 12, 31, tzinfo=UTC)
    assert parse_now('2026-12-31T17:00:00+01:00') == datetime.datetime(2026, 12, 31, 16, tzinfo=UTC)
    before = datetime.datetime.now(UTC)
    assert before <= parse_now(None) <= datetime.datetime.now(UTC)
    with pytest.raises(RosterError) as caught:
        parse_now('2026-12-31T17:00', 'now')
    assert caught.value.problems == ["now: '2026-12-31T17:00' has no time zone; give a date (2026-12-31) or a date-time with its zone "
                                     '(2026-12-31T17:00:00+01:00, or Z for UTC)']


# Windows


def test_a_bare_from_starts_its_utc_day_and_a_bare_until_ends_after_it():
    assert not within({'from': '2026-12-31'}, at('2026-12-30T23:59:59Z'))
    assert within({'from': '2026-12-31'}, at('2026-12-31T00:00:00Z'))
    assert within({'until': '2026-12-31'}, at('2026-12-31T23:59:59Z'))
    assert not within({'until': '2026-12-31'}, at('2027-01-01T00:00:00Z'))
    # A date-time is the instant itself: access ends at it.
    assert within({'until': '2026-12-31T17:00:00+01:00'}, at('2026-12-31T15:59:59Z'))
    assert not within({'until': '2026-12-31T17:00:00+01:00'}, at('2026-12-31T16:00:00Z'))
    assert within({}, at('2026-12-31'))


def test_access_is_asked_for_only_inside_its_dates_and_absent_outside():
    roster = ({'email': 'new@example.com', 'access': {'snyk_web': {'role': 'Org Admin', 'from': '2026-12-31'}}},
              {'email': 'temp@example.com', 'access': {'snyk_web': {'role': 'Org Admin', 'until': '2026-12-31'}}})
    before, on, after = expand('2026-12-30', *roster), expand('2026-12-31T12:00:00Z', *roster), expand('2027-01-01', *roster)
    assert named(before, 'new@example.com') == {'snyk_web': ('absent', None)}
    assert named(on, 'new@example.com') == {'snyk_web': ('Org Admin', None)}
    assert named(after, 'new@example.com') == {'snyk_web': ('Org Admin', None)}
    assert named(before, 'temp@example.com') == {'snyk_web': ('Org Admin', '2026-12-31')}
    assert named(on, 'temp@example.com') == {'snyk_web': ('Org Admin', '2026-12-31')}
    assert named(after, 'temp@example.com') == {'snyk_web': ('absent', None)}
    assert after['snyk_web']['users'] == [{'email': 'new@example.com', 'state': 'present', 'role': 'Org Admin', 'teams': None},
                                          {'email': 'temp@example.com', 'state': 'absent'}]


def test_outside_their_own_dates_a_person_is_absent_on_every_organisation():
    roster = ({'email': 'hire@example.com', 'from': '2027-01-04', 'access': {'snyk_web': 'Org Collaborator'}},
              {'email': 'leaver@example.com', 'until': '2026-12-31T17:00:00+01:00', 'access': {'snyk_web': 'Org Collaborator'}})
    requests = expand('2027-01-01', *roster)
    everywhere = dict((org['host'], ('absent', None)) for org in ORGS)
    assert named(requests, 'hire@example.com') == everywhere
    assert named(requests, 'leaver@example.com') == everywhere
    later = expand('2027-01-04', *roster)
    assert named(later, 'hire@example.com') == {'snyk_web': ('Org Collaborator', None)}
    assert named(expand('2026-12-31T15:00:00Z', *roster), 'leaver@example.com') == {'snyk_web': ('Org Collaborator', '2026-12-31T17:00:00+01:00')}


def test_the_narrowest_window_of_person_grant_and_entry_wins():
    ada = {'email': 'ada@example.com', 'until': '2027-03-31', 'profiles': [{'name': 'appsec_engineer', 'until': '2027-02-28'}]}
    bo = {'email': 'bo@example.com', 'until': '2027-03-31', 'access': {'snyk': {'role': 'Org Auditor', 'until': '2027-01-31'}}}
    cy = {'email': 'cy@example.com', 'from': '2027-01-10', 'profiles': [{'name': 'auditor', 'from': '2027-01-01'}],
          'access': {'xdr_emea': {'role': 'admin', 'from': '2027-01-20'}}}
    january = expand('2027-01-15', ada, bo, cy)
    assert named(january, 'ada@example.com') == {
        'snyk_payments': ('Org Collaborator', '2027-02-28'), 'snyk_web': ('Org Collaborator', '2027-02-28'), 'xdr_emea': ('user', '2027-02-28')}
    assert named(january, 'bo@example.com') == {'snyk_payments': ('Org Auditor', '2027-01-31'), 'snyk_web': ('Org Auditor', '2027-01-31')}
    # Cy's own entry on xdr_emea has not started; the person and the grant have.
    assert named(january, 'cy@example.com') == {
        'snyk_payments': ('Org Auditor', None), 'snyk_web': ('Org Auditor', None), 'xdr_emea': ('absent', None)}
    march = expand('2027-03-01', ada, bo)
    assert set(named(march, 'ada@example.com').values()) == {('absent', None)}
    assert named(march, 'bo@example.com') == {'snyk_payments': ('absent', None), 'snyk_web': ('absent', None)}
    assert named(expand('2027-01-09', cy), 'cy@example.com') == dict((org['host'], ('absent', None)) for org in ORGS)


def test_an_entry_outside_its_dates_gives_way_to_the_next_rule():
    # A temporary elevation on one organisation falls back to the platform's entry, own access that ended to the profiles.
    ada = {'email': 'ada@example.com', 'access': {'snyk': 'Org Collaborator', 'snyk_payments': {'role': 'Org Admin', 'until': '2026-12-31'}}}
    bo = {'email': 'bo@example.com', 'profiles': ['auditor'], 'access': {'snyk': {'role': 'Org Admin', 'until': '2026-12-31'}}}
    # Two agreeing entries at one level: the access lasts as long as the last of them.
    cy = {'email': 'cy@example.com', 'profiles': [{'name': 'appsec_engineer', 'until': '2027-06-30'}],
          'access': {}}
    di = {'email': 'di@example.com', 'profiles': [{'name': 'appsec_engineer', 'until': '2027-06-30'}, {'name': 'auditor', 'until': '2027-01-31'}]}
    profiles = dict(PROFILES, auditor={'snyk': 'Org Collaborator'})
    december, january = expand('2026-12-31', ada, bo, cy, di, profiles=profiles), expand('2027-01-01', ada, bo, cy, di, profiles=profiles)
    assert named(december, 'ada@example.com') == {'snyk_payments': ('Org Admin', '2026-12-31'), 'snyk_web': ('Org Collaborator', None)}
    assert named(january, 'ada@example.com') == {'snyk_payments': ('Org Collaborator', None), 'snyk_web': ('Org Collaborator', None)}
    assert named(december, 'bo@example.com') == {'snyk_payments': ('Org Admin', '2026-12-31'), 'snyk_web': ('Org Admin', '2026-12-31')}
    assert named(january, 'bo@example.com') == {'snyk_payments': ('Org Collaborator', None), 'snyk_web': ('Org Collaborator', None)}
    assert named(january, 'di@example.com')['snyk_web'] == ('Org Collaborator', '2027-06-30')
    assert named(january, 'cy@example.com')['snyk_web'] == ('Org Collaborator', '2027-06-30')


def test_requests_per_platform_follow_the_same_dates():
    found = validate(inline_rows([{'email': 'ada@example.com', 'access': {'snyk': {'role': 'Org Admin', 'until': '2026-12-31'},
                                                                          'cisco_xdr': {'role': 'user', 'from': '2027-01-01'}}}],
                                 'onboard_people'))
    december = platform_requests(found, ['snyk', 'cisco_xdr'], now=at('2026-12-31'))
    assert december['snyk']['invites'][0]['state'] == 'present' and december['snyk']['until'] == ['2026-12-31']
    assert december['cisco_xdr']['users'] == [{'email': 'ada@example.com', 'state': 'absent'}]
    january = platform_requests(found, ['snyk', 'cisco_xdr'], now=at('2027-01-01'))
    # Profiles reach organisations (hosts) only, as before dates.
    with_profile = validate(inline_rows([{'email': 'bo@example.com', 'profiles': ['auditor']}], 'onboard_people'),
                            profiles=validate_profiles(PROFILES, SCOPES))
    assert platform_requests(with_profile, ['snyk'], now=at('2027-01-01'))['snyk']['invites'] == []
    assert january['snyk']['invites'] == [{'email': 'ada@example.com', 'state': 'absent'}]
    assert january['cisco_xdr']['users'][0]['enabled'] is True


def test_a_csv_roster_gives_dates_per_person_and_per_platform():
    text = ('email,from,until,snyk_role,snyk_from,snyk_until,cisco_xdr_role\n'
            'ada@example.com,2027-01-04,,Org Admin,,2027-01-31T18:00:00+01:00,user\n'
            'bo@example.com,,2027-01-10,Org Auditor,2027-01-08,,\n')
    found = validate(csv_rows(text, 'r.csv'), csv_field)
    assert [(person['from'], person['until'], person['access']) for person in found] == [
        ('2027-01-04', None, {'snyk': {'role': 'Org Admin', 'teams': None, 'until': '2027-01-31T18:00:00+01:00'},
                              'cisco_xdr': {'role': 'user', 'teams': None}}),
        (None, '2027-01-10', {'snyk': {'role': 'Org Auditor', 'teams': None, 'from': '2027-01-08'}})]
    requests = platform_requests(found, ['snyk'], now=at('2027-01-05'))
    assert requests['snyk']['invites'] == [{'email': 'ada@example.com', 'state': 'present', 'role': 'Org Admin', 'teams': None},
                                           {'email': 'bo@example.com', 'state': 'absent'}]
    assert requests['snyk']['until'] == ['2027-01-31T18:00:00+01:00', None]


# Bad input


def test_bad_dates_are_refused_naming_the_row_and_field():
    assert problems_of(
        {'email': 'ada@example.com', 'until': '2026-12-31T17:00:00',
         'access': {'snyk': {'role': 'Org Admin', 'from': '2027-01-01', 'until': '2026-12-31'}}},
        {'email': 'bo@example.com', 'from': datetime.date(2027, 1, 2), 'until': datetime.date(2027, 1, 1),
         'profiles': [{'name': 'auditor', 'untill': '2027-01-01'}, {'name': 'appsec_engineer', 'from': 'soon'}, {'until': '2027-01-01'}]},
        {'email': 'cy@example.com', 'from': '2027-01-01T10:00:00+01:00', 'until': '2027-01-01T09:00:00Z', 'profiles': 'auditor'},
    ) == [
        "onboard_people[0] (ada@example.com): until: '2026-12-31T17:00:00' has no time zone; give a date (2026-12-31) or a date-time with "
        'its zone (2026-12-31T17:00:00+01:00, or Z for UTC)',
        'onboard_people[0] (ada@example.com): access.snyk.from: 2027-01-01 is after access.snyk.until 2026-12-31; access must start '
        'before it ends',
        'onboard_people[1] (bo@example.com): from: 2027-01-02 is after until 2027-01-01; access must start before it ends',
        'onboard_people[1] (bo@example.com): profiles[0].untill: unknown field (known: name, from, until)',
        "onboard_people[1] (bo@example.com): profiles[1].from: 'soon' is not a date (2026-12-31) or a date-time with its zone "
        '(2026-12-31T17:00:00+01:00, or Z for UTC)',
        'onboard_people[1] (bo@example.com): profiles[2].name: must be a profile name, got None',
        'onboard_people[2] (cy@example.com): from: 2027-01-01T10:00:00+01:00 is after until 2027-01-01T09:00:00+00:00; access must start '
        'before it ends',
    ]
    text = 'email,until,snyk_role,snyk_from,snyk_until\nada@example.com,2027-01-31 17:00,,2027-02-01,2027-01-01\n'
    with pytest.raises(RosterError) as caught:
        validate(csv_rows(text, 'r.csv'), csv_field)
    assert caught.value.problems == [
        "r.csv line 2 (ada@example.com): column until: '2027-01-31 17:00' has no time zone; give a date (2026-12-31) or a date-time with "
        'its zone (2026-12-31T17:00:00+01:00, or Z for UTC)',
        'r.csv line 2 (ada@example.com): column snyk_role: is required when state is present',
        'r.csv line 2 (ada@example.com): column snyk_from: 2027-02-01 is after column snyk_until 2027-01-01; access must start before it ends',
    ]
    # One day of access is a window: from and until the same date.
    assert validate(inline_rows([{'email': 'ada@example.com', 'from': '2027-01-01', 'until': '2027-01-01'}], 'onboard_people'))


def test_dates_are_kept_as_canonical_text():
    found = validate(inline_rows([{'email': 'ada@example.com', 'until': datetime.date(2027, 1, 31), 'profiles': [
        {'name': 'auditor', 'from': '2027-01-01T09:00Z'}, 'appsec_engineer'], 'access': {'snyk_web': {'role': 'Org Admin', 'until': '2027-01-15'}}}],
        'onboard_people'), profiles=validate_profiles(PROFILES, SCOPES), scopes=SCOPES)[0]
    assert (found['from'], found['until']) == (None, '2027-01-31')
    assert found['profiles'] == ['auditor', 'appsec_engineer']
    assert found['profile_dates'] == {'auditor': {'from': '2027-01-01T09:00:00+00:00', 'until': None}}
    assert found['access'] == {'snyk_web': {'role': 'Org Admin', 'teams': None, 'until': '2027-01-15'}}


# Access that ends soon


def test_access_ending_within_the_days_is_listed_soonest_first():
    entries = ({'email': 'ada@example.com', 'name': 'Ada', 'access': {'snyk_web': {'role': 'Org Admin', 'until': '2027-01-14'},
                                                                      'snyk_payments': {'role': 'Org Admin', 'until': '2027-01-15'}}},
               {'email': 'bo@example.com', 'until': '2027-01-01T09:00:00+01:00', 'access': {'xdr_emea': 'user'}},
               {'email': 'cy@example.com', 'access': {'snyk': {'role': 'Org Auditor', 'until': '2026-12-31'}, 'xdr_emea': 'admin'}},
               {'email': 'di@example.com', 'state': 'absent', 'until': '2027-01-02'})
    now = at('2027-01-01T00:00:00Z')
    found = validate(inline_rows(list(entries), 'onboard_people'), scopes=SCOPES)
    requests = organization_requests(found, {}, ORGS, GROUPS, now=now)
    expiring = expiring_access(found, requests, now, 14)
    assert [(entry['email'], entry['organization'], entry['until']) for entry in expiring] == [
        ('bo@example.com', 'xdr_emea', '2027-01-01T09:00:00+01:00'),
        # Through 2027-01-14: it ends exactly 14 days after now; 2027-01-15 ends a day later.
        ('ada@example.com', 'snyk_web', '2027-01-14'),
    ]
    assert expiring[1] == {'email': 'ada@example.com', 'name': 'Ada', 'row': 'onboard_people[0] (ada@example.com)', 'organization': 'snyk_web',
                           'platform': 'snyk', 'org_name': 'Web', 'role': 'Org Admin', 'until': '2027-01-14'}
    assert [entry['organization'] for entry in expiring_access(found, requests, now, 15)] == ['xdr_emea', 'snyk_web', 'snyk_payments']
    assert expiring_access(found, requests, now, 0) == []
    ed = validate(inline_rows([{'email': 'ed@example.com', 'until': '2027-01-01T09:00:00+01:00', 'access': {'cisco_xdr': 'user'}}],
                              'onboard_people'))
    by_platform = platform_requests(ed, ['cisco_xdr'], now=now)
    assert [(entry['organization'], entry['platform'], entry['org_name']) for entry in expiring_access(ed, by_platform, now, 1)] == [
        ('cisco_xdr', 'cisco_xdr', 'cisco_xdr')]


def test_the_outcome_carries_the_expiring_access_of_its_organisations_and_merges_them():
    expiring = [{'email': 'bo@example.com', 'organization': 'xdr_emea', 'until': '2027-01-01T09:00:00+01:00'},
                {'email': 'ada@example.com', 'organization': 'snyk_web', 'until': '2027-01-14'}]
    roster = {'people': [], 'organizations': {'xdr_emea': {'platform': 'cisco_xdr', 'invites': [], 'rows': []},
                                              'snyk_web': {'platform': 'snyk', 'invites': [], 'rows': []}},
              'now': '2027-01-01T00:00:00+00:00', 'expiring_within_days': 14, 'expiring': expiring}
    whole = outcome(roster, [], [])
    assert (whole['now'], whole['expiring_within_days'], whole['expiring']) == ('2027-01-01T00:00:00+00:00', 14, expiring)
    first, second = outcome(roster, [], [], hosts=['snyk_web']), outcome(roster, [], [], hosts=['xdr_emea'])
    assert first['expiring'] == expiring[1:] and second['expiring'] == expiring[:1]
    merged = merge_outcomes([first, second])
    assert (merged['now'], merged['expiring_within_days'], merged['expiring']) == ('2027-01-01T00:00:00+00:00', 14, expiring)
    # An outcome made before dated access existed has none.
    assert outcome({'people': [], 'organizations': {}}, [], [])['expiring'] == []
