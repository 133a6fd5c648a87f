# -*- coding: utf-8 -*-
# Copyright (c) 2026, orgaccess.onboarding contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Snyk adapter: org invitations and org memberships over the REST API, role names over v1.

Private module. Wire contract: docs/architecture.md ("Snyk"); research: shared/reference/snyk.md.
Status marks in the tables: [V] verified in the vendor's document (snyk-rest-openapi.json or
snyk-v1-api-spec.yaml), [I] inferred where the documents are silent.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re
import uuid
from urllib.parse import parse_qsl, quote, urlsplit

from ansible_collections.orgaccess.onboarding.plugins.module_utils._adapter import (
    INACTIVE,
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
)
from ansible_collections.orgaccess.onboarding.plugins.module_utils._errors import ApiError, ValidationError
from ansible_collections.orgaccess.onboarding.plugins.module_utils._http import StaticAuthenticator
from ansible_collections.orgaccess.onboarding.plugins.module_utils._paging import PageReader

# Host root per region; REST lives below PATHS['rest'], v1 below PATHS['v1'].
REGIONS = {
    'SNYK-US-01': 'https://api.snyk.io',     # [V] docs about-the-rest-api, spec servers
    'SNYK-US-02': 'https://api.us.snyk.io',  # [V] docs about-the-rest-api
    'SNYK-EU-01': 'https://api.eu.snyk.io',  # [V] docs regional-hosting-and-data-residency
    'SNYK-AU-01': 'https://api.au.snyk.io',  # [V] docs regional-hosting-and-data-residency
}
DEFAULT_REGION = 'SNYK-US-01'               # [V] docs: the default region
DEFAULT_API_VERSION = '2024-10-15'          # [V] Snyk's recommended pin; every operation below is GA by 2024-08-25

PATHS = {
    'rest': '/rest',                                                   # [V] REST spec servers[0]
    'v1': '/v1',                                                       # [V] v1 spec servers[0]
    'self': '/rest/self',                                              # [V] GET, GA 2024-04-22
    'group_orgs': '/rest/groups/{group_id}/orgs',                      # [V] GET (paged), listOrgsInGroup, GA 2024-02-28
    'org': '/rest/orgs/{org_id}',                                      # [V] GET, data.attributes.group_id
    'group_roles': '/v1/group/{group_id}/roles',                       # [V] v1 GET -> [{name, publicId}]
    'invites': '/rest/orgs/{org_id}/invites',                          # [V] GET (paged), POST -> 201
    'invite': '/rest/orgs/{org_id}/invites/{invite_id}',               # [V] DELETE -> 204
    'memberships': '/rest/orgs/{org_id}/memberships',                  # [V] GET (paged)
    'membership': '/rest/orgs/{org_id}/memberships/{membership_id}',   # [V] PATCH -> 204, DELETE -> 204
}

QUERY = {
    'version': 'version',   # [V] QueryVersion, required on every REST call
    'starting_after': 'starting_after',  # [V] the cursor links.next carries (never built here)
    'limit': 'limit',       # [V] Limit: 10..100, multipleOf 10
    'email': 'email',       # [V] EmailFilter of the memberships list; whether it matches case-insensitively is not said
}
PAGE_SIZE = 100             # [V] Limit maximum

MEDIA = {
    'rest': 'application/vnd.api+json',  # [V] spec content type of every REST request and response
    'v1': 'application/json',            # [V] v1 spec
}

AUTH_SCHEMES = {
    'token': 'token %s',    # [V] docs authentication-for-api: API tokens, PATs, service-account keys
    'bearer': 'bearer %s',  # [V] docs authentication-for-api: OAuth 2.0 access tokens
}

