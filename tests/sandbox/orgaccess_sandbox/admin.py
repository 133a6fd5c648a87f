# Copyright: (c) 2026, orgaccess maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The admin API below /_admin: health, reset, switches, request log, state, seeding, acceptance.

It is not part of any vendor API: it is never slowed down, rate limited, faulted or logged.
Errors are ``{"error": "..."}`` with 400 (bad input) or 404 (unknown platform, nothing to accept).
"""

from __future__ import annotations

from .emulation import ApiError, Route, json_response, resolve


class AdminError(Exception):
    def __init__(self, status, message):
        super().__init__(message)
        self.status = status
        self.message = message


class Admin:
    prefix = '/_admin'

    def __init__(self, server):
        self.server = server
        self.routes = [
            Route('GET', '/health', self.health),
            Route('POST', '/reset', self.reset),
            Route('GET', '/config', self.get_config),
            Route('PUT', '/config', self.put_config),
            Route('GET', '/log', self.get_log),
            Route('DELETE', '/log', self.clear_log),
            Route('GET', '/log/summary', self.log_summary),
            Route('GET', '/state', self.state),
            Route('GET', '/state/{platform}', self.platform_state),
            Route('PUT', '/credentials', self.credentials),
            Route('POST', '/{platform}/members', self.seed_members),
            Route('POST', '/{platform}/invites', self.seed_invites),
            Route('POST', '/{platform}/accept', self.accept),
            Route('GET', '/{platform}/orgs', self.list_orgs),
            Route('POST', '/{platform}/orgs', self.add_orgs),
            Route('POST', '/{platform}/orgs/{org}/members', self.seed_members),
            Route('POST', '/{platform}/orgs/{org}/invites', self.seed_invites),
            Route('POST', '/{platform}/orgs/{org}/accept', self.accept),
        ]

    def handle(self, request):
        route, params, allowed = resolve(self.routes, request.method, request.segments(self.prefix))
        try:
            if route is not None:
                return route.handler(request, **params)
            if allowed:
                raise AdminError(405, '%s is not allowed here; allowed: %s' % (request.method, ', '.join(allowed)))
            raise AdminError(404, 'no admin operation at %s' % request.path)
        except AdminError as exc:
            return json_response(exc.status, {'error': exc.message})
        except (ApiError, ValueError) as exc:  # ValueError covers SeedError and bad switches
            return json_response(400, {'error': str(exc)})

    # -- helpers ------------------------------------------------------------------------------

    def _emulator(self, platform, org=None):
        """The platform's emulator, or the emulator of one of its organizations (404 when unknown)."""
        if platform not in self.server.emulators:
            raise AdminError(404, 'unknown platform %r; platforms: %s' % (platform, ', '.join(self.server.emulators)))
        emulator = self.server.emulators[platform]
        if org is None:
            return emulator
        try:
            return emulator.organization(org)
        except ValueError as exc:
            raise AdminError(404, str(exc))

    @staticmethod
    def _body(request, default):
        return request.json() if request.body else default

    # -- operations ---------------------------------------------------------------------------

    def health(self, request):
        validator = self.server.validator
        answer = {'ok': True, 'validation': validator.enabled, 'platforms': list(self.server.emulators),
                  'specs': validator.source}
        if not validator.enabled:
            answer['validation_off_because'] = validator.reason or 'turned off (--no-validate)'
        return json_response(200, answer)

    def reset(self, request):
        body = self._body(request, {})
        if not isinstance(body, dict) or set(body) - {'keep_config'}:
            raise ValueError('the reset body may only hold keep_config')
        self.server.reset(keep_config=bool(body.get('keep_config')))
        return json_response(200, {'ok': True, 'config': self.server.store.config_copy()})

    def get_config(self, request):
        return json_response(200, self.server.store.config_copy())

    def put_config(self, request):
        config, faults_changed = self.server.store.configure(self._body(request, {}))
        if faults_changed:
            self.server.faults.restart(config)
        return json_response(200, config)

    def get_log(self, request):
        since = request.arg('since')
        try:
            since = int(since) if since else None
        except ValueError:
            raise ValueError('since must be a request sequence number')
        entries = self.server.store.log.entries(platform=request.arg('platform') or None, kind=request.arg('kind') or None,
                                                since=since)
        return json_response(200, {'requests': entries})

    def clear_log(self, request):
        self.server.store.log.clear()
        return json_response(200, {'ok': True})

    def log_summary(self, request):
        return json_response(200, self.server.store.log.summary())

    def state(self, request):
        with self.server.store.lock:
            return json_response(200, dict((name, emulator.snapshot()) for name, emulator in self.server.emulators.items()))

    def platform_state(self, request, platform):
        emulator = self._emulator(platform, request.arg('org'))
        with self.server.store.lock:
            return json_response(200, emulator.snapshot())

    def credentials(self, request):
        body = self._body(request, None)
        if not isinstance(body, dict):
            raise ValueError('the body must map platforms to credentials, e.g. {"snyk": {"token": "..."}}')
        emulators = [(self._emulator(platform), values) for platform, values in body.items()]
        with self.server.store.lock:
            for emulator, values in emulators:
                emulator.set_credentials(values)
            return json_response(200, dict((emulator.name, dict(emulator.credentials)) for emulator, _values in emulators))

    def list_orgs(self, request, platform):
        emulator = self._emulator(platform)
        with self.server.store.lock:
            return json_response(200, {'orgs': [org.org_summary() for org in emulator.orgs.values()]})

    def add_orgs(self, request, platform):
        emulator = self._emulator(platform)
        entries = self._body(request, None)
        with self.server.store.lock:
            return json_response(200, {'orgs': emulator.add_orgs(entries)})

    def seed_members(self, request, platform, org=None):
        emulator = self._emulator(platform, org)
        people = self._body(request, None)
        with self.server.store.lock:
            return json_response(200, {'members': emulator.seed_members(people)})

    def seed_invites(self, request, platform, org=None):
        emulator = self._emulator(platform, org)
        invites = self._body(request, None)
        with self.server.store.lock:
            return json_response(200, {'invites': emulator.seed_invites(invites)})

    def accept(self, request, platform, org=None):
        emulator = self._emulator(platform, org)
        body = self._body(request, None)
        if not isinstance(body, dict) or not isinstance(body.get('email'), str):
            raise ValueError('the body must be {"email": "..."}')
        with self.server.store.lock:
            member = emulator.accept(body['email'])
        if member is None:
            raise AdminError(404, 'no pending invite for %s on %s' % (body['email'], platform))
        return json_response(200, {'member': member})
