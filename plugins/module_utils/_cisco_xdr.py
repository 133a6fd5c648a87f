# -*- coding: utf-8 -*-
# Copyright (c) 2026, orgaccess.onboarding contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Cisco XDR (IROH) adapter: OAuth2 client credentials, the Invite API and the User API.

Private module. The wire protocol is in docs/architecture.md ("Cisco XDR (IROH)") and its sources
in docs/platforms.md. Cisco publishes no document for the Invite and User APIs that we could read,
so most of what follows is inferred. Every path, query parameter, body key, response key and size
this adapter uses is in the tables right below, each marked:

    [V] verified (the source is named in shared/reference/cisco_xdr.md, S1..S24)
    [I] inferred (a reasoned guess; correct it here, in one line, when Cisco says otherwise)
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import datetime
from urllib.parse import quote

from ansible_collections.orgaccess.onboarding.plugins.module_utils._adapter import (
    ACCEPTED,
    CANCELLED,
    CAP_DISABLE_USERS,
    CAP_RENEW,
    EXPIRED,
    PENDING,
    PlatformAdapter,
    email_key,
    invite_record,
    member_record,
    org_record,
    require,
    require_id,
    require_status,
    role_record,
    run_bounded,
    wire_value,
)
from ansible_collections.orgaccess.onboarding.plugins.module_utils._errors import ApiError, OutcomeUnknown
from ansible_collections.orgaccess.onboarding.plugins.module_utils._http import TokenAuthenticator, vendor_message
from ansible_collections.orgaccess.onboarding.plugins.module_utils._paging import PageReader, count

# ------------------------------------------------------------------------------------------------
# The wire table. A correction from Cisco is a one-line change here (and in the sandbox).
# ------------------------------------------------------------------------------------------------

REGIONS = {
    'us': 'https://visibility.amp.cisco.com',                 # [V] S5, S10 urls.py, S12, S15
    'eu': 'https://visibility.eu.amp.cisco.com',              # [V] S5, S10 urls.py, S12, S15
    'apjc': 'https://visibility.apjc.amp.cisco.com',          # [V] S5, S10 urls.py, S12, S15
}

PATHS = {
    'token': '/iroh/oauth2/token',                            # [V] S4, S10, specs/cisco_xdr/oauth-authorization-server.json
    'whoami': '/iroh/profile/whoami',                         # [V] S8, S10 api/profile.py
    'roles': '/iroh/invite/available-roles',                  # [V] S1 sample code
    'invite': '/iroh/invite/invites/{invite_id}',             # [I] DELETE: by analogy with /iroh/user-mgmt/users/{user-id}
    'batch_invites': '/iroh/invite/batch/invites',            # [I] POST send-or-renew: by analogy with /iroh/user-mgmt/batch/users
    'search_invites': '/iroh/invite/search/invites',          # [I] POST: by analogy with /iroh/user-mgmt/search/users
    'user': '/iroh/user-mgmt/users/{user_id}',                # [V] S10 api/user_mgmt.py (GET and POST)
    'batch_users': '/iroh/user-mgmt/batch/users',             # [V] S10 api/user_mgmt.py
    'search_users': '/iroh/user-mgmt/search/users',           # [V] S10 api/user_mgmt.py
}

QUERY = {
    'offset': 'offset',                                       # [V] users search (S10); [I] invites search
    'limit': 'limit',                                         # [V] users search (S10); [I] invites search
    'id': 'id',                                               # [V] users by ids, repeated once per id (S10)
}

HEADERS = {
    'total_hits': 'X-Total-Hits',                             # [V] CTIA's paging headers (S23), for a bare-array answer
}

TOKEN = {
    'form': {'grant_type': 'client_credentials'},             # [V] S4 (HTTP Basic client_id:client_password)
    'access_token': 'access_token',                           # [V] S4
    'expires_in': 'expires_in',                               # [V] S4 (600 s in every example)
}

