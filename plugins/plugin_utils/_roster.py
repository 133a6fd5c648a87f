# -*- coding: utf-8 -*-
# Copyright (c) 2026, orgaccess.onboarding contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Rosters for the onboard role: read them, validate them whole, turn them into module requests,
and merge what the modules did back into one outcome per person and platform.

Private, controller side: used by the ``onboard_roster`` action and the ``onboard_outcome`` filter.
Pure functions, no I/O. The roster layout (inline or YAML, and CSV) is documented in
``roles/onboard/README.md``; this module is its only implementation.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import csv
import datetime
import io
import re

from ansible_collections.orgaccess.onboarding.plugins.module_utils._adapter import CAP_DISABLE_USERS, clean_email, email_key
from ansible_collections.orgaccess.onboarding.plugins.module_utils._errors import ValidationError
from ansible_collections.orgaccess.onboarding.plugins.module_utils._guards import RAISE_CAP, Guards, cap_text
from ansible_collections.orgaccess.onboarding.plugins.module_utils._platforms import PLATFORM_NAMES, adapter_class

STATE_PRESENT = 'present'
STATE_ABSENT = 'absent'
STATES = (STATE_PRESENT, STATE_ABSENT)

# Dated access: a person, an access entry and a profile grant may each carry these (roles/onboard/README.md, "Dated access").
FROM = 'from'
UNTIL = 'until'
DATE_KEYS = (FROM, UNTIL)
PERSON_KEYS = ('email', 'name', 'state', 'access', 'profiles') + DATE_KEYS
ACCESS_KEYS = ('role', 'teams') + DATE_KEYS
GRANT_KEYS = ('name',) + DATE_KEYS
TEAM_KEYS = ('team', 'role')

# CSV: fixed columns, then per scope (a platform, an inventory group or an organisation) '<scope>_role',
# '<scope>_teams' ('Team:role;Team:role'), '<scope>_from' and '<scope>_until'.
CSV_PERSON_COLUMNS = ('email', 'name', 'state', 'profiles') + DATE_KEYS
CSV_ACCESS_COLUMN = '%s_%s'
CSV_SCOPE_COLUMNS = '<scope>_role, <scope>_teams, <scope>_from, <scope>_until (a scope being a platform, an inventory group or an organisation)'
TEAM_SEPARATOR = ';'
TEAM_ROLE_SEPARATOR = ':'
PROFILE_SEPARATOR = ';'

# How far an access entry reaches, most specific first: one organisation (an inventory host), an inventory
# group, every organisation of a platform. For one organisation the most specific entry wins.
LEVEL_ORGANIZATION = 'organization'
LEVEL_GROUP = 'group'
LEVEL_PLATFORM = 'platform'
LEVELS = (LEVEL_ORGANIZATION, LEVEL_GROUP, LEVEL_PLATFORM)
# What _access_on returns for a person who must have no access on an organisation.
ABSENT = STATE_ABSENT
# Passed as scopes: any name is accepted (an AWX slice's inventory holds only its own hosts and groups).
ANY_SCOPE = None

# A bare date is a UTC day: `from` starts at its first instant, `until` ends after its last (access holds through that day).
# A date-time must carry its zone (Z or an offset), since a roster is read on controllers in any zone.
DATE_PATTERN = re.compile(r'^\d{4}-\d{2}-\d{2}$')
DATE_TIME_PATTERN = re.compile(r'^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?P<zone>[Zz]|[+-]\d{2}:?\d{2})?$')
DATE_EXAMPLES = 'a date (2026-12-31) or a date-time with its zone (2026-12-31T17:00:00+01:00, or Z for UTC)'
UTC = datetime.timezone.utc
ONE_DAY = datetime.timedelta(days=1)

# Problems listed in one message; the rest are counted.
MAX_LISTED = 20

# What the onboard role reports per person and platform.
INVITED = 'invited'
RENEWED = 'renewed'
UPDATED = 'updated'
REMOVED = 'removed'
UNCHANGED = 'unchanged'
FAILED = 'failed'
OUTCOMES = (INVITED, RENEWED, UPDATED, REMOVED, UNCHANGED, FAILED)
# When org_user and org_invite both say something about a person, the first of these wins.
PRECEDENCE = (FAILED, REMOVED, INVITED, RENEWED, UPDATED, UNCHANGED)
USER_OUTCOMES = {
    'updated': UPDATED,
    'enabled': UPDATED,
    'removed': REMOVED,
    'disabled': REMOVED,
    'unchanged': UNCHANGED,
    'not_found': UNCHANGED,
    'failed': FAILED,
}
INVITE_OUTCOMES = {
    'created': INVITED,
    'replaced': INVITED,
    'renewed': RENEWED,
    'cancelled': REMOVED,
    'unchanged': UNCHANGED,
    'skipped_member': UNCHANGED,
    'failed': FAILED,
}
# How org_user and org_invite name an item of their list, and the field in it: users[3].teams[0].role
ITEM_REFERENCE = re.compile(r'\b(?:users|invites)\[(\d+)\](?:\.([\w.\[\]]+))?')


class RosterError(ValueError):
    """The roster has problems, each naming its row and field; nothing may be touched."""

    def __init__(self, problems):
        self.problems = list(problems)
        listed = '; '.join(self.problems[:MAX_LISTED])
        more = ' (and %d more)' % (len(self.problems) - MAX_LISTED) if len(self.problems) > MAX_LISTED else ''
        if len(self.problems) == 1:
            text = 'bad roster, nothing was changed: %s' % listed
        else:
            text = '%d problems in the roster, nothing was changed: %s%s' % (len(self.problems), listed, more)
        super(RosterError, self).__init__(text)


