# Copyright: (c) 2026, orgaccess maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A stateful, in-memory emulation of Cisco XDR (IROH), Snyk and CybeDefend for tests.

One threaded HTTP server on 127.0.0.1 serves every platform below its own prefix
(``/cisco_xdr``, ``/snyk``, ``/cybedefend/api``, ``/cybedefend/auth``) and an admin API
below ``/_admin``. See docs/sandbox.md for the URLs, the switches and the admin API.

Entry points: ``control.start()`` (a server in a background thread, for pytest fixtures),
``client.SandboxAdmin`` (the admin API from tests) and ``python -m orgaccess_sandbox``.
"""
