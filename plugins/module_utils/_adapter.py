# -*- coding: utf-8 -*-
# Copyright (c) 2026, orgaccess.onboarding contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""What every platform adapter is: the interface, the normalised records, shared helpers.

See docs/architecture.md for the contract. Platform differences are data on the adapter class
(``CONNECTION``, ``CAPABILITIES``, path tables in each adapter module) and its methods; nothing
outside an adapter looks at a platform's name.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import re
import uuid
from concurrent.futures import ThreadPoolExecutor

from ansible_collections.orgaccess.onboarding.plugins.module_utils._errors import ApiError, ValidationError
from ansible_collections.orgaccess.onboarding.plugins.module_utils._http import check_base_url

CAP_RENEW = 'renew'
CAP_TEAMS = 'teams'
CAP_DISABLE_USERS = 'disable_users'
# The platform keeps a second pending invitation for an email beside the first, so a replacement is created before the
# invitation it supersedes is cancelled, and a failed create loses nothing. No adapter has it yet: none of the vendors
# documents what a second invitation for a pending email does (rejected, merged or duplicated), and cancel-then-invite
# works under every one of those behaviours.
CAP_PARALLEL_INVITES = 'parallel_invites'

PENDING = 'pending'
EXPIRED = 'expired'
ACCEPTED = 'accepted'
CANCELLED = 'cancelled'
INACTIVE = 'inactive'  # accepted or revoked, where the platform does not say which (Snyk's is_active false)
INVITE_STATUSES = (PENDING, EXPIRED, ACCEPTED, CANCELLED, INACTIVE)
EMAIL_PATTERN = re.compile(r'^[^@\s]+@[^@\s]+\.[^@\s.]+$')


def email_key(email):
    """The form two emails are compared in: surrounding blanks dropped, case folded."""
    return (email or '').strip().casefold()


def clean_email(email, field, platform=None):
    """The email as given (trimmed), or ValidationError naming the field."""
    if not isinstance(email, str) or not email.strip():
        raise ValidationError('an email is required', field=field, platform=platform)
    email = email.strip()
    if not EMAIL_PATTERN.match(email):
        raise ValidationError('%r is not a valid email address' % email, field=field, platform=platform)
    return email


def wire_value(obj, key):
    """The value at a wire key of a decoded answer (``key`` a key, or a tuple of keys for a nested one), or None."""
    for part in key if isinstance(key, tuple) else (key,):
        if not isinstance(obj, dict):
            return None
        obj = obj.get(part)
    return obj


def wire_name(key):
    """A wire key as people read it: ``invite-id``, ``attributes.is_active``."""
    return '.'.join(key) if isinstance(key, tuple) else key


def _shown(value):
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + '...'


def require(obj, key, platform, method, path, what):
    """The value at ``key`` in ``obj``, or ApiError naming the wire key, the platform and the request.

    The one place where a record we cannot trust is refused: an item without its id (a DELETE would go
    to ``.../None``, get a 404 and count as done), or without the fact its record depends on. ``what``
    names the thing read (``an invite``); ``method``/``path`` the request that answered it.
    """
    value = wire_value(obj, key)
    if value is None or isinstance(value, (dict, list)) or (isinstance(value, str) and not value.strip()):
        got = 'it is missing' if value is None else 'got %s' % _shown(value)
        raise ApiError(platform, method, path, reason='%s without a usable %s (%s): check the wire key %r; refused rather than '
                                                      'guessed' % (what, wire_name(key), got, wire_name(key)))
    return value


def require_status(obj, key, statuses, platform, method, path, what):
    """The normalised status (one of ``INVITE_STATUSES``) of the wire value at ``key``, mapped through the
    platform's table ``statuses`` (wire value, compared case-insensitively -> normalised status);
    ApiError naming the wire key and the value when it is missing or not in the table."""
    value = require(obj, key, platform, method, path, what)
    status = statuses.get(str(value).strip().casefold()) if not isinstance(value, bool) else statuses.get(value)
    if status is None:
        known = ', '.join(sorted(str(known) for known in statuses))
        raise ApiError(platform, method, path, reason='%s with %s %s, a value this collection does not know (known: %s): check the '
                                                      'wire key %r and its values; refused rather than guessed'
                                                      % (what, wire_name(key), _shown(value), known, wire_name(key)))
    return status


def require_id(value, platform, method, path, what):
    """``value`` (an id taken from a record) for a write request, or ApiError: the last line of defence, so that
    no request ever goes to ``.../None``."""
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ApiError(platform, method, path, reason='refused: %s has no id, so the request would not name it' % what)
    return value


def role_record(role_id, name):
    return {'id': role_id, 'name': name}


def org_record(org_id, name, slug=None):
    """An organisation record: its ``id`` (what the modules' ``org_id`` takes, or whoami's org id), ``name``, and ``slug``
    where the platform has one (else None)."""
    return {'id': org_id, 'name': name, 'slug': slug}


