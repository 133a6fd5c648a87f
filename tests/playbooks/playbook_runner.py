# Copyright: (c) 2026, orgaccess maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Run a playbook through ansible-runner and give easy access to what it did.

Used by the fixtures in conftest.py. The playbook runs on localhost with the local
connection and the interpreter running pytest (the repo's .venv python), and finds
this collection through ANSIBLE_COLLECTIONS_PATH=<repo>/build/collections.
"""

from __future__ import annotations

import json
import os
import sys

import ansible_runner
import yaml

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
COLLECTIONS_PATH = os.path.join(REPO_ROOT, 'build', 'collections')

TASK_EVENTS = {
    'runner_on_ok': 'ok',
    'runner_on_failed': 'failed',
    'runner_on_skipped': 'skipped',
    'runner_on_unreachable': 'unreachable',
}


class TaskResult:
    """One task's outcome on one host, from its runner_on_* job event."""

    def __init__(self, event):
        data = event.get('event_data', {})
        self.event = event
        self.task = data.get('task')
        self.action = data.get('task_action')
        self.host = data.get('host')
        self.status = TASK_EVENTS[event['event']]
        self.res = data.get('res') or {}
        if self.status == 'ok' and self.res.get('changed'):
            self.status = 'changed'

    @property
    def changed(self):
        """Whether the task reported a change."""
        return bool(self.res.get('changed'))

    @property
    def failed(self):
        """Whether the task failed (ignore_errors does not hide it here)."""
        return self.status in ('failed', 'unreachable')

    def __getitem__(self, key):
        return self.res[key]

    def get(self, key, default=None):
        """Return one key of the task's result (its registered value)."""
        return self.res.get(key, default)

    def __repr__(self):
        return 'TaskResult(%r, %s, %s)' % (self.task, self.host, self.status)


class PlaybookRun:
    """What one ansible-runner job did: status, rc, stdout, events and per-task results."""

    def __init__(self, runner, private_data_dir):
        self.runner = runner
        self.private_data_dir = private_data_dir
        self.status = runner.status
        self.rc = runner.rc
        self.events = list(runner.events)
        self.stdout = ''.join(event.get('stdout', '') + '\n' for event in self.events if event.get('stdout'))
        self.tasks = [TaskResult(event) for event in self.events if event.get('event') in TASK_EVENTS]

    @property
    def ok(self):
        """True when the playbook finished successfully."""
        return self.status == 'successful' and self.rc == 0

    def results(self, task):
        """Every TaskResult of the task with this name (one per host and run of the task)."""
        return [result for result in self.tasks if result.task == task]

    def result(self, task):
        """The single result of the task with this name; fails the test if not exactly one."""
        found = self.results(task)
        if len(found) != 1:
            raise AssertionError('expected one result for task %r, found %d; tasks run: %s\n%s'
                                 % (task, len(found), [result.task for result in self.tasks], self.stdout))
        return found[0]

    def __getitem__(self, task):
        return self.result(task).res

    @property
    def failed_tasks(self):
        """Results of the tasks that failed."""
        return [result for result in self.tasks if result.failed]

    @property
    def changed_tasks(self):
        """Results of the tasks that reported a change."""
        return [result for result in self.tasks if result.changed]

    def artifacts_text(self):
        """Everything the job left in its artifacts (stdout, events, command): for leak scans."""
        chunks = []
        for current, _dirs, files in os.walk(self.runner.config.artifact_dir):
            for name in sorted(files):
                with open(os.path.join(current, name), encoding='utf-8', errors='replace') as handle:
                    chunks.append(handle.read())
        return '\n'.join(chunks)

    def assert_ok(self):
        """Fail the test with the playbook's output unless it finished successfully."""
        if not self.ok:
            raise AssertionError('playbook %s (rc %s); failed tasks: %s\n%s'
                                 % (self.status, self.rc, self.failed_tasks, self.stdout))
        return self

    def __repr__(self):
        return 'PlaybookRun(status=%r, rc=%r, tasks=%d)' % (self.status, self.rc, len(self.tasks))


def _write_playbook(project_dir, playbook):
    """Return the playbook path ansible-runner should run, writing text or data to a file."""
    is_path = isinstance(playbook, os.PathLike) or (isinstance(playbook, str) and '\n' not in playbook and os.path.isfile(playbook))
    if is_path:
        return os.path.abspath(os.fspath(playbook))
    if not isinstance(playbook, str):
        playbook = yaml.safe_dump(playbook, sort_keys=False)
    path = os.path.join(project_dir, 'playbook.yml')
    with open(path, 'w', encoding='utf-8') as handle:
        handle.write(playbook)
    return path


def run_playbook(private_data_dir, playbook, extravars=None, check=False, diff=False, envvars=None, verbosity=0, timeout=None,
                 inventory=None, limit=None):
    """Run a playbook on localhost through ansible-runner and return a PlaybookRun.

    playbook: YAML text, a path to a playbook file, or a list of plays (Python data).
    extravars: extra variables (-e). check/diff: --check/--diff. envvars: extra environment.
    timeout: seconds after which ansible-runner stops the job (status ``timeout``); None waits.
    inventory: more inventory (YAML text or data) written next to localhost's, e.g. organisation hosts. limit: --limit.
    """
    private_data_dir = os.fspath(private_data_dir)
    project_dir = os.path.join(private_data_dir, 'project')
    inventory_dir = os.path.join(private_data_dir, 'inventory')
    temp_dir = os.path.join(private_data_dir, 'tmp')
    for path in (project_dir, inventory_dir, temp_dir):
        os.makedirs(path, exist_ok=True)

    with open(os.path.join(inventory_dir, 'hosts'), 'w', encoding='utf-8') as handle:
        handle.write('localhost ansible_connection=local ansible_python_interpreter=%s\n' % sys.executable)
    if inventory is not None:
        with open(os.path.join(inventory_dir, 'more.yml'), 'w', encoding='utf-8') as handle:
            handle.write(inventory if isinstance(inventory, str) else yaml.safe_dump(inventory, sort_keys=False))

    env = {
        'PATH': os.path.dirname(sys.executable) + os.pathsep + os.environ.get('PATH', os.defpath),
        'ANSIBLE_COLLECTIONS_PATH': COLLECTIONS_PATH,
        'ANSIBLE_COLLECTIONS_SCAN_SYS_PATH': 'false',
        'ANSIBLE_PYTHON_INTERPRETER': sys.executable,
        'ANSIBLE_LOCAL_TEMP': temp_dir,
        'ANSIBLE_REMOTE_TMP': temp_dir,
        'ANSIBLE_NOCOLOR': '1',
        'ANSIBLE_RETRY_FILES_ENABLED': 'false',
        'ANSIBLE_LOCALHOST_WARNING': 'false',
        # The sandbox limits no rate unless a test asks it to, so the modules' default request budgets would only
        # slow the tests down; tests of the budget set request_budget (or this variable) themselves.
        'ORGACCESS_REQUEST_BUDGET': '0',
    }
    env.update(envvars or {})

    cmdline = []
    if check:
        cmdline.append('--check')
    if diff:
        cmdline.append('--diff')
    if limit:
        cmdline.extend(['--limit', limit])

    runner = ansible_runner.run(
        private_data_dir=private_data_dir,
        playbook=_write_playbook(project_dir, playbook),
        extravars=extravars or {},
        envvars=env,
        cmdline=' '.join(cmdline) or None,
        verbosity=verbosity or None,
        quiet=True,
        timeout=timeout,
    )
    return PlaybookRun(runner, private_data_dir)


def dump(run):
    """Return a readable summary of a PlaybookRun for assertion messages."""
    return json.dumps([{'task': r.task, 'status': r.status, 'res': r.res} for r in run.tasks], indent=2, default=str)
