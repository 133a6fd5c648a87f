# Copyright: (c) 2026, orgaccess maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Offline stand-in for get-pip.py, used by ansible-test to bootstrap pip in its venvs.

ansible-test (--venv, sanity, units) bootstraps pip into each virtual environment it
creates by running ``~/.ansible/test/cache/get_pip_<X_Y>.py`` and downloads that script
from a host outside the package registries when it is missing. tests/utils/write_get_pip.py
installs this file under that name. Like get-pip.py it takes pip install arguments
(``pip==X.Y`` among them) plus --no-setuptools/--no-wheel; it bootstraps pip from the
standard library's ensurepip and then installs the requested versions from the package
index configured for pip on this machine.
"""

from __future__ import annotations

import os
import subprocess
import sys

OWN_OPTIONS = ('--no-setuptools', '--no-wheel')


def main():
    """Bootstrap pip, then install what was asked for."""
    args = [arg for arg in sys.argv[1:] if arg not in OWN_OPTIONS]
    env = dict(os.environ, PIP_DISABLE_PIP_VERSION_CHECK='1')
    subprocess.run([sys.executable, '-m', 'ensurepip', '--default-pip'], check=True, env=env, stdout=subprocess.DEVNULL)
    subprocess.run([sys.executable, '-m', 'pip', 'install', '--quiet'] + args, check=True, env=env)
    if '--no-setuptools' in sys.argv[1:]:
        # ensurepip on Python < 3.12 also installs setuptools; get-pip.py would not have.
        subprocess.run([sys.executable, '-m', 'pip', 'uninstall', '--quiet', '--yes', 'setuptools'], check=False, env=env)


if __name__ == '__main__':
    main()