BODY = {
    'invite_email': 'email',                                  # [I] batch item key
    'invite_role': 'role',                                    # [I] batch item key, a value from available-roles
    'user_role': 'role',                                      # [I] partial user body of POST /users/{user-id}
    'user_enabled': 'enabled?',                               # [V] IROH User schema (S19, S20; read live in S18); `enabled` is a disallowed-key
    'search_filter': {},                                      # [I] empty InviteFilterMap / UserFilterMap: match all
}

FIELDS = {
    'whoami_user': 'user',                                    # [V] S8 ({"user": ..., "org": ...})
    'whoami_org': 'org',                                      # [V] S8: the one organisation of the credentials
    'org_id': 'id',                                           # [V] S8 org.id
    'org_name': 'name',                                       # [V] S8 org.name
    'invite_id': 'invite-id',                                 # [I] the invitee endpoint's {invite-id} (iroh-auth.swagger.json)
    'invite_email': 'email',                                  # [I]
    'invite_role': 'role',                                    # [I]
    'invite_status': 'status',                                # [I] values in STATUSES, any case
    'invite_expires_at': 'expires-at',                        # [I] ISO 8601; epoch seconds/milliseconds tolerated
    'invite_code': 'code',                                    # [I] the confirmation code (a secret, never kept)
    'user_id': 'user-id',                                     # [V] S18, S19 User schema; id format "idb-amp:..." S9
    'user_email': 'user-email',                               # [V] S2 sample
    'user_name': 'user-name',                                 # [V] S17
    'user_role': 'role',                                      # [V] S2 sample
    'user_enabled': 'enabled?',                               # [V] S19, S20 User schema (required boolean), S18 live
    'role_id': ('id', 'role'),                                # [I] available-roles objects: first key present
    'role_name': ('name', 'title'),                           # [I] available-roles objects: first key present, else the id
    'list_wrappers': ('data', 'items', 'results', 'roles', 'invites', 'users'),  # [I] if a list comes wrapped (roles, batch)
    'search_items': 'data',                                   # [V] IROH search result {"data", "paging"} (S19)
    'search_paging': 'paging',                                # [V] S19 SearchEventsResultPaging
    'search_total_hits': 'total-hits',                        # [V] S19 (required in paging)
}

# Invite statuses as the search answers them -> the collection's (compared case-insensitively). [I] every value:
# "Search pending invites" (S1) and "renew" imply pending and expired; the rest is a guess. Another value, or
# none, is refused naming the key, never taken for pending (which would invite the person again every run).
STATUSES = {
    'pending': PENDING,
    'expired': EXPIRED,
    'accepted': ACCEPTED,
    'cancelled': CANCELLED,
    'canceled': CANCELLED,
}

SIZES = {
    'batch': 100,                                             # [I] most items per batch request
    'page': 100,                                              # [I] limit asked per search page (the server may cap it)
    'ids': 100,                                               # [I] most ids per users-by-ids request
}

# Statuses from the token endpoint that mean the client credentials were refused.
BAD_CREDENTIALS_STATUSES = (400, 401)
# Statuses from available-roles that only mean the credentials cannot read roles (no invite scope).
ROLE_NAMES_UNAVAILABLE_STATUSES = (403, 404)


def _chunks(items, size):
    return [items[index:index + size] for index in range(0, len(items), size)]


def _first(obj, keys):
    for key in keys:
        if obj.get(key) not in (None, ''):
            return obj[key]
    return None


def _iso(value):
    """An expiry as ISO 8601: strings pass through, epoch seconds or milliseconds are converted."""
    if isinstance(value, bool) or value in (None, ''):
        return None
    if isinstance(value, (int, float)):
        seconds = value / 1000.0 if value > 1e11 else float(value)
        moment = datetime.datetime.fromtimestamp(seconds, tz=datetime.timezone.utc)
        return moment.isoformat().replace('+00:00', 'Z')
    return str(value)


def _role_value(value):
    """A role as the id string, whether the answer gives a string or a role object."""
    if isinstance(value, dict):
        value = _first(value, FIELDS['role_id'])
    return None if value in (None, '') else str(value)


