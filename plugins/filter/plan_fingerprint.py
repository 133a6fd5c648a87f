# -*- coding: utf-8 -*-
# Copyright (c) 2026, orgaccess.onboarding contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r"""
name: plan_fingerprint
short_description: Combine the plan fingerprints of several tasks into one fingerprint for the whole run
version_added: 1.0.0
description:
  - Each M(orgaccess.onboarding.org_invite) and M(orgaccess.onboarding.org_user) task returns a C(plan_fingerprint) of its own plan
    (one platform, one organisation). This filter combines the fingerprints of several tasks (several modules, platforms or
    organisations) into one, for an approver to sign off a whole run at once.
  - The result does not depend on the order of the tasks or of the loop - the fingerprints are sorted before they are hashed - and
    changes when any task's plan changes, or when a task is added or left out.
  - Takes fingerprints, module results that carry C(plan_fingerprint), or registered results of looped tasks (their C(results) are
    read). Skipped results plan nothing and are left out; any other result without a fingerprint (a failed task) is an error naming
    its position, since a plan that could not be made cannot be approved.
  - The combined fingerprint is for people and for the approval; each task still checks its own plan with
    O(orgaccess.onboarding.org_invite#module:approved_fingerprint).
author:
  - orgaccess maintainers (@orgaccess)
options:
  _input:
    description: Fingerprints, module results, or registered results of looped tasks.
    type: list
    elements: raw
    required: true
"""

EXAMPLES = r"""
- name: Publish the plan of the run for the approval node of an AWX/AAP workflow
  ansible.builtin.set_stats:
    data:
      approved_run_fingerprint: "{{ [planned_users, planned_invites] | orgaccess.onboarding.plan_fingerprint }}"
    per_host: false

- name: Combine two fingerprints
  ansible.builtin.debug:
    msg: "{{ [snyk_fingerprint, cybedefend_fingerprint] | orgaccess.onboarding.plan_fingerprint }}"
"""

RETURN = r"""
_value:
  description: The sha256 (64 hexadecimal digits) of the sorted fingerprints.
  type: str
  sample: 9b2c5f8e1d4a7b0c3f6e9d2a5b8c1f3f1d0c5e8a0b4f6c9d2e7a1b5c8f0e3d6a
"""

import hashlib
import json
import re

from ansible.errors import AnsibleFilterError

FINGERPRINT = re.compile(r'^[0-9a-f]{64}$')
FORMAT = 1


def plan_fingerprint(values):
    """One fingerprint for the fingerprints found in ``values`` (see DOCUMENTATION), whatever their order."""
    if not isinstance(values, (list, tuple)):
        raise AnsibleFilterError('plan_fingerprint: _input must be a list of fingerprints or task results, got %s' % type(values).__name__)
    fingerprints = []
    for position, value in enumerate(values):
        _collect(value, '_input[%d]' % position, fingerprints)
    document = {'format': FORMAT, 'fingerprints': sorted(fingerprints)}
    text = json.dumps(document, sort_keys=True, separators=(',', ':'))
    return hashlib.sha256(text.encode('utf-8')).hexdigest()


def _collect(value, where, fingerprints):
    if isinstance(value, str):
        fingerprints.append(_checked(value, where))
    elif isinstance(value, dict) and isinstance(value.get('results'), list) and 'plan_fingerprint' not in value:
        for position, result in enumerate(value['results']):
            _collect(result, '%s.results[%d]' % (where, position), fingerprints)
    elif isinstance(value, dict) and value.get('plan_fingerprint') is not None:
        fingerprints.append(_checked(value['plan_fingerprint'], where + '.plan_fingerprint'))
    elif isinstance(value, dict) and value.get('skipped'):
        return
    elif isinstance(value, dict):
        why = value.get('msg') or 'it has no plan_fingerprint'
        raise AnsibleFilterError('plan_fingerprint: %s holds no plan to approve: %s' % (where, why))
    else:
        raise AnsibleFilterError('plan_fingerprint: %s is a %s, not a fingerprint or a task result' % (where, type(value).__name__))


def _checked(value, where):
    fingerprint = str(value).strip().lower()
    if not FINGERPRINT.match(fingerprint):
        raise AnsibleFilterError('plan_fingerprint: %s is not a plan fingerprint (64 hexadecimal digits)' % where)
    return fingerprint


class FilterModule(object):

    def filters(self):
        return {'plan_fingerprint': plan_fingerprint}
