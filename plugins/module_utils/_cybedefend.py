# -*- coding: utf-8 -*-
# Copyright (c) 2026, orgaccess.onboarding contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""CybeDefend adapter: organisation invitations with team assignments, members, teams.

Private module. Everything this adapter sends (hosts, paths, body keys, query parameters, roles,
page size) sits in the tables below; each entry says whether it is verified in the vendor's own
document (``[V spec]`` = ``openapi.json``, ``[V docs]`` = the documentation prose) or inferred
(``[I]``, with the reason). Research notes: ``shared/reference/cybedefend.md``.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from urllib.parse import quote

from ansible_collections.orgaccess.onboarding.plugins.module_utils._adapter import (
    ACCEPTED,
    CANCELLED,
    CAP_TEAMS,
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
)
from ansible_collections.orgaccess.onboarding.plugins.module_utils._errors import ApiError, ValidationError
from ansible_collections.orgaccess.onboarding.plugins.module_utils._http import TokenAuthenticator, vendor_message
from ansible_collections.orgaccess.onboarding.plugins.module_utils._paging import PageReader, count

DEFAULT_REGION = 'us'  # [V client] the CLI defaults to US

# Per region: API base, identity provider (Logto) base, and the CLI app id used as OAuth client id
# when GET /client-apps cannot be read. Hosts [V spec servers, docs]; app ids [V docs, "may change
# between releases"; the same values are hard-coded in the CLI].
REGIONS = {
    'eu': {
        'api_url': 'https://api-eu.cybedefend.com',
        'auth_url': 'https://auth-eu.cybedefend.com',
        'cli_app_id': 'fm90ay05zohu8fk2q45ms',
    },
    'us': {
        'api_url': 'https://api-us.cybedefend.com',
        'auth_url': 'https://auth-us.cybedefend.com',
        'cli_app_id': '7o6r9cvvi8um0kisvn7hm',
    },
}

PATHS = {
    'token': '/oidc/token',                                                  # [V docs] below auth_url
    'client_apps': '/client-apps',                                           # [V spec] no auth
    'whoami': '/user/profile',                                               # [V spec]
    'organizations': '/organizations',                                       # [V spec] GET, the PAT user's orgs, not paged
    'invite': '/organization/{org_id}/invite',                               # [V spec] POST -> 201
    'invitations': '/organization/{org_id}/invitations',                     # [V spec] GET, paged, no total
    'invitation': '/organization/{org_id}/invitation/{invitation_id}',       # [V spec] DELETE (singular)
    'members': '/organization/{org_id}/members',                             # [V spec] GET, paged
    'member_role': '/organization/{org_id}/member/role',                     # [V spec] PUT
    'member': '/organization/{org_id}/member',                               # [V spec] DELETE with a JSON body
    'teams': '/organization/{org_id}/teams',                                 # [V spec] GET, not paged
    'team_members': '/team/{team_id}/members',                               # [V spec] GET, paged
    'team_member': '/team/{team_id}/member',                                 # [V spec] POST add, DELETE (JSON body) remove
    'team_member_role': '/team/{team_id}/member/role',                       # [V spec] PUT
}

# Query parameters of the paged lists [V spec: page >= 1 and pageSize 1..20 are both required; search is optional,
# its matching undocumented: the docs say the member list is searchable "by name or email"].
QUERY = {'page': 'page', 'page_size': 'pageSize', 'search': 'search'}
PAGE_SIZE = 20  # [V spec] the maximum pageSize

# Request body keys [V spec: OrganizationInviteBodyDto, TeamAssignmentDto, OrganizationUpdateRoleBodyDto,
# OrganizationDeleteMemberBodyDto, TeamAddMemberBodyDto, UpdateTeamRoleBodyDto, TeamRemoveUserBodyDto].
BODY = {
    'email': 'email',
    'role': 'role',
    'team_assignments': 'teamAssignments',
    'team_id': 'teamId',
    'user_id': 'userId',
}

