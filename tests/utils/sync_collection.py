# Copyright: (c) 2026, orgaccess maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Copy the collection into build/collections/ansible_collections/<namespace>/<name>.

ansible-test only runs from a real ``.../ansible_collections/<namespace>/<name>``
directory (a symlink is rejected), and the other tools want the collection on
ANSIBLE_COLLECTIONS_PATH. This copies what git would see (tracked files plus
untracked files that are not ignored) into that layout. The copy is rebuilt on
every call, except ``tests/output/`` inside it, which holds ansible-test's
virtual environments and is kept so that later runs stay fast.

The copy sits inside the repository's work tree (in the ignored build/ folder), and
ansible-test and ansible-lint take their file list from the nearest enclosing git
repository: from the outer one they would see no file at all. So the copy is made a git
repository of its own (no commit; its files are untracked and listed through the copied
.gitignore, which also hides tests/output/ from them).

Usage: python tests/utils/sync_collection.py [--collections DIR] [--print-path]
  --collections DIR  make the copy under DIR/ansible_collections/ instead of build/collections
                     (each extra ansible-core release tested has its own, see tests/utils/venvs.sh)
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
KEEP = ('.git', 'tests/output')


def galaxy_name(repo_root):
    """Return (namespace, name) read from galaxy.yml without needing PyYAML."""
    values = {}
    with open(os.path.join(repo_root, 'galaxy.yml'), encoding='utf-8') as handle:
        for line in handle:
            match = re.match(r'^(namespace|name):\s*[\'"]?([A-Za-z0-9_]+)[\'"]?\s*$', line)
            if match:
                values[match.group(1)] = match.group(2)
    if set(values) != {'namespace', 'name'}:
        raise SystemExit('sync_collection: cannot read namespace and name from galaxy.yml')
    return values['namespace'], values['name']


def destination(repo_root, collections=None):
    """Return the path of the collection copy under collections (default build/collections)."""
    namespace, name = galaxy_name(repo_root)
    collections = collections or os.path.join(repo_root, 'build', 'collections')
    return os.path.join(os.path.abspath(collections), 'ansible_collections', namespace, name)


def list_files(repo_root):
    """Return the repository's tracked and untracked-not-ignored files that exist."""
    output = subprocess.run(
        ['git', 'ls-files', '-z', '--cached', '--others', '--exclude-standard'],
        cwd=repo_root, check=True, stdout=subprocess.PIPE,
    ).stdout.decode('utf-8')
    files = sorted(set(path for path in output.split('\0') if path))
    return [path for path in files if os.path.lexists(os.path.join(repo_root, path))]


def clear(dest):
    """Remove everything in dest except the paths in KEEP."""
    if not os.path.isdir(dest):
        return
    for current, dirs, files in os.walk(dest, topdown=True):
        rel = os.path.relpath(current, dest)
        rel = '' if rel == '.' else rel + '/'
        for entry in list(dirs):
            path = rel + entry
            if path in KEEP:
                dirs.remove(entry)
            elif not any(keep.startswith(path + '/') for keep in KEEP):
                dirs.remove(entry)
                full = os.path.join(current, entry)
                if os.path.islink(full):
                    os.unlink(full)
                else:
                    shutil.rmtree(full)
        for entry in files:
            os.unlink(os.path.join(current, entry))


def sync(repo_root=REPO_ROOT, collections=None):
    """Rebuild the copy and return its path."""
    dest = destination(repo_root, collections)
    clear(dest)
    os.makedirs(dest, exist_ok=True)
    if not os.path.isdir(os.path.join(dest, '.git')):
        subprocess.run(['git', 'init', '--quiet', dest], check=True)
    for path in list_files(repo_root):
        if any(path == keep or path.startswith(keep + '/') for keep in KEEP):
            continue
        source = os.path.join(repo_root, path)
        target = os.path.join(dest, path)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        if os.path.islink(source):
            os.symlink(os.readlink(source), target)
        else:
            shutil.copy2(source, target)
    return dest


def main():
    """Entry point."""
    parser = argparse.ArgumentParser(description='Copy the collection where ansible-test can run it.')
    parser.add_argument('--collections', help='directory that gets ansible_collections/<namespace>/<name>')
    parser.add_argument('--print-path', action='store_true', help='only print the path of the copy')
    args = parser.parse_args()
    if args.print_path:
        print(destination(REPO_ROOT, args.collections))
        return
    print('collection copy: %s' % os.path.relpath(sync(REPO_ROOT, args.collections), os.getcwd()))


if __name__ == '__main__':
    main()
