# Copyright: (c) 2026, orgaccess maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Cisco XDR (IROH): OAuth2 client credentials, whoami, the Invite API and the User API.

There is no public document for the Invite and User APIs, so the paths and shapes follow the
table in docs/architecture.md (most of it inferred). Nothing is validated against a document;
the handlers check bodies themselves, strictly: unknown keys are refused.

Each organization has its own API client (client id and secret); a token is bound to the
organization of the client it was issued to, and whoami answers that organization.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import uuid

from .config import UNKNOWN_INVITE_STATUS
from .state import principal_label
from .emulation import (ApiError, Emulator, Response, Route, SeedError, email_key, iso, json_response, parse_time,
                        seed_credentials, seed_entries, seed_status, utcnow)

OWNER_ID = 'idb-amp:00000000-0000-4000-8000-000000000001'
ROLE_TITLES = {'admin': 'Administrator', 'user': 'User'}
INVITE_LIFETIME = datetime.timedelta(days=7)
BATCH_LIMIT = 100
DEFAULT_SEARCH_LIMIT = 20
SCOPES = 'invite users profile'
ORG_RATE_LIMIT = '8000'  # per org per hour, sent on every answer [V docs rate-limits]

# IROH's User schema [V]: the enabled flag is `enabled?`, and the schema is closed (additionalProperties false).
ENABLED = 'enabled?'
CHANGEABLE_USER_KEYS = ('role', ENABLED)

ERROR_CODES = {400: 'invalid_request', 401: 'invalid_token', 403: 'forbidden', 404: 'not_found',
               405: 'method_not_allowed', 429: 'too_many_requests'}


