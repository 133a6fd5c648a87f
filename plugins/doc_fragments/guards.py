# -*- coding: utf-8 -*-
# Copyright (c) 2026, orgaccess.onboarding contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type


class ModuleDocFragment(object):

    # The options of plugins/module_utils/_guards.py guard_argument_spec(); keep both in step.
    DOCUMENTATION = r"""
options:
  max_removals:
    description:
      - The removal cap - the most people one run may remove, disable or un-invite in the organisation (O(state=absent) items,
        O(exclusive), C(enabled=false)), as a number (V(10)) or a percentage (V(25%)) of the organisation's members plus the people
        with a pending invitation.
      - A percentage is rounded down, but never below V(1), so that a small organisation can still offboard one person per run.
      - Above the cap the task fails before anything is written, naming the organisation, the count, the cap and this option; check
        mode fails the same way, so a plan shows it. Give a higher cap for a run that is meant to remove that many.
      - The default follows the C(--maximum-removal-delta) of Kubernetes' peribolos, a quarter of the organisation.
        V(0) allows no removal at all, V(100%) turns the cap off.
      - Each task counts its own removals; what it measured is returned as C(removals). The role C(orgaccess.onboarding.onboard)
        adds up the members removed and the invitations cancelled of an organisation against one cap.
    type: str
    default: 25%
  protect:
    description:
      - People whose access no run takes away - break-glass administrators, service accounts. M(orgaccess.onboarding.org_user)
        never removes, disables or changes the role of them; M(orgaccess.onboarding.org_invite) never cancels their pending
        invitations (a pending invitation may still be replaced by one with another role).
      - Each entry is an email, a user id or a glob pattern (V(*@service.example.com), V(breakglass-*@example.com)), compared
        without regard to case.
      - An item that asks for such a change (for example O(state=absent) for a protected email) fails the task before anything is
        written, naming the item and the field. O(exclusive) leaves protected people alone and lists them as V(unchanged) with a
        C(msg) saying why.
    type: list
    elements: str
    default: []
  allow_empty_exclusive:
    description:
      - Let O(exclusive=true) run with an empty list, which takes access from everyone the guards do not keep.
      - Without it, an empty list with O(exclusive=true) fails the task before anything is read or written, since an empty list is
        far more often a template or lookup that went wrong than a wish to empty the organisation.
    type: bool
    default: false
notes:
  - The safety guards (O(max_removals), O(protect), O(allow_empty_exclusive)) apply to every plan, in check mode and in real runs
    alike, before any write; a refusal names the option and writes nothing. See the C(Safety guards) section of
    L(the onboarding guide,https://github.com/orgaccess/onboarding/blob/main/docs/onboarding.md).
"""

    # Only where members change: pending invitations are no administrators.
    MEMBERS = r"""
options:
  min_admins:
    description:
      - The fewest enabled administrators the organisation must keep; a run that would leave fewer fails before anything is
        written, naming the organisation. A run that takes no administrator away is never refused, even in an organisation that
        already has fewer.
      - The roles that count as administrator are the platform's - V(admin) on Cisco XDR, V(Org Admin) on Snyk,
        V(administrator) on CybeDefend (see L(the platform notes,https://github.com/orgaccess/onboarding/blob/main/docs/platforms.md)).
      - V(0) turns the guard off. Pending invitations never count as administrators.
    type: int
    default: 1
"""