def moment(value):
    """The canonical text of a roster date (``2026-12-31``) or zoned date-time (``2026-12-31T17:00:00+01:00``).

    Accepts text and the date and datetime objects YAML makes of unquoted dates. Raises ValueError saying what is wrong.
    """
    if isinstance(value, datetime.datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError('%r has no time zone; give %s' % (value.isoformat(), DATE_EXAMPLES))
        return value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if not isinstance(value, str):
        raise ValueError('must be %s, got %r' % (DATE_EXAMPLES, value))
    text = value.strip()
    shape = DATE_TIME_PATTERN.match(text)
    if shape and not shape.group('zone'):
        raise ValueError('%r has no time zone; give %s' % (text, DATE_EXAMPLES))
    try:
        if DATE_PATTERN.match(text):
            return datetime.date.fromisoformat(text).isoformat()
        if shape:
            zone = shape.group('zone')
            offset = '+00:00' if zone in ('Z', 'z') else '%s:%s' % (zone[:3], zone[-2:])
            return datetime.datetime.fromisoformat(text[:shape.start('zone')].replace(' ', 'T') + offset).isoformat()
    except ValueError:
        pass  # a day or hour out of range: the message below
    raise ValueError('%r is not %s' % (text, DATE_EXAMPLES))


def instant(text, ends=False):
    """The aware datetime a canonical ``moment`` stands for; a bare date is its UTC day's first instant, or with ``ends`` the
    first instant after it (an ``until`` date is the last day of access)."""
    if DATE_PATTERN.match(text):
        start = datetime.datetime.combine(datetime.date.fromisoformat(text), datetime.time(), UTC)
        return start + ONE_DAY if ends else start
    return datetime.datetime.fromisoformat(text)


def parse_now(value=None, field='now'):
    """The run's "now", an aware datetime: ``value`` (as ``moment`` takes it; a date is its first instant, UTC), else the clock."""
    if value is None or value == '':
        return datetime.datetime.now(UTC)
    try:
        return instant(moment(value))
    except ValueError as exc:
        raise RosterError(['%s: %s' % (field, exc)])


def within(dated, now):
    """Whether ``now`` is inside the dates of ``dated`` (a person, access entry or grant; no dates: always)."""
    start, end = dated.get(FROM), dated.get(UNTIL)
    return (start is None or now >= instant(start)) and (end is None or now < instant(end, ends=True))


def _dates(raw, field_name, problems):
    """``{'from', 'until'}`` (canonical text, or None when not given) of a mapping; ``field_name(key)`` names a field."""
    found = {}
    for key in DATE_KEYS:
        value = raw.get(key)
        if value is None or value == '':
            found[key] = None
            continue
        try:
            found[key] = moment(value)
        except ValueError as exc:
            problems.append('%s: %s' % (field_name(key), exc))
            found[key] = None
    if found[FROM] is not None and found[UNTIL] is not None and instant(found[FROM]) >= instant(found[UNTIL], ends=True):
        problems.append('%s: %s is after %s %s; access must start before it ends' % (
            field_name(FROM), found[FROM], field_name(UNTIL), found[UNTIL]))
    return found


def inline_rows(people, source):
    """``[(label, raw person)]`` of an inline or YAML roster: a list of people, or a mapping with ``onboard_people``."""
    if isinstance(people, dict) and 'onboard_people' in people:
        people = people['onboard_people']
        source = '%s onboard_people' % source
    if not isinstance(people, list):
        raise RosterError(['%s: must be a list of people (mappings with email, name, state and access)' % source])
    return [('%s[%d]' % (source, index), person) for index, person in enumerate(people)]


def csv_rows(text, source, ignore_columns=()):
    """``[(label, raw person)]`` of a CSV roster, each row in the inline shape; labels give the line number.

    Columns: ``email`` (required), ``name``, ``state``, ``profiles``, ``from``, ``until`` and per scope ``<scope>_role``,
    ``<scope>_teams``, ``<scope>_from`` and ``<scope>_until``, a scope being a platform, an inventory group or an organisation (host); headers are
    trimmed and compared without case, but for the name of a group or an organisation, which keeps its case
    (validation then checks the scope). Any other column is a problem unless listed in ``ignore_columns``,
    so a misspelt column (``snyk_rol``) cannot go unnoticed.
    """
    reader = csv.reader(io.StringIO(text.lstrip('\ufeff')))
    header = next(reader, None)
    if not header or not any(cell.strip() for cell in header):
        raise RosterError(['%s: the first line must name the columns (email, name, state, <platform>_role, <platform>_teams)' % source])
    columns = [_csv_column(cell) for cell in header]
    ignored = set(column.strip().lower() for column in ignore_columns)
    known = [column for column in columns if column in CSV_PERSON_COLUMNS or (_scope_of(column) and column.lower() not in ignored)]
    problems = []
    if 'email' not in columns:
        problems.append('%s line 1: there is no email column' % source)
    for column in sorted(set(column for column in columns if column not in known and column.lower() not in ignored)):
        problems.append('%s line 1: unknown column %r (known: %s, %s; list other columns in onboard_roster_ignore_columns)'
                        % (source, column, ', '.join(CSV_PERSON_COLUMNS), CSV_SCOPE_COLUMNS))
    for column in sorted(set(name for name in columns if columns.count(name) > 1)):
        problems.append('%s line 1: column %r is given twice' % (source, column))
    if problems:
        raise RosterError(problems)

    rows = []
    long_rows = []
    for cells in reader:
        if not any(cell.strip() for cell in cells):
            continue
        label = '%s line %d' % (source, reader.line_num)
        if len(cells) > len(columns):
            long_rows.append((len(rows), '%s: has %d cells, the header names %d columns' % (label, len(cells), len(columns))))
            continue
        values = dict((column, cell.strip()) for column, cell in zip(columns, cells) if cell.strip() and column in known)
        rows.append((label, _person_from_csv(values)))
    if long_rows:
        raise RosterError(_with_row_problems(long_rows, rows))
    return rows


def _with_row_problems(long_rows, rows):
    """Every problem of a CSV roster with long rows, in line order: the long rows' own and those of every other row."""
    try:
        validate(rows, csv_field)
        found = []
    except RosterError as exc:
        found = exc.problems
    by_row = dict((label, []) for label, _raw in rows)
    for problem in found:
        label = next((label for label in by_row if problem.startswith(label + ':') or problem.startswith(label + ' (')), None)
        if label is not None:
            by_row[label].append(problem)
    problems = []
    placed = 0
    for position, (label, _raw) in enumerate(rows):
        while placed < len(long_rows) and long_rows[placed][0] <= position:
            problems.append(long_rows[placed][1])
            placed += 1
        problems.extend(by_row[label])
    problems.extend(problem for _position, problem in long_rows[placed:])
    return problems


def _csv_column(cell):
    """A header cell as a column name: lower case, but for the name of a group or an organisation in an access column."""
    name = cell.strip()
    scope, separator, key = name.rpartition('_')
    if separator and scope and key.lower() in ACCESS_KEYS and scope.lower() not in PLATFORM_NAMES:
        return CSV_ACCESS_COLUMN % (scope, key.lower())
    return name.lower()


def _scope_of(column):
    """``(scope, key)`` of an access column ``<scope>_role`` or ``<scope>_teams``, else None."""
    scope, separator, key = column.rpartition('_')
    return (scope, key) if separator and scope and key in ACCESS_KEYS else None


def _person_from_csv(values):
    person = dict((key, values[key]) for key in CSV_PERSON_COLUMNS if key in values)
    access = {}
    for column, value in values.items():
        if column not in CSV_PERSON_COLUMNS:
            scope, key = _scope_of(column)
            access.setdefault(scope, {})[key] = value
    if access:
        person['access'] = access
    return person


def csv_text(people):
    """``people`` (rows in the inline shape) as a CSV roster that ``csv_rows`` reads back to the same rows.

    Columns: ``email``; ``name``, ``state``, ``profiles``, ``from`` and ``until`` when any row has one; then per scope of
    any row's ``access``, sorted, ``<scope>_role`` and, when any row gives them there, ``<scope>_teams``, ``<scope>_from``
    and ``<scope>_until``. Raises ValueError
    naming the row when a value cannot be written so that it reads back the same (a team name holding ``;``).
    """
    scopes = sorted(set(scope for person in people for scope in person.get('access') or {}))
    given_keys = set((scope, key) for person in people for scope, given in (person.get('access') or {}).items()
                     if isinstance(given, dict) for key in ACCESS_KEYS if given.get(key))
    header = ['email'] + [column for column in CSV_PERSON_COLUMNS[1:] if any(person.get(column) for person in people)]
    for scope in scopes:
        header.extend(CSV_ACCESS_COLUMN % (scope, key) for key in ACCESS_KEYS if key == 'role' or (scope, key) in given_keys)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator='\n')
    writer.writerow(header)
    for person in people:
        cells = dict((column, person.get(column)) for column in CSV_PERSON_COLUMNS)
        if isinstance(cells['profiles'], list):
            cells['profiles'] = PROFILE_SEPARATOR.join(cells['profiles'])
        for scope, given in (person.get('access') or {}).items():
            given = given if isinstance(given, dict) else {'role': given}
            cells[CSV_ACCESS_COLUMN % (scope, 'role')] = given.get('role')
            cells[CSV_ACCESS_COLUMN % (scope, 'teams')] = _teams_text(given.get('teams'), person['email'], scope)
            for key in DATE_KEYS:
                cells[CSV_ACCESS_COLUMN % (scope, key)] = given.get(key)
        writer.writerow([cells.get(column) or '' for column in header])
    return buffer.getvalue()