class CiscoXdr(Emulator):
    name = 'cisco_xdr'
    prefix = '/cisco_xdr'

    def build_routes(self):
        return [
            Route('POST', '/iroh/oauth2/token', self.token, kind='auth', auth=False),
            Route('GET', '/iroh/profile/whoami', self.whoami),
            Route('GET', '/iroh/invite/available-roles', self.available_roles),
            Route('POST', '/iroh/invite/invites', self.create_invite, kind='write'),
            Route('DELETE', '/iroh/invite/invites/{invite_id}', self.delete_invite, kind='write'),
            Route('POST', '/iroh/invite/invites/{invite_id}/renew', self.renew_invite, kind='write'),
            Route('POST', '/iroh/invite/batch/invites', self.batch_invites, kind='write'),
            # Searches are POSTs that only read (read-only credentials may call them).
            Route('POST', '/iroh/invite/search/invites', self.search_invites),
            Route('GET', '/iroh/user-mgmt/users/{user_id}', self.get_user),
            Route('POST', '/iroh/user-mgmt/users/{user_id}', self.change_user, kind='write'),
            Route('GET', '/iroh/user-mgmt/batch/users', self.users_by_ids),
            Route('POST', '/iroh/user-mgmt/search/users', self.search_users),
        ]

    ORG_KEYS = Emulator.ORG_KEYS + ('client_id', 'client_secret')

    def reset_org(self):
        self.ids.reset()
        spec = self.org_input or {'id': 'sandbox-org', 'name': 'Sandbox Org', 'client_id': 'sandbox-xdr-client',
                                  'client_secret': 'sandbox-xdr-secret'}
        self.credentials = {'client_id': spec['client_id'], 'client_secret': spec['client_secret']}
        self.org = {'id': spec['id'], 'name': spec['name']}
        self.roles = list(ROLE_TITLES)
        self.users = {}
        self.invites = []  # every invite ever made, in order; cancelled and accepted ones stay
        self._invites_by_email = {}  # email_key -> that email's invites, in order: lookups cost the same at any size
        self._put_user('owner@example.com', 'Sandbox Owner', 'admin', True, user_id=OWNER_ID)

    # -- vendor shapes ------------------------------------------------------------------------

    def error(self, request, status, message, code=None, **details):
        code = code or ERROR_CODES.get(status, 'server_error')
        return json_response(status, {'error': code, 'error_description': message, 'trace_id': str(uuid.uuid4())})

    def finish(self, request, response):
        response.headers.append(('X-Ratelimit-Org-Limit', ORG_RATE_LIMIT))
        return response

    def authenticate(self, request):
        self.bearer_token(request)
        if self.store.token_binding(_bearer(request))[0] != self.org['id']:
            raise ApiError(401, 'The access token belongs to another organization', code='invalid_token')

    # -- organizations ------------------------------------------------------------------------

    def org_for(self, request, params):
        if request.path == self.prefix + '/iroh/oauth2/token':
            client_id, _secret = _basic_credentials(request)
            return next((emulator for emulator in self.orgs.values() if emulator.credentials['client_id'] == client_id), self)
        return self.orgs.get(self.store.token_binding(_bearer(request))[0], self)

    def principal(self, request):
        if request.path == self.prefix + '/iroh/oauth2/token':
            client_id, _secret = _basic_credentials(request)
            return principal_label(self.name, client_id) if client_id else None
        return self.store.token_binding(_bearer(request))[1]

    def org_spec(self, spec, where):
        for key in ('client_id', 'client_secret'):
            if spec.get(key) is not None and (not isinstance(spec[key], str) or not spec[key]):
                raise SeedError('%s.%s must be a non-empty string' % (where, key))
        spec['client_id'] = spec.get('client_id') or 'sandbox-xdr-client-' + spec['id']
        spec['client_secret'] = spec.get('client_secret') or 'sandbox-xdr-secret-' + spec['id']
        if any(emulator.credentials['client_id'] == spec['client_id'] for emulator in self.orgs.values()):
            raise SeedError('%s.client_id %r is the client of another organization' % (where, spec['client_id']))
        return spec

    def org_summary(self):
        return {'id': self.org['id'], 'name': self.org['name'], 'credentials': dict(self.credentials)}

    def check(self, request, route):
        """No vendor document: bodies of JSON operations must at least be sent as JSON."""
        if request.method == 'POST' and route.kind != 'auth' and not route.template.endswith('/renew'):
            if request.content_type != 'application/json':
                raise ApiError(400, 'Content-Type must be application/json')

    def _view(self, invite):
        view = dict(invite)
        if view['status'] == 'pending' and parse_time(view['expires-at']) <= utcnow():
            view['status'] = 'expired'
        return view

    def _wire_view(self, invite):
        """An invite as the vendor API shows it, with the wrong guesses the switches ask for."""
        view = self._view(invite)
        guess = self.config('invite_status')
        if guess == 'missing':
            del view['status']
        elif guess == 'unknown':
            view['status'] = UNKNOWN_INVITE_STATUS
        if self.config('items_without_id'):
            del view['invite-id']
        return view

    # -- auth and identity --------------------------------------------------------------------

    def token(self, request):
        client_id, secret = _basic_credentials(request)
        if client_id != self.credentials['client_id'] or secret != self.credentials['client_secret']:
            raise ApiError(401, 'Client authentication failed', code='invalid_client',
                           headers=[('WWW-Authenticate', 'Basic realm="iroh"')])
        if request.content_type != 'application/x-www-form-urlencoded':
            raise ApiError(400, 'The token request must be a form (application/x-www-form-urlencoded)')
        grant_type = request.form().get('grant_type')
        if grant_type != 'client_credentials':
            raise ApiError(400, 'Unsupported grant_type %r' % grant_type, code='unsupported_grant_type')
        token, ttl = self.store.issue_token(self.name)
        self.store.bind_token(token, org=self.org['id'], principal=principal_label(self.name, client_id))
        return json_response(200, {'access_token': token, 'token_type': 'bearer', 'expires_in': ttl, 'scope': SCOPES})

    def whoami(self, request):
        owner = self.users[OWNER_ID]
        user = dict((key, owner[key]) for key in ('user-id', 'user-email', 'user-name', 'role'))
        user[self._enabled_key()] = owner[ENABLED]
        return json_response(200, {'user': user, 'org': dict(self.org)})

    def available_roles(self, request):
        if self.config('cisco_roles_shape') == 'objects':
            return json_response(200, [{'id': role, 'name': ROLE_TITLES.get(role, role)} for role in self.roles])
        return json_response(200, list(self.roles))

    # -- invites ------------------------------------------------------------------------------

    def create_invite(self, request):
        email, role = self._invite_item(_json_object(request), 'the invite')
        self._refuse_member(email)
        if self.config('duplicate_invite') == 'reject' and self._live_invite(email):
            raise ApiError(400, 'A pending invite for %s already exists' % email)
        return json_response(201, self._wire_view(self._new_invite(email, role)))

    def delete_invite(self, request, invite_id):
        invite = self._open_invite_by_id(invite_id)
        invite['status'] = 'cancelled'
        return Response(204)

    def renew_invite(self, request, invite_id):
        invite = self._open_invite_by_id(invite_id)
        invite['expires-at'] = iso(utcnow() + INVITE_LIFETIME)
        return json_response(200, self._wire_view(invite))

    def batch_invites(self, request):
        items = request.json()
        if not isinstance(items, list):
            raise ApiError(400, 'The body must be a JSON array of {"email", "role"} objects')
        if len(items) > BATCH_LIMIT:
            raise ApiError(400, 'At most %d invites per batch, got %d' % (BATCH_LIMIT, len(items)))
        # Check every item before acting on any, so that a refused batch changes nothing.
        parsed = [self._invite_item(item, 'item %d' % index) for index, item in enumerate(items)]
        for email, _role in parsed:
            self._refuse_member(email)
        results = []
        for email, role in parsed:
            invite = self._open_invite(email)
            if invite is None:
                invite = self._new_invite(email, role)
            else:
                invite['expires-at'] = iso(utcnow() + INVITE_LIFETIME)
                if self.config('cisco_batch_changes_role'):
                    invite['role'] = role
            results.append(self._wire_view(invite))
        return json_response(200, results)

    def search_invites(self, request):
        _json_object(request)  # the InviteFilterMap: must be an object; its fields are unknown, so ignored
        invites = self.invites
        if not self.config('list_includes_inactive'):
            invites = [invite for invite in invites if self._view(invite)['status'] == 'pending']
        return self._page(request, invites, self._wire_view)

    # -- users --------------------------------------------------------------------------------

    def get_user(self, request, user_id):
        return json_response(200, self._user_view(self._user(user_id)))

    def change_user(self, request, user_id):
        user = self._user(user_id)
        body = _json_object(request)
        flag = self._enabled_key()
        unknown = sorted(set(body) - {'role', flag})
        if unknown:
            # IROH refuses a body key its closed schema does not know, naming it [V S18].
            return json_response(400, {'errors': dict((key, 'disallowed-key') for key in unknown)})
        if not body:
            raise ApiError(400, 'Nothing to change: give role and/or %s' % flag)
        if 'role' in body and body['role'] not in self.roles:
            raise ApiError(400, 'Unknown role %r; assignable roles: %s' % (body['role'], ', '.join(self.roles)))
        if flag in body and not isinstance(body[flag], bool):
            raise ApiError(400, '%s must be true or false' % flag)
        if 'role' in body:
            user['role'] = body['role']
        if flag in body:
            user[ENABLED] = body[flag]
        return json_response(200, self._user_view(user))

    def users_by_ids(self, request):
        wanted = []
        for user_id in request.args('id'):
            if user_id in self.users and user_id not in wanted:
                wanted.append(user_id)
        return json_response(200, [self._user_view(self.users[user_id]) for user_id in wanted])

    def search_users(self, request):
        _json_object(request)  # the UserFilterMap: fields unknown, ignored
        return self._page(request, list(self.users.values()), self._user_view)

    def _enabled_key(self):
        """The enabled flag's key on the wire: IROH's `enabled?`, or `enabled` (the old guess) by the switch."""
        return self.config('cisco_user_enabled_key')

    def _user_view(self, user):
        view = dict(user)
        view[self._enabled_key()] = view.pop(ENABLED)
        if self.config('items_without_id'):
            del view['user-id']
        return view

    # -- helpers ------------------------------------------------------------------------------

    def _page(self, request, items, render):
        """offset/limit paging; limit is silently capped, as the adapter must tolerate. Only the page's items
        are rendered, so that a page costs the same however many items there are.

        The answer takes one of IROH's two search shapes (``cisco_search_shape``): ``{"data": [...],
        "paging": {"total-hits", "previous", "next"}}`` (the search result of S19) or a bare array with the
        total in ``X-Total-Hits`` (CTIA's convention, S22/S23)."""
        offset = _count_arg(request, 'offset', 0, minimum=0)
        if self.config('ignore_paging'):
            offset = 0
        limit = min(_count_arg(request, 'limit', DEFAULT_SEARCH_LIMIT, minimum=1), self.config('cisco_search_limit_cap'))
        page = [render(item) for item in items[offset:offset + limit]]
        if self.config('cisco_search_shape') == 'array':
            return json_response(200, page, headers=[('X-Total-Hits', str(len(items)))])
        paging = {'total-hits': len(items)}
        if offset > 0:
            paging['previous'] = {'limit': limit, 'offset': max(0, offset - limit)}
        if offset + limit < len(items):
            paging['next'] = {'limit': limit, 'offset': offset + limit}
        return json_response(200, {'data': page, 'paging': paging})

    def _invite_item(self, item, what):
        if not isinstance(item, dict):
            raise ApiError(400, '%s must be an object with email and role' % what)
        unknown = sorted(set(item) - {'email', 'role'})
        if unknown:
            raise ApiError(400, '%s has unknown keys: %s' % (what, ', '.join(unknown)))
        email = item.get('email')
        if not isinstance(email, str) or '@' not in email:
            raise ApiError(400, '%s needs a valid email' % what)
        if item.get('role') not in self.roles:
            raise ApiError(400, '%s has an unknown role %r; assignable roles: %s' % (what, item.get('role'), ', '.join(self.roles)))
        return email.strip(), item['role']

    def _refuse_member(self, email):
        if self.config('invite_existing_member') == 'reject' and self._user_by_email(email):
            raise ApiError(400, '%s is already a user of this organization' % email)

    def _new_invite(self, email, role, status='pending', expires_at=None):
        now = utcnow()
        invite = {'invite-id': self.ids.next('invite', email_key(email)), 'email': email, 'role': role, 'status': status,
                  'created-at': iso(now), 'expires-at': iso(expires_at or now + INVITE_LIFETIME)}
        self.invites.append(invite)
        self._invites_by_email.setdefault(email_key(email), []).append(invite)
        return invite

    def _open_invite(self, email):
        """The newest invite for email that can still be renewed or accepted (expired or not)."""
        for invite in reversed(self._invites_by_email.get(email_key(email), [])):
            if invite['status'] == 'pending':
                return invite
        return None

    def _live_invite(self, email):
        invite = self._open_invite(email)
        return invite if invite and self._view(invite)['status'] == 'pending' else None

    def _open_invite_by_id(self, invite_id):
        for invite in self.invites:
            if invite['invite-id'] == invite_id and invite['status'] == 'pending':
                return invite
        raise ApiError(404, 'No pending invite %s' % invite_id)

    def _user(self, user_id):
        if user_id not in self.users:
            raise ApiError(404, 'No user %s in this organization' % user_id)
        return self.users[user_id]

    def _user_by_email(self, email):
        for user in self.users.values():
            if email_key(user['user-email']) == email_key(email):
                return user
        return None

    def _put_user(self, email, name, role, enabled, user_id=None):
        user = self._user_by_email(email)
        if user is None:
            user_id = user_id or 'idb-amp:' + self.ids.fixed('user', email_key(email))
            user = self.users[user_id] = {'user-id': user_id, 'user-email': email, 'user-name': name or email.split('@')[0],
                                          'role': role, ENABLED: enabled, 'org-id': self.org['id']}
        else:
            user.update({'role': role, ENABLED: enabled})
            if name:
                user['user-name'] = name
        return user

    # -- admin --------------------------------------------------------------------------------

    def snapshot(self):
        snapshot = {'credentials': dict(self.credentials), 'org': dict(self.org), 'roles': list(self.roles),
                    'users': [dict(user) for user in self.users.values()],
                    'invites': [self._view(invite) for invite in self.invites],
                    'tokens_issued': self.store.token_count(self.name)}
        if self.home is self:
            snapshot['orgs'] = [emulator.org_summary() for emulator in self.orgs.values()]
        return snapshot

    def set_credentials(self, values):
        self.credentials.update(seed_credentials(values, ('client_id', 'client_secret')))

    def seed_members(self, people):
        seeded = []
        for person in seed_entries(people, 'members', unsupported=('teams',)):
            role = person.get('role', 'user')
            if role not in self.roles:
                raise SeedError('unknown role %r; roles: %s' % (role, ', '.join(self.roles)))
            seeded.append(dict(self._put_user(person['email'], person.get('name'), role, bool(person.get('enabled', True)))))
        return seeded

    def seed_invites(self, invites):
        seeded = []
        for entry in seed_entries(invites, 'invites', unsupported=('teams',)):
            role = entry.get('role', 'user')
            if role not in self.roles:
                raise SeedError('unknown role %r; roles: %s' % (role, ', '.join(self.roles)))
            status, expires_at = seed_status(entry)
            seeded.append(self._view(self._new_invite(entry['email'], role, status, expires_at)))
        return seeded

    def accept(self, email):
        invite = self._live_invite(email)
        if invite is None:
            return None
        invite['status'] = 'accepted'
        return dict(self._put_user(invite['email'], None, invite['role'], True))


def _json_object(request):
    body = request.json()
    if not isinstance(body, dict):
        raise ApiError(400, 'The body must be a JSON object')
    return body


def _count_arg(request, name, default, minimum):
    value = request.arg(name)
    if value is None or value == '':
        return default
    try:
        number = int(value)
    except ValueError:
        raise ApiError(400, '%s must be a whole number' % name)
    if number < minimum:
        raise ApiError(400, '%s must be at least %d' % (name, minimum))
    return number


def _bearer(request):
    """The token of ``Authorization: Bearer <token>`` ('' when there is none)."""
    scheme, _sep, token = request.header('Authorization').strip().partition(' ')
    return token.strip() if scheme.lower() == 'bearer' else ''


def _basic_credentials(request):
    """(client_id, secret) from HTTP Basic auth, or (None, None)."""
    scheme, _sep, encoded = request.header('Authorization').strip().partition(' ')
    if scheme.lower() != 'basic':
        return None, None
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode('utf-8')
    except (binascii.Error, UnicodeDecodeError):
        return None, None
    client_id, sep, secret = decoded.partition(':')
    return (client_id, secret) if sep else (None, None)
