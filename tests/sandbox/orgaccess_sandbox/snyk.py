# Copyright: (c) 2026, orgaccess maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Snyk: REST (self, orgs of a group and of the token, org, org invites, org memberships) and v1 (group roles).

One token reaches every organization (a group-level credential); each organization has its own
invites and memberships, and all are in the sandbox's group unless created in another one.

Every REST request needs a valid ``version`` and, when it has a body, the JSON:API media type;
then it is validated against snyk-rest-openapi.json (v1 against snyk-v1-api-spec.yaml). A
request that breaks the document gets Snyk's 400: "Client request did not conform to OpenAPI
specification", with the particular problems in ``meta.reasons``.
"""

from __future__ import annotations

import base64
import binascii
import itertools
import json
import re
import uuid
from urllib.parse import urlencode

from .config import UNKNOWN_INVITE_STATUS
from .state import principal_label
from .emulation import (ApiError, Emulator, Response, Route, SeedError, email_key, iso, json_response, seed_credentials,
                        seed_entries, seed_status, utcnow)

ORG_ID = '11111111-1111-4111-8111-111111111111'
GROUP_ID = '22222222-2222-4222-8222-222222222222'
# Group roles: (name, description, publicId). Fixed ids, unlike the v1 document's examples,
# so that an adapter that hard-codes the examples fails here.
ROLES = (('Org Admin', 'Administrator of the organization', '44444444-4444-4444-8444-000000000001'),
         ('Org Collaborator', 'Collaborator', '44444444-4444-4444-8444-000000000002'),
         ('Org Auditor', 'Custom role: read-only access for audits', '44444444-4444-4444-8444-000000000003'))
# The group's role list also holds group-level roles [V docs pre-defined-roles]; they cannot be given in an organisation.
GROUP_LEVEL_ROLES = (('Group Admin', 'Administrator of the group', '44444444-4444-4444-8444-000000000011'),
                     ('Group Viewer', 'Read access to the group', '44444444-4444-4444-8444-000000000012'),
                     ('Group Member', 'Member of the group, no permission', '44444444-4444-4444-8444-000000000013'))
ROLES_CREATED = '2024-01-15T09:00:00.000Z'

JSONAPI = 'application/vnd.api+json'
JSONAPI_VERSION = {'version': '1.0'}
NOT_CONFORMING = 'Client request did not conform to OpenAPI specification'
# components.schemas.QueryVersion.pattern
VERSION_PATTERN = re.compile(r'^(wip|work-in-progress|experimental|beta|((([0-9]{4})-([0-1][0-9]))-((3[01])|(0[1-9])|([12][0-9]))'
                             r'(~(wip|work-in-progress|experimental|beta))?))$')
STABILITIES = ('wip', 'work-in-progress', 'experimental', 'beta')
TITLES = {400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed',
          409: 'Conflict', 429: 'Too Many Requests', 500: 'Internal Server Error', 503: 'Service Unavailable'}
SORT_FIELDS = {'username': 'username', 'user_display_name': 'name', 'email': 'email', 'login_method': 'login_method'}
SLUG = re.compile(r'^[\w.-]{1,100}$')  # the slug filter's pattern in the document
PAGE_LIMIT = {'default': 10, 'minimum': 10, 'maximum': 100, 'step': 10}


class Snyk(Emulator):
    name = 'snyk'
    prefix = '/snyk'

    def build_routes(self):
        org, invite, membership = '/rest/orgs/{org_id}', '/rest/orgs/{org_id}/invites', '/rest/orgs/{org_id}/memberships'
        # GA releases per operation (x-snyk-api-releases), to resolve snyk-version-served.
        self.releases = {
            ('GET', '/rest/self'): ('2024-04-22',),
            ('GET', '/rest/groups/{group_id}/orgs'): ('2024-02-28',),
            ('GET', '/rest/orgs'): ('2023-05-29', '2024-02-28'),
            ('GET', org): ('2023-05-29',),
            ('GET', invite): ('2022-11-14',),
            ('POST', invite): ('2022-06-01', '2023-04-28', '2024-06-21'),
            ('DELETE', invite + '/{invite_id}'): ('2022-11-14',),
            ('GET', membership): ('2024-08-25',),
            ('PATCH', membership + '/{membership_id}'): ('2024-08-25',),
            ('DELETE', membership + '/{membership_id}'): ('2024-08-25',),
        }
        return [
            Route('GET', '/rest/self', self.get_self, spec='snyk_rest'),
            Route('GET', '/rest/groups/{group_id}/orgs', self.list_group_orgs, spec='snyk_rest'),
            Route('GET', '/rest/orgs', self.list_orgs, spec='snyk_rest'),
            Route('GET', org, self.get_org, spec='snyk_rest'),
            Route('GET', invite, self.list_invites, spec='snyk_rest'),
            Route('POST', invite, self.create_invite, kind='write', spec='snyk_rest'),
            Route('DELETE', invite + '/{invite_id}', self.delete_invite, kind='write', spec='snyk_rest'),
            Route('GET', membership, self.list_memberships, spec='snyk_rest'),
            Route('PATCH', membership + '/{membership_id}', self.update_membership, kind='write', spec='snyk_rest'),
            Route('DELETE', membership + '/{membership_id}', self.delete_membership, kind='write', spec='snyk_rest'),
            Route('GET', '/v1/group/{groupId}/roles', self.group_roles, spec='snyk_v1'),
        ]

    ORG_KEYS = Emulator.ORG_KEYS + ('slug', 'group_id')

    def reset_org(self):
        self.ids.reset()
        self._order = itertools.count(1)
        now = iso(utcnow())
        # One token for the whole platform: the default organization's emulator holds it.
        self.credentials = {'token': 'sandbox-snyk-token'}
        spec = self.org_input or {'id': ORG_ID, 'name': 'Sandbox Org', 'slug': 'sandbox-org', 'group_id': GROUP_ID}
        self.org = {'id': spec['id'], 'name': spec['name'], 'slug': spec['slug'], 'group_id': spec['group_id'],
                    'created_at': now, 'updated_at': now}
        self.roles = [{'name': name, 'description': description, 'publicId': public_id,
                       'created': ROLES_CREATED, 'modified': ROLES_CREATED} for name, description, public_id in ROLES]
        self.users = {}
        self.memberships = []
        self.invites = []  # every invite ever made; accepted and cancelled ones stay (is_active false)
        self._invites_by_email = {}  # email_key -> that email's invites, in order: lookups cost the same at any size
        self.self_user_id = self._put_member('owner@example.com', 'Sandbox Owner', ROLES[0][2])['user_id']

    # -- vendor shapes ------------------------------------------------------------------------

    def error(self, request, status, message, code=None, parameter=None, reasons=None, **details):
        if _is_v1(request):
            return json_response(status, {'code': status, 'message': message, 'error': TITLES.get(status, 'Error')})
        item = {'id': str(uuid.uuid4()), 'status': str(status), 'title': TITLES.get(status, 'Error'), 'detail': message}
        if parameter:
            item['source'] = {'parameter': parameter}
        if reasons:
            item['meta'] = {'reasons': list(reasons)}
        return json_response(status, {'jsonapi': JSONAPI_VERSION, 'errors': [item]}, content_type=JSONAPI)

    def finish(self, request, response):
        if not _is_v1(request):
            response.headers.append(('snyk-request-id', str(uuid.uuid4())))
            if 'version_requested' in request.context:
                response.headers.append(('snyk-version-requested', request.context['version_requested']))
            if 'version_served' in request.context:
                response.headers.extend([('snyk-version-served', request.context['version_served']),
                                         ('snyk-version-lifecycle-stage', 'ga')])
        return response

    def authenticate(self, request):
        scheme, _sep, token = request.header('Authorization').strip().partition(' ')
        if scheme.lower() not in ('token', 'bearer') or token.strip() != self.home.credentials['token']:
            raise ApiError(401, 'Authentication credentials not recognized, or user access is not provisioned')

    def check(self, request, route):
        if route.spec == 'snyk_rest':
            version = request.arg('version')
            if not version or not VERSION_PATTERN.match(version):
                reason = 'Missing required query parameter: version' if not version else 'Invalid version %r' % version
                raise ApiError(400, NOT_CONFORMING, parameter='version', reasons=[reason])
            request.context['version_requested'] = version
            served = _served_version(version, self.releases[(route.method, route.template)])
            if served is None:
                raise ApiError(404, 'No version of this endpoint is available at %s' % version)
            request.context['version_served'] = served
            if request.method in ('POST', 'PATCH') and request.content_type != JSONAPI:
                raise ApiError(400, NOT_CONFORMING, reasons=['Content-Type must be %s, got %r' % (JSONAPI, request.content_type)])
        problems = self.validator.request_errors(route.spec, request)
        if problems:
            raise ApiError(400, NOT_CONFORMING, reasons=problems)

    def _document(self, status, payload, headers=None):
        return json_response(status, dict({'jsonapi': JSONAPI_VERSION}, **payload), content_type=JSONAPI, headers=headers)

    # -- REST ---------------------------------------------------------------------------------

    def get_self(self, request):
        user = self.users[self.self_user_id]
        attributes = {'name': user['name'], 'email': user['email'], 'username': user['username'],
                      'avatar_url': 'https://sandbox.invalid/avatar.png', 'default_org_context': self.org['id']}
        return self._document(200, {'data': {'type': 'user', 'id': user['id'], 'attributes': attributes},
                                    'links': {'self': '/self'}})

    def get_org(self, request, org_id):
        self._org(org_id)
        return self._document(200, {'data': self._org_resource(), 'links': {'self': '/orgs/%s' % self.org['id']}})

    def list_group_orgs(self, request, group_id):
        """listOrgsInGroup: alphabetical by name; filters name (contains, any case) and slug (exact)."""
        orgs = [(index, emulator) for index, emulator in enumerate(self.home.orgs.values()) if emulator.org['group_id'] == group_id]
        if not orgs:
            raise ApiError(404, 'Group %s not found' % group_id)
        total = len(orgs)
        orgs = [(index, emulator) for index, emulator in orgs if _org_matches(emulator.org, request.arg('name'), request.arg('slug'))]
        items = sorted(((emulator.org['name'].casefold(), index), emulator) for index, emulator in orgs)
        answer = self._list(request, '/groups/%s/orgs' % group_id, items, lambda emulator: emulator._org_resource())
        if 'count' in (request.arg('expand') or '').split(','):
            payload = json.loads(answer.body.decode('utf-8'))
            payload['meta'] = {'total_count': total}
            answer.body = json.dumps(payload, separators=(',', ':')).encode('utf-8')
        return answer

    def list_orgs(self, request):
        """listOrgs: every organization the token reaches, in creation order; filters group_id, is_personal, slug, name."""
        group_id, personal = request.arg('group_id'), request.arg('is_personal')
        items = [((index,), emulator) for index, emulator in enumerate(self.home.orgs.values())
                 if (group_id is None or emulator.org['group_id'] == group_id) and personal not in ('true', 'True')
                 and _org_matches(emulator.org, request.arg('name'), request.arg('slug'))]
        with_role = 'member_role' in (request.arg('expand') or '').split(',')
        return self._list(request, '/orgs', items, lambda emulator: emulator._org_resource(with_role=with_role))

    def list_invites(self, request, org_id):
        self._org(org_id)
        invites = [invite for invite in self.invites
                   if invite['status'] == 'pending' or self.config('list_includes_inactive')]
        by_name = self.config('snyk_invite_list_role') == 'name'
        return self._list(request, '/orgs/%s/invites' % self.org['id'], [((invite['order'],), invite) for invite in invites],
                          lambda invite: self._wire_invite(invite, role_by_name=by_name))

    def create_invite(self, request, org_id):
        self._org(org_id)
        attributes = _data(request.json()).get('attributes')
        if not isinstance(attributes, dict) or not isinstance(attributes.get('email'), str) or '@' not in attributes['email']:
            raise ApiError(400, NOT_CONFORMING, reasons=['data.attributes.email is required'])
        email, role_id = attributes['email'].strip(), attributes.get('role')
        if self._role(role_id) is None:
            raise ApiError(400, 'Role %r is not a role of the organization\'s group' % role_id)
        if self.config('invite_existing_member') == 'reject' and self._membership_by_email(email):
            raise ApiError(400, '%s is already a member of this organization' % email)
        if self.config('duplicate_invite') == 'reject' and self._pending_invite(email):
            raise ApiError(400, 'A pending invitation for %s already exists' % email)
        invite = self._new_invite(email, role_id)
        location = '%s/snyk/rest/orgs/%s/invites/%s' % (request.base_url, self.org['id'], invite['id'])
        return self._document(201, {'data': self._invite_resource(invite, role_by_name=False),
                                    'links': {'self': '/orgs/%s/invites/%s' % (self.org['id'], invite['id'])}},
                              headers=[('location', location)])

    def delete_invite(self, request, org_id, invite_id):
        self._org(org_id)
        for invite in self.invites:
            if invite['id'] == invite_id and invite['status'] == 'pending':
                invite['status'] = 'cancelled'
                return Response(204)
        raise ApiError(404, 'Invitation %s not found' % invite_id)

    def list_memberships(self, request, org_id):
        self._org(org_id)
        filters = {'email': request.arg('email'), 'user_id': request.arg('user_id'), 'username': request.arg('username'),
                   'role_name': request.arg('role_name')}
        sort_by = request.arg('sort_by')
        if sort_by is not None and sort_by not in SORT_FIELDS and sort_by != 'role':
            raise ApiError(400, NOT_CONFORMING, parameter='sort_by', reasons=['Unknown sort_by %r' % sort_by])
        items = []
        for membership in self.memberships:
            user, role = self.users[membership['user_id']], self._role(membership['role_id'])
            if not _membership_matches(filters, user, role):
                continue
            if sort_by == 'role':
                key = (role['name'].casefold(), membership['order'])
            elif sort_by:
                key = (user[SORT_FIELDS[sort_by]].casefold(), membership['order'])
            else:
                key = (membership['order'],)
            items.append((key, membership))
        items.sort(key=lambda item: item[0])
        return self._list(request, '/orgs/%s/memberships' % self.org['id'], items,
                          lambda membership: self._wire_ids(self._membership_resource(membership)))

    def update_membership(self, request, org_id, membership_id):
        self._org(org_id)
        membership = self._membership(membership_id)
        data = _data(request.json())
        # The document calls data.id "The Snyk ID of the organization"; we take the likely
        # meaning (the membership's id, as other clients send) and refuse anything else.
        if data.get('id') != membership_id:
            raise ApiError(409, 'data.id must be the id of the membership in the path')
        role_id = (((data.get('relationships') or {}).get('role') or {}).get('data') or {}).get('id')
        if self._role(role_id) is None:
            raise ApiError(400, 'Role %r is not a role of the organization\'s group' % role_id)
        membership['role_id'] = role_id
        return Response(204)

    def delete_membership(self, request, org_id, membership_id):
        self._org(org_id)
        self.memberships.remove(self._membership(membership_id))
        return Response(204)

    # -- v1 -----------------------------------------------------------------------------------

    def group_roles(self, request, groupId):
        if all(emulator.org['group_id'] != groupId for emulator in self.home.orgs.values()):
            raise ApiError(404, 'Group %s not found' % groupId)
        group_level = [{'name': name, 'description': description, 'publicId': public_id, 'created': ROLES_CREATED,
                        'modified': ROLES_CREATED} for name, description, public_id in GROUP_LEVEL_ROLES]
        return json_response(200, [dict(role) for role in self.roles] + group_level)

    # -- helpers ------------------------------------------------------------------------------

    def _list(self, request, path, items, render):
        """A cursor-paged JSON:API list. items: (order key, object), ascending by key; render makes an object
        the resource, for the page's objects only, so that a page costs the same however many items there are."""
        limit = _limit(request)
        if request.arg('sort_order') not in (None, 'ASC', 'DESC'):
            raise ApiError(400, NOT_CONFORMING, parameter='sort_order', reasons=['sort_order must be ASC or DESC'])
        descending = request.arg('sort_order') == 'DESC'
        if descending:
            items = items[::-1]

        def comes_after(key, cursor):
            return key < cursor if descending else key > cursor

        after, before = request.arg('starting_after'), request.arg('ending_before')
        if self.config('ignore_paging') and (after is not None or before is not None):
            page, has_next, has_prev = items[:limit], len(items) > limit, False
        elif after is not None:
            cursor = _decode_cursor(after, 'starting_after', items)
            rest = [item for item in items if comes_after(item[0], cursor)]
            page, has_next, has_prev = rest[:limit], len(rest) > limit, len(rest) < len(items)
        elif before is not None:
            cursor = _decode_cursor(before, 'ending_before', items)
            rest = [item for item in items if comes_after(cursor, item[0])]
            page, has_next, has_prev = rest[-limit:], len(rest) < len(items), len(rest) > limit
        else:
            page, has_next, has_prev = items[:limit], len(items) > limit, False
        # Every link repeats the request's own parameters (version, limit, filters, sort) and
        # changes only the cursor, as Snyk's links do.
        kept = [(key, value) for key, value in request.query if key not in ('version', 'limit', 'starting_after', 'ending_before')]

        def link(*cursor):
            return path + '?' + urlencode([('version', request.arg('version')), ('limit', str(limit))] + kept + list(cursor))

        own_cursor = [(key, value) for key, value in (('starting_after', after), ('ending_before', before)) if value is not None]
        links = {'self': link(*own_cursor), 'first': link()}
        if page and (has_next or (self.config('snyk_next_on_last_page') and len(page) == limit)):
            links['next'] = link(('starting_after', _encode_cursor(page[-1][0])))
        if page and has_prev:
            links['prev'] = link(('ending_before', _encode_cursor(page[0][0])))
        return self._document(200, {'data': [render(item) for _key, item in page], 'links': links})

    def _org(self, org_id):
        if org_id != self.org['id']:
            raise ApiError(404, 'Org %s not found' % org_id)

    def _org_resource(self, with_role=False):
        attributes = {'name': self.org['name'], 'slug': self.org['slug'], 'is_personal': False, 'group_id': self.org['group_id'],
                      'created_at': self.org['created_at'], 'updated_at': self.org['updated_at']}
        resource = {'type': 'org', 'id': self.org['id'], 'attributes': attributes}
        if with_role:
            role = self._role(self._membership_by_email(self.users[self.self_user_id]['email'])['role_id'])
            resource['relationships'] = {'member_role': {'data': {'id': role['publicId'], 'type': 'org_role',
                                                                  'attributes': {'name': role['name']}}}}
        return resource

    # -- organizations ------------------------------------------------------------------------

    def org_for(self, request, params):
        return self.orgs.get(params.get('org_id'), self)

    def principal(self, request):
        scheme, _sep, token = request.header('Authorization').strip().partition(' ')
        return principal_label(self.name, token.strip()) if scheme.lower() in ('token', 'bearer') and token.strip() else None

    def org_spec(self, spec, where):
        if spec.get('slug') is not None and (not isinstance(spec['slug'], str) or not SLUG.match(spec['slug'])):
            raise SeedError('%s.slug must match %s' % (where, SLUG.pattern))
        spec['slug'] = spec.get('slug') or re.sub(r'[^a-z0-9]+', '-', spec['name'].lower()).strip('-') or spec['id']
        if any(emulator.org['slug'] == spec['slug'] for emulator in self.home.orgs.values()):
            raise SeedError('%s.slug %r is taken' % (where, spec['slug']))
        spec['group_id'] = str(spec.get('group_id') or GROUP_ID)
        return spec

    def org_summary(self):
        return {'id': self.org['id'], 'name': self.org['name'], 'slug': self.org['slug'], 'group_id': self.org['group_id'],
                'credentials': dict(self.home.credentials)}

    def _role(self, role_id):
        for role in self.roles:
            if role['publicId'] == role_id:
                return role
        return None

    def _role_by_name_or_id(self, value):
        for role in self.roles:
            if value in (role['publicId'], role['name']):
                return role
        raise SeedError('unknown role %r; roles: %s' % (value, ', '.join(role['name'] for role in self.roles)))

    def _membership(self, membership_id):
        for membership in self.memberships:
            if membership['id'] == membership_id:
                return membership
        raise ApiError(404, 'Membership %s not found' % membership_id)

    def _membership_by_email(self, email):
        for membership in self.memberships:
            if email_key(self.users[membership['user_id']]['email']) == email_key(email):
                return membership
        return None

    def _pending_invite(self, email):
        for invite in reversed(self._invites_by_email.get(email_key(email), [])):
            if invite['status'] == 'pending':
                return invite
        return None

    def _new_invite(self, email, role_id, status='pending'):
        invite = {'id': self.ids.next('invite', email_key(email)), 'email': email, 'role_id': role_id, 'status': status,
                  'created_at': iso(utcnow()), 'order': next(self._order)}
        self.invites.append(invite)
        self._invites_by_email.setdefault(email_key(email), []).append(invite)
        return invite

    def _invite_resource(self, invite, role_by_name):
        role = self._role(invite['role_id'])
        return {'type': 'org_invitation', 'id': invite['id'],
                'attributes': {'email': invite['email'], 'is_active': invite['status'] == 'pending',
                               'role': role['name'] if role_by_name else role['publicId']},
                'relationships': {'org': {'data': {'id': self.org['id'], 'type': 'org'},
                                          'links': {'related': '/orgs/%s' % self.org['id']}}}}

    def _wire_invite(self, invite, role_by_name):
        """An invite resource as the API shows it, with the wrong guesses the switches ask for."""
        resource = self._invite_resource(invite, role_by_name)
        guess = self.config('invite_status')
        if guess == 'missing':
            del resource['attributes']['is_active']
        elif guess == 'unknown':
            resource['attributes']['is_active'] = UNKNOWN_INVITE_STATUS
        return self._wire_ids(resource)

    def _wire_ids(self, resource):
        if self.config('items_without_id'):
            del resource['id']
        return resource

    def _put_member(self, email, name, role_id):
        """Add (or update) the user and their membership; returns the membership."""
        user_id = self.ids.fixed('user', email_key(email))
        user = self.users.setdefault(user_id, {'id': user_id, 'email': email, 'username': email.split('@')[0],
                                               'login_method': 'saml', 'name': name or email.split('@')[0]})
        if name:
            user['name'] = name
        membership = self._membership_by_email(email)
        if membership is None:
            membership = {'id': self.ids.next('membership', email_key(email)), 'user_id': user_id,
                          'created_at': iso(utcnow()), 'order': next(self._order)}
            self.memberships.append(membership)
        membership['role_id'] = role_id
        return membership

    def _membership_resource(self, membership):
        user, role = self.users[membership['user_id']], self._role(membership['role_id'])
        return {'type': 'org_membership', 'id': membership['id'], 'attributes': {'created_at': membership['created_at']},
                'relationships': {
                    'org': {'data': {'id': self.org['id'], 'type': 'org', 'attributes': {'name': self.org['name']}}},
                    'role': {'data': {'id': role['publicId'], 'type': 'org_role', 'attributes': {'name': role['name']}}},
                    'user': {'data': {'id': user['id'], 'type': 'user',
                                      'attributes': dict((key, user[key]) for key in ('name', 'username', 'email', 'login_method'))}}}}

    # -- admin --------------------------------------------------------------------------------

    def snapshot(self):
        invites = []
        for invite in self.invites:
            view = dict((key, value) for key, value in invite.items() if key != 'order')
            view['role_name'] = self._role(invite['role_id'])['name']
            invites.append(view)
        snapshot = {'credentials': dict(self.home.credentials), 'org': dict(self.org), 'group_id': self.org['group_id'],
                    'roles': [dict(role) for role in self.roles], 'self_user_id': self.self_user_id,
                    'users': [dict(user) for user in self.users.values()],
                    'memberships': [self._membership_resource(membership) for membership in self.memberships],
                    'invites': invites}
        if self.home is self:
            snapshot['orgs'] = [emulator.org_summary() for emulator in self.home.orgs.values()]
        return snapshot

    def set_credentials(self, values):
        self.home.credentials.update(seed_credentials(values, ('token',)))

    def seed_members(self, people):
        seeded = []
        for person in seed_entries(people, 'members', unsupported=('enabled', 'teams')):
            role = self._role_by_name_or_id(person.get('role', 'Org Collaborator'))
            seeded.append(self._membership_resource(self._put_member(person['email'].strip(), person.get('name'), role['publicId'])))
        return seeded

    def seed_invites(self, invites):
        seeded = []
        for entry in seed_entries(invites, 'invites', unsupported=('expires_at', 'teams')):
            role = self._role_by_name_or_id(entry.get('role', 'Org Collaborator'))
            status, _expiry = seed_status(entry)
            # Snyk invites have no expiry: an expired one is simply inactive.
            status = 'expired' if entry.get('status') == 'expired' else status
            seeded.append(self._invite_resource(self._new_invite(entry['email'].strip(), role['publicId'], status), role_by_name=False))
        return seeded

    def accept(self, email):
        invite = self._pending_invite(email)
        if invite is None:
            return None
        invite['status'] = 'accepted'
        return self._membership_resource(self._put_member(invite['email'], None, invite['role_id']))


