#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, orgaccess.onboarding contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r"""
module: org_invite
short_description: Invite people to a Cisco XDR, Snyk or CybeDefend organisation, renew or cancel their invitations
version_added: 1.0.0
description:
  - Makes sure people are invited to one organisation on Cisco XDR, Snyk or CybeDefend with the right role, renews their invitations,
    or cancels them.
  - Give one person with O(email), O(role) and O(state), or many with O(invites). A list of any length is handled in one task and one
    module run.
  - Emails are trimmed and compared without regard to case, on input and against what the platform holds.
  - O(state=present) - a pending invitation with the same role is left alone (RV(invites[].action=unchanged)); a member of the
    organisation is not invited again (V(skipped_member)); a pending invitation with another role is cancelled and sent again with the
    new role (V(replaced)); otherwise the person is invited (V(created)). Where the platform renews natively (Cisco XDR), an expired
    invitation with the same role is renewed instead (V(renewed)).
  - O(state=renewed) - the pending invitation is renewed, natively where the platform can (Cisco XDR), else by cancelling it and
    inviting again (Snyk, CybeDefend); without one, the person is invited (V(created)). This renews on every run; with
    O(renew_within_days), only an invitation that expires within that many days is renewed, so that a second run changes nothing.
  - O(state=absent) - every pending invitation of the email is cancelled (V(cancelled)). Members are not removed.
  - Safety guards apply to every plan before any write, in check mode too - a removal cap (O(max_removals), by default a quarter of
    the members plus pending invitations), people no run un-invites (O(protect)), and no O(exclusive=true) with an empty list unless
    O(allow_empty_exclusive=true). A refusal fails the task naming the option or the item, and nothing is changed.
  - When the platform holds several pending invitations for one email, one is kept (the one with the wanted role, else the newest)
    and the others are cancelled as part of that item, listed in RV(invites[].cancelled_ids).
  - Everything is validated before anything is written (email syntax, roles against the roles the platform lets you assign, teams,
    duplicates, option combinations); a problem fails the task naming the item and the field, and nothing is changed.
  - Writes run in this order - cancellations, then invitations (Cisco XDR in batches, Snyk and CybeDefend with up to O(concurrency)
    requests at once), then renewals. When the outcome of an invitation is unknown (a timeout or server error after the request was
    sent), the invitations are read back and only the missing ones are sent again, so nobody is invited twice.
  - When some items fail after validation, the others still go ahead; the task then fails, naming the failed emails, and still returns
    the outcome of every item.
  - Cisco XDR's invite endpoints, their answers and their status values are inferred from Cisco's published operation names, not from
    a vendor specification; see L(the platform notes,https://github.com/orgaccess/onboarding/blob/main/docs/platforms.md).
author:
  - orgaccess maintainers (@orgaccess)
extends_documentation_fragment:
  - orgaccess.onboarding.connection
  - orgaccess.onboarding.approval
  - orgaccess.onboarding.attributes
  - orgaccess.onboarding.attributes.ACTIONGROUPS
  - orgaccess.onboarding.guards
options:
  email:
    description:
      - The email address of the one person to invite, renew or cancel.
      - Required unless O(invites) is given; mutually exclusive with it.
    type: str
  role:
    description:
      - The role the person gets, by name (case-insensitive) or by id; for Snyk a name is resolved to the role's id.
      - Must be a role the platform lets you assign to invitees; M(orgaccess.onboarding.invite_info) lists them with
        O(orgaccess.onboarding.invite_info#module:include_roles=true).
      - Required when O(state=present) or O(state=renewed); ignored when O(state=absent).
    type: str
  state:
    description:
      - V(present) - the person has a pending invitation with O(role), or is already a member.
      - V(renewed) - the person's pending invitation is renewed (sent again with a new expiry); people without one are invited.
      - V(absent) - the person has no pending invitation.
    type: str
    choices:
      - present
      - absent
      - renewed
    default: present
  teams:
    description:
      - V(cybedefend) only - the teams the person joins on accepting, each with a team role.
      - CybeDefend does not report the teams of a pending invitation, so changing the teams of someone already invited takes
        O(state=renewed), which sends the invitation again with the teams given here (none when left out).
    type: list
    elements: dict
    suboptions:
      team:
        description: The team, by name (case-insensitive) or id.
        type: str
        required: true
      role:
        description: The team role, one of V(team_manager), V(analyst_developer), V(developer) or V(read_only).
        type: str
        required: true
  invites:
    description:
      - Many people at once; mutually exclusive with O(email), O(role), O(state) and O(teams).
      - An email given twice with a different role, state or teams is an error; an exact repeat is ignored.
      - At most 10000 items.
    type: list
    elements: dict
    suboptions:
      email:
        description: The person's email address.
        type: str
        required: true
      role:
        description: As O(role). Required when O(invites[].state) is V(present) or V(renewed).
        type: str
      state:
        description: As O(state).
        type: str
        choices:
          - present
          - absent
          - renewed
        default: present
      teams:
        description: As O(teams).
        type: list
        elements: dict
        suboptions:
          team:
            description: The team, by name (case-insensitive) or id.
            type: str
            required: true
          role:
            description: The team role, one of V(team_manager), V(analyst_developer), V(developer) or V(read_only).
            type: str
            required: true
  renew_within_days:
    description:
      - With O(state=renewed) (or O(invites[].state=renewed)), renew a pending invitation only when it expires within this many days
        (or has expired), like the C(remaining_days) of certificate modules; otherwise it is left as it is
        (RV(invites[].action=unchanged)). V(0) renews only invitations whose expiry has passed.
      - An invitation whose expiry the platform does not report (Snyk reports none) is not renewed when this is set, since nothing
        says it is running out; leave this option out to renew it.
      - When left out, O(state=renewed) renews every time, as a resend; that is also how CybeDefend team changes of a pending
        invitation are sent (see O(teams)).
      - Ignored for O(state=present) and O(state=absent). Check mode plans with the same rule.
    type: int
  exclusive:
    description:
      - Also cancel every pending invitation whose email O(invites) does not name, except those of people in O(protect).
      - Only with O(invites). O(invites=[]) fails unless O(allow_empty_exclusive=true), which then cancels every pending invitation.
      - The cancellations count toward O(max_removals).
    type: bool
    default: false
seealso:
  - module: orgaccess.onboarding.invite_info
"""

EXAMPLES = r"""
- name: Invite one person to a Snyk organisation (token from SNYK_TOKEN)
  orgaccess.onboarding.org_invite:
    platform: snyk
    org_id: 8a0e1f4e-59ad-4d7b-a4c2-2f6b3c0f5d11
    email: alice@example.com
    role: Org Collaborator

# Credentials from the environment: CISCO_XDR_CLIENT_ID and CISCO_XDR_CLIENT_PASSWORD are set where
# ansible-playbook starts (an AWX/AAP credential type injects them). Do not set secrets with the
# environment keyword: ansible-playbook -vvv prints what it sets.
- name: Invite a team to Cisco XDR in one task, credentials from the environment
  orgaccess.onboarding.org_invite:
    platform: cisco_xdr
    region: eu
    invites:
      - email: alice@example.com
        role: admin
      - email: bob@example.com
        role: user
      - email: carol@example.com
        state: absent

- name: Renew Dave's Cisco XDR invitation now (every run sends it again)
  orgaccess.onboarding.org_invite:
    platform: cisco_xdr
    client_id: "{{ xdr_client_id }}"
    client_secret: "{{ vault_xdr_client_password }}"
    email: dave@example.com
    role: user
    state: renewed

- name: Keep the Cisco XDR invitations alive - renew only those that expire within 3 days (idempotent, fine on a schedule)
  orgaccess.onboarding.org_invite:
    platform: cisco_xdr
    client_id: "{{ xdr_client_id }}"
    client_secret: "{{ vault_xdr_client_password }}"
    renew_within_days: 3
    invites:
      - {email: dave@example.com, role: user, state: renewed}
      - {email: erin@example.com, role: user, state: renewed}

- name: Onboard to CybeDefend with team assignments, connection set once
  module_defaults:
    group/orgaccess.onboarding.onboarding:
      platform: cybedefend
      region: eu
      org_id: "{{ cybedefend_org_id }}"
      api_token: "{{ vault_cybedefend_pat }}"
  block:
    - name: Invite developers into their teams
      orgaccess.onboarding.org_invite:
        invites:
          - email: erin@example.com
            role: member
            teams:
              - team: Payments
                role: developer
          - email: frank@example.com
            role: manager

    - name: Cancel a pending invitation
      orgaccess.onboarding.org_invite:
        email: mallory@example.com
        state: absent

- name: Make the pending Snyk invitations exactly this list (cancel any other), checking first
  orgaccess.onboarding.org_invite:
    platform: snyk
    org_id: "{{ snyk_org_id }}"
    invites: "{{ snyk_invitees }}"
    exclusive: true
    # Never cancel the invitations of service accounts; allow up to ten cancellations in this run.
    protect:
      - "*@service.example.com"
    max_removals: 10
  check_mode: true
  diff: true
  register: preview

- name: Show what would change
  ansible.builtin.debug:
    var: preview.summary
- name: Plan (run with --check), approve the plan_fingerprint, then apply exactly that plan
  orgaccess.onboarding.org_invite:
    platform: snyk
    org_id: "{{ snyk_org_id }}"
    invites: "{{ snyk_invites }}"
    approved_fingerprint: "{{ approved_invite_fingerprint | default(omit) }}"
    approved_plan: "{{ approved_invite_plan | default(omit) }}"
  register: invite_plan
"""

RETURN = r"""
invites:
  description:
    - The outcome of every item, in input order (an exact repeat of an email counts once), followed with O(exclusive=true) by one
      item per other email whose pending invitations were cancelled.
    - Returned as well when the task fails because some items failed.
  returned: success or when some items failed
  type: list
  elements: dict
  contains:
    email:
      description: The email address, trimmed, as given (for items added by O(exclusive), as the platform spells it).
      returned: always
      type: str
      sample: alice@example.com
    action:
      description:
        - What was done, or in check mode what would be done.
        - V(created) - invited. V(renewed) - the invitation was renewed (or, where the platform cannot renew, cancelled and sent
          again). V(replaced) - a pending invitation with another role was cancelled and a new one sent.
          V(cancelled) - the pending invitations were cancelled. V(unchanged) - nothing to do (with O(renew_within_days), also a
          V(renewed) item whose invitation does not expire within that many days). V(skipped_member) - already a member,
          not invited. V(failed) - an API error stopped this item; see RV(invites[].msg).
      returned: always
      type: str
      choices:
        - created
        - renewed
        - replaced
        - cancelled
        - unchanged
        - skipped_member
        - failed
      sample: created
    id:
      description:
        - The id of the invitation the item ends with (the new, renewed or kept one); for V(cancelled), the id of the cancelled
          invitation (the newest, when there were several).
        - V(null) in check mode for invitations that would be created, and when there is no invitation.
      returned: always
      type: str
      sample: 0f3c9e36-5d8a-4a59-9a0e-0c6b8c2f1e77
    role:
      description: The role's name; for cancelled invitations, the role they had.
      returned: always
      type: str
      sample: Org Collaborator
    teams:
      description: The teams asked for, each with C(team) (name), C(team_id) and C(role); V(null) when none.
      returned: always
      type: list
      elements: dict
      sample: [{"team": "Payments", "team_id": "6d1f0a52-3b7e-4b8c-9d2e-1f0a5b3c7e4d", "role": "developer"}]
    cancelled_ids:
      description: The ids of the pending invitations this item cancelled (or would cancel), including duplicates cleaned up.
      returned: always
      type: list
      elements: str
      sample: []
    msg:
      description: Why the item failed, or why O(exclusive) kept the invitation (a person in O(protect)).
      returned: when RV(invites[].action=failed), or when O(exclusive) kept an invitation
      type: str
      sample: "could not create the invite: snyk: POST /rest/orgs/8a0e1f4e-59ad-4d7b-a4c2-2f6b3c0f5d11/invites returned HTTP 422"
summary:
  description: How many items ended with each action (every action is counted, zeros included).
  returned: success or when some items failed
  type: dict
  contains:
    created:
      description: Number of people invited.
      returned: always
      type: int
      sample: 2
    renewed:
      description: Number of invitations renewed.
      returned: always
      type: int
      sample: 0
    replaced:
      description: Number of invitations sent again with another role.
      returned: always
      type: int
      sample: 1
    cancelled:
      description: Number of emails whose pending invitations were cancelled.
      returned: always
      type: int
      sample: 0
    unchanged:
      description: Number of items with nothing to do.
      returned: always
      type: int
      sample: 5
    skipped_member:
      description: Number of people not invited because they are already members.
      returned: always
      type: int
      sample: 1
    failed:
      description: Number of items that failed.
      returned: always
      type: int
      sample: 0
diff:
  description:
    - With C(--diff), the invitations of every email that changed (or would change), before and after, keyed by email.
    - Each invitation has C(id), C(role), C(status), C(expires_at) and, where the platform reports them, C(teams). Facts only the
      platform can tell (ids of new invitations, new expiry dates) are V(null) in check mode.
  returned: when diff mode is on
  type: dict
  contains:
    before:
      description: The invitations of each changed email before the run.
      returned: always
      type: dict
      sample: {"bob@example.com": [{"id": "41c1", "role": "Org Auditor", "status": "pending", "expires_at": null}]}
    after:
      description: The invitations of each changed email after the run.
      returned: always
      type: dict
      sample: {"bob@example.com": [{"id": "7be0", "role": "Org Collaborator", "status": "pending", "expires_at": null}]}
removals:
  description:
    - What the removal cap (O(max_removals)) measured of this task's plan, before any write - in check mode and in a real run, also when
      the plan removes nobody. The role C(orgaccess.onboarding.onboard) adds up the removals of M(orgaccess.onboarding.org_user) and
      M(orgaccess.onboarding.org_invite) of an organisation against one cap with it.
    - It reads nothing more for it - the members are read only when an item invites someone, or when a percentage cap needs them
      (more than one cancellation).
  returned: success, when some items failed, and when the plan differs from O(approved_fingerprint)
  type: dict
  contains:
    count:
      description: The pending invitations the plan cancels (one per person).
      returned: always
      type: int
      sample: 2
    max_removals:
      description: The cap as given, O(max_removals).
      returned: always
      type: str
      sample: 25%
    cap:
      description:
        - The most removals allowed in the organisation; V(null) for a percentage when the task did not read the population, which it
          reads only when the count needs it (more than one).
      returned: always
      type: int
      sample: 5
    members:
      description: The organisation's members, as the task read them; V(null) when it did not read them.
      returned: always
      type: int
      sample: 14
    pending_invitations:
      description: The people with a pending invitation, as the task read them; V(null) when it did not read them.
      returned: always
      type: int
      sample: 6
plan_fingerprint:
  description:
    - The sha256 (64 hexadecimal digits) of the plan's write steps, for O(approved_fingerprint); the same in check mode and in a real run
      for the same list and the same state of the organisation. The plan of a task that changes nothing has one too.
    - Combine the fingerprints of several tasks into one with the filter P(orgaccess.onboarding.plan_fingerprint#filter).
  returned: success, and when the plan differs from O(approved_fingerprint)
  type: str
  sample: 3f1d0c5e8a0b4f6c9d2e7a1b5c8f0e3d6a9b2c5f8e1d4a7b0c3f6e9d2a5b8c1f
plan:
  description:
    - What the run writes (or would write), one item per person, sorted by email; people with nothing to do are left out.
    - This is what O(approved_plan) takes back.
  returned: success, and when the plan differs from O(approved_fingerprint)
  type: list
  elements: dict
  contains:
    email:
      description: The email in lower case; V(null) for a member without one.
      returned: always
      type: str
      sample: bob@example.com
    id:
      description: The member's user id (M(orgaccess.onboarding.org_user)); V(null) for invitations.
      returned: always
      type: str
      sample: null
    action:
      description: The action the item's result will have.
      returned: always
      type: str
      sample: replaced
    changes:
      description: Each write, naming the roles, teams and the ids it acts on, sorted.
      returned: always
      type: list
      elements: str
      sample: ["cancel invite 41c1 (Org Auditor)", "invite as Org Collaborator (c0ffee01)"]
"""

from ansible_collections.orgaccess.onboarding.plugins.module_utils._approval import ARGUMENT_SPEC as APPROVAL_SPEC
from ansible_collections.orgaccess.onboarding.plugins.module_utils._invites import apply_invites
from ansible_collections.orgaccess.onboarding.plugins.module_utils._guards import guard_argument_spec
from ansible_collections.orgaccess.onboarding.plugins.module_utils._module import OrgAccessModule
from ansible_collections.orgaccess.onboarding.plugins.module_utils._planner import STATES, STATE_PRESENT

TEAM_SPEC = dict(
    team=dict(type='str', required=True),
    role=dict(type='str', required=True),
)


def main():
    OrgAccessModule(
        argument_spec=dict(
            APPROVAL_SPEC,
            email=dict(type='str'),
            role=dict(type='str'),
            state=dict(type='str', default=STATE_PRESENT, choices=list(STATES)),
            teams=dict(type='list', elements='dict', options=TEAM_SPEC),
            invites=dict(type='list', elements='dict', options=dict(
                email=dict(type='str', required=True),
                role=dict(type='str'),
                state=dict(type='str', default=STATE_PRESENT, choices=list(STATES)),
                teams=dict(type='list', elements='dict', options=TEAM_SPEC),
            )),
            renew_within_days=dict(type='int'),
            exclusive=dict(type='bool', default=False),
            **guard_argument_spec(members=False)
        ),
        mutually_exclusive=[('email', 'invites'), ('role', 'invites'), ('state', 'invites'), ('teams', 'invites')],
        required_one_of=[('email', 'invites')],
    ).run(apply_invites)


if __name__ == '__main__':
    main()
