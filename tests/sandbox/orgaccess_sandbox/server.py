# Copyright: (c) 2026, orgaccess maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The HTTP server: routing by prefix, latency, rate limit, injected faults and the request log.

Every vendor request goes through ``SandboxServer.answer``: sleep the configured latency
(outside any lock), apply the platform's and the credential's rate limits, draw a fault, and only then let the
platform's emulator act. Admin requests (``/_admin``) skip all of that and are not logged.
"""

from __future__ import annotations

import logging
import socket
import struct
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from .admin import Admin
from .cisco_xdr import CiscoXdr
from .cybedefend import CybeDefend
from .emulation import Request, json_response
from .faults import FaultInjector, RateLimiter
from .snyk import Snyk
from .state import Store
from .validation import Validator

LOG = logging.getLogger(__name__)

# What the server answers instead of a response when a fault drops the connection.
RESET = object()


class SandboxServer(ThreadingHTTPServer):
    """One process, every platform: ``/cisco_xdr``, ``/snyk``, ``/cybedefend``, ``/_admin``."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address, specs=None, validate=True, config=None):
        super().__init__(address, RequestHandler)
        self.store = Store(config)
        self.validator = Validator(specs, enabled=validate)
        self.faults = FaultInjector()
        self.limiter = RateLimiter()
        self.emulators = dict((emulator.name, emulator) for emulator in
                              (CiscoXdr(self.store, self.validator), Snyk(self.store, self.validator),
                               CybeDefend(self.store, self.validator)))
        self.admin = Admin(self)
        self.faults.restart(self.store.config)
        self._resets = set()
        self._resets_lock = threading.Lock()

    @property
    def url(self):
        host, port = self.server_address[:2]
        return 'http://%s:%d' % (host, port)

    def reset(self, keep_config=False):
        """Every platform back to its seed, log cleared, and the switches too unless keep_config."""
        with self.store.lock:
            self.store.reset(keep_config)
            for emulator in self.emulators.values():
                emulator.reset()
            self.faults.restart(self.store.config)
        self.limiter.reset()

    def emulator_for(self, path):
        for emulator in self.emulators.values():
            if path == emulator.prefix or path.startswith(emulator.prefix + '/'):
                return emulator
        return None

    def answer(self, emulator, request):
        """The Response for a vendor request, or RESET to drop the connection."""
        route, params, allowed = emulator.resolve(request)
        kind = route.kind if route else ('read' if request.method == 'GET' else 'write')
        config = self.store.config_copy()
        if config['latency_ms']:
            time.sleep(config['latency_ms'] / 1000.0)
        principal = emulator.principal(request)
        entry = {'platform': emulator.name, 'method': request.method, 'path': request.path, 'query': request.query_string,
                 'kind': kind, 'fault': None, 'committed': False, 'principal': principal, 'org': None}
        wait = self.limiter.admit(emulator.name, config['rate_limit_per_minute'])
        per_token = config['rate_limit_per_token']
        if wait is None and per_token and principal:
            # Every request made with one credential counts, whichever organization it addresses.
            wait = self.limiter.admit(('token', principal), per_token['requests'], per_token['per_seconds'])
        if wait is not None:
            response = emulator.rate_limited(request, wait)
        else:
            target = request.path + ('?' + request.query_string if request.query_string else '')
            entry['fault'] = self.faults.decide(config, emulator.name, request.method, target, request.body)
            if entry['fault'] == 'reset_before':
                response = RESET
            elif entry['fault'] in ('429', '500', '502', '503'):
                response = emulator.injected(request, int(entry['fault']), config['retry_after'])
            else:
                response = emulator.handle(request, route, params, allowed)
                entry['committed'] = response.status < 400
                if entry['fault'] == 'reset_after':
                    response = RESET
        entry['status'] = None if response is RESET else response.status
        entry['org'] = request.context.get('org')
        self.store.log.add(entry)
        return response

    def mark_reset(self, connection):
        """Make closing this connection send a TCP RST (SO_LINGER 0) instead of a FIN."""
        connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack('ii', 1, 0))
        with self._resets_lock:
            self._resets.add(connection)

    def shutdown_request(self, request):
        with self._resets_lock:
            reset = request in self._resets
            self._resets.discard(request)
        if reset:
            # No shutdown(SHUT_WR): that would send a FIN first, and the client would see a clean close.
            self.close_request(request)
        else:
            super().shutdown_request(request)


class RequestHandler(BaseHTTPRequestHandler):
    """HTTP/1.1 with keep-alive; every answer carries Content-Length (none on 204, as RFC 9110 says)."""

    protocol_version = 'HTTP/1.1'
    # Headers and body leave in separate writes: with Nagle on, the body would wait for the
    # client's delayed ACK (about 40 ms per answer on a kept-alive connection).
    disable_nagle_algorithm = True

    def version_string(self):
        return 'orgaccess-sandbox'

    def do_GET(self):
        self._dispatch()

    do_POST = do_PUT = do_PATCH = do_DELETE = do_GET

    def log_message(self, format, *args):  # pylint: disable=redefined-builtin
        """Quiet: the request log (/_admin/log) is the record of what happened."""

    def _dispatch(self):
        body = self._read_body()
        if body is None:
            return
        request = Request(self.command, self.path, self.headers, body, 'http://%s' % (self.headers.get('Host') or self.server.url[7:]))
        try:
            if request.path == '/_admin' or request.path.startswith('/_admin/'):
                response = self.server.admin.handle(request)
            else:
                emulator = self.server.emulator_for(request.path)
                if emulator is None:
                    response = json_response(404, {'error': 'nothing is served at %s' % request.path,
                                                   'platforms': ['/cisco_xdr', '/snyk', '/cybedefend/api', '/cybedefend/auth']})
                else:
                    response = self.server.answer(emulator, request)
        except Exception:  # the client must get an answer, and the traceback goes to the server's log
            LOG.exception('sandbox failed on %s %s', self.command, self.path)
            response = json_response(500, {'error': 'the sandbox failed; see its log'})
        if response is RESET:
            self.close_connection = True
            self.server.mark_reset(self.connection)
        else:
            self._send(response)

    def _read_body(self):
        """The request body, or None after answering a request whose body cannot be read."""
        if 'chunked' in (self.headers.get('Transfer-Encoding') or '').lower():
            self.close_connection = True
            self._send(json_response(411, {'error': 'send a Content-Length; chunked bodies are not supported'}))
            return None
        try:
            length = int(self.headers.get('Content-Length') or 0)
        except ValueError:
            length = -1
        if length < 0:
            self.close_connection = True
            self._send(json_response(400, {'error': 'bad Content-Length'}))
            return None
        return self.rfile.read(length) if length else b''

    def _send(self, response):
        self.send_response(response.status)
        for name, value in response.headers:
            self.send_header(name, value)
        if response.status != 204:
            self.send_header('Content-Length', str(len(response.body)))
        self.end_headers()
        if response.body and response.status != 204:
            self.wfile.write(response.body)


def build_server(host='127.0.0.1', port=0, specs=None, validate=True, config=None):
    """A bound, not yet serving, sandbox server; config holds initial switch values."""
    return SandboxServer((host, port), specs=specs, validate=validate, config=config)