def invite_record(platform, invite_id, email, role, role_id=None, status=PENDING, expires_at=None, teams=None):
    """An invite record; ``status`` is one of ``INVITE_STATUSES`` (adapters map the wire's values with
    ``require_status``): a missing status is never taken for pending."""
    if status not in INVITE_STATUSES:
        raise ValueError('invite status %r is not one of %s' % (status, ', '.join(INVITE_STATUSES)))
    return {
        'id': invite_id,
        'email': email,
        'role': role,
        'role_id': role_id if role_id is not None else role,
        'status': status,
        'expires_at': expires_at,
        'teams': teams,
        'platform': platform,
    }


def member_record(platform, user_id, email, role, name=None, role_id=None, membership_id=None, enabled=None, teams=None):
    return {
        'id': user_id,
        'membership_id': membership_id if membership_id is not None else user_id,
        'email': email,
        'name': name,
        'role': role,
        'role_id': role_id if role_id is not None else role,
        'enabled': enabled,
        'teams': teams,
        'platform': platform,
    }


def run_bounded(func, items, concurrency):
    """Call ``func(item)`` for every item with at most ``concurrency`` at once.

    Returns ``[(item, result_or_exception)]`` in input order, so one failure never hides the others.
    """
    def call(item):
        try:
            return item, func(item)
        except Exception as exc:  # pylint: disable=broad-except
            return item, exc

    if concurrency <= 1 or len(items) <= 1:
        return [call(item) for item in items]
    with ThreadPoolExecutor(max_workers=min(concurrency, len(items))) as pool:
        return list(pool.map(call, items))


def resolve_connection(adapter_cls, params, environ=None, optional=()):
    """Fill the adapter's connection options from the task, then the platform's entry of its
    ``connections`` option, then environment variables, then defaults.

    ``adapter_cls.CONNECTION`` maps an option name to ``{'env': [...], 'default': ..., 'required': bool,
    'choices': [...], 'kind': 'url' | 'uuid' | None, 'secret': bool}``. Fallbacks are resolved here
    rather than in the argument spec because the same option (``api_token``) reads a different
    variable on each platform. Options a platform does not use are left alone. ``optional`` names
    required options that this use does without (``ORG_OPTION`` when listing organisations).
    """
    environ = os.environ if environ is None else environ
    platform = adapter_cls.NAME
    entry = (params.get('connections') or {}).get(platform) or {}
    resolved = {}
    for option, spec in adapter_cls.CONNECTION.items():
        value = params.get(option)
        source = option
        if value in (None, '') and entry.get(option) not in (None, ''):
            value, source = entry[option], 'connections.%s.%s' % (platform, option)
        if value in (None, ''):
            for variable in spec.get('env', ()):
                if environ.get(variable):
                    value, source = environ[variable], 'environment variable %s' % variable
                    break
        if value in (None, ''):
            value = spec.get('default')
        if value in (None, ''):
            if spec.get('required') and option not in optional:
                names = ' or '.join(spec.get('env', ()))
                raise ValidationError('is required%s' % (' (or set %s)' % names if names else ''),
                                      field=option, platform=platform)
            resolved[option] = None
            continue
        choices = spec.get('choices')
        if choices and value not in choices:
            raise ValidationError('%r (from %s) is not one of %s' % (value, source, ', '.join(choices)),
                                  field=option, platform=platform)
        kind = spec.get('kind')
        if kind == 'url':
            value = check_base_url(value, option, platform)
        elif kind == 'uuid':
            try:
                value = str(uuid.UUID(str(value)))
            except ValueError:
                raise ValidationError('%r (from %s) is not a UUID' % (value, source), field=option, platform=platform)
        resolved[option] = value
    return resolved


