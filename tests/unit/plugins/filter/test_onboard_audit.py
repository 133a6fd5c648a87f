# -*- coding: utf-8 -*-
# Copyright (c) 2026, orgaccess.onboarding contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible.errors import AnsibleFilterError

from ansible_collections.orgaccess.onboarding.plugins.filter.onboard_audit import onboard_audit

MEMBERS = [{'item': 'snyk', 'users': [{'email': 'a@example.com', 'enabled': None}, {'email': 'b@example.com', 'enabled': False}]}]
INVITES = [{'item': 'snyk', 'invites': [{'email': 'c@example.com'}]}]


def test_members_and_invites_per_platform_with_counts():
    audit = onboard_audit(MEMBERS, INVITES)
    assert audit['platforms']['snyk']['summary'] == {'members': 2, 'disabled': 1, 'pending_invites': 1}
    assert audit['platforms']['snyk']['invites'] == INVITES[0]['invites']


@pytest.mark.parametrize('members, invites, words', [
    ([{'item': 'snyk', 'failed': True, 'msg': 'snyk: GET /rest/self returned HTTP 401'}], INVITES,
     '_input[0] (platform snyk) holds no users from orgaccess.onboarding.org_user_info: snyk: GET /rest/self returned HTTP 401'),
    ([{'item': 'snyk', 'skipped': True}], INVITES, '_input[0] (platform snyk) holds no users from orgaccess.onboarding.org_user_info: it was skipped'),
    ([{'users': []}], INVITES, '_input[0] has no loop item; loop the orgaccess.onboarding.org_user_info task over the platform names'),
    (MEMBERS, [{'item': 'snyk'}], 'invites[0] (platform snyk) holds no invites from orgaccess.onboarding.invite_info: it has no invites list'),
    (MEMBERS, [], "invites has no result for platform 'snyk' (from orgaccess.onboarding.invite_info)"),
    (MEMBERS, {'results': []}, 'invites must be the results list of a looped orgaccess.onboarding.invite_info task, got dict'),
])
def test_results_without_what_the_audit_needs_are_clear_errors(members, invites, words):
    with pytest.raises(AnsibleFilterError) as caught:
        onboard_audit(members, invites)
    assert str(caught.value).startswith('onboard_audit: ' + words)
