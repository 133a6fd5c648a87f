# Copyright: (c) 2026, orgaccess maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What every platform emulation shares: requests, responses, routes, errors, ids and times.

A platform is an ``Emulator`` subclass with a route table. The server finds the emulator by
path prefix, and ``Emulator.handle`` runs the same steps for every platform: authenticate,
check the request the vendor's way, then run the route's handler under the state lock.
"""

from __future__ import annotations

import datetime
import json
import uuid
from urllib.parse import parse_qsl, unquote, urlsplit

# Namespace of every id the sandbox derives. Ids are derived from content (an email, a counter
# per email) rather than drawn at random, so that the same requests give the same ids after
# every reset. Fault decisions hash request paths, and paths carry ids.
ID_NAMESPACE = uuid.UUID('9b1f6a52-5c1e-4d47-9a0c-2f6c1d3e8a77')


def email_key(email):
    """The form emails are compared in: stripped and case-folded."""
    return str(email).strip().casefold()


def utcnow():
    return datetime.datetime.now(datetime.timezone.utc)


def iso(moment):
    """ISO 8601 in UTC with milliseconds and a Z, the way the vendors write times."""
    moment = moment.astimezone(datetime.timezone.utc)
    return moment.strftime('%Y-%m-%dT%H:%M:%S.') + '%03dZ' % (moment.microsecond // 1000)


def parse_time(text):
    """Parse an ISO 8601 time; a time without a zone is taken as UTC. Raises ValueError."""
    moment = datetime.datetime.fromisoformat(str(text).replace('Z', '+00:00'))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.timezone.utc)
    return moment


def split_name(name, email):
    """First and last name from a display name; the email's local part when there is no name."""
    name = (name or '').strip() or str(email).split('@', 1)[0]
    first, _sep, last = name.partition(' ')
    return first, last.strip()


class IdMaker:
    """Deterministic ids: the n-th id made for the same parts is the same after every reset."""

    def __init__(self, platform, scope=None):
        self.platform = platform
        # Things made many times (invites, memberships, teams) get ids unique to their organization;
        # users keep one id per email on the whole platform.
        self.scope = scope
        self._counts = {}

    def reset(self):
        self._counts = {}

    def fixed(self, *parts):
        """The one id for these parts (for things that exist once, such as a user per email)."""
        return str(uuid.uuid5(ID_NAMESPACE, '\x1f'.join((self.platform,) + tuple(str(part) for part in parts))))

    def next(self, *parts):
        """A new id for these parts (for things that can exist many times, such as invites)."""
        count = self._counts.get(parts, 0)
        self._counts[parts] = count + 1
        return self.fixed(*((self.scope,) if self.scope else ()) + parts + (count,))


class ApiError(Exception):
    """A vendor error answer. The emulator that raised it renders it in its vendor's shape."""

    def __init__(self, status, message, code=None, headers=None, parameter=None, reasons=None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.code = code
        self.headers = headers or []
        self.parameter = parameter
        self.reasons = reasons or []


class SeedError(ValueError):
    """Admin input (seeded members, invites, credentials) the platform cannot take."""


SEED_KEYS = {'members': ('email', 'name', 'role', 'enabled', 'teams'),
             'invites': ('email', 'role', 'status', 'expires_at', 'teams')}
# Values of a key that mean nothing where the platform lacks the feature (teams, disabled users, expiry).
NEUTRAL = {'enabled': (True, None), 'teams': ([], None), 'expires_at': (None,)}


def seed_entries(entries, what, unsupported=()):
    """Check admin seed input: a list of objects with an email and the keys of ``what``.

    The same entry can be sent to every platform: a key the platform has no use for
    (``unsupported``) is accepted only with a value that asks for nothing.
    """
    if not isinstance(entries, list):
        raise SeedError('%s must be a JSON list' % what)
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict):
            raise SeedError('%s[%d] must be an object' % (what, index))
        unknown = sorted(set(entry) - set(SEED_KEYS[what]))
        if unknown:
            raise SeedError('%s[%d] has unknown keys %s; known: %s' % (what, index, ', '.join(unknown), ', '.join(SEED_KEYS[what])))
        if not isinstance(entry.get('email'), str) or '@' not in entry['email']:
            raise SeedError('%s[%d] needs an email' % (what, index))
        for key in unsupported:
            if entry.get(key) not in NEUTRAL[key]:
                raise SeedError('%s[%d]: %s is not supported on this platform' % (what, index, key))
    return entries


