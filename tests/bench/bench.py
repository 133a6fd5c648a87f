# Copyright: (c) 2026, orgaccess maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""make bench: how fast the collection invites people, against the sandbox with a fixed latency.

Starts its own sandbox (a separate process, 25 ms per vendor request), runs every scenario on
every platform through ansible-runner, prints a table and, as its last line, one JSON object with
every figure. It measures and reports; it asserts no timing (the JSON says which targets were met).
Exit status: 0 when every scenario ran and did what it should (the right number of invites, no
write on a re-run or in check mode), 1 otherwise. See tests/bench/README.md and docs/benchmarks.md.

Seconds are task durations from ansible-runner's job events (runner_on_start to the task's result),
so ansible-playbook's own start-up is left out on both sides of every comparison. Request counts
come from the sandbox's request log (/_admin/log/summary).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO_ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(REPO_ROOT, 'tests', 'sandbox'))
sys.path.insert(0, os.path.join(REPO_ROOT, 'tests', 'playbooks'))
sys.path.insert(0, os.path.join(REPO_ROOT, 'build', 'collections'))

import playbook_runner  # noqa: E402 pylint: disable=wrong-import-position
from ansible_collections.orgaccess.onboarding.plugins.module_utils._module import (  # noqa: E402 pylint: disable=wrong-import-position
    TRANSPORT_DEFAULTS,
)
from orgaccess_sandbox import config as sandbox_config  # noqa: E402 pylint: disable=wrong-import-position
from orgaccess_sandbox import control  # noqa: E402 pylint: disable=wrong-import-position
from orgaccess_sandbox.client import SandboxAdmin  # noqa: E402 pylint: disable=wrong-import-position
from platforms import PLATFORMS, ROLES, connection, people  # noqa: E402 pylint: disable=wrong-import-position

LATENCY_MS = 25
NAIVE_PEOPLE = 200
MAIN_PEOPLE = 1000
SCALING_PEOPLE = (100, MAIN_PEOPLE, 5000)
# The modules' default of the connection option concurrency; the floor divides by it.
DEFAULT_CONCURRENCY = TRANSPORT_DEFAULTS['concurrency']
MODULE_START_SAMPLES = 3
STATE_DIR = os.path.join(REPO_ROOT, '.sandbox-bench')
MODULE = 'orgaccess.onboarding.org_invite'
# ansible-runner leaves out of its events any result longer than MAX_EVENT_RES characters (700,000 by default);
# 5,000 people's results are longer.
ENVIRONMENT = {'MAX_EVENT_RES': '100000000'}

# What the vendors' APIs allow per request, which is what the lower bounds are made of.
CISCO_BATCH = 100        # [I] items per batch invite request (docs/architecture.md)
SNYK_PAGE = 100          # [V] Snyk REST `limit` maximum
CYBEDEFEND_PAGE = 20     # [V] CybeDefend `pageSize` maximum
CISCO_SEARCH_CAP = sandbox_config.DEFAULTS['cisco_search_limit_cap']  # [I] the sandbox's cap on a search page's `limit`
# Seeded members on every platform: the credentials' owner.
SEEDED_MEMBERS = 1

TARGETS = {
    'speedup': {'cisco_xdr': 30, 'snyk': 15, 'cybedefend': 15},
    'requests_over_bound': 0.05,
    'time_over_floor': 2.0,
}


def pages_with_total(count, size):
    """Pages to read ``count`` items when the answer tells the total (or the page count)."""
    return max(1, math.ceil(count / size))


def pages_without_total(count, size):
    """Pages to read ``count`` items when nothing tells the total: a full page may have a successor,
    so the end shows only on a page that is not full (Snyk even links a full last page to an empty one)."""
    return count // size + 1


def cisco_bound(new, pending, members):
    """Token; assignable roles; the invite and user searches (capped pages, X-Total-Hits gives the
    total); one batch per CISCO_BATCH new invites."""
    return {'auth': 1,
            'read': 1 + pages_with_total(pending, CISCO_SEARCH_CAP) + pages_with_total(members, CISCO_SEARCH_CAP),
            'write': math.ceil(new / CISCO_BATCH)}


def snyk_bound(new, pending, members):
    """The org (for its group) and the group's roles; invites and memberships pages (no total);
    one create per new invite. The API token needs no exchange."""
    return {'auth': 0,
            'read': 2 + pages_without_total(pending, SNYK_PAGE) + pages_without_total(members, SNYK_PAGE),
            'write': new}


def cybedefend_bound(new, pending, members):
    """The personal access token exchange and the CLI app id it needs (client_id is not given);
    invitation pages (no total) and member pages (totalPages); one create per new invite."""
    return {'auth': 1,
            'read': 1 + pages_without_total(pending, CYBEDEFEND_PAGE) + pages_with_total(members, CYBEDEFEND_PAGE),
            'write': new}


