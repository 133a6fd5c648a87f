# -*- coding: utf-8 -*-
# Copyright (c) 2026, orgaccess.onboarding contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r"""
name: onboard_outcome
short_description: Merge what org_user and org_invite did into one outcome per person and organisation
version_added: 1.0.0
description:
  - Used by the role C(orgaccess.onboarding.onboard) to build its summary and report over every organisation of the play. Takes the
    roster returned by M(orgaccess.onboarding.onboard_roster) (with O(orgaccess.onboarding.onboard_roster#module:hosts)) and the registered
    results of M(orgaccess.onboarding.org_user) and M(orgaccess.onboarding.org_invite) tasks, per organisation (host).
  - For each organisation the last result that was not skipped counts, so the results of a plan (check mode) followed by those of the
    real run give the real run wherever it ran.
  - Each person gets one outcome per organisation, the first that applies of V(failed), V(removed), V(invited), V(renewed), V(updated) and
    V(unchanged). org_user V(updated) and V(enabled) count as V(updated), V(removed) and V(disabled) as V(removed), V(unchanged) and
    V(not_found) as V(unchanged). org_invite V(created) and V(replaced) count as V(invited), V(renewed) as V(renewed), V(cancelled) as
    V(removed), V(unchanged) and V(skipped_member) as V(unchanged). V(failed) from either is V(failed).
  - A task result without C(summary) failed as a whole. Its message is returned in RV(_value.errors) with each C(users[i]) and
    C(invites[i]) replaced by the roster row and the field, and everyone named on that organisation counts as V(failed).
  - With O(check_mode=true) (the role's plan barrier), an organisation whose members removed or disabled and invitations cancelled are
    each within the removal cap but above it together is an error in RV(_value.errors), as a task that failed whole, naming the
    organisation, both counts, the cap and C(max_removals). The tasks' C(removals) results give the counts, the members (org_user) and
    pending invitations (org_invite) the cap is taken of, and each task's C(max_removals); the smaller cap counts.
  - Holds no secret - the module results it reads carry none.
author:
  - orgaccess maintainers (@orgaccess)
options:
  _input:
    description: The result of M(orgaccess.onboarding.onboard_roster).
    type: dict
    required: true
  users:
    description:
      - The results of the M(orgaccess.onboarding.org_user) tasks - a mapping from host to its result or to its results in the order
        they ran (plan, then real run), or a list of results whose C(item) is the host.
    type: raw
    required: true
  invites:
    description: The results of the M(orgaccess.onboarding.org_invite) tasks, as O(users).
    type: raw
    required: true
  hosts:
    description: Only these organisations (the hosts of a C(serial) batch or of an AWX slice); default all of the roster's.
    type: list
    elements: str
  check_mode:
    description:
      - Whether the results are a plan (check mode). Recorded in the outcome; a plan is also held to one removal cap per organisation
        over both tasks (see the description).
    type: bool
    default: false
"""

EXAMPLES = r"""
- name: Merge the plan and the real run
  ansible.builtin.set_fact:
    outcome: >-
      {{ roster | orgaccess.onboarding.onboard_outcome(
           users={inventory_hostname: [planned_users, applied_users]},
           invites={inventory_hostname: [planned_invites, applied_invites]},
           check_mode=ansible_check_mode) }}

- name: Show how many people were invited on each organisation
  ansible.builtin.debug:
    msg: "{{ item.key }}: {{ item.value.summary.invited }} invited"
  loop: "{{ outcome.organizations | dict2items }}"
  loop_control:
    label: "{{ item.key }}"
"""

RETURN = r"""
_value:
  description: The outcome.
  type: dict
  contains:
    check_mode:
      description: As O(check_mode).
      type: bool
    organizations:
      description:
        - Per organisation (host) C(platform), C(org_id), C(org_name), C(summary) (the count of people per outcome, zeros included) and
          C(error) (why the organisation's task failed as a whole, or V(null)).
      type: dict
      sample: {"snyk_payments": {"platform": "snyk", "org_id": "8a0e1f4e-59ad-4d7b-a4c2-2f6b3c0f5d11", "org_name": "Payments",
                                 "summary": {"invited": 2, "renewed": 0, "updated": 1, "removed": 0, "unchanged": 7, "failed": 0},
                                 "error": null}}
    people:
      description:
        - One entry per person, in roster order, then the people the roster does not name that a platform reported on (in
          exclusive mode).
        - Each has C(email), C(name), C(state) (from the roster; V(null) for people it does not name), C(row), C(in_roster) and
          C(organizations) - per organisation the person is named on or was reported on, C(platform), C(action) (the outcome), C(role),
          C(teams), C(user_action) and C(invite_action) (what each module reported, or V(null)) and, when something failed, C(msg).
      type: list
      elements: dict
      sample: [{"email": "ada@example.com", "name": "Ada Lovelace", "state": "present", "row": "onboard_people[0]", "in_roster": true,
                "organizations": {"snyk_payments": {"platform": "snyk", "action": "invited", "role": "Org Admin", "teams": null, "user_action": "not_found",
                                       "invite_action": "created"}}}]
    errors:
      description:
        - One message per organisation whose task failed as a whole, or whose plan is above the removal cap over both tasks, prefixed
          with its host, roster rows named.
      type: list
      elements: str
      sample: ["snyk: onboard_people[3] (bo@example.com), field role: 'Org Admn' is not a role that can be assigned"]
    messages:
      description: Every message a module gave about one person (why it failed, or why exclusive kept a member), with C(organization),
        C(platform), C(email), C(action) and C(msg).
      type: list
      elements: dict
      sample: [{"organization": "cybedefend", "platform": "cybedefend", "email": "owner@example.com", "action": "unchanged",
                "msg": "kept: it is the identity these credentials belong to, which exclusive never removes or disables"}]
    now:
      description: The moment dated access was decided at (RV(orgaccess.onboarding.onboard_roster#module:now)), or V(null).
      type: str
      sample: "2026-12-20T08:30:00+00:00"
    expiring_within_days:
      description: How many days ahead RV(_value.expiring) looks, or V(null).
      type: int
      sample: 14
    expiring:
      description:
        - The access that ends soon, from RV(orgaccess.onboarding.onboard_roster#module:expiring), limited to O(hosts) - C(email),
          C(name), C(row), C(organization), C(platform), C(org_name), C(role) and C(until), soonest first.
      type: list
      elements: dict
      sample: [{"email": "ada@example.com", "name": "Ada", "row": "onboard_people[0] (ada@example.com)", "organization": "snyk_payments",
                "platform": "snyk", "org_name": "Payments", "role": "Org Admin", "until": "2026-12-31"}]
    failures:
      description: One line per entry of RV(_value.errors) and per person and organisation that failed.
      type: list
      elements: str
      sample: ["snyk bo@example.com: could not change the user: snyk: PATCH ... returned HTTP 500"]
"""

from collections.abc import Mapping

from ansible.errors import AnsibleFilterError

from ansible_collections.orgaccess.onboarding.plugins.plugin_utils._roster import outcome


def _by_host(results):
    """A list of results whose item is the host, from a list as it is or from a mapping host -> result(s)."""
    if not isinstance(results, Mapping):
        return results
    found = []
    for host, given in results.items():
        for result in (given if isinstance(given, (list, tuple)) else [given]):
            found.append(dict(result or {'skipped': True}, item=host))
    return found


def onboard_outcome(roster, users, invites, check_mode=False, hosts=None):
    try:
        return outcome(roster, _by_host(users), _by_host(invites), check_mode=check_mode, hosts=hosts)
    except (KeyError, TypeError, ValueError) as exc:
        raise AnsibleFilterError('onboard_outcome: %s' % exc)


class FilterModule(object):

    def filters(self):
        return {'onboard_outcome': onboard_outcome}