def seed_status(entry):
    """(stored status, expiry or None) of a seeded invite; 'expired' is stored as pending, past its expiry."""
    status = entry.get('status', 'pending')
    if status not in ('pending', 'expired', 'accepted', 'cancelled'):
        raise SeedError('status must be pending, expired, accepted or cancelled')
    expires_at = None
    if entry.get('expires_at'):
        try:
            expires_at = parse_time(entry['expires_at'])
        except ValueError:
            raise SeedError('expires_at must be an ISO 8601 time')
    if status == 'expired':
        return 'pending', expires_at or utcnow() - datetime.timedelta(days=1)
    return status, expires_at


def seed_credentials(values, allowed):
    """Check new credentials: an object of strings with only the allowed keys."""
    if not isinstance(values, dict) or set(values) - set(allowed):
        raise SeedError('credentials may only hold %s' % ', '.join(allowed))
    if not all(isinstance(value, str) and value for value in values.values()):
        raise SeedError('credentials must be non-empty strings')
    return values


class Request:
    """One HTTP request, with the body already read."""

    def __init__(self, method, target, headers, body, base_url):
        parts = urlsplit(target)
        self.method = method
        self.path = parts.path
        self.query_string = parts.query
        self.query = parse_qsl(parts.query, keep_blank_values=True)
        self.headers = headers
        self.body = body
        self.base_url = base_url
        # Facts one step leaves for a later one, such as the Snyk version that was served.
        self.context = {}

    def header(self, name):
        return self.headers.get(name, '') or ''

    @property
    def content_type(self):
        """The media type without parameters, lower case ('' when absent)."""
        return self.header('Content-Type').split(';', 1)[0].strip().lower()

    def arg(self, name):
        """The first value of a query parameter, or None."""
        for key, value in self.query:
            if key == name:
                return value
        return None

    def args(self, name):
        return [value for key, value in self.query if key == name]

    def segments(self, prefix):
        """The decoded path segments below prefix."""
        rest = self.path[len(prefix):].strip('/')
        return [unquote(segment) for segment in rest.split('/')] if rest else []

    def json(self):
        """The body as JSON. Raises ApiError(400) when it is missing or malformed."""
        if not self.body:
            raise ApiError(400, 'The request body is missing', code='invalid_request')
        try:
            return json.loads(self.body.decode('utf-8'))
        except (UnicodeDecodeError, ValueError):
            raise ApiError(400, 'The request body is not valid JSON', code='invalid_request')

    def form(self):
        """The body as an application/x-www-form-urlencoded form (last value wins)."""
        try:
            return dict(parse_qsl(self.body.decode('utf-8'), keep_blank_values=True))
        except UnicodeDecodeError:
            raise ApiError(400, 'The form is not UTF-8', code='invalid_request')


class Response:
    """One HTTP answer. The server adds Content-Length, Date and Server."""

    def __init__(self, status, body=b'', headers=None):
        self.status = status
        self.body = body
        self.headers = list(headers or [])


def json_response(status, payload, content_type='application/json', headers=None):
    body = json.dumps(payload, separators=(',', ':')).encode('utf-8')
    return Response(status, body, [('Content-Type', content_type)] + list(headers or []))


class Route:
    """One operation: method, path template (``{name}`` matches one segment), handler, log kind.

    ``auth`` says whether the operation needs the platform's credentials; ``spec`` names the
    vendor document the request is validated against (None where there is none).
    """

    def __init__(self, method, template, handler, kind='read', auth=True, spec=None, name=''):
        self.method = method
        self.template = template
        self.handler = handler
        self.kind = kind
        self.auth = auth
        self.spec = spec
        self.name = name
        self._parts = template.strip('/').split('/')

    def match(self, segments):
        """The path parameters when the decoded segments fit the template, else None."""
        if len(segments) != len(self._parts):
            return None
        params = {}
        for part, segment in zip(self._parts, segments):
            if part.startswith('{') and part.endswith('}'):
                if not segment:
                    return None
                params[part[1:-1]] = segment
            elif part != segment:
                return None
        return params