LOWER_BOUNDS = {'cisco_xdr': cisco_bound, 'snyk': snyk_bound, 'cybedefend': cybedefend_bound}

# What the naive playbooks need besides the module's connection options (the sandbox's seed).
NAIVE_EXTRA = {
    'cisco_xdr': {},
    'snyk': {'group_id': '22222222-2222-4222-8222-222222222222'},
    'cybedefend': {'client_id': 'sandbox-cli-app'},
}


class Scenario:
    """One measured org_invite task: ``count`` invitees, on a reset sandbox unless ``fresh`` is False."""

    def __init__(self, name, count, fresh=True, check=False, concurrency=None, pending=0):
        self.name = name
        self.count = count
        self.fresh = fresh
        self.check = check
        self.concurrency = concurrency
        self.pending = pending  # pending invites on the platform before the task

    def bound(self, platform):
        new = 0 if self.check else self.count - self.pending
        return LOWER_BOUNDS[platform](new, self.pending, SEEDED_MEMBERS)

    def expected_summary(self):
        if self.pending:
            return {'unchanged': self.count}
        return {'created': self.count}


def new_and_reapplied(count):
    """``count`` new invites on a reset sandbox, then the same list again (every invite already pending)."""
    return (Scenario('new_%d' % count, count), Scenario('reapply_%d' % count, count, fresh=False, pending=count))


# In this order, in one playbook per platform.
SCENARIOS = (
    Scenario('module_%d_c1' % NAIVE_PEOPLE, NAIVE_PEOPLE, concurrency=1),
    Scenario('module_%d' % NAIVE_PEOPLE, NAIVE_PEOPLE),
    Scenario('check_%d' % MAIN_PEOPLE, MAIN_PEOPLE, check=True),
) + tuple(scenario for count in SCALING_PEOPLE for scenario in new_and_reapplied(count))
# The scenarios whose growth with the number of people is reported.
SCALING_SERIES = dict((series, ['%s_%d' % (series, count) for count in SCALING_PEOPLE]) for series in ('new', 'reapply'))


def log(message):
    print('bench: %s' % message, file=sys.stderr, flush=True)


class Bench:
    """Runs the playbooks and collects the figures of one platform after another."""

    def __init__(self, url, workdir):
        self.url = url
        self.admin = SandboxAdmin(url)
        self.workdir = workdir
        self.runs = 0

    def run(self, playbook, extravars=None):
        self.runs += 1
        private = os.path.join(self.workdir, 'run-%02d' % self.runs)
        run = playbook_runner.run_playbook(private, playbook, extravars=extravars, envvars=ENVIRONMENT)
        if not run.ok:
            raise RuntimeError('playbook failed (%s, rc %s); failed tasks: %s\n%s'
                               % (run.status, run.rc, run.failed_tasks, run.stdout[-4000:]))
        return run

    def naive(self, platform):
        """The ansible.builtin.uri loop: every task of the play, one invite request per person."""
        self.admin.reset(keep_config=True)
        extravars = dict(connection(platform, self.admin), people=people(NAIVE_PEOPLE, ROLES[platform]['basic']),
                         **NAIVE_EXTRA[platform])
        run = self.run(os.path.join(HERE, 'naive_%s.yml' % platform), extravars)
        requests = counts(self.admin.summary()[platform])
        return {'seconds': round(sum(duration(result) for result in run.tasks), 2), 'requests': requests,
                'tasks': len(run.tasks), 'ok': requests['write'] == NAIVE_PEOPLE}

    def module(self, platform):
        """Every module scenario in one playbook: the sandbox is reset (or its log cleared) between them
        by tasks of the play itself, and the log summary read after each."""
        sizes = sorted(set(scenario.count for scenario in SCENARIOS))
        rosters = dict(('roster_%d' % size, people(size, ROLES[platform]['basic'])) for size in sizes)
        args = connection(platform, self.admin)
        # One module start: the same module, stopped by its first check (concurrency 0 is out of range) before any
        # request. The first also builds the module's payload, which ansible-playbook then reuses for the whole run.
        tasks = [dict(name='module start %d' % number, ignore_errors=True,
                      **{MODULE: dict(args, invites=[], concurrency=0)}) for number in range(MODULE_START_SAMPLES)]
        for scenario in SCENARIOS:
            if scenario.fresh:
                tasks.append(self.admin_task('reset before %s' % scenario.name, 'POST', '/_admin/reset', {'keep_config': True}))
            else:
                tasks.append(self.admin_task('clear the log before %s' % scenario.name, 'DELETE', '/_admin/log'))
            options = dict(args, invites='{{ roster_%d }}' % scenario.count)
            if scenario.concurrency:
                options['concurrency'] = scenario.concurrency
            task = {'name': scenario.name, MODULE: options}
            if scenario.check:
                task['check_mode'] = True
            tasks.append(task)
            tasks.append(self.admin_task('requests of %s' % scenario.name, 'GET', '/_admin/log/summary'))
        run = self.run(benchmark_play(tasks), rosters)

        starts = [duration(run.result('module start %d' % number)) for number in range(MODULE_START_SAMPLES)]
        figures = {'module_start_seconds': round(statistics.median(starts), 3)}
        for scenario in SCENARIOS:
            result = run.result(scenario.name)
            requests = counts(run.result('requests of %s' % scenario.name)['json'][platform])
            summary = result.get('summary') or {}
            expected = scenario.expected_summary()
            ok = all(summary.get(action) == number for action, number in expected.items())
            if scenario.check or scenario.pending:
                ok = ok and requests['write'] == 0
            figures[scenario.name] = {
                'people': scenario.count,
                'seconds': round(duration(result), 2),
                'requests': requests,
                'lower_bound': with_total(scenario.bound(platform)),
                'summary': dict((action, number) for action, number in summary.items() if number),
                'ok': ok,
            }
        return figures

    def admin_task(self, name, method, path, body=None):
        task = {'name': name, 'ansible.builtin.uri': {'url': self.url + path, 'method': method, 'status_code': [200, 204]}}
        if body is not None:
            task['ansible.builtin.uri'].update(body_format='json', body=body)
        return task


