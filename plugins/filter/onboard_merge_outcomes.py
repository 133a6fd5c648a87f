# -*- coding: utf-8 -*-
# Copyright (c) 2026, orgaccess.onboarding contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r"""
name: onboard_merge_outcomes
short_description: Merge the outcomes (JSON reports) of several onboard runs into one
version_added: 1.0.0
description:
  - Merges what the role C(orgaccess.onboarding.onboard) reported in several runs over different organisations - the slices of an
    AWX/AAP job with job slicing, or the batches of a play with C(serial) - into one outcome, as one run over all of them would have
    reported it. The playbook C(orgaccess.onboarding.merge_reports) reads the JSON reports and writes the merged report.
  - Organisations are united; one that two outcomes name is an error (each slice acts on its own organisations). People are matched by
    email and their entries per organisation united. C(errors), C(messages) and C(failures) are concatenated in the given order, and
    C(expiring) (the access that ends soon) too, soonest first; C(now) and C(expiring_within_days) are the first outcome's.
  - A plan (check mode) cannot be merged with a real run.
author:
  - orgaccess maintainers (@orgaccess)
options:
  _input:
    description: The outcomes, each the C(onboard_outcome) fact or a JSON report of the role.
    type: list
    elements: dict
    required: true
"""

EXAMPLES = r"""
- name: Merge the JSON reports of two slices
  ansible.builtin.set_fact:
    merged: >-
      {{ [lookup('ansible.builtin.file', 'slice1.json') | from_json, lookup('ansible.builtin.file', 'slice2.json') | from_json]
         | orgaccess.onboarding.onboard_merge_outcomes }}
"""

RETURN = r"""
_value:
  description: One outcome, in the shape the filter P(orgaccess.onboarding.onboard_outcome#filter) returns.
  type: dict
"""

from ansible.errors import AnsibleFilterError

from ansible_collections.orgaccess.onboarding.plugins.plugin_utils._roster import merge_outcomes


def onboard_merge_outcomes(outcomes):
    try:
        return merge_outcomes(list(outcomes))
    except (KeyError, TypeError, ValueError) as exc:
        raise AnsibleFilterError('onboard_merge_outcomes: %s' % exc)


class FilterModule(object):

    def filters(self):
        return {'onboard_merge_outcomes': onboard_merge_outcomes}