def _teams_text(teams, email, scope):
    if not teams:
        return None
    if isinstance(teams, str):
        return teams
    for team in teams:
        if TEAM_SEPARATOR in team['team']:
            raise ValueError('%s, %s: team %r holds %r, which a CSV roster cannot; write the roster as YAML'
                             % (email, CSV_ACCESS_COLUMN % (scope, 'teams'), team['team'], TEAM_SEPARATOR))
    return TEAM_SEPARATOR.join('%s%s%s' % (team['team'], TEAM_ROLE_SEPARATOR, team['role']) for team in teams)


def inline_field(field, platform=None):
    """How a problem names a field of an inline or YAML roster: ``access.snyk.role``, ``email``."""
    return 'access.%s.%s' % (platform, field) if platform else field


def csv_field(field, platform=None):
    """How a problem names a field of a CSV roster: ``column snyk_role``, ``column email``; access as a whole, by its columns."""
    if platform:
        return 'column %s' % (CSV_ACCESS_COLUMN % (platform, field))
    return 'columns <scope>_role and <scope>_teams' if field == 'access' else 'column %s' % field


def validate(rows, field_name=inline_field, profiles=None, scopes=()):
    """The people of a roster, validated whole: ``[{'label', 'email', 'key', 'name', 'state', 'access', 'profiles'}]``.

    ``access`` is ``{scope: {'role', 'teams': [{'team', 'role'}] or None}}``, a scope being a platform name
    or one of ``scopes`` (the inventory's hosts and groups; ``ANY_SCOPE`` accepts any name). ``profiles`` are the names of the access
    profiles a person may be given (``validate_profiles``). Raises RosterError listing every problem (row,
    email when known, field) when any row is bad or nobody is named.
    """
    problems = []
    people = []
    first_row = {}
    for label, raw in rows:
        found = []
        person = _person(raw, label, field_name, found, profiles or {}, scopes)
        if person is not None:
            earlier = first_row.get(person['key'])
            if earlier is not None:
                found.append('%s: also in %s; give each person once' % (field_name('email'), earlier))
            first_row.setdefault(person['key'], label)
        who = '%s (%s)' % (label, person['email']) if person is not None else label
        problems.extend('%s: %s' % (who, problem) for problem in found)
        if not found:
            people.append(person)
    if problems:
        raise RosterError(problems)
    if not people:
        raise RosterError(['the roster names nobody; give at least one person'])
    return people


