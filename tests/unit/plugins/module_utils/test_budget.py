# -*- coding: utf-8 -*-
# Copyright (c) 2026, orgaccess.onboarding contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The shared request budget: pacing, sharing across processes, keys, state files, and its use by the client and modules."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import bisect
import errno
import json
import multiprocessing
import os
import stat

import pytest

from ansible_collections.orgaccess.onboarding.plugins.module_utils import _budget
from ansible_collections.orgaccess.onboarding.plugins.module_utils._budget import RequestBudget, budget_key, pacing
from ansible_collections.orgaccess.onboarding.plugins.module_utils._engine import Outcome
from ansible_collections.orgaccess.onboarding.plugins.module_utils._module import OrgAccessModule
from ansible_collections.orgaccess.onboarding.tests.unit.plugins.module_utils.module_runner import (
    CONNECTIONS,
    clear_environment,
    run_module,
)
from ansible_collections.orgaccess.onboarding.tests.unit.plugins.module_utils.scripted_http import Call, scripted_client

TOKEN = 'snyk-token-do-not-store-0001'
OTHER_TOKEN = 'snyk-token-do-not-store-0002'
BASE = 'https://api.snyk.io'


@pytest.fixture(autouse=True)
def budget_folder(tmp_path, monkeypatch):
    clear_environment(monkeypatch)
    folder = tmp_path / 'budget'
    monkeypatch.setenv(_budget.BUDGET_DIR_ENV, str(folder))
    return folder


class FakeClock(object):
    """A clock that only moves when the code under test sleeps."""

    def __init__(self, now=1000000.0):
        self.now = now
        self.slept = []

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.slept.append(seconds)
        self.now += seconds


def most_in_any_window(slots, window):
    """The largest number of ``slots`` in any half-open interval ``[t, t + window)``."""
    slots = sorted(slots)
    return max(bisect.bisect_left(slots, start + window) - index for index, start in enumerate(slots))


def fake_budget(clock, limit=20, window=2.0, token=TOKEN):
    return RequestBudget((token, BASE), limit, window, clock=clock, sleep=clock.sleep)


# Pacing

@pytest.mark.parametrize('limit, window', [(1620, 60), (8000, 3600), (20, 2.0), (1, 60), (3, 60), (100, 60)])
def test_no_window_ever_holds_more_than_the_limit(limit, window):
    clock = FakeClock()
    budget = fake_budget(clock, limit, window)
    slots = [budget.take() for _request in range(limit * 2 + 5)]
    assert most_in_any_window(slots, window) == limit
    # Not slower than the pace either: after the burst, limit - burst + 1 requests per window.
    burst = round(budget.tolerance / budget.interval) + 1
    assert slots[-1] - slots[0] <= (len(slots) - burst) * (window / (limit - burst + 1) + 1e-5) * (1 + 1e-9)


def test_the_burst_is_a_sixtieth_of_the_budget_then_requests_are_spread():
    interval, tolerance = pacing(1620, 60)
    assert round(tolerance / interval) == 26  # 27 requests at once
    clock = FakeClock()
    budget = fake_budget(clock, 1620, 60)
    slots = [budget.take() for _request in range(30)]
    assert slots[:27] == [slots[0]] * 27 and clock.slept[:1] == [pytest.approx(interval)]


def test_a_429_holds_back_every_run_on_the_credential():
    clock = FakeClock()
    first, second = fake_budget(clock), fake_budget(clock)
    first.defer(5)
    assert second.take() == pytest.approx(clock.now)  # it slept the 5 s
    assert clock.slept == [pytest.approx(5)]


# Sharing

def take_in_a_process(folder, token, count, limit, window, slots):
    os.environ[_budget.BUDGET_DIR_ENV] = folder
    budget = RequestBudget((token, BASE), limit, window)
    slots.extend([budget.take() for _request in range(count)])


def slots_of_processes(folder, tokens, count, limit, window):
    context = multiprocessing.get_context('fork')
    with context.Manager() as manager:
        slots = dict((index, manager.list()) for index in range(len(tokens)))
        processes = [context.Process(target=take_in_a_process, args=(folder, token, count, limit, window, slots[index]))
                     for index, token in enumerate(tokens)]
        for process in processes:
            process.start()
        for process in processes:
            process.join(60)
        assert [process.exitcode for process in processes] == [0] * len(processes)
        return [list(slots[index]) for index in range(len(tokens))]