# Request bodies. The JSON:API envelope keys (data, type, id, attributes, relationships) are fixed by
# JSON:API; everything Snyk-specific is here.
BODY = {
    'invite_type': 'org_invitation',      # [V] OrgInvitationPostData.type enum
    'invite_email': 'email',              # [V] OrgInvitationPostAttributes.email
    'invite_role': 'role',                # [V] OrgInvitationPostAttributes.role: the role public id (uuid)
    'membership_type': 'org_membership',  # [V] UpdateOrgMembershipRequestBody20240825.type
    'role_relationship': 'role',          # [V] UpdateOrgMembershipRequestBody20240825.relationships.role
    'role_type': 'org_role',              # [V] relationships.role.data.type
    # [I] data.id of the PATCH: the spec describes it as "The Snyk ID of the organization"; we read it
    # as the membership id (as clearskies-py sends). Set to 'org_id' for the other reading.
    'membership_patch_id': 'membership_id',
}

# Where facts sit in the answers, as key paths.
FIELDS = {
    'resource_id': 'id',                                          # [V] JSON:API resource id (invites, memberships)
    'self_email': ('attributes', 'email'),                       # [V] User20240422 (absent for service accounts)
    'org_name': ('attributes', 'name'),                          # [V] OrgAttributes (required)
    'org_slug': ('attributes', 'slug'),                          # [V] OrgAttributes (required): unique, URL-friendly
    'org_group_id': ('data', 'attributes', 'group_id'),          # [V] OrgAttributes20230529; absent for personal orgs
    'v1_role_id': ('publicId',),                                  # [V] v1 Listallrolesinagroupresponse
    'v1_role_name': ('name',),                                    # [V]
    'invite_email': ('attributes', 'email'),                     # [V] OrgInvitationAttributes
    'invite_active': ('attributes', 'is_active'),                # [V]
    'invite_role': ('attributes', 'role'),                       # [V] a string: role name or id [I]
    'member_user_id': ('relationships', 'user', 'data', 'id'),    # [V] OrgMembershipUserData
    'member_email': ('relationships', 'user', 'data', 'attributes', 'email'),
    'member_name': ('relationships', 'user', 'data', 'attributes', 'name'),
    'member_username': ('relationships', 'user', 'data', 'attributes', 'username'),
    'member_role_id': ('relationships', 'role', 'data', 'id'),    # [V] OrgMembershipRoleData
    'member_role_name': ('relationships', 'role', 'data', 'attributes', 'name'),
}

# is_active -> the invite's status [V OrgInvitationAttributes: "true indicates that the invitation is still waiting to be
# accepted. Invitations are considered inactive when accepted or revoked"]. A missing or other value is refused.
INVITE_ACTIVE = {True: PENDING, False: INACTIVE}

# The group's role list (v1) holds the roles of both levels, and no REST endpoint lists organisation roles
# (/tenants/{tenant_id}/roles is beta and tenant-level). A list entry says nothing of its level
# ([V] Listallrolesinagroupresponse: name, description, publicId, created, modified); the pre-defined group-level roles
# are known by name ([V] docs pre-defined-roles) and cannot be given in an organisation. A custom group-level role
# cannot be told apart by the documents: the API refuses it when it is sent.
GROUP_LEVEL_ROLE_NAMES = ('Group Admin', 'Group Viewer', 'Group Member')

# [V] components.schemas.QueryVersion.pattern
VERSION_PATTERN = re.compile(r'^(wip|work-in-progress|experimental|beta|((([0-9]{4})-([0-1][0-9]))-((3[01])|(0[1-9])|([12][0-9]))'
                             r'(~(wip|work-in-progress|experimental|beta))?))$')


def _dig(value, path):
    for key in path:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value


def _canonical_uuid(value):
    """The lower-case hyphenated form of a UUID, or None when ``value`` is not one."""
    try:
        return str(uuid.UUID(str(value).strip()))
    except (ValueError, AttributeError, TypeError):
        return None


def _link_href(value):
    """A JSON:API link: a string or ``{"href": ...}`` ([V] LinkProperty)."""
    if isinstance(value, dict):
        value = value.get('href')
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def _segment(value):
    return quote(str(value), safe='')