def validate_profiles(raw, scopes=(), source='onboard_profiles'):
    """The access profiles, validated whole: ``{name: access}`` in the shape of a person's ``access``.

    A profile is a named bundle of access that many people share (``appsec_engineer``); ``raw`` maps each
    name to an access mapping (scope to role, or to role and teams). Raises RosterError naming each field.
    """
    if raw is None or raw == {}:
        return {}
    if not isinstance(raw, dict):
        raise RosterError(['%s: must map profile names to access (a scope to a role, or to role and teams)' % source])
    problems = []
    profiles = {}
    for name, access in raw.items():
        if not isinstance(name, str) or not name.strip():
            problems.append('%s: profile names must be text, got %r' % (source, name))
            continue

        def field_name(field, scope=None, _name=name):
            return '%s.%s.%s' % (source, _name, '%s.%s' % (scope, field) if scope else field)

        if not isinstance(access, dict) or not access:
            problems.append('%s.%s: must map scopes (platforms, inventory groups, organisations) to a role' % (source, name))
            continue
        profiles[name.strip()] = _access(access, STATE_PRESENT, field_name, problems, scopes, whole_field='%s.%s' % (source, name))
    if problems:
        raise RosterError(problems)
    return profiles


def _person(raw, label, field_name, problems, profiles, scopes):
    """One validated person, or None when the email itself is unusable; every problem is appended."""
    if not isinstance(raw, dict):
        problems.append('must be a mapping with %s' % ', '.join(PERSON_KEYS))
        return None
    for key in sorted(set(raw) - set(PERSON_KEYS), key=str):
        problems.append('%s: unknown field (known: %s)' % (key, ', '.join(PERSON_KEYS)))
    try:
        email = clean_email(raw.get('email'), None)
    except ValidationError as exc:
        problems.append('%s: %s' % (field_name('email'), exc))
        email = None
    name = raw.get('name')
    if name is not None and not isinstance(name, str):
        problems.append('%s: must be text, got %r' % (field_name('name'), name))
    state = raw.get('state') or STATE_PRESENT
    if not isinstance(state, str) or state.strip().lower() not in STATES:
        problems.append('%s: %r is not one of %s' % (field_name('state'), state, ', '.join(STATES)))
    else:
        state = state.strip().lower()
    dates = _dates(raw, field_name, problems)
    access = _access(raw.get('access'), state, field_name, problems, scopes)
    given, grant_dates = _profile_grants(raw.get('profiles'), field_name('profiles'), profiles, problems)
    if email is None:
        return None
    return dict({'label': label, 'email': email, 'key': email_key(email), 'name': name.strip() if isinstance(name, str) else None,
                 'state': state, 'access': access, 'profiles': given, 'profile_dates': grant_dates}, **dates)


def _profile_grants(raw, field, profiles, problems):
    """The profile names a person is given, in order, and ``{name: {'from', 'until'}}`` of the grants that carry dates.

    A list of names or of mappings with ``name``, ``from`` and ``until``, or the text ``one;two``; each name must be defined.
    """
    if raw is None or raw == '' or raw == []:
        return [], {}
    if isinstance(raw, str):
        raw = [part.strip() for part in raw.split(PROFILE_SEPARATOR) if part.strip()]
    if not isinstance(raw, list):
        problems.append('%s: must be a list of profile names (or of mappings with %s), or the text name%sname'
                        % (field, ', '.join(GRANT_KEYS), PROFILE_SEPARATOR))
        return [], {}
    names = []
    grant_dates = {}
    for position, grant in enumerate(raw):
        where = '%s[%d]' % (field, position)
        name = grant
        dates = {}
        if isinstance(grant, dict):
            for key in sorted(set(grant) - set(GRANT_KEYS), key=str):
                problems.append('%s.%s: unknown field (known: %s)' % (where, key, ', '.join(GRANT_KEYS)))
            name = grant.get('name')
            where_name = '%s.name' % where
            dates = _dates(grant, lambda key, _where=where: '%s.%s' % (_where, key), problems)
        else:
            where_name = where
        if not isinstance(name, str) or not name.strip():
            problems.append('%s: must be a profile name, got %r' % (where_name, name))
        elif name.strip() not in profiles:
            problems.append('%s: unknown profile %r (onboard_profiles defines: %s)'
                            % (where_name, name.strip(), ', '.join(sorted(profiles)) or 'none'))
        elif name.strip() in names:
            problems.append('%s: profile %r is given twice' % (where_name, name.strip()))
        else:
            names.append(name.strip())
            if any(value is not None for value in dates.values()):
                grant_dates[name.strip()] = dates
    return names, grant_dates