def test_processes_on_one_credential_share_its_budget(budget_folder):
    # 4 processes x 6 requests against 20 per 2 s: alone, each would send its 6 within 0.6 s (24 in the first window).
    per_process = slots_of_processes(str(budget_folder), [TOKEN] * 4, 6, 20, 2.0)
    every_slot = [slot for slots in per_process for slot in slots]
    assert len(every_slot) == 24
    assert most_in_any_window(every_slot, 2.0) <= 20


def test_distinct_credentials_do_not_share(budget_folder):
    # Each credential's 10 requests fit its burst of 10 (600 a minute): no process waits for the other's,
    # which would take a second (20 requests, 10 at once, then one every 0.1 s).
    per_process = slots_of_processes(str(budget_folder), [TOKEN, OTHER_TOKEN], 10, 600, 60)
    for slots in per_process:
        assert max(slots) - min(slots) < 0.5
    assert len(os.listdir(str(budget_folder))) == 2


def test_no_secret_in_the_state_folder(budget_folder):
    slots_of_processes(str(budget_folder), [TOKEN, OTHER_TOKEN], 3, 20, 2.0)
    names = os.listdir(str(budget_folder))
    assert sorted(names) == sorted('%s.json' % budget_key((token, BASE)) for token in (TOKEN, OTHER_TOKEN))
    for name in names:
        with open(os.path.join(str(budget_folder), name), 'rb') as state:
            content = state.read()
        assert sorted(json.loads(content.decode('ascii'))) == ['at', 'tat']
        for token in (TOKEN, OTHER_TOKEN):
            assert token.encode() not in content and token not in name
            assert token[-8:].encode() not in content and token[-8:] not in name
    assert stat.S_IMODE(os.stat(str(budget_folder)).st_mode) == 0o700
    assert all(stat.S_IMODE(os.stat(os.path.join(str(budget_folder), name)).st_mode) == 0o600 for name in names)


def test_keys_differ_by_credential_and_base_url():
    keys = set([budget_key((TOKEN, BASE)), budget_key((OTHER_TOKEN, BASE)), budget_key((TOKEN, 'https://api.eu.snyk.io')),
                budget_key(('ab', 'c')), budget_key(('a', 'bc'))])
    assert len(keys) == 5


# Robustness

@pytest.mark.parametrize('content', [b'', b'{not json', b'\xff\xfe', b'[1, 2]', b'{"tat": "soon", "at": null}', b'{"tat": NaN}'])
def test_a_corrupt_state_file_is_started_afresh(budget_folder, content):
    clock = FakeClock()
    warnings = []
    budget = RequestBudget((TOKEN, BASE), 20, 2.0, warn=warnings.append, clock=clock, sleep=clock.sleep)
    with open(budget.state.path, 'wb') as state:
        state.write(content)
    assert budget.take() == clock.now and clock.slept == []
    with open(budget.state.path, 'rb') as state:
        assert sorted(json.loads(state.read().decode('ascii'))) == ['at', 'tat']
    assert warnings == []


def test_a_clock_set_back_does_not_stop_runs(budget_folder):
    clock = FakeClock()
    budget = fake_budget(clock)
    with open(budget.state.path, 'w') as state:
        json.dump({'tat': clock.now + 3600, 'at': clock.now + 3600}, state)  # written an hour "later"
    budget.take()
    assert clock.slept == []


@pytest.mark.parametrize('problem', ['open to others', 'a file', 'not writable'])
def test_an_unusable_folder_paces_the_run_alone_with_a_warning(budget_folder, problem, monkeypatch):
    if problem == 'a file':
        budget_folder.write_text('x')
    else:
        budget_folder.mkdir(mode=0o700)
        os.chmod(str(budget_folder), 0o755 if problem == 'open to others' else 0o500)
    if problem == 'not writable' and os.access(str(budget_folder), os.W_OK):
        # root writes anywhere (CI runs as root): the refusal anyone else gets is made where the state file is opened.
        def refused(path):
            raise PermissionError(errno.EACCES, 'Permission denied', path)
        monkeypatch.setattr(_budget, 'FileState', refused)
    clock = FakeClock()
    warnings = []
    budget = RequestBudget((TOKEN, BASE), 20, 2.0, warn=warnings.append, clock=clock, sleep=clock.sleep)
    slots = [budget.take() for _request in range(25)]
    assert most_in_any_window(slots, 2.0) == 20
    assert len(warnings) == 1 and str(budget_folder) in warnings[0] and _budget.BUDGET_DIR_ENV in warnings[0]
    assert TOKEN not in warnings[0]
    os.chmod(str(budget_folder), 0o700)


