# -*- coding: utf-8 -*-
# Copyright (c) 2026, orgaccess.onboarding contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type


class ModuleDocFragment(object):

    # Plan, approve, apply: the options of the modules that write (org_invite, org_user).
    DOCUMENTATION = r"""
options:
  approved_fingerprint:
    description:
      - Apply only the plan with this fingerprint - the RV(plan_fingerprint) a check run (C(--check)) returned and someone approved.
      - The run plans as always; when the fingerprint of the plan it would now carry out differs (the list given to the task changed,
        or someone changed the organisation since the plan was made), the task fails before any write, naming the people whose
        changes differ and how, and returns the new RV(plan) and RV(plan_fingerprint). Plan again and have that plan approved.
      - The fingerprint covers every write the run would make (who, what action, the roles, teams and the ids of the invitations and
        members written to) and the module, platform and organisation; not the order of the list, the case of emails, the
        O(concurrency), expiry times nor anything the run does not write. Nothing is kept between runs.
      - In check mode the same comparison is made, so a check run can tell whether an approved plan still holds.
    type: str
  approved_plan:
    description:
      - The RV(plan) the check run returned along with O(approved_fingerprint), passed back (for example through AWX/AAP job artifacts)
        so that a refusal can say what differs from the approved plan person by person; without it the refusal lists the plan the
        run would now carry out.
      - Used only when it is the plan O(approved_fingerprint) was computed from; otherwise the refusal says so. It never changes what
        is written.
      - Only with O(approved_fingerprint).
    type: list
    elements: dict
"""