def _access(raw, state, field_name, problems, scopes=(), whole_field=None):
    """``{scope: {'role', 'teams'}}``: each key a platform name or one of ``scopes`` (inventory hosts and groups)."""
    whole_field = whole_field or field_name('access')
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        problems.append('%s: must map platforms, inventory groups or organisations to a role or to role and teams' % whole_field)
        return {}
    access = {}
    for scope, given in raw.items():
        if scope not in PLATFORM_NAMES and scopes is not ANY_SCOPE and scope not in scopes:
            problems.append('%s: %r is not a platform (%s), an inventory group or an organisation (inventory host)'
                            % (whole_field, scope, ', '.join(PLATFORM_NAMES)))
            continue
        if isinstance(given, str):
            given = {'role': given}
        if not isinstance(given, dict):
            problems.append('%s: must be a role or a mapping with role and teams' % '%s.%s' % (whole_field, scope))
            continue
        for key in sorted(set(given) - set(ACCESS_KEYS), key=str):
            problems.append('%s: unknown field (known: %s)' % (field_name(key, scope), ', '.join(ACCESS_KEYS)))
        role = given.get('role')
        if isinstance(role, str) and role.strip():
            role = role.strip()
        elif role is not None and not isinstance(role, str):
            problems.append('%s: must be text, got %r' % (field_name('role', scope), role))
            role = None
        else:
            role = None
        teams = _teams(given.get('teams'), field_name('teams', scope), problems)
        if role is None and (state == STATE_PRESENT or teams):
            problems.append('%s: is required%s' % (field_name('role', scope),
                                                   ' with teams' if teams else ' when state is present'))
        dates = _dates(given, lambda key, _scope=scope: field_name(key, _scope), problems)
        access[scope] = dict({'role': role, 'teams': teams}, **dict((key, value) for key, value in dates.items() if value is not None))
    return access


def _teams(raw, field, problems):
    """``[{'team', 'role'}]`` or None; accepts a list of mappings or the text ``Team:role;Team:role``."""
    if raw is None or raw == '' or raw == []:
        return None
    if isinstance(raw, str):
        entries = []
        for position, text in enumerate(part.strip() for part in raw.split(TEAM_SEPARATOR) if part.strip()):
            team, separator, role = text.rpartition(TEAM_ROLE_SEPARATOR)
            if not separator or not team.strip() or not role.strip():
                problems.append('%s: entry %d %r must be Team%srole' % (field, position + 1, text, TEAM_ROLE_SEPARATOR))
                continue
            entries.append({'team': team.strip(), 'role': role.strip()})
        return _unique_teams(entries, field, problems)
    if not isinstance(raw, list):
        problems.append('%s: must be a list of mappings with team and role, or Team%srole%s...' % (field, TEAM_ROLE_SEPARATOR, TEAM_SEPARATOR))
        return None
    entries = []
    for position, entry in enumerate(raw):
        where = '%s[%d]' % (field, position)
        if not isinstance(entry, dict):
            problems.append('%s: must be a mapping with team and role' % where)
            continue
        for key in sorted(set(entry) - set(TEAM_KEYS), key=str):
            problems.append('%s.%s: unknown field (known: team, role)' % (where, key))
        values = {}
        for key in TEAM_KEYS:
            value = entry.get(key)
            if not isinstance(value, str) or not value.strip():
                problems.append('%s.%s: is required (text)' % (where, key))
            else:
                values[key] = value.strip()
        if len(values) == len(TEAM_KEYS):
            entries.append(values)
    return _unique_teams(entries, field, problems)


def _unique_teams(entries, field, problems):
    seen = set()
    for entry in entries:
        if entry['team'].casefold() in seen:
            problems.append('%s: team %r is listed twice' % (field, entry['team']))
        seen.add(entry['team'].casefold())
    return entries or None


def platform_requests(people, platforms, now=None):
    """``{platform: {'users', 'invites', 'rows', 'until'}}``: what org_user and org_invite get on each managed platform.

    A person present with access on the platform is asked for with their role and teams (and, where the
    platform disables users rather than removing them, as enabled, so that someone offboarded earlier
    gets their access back); a person absent is asked to be absent on every platform; others are not
    named there. Dated access is decided at ``now`` (an aware datetime; default the clock) as for
    ``organization_requests``. ``rows[i]`` is the roster row of ``users[i]`` and ``invites[i]``, so that a module's
    message about ``users[i]`` or ``invites[i]`` can name the row; ``until[i]`` is when their access there ends.
    """
    now = now or parse_now()
    requests = {}
    for platform in platforms:
        request = _new_request(platform)
        for person in people:
            # Profiles reach organisations (hosts) only; one access entry per platform cannot conflict.
            access, until, _conflict = _access_on(dict(person, profiles=[]), {}, platform, platform, set(), now)
            _add_person(request, person, access, until)
        requests[platform] = _finished(request)
    return requests


def _new_request(platform):
    return {'disables': CAP_DISABLE_USERS in adapter_class(platform).CAPABILITIES, 'users': [], 'invites': [], 'rows': [], 'until': []}


