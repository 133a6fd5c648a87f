#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, orgaccess.onboarding contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r"""
module: onboard_roster
short_description: Read and validate an onboarding roster, and turn it into the requests of each platform
version_added: 1.0.0
description:
  - Reads a roster of people given inline (O(people)) or as a YAML, JSON or CSV file (O(path)) on the controller, validates all of it,
    and returns what M(orgaccess.onboarding.org_user) and M(orgaccess.onboarding.org_invite) get on each organisation of O(hosts)
    (organisations as inventory hosts), or on each platform of O(platforms).
  - With O(hosts), a person's C(access) may name a platform (every organisation of it among O(hosts)), an inventory group (every
    organisation in it) or one organisation (its host name), and C(profiles) may give them named access profiles (O(profiles)). On each
    organisation the most specific entry wins (organisation, then group, then platform), taken from the person's own C(access) when any
    of its entries reaches the organisation, else from their profiles; two entries at that level that disagree fail naming both.
  - Two hosts that are the same organisation (same C(orgaccess_platform) and C(orgaccess_org_id)) are refused naming both.
  - The role C(orgaccess.onboarding.onboard) runs it first, so that a bad row stops the run before any
    platform is touched. It is also handy on its own, to check a roster in a pipeline.
  - Every problem is reported at once, each naming its row (C(onboard_people[3]), C(roster.csv line 5)), the person's email when it is
    readable, and the field (C(access.snyk.role), C(column snyk_role)).
  - This checks the roster's shape. Whether a role or team exists is up to each platform; the onboard role finds that out in its plan,
    before it writes anything.
  - Never connects to a platform and never changes anything.
author:
  - orgaccess maintainers (@orgaccess)