def _flag(value):
    """A boolean flag as True/False, or None when absent or unreadable."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ('true', 'false'):
        return value.strip().lower() == 'true'
    return None


class CiscoXdrAdapter(PlatformAdapter):
    """Cisco XDR organisations through IROH: invites via the batch send-or-renew endpoint, users disabled, never deleted."""

    NAME = 'cisco_xdr'
    CAPABILITIES = frozenset((CAP_RENEW, CAP_DISABLE_USERS))
    CONNECTION = {
        'client_id': {'env': ['CISCO_XDR_CLIENT_ID'], 'required': True},
        'client_secret': {'env': ['CISCO_XDR_CLIENT_PASSWORD', 'CISCO_XDR_CLIENT_SECRET'], 'required': True, 'secret': True},
        'region': {'env': ['CISCO_XDR_REGION'], 'default': 'us', 'choices': list(REGIONS)},
        'api_url': {'env': ['CISCO_XDR_API_URL'], 'kind': 'url'},
    }
    # [V] the User schema's static role of an administrator is "admin" (cisco_xdr.md section 5.1, S18); records carry it as role_id.
    ADMIN_ROLES = ('admin',)
    # An API client belongs to one organisation, whose id the collection never reads.
    ORGANISATION_NAMED_BY = ('client_id', 'organisation of API client')
    # [V] 8,000 requests per rolling hour per organisation (rate-limits docs). An API client belongs to one
    # organisation, so the budget is kept per client; clients of one organisation do not see each other's.
    REQUEST_BUDGET = (8000, 3600)

    def __init__(self, client, connection, concurrency=4, clock=None):
        """``clock`` (seconds, like ``time.time``) is for tests of token expiry."""
        super(CiscoXdrAdapter, self).__init__(client, connection, concurrency)
        self.base_url = (connection.get('api_url') or REGIONS[connection.get('region') or 'us']).rstrip('/')
        self._client_id = connection.get('client_id')
        self._client_secret = connection.get('client_secret')
        client.add_secret(self._client_secret)
        if clock is None:
            client.authenticator = TokenAuthenticator(self._fetch_token)
        else:
            client.authenticator = TokenAuthenticator(self._fetch_token, clock=clock)
        self._role_names = None

    def budget_scope(self):
        return (self._client_id, self.base_url)

    # Plumbing

    def _url(self, name, **ids):
        """The URL of a PATHS entry, every id percent-encoded whole (``idb-amp:x`` -> ``idb-amp%3Ax``)."""
        return self.base_url + PATHS[name].format(**dict((key, quote(str(value), safe='')) for key, value in ids.items()))

    def _fetch_token(self):
        url = self._url('token')
        try:
            body = self.client.json('POST', url, data=dict(TOKEN['form']), auth=(self._client_id, self._client_secret),
                                    authenticate=False, idempotent=True, read=True)
        except ApiError as exc:
            if exc.status in BAD_CREDENTIALS_STATUSES:
                raise ApiError(self.NAME, 'POST', exc.path, exc.status, vendor_message=exc.vendor_message,
                               request_id=exc.request_id, reason='client_id/client_secret rejected')
            raise
        token = body.get(TOKEN['access_token']) if isinstance(body, dict) else None
        if not token:
            raise ApiError(self.NAME, 'POST', PATHS['token'], reason='the token answer has no %s' % TOKEN['access_token'])
        self.client.add_secret(token)
        lifetime = body.get(TOKEN['expires_in'])
        return token, lifetime if isinstance(lifetime, (int, float)) and not isinstance(lifetime, bool) else None

    def _items(self, body, method, name):
        """The list in an answer: a bare JSON array, or one wrapped in a known key; ``None`` is empty."""
        if body is None:
            return []
        if isinstance(body, list):
            return body
        if isinstance(body, dict):
            for key in FIELDS['list_wrappers']:
                if isinstance(body.get(key), list):
                    return body[key]
        raise ApiError(self.NAME, method, PATHS[name], reason='expected a JSON array, got %s' % type(body).__name__)

    def _search(self, name, id_key):
        """Every item of a search endpoint, under the paging contract (``_paging.PageReader``).

        Offset paging by what each page actually held (the server may cap ``limit`` below what was asked).
        IROH answers a search in one of two shapes ([V] S19, S22/S23; which one these searches use is
        unknown): a bare array with the total in ``X-Total-Hits``, or ``{"data": [...], "paging":
        {"total-hits": N}}``. With a total, the read stops when it is reached (no extra empty page) and must
        match it; without one, it stops at an empty page.
        """
        url = self._url(name)
        reader = PageReader(self.NAME, 'POST', PATHS[name], id_key, QUERY['offset'], SIZES['page'], what='an item')
        total = None
        offset = 0
        while True:
            params = {QUERY['offset']: offset, QUERY['limit']: SIZES['page']}
            response = self.client.request('POST', url, params=params, json=dict(BODY['search_filter']), idempotent=True, read=True)
            page, announced = self._search_page(self.client.decode(response, 'POST', url), response.headers, name)
            total = announced if announced is not None else total
            if not page:
                reader.check_total(total, self._total_name())
                return reader.items
            reader.take(page, 'the page at %s %d' % (QUERY['offset'], offset))
            offset += len(page)
            if total is not None and len(reader.items) >= total:
                reader.check_total(total, self._total_name())
                return reader.items

    @staticmethod
    def _total_name():
        return '%s (or %s.%s)' % (HEADERS['total_hits'], FIELDS['search_paging'], FIELDS['search_total_hits'])

    def _search_page(self, body, headers, name):
        """``(items, total or None)`` of one search answer, in either IROH shape; anything else is an ApiError."""
        header_total = count(headers.get(HEADERS['total_hits']))
        if body is None:
            return [], header_total
        if isinstance(body, list):
            return body, header_total
        if isinstance(body, dict) and isinstance(body.get(FIELDS['search_items']), list):
            paging = body.get(FIELDS['search_paging'])
            total = count(paging.get(FIELDS['search_total_hits'])) if isinstance(paging, dict) else None
            return body[FIELDS['search_items']], total if total is not None else header_total
        raise ApiError(self.NAME, 'POST', PATHS[name], reason='expected a JSON array or {"%s": [...], "%s": {...}}, got %s'
                       % (FIELDS['search_items'], FIELDS['search_paging'], type(body).__name__))

    def _names(self):
        """Role id -> display name, read once; empty when the credentials may not read roles."""
        if self._role_names is None:
            try:
                self._role_names = dict((role['id'], role['name']) for role in self.roles())
            except ApiError as exc:
                if exc.status not in ROLE_NAMES_UNAVAILABLE_STATUSES:
                    raise
                self._role_names = {}
        return self._role_names

    def _invite(self, obj, names, source, written=False):
        """An invite record from an invite object; ``source`` is the ``(method, path)`` that answered it. An answer
        to the batch we just sent (``written``) without a status is pending; a listed invite must say."""
        self.client.add_secret(obj.get(FIELDS['invite_code']))
        invite_id = require(obj, FIELDS['invite_id'], self.NAME, source[0], source[1], 'an invite')
        role_id = _role_value(obj.get(FIELDS['invite_role']))
        status = PENDING
        if not written or obj.get(FIELDS['invite_status']) not in (None, ''):
            status = require_status(obj, FIELDS['invite_status'], STATUSES, self.NAME, source[0], source[1], 'an invite')
        return invite_record(self.NAME, invite_id, obj.get(FIELDS['invite_email']),
                             names.get(role_id, role_id), role_id=role_id, status=status,
                             expires_at=_iso(obj.get(FIELDS['invite_expires_at'])))

    def _member(self, obj, names, source):
        """A member record from a user object (IROH's ``User``: ``user-id`` and ``enabled?`` are required there)."""
        user_id = require(obj, FIELDS['user_id'], self.NAME, source[0], source[1], 'a user')
        enabled = _flag(require(obj, FIELDS['user_enabled'], self.NAME, source[0], source[1], 'a user'))
        if enabled is None:
            raise ApiError(self.NAME, source[0], source[1], reason='a user whose %s is %r, not true or false: check the wire key %r'
                           % (FIELDS['user_enabled'], obj.get(FIELDS['user_enabled']), FIELDS['user_enabled']))
        role_id = _role_value(obj.get(FIELDS['user_role']))
        return member_record(self.NAME, user_id, obj.get(FIELDS['user_email']),
                             names.get(role_id, role_id), name=obj.get(FIELDS['user_name']), role_id=role_id,
                             enabled=enabled)

    # Reads

    def whoami(self):
        body = self.client.json('GET', self._url('whoami'))
        user = body.get(FIELDS['whoami_user']) if isinstance(body, dict) else None
        user = user if isinstance(user, dict) else {}
        return {'id': user.get(FIELDS['user_id']), 'email': user.get(FIELDS['user_email'])}

    def list_orgs(self, org_ids=None):
        """The one organisation the API client belongs to (whoami's ``org``): Cisco XDR lists no organisations, and a
        client acts in its own only. With ``org_ids``, that organisation must be among them."""
        url = self._url('whoami')
        path = self.client.display_path(url)
        org = wire_value(self.client.json('GET', url), FIELDS['whoami_org'])
        record = org_record(require(org, FIELDS['org_id'], self.NAME, 'GET', path, "whoami's org"),
                            require(org, FIELDS['org_name'], self.NAME, 'GET', path, "whoami's org"))
        if org_ids and record['id'] not in org_ids:
            raise ApiError(self.NAME, 'GET', path, reason='the API client belongs to organisation %s (%s), not to %s'
                           % (record['id'], record['name'], ', '.join(org_ids)))
        return [record]

    def list_roles(self):
        roles = []
        for entry in self._items(self.client.json('GET', self._url('roles')), 'GET', 'roles'):
            if isinstance(entry, str) and entry.strip():
                roles.append(role_record(entry, entry))
            elif isinstance(entry, dict):
                role_id = _first(entry, FIELDS['role_id'])
                if role_id is not None:
                    roles.append(role_record(role_id, _first(entry, FIELDS['role_name']) or role_id))
        return roles

    def list_invites(self):
        raw = self._search('search_invites', FIELDS['invite_id'])
        names = self._names() if raw else {}
        return [self._invite(obj, names, ('POST', PATHS['search_invites'])) for obj in raw]

    def list_members(self):
        raw = self._search('search_users', FIELDS['user_id'])
        names = self._names() if raw else {}
        return [self._member(obj, names, ('POST', PATHS['search_users'])) for obj in raw]

    def members_by_ids(self, user_ids):
        """Member records for the given user ids (users by ids, chunked); unknown ids are simply absent."""
        raw = []
        for chunk in _chunks([str(user_id) for user_id in user_ids], SIZES['ids']):
            body = self.client.json('GET', self._url('batch_users'), params={QUERY['id']: chunk})
            raw.extend(self._items(body, 'GET', 'batch_users'))
        names = self._names() if raw else {}
        return [self._member(obj, names, ('GET', PATHS['batch_users'])) for obj in raw]

    # Writes

    def create_invites(self, items):
        """Send new invites through the batch send-or-renew endpoint, at most SIZES['batch'] per request."""
        entries = [{'key': item, 'email': item['email'], 'role_id': item['role']['id'], 'role': item['role']['name']}
                   for item in items]
        return self._send_batches(entries, idempotent=False)

    def renew_invites(self, invites):
        """Renew pending invites: the batch endpoint renews an email's pending invite, sent with its current role."""
        entries = [{'key': invite, 'email': invite['email'], 'role_id': invite['role_id'], 'role': invite['role']}
                   for invite in invites]
        return self._send_batches(entries, idempotent=True)

    def _send_batches(self, entries, idempotent):
        """``entries`` are ``{'key', 'email', 'role_id', 'role'}``; returns ``[(key, invite record or exception)]`` in order.

        Up to ``concurrency`` chunks are sent at once. A chunk that fails as a whole (ApiError, OutcomeUnknown)
        gives its exception to each of its items and the other chunks go on; the engine re-reads and retries
        only what is missing.
        """
        names = dict((entry['role_id'], entry['role']) for entry in entries)

        def send(chunk):
            body = [{BODY['invite_email']: entry['email'], BODY['invite_role']: entry['role_id']} for entry in chunk]
            try:
                answer = self._items(self.client.json('POST', self._url('batch_invites'), json=body, idempotent=idempotent),
                                     'POST', 'batch_invites')
            except ApiError as exc:
                return [(entry['key'], exc) for entry in chunk]
            return [(entry['key'], self._batch_result(obj, entry, names)) for entry, obj in zip(chunk, self._match(chunk, answer))]

        results = []
        for _chunk, answers in run_bounded(send, _chunks(entries, SIZES['batch']), self.concurrency):
            if isinstance(answers, Exception):
                raise answers
            results.extend(answers)
        return results

    def _match(self, chunk, answer):
        """The answer object of each chunk entry: by email (the answer may come in any order), else by position
        when the answer has exactly one object per entry and that object names no email; None when missing."""
        answer = [obj for obj in answer if isinstance(obj, dict)]
        by_email = {}
        for index, obj in enumerate(answer):
            by_email.setdefault(email_key(obj.get(FIELDS['invite_email'])), []).append(index)
        used = set()
        matched = []
        for position, entry in enumerate(chunk):
            candidates = [index for index in by_email.get(email_key(entry['email']), []) if index not in used]
            if not candidates and len(answer) == len(chunk) and not answer[position].get(FIELDS['invite_email']):
                candidates = [position]
            if candidates:
                used.add(candidates[0])
                matched.append(answer[candidates[0]])
            else:
                matched.append(None)
        return matched

    def _batch_result(self, obj, entry, names):
        path = PATHS['batch_invites']
        if obj is None:
            return OutcomeUnknown(self.NAME, 'POST', path, reason='the answer has no invite for %s' % entry['email'])
        self.client.add_secret(obj.get(FIELDS['invite_code']))
        if obj.get(FIELDS['invite_id']) in (None, ''):
            return ApiError(self.NAME, 'POST', path, reason='no invite for %s' % entry['email'],
                            vendor_message=self.client.excerpt(vendor_message(obj)))
        record = self._invite(obj, names, ('POST', path), written=True)
        if record['email'] is None:
            record['email'] = entry['email']
        if record['role_id'] is None:
            record['role_id'], record['role'] = entry['role_id'], entry['role']
        return record

    def cancel_invite(self, invite):
        invite_id = require_id(invite.get('id'), self.NAME, 'DELETE', PATHS['invite'], 'the invite for %s' % invite.get('email'))
        self.client.request('DELETE', self._url('invite', invite_id=invite_id), idempotent=True, ok_statuses=(404,))

    def update_member(self, member, role=None, enabled=None):
        """Change a user's role and/or enabled flag with a partial user body; returns the user afterwards."""
        body = {}
        if role is not None:
            body[BODY['user_role']] = role['id']
        if enabled is not None:
            body[BODY['user_enabled']] = bool(enabled)
        if not body:
            return member
        user_id = require_id(member.get('id'), self.NAME, 'POST', PATHS['user'], 'the user %s' % member.get('email'))
        url = self._url('user', user_id=user_id)
        answer = self.client.json('POST', url, json=body, idempotent=True)
        source = ('POST', PATHS['user'])
        if not isinstance(answer, dict) or answer.get(FIELDS['user_id']) in (None, ''):
            answer, source = self.client.json('GET', url), ('GET', PATHS['user'])
        names = self._names()
        if role is not None:
            names = dict(names, **{role['id']: role['name']})
        return self._member(answer if isinstance(answer, dict) else {}, names, source)

    def remove_member(self, member):
        raise NotImplementedError('Cisco XDR cannot delete users (%s): disable the user instead (update_member(enabled=False))'
                                  % (member.get('email') or member.get('id')))
