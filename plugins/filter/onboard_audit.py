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


from ansible.errors import AnsibleFilterError

# What each looped result must carry: (the input it comes in, its module, the key holding its list, the audit's key for it).
MEMBERS = ('_input', 'orgaccess.onboarding.org_user_info', 'users', 'members')
INVITES = ('invites', 'orgaccess.onboarding.invite_info', 'invites', 'invites')


def onboard_audit(member_results, invites):
    platforms = {}
    for source, results in ((MEMBERS, member_results), (INVITES, invites)):
        for index, result in enumerate(_results(source, results)):
            platform, found = _found(source, index, result)
            platforms.setdefault(platform, {})[source[3]] = found
    for platform, found in platforms.items():
        for source in (MEMBERS, INVITES):
            if source[3] not in found:
                raise AnsibleFilterError('onboard_audit: %s has no result for platform %r (from %s); loop both tasks over the same '
                                         'platforms' % (source[0], platform, source[1]))
    for found in platforms.values():
        found['summary'] = {
            'members': len(found['members']),
            'disabled': sum(1 for member in found['members'] if member.get('enabled') is False),
            'pending_invites': len(found['invites']),
        }
    return {'platforms': platforms}


def _results(source, results):
    if not isinstance(results, list):
        raise AnsibleFilterError('onboard_audit: %s must be the results list of a looped %s task, got %s'
                                 % (source[0], source[1], type(results).__name__))
    return results


def _found(source, index, result):
    """``(platform, list)`` of one looped result, or AnsibleFilterError saying what is wrong with it."""
    where = '%s[%d]' % (source[0], index)
    if not isinstance(result, dict) or not result.get('item'):
        raise AnsibleFilterError('onboard_audit: %s has no loop item; loop the %s task over the platform names' % (where, source[1]))
    found = result.get(source[2])
    if not isinstance(found, list):
        why = result.get('msg') or ('it was skipped' if result.get('skipped') else 'it has no %s list' % source[2])
        raise AnsibleFilterError('onboard_audit: %s (platform %s) holds no %s from %s: %s' % (where, result['item'], source[2], source[1], why))
    return result['item'], found


class FilterModule(object):

    def filters(self):
        return {'onboard_audit': onboard_audit}
