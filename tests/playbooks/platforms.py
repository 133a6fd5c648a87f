# Copyright: (c) 2026, orgaccess maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Module arguments that point each platform at the sandbox, and helpers to read its state."""

from __future__ import annotations

import collections

PLATFORMS = ('cisco_xdr', 'snyk', 'cybedefend')

# Two assignable roles per platform, by the names people type (the sandbox's default seed).
ROLES = {
    'cisco_xdr': {'basic': 'user', 'elevated': 'admin'},
    'snyk': {'basic': 'Org Collaborator', 'elevated': 'Org Admin'},
    'cybedefend': {'basic': 'member', 'elevated': 'manager'},
}

CREDENTIALS = {
    'cisco_xdr': {'client_id': 'sandbox-xdr-client', 'client_secret': 'sandbox-xdr-secret'},
    'snyk': {'api_token': 'sandbox-snyk-token', 'org_id': '11111111-1111-4111-8111-111111111111'},
    'cybedefend': {'api_token': 'pat_sandbox', 'org_id': '33333333-3333-4333-8333-333333333333'},
}


def connection(platform, admin):
    """The module arguments for one platform of the sandbox behind ``admin``."""
    return dict({'platform': platform}, **admin.platform_urls()[platform], **CREDENTIALS[platform])


def people(count, role, prefix='person'):
    """``count`` invite items with distinct emails."""
    return [{'email': '%s%04d@example.com' % (prefix, number), 'role': role} for number in range(count)]


def invite_task(name, platform, admin, **args):
    """One org_invite task, registered under ``result``."""
    return {'name': name, 'orgaccess.onboarding.org_invite': dict(connection(platform, admin), **args), 'register': 'result'}


def play(*tasks):
    return [{'name': 'orgaccess.onboarding under test', 'hosts': 'localhost', 'gather_facts': False, 'tasks': list(tasks)}]


def pending_by_email(admin, platform):
    """``{email (lower case): number of live pending invites}`` from the sandbox's own state."""
    state = admin.state(platform)
    counts = collections.Counter()
    for invite in state.get('invites', state.get('invitations', [])):
        if str(invite.get('status', '')).lower() == 'pending':
            counts[invite['email'].strip().lower()] += 1
    return counts


def write_requests(admin, platform):
    """How many write requests the platform received (acted on or not)."""
    return len(admin.log(platform=platform, kind='write'))


def last_seq(admin):
    """The sequence number of the last vendor request logged (0 for none), to look only at what comes after it."""
    log = admin.log()
    return log[-1]['seq'] if log else 0


def assert_no_writes(admin, platform, since=None):
    """Fail naming every write request ``platform`` received (after log entry ``since``), acted on or not.

    The POSTs that only read (token requests, Cisco XDR searches) are logged as auth or read, not as writes.
    A run that sent nothing at all proves nothing, so that fails too.
    """
    log = admin.log(platform=platform, since=since)
    writes = ['%s %s' % (entry['method'], entry['path']) for entry in log if entry['kind'] == 'write']
    assert not writes, '%s received %d write request(s) where only reads were allowed: %s' % (
        platform, len(writes), ', '.join(writes[:10]))
    assert log, '%s received no request at all' % platform