# Keys read from answers.
ANSWER = {
    'id': 'id',                        # [V spec] invitations, teams, profile; [I] member items (both candidate shapes)
    'email': 'email',                  # [V spec] idem
    'status': 'status',                # [V spec] invitation status, values not enumerated: INVITE_STATUSES, any case
    'role': 'role',                    # [I] member and team member items (both candidate shapes)
    'team_name': 'name',               # [V spec] TeamInformationsResponseDto
    'invitations': 'invitations',      # [V spec] GetOrganizationInvitationsResponseDto; a bare array is tolerated
    'users': 'users',                  # [V spec] PaginatedUsersResponseDto; a bare array is tolerated
    'teams': 'teams',                  # [V client] CLI/JetBrains wrapper; the spec says bare array: both accepted
    'organizations': 'organizations',  # [V client] JetBrains wrapper; the spec says bare array: both accepted
    'org_name': 'name',                # [V spec] OrganizationInformationsResponseDto
    'total_pages': 'totalPages',       # [V spec] members lists only
    'invite_role': 'organizationRole',  # [V spec] OrganizationInviteResponseDto
    'expires_at': 'expiresAt',         # [V spec]
    'invite_token': 'token',           # [V spec] a secret: registered for redaction, never put in a record
    'user_name': 'name',               # [I] CLI TeamMember struct; the member item shape is undocumented
    'first_name': 'firstName',         # [I] UserInformationsResponseDto, the other candidate shape
    'last_name': 'lastName',           # [I] idem
    'client_apps_cli': 'cli',          # [V spec] ClientAppsResponseDto
    'app_id': 'appId',                 # [V spec] AppEntryDto
    'access_token': 'access_token',    # [V docs] token exchange answer
    'expires_in': 'expires_in',        # [V docs] seconds; 600 or 3600 seen, so always read
}

# Invitation status -> the collection's, compared case-insensitively. [I] every value: the document types status as a
# string without values; "Pending" is the UI's word, the others the states an invitation can reach (the docs: accepted,
# revoked before acceptance; an expiresAt implies expiry). Another value, or none, is refused naming the key.
INVITE_STATUSES = {
    'pending': PENDING,
    'accepted': ACCEPTED,
    'expired': EXPIRED,
    'cancelled': CANCELLED,
    'canceled': CANCELLED,
    'revoked': CANCELLED,
}

# PAT -> access token exchange (RFC 8693) [V docs; client: CLI pkg/api/client.go].
TOKEN_FORM = {
    'grant_type': 'urn:ietf:params:oauth:grant-type:token-exchange',
    'subject_token_type': 'urn:logto:token-type:personal_access_token',
}
# Form keys filled per run: the CLI app id, the PAT, and the API base URL actually used.
TOKEN_KEYS = {'client_id': 'client_id', 'subject_token': 'subject_token', 'resource': 'resource'}  # [V docs]

# Organisation roles: the body enum of invite and of update-member-role [V spec].
ORG_ROLES = ('administrator', 'manager', 'billing_manager', 'member')
# Team roles: TeamAssignmentDto / TeamAddMemberBodyDto / UpdateTeamRoleBodyDto enum [V spec].
TEAM_ROLES = ('team_manager', 'analyst_developer', 'developer', 'read_only')

# What a 400 from the token endpoint means, by the error code found in its body [V client: CLI
# pkg/api/client.go and release notes v2.0.3-v2.0.6; invalid_target: identity provider, see note section 10].
TOKEN_ERRORS = (
    ('token_exchange_not_allowed',
     'this client id may not exchange personal access tokens (only the CybeDefend CLI app may); check client_id'),
    ('invalid_client',
     'the auth server does not know this client id (for example an EU client id used against US); check region, auth_url and client_id'),
    ('invalid_target',
     'the auth server does not accept %(api_url)s as resource; api_url and auth_url must belong to the same deployment (region)'),
    ('invalid_grant',
     'the personal access token was refused (invalid, expired or revoked) or does not match this auth server, client id or resource;'
     ' check api_token, region, api_url, auth_url and client_id'),
)
TOKEN_AUTH_FAILED = 'the personal access token is invalid or revoked (api_token / CYBEDEFEND_PAT)'