# The client: every request it sends takes a slot, retries included

class CountingBudget(object):
    def __init__(self):
        self.taken = 0
        self.deferred = []

    def take(self):
        self.taken += 1

    def defer(self, seconds):
        self.deferred.append(seconds)


def test_every_request_and_retry_takes_a_slot_and_a_429_defers_every_run():
    client, session = scripted_client('snyk', [Call('GET', '/things', status=429, headers={'Retry-After': '2'}),
                                               Call('GET', '/things', status=503),
                                               Call('GET', '/things', body={'ok': True})], sleep=lambda seconds: None)
    client.budget = CountingBudget()
    assert client.json('GET', 'https://example.test/things') == {'ok': True}
    session.assert_done()
    assert client.budget.taken == 3 and client.budget.deferred == [2.0]


def test_a_429_defers_no_longer_than_max_retry_wait():
    client, _session = scripted_client('snyk', [Call('GET', '/things', status=429, headers={'Retry-After': '600'})],
                                       sleep=lambda seconds: None, max_retry_wait=60)
    client.budget = CountingBudget()
    with pytest.raises(Exception):
        client.json('GET', 'https://example.test/things')
    assert client.budget.deferred == [60]


# The modules: the platform's documented budget, the option, and 0 for none

def budget_of_a_run(args, capsys):
    seen = []

    def engine(adapter, params, check_mode=False):
        seen.append(adapter.client.budget)
        return Outcome({})

    def main():
        OrgAccessModule().run(engine)

    _result, _out, code = run_module(main, args, capsys)
    assert code == 0
    return seen[0]


@pytest.mark.parametrize('platform, options, expected', [
    ('snyk', {}, (1620, 60)),
    ('cisco_xdr', {}, (8000, 3600)),
    ('cybedefend', {}, None),
    ('cybedefend', {'request_budget': 300}, (300, 60)),
    ('snyk', {'request_budget': 0}, None),
    ('snyk', {'connections': {'snyk': {'request_budget': 600}}}, (600, 60)),
])
def test_each_platform_has_its_documented_budget_and_the_option_overrides_it(capsys, platform, options, expected, budget_folder):
    args = dict(CONNECTIONS[platform], platform=platform)
    args.update(options)
    budget = budget_of_a_run(args, capsys)
    assert (budget.limit, budget.window) == expected if expected else budget is None
    if expected:
        assert os.listdir(str(budget_folder)) == ['%s.json' % budget.key]


@pytest.mark.parametrize('variable, options, expected', [
    ('0', {}, None),
    ('90', {}, (90, 60)),
    ('90', {'request_budget': 30}, (30, 60)),
    ('', {}, (1620, 60)),
])
def test_the_environment_variable_comes_after_the_option_and_before_the_default(capsys, monkeypatch, variable, options, expected):
    monkeypatch.setenv('ORGACCESS_REQUEST_BUDGET', variable)
    budget = budget_of_a_run(dict(CONNECTIONS['snyk'], platform='snyk', **options), capsys)
    assert (budget.limit, budget.window) == expected if expected else budget is None


def test_a_bad_environment_variable_is_refused_naming_it(capsys, monkeypatch):
    monkeypatch.setenv('ORGACCESS_REQUEST_BUDGET', 'fast')
    result, _out, code = run_module(lambda: OrgAccessModule().run(lambda adapter, params, check_mode=False: Outcome({})),
                                    dict(CONNECTIONS['snyk'], platform='snyk'), capsys)
    assert code == 1 and 'ORGACCESS_REQUEST_BUDGET' in result['msg'] and "'fast'" in result['msg']


def test_a_negative_budget_is_refused_naming_the_field(capsys):
    def main():
        OrgAccessModule().run(lambda adapter, params, check_mode=False: Outcome({}))

    result, _out, code = run_module(main, dict(CONNECTIONS['snyk'], platform='snyk', request_budget=-1), capsys)
    assert code == 1 and result['msg'] == 'request_budget: must be at least 0, got -1'
