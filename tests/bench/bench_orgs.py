# Copyright: (c) 2026, orgaccess maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""make bench-orgs: many organizations as inventory hosts, run with forks 1, 10 and 25.

Starts its own sandbox (100 ms per vendor request, validation off) with ORGS organizations across
the three platforms: one Snyk token and one CybeDefend PAT for all of theirs, one Cisco XDR API
client per organization. The sandbox limits every credential to the Snyk budget (1,620 requests per
minute, rate_limit_per_token); the modules keep the same budget (Snyk's default; set with
request_budget for CybeDefend, which publishes none). Each organization has PEOPLE people: 60% new
(org_invite), 30% already members with their role and 10% members whose role changes (org_user):
one org_user and one org_invite task per host.

Per forks value: the organizations are reset and re-seeded, a check run (forks 25) must write
nothing, the real run is timed (wall time of ansible-playbook), and a re-run must write nothing.
Forks 1 runs a sample of the organizations (--forks1-sample per platform) and its time is
extrapolated to all of them, which the table says. Prints a table and, last, one JSON line; it
asserts no timing. Exit status 1 only when a run failed or wrote what it should not have.
"""

from __future__ import annotations

import argparse
import datetime
import itertools
import json
import math
import os
import resource
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO_ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(REPO_ROOT, 'tests', 'sandbox'))
sys.path.insert(0, os.path.join(REPO_ROOT, 'tests', 'playbooks'))

import playbook_runner  # noqa: E402 pylint: disable=wrong-import-position
from orgaccess_sandbox import control  # noqa: E402 pylint: disable=wrong-import-position
from orgaccess_sandbox.client import SandboxAdmin  # noqa: E402 pylint: disable=wrong-import-position
from platforms import PLATFORMS, ROLES  # noqa: E402 pylint: disable=wrong-import-position

LATENCY_MS = 100
ORGS = 100
PEOPLE = 100
FORKS = (1, 10, 25)
# Platforms whose organizations each have credentials of their own (one Cisco XDR API client per org): no shared budget.
OWN_CREDENTIALS = ('cisco_xdr',)
FORKS1_SAMPLE = 4  # organizations per platform that forks 1 runs; its time is scaled to every organization
BUDGET = 1620  # requests per minute per credential: Snyk's documented budget, the sandbox's limit on every credential
STATE_DIR = os.path.join(REPO_ROOT, '.sandbox-bench-orgs')
TARGETS = {'speedup': 12, 'budget_time_over_bound': 1.15, 'share_429': 0.01}
# Requests that name no organization (token exchanges, the CybeDefend client-apps lookup) are shared by the hosts of a credential.
CISCO_BATCH, SNYK_PAGE, CYBEDEFEND_PAGE, CISCO_SEARCH_CAP = 100, 100, 20, 50


def log(message):
    print('bench-orgs: %s' % message, file=sys.stderr, flush=True)


def split(total):
    """How many organizations each platform gets: as even as possible, in PLATFORMS order."""
    base, extra = divmod(total, len(PLATFORMS))
    return dict((platform, base + (1 if index < extra else 0)) for index, platform in enumerate(PLATFORMS))


def people_of(org_number, people):
    """``(new, unchanged, role_changes)`` email lists of one organization: 60%, 30%, 10%."""
    emails = ['p%03d-%04d@example.com' % (org_number, number) for number in range(people)]
    new, unchanged = int(people * 0.6), int(people * 0.3)
    return emails[:new], emails[new:new + unchanged], emails[new + unchanged:]


def lower_bound(platform, new, members, changes):
    """The fewest requests one organization's run needs (as bench.py counts them): the token where there is one
    to fetch, the roles (Snyk: the org, for its group, and the group's roles; CybeDefend: the CLI app id), the
    invites and the members (one read each, or their pages), and one request per write (Cisco XDR: one batch per
    100 invites)."""
    if platform == 'cisco_xdr':
        return 1 + 1 + 1 + math.ceil(members / CISCO_SEARCH_CAP) + math.ceil(new / CISCO_BATCH) + changes
    if platform == 'snyk':
        return 2 + 1 + (members // SNYK_PAGE + 1) + new + changes
    return 1 + 1 + 1 + math.ceil(members / CYBEDEFEND_PAGE) + new + changes


def logged_at(entry):
    """Seconds since the epoch of a request log entry (its ``time`` is ISO 8601)."""
    return datetime.datetime.fromisoformat(entry['time'].replace('Z', '+00:00')).timestamp()


def children_cpu_seconds():
    """CPU seconds (user and system) of the finished descendants: ansible-playbook and its forks."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


class MemorySampler(threading.Thread):
    """Peak resident memory of this process's descendants (ansible-playbook and its forks), from /proc."""

    def __init__(self, exclude):
        super().__init__(daemon=True)
        self.exclude = set(exclude)
        self.peak = 0
        self.stopped = threading.Event()

    def run(self):
        while not self.stopped.wait(0.2):
            self.peak = max(self.peak, self.total())

    def total(self):
        children = {}
        for name in os.listdir('/proc'):
            if name.isdigit():
                try:
                    with open('/proc/%s/stat' % name) as stat:
                        fields = stat.read().rsplit(')', 1)[1].split()
                    with open('/proc/%s/statm' % name) as statm:
                        pages = int(statm.read().split()[1])
                except OSError:
                    continue
                children.setdefault(int(fields[1]), []).append((int(name), pages))
        total, pending = 0, [os.getpid()]
        while pending:
            for pid, pages in children.get(pending.pop(), []):
                if pid not in self.exclude:
                    total += pages * os.sysconf('SC_PAGE_SIZE')
                    pending.append(pid)
        return total


class OrgsBench:
    def __init__(self, url, workdir, counts, people, state_dir):
        self.url = url
        self.state_dir = state_dir
        self.admin = SandboxAdmin(url)
        self.workdir = workdir
        self.counts = counts
        self.people = people
        self.runs = 0
        self.orgs = []
        self.cpu_seconds = 0.0

    def seed(self):
        """Reset the sandbox and create every organization with its members (the unchanged ones and those whose role changes)."""
        self.admin.reset(keep_config=True)
        self.orgs = []
        number = 0
        for platform in PLATFORMS:
            basic, elevated = ROLES[platform]['basic'], ROLES[platform]['elevated']
            specs = []
            for _org in range(self.counts[platform]):
                new, unchanged, changes = people_of(number, self.people)
                members = [{'email': email, 'role': basic} for email in unchanged] + [{'email': email, 'role': elevated} for email in changes]
                specs.append({'name': '%s-org-%03d' % (platform.replace('_', ''), number), 'members': members})
                self.orgs.append({'platform': platform, 'number': number, 'new': new, 'members': unchanged + changes,
                                  'changes': len(changes)})
                number += 1
            made = self.admin.add_orgs(platform, specs) if specs else []
            for org, summary in zip([org for org in self.orgs if org['platform'] == platform], made):
                org.update(id=summary['id'], name=summary['name'], credentials=summary.get('credentials') or {})

    def host_vars(self, org):
        """What a host needs to reach its organization: the sandbox URLs, its org id or its own Cisco client."""
        connection = dict(self.admin.platform_urls()[org['platform']])
        if org['platform'] == 'cisco_xdr':
            connection.update(client_id=org['credentials']['client_id'], client_secret=org['credentials']['client_secret'])
        elif org['platform'] == 'snyk':
            connection.update(api_token='sandbox-snyk-token', org_id=org['id'])
        else:
            connection.update(api_token='pat_sandbox', org_id=org['id'], request_budget=BUDGET)
        basic = ROLES[org['platform']]['basic']
        return {'platform': org['platform'], 'connections': {org['platform']: connection},
                'ansible_connection': 'local', 'ansible_python_interpreter': sys.executable,
                'users': [{'email': email, 'role': basic} for email in org['members']],
                'invites': [{'email': email, 'role': basic} for email in org['new']]}

    def playbook(self, orgs):
        # One platform's organisation after another's, as the orgs inventory plugin orders its sources' hosts.
        by_platform = [[org for org in orgs if org['platform'] == platform] for platform in PLATFORMS]
        in_turn = [org for turn in itertools.zip_longest(*by_platform) for org in turn if org is not None]
        inventory = dict((org['name'], self.host_vars(org)) for org in in_turn)
        return [
            {'name': 'organizations as hosts', 'hosts': 'localhost', 'gather_facts': False, 'tasks': [
                {'name': 'add the hosts', 'ansible.builtin.add_host': dict(
                    {'name': '{{ item.key }}', 'groups': 'orgs'},
                    **dict((key, '{{ item.value.%s }}' % key) for key in ('platform', 'connections', 'users', 'invites', 'ansible_connection',
                                                                          'ansible_python_interpreter'))),
                 'loop': '{{ org_hosts | dict2items }}', 'loop_control': {'label': '{{ item.key }}'}},
            ]},
            {'name': 'onboard every organization', 'hosts': 'orgs', 'gather_facts': False, 'tasks': [
                {'name': 'members', 'orgaccess.onboarding.org_user': {
                    'platform': '{{ platform }}', 'connections': '{{ connections }}', 'users': '{{ users }}'}},
                {'name': 'invites', 'orgaccess.onboarding.org_invite': {
                    'platform': '{{ platform }}', 'connections': '{{ connections }}', 'invites': '{{ invites }}'}},
            ]},
        ], {'org_hosts': inventory}

    def run(self, orgs, forks, check=False):
        """One run over ``orgs``: ``(wall seconds, the run, peak memory bytes)``."""
        self.runs += 1
        plays, extravars = self.playbook(orgs)
        sampler = MemorySampler(exclude=[self.sandbox_pid()])
        sampler.start()
        cpu_before = children_cpu_seconds()
        started = time.monotonic()
        run = playbook_runner.run_playbook(os.path.join(self.workdir, 'run-%02d' % self.runs), plays, extravars=extravars,
                                           check=check, envvars={'ANSIBLE_FORKS': str(forks), 'ORGACCESS_REQUEST_BUDGET': '',
                                                                 'ORGACCESS_BUDGET_DIR': os.path.join(self.workdir, 'budget')})
        seconds = time.monotonic() - started
        self.cpu_seconds = children_cpu_seconds() - cpu_before
        sampler.stopped.set()
        sampler.join()
        if not run.ok:
            raise RuntimeError('forks %d%s failed (%s); failed tasks: %s\n%s'
                               % (forks, ' check' if check else '', run.status, run.failed_tasks, run.stdout[-4000:]))
        return seconds, run, sampler.peak

    def sandbox_pid(self):
        try:
            with open(os.path.join(self.state_dir, 'pid')) as handle:
                return int(handle.read().strip())
        except (OSError, ValueError):
            return -1

    def measure(self, forks, sample, platforms=PLATFORMS):
        """Seed, check run, timed run, re-run; figures of the timed run over the organizations of ``platforms``."""
        self.seed()
        orgs = [org for org in self.orgs if org['platform'] in platforms]
        if sample:
            orgs = [org for platform in platforms for org in [org for org in orgs if org['platform'] == platform][:sample]]
        self.admin.clear_log()
        self.run(orgs, max(FORKS), check=True)
        check_writes = len(self.admin.log(kind='write'))
        self.admin.clear_log()
        seconds, run, peak = self.run(orgs, forks)
        cpu_seconds = self.cpu_seconds
        entries = self.admin.log()
        self.admin.clear_log()
        self.run(orgs, forks)
        rerun_writes = len(self.admin.log(kind='write'))
        figures = self.figures(forks, orgs, seconds, run, peak, entries, check_writes, rerun_writes)
        # What the controller's CPUs needed at least: a run cannot end sooner than this, whatever the forks.
        figures['controller_cpu_seconds'] = round(cpu_seconds, 1)
        figures['cpu_floor_seconds'] = round(cpu_seconds / (os.cpu_count() or 1), 1)
        # The playbook's own start-up and the add_host play included: an upper bound of what one module run costs.
        figures['cpu_seconds_per_module_run'] = round(cpu_seconds / max(figures['module_runs'], 1), 3)
        return figures

    def figures(self, forks, orgs, seconds, run, peak, entries, check_writes, rerun_writes):
        per_platform = {}
        for platform in PLATFORMS:
            mine = [org for org in orgs if org['platform'] == platform]
            if not mine:
                continue
            # The credentials' owner is a member too.
            bounds = [lower_bound(platform, len(org['new']), len(org['members']) + 1, org['changes']) for org in mine]
            platform_entries = [entry for entry in entries if entry['platform'] == platform]
            times = [logged_at(entry) for entry in platform_entries]
            per_platform[platform] = {
                'orgs': len(mine),
                'requests': len(platform_entries),
                # Token exchanges and lookups that name no organization included.
                'requests_per_org': round(len(platform_entries) / len(mine), 1),
                'lower_bound_per_org': round(sum(bounds) / len(mine), 1),
                'requests_429': sum(1 for entry in platform_entries if entry['status'] == 429),
                'span_seconds': round(max(times) - min(times), 1) if times else 0,
            }
        module_runs = sum(1 for result in run.tasks if result.task in ('members', 'invites'))
        return {
            'forks': forks,
            'orgs': len(orgs),
            'seconds': round(seconds, 1),
            'module_runs': module_runs,
            'module_runs_per_org': round(module_runs / len(orgs), 2),
            'requests': len(entries),
            'requests_429': sum(1 for entry in entries if entry['status'] == 429),
            'peak_memory_mb': round(peak / 2 ** 20, 1),
            'check_writes': check_writes,
            'rerun_writes': rerun_writes,
            'platforms': per_platform,
        }


def derive(results, counts, alone):
    """Extrapolate forks 1 to every organization; speed-ups; the budget checks of the forks-25 run.

    ``alone``: ``{forks: figures}`` of forks 1 (a sample) and the widest forks over the organizations with credentials of their
    own only, where no shared budget binds: in the runs over every organization their hosts take turns with the others'."""
    sample = results[1]
    total_orgs = sum(counts.values())
    results[1]['extrapolated_seconds'] = round(sample['seconds'] * total_orgs / sample['orgs'], 1)
    widest = results[max(results)]
    derived = {'speedup': dict((forks, round(results[1]['extrapolated_seconds'] / entry['seconds'], 1))
                               for forks, entry in results.items() if forks != 1)}
    unbound = {}
    budgets = {}
    for platform, entry in widest['platforms'].items():
        if platform not in OWN_CREDENTIALS:
            bound_seconds = entry['requests'] / (BUDGET / 60.0)
            budgets[platform] = {'requests': entry['requests'], 'budget_per_minute': BUDGET,
                                 'seconds_at_budget': round(bound_seconds, 1), 'span_seconds': entry['span_seconds'],
                                 'time_over_bound': round(entry['span_seconds'] / bound_seconds, 2),
                                 'binds': entry['requests'] > BUDGET,
                                 'share_429': round(entry['requests_429'] / max(entry['requests'], 1), 4)}
        else:
            # Its organizations alone: forks 1 over a sample scaled to all of them, against the widest forks over all of them
            # (the spans of their requests), and the most the CPUs allow (the widest run's CPU floor).
            one_alone, widest_alone = alone[1]['platforms'][platform], alone[max(alone)]
            one_by_one = one_alone['span_seconds'] / one_alone['orgs'] * entry['orgs']
            alone_span = widest_alone['platforms'][platform]['span_seconds']
            unbound[platform] = {'forks1_seconds_extrapolated': round(one_by_one, 1), 'span_seconds_among_all': entry['span_seconds'],
                                 'span_seconds_alone': alone_span, 'cpu_floor_seconds_alone': widest_alone['cpu_floor_seconds'],
                                 'speedup': round(one_by_one / max(alone_span, 0.1), 1),
                                 'speedup_the_cpus_allow': round(one_by_one / max(widest_alone['cpu_floor_seconds'], 0.1), 1)}
    derived['no_shared_budget'] = unbound
    derived['shared_budget'] = budgets
    share = widest['requests_429'] / max(widest['requests'], 1)
    derived['targets'] = {
        'speedup_at_least_12_where_no_budget_binds': all(item['speedup'] >= TARGETS['speedup'] for item in unbound.values()),
        'within_15pct_of_requests_over_budget': all(item['time_over_bound'] <= TARGETS['budget_time_over_bound']
                                                    for item in budgets.values() if item['binds']),
        '429s_under_1pct': share < TARGETS['share_429'],
        'check_and_rerun_write_nothing': all(entry['check_writes'] == 0 and entry['rerun_writes'] == 0 for entry in results.values()),
    }
    return derived


def table(results, derived):
    columns = ('forks', 'orgs', 'seconds', 'speed-up', 'mod/org', 'requests', '429', 'peak MB', 'check w', 'rerun w')
    lines = ['%-6s %5s %9s %9s %10s %9s %5s %8s %7s %7s' % columns]
    lines.append('-' * len(lines[0]))
    for forks, entry in sorted(results.items()):
        seconds = '%.1f' % entry['seconds'] + ('*' if forks == 1 else '')
        speedup = '-' if forks == 1 else '%.1fx' % derived['speedup'][forks]
        lines.append('%-6d %5d %9s %9s %10.2f %9d %5d %8.1f %7d %7d' % (
            forks, entry['orgs'], seconds, speedup, entry['module_runs_per_org'], entry['requests'], entry['requests_429'],
            entry['peak_memory_mb'], entry['check_writes'], entry['rerun_writes']))
    for forks, entry in sorted(results.items()):
        lines.append('forks %d: the controller spent %.1f CPU seconds (%.2f per module run), so no run on %d CPUs ends before %.1f s' % (
            forks, entry['controller_cpu_seconds'], entry['cpu_seconds_per_module_run'], os.cpu_count() or 1, entry['cpu_floor_seconds']))
    lines.append('* forks 1 ran %d organizations (%.1f s); scaled to every organization: %.1f s'
                 % (results[1]['orgs'], results[1]['seconds'], results[1]['extrapolated_seconds']))
    widest = results[max(results)]
    for platform, entry in widest['platforms'].items():
        lines.append('%-12s forks %d: %d orgs, %.1f requests per org (lower bound %.1f), %d x 429, span %.1f s' % (
            platform, widest['forks'], entry['orgs'], entry['requests_per_org'], entry['lower_bound_per_org'],
            entry['requests_429'], entry['span_seconds']))
    for platform, item in derived['no_shared_budget'].items():
        lines.append('%-12s no shared budget: forks 1 %.1f s (scaled) vs forks %d over its organizations alone %.1f s: %.1fx '
                     '(among all: %.1f s; its CPU floor alone, %.1f s, allows at most %.1fx on %d CPUs)' % (
                         platform, item['forks1_seconds_extrapolated'], widest['forks'], item['span_seconds_alone'], item['speedup'],
                         item['span_seconds_among_all'], item['cpu_floor_seconds_alone'], item['speedup_the_cpus_allow'], os.cpu_count() or 1))
    for platform, item in derived['shared_budget'].items():
        lines.append('%-12s one credential: %d requests / %d per min = %.1f s; took %.1f s (x%.2f), 429 share %.2f%%%s' % (
            platform, item['requests'], item['budget_per_minute'], item['seconds_at_budget'], item['span_seconds'],
            item['time_over_bound'], 100 * item['share_429'], '' if item['binds'] else ' (the budget does not bind)'))
    missed = [name for name, met in derived['targets'].items() if not met]
    lines.append('targets: %s' % ('all met' if not missed else 'MISSED ' + ', '.join(missed)))
    return '\n'.join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n', maxsplit=1)[0])
    parser.add_argument('--orgs', type=int, default=ORGS)
    parser.add_argument('--people', type=int, default=PEOPLE)
    parser.add_argument('--forks', type=int, nargs='+', default=list(FORKS))
    parser.add_argument('--forks1-sample', type=int, default=FORKS1_SAMPLE,
                        help='organizations per platform that forks 1 runs (0: all of them)')
    parser.add_argument('--latency-ms', type=int, default=LATENCY_MS)
    parser.add_argument('--state-dir', default=STATE_DIR, help='where the sandbox started for the bench keeps its URL and pid')
    options = parser.parse_args(argv)
    forks_values = sorted(set([1] + options.forks))
    counts = split(options.orgs)

    started = time.monotonic()
    load_before = os.getloadavg()
    control.stop_detached(options.state_dir)
    url = control.start_detached(options.state_dir, validate=False, latency_ms=options.latency_ms)
    log('sandbox at %s, %d ms per request; %s organizations, %d people each' % (url, options.latency_ms, counts, options.people))
    results, alone, failure = {}, None, None
    try:
        admin = SandboxAdmin(url)
        admin.configure(rate_limit_per_token={'requests': BUDGET, 'per_seconds': 60})
        admin.reset(keep_config=True)
        with tempfile.TemporaryDirectory(prefix='orgaccess-bench-orgs-') as workdir:
            bench = OrgsBench(url, workdir, counts, options.people, options.state_dir)
            for forks in forks_values:
                sample = options.forks1_sample if forks == 1 and options.forks1_sample else 0
                log('forks %d%s' % (forks, ' (a sample of %d organizations per platform)' % sample if sample else ''))
                results[forks] = bench.measure(forks, sample)
                if not sample and forks == 1:
                    results[1]['orgs'] = sum(counts.values())
            # Where no budget binds, forks 1 and the widest forks over those organizations alone: in the runs over every
            # organization their requests' span also covers the other hosts between them.
            alone = {}
            for forks in (1, max(forks_values)):
                sample = options.forks1_sample if forks == 1 else 0
                log('forks %d over the organizations with credentials of their own only (%s)%s' % (
                    forks, ', '.join(OWN_CREDENTIALS), ' (a sample of %d)' % sample if sample else ''))
                alone[forks] = bench.measure(forks, sample, OWN_CREDENTIALS)
    except RuntimeError as exc:
        failure = str(exc)
        log(failure)
    finally:
        control.stop_detached(options.state_dir)

    derived = derive(results, counts, alone) if failure is None else {}
    if failure is None:
        print(table(results, derived))
    report = {'latency_ms': options.latency_ms, 'orgs': counts, 'people_per_org': options.people, 'budget_per_minute': BUDGET,
              'cpus': os.cpu_count(),
              # Other work on the machine slows every figure down: the 1-minute load average before and after.
              'load_average': [round(load_before[0], 2), round(os.getloadavg()[0], 2)],
              'forks': dict((str(forks), entry) for forks, entry in results.items()),
              'own_credentials_alone': dict((str(forks), entry) for forks, entry in (alone or {}).items()),
              'derived': json.loads(json.dumps(derived)), 'error': failure, 'bench_seconds': round(time.monotonic() - started, 1)}
    print(json.dumps(report, sort_keys=True))
    correct = failure is None and derived['targets']['check_and_rerun_write_nothing'] and all(
        entry['check_writes'] == entry['rerun_writes'] == 0 for entry in alone.values())
    return 0 if correct else 1


if __name__ == '__main__':
    sys.exit(main())
