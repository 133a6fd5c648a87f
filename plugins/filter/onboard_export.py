# -*- coding: utf-8 -*-
# Copyright (c) 2026, orgaccess.onboarding contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r"""
name: onboard_export
short_description: Turn an audit into a roster that the onboard role finds unchanged
version_added: 1.0.0
description:
  - Used by the C(audit) entry point of the role C(orgaccess.onboarding.onboard) when C(onboard_export_path) is set. Takes the
    C(orgaccess.onboarding.onboard_audit) filter's result and returns the people on its organisations as a roster, in the role's
    own layout - one row per person (emails compared without case), whose C(access) names each organisation (host) with the
    role, and the team memberships where the member has teams. A pending invitation is access with the invitation's role.
  - Fed unchanged to the onboard role on the same organisations, the roster plans no change. What would make it change something
    is left out and listed in C(left_out) with the reason - a disabled Cisco XDR user (a roster row would enable it), a member
    without an email (a Snyk service account), one email listed twice, or several pending invitations of one email.
  - Holds no secret - the audit it reads carries none.
  - Fails when an organisation of the audit could not be read - a partial roster, given with C(onboard_exclusive), would
    remove everyone on the organisation left out.
author:
  - orgaccess maintainers (@orgaccess)
options:
  _input:
    description: The result of the C(orgaccess.onboarding.onboard_audit) filter.
    type: dict
    required: true
"""

EXAMPLES = r"""
- name: Write what exists as a roster
  ansible.builtin.copy:
    content: "{{ {'onboard_people': (audit | orgaccess.onboarding.onboard_export).people} | to_nice_yaml(indent=2, sort_keys=false) }}"
    dest: roster.yml
    mode: "0600"
  delegate_to: localhost
  run_once: true
"""

RETURN = r"""
_value:
  description: The roster, and what was left out of it.
  type: dict
  contains:
    people:
      description: The roster's rows (C(email), C(name) when known, C(access)), sorted by email.
      type: list
      elements: dict
      sample: [{"email": "ada@example.com", "name": "Ada", "access": {"snyk_web": "Org Admin",
               "cybedefend_blue": {"role": "member", "teams": [{"team": "AppSec", "role": "developer"}]}}}]
    left_out:
      description: What is not exported - C(organization), C(email) (or the user id) and C(reason).
      type: list
      elements: dict
"""

from ansible.errors import AnsibleFilterError

from ansible_collections.orgaccess.onboarding.plugins.plugin_utils._export import ExportError, export_roster


def onboard_export(audit):
    if not isinstance(audit, dict) or not isinstance(audit.get('organizations'), dict):
        raise AnsibleFilterError('onboard_export: give the result of the onboard_audit filter, with organizations')
    try:
        return export_roster(audit)
    except ExportError as exc:
        raise AnsibleFilterError('onboard_export: %s' % exc)


class FilterModule(object):

    def filters(self):
        return {'onboard_export': onboard_export}