def _add_person(request, person, access, until):
    """Name ``person`` in ``request``: absent, or present with ``access``; nobody when ``access`` is None."""
    if access is None:
        return
    if access == ABSENT:
        invite = {'email': person['email'], 'state': STATE_ABSENT}
        user = dict(invite)
    else:
        invite = {'email': person['email'], 'state': STATE_PRESENT, 'role': access['role'], 'teams': access['teams']}
        user = dict(invite, enabled=True) if request['disables'] else dict(invite)
    request['users'].append(user)
    request['invites'].append(invite)
    request['rows'].append('%s (%s)' % (person['label'], person['email']))
    request['until'].append(until)


def _finished(request):
    return dict((key, value) for key, value in request.items() if key != 'disables')


def expiring_access(people, requests, now, days):
    """The access that ends within ``days`` of ``now``, soonest first: ``[{'email', 'name', 'row', 'organization', 'platform',
    'org_name', 'role', 'until'}]``.

    ``requests`` is what ``organization_requests`` (or ``platform_requests``) returned; each present item whose ``until`` ends
    at most ``days`` days after ``now`` is listed (an ``until`` date ends when its UTC day does).
    """
    cutoff = now + datetime.timedelta(days=days)
    names = dict((person['key'], person['name']) for person in people)
    found = []
    for host, request in requests.items():
        for item, row, until in zip(request['invites'], request['rows'], request['until']):
            if until is None or item['state'] != STATE_PRESENT or not now < _ending(until) <= cutoff:
                continue
            found.append({'email': item['email'], 'name': names.get(email_key(item['email'])), 'row': row, 'organization': host,
                          'platform': request.get('platform', host), 'org_name': request.get('org_name') or host, 'role': item['role'],
                          'until': until})
    return sorted(found, key=_soonest)


def _soonest(entry):
    return _ending(entry['until']), entry['organization'], email_key(entry['email'])


def check_organizations(organizations):
    """Refuse hosts that are no organisation, and two hosts that are the same organisation; ``organizations`` as for
    ``organization_requests``. One play must never act twice on one organisation."""
    problems = []
    first = {}
    for org in organizations:
        if org.get('platform') not in PLATFORM_NAMES:
            problems.append('host %s: orgaccess_platform is %r, not one of %s' % (org['host'], org.get('platform'), ', '.join(PLATFORM_NAMES)))
            continue
        if not org.get('org_id'):
            continue
        key = (org['platform'], str(org['org_id']).strip().lower())
        if key in first:
            problems.append('hosts %s and %s are both %s organisation %s; a play may act on an organisation once, so keep one of them '
                            '(--limit, or fix the inventory)' % (first[key], org['host'], org['platform'], org['org_id']))
        else:
            first[key] = org['host']
    if problems:
        raise RosterError(problems)


def organization_requests(people, profiles, organizations, groups, now=None):
    """``{host: {'platform', 'org_id', 'org_name', 'connection', 'users', 'invites', 'rows', 'until'}}`` for every organisation of the play.

    ``organizations`` is ``[{'host', 'platform', 'org_id', 'org_name', 'connection'}]`` (the play's hosts and their
    host vars), ``groups`` the inventory's ``{group: [host, ...]}``, ``profiles`` what ``validate_profiles`` returned.
    A person absent is asked to be absent on every organisation. A person present gets, on each organisation, the
    access of the most specific entry that reaches it (the organisation, then an inventory group holding it, then its
    platform), taken from their own ``access`` when any of its entries reaches the organisation, else from their
    ``profiles``. Two entries of the deciding source and level that disagree (two groups, two profiles) are a problem
    naming both.

    Dated access is decided at ``now`` (an aware datetime; default the clock): outside the person's own dates the person
    is absent everywhere, as with ``state: absent``; an entry outside its dates (or its profile grant's) is left out before
    the rules above, and a person whose every entry reaching an organisation is left out is absent there. ``until[i]`` is
    when the access of the person of ``users[i]`` ends there (the earliest ``until`` of person, grant and entry), or None.
    Pure: no I/O, no inventory lookups.
    """
    now = now or parse_now()
    check_organizations(organizations)
    member_of = {}
    for group, hosts in (groups or {}).items():
        for host in hosts or ():
            member_of.setdefault(host, set()).add(group)
    problems = []
    requests = {}
    for org in organizations:
        host = org['host']
        request = _new_request(org['platform'])
        for person in people:
            access, until, conflict = _access_on(person, profiles, host, org['platform'], member_of.get(host, set()), now)
            if conflict:
                problems.append('%s (%s): on %s: %s' % (person['label'], person['email'], host, conflict))
                continue
            _add_person(request, person, access, until)
        requests[host] = dict(_finished(request), platform=org['platform'], org_id=org.get('org_id'), org_name=org.get('org_name') or host,
                              connection=org.get('connection') or {})
    if problems:
        raise RosterError(problems)
    return requests


def _access_on(person, profiles, host, platform, groups, now):
    """``(access, until, conflict)`` of a person on one organisation at ``now``.

    ``access`` is ``{'role', 'teams'}``, ABSENT, or None when no entry reaches the organisation (the person is not named
    there); ``until`` the canonical text of when that access ends, or None; ``conflict`` the text of a problem, or None.
    """
    if person['state'] == STATE_ABSENT or not within(person, now):
        return ABSENT, None, None
    grants = person.get('profile_dates') or {}
    sources = [[('access.%s' % scope, scope, given, (person, given)) for scope, given in person['access'].items()]]
    sources.append([('profile %s (onboard_profiles.%s.%s)' % (name, name, scope), scope, given, (person, grants.get(name) or {}, given))
                    for name in person['profiles'] for scope, given in profiles[name].items()])
    dated_out = False
    for entries in sources:
        reaching = {}
        for label, scope, given, dated in entries:
            level = _level(scope, host, platform, groups)
            if level is None:
                continue
            if not all(within(part, now) for part in dated):
                dated_out = True
                continue
            reaching.setdefault(level, []).append((label, given, _earliest(part.get(UNTIL) for part in dated)))
        if not reaching:
            continue
        deciding = reaching[next(level for level in LEVELS if level in reaching)]
        first_label, first, _until = deciding[0]
        for label, given, _until in deciding[1:]:
            if _comparable(given) != _comparable(first):
                return None, None, '%s gives %s and %s gives %s, at the same level; give one, or name the organisation itself' % (
                    first_label, _shown(first), label, _shown(given))
        # Entries that agree each grant the access: it lasts as long as the last of them.
        ends = [until for _label, _given, until in deciding]
        return first, (None if None in ends else max(ends, key=_ending)), None
    return (ABSENT if dated_out else None), None, None