class SnykAdapter(PlatformAdapter):
    NAME = 'snyk'
    CAPABILITIES = frozenset()
    ORG_OPTION = 'org_id'
    CONNECTION = {
        'api_token': {'env': ['SNYK_TOKEN'], 'required': True, 'secret': True},
        'region': {'env': ['SNYK_REGION'], 'default': DEFAULT_REGION, 'choices': sorted(REGIONS)},
        'api_url': {'env': ['SNYK_API_URL'], 'kind': 'url'},
        'org_id': {'env': ['SNYK_ORG_ID'], 'required': True, 'kind': 'uuid'},
        'group_id': {'env': ['SNYK_GROUP_ID'], 'kind': 'uuid'},
        'api_version': {'env': ['SNYK_API_VERSION'], 'default': DEFAULT_API_VERSION},
        'auth_scheme': {'default': 'token', 'choices': sorted(AUTH_SCHEMES)},
    }
    # [V] the pre-defined organisation administrator role (docs pre-defined-roles), by name: its public id differs per group.
    ADMIN_ROLES = ('Org Admin',)
    # [V] REST: 1,620 requests per minute per API key (about-the-rest-api.md, "Rate limiting").
    REQUEST_BUDGET = (1620, 60)

    def __init__(self, client, connection, concurrency=4):
        """``connection`` comes from ``resolve_connection``, which has checked the options of ``CONNECTION`` (required ones,
        choices, URLs, UUIDs in canonical form); what it does not cover is checked here: the API version's pattern."""
        super(SnykAdapter, self).__init__(client, connection, concurrency)
        token = connection['api_token'].strip()
        client.add_secret(token)
        client.authenticator = StaticAuthenticator({'Authorization': AUTH_SCHEMES[connection['auth_scheme']] % token}, option='api_token')

        self.api_version = connection['api_version']
        if not VERSION_PATTERN.match(self.api_version):
            raise ValidationError('%r is not a Snyk API version (YYYY-MM-DD, optionally ~beta/~experimental)' % self.api_version,
                                  field='api_version', platform=self.NAME)
        self.org_id = connection['org_id']
        self.group_id = connection.get('group_id')

        api_url = connection.get('api_url')
        if api_url:
            for suffix in (PATHS['rest'], PATHS['v1']):
                if api_url.endswith(suffix):
                    api_url = api_url[:-len(suffix)].rstrip('/')
                    break
        else:
            api_url = REGIONS[connection['region']]
        self.api_url = api_url
        self._base_path = urlsplit(api_url).path.rstrip('/')
        self._roles_complete = False
        self._group_level_roles = []

    def budget_scope(self):
        return (self.connection['api_token'].strip(), self.api_url)

    # Plumbing

    def _url(self, name, **values):
        return self.api_url + PATHS[name].format(**dict((key, _segment(value)) for key, value in values.items()))

    def _rest(self, method, name, path_values=None, body=None, **kwargs):
        """One REST call with ``version`` and the JSON:API media type; returns the decoded body."""
        headers = {'Accept': MEDIA['rest']}
        if body is not None:
            headers['Content-Type'] = MEDIA['rest']
        return self.client.json(method, self._url(name, **(path_values or {})), params={QUERY['version']: self.api_version},
                                json=body, headers=headers, **kwargs)

    def _paged(self, name, filters=None, **path_values):
        """Every item of a REST list, under the paging contract (``_paging.PageReader``): ``limit`` (and
        ``filters``) on the first call, then ``links.next`` as given.

        ``next`` is relative to the REST base and may or may not start with ``/rest``; it already carries
        ``version``, ``limit``, the filters and the cursor, so nothing is appended (``version`` only if it is
        missing). Stops on an empty page, a missing ``next``, or a ``next`` equal to the page just read (its
        ``self``, a quirk other clients stop on too). An item read twice (a ``next`` back to an earlier
        page) is an error.
        """
        url = self._url(name, **path_values)
        params = {QUERY['version']: self.api_version, QUERY['limit']: PAGE_SIZE}
        params.update(filters or {})
        path = self.client.display_path(url)
        reader = PageReader(self.NAME, 'GET', path, FIELDS['resource_id'], 'links.next (%s)' % QUERY['starting_after'], PAGE_SIZE)
        while True:
            body = self.client.json('GET', url, params=params, headers={'Accept': MEDIA['rest']})
            data = body.get('data') if isinstance(body, dict) else None
            if not isinstance(data, list):
                raise ApiError(self.NAME, 'GET', path, reason='the answer has no list of data')
            if not data:
                return reader.items
            reader.take(data, 'page %d' % (reader.pages + 1))
            links = body.get('links') if isinstance(body.get('links'), dict) else {}
            next_href = _link_href(links.get('next'))
            if next_href is None:
                return reader.items
            next_url, next_params = self._follow(next_href)
            current = set([self._page_key(urlsplit(url).path, params, urlsplit(url).query)])
            self_href = _link_href(links.get('self'))
            if self_href is not None:
                self_url, self_params = self._follow(self_href)
                current.add(self._page_key(urlsplit(self_url).path, self_params, urlsplit(self_url).query))
            if self._page_key(urlsplit(next_url).path, next_params, urlsplit(next_url).query) in current:
                return reader.items
            url, params = next_url, next_params

    def _follow(self, href):
        """The URL of a ``links`` entry on our own host (a link never sends the token elsewhere)."""
        parts = urlsplit(href)
        path = parts.path if parts.path.startswith('/') else '/' + parts.path
        rest = PATHS['rest']
        if self._base_path and path.startswith(self._base_path + rest + '/'):
            path = path[len(self._base_path):]
        if path.startswith(rest + '/'):
            path = path[len(rest):]
        url = self.api_url + rest + path
        if parts.query:
            url += '?' + parts.query
        names = set(name for name, value in parse_qsl(parts.query, keep_blank_values=True))
        params = None if QUERY['version'] in names else {QUERY['version']: self.api_version}
        return url, params

    @staticmethod
    def _page_key(path, params, query=''):
        pairs = parse_qsl(query or '', keep_blank_values=True)
        pairs.extend((str(key), str(value)) for key, value in (params or {}).items())
        return path, tuple(sorted(pairs))

    # Reads

    def whoami(self):
        body = self._rest('GET', 'self') or {}
        data = body.get('data') or {}
        return {'id': data.get('id'), 'email': _dig(data, FIELDS['self_email'])}

    def list_orgs(self, org_ids=None):
        """The orgs of ``org_ids`` (each read: ``GET /rest/orgs/{org_id}``), else every org of ``group_id`` (every page)."""
        if org_ids:
            orgs = []
            for org_id in org_ids:
                path = self.client.display_path(self._url('org', org_id=org_id))
                orgs.append(self._org_record((self._rest('GET', 'org', {'org_id': org_id}) or {}).get('data'), path))
            return orgs
        if not self.group_id:
            raise ValidationError('is required to list the organisations of a group (or name the org ids)', field='group_id',
                                  platform=self.NAME)
        path = self.client.display_path(self._url('group_orgs', group_id=self.group_id))
        return [self._org_record(item, path) for item in self._paged('group_orgs', group_id=self.group_id)]

    def _org_record(self, resource, path):
        what = 'an organisation'
        return org_record(require(resource, FIELDS['resource_id'], self.NAME, 'GET', path, what),
                          require(resource, FIELDS['org_name'], self.NAME, 'GET', path, what),
                          _dig(resource, FIELDS['org_slug']))

    def list_roles(self):
        """Organisation roles of the org's group (v1; its group-level roles left out), else the roles existing members hold
        (personal orgs)."""
        group_id = self.group_id
        if group_id is None:
            body = self._rest('GET', 'org', {'org_id': self.org_id})
            group_id = _dig(body, FIELDS['org_group_id'])
        if group_id:
            url = self._url('group_roles', group_id=group_id)
            answer = self.client.json('GET', url, headers={'Accept': MEDIA['v1']})
            if not isinstance(answer, list):
                raise ApiError(self.NAME, 'GET', self.client.display_path(url), reason='the answer is not a list of roles')
            roles = []
            group_level = set(name.casefold() for name in GROUP_LEVEL_ROLE_NAMES)
            for entry in answer:
                role_id = _dig(entry, FIELDS['v1_role_id'])
                if role_id:
                    role = role_record(role_id, _dig(entry, FIELDS['v1_role_name']) or role_id)
                    (self._group_level_roles if role['name'].casefold() in group_level else roles).append(role)
            self._roles_complete = True
            return roles
        # A personal org has no group and so no role list: learn from the members (a partial list).
        self._roles_complete = False
        roles, known = [], set()
        for member in self.list_members():
            if member['role_id'] and member['role_id'] not in known:
                known.add(member['role_id'])
                roles.append(role_record(member['role_id'], member['role'] or member['role_id']))
        return roles

    def resolve_role(self, value, field='role'):
        """By id (any UUID spelling) or name (case-insensitive).

        With the group's role list, only listed roles are accepted. Without it (personal org: the
        roles existing members hold, maybe none) a role id is accepted as given.
        """
        if value is None or str(value).strip() == '':
            raise ValidationError('a role is required', field=field, platform=self.NAME)
        wanted = str(value).strip()
        roles = self.roles()
        found = self._match_role(wanted, roles)
        if found is not None:
            return found
        names = ', '.join(sorted(role['name'] for role in roles))
        group_level = self._match_role(wanted, self._group_level_roles)
        if group_level is not None:
            raise ValidationError('%r is a group-level role; it cannot be given in an organisation; choose one of: %s'
                                  % (group_level['name'], names), field=field, platform=self.NAME)
        if self._roles_complete:
            raise ValidationError('%r is not a role that can be assigned; choose one of: %s' % (wanted, names),
                                  field=field, platform=self.NAME)
        role_id = _canonical_uuid(wanted)
        if role_id is not None:
            return role_record(role_id, wanted)
        if roles:
            raise ValidationError('%r is not a role any member holds (known roles: %s); the organisation is in no group, '
                                  'so its roles cannot be listed: give the role id (a UUID), or set group_id' % (wanted, names),
                                  field=field, platform=self.NAME)
        raise ValidationError('%r cannot be resolved: the organisation is in no group and no member holds a role to learn '
                              'from; give the role id (a UUID) as the role, or set group_id' % wanted,
                              field=field, platform=self.NAME)

    @staticmethod
    def _match_role(value, roles):
        wanted_id = _canonical_uuid(value)
        for role in roles:
            if role['id'] == value or (wanted_id is not None and _canonical_uuid(role['id']) == wanted_id):
                return role
        for role in roles:
            if (role['name'] or '').casefold() == value.casefold():
                return role
        return None

    def _role_pair(self, value):
        """(name, id) for a role the API gave as a name or an id."""
        if value in (None, ''):
            return None, None
        role = self._match_role(str(value), self.roles())
        if role is not None:
            return role['name'], role['id']
        return value, value

    def _invite_from(self, item, fallback_email=None, fallback_role=None):
        """An invite record from a list item (its ``id`` required), or, with the fallbacks, from a create's answer."""
        invite_id = item.get(FIELDS['resource_id'])
        if fallback_role is None:
            invite_id = require(item, FIELDS['resource_id'], self.NAME, 'GET', PATHS['invites'], 'an invite')
        status = PENDING  # a create's answer without is_active: the invite just made
        if fallback_role is None or _dig(item, FIELDS['invite_active']) is not None:
            status = require_status(item, FIELDS['invite_active'], INVITE_ACTIVE, self.NAME,
                                    'POST' if fallback_role is not None else 'GET', PATHS['invites'], 'an invite')
        role_value = _dig(item, FIELDS['invite_role'])
        if fallback_role is not None and role_value in (None, fallback_role['id']):
            name, role_id = fallback_role['name'], fallback_role['id']
        else:
            name, role_id = self._role_pair(role_value)
        return invite_record(self.NAME, invite_id, _dig(item, FIELDS['invite_email']) or fallback_email, name,
                             role_id=role_id, status=status, expires_at=None)

    def list_invites(self):
        return [self._invite_from(item) for item in self._paged('invites', org_id=self.org_id)]

    def list_members(self):
        return self._members(self._paged('memberships', org_id=self.org_id))

    def members_by_email(self, email):
        """Through the memberships list's email filter. The document does not say how the filter matches, so
        the answer is compared again with ``email_key``, and when it holds no match (a filter that minds case,
        say) the whole list is read and compared."""
        filtered = self._members(self._paged('memberships', filters={QUERY['email']: email.strip()}, org_id=self.org_id))
        wanted = email_key(email)
        found = [member for member in filtered if email_key(member['email']) == wanted]
        return found or super(SnykAdapter, self).members_by_email(email)

    def _members(self, items):
        """Member records from membership items; the membership's ``id`` and the user's id are required."""
        members = []
        for item in items:
            membership_id = require(item, FIELDS['resource_id'], self.NAME, 'GET', PATHS['memberships'], 'a membership')
            members.append(member_record(
                self.NAME,
                require(item, FIELDS['member_user_id'], self.NAME, 'GET', PATHS['memberships'], 'a membership'),
                _dig(item, FIELDS['member_email']),
                _dig(item, FIELDS['member_role_name']),
                name=_dig(item, FIELDS['member_name']) or _dig(item, FIELDS['member_username']),
                role_id=_dig(item, FIELDS['member_role_id']),
                membership_id=membership_id,
            ))
        return members

    # Writes

    def create_invites(self, items):
        return run_bounded(self._create_invite, items, self.concurrency)

    def _create_invite(self, item):
        role = item['role']
        body = {'data': {'type': BODY['invite_type'],
                         'attributes': {BODY['invite_email']: item['email'], BODY['invite_role']: role['id']}}}
        answer = self._rest('POST', 'invites', {'org_id': self.org_id}, body=body, idempotent=False)
        data = answer.get('data') if isinstance(answer, dict) else None
        return self._invite_from(data if isinstance(data, dict) else {}, fallback_email=item['email'], fallback_role=role)

    def cancel_invite(self, invite):
        invite_id = require_id(invite.get('id'), self.NAME, 'DELETE', PATHS['invite'], 'the invite for %s' % invite.get('email'))
        self._rest('DELETE', 'invite', {'org_id': self.org_id, 'invite_id': invite_id}, idempotent=True, ok_statuses=(404,))

    def update_member(self, member, role=None, enabled=None):
        """Change the role; ``enabled`` is never given, as Snyk has no ``CAP_DISABLE_USERS``."""
        if role is None:
            return dict(member)
        require_id(member.get('membership_id'), self.NAME, 'PATCH', PATHS['membership'], 'the membership of %s' % member.get('email'))
        ids = {'membership_id': member['membership_id'], 'org_id': self.org_id}
        body = {'data': {'type': BODY['membership_type'],
                         'id': ids[BODY['membership_patch_id']],
                         'attributes': {},
                         'relationships': {BODY['role_relationship']: {'data': {'type': BODY['role_type'], 'id': role['id']}}}}}
        self._rest('PATCH', 'membership', {'org_id': self.org_id, 'membership_id': member['membership_id']}, body=body,
                   idempotent=True)
        updated = dict(member)
        updated.update({'role': role['name'], 'role_id': role['id']})
        return updated

    def remove_member(self, member):
        membership_id = require_id(member.get('membership_id'), self.NAME, 'DELETE', PATHS['membership'],
                                   'the membership of %s' % member.get('email'))
        self._rest('DELETE', 'membership', {'org_id': self.org_id, 'membership_id': membership_id},
                   idempotent=True, ok_statuses=(404,))
