# -*- coding: utf-8 -*-
# Copyright (c) 2026, orgaccess.onboarding contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r"""
name: onboard_roster_csv
short_description: Write a roster as CSV, in the layout the onboard role reads
version_added: 1.0.0
description:
  - Used by the C(audit) entry point of the role C(orgaccess.onboarding.onboard) to write its export as CSV. Takes roster rows in the
    inline shape (C(email), C(name), C(state), C(profiles), C(access)) and returns the CSV text the role reads back to the same rows.
  - Columns - C(email); C(name), C(state) and C(profiles) when any row has one; then per scope (platform, inventory group or
    organisation) of any row's C(access), sorted, C(<scope>_role) and, where any row gives teams, C(<scope>_teams)
    (C(Team:role;Team:role)).
  - Fails naming the row when a value cannot be written so that it reads back the same - a team name holding C(;).
author:
  - orgaccess maintainers (@orgaccess)
options:
  _input:
    description: The roster's rows, for example the C(people) of the C(orgaccess.onboarding.onboard_export) filter's result.
    type: list
    elements: dict
    required: true
"""

EXAMPLES = r"""
- name: Write what exists as a CSV roster
  ansible.builtin.copy:
    content: "{{ (audit | orgaccess.onboarding.onboard_export).people | orgaccess.onboarding.onboard_roster_csv }}"
    dest: roster.csv
    mode: "0600"
  delegate_to: localhost
  run_once: true
"""

RETURN = r"""
_value:
  description: The CSV text, a header line and one line per row.
  type: str
  sample: "email,name,snyk_web_role\nada@example.com,Ada,Org Admin\n"
"""

from ansible.errors import AnsibleFilterError

from ansible_collections.orgaccess.onboarding.plugins.plugin_utils._roster import csv_text


def onboard_roster_csv(people):
    if not isinstance(people, list) or not all(isinstance(person, dict) and person.get('email') for person in people):
        raise AnsibleFilterError('onboard_roster_csv: give a list of roster rows, each with an email')
    try:
        return csv_text(people)
    except ValueError as exc:
        raise AnsibleFilterError('onboard_roster_csv: %s' % exc)


class FilterModule(object):

    def filters(self):
        return {'onboard_roster_csv': onboard_roster_csv}