def benchmark_play(tasks):
    return [{'name': 'orgaccess.onboarding benchmark', 'hosts': 'localhost', 'gather_facts': False, 'tasks': tasks}]


def duration(result):
    """Seconds from the task's start to its result, as ansible-runner's event reports them."""
    return float(result.event['event_data']['duration'])


def counts(summary):
    return with_total({'read': summary['read'], 'write': summary['write'], 'auth': summary['auth']})


def with_total(requests):
    return dict(requests, total=requests['read'] + requests['write'] + requests['auth'])


def derive(naive, figures, latency_ms):
    """Speed-ups, floors, ratios to the lower bound and the growth between scaling points."""
    module_start = figures['module_start_seconds']
    small, small_c1 = figures['module_%d' % NAIVE_PEOPLE], figures['module_%d_c1' % NAIVE_PEOPLE]
    derived = {
        'speedup': round(naive['seconds'] / small['seconds'], 1),
        'speedup_c1': round(naive['seconds'] / small_c1['seconds'], 1),
    }
    for scenario in SCENARIOS:
        entry = figures[scenario.name]
        bound = entry['lower_bound']['total']
        concurrency = scenario.concurrency or DEFAULT_CONCURRENCY
        entry['floor_seconds'] = round(bound * latency_ms / 1000.0 / concurrency + module_start, 2)
        entry['requests_over_bound'] = round(entry['requests']['total'] / bound - 1, 4)
        entry['time_over_floor'] = round(entry['seconds'] / entry['floor_seconds'], 2)
    growth = []
    for series, names in sorted(SCALING_SERIES.items()):
        for before, after in zip(names, names[1:]):
            growth.append(growth_step(series, figures[before], figures[after]))
    derived['growth'] = growth
    return derived


def growth_step(series, first, second):
    """How time and requests grew from one scaling point to the next."""
    return {
        'series': series,
        'people': [first['people'], second['people']],
        'people_ratio': round(second['people'] / first['people'], 2),
        'time_ratio': round(second['seconds'] / first['seconds'], 2),
        'requests_ratio': round(second['requests']['total'] / first['requests']['total'], 2),
        'seconds_per_1000_people': [round(1000 * first['seconds'] / first['people'], 2),
                                    round(1000 * second['seconds'] / second['people'], 2)],
    }


def verdicts(platform, result):
    """Each target of the issue, met or not, for one platform."""
    figures = result['module']
    new = figures['new_%d' % MAIN_PEOPLE]
    met = {
        'speedup_at_least_%d' % TARGETS['speedup'][platform]: result['speedup'] >= TARGETS['speedup'][platform],
        'rerun_and_check_send_no_write': all(figures[scenario.name]['requests']['write'] == 0
                                             for scenario in SCENARIOS if scenario.check or scenario.pending),
        'requests_within_5pct_of_bound': all(figures[scenario.name]['requests_over_bound'] <= TARGETS['requests_over_bound']
                                             for scenario in SCENARIOS),
        'time_within_2x_floor': new['time_over_floor'] <= TARGETS['time_over_floor'],
        'time_grows_at_most_linearly': all(step['time_ratio'] <= step['people_ratio'] for step in result['growth']),
        'every_scenario_correct': result['naive']['ok'] and all(figures[scenario.name]['ok'] for scenario in SCENARIOS),
    }
    return met


