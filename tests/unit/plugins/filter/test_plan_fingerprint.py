# -*- coding: utf-8 -*-
# Copyright (c) 2026, orgaccess.onboarding contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible.errors import AnsibleFilterError

from ansible_collections.orgaccess.onboarding.plugins.filter.plan_fingerprint import plan_fingerprint

SNYK, CYBEDEFEND, XDR = 'a' * 64, 'b' * 64, 'c' * 64


def looped(*fingerprints):
    """A registered looped task: each fingerprint as a result, a dict as the result itself."""
    return {'changed': False, 'results': [value if isinstance(value, dict) else {'item': str(position), 'plan_fingerprint': value}
                                          for position, value in enumerate(fingerprints)]}


def test_the_order_of_tasks_and_loop_items_and_the_case_do_not_matter():
    combined = plan_fingerprint([SNYK, CYBEDEFEND, XDR])
    assert len(combined) == 64 and combined not in (SNYK, CYBEDEFEND, XDR)
    assert plan_fingerprint([XDR.upper(), SNYK, CYBEDEFEND]) == combined
    assert plan_fingerprint([looped(CYBEDEFEND, SNYK), {'plan_fingerprint': XDR}]) == combined
    assert plan_fingerprint([looped(XDR, {'skipped': True}), looped(SNYK), CYBEDEFEND]) == plan_fingerprint([looped(XDR, SNYK, CYBEDEFEND)])


def test_any_change_added_or_missing_task_changes_it():
    combined = plan_fingerprint([SNYK, CYBEDEFEND])
    assert plan_fingerprint([SNYK, 'd' * 64]) != combined
    assert plan_fingerprint([SNYK]) != combined
    assert plan_fingerprint([SNYK, CYBEDEFEND, CYBEDEFEND]) != combined
    assert plan_fingerprint([]) != plan_fingerprint([SNYK])


@pytest.mark.parametrize('values, words', [
    ([SNYK, {'failed': True, 'msg': 'snyk: GET /rest/self returned HTTP 401'}], '_input[1] holds no plan to approve: snyk: GET /rest/self'),
    ([looped(SNYK, 'nope')], '_input[0].results[1].plan_fingerprint is not a plan fingerprint'),
    ([{'plan_fingerprint': 'xyz'}], '_input[0].plan_fingerprint is not a plan fingerprint'),
    ([3], '_input[0] is a int, not a fingerprint'),
    ('a' * 64, '_input must be a list'),
])
def test_what_is_not_a_plan_is_refused_naming_its_position(values, words):
    with pytest.raises(AnsibleFilterError) as raised:
        plan_fingerprint(values)
    assert words in str(raised.value)