class PlatformAdapter(object):
    """Base of the three adapters. Subclasses set the class data and implement the methods."""

    NAME = None
    CAPABILITIES = frozenset()
    CONNECTION = {}
    # The connection option that names the organisation, where the credentials reach several (None: the
    # credentials are bound to one organisation). An adapter built without it can only ``list_orgs``.
    ORG_OPTION = None
    # With CAP_TEAMS: the team role every team must keep a holder of, where the platform has that rule;
    # the member engine gives it before it takes it from anyone (a hand-over is then never refused).
    TEAM_MANAGER_ROLE = None
    # The organisation roles (names or ids, case-insensitive) whose enabled holders count as administrators for the
    # min_admins guard (docs/platforms.md); empty: the platform's administrators are not known, and the guard is skipped.
    ADMIN_ROLES = ()
    # How messages name the organisation: (connection option, words before its value).
    ORGANISATION_NAMED_BY = ('org_id', 'organisation')
    # The request budget the vendor documents for one credential, (requests, seconds), or None when it publishes
    # none: every module run on the same credential and base URL shares it (see budget_scope and _budget.py).
    REQUEST_BUDGET = None

    def __init__(self, client, connection, concurrency=4):
        """``client`` is an ``HttpClient``; ``connection`` the output of ``resolve_connection``;
        ``concurrency`` bounds parallel writes on platforms without batch endpoints."""
        self.client = client
        self.connection = connection
        self.concurrency = concurrency
        self._roles = None

    def has(self, capability):
        return capability in self.CAPABILITIES

    def organisation(self):
        """The organisation these credentials act on, as messages name it (``snyk organisation <org id>``); never a secret."""
        option, words = self.ORGANISATION_NAMED_BY
        value = self.connection.get(option)
        return '%s %s %s' % (self.NAME, words, value) if value else 'the %s organisation of these credentials' % self.NAME

    def budget_scope(self):
        """Strings that name whose request budget the requests draw on: the credential and the base URL. They
        are hashed into the name of the shared budget's state file, never written."""
        raise NotImplementedError

    # Reads

    def whoami(self):
        """``{'id', 'email'}`` of the identity the credentials belong to."""
        raise NotImplementedError

    def list_roles(self):
        """Roles that can be assigned to invitees, as role records."""
        raise NotImplementedError

    def list_orgs(self, org_ids=None):
        """The organisations these credentials serve, as org records: those of ``org_ids`` (each must be reachable,
        else ApiError), or without it every one the credentials and connection options name (all pages)."""
        raise NotImplementedError

    def list_invites(self):
        """Every invite the platform lists, all pages, any status, as invite records."""
        raise NotImplementedError

    def list_members(self):
        """Every member of the organisation, all pages, as member records."""
        raise NotImplementedError

    def list_teams(self):
        """``[{'id', 'name'}]``; empty where the platform has no teams."""
        return []

    def members_by_email(self, email):
        """The members with this email (compared with ``email_key``); adapters use the platform's filter where it has one."""
        wanted = email_key(email)
        return [member for member in self.list_members() if email_key(member.get('email')) == wanted]

    def members_by_ids(self, user_ids):
        """The members among these user ids (unknown ids are simply absent); adapters use a batch read where there is one."""
        wanted = set(user_ids)
        return [member for member in self.list_members() if member.get('id') in wanted]

    # Writes

    def create_invites(self, items):
        """Invite ``[{'email', 'role': role record, 'teams': [...] or None}]``.

        Returns ``[(item, invite record or exception)]`` in input order.
        """
        raise NotImplementedError

    def cancel_invite(self, invite):
        """Cancel one pending invite; an invite that is already gone counts as cancelled."""
        raise NotImplementedError

    def renew_invites(self, invites):
        """Renew pending invites natively; only for adapters with ``CAP_RENEW``.

        Returns ``[(invite, renewed invite record or exception)]`` in input order.
        """
        raise NotImplementedError

    def update_member(self, member, role=None, enabled=None):
        """Change a member's role (a role record) and/or, with ``CAP_DISABLE_USERS``, enabled state.

        Returns the member record as it is afterwards.
        """
        raise NotImplementedError

    def remove_member(self, member):
        """Remove a member from the organisation; a member that is already gone counts as removed.

        Adapters with ``CAP_DISABLE_USERS`` cannot delete users and raise NotImplementedError.
        """
        raise NotImplementedError

    def member_teams(self):
        """``{user_id: [{'team_id', 'team', 'role'}]}`` for every team member; only with ``CAP_TEAMS``."""
        raise NotImplementedError

    def set_team_membership(self, team_id, user_id, role=None, current_role=None):
        """Add (``current_role`` None), change, or with ``role`` None remove one team membership."""
        raise NotImplementedError

    def member_change_refusal(self, before, after, me, projected):
        """The platform's guard rails: why it would refuse to change ``before`` into ``after``, or None.

        ``before`` is a member record (with ``teams`` when they were read), ``after`` the same member as
        the plan leaves it, or None when it is removed; ``me`` the member record of the identity the
        credentials belong to (None when it is not a member); ``projected`` every member as the whole
        plan leaves them (removed ones left out). Returns ``(field, reason)``, ``field`` being the part
        of the request refused (``role``, ``teams`` or ``state``). Platforms without documented guard
        rails refuse nothing.
        """
        return None

    # Shared helpers

    def roles(self):
        """``list_roles()`` read once per run."""
        if self._roles is None:
            self._roles = self.list_roles()
        return self._roles

    def resolve_role(self, value, field='role'):
        """The role record for a role name (case-insensitive) or id, or ValidationError naming the field."""
        if value is None or str(value).strip() == '':
            raise ValidationError('a role is required', field=field, platform=self.NAME)
        wanted = str(value).strip()
        for role in self.roles():
            if role['id'] == wanted:
                return role
        for role in self.roles():
            if (role['name'] or '').casefold() == wanted.casefold():
                return role
        names = ', '.join(sorted(role['name'] for role in self.roles()))
        raise ValidationError('%r is not a role that can be assigned; choose one of: %s' % (wanted, names),
                              field=field, platform=self.NAME)
