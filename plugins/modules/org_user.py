#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, orgaccess.onboarding contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r"""
module: org_user
short_description: Manage the role, access, teams and removal of members of a Cisco XDR, Snyk or CybeDefend organisation
version_added: 1.0.0
description:
  - Manages people who are already members (users) of one organisation on Cisco XDR, Snyk or CybeDefend - their role, whether
    they are enabled (Cisco XDR), their team memberships (CybeDefend), and their removal. People are brought in with
    M(orgaccess.onboarding.org_invite); a person who is not a member is reported as V(not_found) and left alone.
  - Give one user with O(email) or O(user_id), or many with O(users). A list of any length is handled in one task and one module run.
  - Emails are trimmed and compared without regard to case, on input and against what the platform holds.
  - O(state=present) - the member gets O(role) when it is given (left out, the role is left alone); on Cisco XDR the member is
    enabled or disabled as O(enabled) says; on CybeDefend the member's team memberships become exactly O(teams) when it is given.
  - O(state=absent) - the member is removed from the organisation (Snyk, CybeDefend). B(Cisco XDR cannot delete users, so there
    O(state=absent) disables the user instead) (RV(users[].action=disabled)); a disabled user counts as absent.
  - O(exclusive=true) with O(users) also removes (on Cisco XDR, disables) every member the list does not name - except the identity
    the credentials belong to, which it never touches, people in O(protect), and members the platform's guard rails keep (the last
    CybeDefend administrator, for example); those are listed as V(unchanged) with a RV(users[].msg) saying why.
  - Safety guards apply to every plan before any write, in check mode too - a removal cap (O(max_removals), by default a quarter of
    the members plus pending invitations), people no run removes, disables or changes the role of (O(protect)), a minimum of
    enabled administrators (O(min_admins)), and no O(exclusive=true) with an empty list unless O(allow_empty_exclusive=true). A
    refusal fails the task naming the option or the item, and nothing is changed.
  - The identity the credentials belong to is never given another role, disabled or removed unless O(allow_self=true). It is
    recognised among the members by its user id or by its email (case-insensitive), whichever matches.
  - When that identity matches no member (whoami gives an id of another kind and no email, or the credentials belong to a service
    account), nobody's role is changed and nobody is removed or disabled, by the items or by O(exclusive), unless
    O(allow_self=true) - the task fails before any write saying so, since any of those members could be the automation itself.
  - The platforms' documented guard rails are checked before anything is written, and a request that breaks one fails naming the
    item - CybeDefend keeps at least one administrator, does not let an administrator's role be changed (by anyone), does not let
    anyone change their own role or remove themselves, keeps at least one team manager in a team (so the last one is not removed
    from the organisation either), and does not let a team manager
    change the role of another team manager of the same team.
  - Everything is validated before anything is written (email syntax, roles against the platform's roles, O(enabled) and O(teams)
    against what the platform has, duplicates, guard rails, option combinations); a problem fails the task naming the item and the
    field, and nothing is changed.
  - Writes run with up to O(concurrency) requests at once, in this order - role and enabled changes, team additions, team role
    changes, team removals, then removals and disabling - so that what grants access comes before what takes it away.
  - When some items fail after validation, the others still go ahead; the task then fails, naming the failed users, and still returns
    the outcome of every item.
  - Cisco XDR's user body keys (C(role), C(enabled)) are inferred, not taken from a vendor specification; see
    L(the platform notes,https://github.com/orgaccess/onboarding/blob/main/docs/platforms.md).
author:
  - orgaccess maintainers (@orgaccess)
extends_documentation_fragment:
  - orgaccess.onboarding.connection
  - orgaccess.onboarding.approval
  - orgaccess.onboarding.attributes
  - orgaccess.onboarding.attributes.ACTIONGROUPS
  - orgaccess.onboarding.guards
  - orgaccess.onboarding.guards.MEMBERS
options:
  email:
    description:
      - The email address of the one member to manage.
      - One of O(email), O(user_id) and O(users) is required; they are mutually exclusive.
    type: str
  user_id:
    description:
      - The platform's user id of the one member to manage, as M(orgaccess.onboarding.org_user_info) returns it in
        RV(orgaccess.onboarding.org_user_info#module:users[].id).
      - Cisco XDR user ids contain a colon (C(idb-amp:...)); give them as they are.
    type: str
  role:
    description:
      - The role the member gets, by name (case-insensitive) or by id; for Snyk a name is resolved to the role's id.
      - Left out, the member's role is left alone.
      - Ignored when O(state=absent).
    type: str
  state:
    description:
      - V(present) - the person is a member with O(role), O(enabled) and O(teams) where given.
      - V(absent) - the person is not a member (Snyk, CybeDefend), or is a disabled user (Cisco XDR, which cannot delete users).
    type: str
    choices:
      - present
      - absent
    default: present
  enabled:
    description:
      - V(cisco_xdr) only - whether the user is enabled. Left out, it is left alone; so a disabled user is enabled again only
        with O(enabled=true).
      - Ignored when O(state=absent).
    type: bool
  teams:
    description:
      - V(cybedefend) only - the member's team memberships, exactly - the member joins the teams listed, gets the team role given in
        each, and leaves every other team (so O(teams=[]) takes the member out of every team). Left out, team memberships are left
        alone.
      - Ignored when O(state=absent).
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
  users:
    description:
      - Many members at once; mutually exclusive with O(email), O(user_id), O(role), O(state), O(enabled) and O(teams).
      - Each item names the member by O(users[].email) or O(users[].user_id) (not both).
      - A member given twice with a different role, state, enabled or teams is an error; an exact repeat is ignored.
      - At most 10000 items.
    type: list
    elements: dict
    suboptions:
      email:
        description: The member's email address.
        type: str
      user_id:
        description: As O(user_id).
        type: str
      role:
        description: As O(role).
        type: str
      state:
        description: As O(state).
        type: str
        choices:
          - present
          - absent
        default: present
      enabled:
        description: As O(enabled).
        type: bool
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
  exclusive:
    description:
      - Also remove (on Cisco XDR, disable) every member O(users) does not name.
      - Never the identity the credentials belong to, whatever O(allow_self) says, nor a member the platform's guard rails keep.
      - Never a person in O(protect).
      - Only with O(users). O(users=[]) fails unless O(allow_empty_exclusive=true), which then removes (on Cisco XDR, disables)
        every other member.
      - The removals count toward O(max_removals).
    type: bool
    default: false
  allow_self:
    description:
      - Let the items change the role of, disable or remove the identity the credentials belong to.
      - Without it such an item fails the task before anything is written, since it could lock the automation out.
      - Also needed to change a role, disable or remove anyone (O(exclusive) included) when the identity the credentials belong to is not
        found among the members, for example credentials of a service account that is no member of the organisation.
      - The platform's own rules still apply; CybeDefend, for example, never lets anyone change their own role or remove themselves.
    type: bool
    default: false
seealso:
  - module: orgaccess.onboarding.org_user_info
  - module: orgaccess.onboarding.org_invite
"""

EXAMPLES = r"""
- name: Make Alice an admin of the Snyk organisation (token from SNYK_TOKEN)
  orgaccess.onboarding.org_user:
    platform: snyk
    org_id: 8a0e1f4e-59ad-4d7b-a4c2-2f6b3c0f5d11
    email: alice@example.com
    role: Org Admin

- name: Remove Bob from the Snyk organisation
  orgaccess.onboarding.org_user:
    platform: snyk
    org_id: 8a0e1f4e-59ad-4d7b-a4c2-2f6b3c0f5d11
    email: bob@example.com
    state: absent

# Credentials from CISCO_XDR_CLIENT_ID and CISCO_XDR_CLIENT_PASSWORD, set where ansible-playbook starts
# (an AWX/AAP credential type injects them), never with the environment keyword, which -vvv prints.
- name: Set roles on Cisco XDR and disable a leaver (Cisco XDR cannot delete users)
  orgaccess.onboarding.org_user:
    platform: cisco_xdr
    region: eu
    users:
      - email: alice@example.com
        role: admin
      - email: carol@example.com
        role: user
        enabled: true
      - user_id: "idb-amp:7f3c1e52-0d4e-4c1a-9f0e-5a6b7c8d9e0f"
        state: absent

- name: CybeDefend roles and teams, connection set once
  module_defaults:
    group/orgaccess.onboarding.onboarding:
      platform: cybedefend
      region: eu
      org_id: "{{ cybedefend_org_id }}"
      api_token: "{{ vault_cybedefend_pat }}"
  block:
    - name: Make Erin a manager, in exactly these teams
      orgaccess.onboarding.org_user:
        email: erin@example.com
        role: manager
        teams:
          - team: Payments
            role: team_manager
          - team: Web
            role: developer

    - name: Take Frank out of every team, keep his role
      orgaccess.onboarding.org_user:
        email: frank@example.com
        teams: []

- name: Make the Snyk members exactly this list (remove anyone else), checking first
  orgaccess.onboarding.org_user:
    platform: snyk
    org_id: "{{ snyk_org_id }}"
    users: "{{ snyk_members }}"
    exclusive: true
    # Never touch the break-glass administrators; keep at least two administrators; allow up to 20% of the organisation to go.
    protect:
      - breakglass-*@example.com
    min_admins: 2
    max_removals: 20%
  check_mode: true
  diff: true
  register: preview

- name: Show what would change
  ansible.builtin.debug:
    var: preview.summary
- name: Apply the approved plan only (fails with no write when the members or the list changed since)
  orgaccess.onboarding.org_user:
    platform: snyk
    org_id: "{{ snyk_org_id }}"
    users: "{{ snyk_users }}"
    exclusive: true
    approved_fingerprint: "{{ approved_user_fingerprint }}"
    approved_plan: "{{ approved_user_plan | default(omit) }}"
"""

RETURN = r"""
users:
  description:
    - The outcome of every item, in input order (an exact repeat counts once), followed with O(exclusive=true) by one item per other
      member removed, disabled, or kept.
    - Returned as well when the task fails because some items failed.
  returned: success or when some items failed
  type: list
  elements: dict
  contains:
    email:
      description: The email address as given, or, for items given by user id and items added by O(exclusive), as the platform
        spells it (V(null) when the platform reports none).
      returned: always
      type: str
      sample: alice@example.com
    id:
      description: The member's user id on the platform; for V(not_found) items, the user id as given, or V(null) for an email.
      returned: always
      type: str
      sample: idb-amp:7f3c1e52-0d4e-4c1a-9f0e-5a6b7c8d9e0f
    action:
      description:
        - What was done, or in check mode what would be done.
        - V(updated) - the role or the team memberships were changed. V(enabled) - a disabled user was enabled (and given O(role),
          if it differed). V(disabled) - the user was disabled (O(state=absent) or O(enabled=false) on Cisco XDR).
          V(removed) - the member was removed from the organisation. V(unchanged) - nothing to do, or kept by O(exclusive) (see
          RV(users[].msg)). V(not_found) - not a member; nothing was done (use M(orgaccess.onboarding.org_invite) to bring them in).
          V(failed) - an API error stopped this item; see RV(users[].msg).
      returned: always
      type: str
      choices:
        - updated
        - removed
        - disabled
        - enabled
        - unchanged
        - not_found
        - failed
      sample: updated
    role:
      description: The member's role name after the run; for removed members, the role they had; V(null) when not found.
      returned: always
      type: str
      sample: Org Admin
    enabled:
      description: Whether the user is enabled after the run (Cisco XDR); V(null) where the platform has no such flag.
      returned: always
      type: bool
      sample: true
    teams:
      description:
        - The member's team memberships after the run, each with C(team) (name), C(team_id) and C(role).
        - V(null) unless the platform has teams and some item gives O(users[].teams).
      returned: always
      type: list
      elements: dict
      sample: [{"team": "Payments", "team_id": "6d1f0a52-3b7e-4b8c-9d2e-1f0a5b3c7e4d", "role": "developer"}]
    msg:
      description: Why the item failed, or why O(exclusive) kept the member (the credentials' own identity, O(protect), a guard rail).
      returned: when RV(users[].action=failed), or when O(exclusive) kept a member
      type: str
      sample: "kept: it is the identity these credentials belong to, which exclusive never removes or disables"
summary:
  description: How many items ended with each action (every action is counted, zeros included).
  returned: success or when some items failed
  type: dict
  contains:
    updated:
      description: Number of members whose role or teams changed.
      returned: always
      type: int
      sample: 2
    removed:
      description: Number of members removed.
      returned: always
      type: int
      sample: 1
    disabled:
      description: Number of users disabled.
      returned: always
      type: int
      sample: 0
    enabled:
      description: Number of users enabled.
      returned: always
      type: int
      sample: 0
    unchanged:
      description: Number of items with nothing to do, or kept.
      returned: always
      type: int
      sample: 5
    not_found:
      description: Number of items naming someone who is not a member.
      returned: always
      type: int
      sample: 0
    failed:
      description: Number of items that failed.
      returned: always
      type: int
      sample: 0
diff:
  description:
    - With C(--diff), every member that changed (or would change), before and after, keyed by email (by user id when the
      platform reports no email).
    - Each side has C(id), C(role), and where the platform has them C(enabled) and C(teams); it is V(null) for a member removed.
  returned: when diff mode is on
  type: dict
  contains:
    before:
      description: The changed members before the run.
      returned: always
      type: dict
      sample: {"bob@example.com": {"id": "0f3c", "role": "Org Collaborator"}}
    after:
      description: The changed members after the run.
      returned: always
      type: dict
      sample: {"bob@example.com": {"id": "0f3c", "role": "Org Admin"}}
removals:
  description:
    - What the removal cap (O(max_removals)) measured of this task's plan, before any write - in check mode and in a real run, also when
      the plan removes nobody. The role C(orgaccess.onboarding.onboard) adds up the removals of M(orgaccess.onboarding.org_user) and
      M(orgaccess.onboarding.org_invite) of an organisation against one cap with it.
    - It reads nothing more for it - the pending invitations are read only when a percentage cap needs them (more than one removal).
  returned: success, when some items failed, and when the plan differs from O(approved_fingerprint)
  type: dict
  contains:
    count:
      description: The members the plan removes or disables.
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
      sample: updated
    changes:
      description: Each write, naming the roles, teams and the ids it acts on, sorted.
      returned: always
      type: list
      elements: str
      sample: ["role Org Collaborator (c0ffee01) -> Org Admin (c0ffee02)"]
"""

from ansible_collections.orgaccess.onboarding.plugins.module_utils._approval import ARGUMENT_SPEC as APPROVAL_SPEC
from ansible_collections.orgaccess.onboarding.plugins.module_utils._members import apply_members
from ansible_collections.orgaccess.onboarding.plugins.module_utils._guards import guard_argument_spec
from ansible_collections.orgaccess.onboarding.plugins.module_utils._module import OrgAccessModule
from ansible_collections.orgaccess.onboarding.plugins.module_utils._planner import MEMBER_STATES, STATE_PRESENT

TEAM_SPEC = dict(
    team=dict(type='str', required=True),
    role=dict(type='str', required=True),
)


def main():
    OrgAccessModule(
        argument_spec=dict(
            APPROVAL_SPEC,
            email=dict(type='str'),
            user_id=dict(type='str'),
            role=dict(type='str'),
            state=dict(type='str', default=STATE_PRESENT, choices=list(MEMBER_STATES)),
            enabled=dict(type='bool'),
            teams=dict(type='list', elements='dict', options=TEAM_SPEC),
            users=dict(type='list', elements='dict', options=dict(
                email=dict(type='str'),
                user_id=dict(type='str'),
                role=dict(type='str'),
                state=dict(type='str', default=STATE_PRESENT, choices=list(MEMBER_STATES)),
                enabled=dict(type='bool'),
                teams=dict(type='list', elements='dict', options=TEAM_SPEC),
            )),
            exclusive=dict(type='bool', default=False),
            allow_self=dict(type='bool', default=False),
            **guard_argument_spec(members=True)
        ),
        mutually_exclusive=[('email', 'user_id', 'users'), ('role', 'users'), ('state', 'users'), ('enabled', 'users'), ('teams', 'users')],
        required_one_of=[('email', 'user_id', 'users')],
    ).run(apply_members)


if __name__ == '__main__':
    main()