class CybeDefendAdapter(PlatformAdapter):
    """CybeDefend: one organisation (``org_id``), PAT exchanged for short-lived JWTs.

    Invitations carry team assignments, which the invitation list does not report back
    (``teams`` is None there). There is no renew and no batch endpoint: the engine renews by
    cancelling and inviting again, and writes for many items run with bounded concurrency.
    Members cannot be disabled, only removed.
    """

    NAME = 'cybedefend'
    CAPABILITIES = frozenset((CAP_TEAMS,))
    ORG_OPTION = 'org_id'
    CONNECTION = {
        'api_token': {'env': ['CYBEDEFEND_PAT'], 'required': True, 'secret': True},
        'region': {'env': ['CYBEDEFEND_REGION'], 'default': DEFAULT_REGION, 'choices': sorted(REGIONS)},
        'api_url': {'env': ['CYBEDEFEND_API_URL'], 'kind': 'url'},
        'auth_url': {'env': ['CYBEDEFEND_AUTH_URL'], 'kind': 'url'},
        'org_id': {'env': ['CYBEDEFEND_ORG_ID'], 'required': True, 'kind': 'uuid'},
        'client_id': {'env': ['CYBEDEFEND_CLIENT_ID']},
    }

    # Guard-rail data for the engine [V docs: assigning-roles.mdx, Detailed Functional Specifications 3.1]:
    # an organisation keeps at least one administrator, and an administrator's role cannot be changed
    # by another member (nor by the administrator themselves); likewise a team keeps at least one team
    # manager whose role no other team manager can change. The engine refuses plans that would break
    # these before writing anything; the API's own answer to a violation (400 or 403) is undocumented.
    ADMIN_ROLE = 'administrator'
    ADMIN_ROLES = (ADMIN_ROLE,)
    TEAM_MANAGER_ROLE = 'team_manager'
    ORG_ROLES = ORG_ROLES
    TEAM_ROLES = TEAM_ROLES
    # No published budget for these endpoints (only Cybe Chat's): no pacing unless request_budget sets one; 429s are honoured.
    REQUEST_BUDGET = None

    def __init__(self, client, connection, concurrency=4, clock=None):
        """``clock`` (tests only) replaces ``time.time`` in the token cache."""
        super(CybeDefendAdapter, self).__init__(client, connection, concurrency)
        # resolve_connection has checked CONNECTION: api_token and org_id are given, region is a known one.
        region = connection['region']
        self.region = region
        self.api_url = (connection.get('api_url') or REGIONS[region]['api_url']).rstrip('/')
        self.auth_url = (connection.get('auth_url') or REGIONS[region]['auth_url']).rstrip('/')
        self.org_id = connection['org_id']
        self._pat = connection['api_token']
        self._client_id = connection.get('client_id') or None
        self._teams = None
        client.add_secret(self._pat)
        kwargs = {'clock': clock} if clock is not None else {}
        client.authenticator = TokenAuthenticator(self._fetch_token, **kwargs)

    def budget_scope(self):
        return (self._pat, self.api_url)

    # Auth

    def client_id(self):
        """The OAuth client id (the CLI app id) for the exchange: given, else discovered, else the region's documented one."""
        if self._client_id is None:
            self._client_id = self._discover_client_id()
        return self._client_id

    def _discover_client_id(self):
        url = self.api_url + PATHS['client_apps']
        problem = None
        try:
            answer = self.client.json('GET', url, authenticate=False)
        except ApiError as exc:
            if exc.status in (401, 403):
                raise
            answer, problem = None, str(exc)
        app_id = None
        if isinstance(answer, dict) and isinstance(answer.get(ANSWER['client_apps_cli']), dict):
            app_id = answer[ANSWER['client_apps_cli']].get(ANSWER['app_id'])
        if isinstance(app_id, str) and app_id.strip():
            return app_id.strip()
        problem = problem or 'GET %s gave no %s.%s' % (PATHS['client_apps'], ANSWER['client_apps_cli'], ANSWER['app_id'])
        if self.auth_url == REGIONS[self.region]['auth_url']:
            # The documented ids belong to CybeDefend's own identity providers, one per region.
            return REGIONS[self.region]['cli_app_id']
        raise ValidationError('the CLI client id could not be discovered (%s) and auth_url %s is not a CybeDefend region,'
                              ' so no documented id applies: set client_id (or CYBEDEFEND_CLIENT_ID)' % (problem, self.auth_url),
                              field='client_id', platform=self.NAME)

    def _fetch_token(self):
        """Exchange the PAT for an access token: ``(token, expires_in)`` for ``TokenAuthenticator``."""
        url = self.auth_url + PATHS['token']
        form = dict(TOKEN_FORM)
        form.update({
            TOKEN_KEYS['client_id']: self.client_id(),
            TOKEN_KEYS['subject_token']: self._pat,
            TOKEN_KEYS['resource']: self.api_url,  # the API base actually used, no trailing slash [V docs]
        })
        response = self.client.request('POST', url, data=form, authenticate=False, idempotent=True, ok_statuses=(400, 401, 403),
                                       read=True)
        if response.status_code in (400, 401, 403):
            raise self._token_error(response)
        try:
            answer = response.json()
        except ValueError:
            answer = None
        token = answer.get(ANSWER['access_token']) if isinstance(answer, dict) else None
        if not isinstance(token, str) or not token:
            raise ApiError(self.NAME, 'POST', self.client.display_path(url), response.status_code,
                           reason='the token exchange answered without an access_token')
        self.client.add_secret(token)
        try:
            lifetime = int(answer.get(ANSWER['expires_in']))
        except (TypeError, ValueError):
            lifetime = None
        return token, lifetime

    def _token_error(self, response):
        status = response.status_code
        try:
            body = response.json()
        except ValueError:
            body = response.text
        raw = (response.text or '').lower()
        if status in (401, 403):
            reason = TOKEN_AUTH_FAILED
        else:
            reason = 'the auth server refused the token exchange'
            for code, meaning in TOKEN_ERRORS:
                if code in raw:
                    reason = '%s: %s' % (code, meaning % {'api_url': self.api_url})
                    break
        return ApiError(self.NAME, 'POST', self.client.display_path(self.auth_url + PATHS['token']), status,
                        vendor_message=self.client.excerpt(vendor_message(body)), reason=reason)

    # URLs and paging

    def _url(self, name, **params):
        values = {'org_id': quote(self.org_id, safe='')}
        values.update((key, quote(str(value), safe='')) for key, value in params.items())
        return self.api_url + PATHS[name].format(**values)

    def _items(self, body, key, method, url):
        """The list in an answer that is either a bare array or an object wrapping it under ``key``."""
        if isinstance(body, list):
            return body
        if isinstance(body, dict) and isinstance(body.get(key), list):
            return body[key]
        if body is None:
            return []
        raise ApiError(self.NAME, method, self.client.display_path(url), reason='unexpected answer: expected a list or an object with "%s"' % key)

    def _paged(self, url, key, search=None):
        """Every item of a paged list (``search`` narrows it), under the paging contract (``_paging.PageReader``).

        With ``totalPages`` in the answers (the member lists), pages 1 to ``totalPages`` are read whatever
        their length, and an empty page before the last, or items past it, are errors; without it (the
        invitation list), up to a short or empty page.
        """
        path = self.client.display_path(url)
        reader = PageReader(self.NAME, 'GET', path, ANSWER['id'], QUERY['page'], PAGE_SIZE)
        page = 1
        while True:
            params = {QUERY['page']: page, QUERY['page_size']: PAGE_SIZE}
            if search is not None:
                params[QUERY['search']] = search
            body = self.client.json('GET', url, params=params)
            items = self._items(body, key, 'GET', url)
            total_pages = count(body.get(ANSWER['total_pages'])) if isinstance(body, dict) else None
            if not items:
                if total_pages is not None and page < total_pages:
                    raise reader.error('page %d is empty, but the answer announced %s %d' % (page, ANSWER['total_pages'], total_pages))
                return reader.items
            if total_pages is not None and page > total_pages:
                raise reader.error('page %d holds items, but the answer announced %s %d' % (page, ANSWER['total_pages'], total_pages))
            reader.take(items, 'page %d' % page)
            if (page >= total_pages) if total_pages is not None else len(items) < PAGE_SIZE:
                return reader.items
            page += 1

    # Organisations

    def list_orgs(self, org_ids=None):
        """Every organisation of the PAT's user (one unpaged call), or those of ``org_ids``, each of which must be among them."""
        url = self.api_url + PATHS['organizations']
        path = self.client.display_path(url)
        orgs = [org_record(require(item, ANSWER['id'], self.NAME, 'GET', path, 'an organisation'),
                           require(item, ANSWER['org_name'], self.NAME, 'GET', path, 'an organisation'))
                for item in self._items(self.client.json('GET', url), ANSWER['organizations'], 'GET', url)]
        if not org_ids:
            return orgs
        by_id = dict((org['id'].casefold(), org) for org in orgs)
        missing = [org_id for org_id in org_ids if str(org_id).casefold() not in by_id]
        if missing:
            raise ApiError(self.NAME, 'GET', path, reason='%s %s not among the organisations of the PAT\'s user (%s)'
                           % (', '.join(missing), 'is' if len(missing) == 1 else 'are',
                              ', '.join(org['id'] for org in orgs) or 'none'))
        return [by_id[str(org_id).casefold()] for org_id in org_ids]

    # Roles and teams

    def list_roles(self):
        return [role_record(name, name) for name in ORG_ROLES]

    def list_team_roles(self):
        return [role_record(name, name) for name in TEAM_ROLES]

    @staticmethod
    def _canonical(value, names):
        """``value`` spelled as in ``names`` when it matches one case-insensitively, else as given."""
        if isinstance(value, str):
            for name in names:
                if name == value.strip().lower():
                    return name
        return value

    def resolve_team_role(self, value, field='teams[].role'):
        """The team role name the API takes (``developer``...), from a name in any case or a role record."""
        if isinstance(value, dict):
            value = value.get('id') or value.get('name')
        if value is None or str(value).strip() == '':
            raise ValidationError('a team role is required', field=field, platform=self.NAME)
        role = self._canonical(str(value), TEAM_ROLES)
        if role not in TEAM_ROLES:
            raise ValidationError('%r is not a team role; choose one of: %s' % (str(value).strip(), ', '.join(TEAM_ROLES)),
                                  field=field, platform=self.NAME)
        return role

    def list_teams(self):
        url = self._url('teams')
        body = self.client.json('GET', url)
        return [{'id': item.get(ANSWER['id']), 'name': item.get(ANSWER['team_name'])}
                for item in self._items(body, ANSWER['teams'], 'GET', url) if isinstance(item, dict)]

    def teams(self):
        """``list_teams()`` read once per run."""
        if self._teams is None:
            self._teams = self.list_teams()
        return self._teams

    def resolve_team(self, value, field='teams[].team'):
        """The ``{'id', 'name'}`` of a team given by id or by name (case-insensitive)."""
        if value is None or str(value).strip() == '':
            raise ValidationError('a team is required', field=field, platform=self.NAME)
        wanted = str(value).strip()
        for team in self.teams():
            if team['id'] == wanted:
                return team
        matches = [team for team in self.teams() if (team['name'] or '').casefold() == wanted.casefold()]
        if len(matches) == 1:
            return matches[0]
        if matches:
            raise ValidationError('%r names %d teams (%s); give the team id instead' % (wanted, len(matches), ', '.join(team['id'] for team in matches)),
                                  field=field, platform=self.NAME)
        names = ', '.join(sorted(str(team['name']) for team in self.teams())) or '(the organisation has no teams)'
        raise ValidationError('%r is not a team of this organisation; teams: %s' % (wanted, names), field=field, platform=self.NAME)

    # Reads

    def whoami(self):
        answer = self.client.json('GET', self._url('whoami'))
        if not isinstance(answer, dict):
            answer = {}
        return {'id': answer.get(ANSWER['id']), 'email': answer.get(ANSWER['email'])}

    def _invite_from(self, item, teams=None, source=('GET', PATHS['invitations'])):
        """An invite record from an invitation (``OrganizationInviteResponseDto``); its ``id`` is required."""
        self.client.add_secret(item.get(ANSWER['invite_token']))
        invite_id = require(item, ANSWER['id'], self.NAME, source[0], source[1], 'an invitation')
        role = self._canonical(item.get(ANSWER['invite_role']) or item.get(ANSWER['role']), ORG_ROLES)
        status = PENDING  # the answer to the invitation we just sent, when it leaves the status out
        if source[0] == 'GET' or item.get(ANSWER['status']) not in (None, ''):
            status = require_status(item, ANSWER['status'], INVITE_STATUSES, self.NAME, source[0], source[1], 'an invitation')
        return invite_record(self.NAME, invite_id, item.get(ANSWER['email']), role, status=status,
                             expires_at=item.get(ANSWER['expires_at']), teams=teams)

    def list_invites(self):
        return [self._invite_from(item) for item in self._paged(self._url('invitations'), ANSWER['invitations'])]

    def _member_from(self, item, source=('GET', PATHS['members'])):
        """A member record from a member list item; its ``id`` (the ``userId`` every member request takes) is required."""
        user_id = require(item, ANSWER['id'], self.NAME, source[0], source[1], 'a member')
        name = item.get(ANSWER['user_name'])
        if not name:
            name = ' '.join(part for part in (item.get(ANSWER['first_name']), item.get(ANSWER['last_name'])) if part) or None
        role = self._canonical(item.get(ANSWER['role']), ORG_ROLES)
        return member_record(self.NAME, user_id, item.get(ANSWER['email']), role, name=name)

    def list_members(self):
        return [self._member_from(item) for item in self._paged(self._url('members'), ANSWER['users'])]

    def members_by_email(self, email):
        """Through the member list's ``search``, compared again with ``email_key``; the whole list when the search
        finds no match (its matching is undocumented)."""
        wanted = email_key(email)
        found = [self._member_from(item) for item in self._paged(self._url('members'), ANSWER['users'], search=email.strip())]
        found = [member for member in found if email_key(member['email']) == wanted]
        return found or super(CybeDefendAdapter, self).members_by_email(email)

    def member_teams(self):
        result = {}
        for team in self.teams():
            for item in self._paged(self._url('team_members', team_id=team['id']), ANSWER['users']):
                user_id = require(item, ANSWER['id'], self.NAME, 'GET', PATHS['team_members'], 'a team member')
                result.setdefault(user_id, []).append({
                    'team_id': team['id'],
                    'team': team['name'],
                    'role': self._canonical(item.get(ANSWER['role']), TEAM_ROLES),
                })
        return result

    # Writes

    def _role_id(self, role, field='role'):
        if isinstance(role, dict):
            return role['id']
        return self.resolve_role(role, field)['id']

    def create_invites(self, items):
        return run_bounded(self._invite_one, list(items), self.concurrency)

    def _invite_one(self, item):
        role = self._role_id(item['role'])
        teams = [{'team_id': team['team_id'], 'team': team.get('team'), 'role': self.resolve_team_role(team.get('role'))}
                 for team in item.get('teams') or []]
        body = {BODY['email']: item['email'], BODY['role']: role}
        if teams:
            body[BODY['team_assignments']] = [{BODY['team_id']: team['team_id'], BODY['role']: team['role']} for team in teams]
        answer = self.client.json('POST', self._url('invite'), json=body, idempotent=False)
        if isinstance(answer, dict) and answer.get(ANSWER['id']):
            record = self._invite_from(answer, teams=teams or None, source=('POST', PATHS['invite']))
            record['email'] = record['email'] or item['email']
            record['role'] = record['role'] or role
            record['role_id'] = record['role_id'] or role
            return record
        # Any 2xx is success; an answer without the invitation leaves only what was sent.
        return invite_record(self.NAME, None, item['email'], role, teams=teams or None)

    def cancel_invite(self, invite):
        invitation_id = require_id(invite.get('id'), self.NAME, 'DELETE', PATHS['invitation'], 'the invitation for %s' % invite.get('email'))
        self.client.request('DELETE', self._url('invitation', invitation_id=invitation_id), idempotent=True, ok_statuses=(404,))

    def update_member(self, member, role=None, enabled=None):
        """Change the role; ``enabled`` is never given, as CybeDefend has no ``CAP_DISABLE_USERS``."""
        updated = dict(member)
        if role is None:
            return updated
        role_id = self._role_id(role)
        user_id = require_id(member.get('id'), self.NAME, 'PUT', PATHS['member_role'], 'the member %s' % member.get('email'))
        self.client.request('PUT', self._url('member_role'), json={BODY['user_id']: user_id, BODY['role']: role_id}, idempotent=True)
        updated['role'] = role['name'] if isinstance(role, dict) else role_id
        updated['role_id'] = role_id
        return updated

    def remove_member(self, member):
        user_id = require_id(member.get('id'), self.NAME, 'DELETE', PATHS['member'], 'the member %s' % member.get('email'))
        self.client.request('DELETE', self._url('member'), json={BODY['user_id']: user_id}, idempotent=True, ok_statuses=(404,))

    def member_change_refusal(self, before, after, me, projected):
        """CybeDefend's guard rails (see ``ADMIN_ROLE``): ``(field, reason)`` for a change it refuses, else None."""
        mine = me is not None and before['id'] == me['id']
        if after is None:
            if mine:
                return 'state', 'CybeDefend does not let anyone remove themselves from the organisation'
            if before['role'] == self.ADMIN_ROLE and not any(member['role'] == self.ADMIN_ROLE for member in projected):
                return 'state', 'the organisation must keep at least one %s' % self.ADMIN_ROLE
            # A removed member leaves every team: the last team manager of a team is not removed either.
            refused = self._team_refusal(before, {'teams': []}, me, projected)
            return ('state', refused[1]) if refused is not None else None
        if after['role'] != before['role']:
            if mine:
                return 'role', 'CybeDefend does not let anyone change their own role'
            if before['role'] == self.ADMIN_ROLE:
                return 'role', "CybeDefend does not let an %s's role be changed, by anyone" % self.ADMIN_ROLE
        return self._team_refusal(before, after, me, projected)

    def _team_refusal(self, before, after, me, projected):
        """A team keeps a team manager, and a team manager's role is not changed by a team manager of that team."""
        if before.get('teams') is None or after.get('teams') is None:
            return None
        kept = dict((team['team_id'], team['role']) for team in after['teams'])
        my_teams = dict((team['team_id'], team['role']) for team in (me or {}).get('teams') or [])
        for team in before['teams']:
            if team['role'] != self.TEAM_MANAGER_ROLE or kept.get(team['team_id']) == self.TEAM_MANAGER_ROLE:
                continue
            if not any(other['team_id'] == team['team_id'] and other['role'] == self.TEAM_MANAGER_ROLE
                       for member in projected for other in member.get('teams') or []):
                return 'teams', 'team %s must keep at least one %s' % (team['team'], self.TEAM_MANAGER_ROLE)
            if team['team_id'] in kept and my_teams.get(team['team_id']) == self.TEAM_MANAGER_ROLE:
                return 'teams', ("CybeDefend does not let a %s of team %s change the role of a %s of that team"
                                 % (self.TEAM_MANAGER_ROLE, team['team'], self.TEAM_MANAGER_ROLE))
        return None

    def set_team_membership(self, team_id, user_id, role=None, current_role=None):
        """Add (``current_role`` None), change, or with ``role`` None remove one team membership. Returns None."""
        require_id(team_id, self.NAME, 'DELETE' if role is None else 'POST', PATHS['team_member'], 'the team')
        require_id(user_id, self.NAME, 'DELETE' if role is None else 'POST', PATHS['team_member'], 'the team member')
        if role is None:
            self.client.request('DELETE', self._url('team_member', team_id=team_id), json={BODY['user_id']: user_id},
                                idempotent=True, ok_statuses=(404,))
            return
        role = self.resolve_team_role(role, field='role')
        body = {BODY['user_id']: user_id, BODY['role']: role}
        if current_role is None:
            self.client.request('POST', self._url('team_member', team_id=team_id), json=body, idempotent=False)
        elif self._canonical(current_role, TEAM_ROLES) != role:
            self.client.request('PUT', self._url('team_member_role', team_id=team_id), json=body, idempotent=True)
