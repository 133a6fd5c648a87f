# -*- coding: utf-8 -*-
# Copyright (c) 2026, orgaccess.onboarding contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r"""
name: onboard_audit
short_description: Gather the members and pending invitations of each organisation into one audit
version_added: 1.0.0
description:
  - Used by the C(audit) entry point of the role C(orgaccess.onboarding.onboard), once over every organisation host of the play. Takes
    per host what was read there - the registered results of M(orgaccess.onboarding.org_user_info) and
    M(orgaccess.onboarding.invite_info) - and returns per organisation the members, the pending invitations and their counts.
  - A read that failed is reported as the organisation's C(error) (and in C(errors)), not raised, so that the other organisations are
    still reported.
author:
  - orgaccess maintainers (@orgaccess)
options:
  _input:
    description:
      - Per organisation host, a mapping with C(platform), C(org_id), C(org_name) (its host vars), C(members) (the registered result
        of M(orgaccess.onboarding.org_user_info)) and C(invites) (that of M(orgaccess.onboarding.invite_info)).
    type: dict
    required: true
"""

EXAMPLES = r"""
- name: Keep what was read of this organisation
  ansible.builtin.set_fact:
    audited: {platform: "{{ orgaccess_platform }}", org_id: null, org_name: "{{ inventory_hostname }}", members: "{{ members }}", invites: "{{ invites }}"}

- name: Gather the audit of every organisation
  ansible.builtin.set_fact:
    audit: "{{ dict(ansible_play_batch | zip(ansible_play_batch | map('extract', hostvars, 'audited'))) | orgaccess.onboarding.onboard_audit }}"
  run_once: true
"""

RETURN = r"""
_value:
  description: The audit.
  type: dict
  contains:
    organizations:
      description:
        - Per host, its C(platform), C(org_id) and C(org_name); C(members) as M(orgaccess.onboarding.org_user_info) returns them and
          C(invites) as M(orgaccess.onboarding.invite_info) returns them (pending ones only), both empty when a read failed;
          C(summary) with the number of C(members), of those C(disabled), and of C(pending_invites); and C(error), the failed
          read's message or V(null).
      type: dict
      sample: {"snyk_web": {"platform": "snyk", "org_id": "1d0b5c2e-8f7a-4a61-9d3c-6e2f0a9b8c71", "org_name": "Web", "members": [],
               "invites": [], "summary": {"members": 0, "disabled": 0, "pending_invites": 0}, "error": null}}
    errors:
      description: One line per failed read, naming the organisation.
      type: list
      elements: str
"""


from ansible.errors import AnsibleFilterError

# What each read gives: (the key of the input holding its result, its module, the key holding its list in the result).
MEMBERS = ('members', 'orgaccess.onboarding.org_user_info', 'users')
INVITES = ('invites', 'orgaccess.onboarding.invite_info', 'invites')


def onboard_audit(organizations):
    if not isinstance(organizations, dict):
        raise AnsibleFilterError('onboard_audit: give a mapping from organisation host to what was read there, got %s'
                                 % type(organizations).__name__)
    audit = {'organizations': {}, 'errors': []}
    for host, read in organizations.items():
        if not isinstance(read, dict) or not read.get('platform'):
            raise AnsibleFilterError('onboard_audit: %s: give platform, org_id, org_name, members and invites, got %r' % (host, read))
        found = {'platform': read['platform'], 'org_id': read.get('org_id'), 'org_name': read.get('org_name') or host,
                 'members': [], 'invites': [], 'error': None}
        errors = []
        for source in (MEMBERS, INVITES):
            listed, error = _listed(source, read.get(source[0]))
            found[source[0]] = listed
            if error is not None:
                errors.append(error)
        if errors:
            found.update(members=[], invites=[], error='; '.join(errors))
            audit['errors'].append(found['error'] if found['error'].startswith(host + ':') else '%s: %s' % (host, found['error']))
        found['summary'] = {
            'members': len(found['members']),
            'disabled': sum(1 for member in found['members'] if member.get('enabled') is False),
            'pending_invites': len(found['invites']),
        }
        audit['organizations'][host] = found
    return audit


def _listed(source, result):
    """``(list, None)`` from a module's registered result, or ``([], message)`` saying why it holds none."""
    listed = result.get(source[2]) if isinstance(result, dict) else None
    if isinstance(listed, list) and not result.get('failed'):
        return listed, None
    if not isinstance(result, dict):
        return [], '%s gave no result' % source[1]
    why = result.get('msg') or ('it was skipped' if result.get('skipped') else 'it has no %s list' % source[2])
    return [], '%s: %s' % (source[1], why)


class FilterModule(object):

    def filters(self):
        return {'onboard_audit': onboard_audit}