def _ending(until):
    return instant(until, ends=True)


def _earliest(untils):
    found = [until for until in untils if until is not None]
    return min(found, key=_ending) if found else None


def _level(scope, host, platform, groups):
    if scope in PLATFORM_NAMES:
        return LEVEL_PLATFORM if scope == platform else None
    if scope == host:
        return LEVEL_ORGANIZATION
    if scope in groups:
        return LEVEL_GROUP
    return None


def _comparable(access):
    teams = sorted((team['team'].casefold(), team['role']) for team in access['teams'] or [])
    return access['role'], teams


def _shown(access):
    if not access['teams']:
        return repr(access['role'])
    teams = TEAM_SEPARATOR.join('%s%s%s' % (team['team'], TEAM_ROLE_SEPARATOR, team['role']) for team in access['teams'])
    return '%r with teams %s' % (access['role'], teams)


def outcome(roster, user_results, invite_results, check_mode=False, hosts=None):
    """One outcome per person and organisation from the registered results of org_user and org_invite.

    ``roster`` is what the ``onboard_roster`` action returned (``people``, and ``organizations``: per host the
    platform, org id and name and the requests). ``user_results`` and ``invite_results`` are task results whose
    ``item`` is the host (the organisation) they ran for; for each organisation the last result that was not
    skipped counts (so the plan's results followed by the real run's give the real run where there was one).
    ``hosts`` limits the outcome to these organisations (a ``serial`` batch, an AWX slice); default: all. A
    result without ``summary`` failed as a whole: its message (both, when both failed) goes to ``errors``, with every
    ``users[i]``/``invites[i]`` replaced by the roster row, and every person named on that organisation counts as
    failed. ``messages`` lists every item's own message (why it failed, or why exclusive kept a member);
    ``failures`` is one line per error and per failed item. ``now``, ``expiring_within_days`` and ``expiring`` (limited to
    ``hosts``) are the roster's: when dated access was decided, and the access that ends soon (``expiring_access``).
    """
    user_runs = _last_results(user_results)
    invite_runs = _last_results(invite_results)
    people = []
    by_key = {}
    for person in roster['people']:
        entry = _person_entry(person['email'], person['name'], person['state'], person['label'])
        people.append(entry)
        by_key[person['key']] = entry

    organizations = {}
    errors = []
    for host, request in roster['organizations'].items():
        if hosts is not None and host not in hosts:
            continue
        runs = (('users', 'user_action', user_runs.get(host)), ('invites', 'invite_action', invite_runs.get(host)))
        failed = [run for run in (user_runs.get(host), invite_runs.get(host)) if run is not None and 'summary' not in run]
        # Both tasks may fail (a plan that differs from the approved one in members and in invitations): each message once.
        error = '; '.join(dict.fromkeys(_trace_rows(str(run.get('msg') or 'failed without a message'), request['rows'])
                                        for run in failed)) or None
        if error is None and check_mode:
            error = _removal_cap_error(request, user_runs.get(host), invite_runs.get(host))
        for item in request['invites']:
            result = _org_entry(request['platform'], item.get('role'), item.get('teams'))
            by_key[email_key(item['email'])]['organizations'][host] = result
            if error is not None:
                result['action'] = FAILED
        if error is None:
            for list_key, action_key, run in runs:
                for item in (run or {}).get(list_key) or []:
                    _place(item, host, request['platform'], action_key, by_key, people)
        summary = dict((name, 0) for name in OUTCOMES)
        for entry in people:
            result = entry['organizations'].get(host)
            if result is None:
                continue
            if result['action'] is None:
                result['action'] = _combined(result, host, entry['email'])
            summary[result['action']] += 1
        organizations[host] = {'platform': request['platform'], 'org_id': request.get('org_id'), 'org_name': request.get('org_name') or host,
                               'summary': summary, 'error': error}
        if error is not None:
            # Most module messages name the platform already, which is the host's name for onboard_platforms.
            errors.append(error if error.startswith(host + ':') else '%s: %s' % (host, error))
    messages = [{'organization': host, 'platform': result['platform'], 'email': entry['email'], 'action': result['action'],
                 'msg': result['msg']}
                for entry in people for host, result in entry['organizations'].items() if result.get('msg')]
    failures = errors + ['%s %s: %s' % (message['organization'], message['email'], message['msg'])
                         for message in messages if message['action'] == FAILED]
    expiring = [entry for entry in roster.get('expiring') or [] if hosts is None or entry['organization'] in hosts]
    return {'check_mode': bool(check_mode), 'organizations': organizations, 'people': people, 'errors': errors,
            'messages': messages, 'failures': failures, 'now': roster.get('now'),
            'expiring_within_days': roster.get('expiring_within_days'), 'expiring': expiring}