options:
  people:
    description:
      - The people, inline. A list of mappings with the keys C(email) (required), C(name), C(state) (V(present), the default, or
        V(absent)) and C(access).
      - C(access) maps a platform name (V(cisco_xdr), V(snyk), V(cybedefend)) to the role the person has there, either as the role
        itself or as a mapping with C(role) and C(teams). C(teams) is a list of mappings with C(team) (name or id) and C(role) (the
        team role), or the text C(Team:role;Team:role).
      - C(profiles) - a list of names of O(profiles), or of mappings with C(name), C(from) and C(until) (a dated grant), or the text
        C(name;name).
      - C(from) and C(until) - dated access, on the person, on an C(access) entry (next to C(role)) and on a profile grant. Each is a date
        (V(2026-12-31), a UTC day; C(from) starts at its first instant, C(until) is the last day of access) or a date-time with its zone
        (V(2026-12-31T17:00:00+01:00); a date-time without a zone is refused). C(from) after C(until) is refused. Outside the person's
        own dates the person is absent everywhere, as with C(state=absent). An entry outside its own dates or its grant's is left out
        before the precedence rules; a person whose every entry that reaches an organisation is left out is absent there. So the
        narrowest window of person, grant and entry wins.
      - A person with C(state=present) is managed where their C(access) or C(profiles) reach, and needs a role in each entry. A person
        with C(state=absent) is removed from every organisation of O(hosts) (every platform of O(platforms)); their C(access) is ignored.
      - Also accepted - a mapping with the key C(onboard_people) holding that list (the layout of a roster file).
      - Mutually exclusive with O(path); one of them is required.
    type: raw
  path:
    description:
      - A roster file. C(.yml), C(.yaml) and C(.json) files hold the list of O(people) (or a mapping with the key C(onboard_people));
        C(.csv) files have one person per line.
      - A YAML file's mapping may also hold C(onboard_profiles), used when O(profiles) is not given.
      - CSV columns (the first line names them; order and case do not matter) - C(email) (required), C(name), C(state), C(profiles)
        (C(name;name)), C(from), C(until), and per platform
        C(<platform>_role), C(<platform>_teams), C(<platform>_from) and C(<platform>_until), for example C(snyk_role) or
        C(cybedefend_teams) with the text C(Team:role;Team:role).
        An empty cell is a value not given. Any other column is an error unless listed in O(ignore_columns).
      - A relative path is looked up in the current directory first, then in the C(files) folders and the directory of the playbook and
        role, as M(ansible.builtin.copy) does. Files encrypted with Ansible Vault are decrypted.
    type: str
  format:
    description:
      - The file format of O(path). V(auto) goes by the extension.
    type: str
    choices:
      - auto
      - csv
      - yaml
    default: auto
  ignore_columns:
    description:
      - CSV columns to ignore, for example the other columns of an HR export.
    type: list
    elements: str
    default: []
  profiles:
    description:
      - Named access profiles - a mapping from each name to access in the shape of a person's C(access). Only with O(hosts).
    type: raw
  hosts:
    description:
      - The organisations to build requests for - inventory hosts whose host vars are C(orgaccess_platform), C(orgaccess_org_id),
        C(orgaccess_org_name) and C(orgaccess_connection) (non-secret settings; a secret option there is refused). The role passes
        C(ansible_play_hosts_all). The inventory's groups and hosts are the scopes C(access) may name.
      - Mutually exclusive with O(platforms); one of them is required.
    type: list
    elements: str
  ignore_unknown_scopes:
    description:
      - Accept C(access) entries that name no platform, host or group of the inventory, instead of failing. For jobs whose inventory
        holds only part of the organisations (an AWX job slice gets only its slice's hosts and groups), where the roster names the
        others too; such entries reach no organisation of the run. Mistyped names then go unnoticed, so keep it off elsewhere.
    type: bool
    default: false
  now:
    description:
      - The moment dated access (C(from), C(until)) is decided at - a date (its first instant, UTC) or a date-time with its zone.
      - Default the controller's current time, read once per task run, so that every organisation is decided at the same moment.
        Give a fixed value for tests and for plans that must be reproducible.
    type: raw
  expiring_within_days:
    description:
      - List in RV(expiring) the access that ends within this many days of O(now).
    type: int
    default: 14
  platforms:
    description:
      - The platforms to build requests for, one organisation each (the connection's). People are only named on these.
    type: list
    elements: str
    choices:
      - cisco_xdr
      - snyk
      - cybedefend
attributes:
  action:
    description: Runs on the controller, as an action plugin.
    support: full
  check_mode:
    description: Runs in check mode and returns the same result, since it only reads.
    support: full
  diff_mode:
    description: Changes nothing, so there is no diff.
    support: N/A
  platform:
    description: Target OS/families that can be operated against.
    support: N/A
    platforms: all
seealso:
  - module: orgaccess.onboarding.org_user
  - module: orgaccess.onboarding.org_invite
"""

EXAMPLES = r"""
- name: Check a roster with access profiles against the organisations of the play, once
  orgaccess.onboarding.onboard_roster:
    path: roster.yml
    profiles:
      appsec_engineer:
        snyk: Org Collaborator
        pci: Org Admin
    hosts: "{{ ansible_play_hosts_all }}"
  run_once: true
  delegate_to: localhost

- name: Check a roster exported from HR before the onboarding job runs
  orgaccess.onboarding.onboard_roster:
    path: rosters/security-team.csv
    ignore_columns:
      - department
      - manager
    platforms:
      - cisco_xdr
      - snyk
      - cybedefend

- name: Validate an inline roster and show what Snyk would be asked for
  orgaccess.onboarding.onboard_roster:
    platforms:
      - snyk
    people:
      - email: ada@example.com
        name: Ada Lovelace
        access:
          snyk: Org Admin
          cybedefend:
            role: member
            teams: "Platform:developer;AppSec:read_only"
      - email: eve@example.com
        state: absent
  register: roster

- name: Show the Snyk request
  ansible.builtin.debug:
    var: roster.platforms.snyk.invites
"""

RETURN = r"""
people:
  description: The people of the roster, validated, in roster order.
  returned: success
  type: list
  elements: dict
  contains:
    label:
      description: Where the person is in the roster.
      type: str
      returned: always
      sample: roster.csv line 3
    email:
      description: The email, trimmed.
      type: str
      returned: always
      sample: ada@example.com
    key:
      description: The email as the collection compares it (trimmed, case folded).
      type: str
      returned: always
      sample: ada@example.com
    name:
      description: The name, or V(null).
      type: str
      returned: always
      sample: Ada Lovelace
    state:
      description: V(present) or V(absent).
      type: str
      returned: always
      sample: present
    access:
      description: Per scope (platform, inventory group or host) the C(role) and C(teams) (a list of C(team) and C(role), or V(null)).
      type: dict
      returned: always
      sample: {"snyk": {"role": "Org Admin", "teams": null}}
    profiles:
      description: The names of the access profiles the person has.
      type: list
      elements: str
      returned: always
      sample: ["appsec_engineer"]
    profile_dates:
      description: Per profile grant that carries dates, its C(from) and C(until) (as for RV(people[].from)).
      type: dict
      returned: always
      sample: {"appsec_engineer": {"from": null, "until": "2027-01-31"}}
    from:
      description: When the person's access starts - a date (V(2026-12-31)) or a date-time with its zone, or V(null). Access entries
        (RV(people[].access)) carry C(from) and C(until) too, when given.
      type: str
      returned: always
      sample: "2026-12-01"
    until:
      description: When the person's access ends (a date is the last day of access), or V(null).
      type: str
      returned: always
      sample: "2027-03-31T17:00:00+01:00"
organizations:
  description:
    - Per host of O(hosts), the organisation (C(platform), C(org_id), C(org_name), C(connection) - the non-secret settings with
      C(org_id) added for platforms that take it) and its C(users), C(invites), C(rows) and C(until), as for RV(platforms).
  returned: success, with O(hosts)
  type: dict
  sample: {"snyk_payments": {"platform": "snyk", "org_id": "8a0e1f4e-59ad-4d7b-a4c2-2f6b3c0f5d11", "org_name": "Payments",
           "connection": {"org_id": "8a0e1f4e-59ad-4d7b-a4c2-2f6b3c0f5d11"},
           "users": [{"email": "eve@example.com", "state": "absent"}], "invites": [{"email": "eve@example.com", "state": "absent"}],
           "rows": ["onboard_people[1] (eve@example.com)"], "until": [null]}}
profiles:
  description: The access profiles, validated - per profile name, per scope the C(role) and C(teams).
  returned: success, with O(hosts)
  type: dict
  sample: {"appsec_engineer": {"snyk": {"role": "Org Collaborator", "teams": null}}}
platforms:
  description: Per platform in O(platforms), what the onboard role sends to M(orgaccess.onboarding.org_user) and M(orgaccess.onboarding.org_invite).
  returned: success, with O(platforms)
  type: dict
  contains:
    users:
      description:
        - The O(orgaccess.onboarding.org_user#module:users) items, one per person named on the platform, in roster order - C(email),
          C(state), and for people present C(role), C(teams) and, where the platform disables users instead of removing them, C(enabled=true).
      type: list
      elements: dict
      returned: always
      sample: [{"email": "ada@example.com", "state": "present", "role": "Org Admin", "teams": null}]
    invites:
      description: The O(orgaccess.onboarding.org_invite#module:invites) items, the same people in the same order.
      type: list
      elements: dict
      returned: always
      sample: [{"email": "ada@example.com", "state": "present", "role": "Org Admin", "teams": null}]
    rows:
      description: The roster row and email of each item, in the same order.
      type: list
      elements: str
      returned: always
      sample: ["onboard_people[0] (ada@example.com)"]
    until:
      description: When the access of each item's person ends there (the earliest C(until) of person, profile grant and access entry
        that decided it), or V(null) (no end, or the person is asked to be absent); in the same order.
      type: list
      elements: str
      returned: always
      sample: ["2027-01-31"]
  sample: {"snyk": {"users": [{"email": "eve@example.com", "state": "absent"}], "invites": [{"email": "eve@example.com", "state": "absent"}],
           "rows": ["onboard_people[1] (eve@example.com)"], "until": [null]}}
now:
  description: The moment dated access was decided at (O(now), or the controller's time), as an ISO 8601 date-time.
  returned: success
  type: str
  sample: "2026-12-20T08:30:00+00:00"
expiring_within_days:
  description: As O(expiring_within_days).
  returned: success
  type: int
  sample: 14
expiring:
  description:
    - The access that ends within O(expiring_within_days) of RV(now), soonest first - per person and organisation (host, or platform
      with O(platforms)) C(email), C(name), C(row), C(organization), C(platform), C(org_name), C(role) and C(until) (the earliest
      C(until) of person, profile grant and access entry that decided the access; a date is the last day of access).
  returned: success
  type: list
  elements: dict
  sample: [{"email": "ada@example.com", "name": "Ada Lovelace", "row": "onboard_people[0] (ada@example.com)", "organization": "snyk_payments",
            "platform": "snyk", "org_name": "Payments", "role": "Org Admin", "until": "2026-12-31"}]
problems:
  description: Every problem found, each naming the row, the email when known, and the field.
  returned: failure
  type: list
  elements: str
  sample: ["roster.csv line 4 (bo@example.com): column snyk_role: is required when state is present"]
"""