def resolve(routes, method, segments):
    """(route, params, methods the path allows) for decoded path segments; route None when none fits."""
    allowed = []
    for route in routes:
        params = route.match(segments)
        if params is None:
            continue
        if route.method == method:
            return route, params, allowed
        allowed.append(route.method)
    return None, None, allowed


class Emulator:
    """Base of the platform emulations. Subclasses set ``name`` and ``prefix`` and fill the hooks."""

    name = ''
    prefix = ''

    # Keys an organization created through the admin API may have on every platform; subclasses add theirs.
    ORG_KEYS = ('id', 'name', 'members', 'invites')

    def __init__(self, store, validator, home=None, org=None):
        """The platform's default organization (home None), or another one (home: the default's emulator).

        The default organization's emulator is the platform: the server sends it every request, and it
        hands a request on to the organization it addresses (``org_for``). ``org`` is the checked
        admin input of a created organization (``org_spec``)."""
        self.store = store
        self.validator = validator
        self.home = home or self
        self.org_input = org
        self.ids = IdMaker(self.name, scope=org['id'] if org else None)
        self.routes = self.build_routes()
        if home is None:
            for route in self.routes:
                if route.spec:
                    validator.register(route.spec, self.prefix + route.template)
        self.reset()

    # -- hooks for the subclasses -------------------------------------------------------------

    def build_routes(self):
        raise NotImplementedError

    def reset_org(self):
        """Put this organization back to its seed (the default one, or the admin input it was made from)."""
        raise NotImplementedError

    def org_for(self, request, params):
        """The emulator of the organization a request addresses (the platform's own by default)."""
        return self

    def principal(self, request):
        """The credential a request is made with (for the per-token rate limit), or None."""
        return None

    def org_spec(self, spec, where):
        """Check one organization of admin input (``where`` names it in errors); returns it with its derived values filled in."""
        raise NotImplementedError

    def org_summary(self):
        """The organization as the admin API lists it: id, name, what a client needs to reach it."""
        return {'id': self.org['id'], 'name': self.org['name']}

    def error(self, request, status, message, code=None, **details):
        """An error answer in the vendor's shape."""
        raise NotImplementedError

    def authenticate(self, request):
        """Raise ApiError(401) unless the request carries valid credentials."""
        raise NotImplementedError

    def check(self, request, route):
        """Raise ApiError(400) when the request breaks the vendor's rules (document, headers, version)."""
        raise NotImplementedError

    def finish(self, request, response):
        """Add the headers the vendor puts on every answer."""
        return response

    def snapshot(self):
        """The platform's whole state as JSON-ready data, secrets included."""
        raise NotImplementedError

    def set_credentials(self, values):
        raise NotImplementedError

    def seed_members(self, people):
        raise NotImplementedError

    def seed_invites(self, invites):
        raise NotImplementedError

    def accept(self, email):
        raise NotImplementedError

    # -- the shared request pipeline ----------------------------------------------------------

    def resolve(self, request):
        """(route, params, allowed methods) for the request; route is None when nothing fits."""
        return resolve(self.routes, request.method, request.segments(self.prefix))

    def reset(self):
        """Put the platform back to its seed: the default organization only (created ones are dropped)."""
        self.reset_org()
        if self.home is self:
            self.orgs = {self.org['id']: self}

    def organization(self, org_id):
        """The emulator of one organization of the platform (admin API); SeedError when unknown."""
        emulator = self.home.orgs.get(org_id)
        if emulator is None:
            raise SeedError('unknown %s organization %r; organizations: %s' % (self.name, org_id, ', '.join(self.home.orgs)))
        return emulator

    def add_orgs(self, entries):
        """Create organizations from admin input (all checked before any is made); returns their summaries."""
        if isinstance(entries, dict):
            entries = [entries]
        if not isinstance(entries, list) or not entries:
            raise SeedError('orgs must be a JSON list of organizations (or one organization object)')
        ids = set(self.home.orgs)
        names = set(emulator.org['name'].casefold() for emulator in self.home.orgs.values())
        created = []
        for index, entry in enumerate(entries):
            where = 'orgs[%d]' % index
            if not isinstance(entry, dict):
                raise SeedError('%s must be an object' % where)
            unknown = sorted(set(entry) - set(self.ORG_KEYS))
            if unknown:
                raise SeedError('%s has unknown keys %s; known: %s' % (where, ', '.join(unknown), ', '.join(self.ORG_KEYS)))
            if not isinstance(entry.get('name'), str) or not entry['name'].strip():
                raise SeedError('%s needs a name' % where)
            spec = dict(entry, name=entry['name'].strip())
            spec['id'] = str(entry.get('id') or self.ids.fixed('org', spec['name'].casefold()))
            if spec['id'] in ids or spec['name'].casefold() in names:
                raise SeedError('%s: an organization with id %s or name %r exists already' % (where, spec['id'], spec['name']))
            ids.add(spec['id'])
            names.add(spec['name'].casefold())
            emulator = type(self)(self.store, self.validator, home=self, org=self.org_spec(spec, where))
            # Seeded before the organization is added, so that bad input adds no organization at all.
            emulator.seed_members(spec.get('members') or [])
            emulator.seed_invites(spec.get('invites') or [])
            created.append(emulator)
        for emulator in created:
            self.orgs[emulator.org['id']] = emulator
        return [emulator.org_summary() for emulator in created]

    def handle(self, request, route, params, allowed):
        """Answer a request that passed the rate limit and drew no injected fault."""
        if self.home is self:
            with self.store.lock:
                target = self.org_for(request, params or {})
            if target is not self:
                route, params, allowed = target.resolve(request)
                return target.handle(request, route, params, allowed)
        request.context['route'] = route
        request.context['org'] = self.org['id']
        try:
            if route is None:
                if allowed:
                    raise ApiError(405, 'Method %s is not allowed here' % request.method, code='method_not_allowed',
                                   headers=[('Allow', ', '.join(sorted(set(allowed))))])
                raise ApiError(404, 'No such resource: %s' % request.path, code='not_found')
            if route.auth:
                with self.store.lock:
                    self.authenticate(request)
            # Checking against the document is CPU work: keep it outside the state lock.
            self.check(request, route)
            with self.store.lock:
                response = route.handler(request, **params)
        except ApiError as exc:
            response = self.error(request, exc.status, exc.message, code=exc.code, parameter=exc.parameter,
                                  reasons=exc.reasons)
            response.headers.extend(exc.headers)
        return self.finish(request, response)

    def injected(self, request, status, retry_after):
        """The answer for an injected 429/500/502/503 fault; the request is not acted on."""
        if status == 502:
            # A gateway answers this one, not the vendor's service: HTML, as load balancers send.
            body = b'<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>'
            return self.finish(request, Response(502, body, [('Content-Type', 'text/html')]))
        messages = {429: 'Too many requests', 500: 'Internal server error', 503: 'Service unavailable'}
        response = self.error(request, status, messages[status], code='server_error' if status >= 500 else 'too_many_requests')
        if status == 429:
            response.headers.extend([('Retry-After', str(retry_after)), ('X-RateLimit-Reset', str(retry_after))])
        return self.finish(request, response)

    def rate_limited(self, request, retry_after):
        response = self.error(request, 429, 'Rate limit exceeded, retry in %d seconds' % retry_after, code='too_many_requests')
        response.headers.extend([('Retry-After', str(retry_after)), ('X-RateLimit-Reset', str(retry_after))])
        return self.finish(request, response)

    # -- helpers for the subclasses -----------------------------------------------------------

    def bearer_token(self, request):
        """Check ``Authorization: Bearer <token>`` against the tokens this platform issued."""
        scheme, _sep, token = request.header('Authorization').strip().partition(' ')
        if scheme.lower() != 'bearer' or not token.strip():
            raise ApiError(401, 'No bearer token found in the Authorization header', code='invalid_request')
        status = self.store.token_status(self.name, token.strip())
        if status == 'expired':
            raise ApiError(401, 'The access token has expired', code='invalid_token')
        if status != 'valid':
            raise ApiError(401, 'The access token is not valid', code='invalid_token')

    def config(self, key):
        return self.store.config[key]