def merge_outcomes(outcomes):
    """One outcome from several (the JSON reports of AWX job slices, or of serial batches), as if one run had made it.

    Organisations are united (one named by two outcomes is an error: a slice acts on its own hosts only); people are
    matched by email, their entries per organisation united, the roster's name, state and row kept from the first
    outcome that has the person in its roster; errors, messages and failures are concatenated in the given order, the
    access that ends soon (``expiring``) sorted soonest first; ``now`` and ``expiring_within_days`` are the first outcome's.
    """
    if not outcomes:
        raise ValueError('give at least one outcome to merge')
    modes = set(bool(found.get('check_mode')) for found in outcomes)
    if len(modes) > 1:
        raise ValueError('cannot merge a plan (check mode) with a real run')
    organizations = {}
    people = []
    by_key = {}
    merged = {'check_mode': modes.pop(), 'organizations': organizations, 'people': people, 'errors': [], 'messages': [], 'failures': [],
              'now': outcomes[0].get('now'), 'expiring_within_days': outcomes[0].get('expiring_within_days'), 'expiring': []}
    for position, found in enumerate(outcomes):
        for host, organization in found['organizations'].items():
            if host in organizations:
                raise ValueError('organisation %s is in outcome %d and in an earlier one; each slice reports its own organisations'
                                 % (host, position))
            organizations[host] = organization
        for person in found['people']:
            key = email_key(person['email'])
            entry = by_key.get(key)
            if entry is None:
                entry = by_key[key] = dict(person, organizations={})
                people.append(entry)
            elif person['in_roster'] and not entry['in_roster']:
                entry.update((name, person[name]) for name in ('email', 'name', 'state', 'row', 'in_roster'))
            entry['organizations'].update(person['organizations'])
        for name in ('errors', 'messages', 'failures', 'expiring'):
            merged[name].extend(found.get(name) or [])
    merged['expiring'].sort(key=_soonest)
    return merged


def _removal_cap_error(request, user_run, invite_run):
    """The refusal of a plan whose members removed or disabled and invitations cancelled on one organisation are each within
    the removal cap (each task refused its own count above it) but above it together, from both tasks' ``removals``; else None.

    The population is the members org_user read plus the pending invitations org_invite read, so neither task reads more
    for it; the cap is the smaller of the two tasks' (they differ only when their ``max_removals`` do)."""
    users, invites = (user_run or {}).get('removals'), (invite_run or {}).get('removals')
    if not users or not invites or not users['count'] or not invites['count']:
        return None
    population = _known(users, invites, 'members') + _known(invites, users, 'pending_invitations')
    cap, max_removals = min((Guards(request['platform'], None, found['max_removals']).cap(population), found['max_removals'])
                            for found in (users, invites))
    count = users['count'] + invites['count']
    if count <= cap:
        return None
    organisation = '%s organisation %s' % (request['platform'], request.get('org_id') or request.get('org_name'))
    return str(ValidationError(
        'this run would remove or disable %s and cancel the invitations of %s in %s, %d in all, more than the cap of %s '
        'that org_user and org_invite count against together; nothing was changed. If that is meant, %s'
        % (_counted(users['count'], 'member', 'members'), _counted(invites['count'], 'person', 'people'), organisation, count,
           cap_text(cap, max_removals, population), RAISE_CAP),
        field='max_removals', platform=request['platform']))


def _counted(count, one, many):
    return '%d %s' % (count, one if count == 1 else many)


def _known(removals, other, half):
    """``removals[half]``, or the other task's when this one did not read it."""
    return removals[half] if removals.get(half) is not None else other[half]


def _last_results(results):
    found = {}
    for result in results or []:
        if not result.get('skipped'):
            found[result.get('item')] = result
    return found


def _trace_rows(message, rows):
    def named(match):
        row = rows[int(match.group(1))]
        return '%s, field %s' % (row, match.group(2)) if match.group(2) else row
    return ITEM_REFERENCE.sub(named, message)


def _person_entry(email, name, state, row):
    return {'email': email, 'name': name, 'state': state, 'row': row, 'in_roster': row is not None, 'organizations': {}}


def _org_entry(platform, role, teams):
    return {'platform': platform, 'action': None, 'role': role, 'teams': teams, 'user_action': None, 'invite_action': None}


def _place(item, host, platform, action_key, by_key, people):
    """Put one module item on its person; an item for someone the roster does not name (exclusive) adds them."""
    key = email_key(item.get('email'))
    entry = by_key.get(key)
    if entry is None:
        entry = by_key[key] = _person_entry(item.get('email'), item.get('name'), None, None)
        people.append(entry)
    result = entry['organizations'].setdefault(host, _org_entry(platform, None, None))
    if result['role'] is None:
        # People asked to be absent, and those exclusive reaches: the role they had.
        result['role'] = item.get('role')
    result[action_key] = item.get('action')
    if item.get('msg'):
        result['msg'] = item['msg']


def _combined(result, host, email):
    found = set()
    if result['user_action'] is not None:
        found.add(_translate(USER_OUTCOMES, result['user_action'], 'org_user'))
    if result['invite_action'] is not None:
        found.add(_translate(INVITE_OUTCOMES, result['invite_action'], 'org_invite'))
    if not found:
        raise ValueError('%s: neither org_user nor org_invite reported on %s' % (host, email))
    return next(name for name in PRECEDENCE if name in found)


def _translate(table, action, module):
    if action not in table:
        raise ValueError('%s returned the action %r, which the onboard role does not know' % (module, action))
    return table[action]