def _is_v1(request):
    return request.path.startswith('/snyk/v1/')


def _served_version(requested, releases):
    """The newest release on or before the requested date; a bare stability gets the newest."""
    date = requested.split('~', 1)[0]
    if date in STABILITIES:
        return releases[-1]
    eligible = [release for release in releases if release <= date]
    return eligible[-1] if eligible else None


def _data(body):
    if not isinstance(body, dict) or not isinstance(body.get('data'), dict):
        raise ApiError(400, NOT_CONFORMING, reasons=['The body must be a JSON:API document with a data object'])
    return body['data']


def _limit(request):
    value = request.arg('limit')
    if value is None:
        return PAGE_LIMIT['default']
    try:
        limit = int(value)
    except ValueError:
        limit = 0
    if not PAGE_LIMIT['minimum'] <= limit <= PAGE_LIMIT['maximum'] or limit % PAGE_LIMIT['step']:
        raise ApiError(400, NOT_CONFORMING, parameter='limit', reasons=['limit must be a multiple of 10 from 10 to 100'])
    return limit


def _encode_cursor(key):
    return 'v1.' + base64.urlsafe_b64encode(json.dumps(list(key)).encode()).decode()


def _decode_cursor(cursor, parameter, items):
    """The order key a cursor stands for; it must be comparable with the keys of items."""
    try:
        if not cursor.startswith('v1.'):
            raise ValueError(cursor)
        key = tuple(json.loads(base64.urlsafe_b64decode(cursor[3:].encode()).decode()))
        if items and [type(part) for part in key] != [type(part) for part in items[0][0]]:
            raise ValueError(cursor)
        return key
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):
        raise ApiError(400, 'Invalid cursor %r' % cursor, parameter=parameter)


def _org_matches(org, name, slug):
    """The filters of the org lists: name contains (any case), slug equals."""
    return (name is None or name.casefold() in org['name'].casefold()) and (slug is None or slug == org['slug'])


def _membership_matches(filters, user, role):
    return ((filters['email'] is None or email_key(filters['email']) == email_key(user['email']))
            and (filters['user_id'] is None or filters['user_id'] == user['id'])
            and (filters['username'] is None or filters['username'] == user['username'])
            and (filters['role_name'] is None or filters['role_name'].casefold() == role['name'].casefold()))
