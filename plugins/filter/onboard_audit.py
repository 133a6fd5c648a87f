# -*- coding: utf-8 -*-
# Copyright (c) 2026, orgaccess.onboarding contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r"""
name: onboard_audit
short_description: Gather the members and pending invitations of each platform into one audit
version_added: 1.0.0
description:
  - Used by the C(audit) entry point of the role C(orgaccess.onboarding.onboard). Takes the registered results of looped
    M(orgaccess.onboarding.org_user_info) and M(orgaccess.onboarding.invite_info) tasks whose loop item is the platform name, and
    returns per platform the members, the pending invitations and their counts.
author:
  - orgaccess maintainers (@orgaccess)
options:
  _input:
    description: The C(results) of the looped M(orgaccess.onboarding.org_user_info) task.
    type: list
    elements: dict
    required: true
  invites:
    description: The C(results) of the looped M(orgaccess.onboarding.invite_info) task.
    type: list
    elements: dict
    required: true
"""

EXAMPLES = r"""
- name: Gather the audit
  ansible.builtin.set_fact:
    audit: "{{ members.results | orgaccess.onboarding.onboard_audit(invites=invites.results) }}"
"""

RETURN = r"""
_value:
  description: Per platform (in the order the loop ran) C(members), C(invites) and C(summary).
  type: dict
  contains:
    platforms:
      description:
        - C(members) as M(orgaccess.onboarding.org_user_info) returns them, C(invites) as M(orgaccess.onboarding.invite_info)
          returns them (pending ones only), and C(summary) with the number of C(members), of those C(disabled), and of
          C(pending_invites).
      type: dict
      sample: {"snyk": {"members": [], "invites": [], "summary": {"members": 0, "disabled": 0, "pending_invites": 0}}}
"""


def onboard_audit(member_results, invites):
    platforms = {}
    for result in member_results:
        platforms.setdefault(result['item'], {})['members'] = result['users']
    for result in invites:
        platforms.setdefault(result['item'], {})['invites'] = result['invites']
    for found in platforms.values():
        found['summary'] = {
            'members': len(found['members']),
            'disabled': sum(1 for member in found['members'] if member.get('enabled') is False),
            'pending_invites': len(found['invites']),
        }
    return {'platforms': platforms}


class FilterModule(object):

    def filters(self):
        return {'onboard_audit': onboard_audit}
