# Copyright: (c) 2026, orgaccess maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""CybeDefend: the PAT token exchange (auth host) and the organization, invitation, member and
team operations (API host), validated against cybedefend/openapi.json.

The PAT's user can belong to several organizations (``GET /organizations`` lists them); one PAT
reaches each of them, and each has its own members, invitations and teams.

Errors come in the two shapes the document shows: 400 (and 404) as ErrorDto
``{timestamp, service, method, message, code}``, 401/403 (and 429, 5xx) as NestJS's
``{message, statusCode, timestamp, path}``. The auth host answers OAuth errors.
"""

from __future__ import annotations

import datetime
import math
import secrets

from .config import UNKNOWN_INVITE_STATUS
from .state import principal_label
from .emulation import (ApiError, Emulator, Route, SeedError, email_key, iso, json_response, parse_time, seed_credentials,
                        seed_entries, seed_status, split_name, utcnow)

ORG_ID = '33333333-3333-4333-8333-333333333333'
TEAMS = (('Platform', 'Platform engineering', '55555555-5555-4555-8555-000000000001'),
         ('AppSec', 'Application security', '55555555-5555-4555-8555-000000000002'))
ORG_ROLES = ('administrator', 'manager', 'billing_manager', 'member')
TEAM_ROLES = ('team_manager', 'analyst_developer', 'developer', 'read_only')
MANAGING_ROLES = ('administrator', 'manager')  # who may add, change and remove org users [V docs]
TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange'
PAT_TOKEN_TYPE = 'urn:logto:token-type:personal_access_token'
INVITE_LIFETIME = datetime.timedelta(days=7)
MAX_PAGE_SIZE = 20
ORG_PATH = '/api/organization/{organizationId}'


class CybeDefend(Emulator):
    name = 'cybedefend'
    prefix = '/cybedefend'

    def build_routes(self):
        def api(method, template, handler, name, kind='read', auth=True):
            return Route(method, template, handler, kind=kind, auth=auth, spec='cybedefend', name=name)

        return [
            Route('POST', '/auth/oidc/token', self.token, kind='auth', auth=False),
            api('GET', '/api/client-apps', self.client_apps, 'AppController_getClientApps', auth=False),
            api('GET', '/api/user/profile', self.profile, 'UserController_getProfile'),
            api('GET', '/api/organizations', self.organizations, 'OrganizationController_getOrganizations'),
            api('POST', ORG_PATH + '/invite', self.invite, 'OrganizationController_inviteUserToOrganization', 'write'),
            api('GET', ORG_PATH + '/invitations', self.list_invitations, 'OrganizationController_getOrganizationInvitations'),
            api('DELETE', ORG_PATH + '/invitation/{invitationId}', self.cancel_invitation,
                'OrganizationController_cancelOrganizationInvitation', 'write'),
            api('GET', ORG_PATH + '/members', self.list_members, 'OrganizationController_getOrganizationMembers'),
            api('PUT', ORG_PATH + '/member/role', self.change_role, 'OrganizationController_updateOrganizationMemberRole', 'write'),
            api('DELETE', ORG_PATH + '/member', self.remove_member, 'OrganizationController_removeOrganizationMember', 'write'),
            api('GET', ORG_PATH + '/teams', self.list_teams, 'TeamController_getTeams'),
            api('POST', ORG_PATH + '/team', self.create_team, 'TeamController_createTeam', 'write'),
            api('GET', '/api/team/{teamId}/members', self.list_team_members, 'TeamController_getTeamMembers'),
            api('POST', '/api/team/{teamId}/member', self.add_team_member, 'TeamController_TeamAddMember', 'write'),
            api('PUT', '/api/team/{teamId}/member/role', self.change_team_role, 'TeamController_updateTeamMemberRole', 'write'),
            api('DELETE', '/api/team/{teamId}/member', self.remove_team_member, 'TeamController_deleteTeamMember', 'write'),
        ]

    ORG_KEYS = Emulator.ORG_KEYS + ('owner_role',)

    def reset_org(self):
        self.ids.reset()
        now = iso(utcnow())
        # The PAT and the app ids are the platform's: the default organization's emulator holds them.
        self.credentials = {'pat': 'pat_sandbox', 'cli_app_id': 'sandbox-cli-app',
                            'vscode_app_id': 'sandbox-vscode-app', 'intellij_app_id': 'sandbox-intellij-app'}
        spec = self.org_input or {'id': ORG_ID, 'name': 'Sandbox Org', 'owner_role': 'administrator'}
        self.org = {'id': spec['id'], 'name': spec['name']}
        self.users = {}  # id -> user, in joining order
        # Team ids are unique on the platform (team paths carry no organization): the default
        # organization keeps the fixed ones, others derive theirs.
        self.teams = dict((team_id if self.org_input is None else self.ids.fixed('team', self.org['id'], name),
                           {'id': team_id if self.org_input is None else self.ids.fixed('team', self.org['id'], name),
                            'name': name, 'description': description, 'createdAt': now, 'updatedAt': now, 'members': {}})
                          for name, description, team_id in TEAMS)
        self.invitations = []  # every invitation ever made, tokens included
        self._invitations_by_email = {}  # email_key -> that email's invitations, in order: lookups cost the same at any size
        self.owner_id = self._put_user('owner@example.com', 'Sandbox Owner', spec.get('owner_role') or 'administrator')['id']

    # -- vendor shapes ------------------------------------------------------------------------

    def error(self, request, status, message, code=None, reasons=None, **details):
        if request.path.startswith('/cybedefend/auth/'):
            # The identity provider (Logto) answers in OAuth's shape, with its own code beside it.
            code = code or ('server_error' if status >= 500 else 'invalid_request')
            return json_response(status, {'error': code, 'error_description': message, 'code': 'oidc.' + code})
        if reasons:
            message = '%s: %s' % (message, '; '.join(reasons))
        if status in (400, 404):
            route = request.context.get('route')
            service, _sep, method = (route.name if route and route.name else 'ApiGateway_handle').partition('_')
            return json_response(status, {'timestamp': iso(utcnow()), 'service': service, 'method': method,
                                          'message': message, 'code': status})
        return json_response(status, {'message': message, 'statusCode': status, 'timestamp': iso(utcnow()),
                                      'path': request.path[len('/cybedefend/api'):] or '/'})

    def authenticate(self, request):
        try:
            self.bearer_token(request)
        except ApiError:
            raise ApiError(401, 'Unauthorized')  # NestJS's guard says no more than that

    def check(self, request, route):
        problems = self.validator.request_errors(route.spec, request)
        if problems:
            raise ApiError(400, 'Validation failed', reasons=problems)

    # -- auth host ----------------------------------------------------------------------------

    def token(self, request):
        """RFC 8693 token exchange of a personal access token, as Logto does it."""
        if request.content_type != 'application/x-www-form-urlencoded':
            raise ApiError(400, 'The token request must be a form (application/x-www-form-urlencoded)')
        form = request.form()
        if form.get('grant_type') != TOKEN_EXCHANGE:
            raise ApiError(400, 'unsupported grant_type %r' % form.get('grant_type'), code='unsupported_grant_type')
        client_id = form.get('client_id')
        if client_id in (self.credentials['vscode_app_id'], self.credentials['intellij_app_id']):
            raise ApiError(400, 'token_exchange_not_allowed: only the CLI application may exchange a personal access token',
                           code='unauthorized_client')
        if client_id != self.credentials['cli_app_id']:
            raise ApiError(400, 'invalid client %s' % client_id, code='invalid_client')
        if form.get('subject_token_type') != PAT_TOKEN_TYPE:
            raise ApiError(400, 'unsupported subject_token_type %r' % form.get('subject_token_type'))
        if form.get('subject_token') != self.credentials['pat']:
            raise ApiError(400, 'invalid personal access token', code='invalid_grant')
        # The resource indicator must be the API base URL the client actually uses.
        expected = request.base_url + '/cybedefend/api'
        if form.get('resource') != expected:
            raise ApiError(400, 'resource indicator %r is not registered (expected %s)' % (form.get('resource'), expected),
                           code='invalid_target')
        token, ttl = self.store.issue_token(self.name)
        self.store.bind_token(token, principal=principal_label(self.name, form['subject_token']))
        return json_response(200, {'access_token': token, 'token_type': 'Bearer', 'expires_in': ttl,
                                   'scope': 'openid profile email'})

    # -- identity -----------------------------------------------------------------------------

    def client_apps(self, request):
        return json_response(200, dict((client, {'appId': self.credentials[client + '_app_id']})
                                       for client in ('cli', 'vscode', 'intellij')))

    def profile(self, request):
        owner = self.users[self.owner_id]
        now = iso(utcnow())
        return json_response(200, {'id': owner['id'], 'firstName': owner['firstName'], 'lastName': owner['lastName'],
                                   'email': owner['email'], 'picture': owner['picture'], 'notification': True,
                                   'isOnboardingCompleted': True, 'createdAt': owner['createdAt'], 'updatedAt': now,
                                   'myOrganizations': [emulator._my_organization(now) for emulator in self._my_orgs()]})

    def organizations(self, request):
        """Every organization of the PAT's user: a bare array, as the document says, or the wrapper clients read."""
        orgs = [{'id': emulator.org['id'], 'name': emulator.org['name'], 'description': '', 'website': '',
                 'email': 'security@%s.invalid' % emulator.org['id'][:8], 'concurrentScanLimit': 1}
                for emulator in self._my_orgs()]
        return json_response(200, {'organizations': orgs} if self.config('cybedefend_organizations_wrapped') else orgs)

    def _my_orgs(self):
        owner_email = self.users[self.owner_id]['email']
        return [emulator for emulator in self.home.orgs.values() if emulator._user_by_email(owner_email)]

    def _my_organization(self, now):
        """This organization as the profile's myOrganizations shows it (the PAT's user's role and teams)."""
        owner = self.users[self.owner_id]
        my_teams = [{'id': team['id'], 'name': team['name'], 'myRole': team['members'][owner['id']]}
                    for team in self.teams.values() if owner['id'] in team['members']]
        subscription = {'plan': 'enterprise', 'seats': 50, 'resetAt': now, 'createdAt': owner['createdAt'],
                        'updatedAt': now, 'currentPeriodEnd': now, 'status': 'active'}
        return {'id': self.org['id'], 'name': self.org['name'], 'country': 'FR', 'industry': 'software', 'isActive': True,
                'myTeams': my_teams, 'myRole': owner['role'], 'subscription': subscription}

    # -- invitations --------------------------------------------------------------------------

    def invite(self, request, organizationId):
        self._org(organizationId)
        self._require_manager()
        body = _object(request)
        email, role = body.get('email'), body.get('role')
        if not isinstance(email, str) or '@' not in email:
            raise ApiError(400, 'email must be an email')
        if role not in ORG_ROLES:
            raise ApiError(400, 'role must be one of the following values: %s' % ', '.join(ORG_ROLES))
        assignments = self._assignments(body.get('teamAssignments'))
        email = email.strip()
        if self.config('invite_existing_member') == 'reject' and self._user_by_email(email):
            raise ApiError(400, 'User %s is already a member of this organization' % email)
        if self.config('duplicate_invite') == 'reject' and self._live_invitation(email):
            raise ApiError(400, 'An invitation is already pending for %s' % email)
        return json_response(201, self._wire_invitation(self._new_invitation(email, role, assignments)))

    def list_invitations(self, request, organizationId):
        self._org(organizationId)
        page, size = self._wire_page(request)
        invitations = self.invitations
        if not self.config('list_includes_inactive'):
            invitations = [invitation for invitation in invitations if self._status(invitation).lower() == 'pending']
        views = [self._wire_invitation(invitation) for invitation in invitations[(page - 1) * size:page * size]]
        return json_response(200, {'organizationId': self.org['id'], 'invitations': views})

    def cancel_invitation(self, request, organizationId, invitationId):
        self._org(organizationId)
        self._require_manager()
        for invitation in self.invitations:
            if invitation['id'] == invitationId and invitation['status'] == 'pending':
                invitation['status'] = 'cancelled'
                return json_response(200, self._invitation_view(invitation))
        raise ApiError(404, 'Invitation %s not found or no longer pending' % invitationId)

    # -- members ------------------------------------------------------------------------------

    def list_members(self, request, organizationId):
        self._org(organizationId)
        users = list(self.users.values())
        answer = self._users_page(request, [(user, user['role']) for user in users])
        answer['totalAdministrators'] = sum(1 for user in users if user['role'] == 'administrator')
        return json_response(200, answer)

    def change_role(self, request, organizationId):
        self._org(organizationId)
        self._require_manager()
        body = _object(request)
        if body.get('role') not in ORG_ROLES:
            raise ApiError(400, 'role must be one of the following values: %s' % ', '.join(ORG_ROLES))
        user = self._member(body.get('userId'))
        # Guard rails [V docs assigning-roles]: nobody changes their own role, and an
        # administrator's role is never changed by another; so one administrator always stays.
        if user['id'] == self.owner_id:
            raise ApiError(403, 'You cannot change your own role')
        if user['role'] == 'administrator' and body['role'] != 'administrator':
            raise ApiError(403, "An administrator's role cannot be changed by another member")
        user['role'] = body['role']
        return json_response(200, {'message': 'Member role updated'})

    def remove_member(self, request, organizationId):
        self._org(organizationId)
        self._require_manager()
        user = self._member(_object(request).get('userId'))
        if user['id'] == self.owner_id:
            raise ApiError(403, 'You cannot remove yourself from the organization')
        if user['role'] == 'administrator' and self._count_role('administrator') == 1:
            raise ApiError(403, 'The organization must keep at least one administrator')
        del self.users[user['id']]
        for team in self.teams.values():
            team['members'].pop(user['id'], None)
        return json_response(200, {'message': 'Member removed from organization'})

    # -- teams --------------------------------------------------------------------------------

    def list_teams(self, request, organizationId):
        self._org(organizationId)
        teams = [_team_view(team) for team in self.teams.values()]
        return json_response(200, {'teams': teams} if self.config('cybedefend_list_wrapped') else teams)

    def create_team(self, request, organizationId):
        self._org(organizationId)
        self._require_manager()
        body = _object(request)
        name, description = body.get('name'), body.get('description')
        if not isinstance(name, str) or not name.strip() or not isinstance(description, str):
            raise ApiError(400, 'name and description must be strings, name not empty')
        if any(team['name'].casefold() == name.strip().casefold() for team in self.teams.values()):
            raise ApiError(400, 'A team named %s already exists' % name.strip())
        team = self._new_team(name.strip(), description)
        return json_response(200, {'success': True, 'message': 'Team created', 'organizationId': self.org['id'],
                                   'teamId': team['id'], 'name': team['name'], 'description': team['description']})

    def list_team_members(self, request, teamId):
        team = self._team(teamId)
        return json_response(200, self._users_page(request, [(self.users[user_id], role) for user_id, role in team['members'].items()]))

    def _users_page(self, request, entries):
        """{users, totalUsers, totalPages} for (user, role) entries, with the optional search filter."""
        page, size = self._wire_page(request)
        search = (request.arg('search') or '').strip().casefold()
        rows = [_user_view(user, role) for user, role in entries]
        if search:
            rows = [row for row in rows if search in row['name'].casefold() or search in row['email'].casefold()]
        return {'users': [self._wire_ids(row) for row in rows[(page - 1) * size:page * size]], 'totalUsers': len(rows),
                'totalPages': int(math.ceil(len(rows) / float(size)))}

    def add_team_member(self, request, teamId):
        team = self._team(teamId)
        self._require_manager()
        body = _object(request)
        role = _team_role(body.get('role'))
        user_id = body.get('userId')
        if user_id not in self.users:
            raise ApiError(400, 'User %s is not a member of the organization' % user_id)
        if user_id in team['members']:
            raise ApiError(400, 'User %s is already a member of the team' % user_id)
        team['members'][user_id] = role
        team['updatedAt'] = iso(utcnow())
        return json_response(200, {'message': 'Member added to team', 'updatedTeam': _team_view(team)})

    def change_team_role(self, request, teamId):
        team = self._team(teamId)
        self._require_manager()
        body = _object(request)
        role = _team_role(body.get('role'))
        user_id = self._team_member(team, body.get('userId'))
        if team['members'][user_id] == 'team_manager' and role != 'team_manager':
            # Guard rails [V docs]: a team keeps a team manager, and team managers do not
            # demote each other (nor themselves).
            if team['members'].get(self.owner_id) == 'team_manager' or _managers(team) == 1:
                raise ApiError(403, "A team manager's role cannot be changed here")
        team['members'][user_id] = role
        return json_response(200, {'success': True, 'message': 'Member role updated'})

    def remove_team_member(self, request, teamId):
        team = self._team(teamId)
        self._require_manager()
        user_id = self._team_member(team, _object(request).get('userId'))
        if team['members'][user_id] == 'team_manager' and _managers(team) == 1:
            raise ApiError(403, 'The team must keep at least one team manager')
        del team['members'][user_id]
        return json_response(200, {'success': True, 'message': 'Member removed from team'})

    # -- helpers ------------------------------------------------------------------------------

    def _org(self, organization_id):
        if organization_id != self.org['id']:
            raise ApiError(403, 'Forbidden resource')

    # -- organizations ------------------------------------------------------------------------

    def org_for(self, request, params):
        if 'organizationId' in params:
            return self.orgs.get(params['organizationId'], self)
        if 'teamId' in params:
            for emulator in self.orgs.values():
                if params['teamId'] in emulator.teams:
                    return emulator
        return self

    def principal(self, request):
        if request.path == self.prefix + '/auth/oidc/token':
            try:
                subject = request.form().get('subject_token')
            except ApiError:
                return None
            return principal_label(self.name, subject) if subject else None
        scheme, _sep, token = request.header('Authorization').strip().partition(' ')
        return self.store.token_binding(token.strip())[1] if scheme.lower() == 'bearer' else None

    def org_spec(self, spec, where):
        if spec.get('owner_role', 'administrator') not in ORG_ROLES:
            raise SeedError('%s.owner_role must be one of %s' % (where, ', '.join(ORG_ROLES)))
        return spec

    def org_summary(self):
        return {'id': self.org['id'], 'name': self.org['name'], 'owner_role': self.users[self.owner_id]['role'],
                'teams': [{'id': team['id'], 'name': team['name']} for team in self.teams.values()],
                'credentials': {'pat': self.home.credentials['pat']}}

    def _require_manager(self):
        """Only administrators and managers add, change and remove users (the PAT's owner acts)."""
        if self.users[self.owner_id]['role'] not in MANAGING_ROLES:
            raise ApiError(403, 'Forbidden resource')

    def _count_role(self, role):
        return sum(1 for user in self.users.values() if user['role'] == role)

    def _member(self, user_id):
        if user_id not in self.users:
            raise ApiError(404, 'User %s is not a member of this organization' % user_id)
        return self.users[user_id]

    def _team(self, team_id):
        if team_id not in self.teams:
            raise ApiError(404, 'Team %s not found' % team_id)
        return self.teams[team_id]

    def _team_member(self, team, user_id):
        if user_id not in team['members']:
            raise ApiError(404, 'User %s is not a member of team %s' % (user_id, team['name']))
        return user_id

    def _assignments(self, value):
        if value is None:
            return []
        if not isinstance(value, list):
            raise ApiError(400, 'teamAssignments must be an array')
        seen = set()
        for item in value:
            if not isinstance(item, dict) or item.get('teamId') not in self.teams:
                raise ApiError(400, 'teamAssignments: unknown team %r' % (item.get('teamId') if isinstance(item, dict) else item))
            _team_role(item.get('role'))
            if item['teamId'] in seen:
                raise ApiError(400, 'teamAssignments: team %s given twice' % item['teamId'])
            seen.add(item['teamId'])
        return [{'teamId': item['teamId'], 'role': item['role']} for item in value]

    def _user_by_email(self, email):
        for user in self.users.values():
            if email_key(user['email']) == email_key(email):
                return user
        return None

    def _put_user(self, email, name, role):
        user = self._user_by_email(email)
        if user is None:
            user_id = self.ids.fixed('user', email_key(email))
            first, last = split_name(name, email)
            user = self.users[user_id] = {'id': user_id, 'email': email, 'firstName': first, 'lastName': last,
                                          'picture': '', 'role': role, 'createdAt': iso(utcnow())}
        elif name:
            user['firstName'], user['lastName'] = split_name(name, email)
        user['role'] = role
        return user

    def _new_team(self, name, description):
        now = iso(utcnow())
        team_id = self.ids.next('team', name.casefold())
        team = self.teams[team_id] = {'id': team_id, 'name': name, 'description': description, 'createdAt': now,
                                      'updatedAt': now, 'members': {}}
        return team

    def _new_invitation(self, email, role, assignments, status='pending', expires_at=None):
        invitation = {'id': self.ids.next('invitation', email_key(email)), 'token': secrets.token_urlsafe(24), 'email': email,
                      'role': role, 'status': status, 'teamAssignments': assignments, 'createdAt': iso(utcnow()),
                      'expiresAt': iso(expires_at or utcnow() + INVITE_LIFETIME)}
        self.invitations.append(invitation)
        self._invitations_by_email.setdefault(email_key(email), []).append(invitation)
        return invitation

    def _status(self, invitation):
        status = invitation['status']
        if status == 'pending' and parse_time(invitation['expiresAt']) <= utcnow():
            status = 'expired'
        return status.upper() if self.config('cybedefend_status_case') == 'upper' else status

    def _invitation_view(self, invitation):
        return {'id': invitation['id'], 'token': invitation['token'], 'email': invitation['email'],
                'status': self._status(invitation), 'organizationId': self.org['id'], 'organizationName': self.org['name'],
                'organizationRole': invitation['role'], 'expiresAt': invitation['expiresAt']}

    def _wire_invitation(self, invitation):
        """An invitation as the API shows it, with the wrong guesses the switches ask for."""
        view = self._invitation_view(invitation)
        guess = self.config('invite_status')
        if guess == 'missing':
            del view['status']
        elif guess == 'unknown':
            view['status'] = UNKNOWN_INVITE_STATUS
        return self._wire_ids(view)

    def _wire_ids(self, view):
        if self.config('items_without_id'):
            del view['id']
        return view

    def _wire_page(self, request):
        """(page, pageSize) as served: page 1 again for any page when the server ignores paging."""
        page, size = _page_args(request)
        return (1 if self.config('ignore_paging') else page), size

    def _live_invitation(self, email):
        for invitation in reversed(self._invitations_by_email.get(email_key(email), [])):
            if self._status(invitation).lower() == 'pending':
                return invitation
        return None

    def _seed_teams(self, entries):
        """[(team id, role)] from admin input: [{"team": name or id, "role": team role}]."""
        if entries is None:
            return []
        if not isinstance(entries, list):
            raise SeedError('teams must be a list of {"team", "role"} objects')
        result = []
        for entry in entries:
            if not isinstance(entry, dict) or set(entry) - {'team', 'team_id', 'role'}:
                raise SeedError('each team entry must be {"team": name or id, "role": team role}')
            wanted = entry.get('team_id') or entry.get('team')
            matches = [team['id'] for team in self.teams.values() if wanted in (team['id'], team['name'])]
            if not matches:
                raise SeedError('unknown team %r' % wanted)
            role = entry.get('role', 'developer')
            if role not in TEAM_ROLES:
                raise SeedError('unknown team role %r; team roles: %s' % (role, ', '.join(TEAM_ROLES)))
            result.append((matches[0], role))
        return result

    # -- admin --------------------------------------------------------------------------------

    def snapshot(self):
        users = []
        for user in self.users.values():
            view = dict(user, teams=[{'team': team['name'], 'team_id': team['id'], 'role': team['members'][user['id']]}
                                     for team in self.teams.values() if user['id'] in team['members']])
            users.append(view)
        teams = [dict(_team_view(team), members=[{'userId': user_id, 'role': role} for user_id, role in team['members'].items()])
                 for team in self.teams.values()]
        invitations = [dict(invitation, status=self._status(invitation)) for invitation in self.invitations]
        snapshot = {'credentials': dict(self.home.credentials), 'org': dict(self.org), 'owner_id': self.owner_id,
                    'users': users, 'teams': teams, 'invitations': invitations, 'tokens_issued': self.store.token_count(self.name)}
        if self.home is self:
            snapshot['orgs'] = [emulator.org_summary() for emulator in self.orgs.values()]
        return snapshot

    def set_credentials(self, values):
        self.home.credentials.update(seed_credentials(values, ('pat', 'cli_app_id', 'vscode_app_id', 'intellij_app_id')))

    def seed_members(self, people):
        seeded = []
        for person in seed_entries(people, 'members', unsupported=('enabled',)):
            role = person.get('role', 'member')
            if role not in ORG_ROLES:
                raise SeedError('unknown role %r; roles: %s' % (role, ', '.join(ORG_ROLES)))
            teams = self._seed_teams(person.get('teams'))
            user = self._put_user(person['email'].strip(), person.get('name'), role)
            for team_id, team_role in teams:
                self.teams[team_id]['members'][user['id']] = team_role
            seeded.append(_user_view(user, role))
        return seeded

    def seed_invites(self, invites):
        seeded = []
        for entry in seed_entries(invites, 'invites'):
            role = entry.get('role', 'member')
            if role not in ORG_ROLES:
                raise SeedError('unknown role %r; roles: %s' % (role, ', '.join(ORG_ROLES)))
            assignments = [{'teamId': team_id, 'role': team_role} for team_id, team_role in self._seed_teams(entry.get('teams'))]
            status, expires_at = seed_status(entry)
            seeded.append(self._invitation_view(self._new_invitation(entry['email'].strip(), role, assignments, status, expires_at)))
        return seeded

    def accept(self, email):
        """The invitee accepts: they join with the invitation's role and its team assignments."""
        invitation = self._live_invitation(email)
        if invitation is None:
            return None
        invitation['status'] = 'accepted'
        user = self._put_user(invitation['email'], None, invitation['role'])
        for assignment in invitation['teamAssignments']:
            if assignment['teamId'] in self.teams:
                self.teams[assignment['teamId']]['members'][user['id']] = assignment['role']
        return _user_view(user, user['role'])