def table(results, latency_ms):
    """The human-readable table: one block per platform."""
    lines = []
    header = '%-12s %-16s %8s %6s %6s %6s %6s %7s %8s %7s' % (
        'platform', 'scenario', 'seconds', 'read', 'write', 'auth', 'total', 'bound', 'floor s', 'x floor')
    lines.append(header)
    lines.append('-' * len(header))
    for platform, result in results.items():
        naive = result['naive']
        lines.append('%-12s %-16s %8.2f %6d %6d %6d %6d %7s %8s %7s' % (
            platform, 'naive_uri_%d' % NAIVE_PEOPLE, naive['seconds'], naive['requests']['read'], naive['requests']['write'],
            naive['requests']['auth'], naive['requests']['total'], '-', '-', '-'))
        for scenario in SCENARIOS:
            entry = result['module'][scenario.name]
            lines.append('%-12s %-16s %8.2f %6d %6d %6d %6d %7d %8.2f %7.2f' % (
                '', scenario.name, entry['seconds'], entry['requests']['read'], entry['requests']['write'],
                entry['requests']['auth'], entry['requests']['total'], entry['lower_bound']['total'],
                entry['floor_seconds'], entry['time_over_floor']))
        lines.append('%-12s speed-up over the naive loop: %.1fx (concurrency %d), %.1fx (concurrency 1); module start %.2f s'
                     % ('', result['speedup'], DEFAULT_CONCURRENCY, result['speedup_c1'], result['module']['module_start_seconds']))
        for step in result['growth']:
            lines.append('%-12s %-7s %5d -> %5d people: time x%.2f, requests x%.2f (people x%.1f)' % (
                '', step['series'], step['people'][0], step['people'][1], step['time_ratio'], step['requests_ratio'],
                step['people_ratio']))
        missed = [name for name, met in result['targets'].items() if not met]
        lines.append('%-12s targets: %s' % ('', 'all met' if not missed else 'MISSED ' + ', '.join(missed)))
        lines.append('')
    lines.append('latency %d ms per vendor request; seconds are task durations from ansible-runner job events '
                 '(naive: every task of its play; module: the one org_invite task)' % latency_ms)
    return '\n'.join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n', maxsplit=1)[0])
    parser.add_argument('--platforms', nargs='+', choices=PLATFORMS, default=list(PLATFORMS))
    parser.add_argument('--latency-ms', type=int, default=LATENCY_MS)
    parser.add_argument('--validate', action='store_true',
                        help='check every request against the vendor documents (adds the sandbox\'s CPU time to every request)')
    options = parser.parse_args(argv)

    started = time.monotonic()
    load_before = os.getloadavg()
    control.stop_detached(STATE_DIR)
    url = control.start_detached(STATE_DIR, validate=options.validate, latency_ms=options.latency_ms)
    log('sandbox at %s, %d ms per request, validation %s' % (url, options.latency_ms, 'on' if options.validate else 'off'))
    results = {}
    failure = None
    try:
        with tempfile.TemporaryDirectory(prefix='orgaccess-bench-') as workdir:
            bench = Bench(url, workdir)
            for platform in options.platforms:
                log('%s: naive uri loop over %d people' % (platform, NAIVE_PEOPLE))
                naive = bench.naive(platform)
                log('%s: module scenarios' % platform)
                figures = bench.module(platform)
                result = {'naive': naive, 'module': figures}
                result.update(derive(naive, figures, options.latency_ms))
                result['targets'] = verdicts(platform, result)
                results[platform] = result
    except RuntimeError as exc:
        failure = str(exc)
        log(failure)
    finally:
        control.stop_detached(STATE_DIR)

    if results:
        print(table(results, options.latency_ms))
    report = {
        'latency_ms': options.latency_ms,
        'validation': options.validate,
        'cpus': os.cpu_count(),
        # Other work on the machine slows every figure down: the 1-minute load average before and after.
        'load_average': [round(load_before[0], 2), round(os.getloadavg()[0], 2)],
        'default_concurrency': DEFAULT_CONCURRENCY,
        'measured': 'task durations (ansible-runner job events); naive: sum over its play, module: the org_invite task',
        'platforms': results,
        'all_targets_met': bool(results) and failure is None and all(all(result['targets'].values()) for result in results.values()),
        'error': failure,
        'bench_seconds': round(time.monotonic() - started, 1),
    }
    print(json.dumps(report, sort_keys=True))
    correct = failure is None and all(result['targets']['every_scenario_correct'] for result in results.values())
    return 0 if correct else 1


if __name__ == '__main__':
    sys.exit(main())
