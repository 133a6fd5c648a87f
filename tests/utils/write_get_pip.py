# Copyright: (c) 2026, orgaccess maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Install the offline get-pip stand-in where the installed ansible-test looks for it.

Reads the pip version that the installed ansible-test pins (``default_packages`` in
ansible_test/_internal/python_requirements.py) and copies tests/utils/get_pip_offline.py
to ``~/.ansible/test/cache/get_pip_<X_Y>.py``. It lives in $HOME, so make setup runs this
every time. Run it with the python of the virtual environment whose ansible-test will need it
(each ansible-core release tested has its own, see tests/utils/venvs.sh).
"""

from __future__ import annotations

import os
import re
import shutil

import ansible_test

HERE = os.path.dirname(os.path.abspath(__file__))


def pinned_pip_version():
    """Return the pip version the installed ansible-test bootstraps into its venvs."""
    path = os.path.join(os.path.dirname(ansible_test.__file__), '_internal', 'python_requirements.py')
    with open(path, encoding='utf-8') as handle:
        source = handle.read()
    match = re.search(r"default_packages\s*=\s*dict\(\s*pip\s*=\s*'([0-9.]+)'", source)
    if not match:
        raise SystemExit('write_get_pip: cannot find the pinned pip version in %s' % path)
    return match.group(1)


def main():
    """Entry point."""
    version = pinned_pip_version()
    cache = os.path.expanduser(os.path.join('~', '.ansible', 'test', 'cache'))
    os.makedirs(cache, exist_ok=True)
    target = os.path.join(cache, 'get_pip_%s.py' % version.replace('.', '_'))
    # Copy then rename: two ansible-core releases pinning the same pip may set up side by side,
    # and one's ansible-test may be running the stand-in while the other rewrites it.
    partial = '%s.%d.tmp' % (target, os.getpid())
    shutil.copyfile(os.path.join(HERE, 'get_pip_offline.py'), partial)
    os.replace(partial, target)
    print('get-pip stand-in for pip %s: %s' % (version, target))


if __name__ == '__main__':
    main()