def _object(request):
    body = request.json()
    if not isinstance(body, dict):
        raise ApiError(400, 'The body must be a JSON object')
    return body


def _team_role(role):
    if role not in TEAM_ROLES:
        raise ApiError(400, 'role must be one of the following values: %s' % ', '.join(TEAM_ROLES))
    return role


def _user_view(user, role):
    """A user as the member lists show them (org role or team role)."""
    return {'id': user['id'], 'email': user['email'], 'firstName': user['firstName'], 'lastName': user['lastName'],
            'name': ('%s %s' % (user['firstName'], user['lastName'])).strip(), 'role': role, 'picture': user['picture']}


def _team_view(team):
    return dict((key, team[key]) for key in ('id', 'name', 'description', 'createdAt', 'updatedAt'))


def _managers(team):
    return sum(1 for role in team['members'].values() if role == 'team_manager')


def _whole_arg(request, name, maximum=None):
    """A required whole-number query parameter of at least 1 (and at most maximum)."""
    value = request.arg(name)
    if value is None or value == '':
        raise ApiError(400, '%s is required' % name)
    try:
        number = float(value)
    except ValueError:
        number = math.nan
    if not math.isfinite(number) or number != int(number):
        raise ApiError(400, '%s must be a whole number' % name)
    if number < 1:
        raise ApiError(400, '%s must not be less than 1' % name)
    if maximum is not None and number > maximum:
        raise ApiError(400, '%s must not be greater than %d' % (name, maximum))
    return int(number)


def _page_args(request):
    return _whole_arg(request, 'page'), _whole_arg(request, 'pageSize', MAX_PAGE_SIZE)
