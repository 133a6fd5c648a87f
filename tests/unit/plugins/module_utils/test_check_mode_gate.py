# -*- coding: utf-8 -*-
# Copyright (c) 2026, orgaccess.onboarding contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The engines' check-mode paths run behind the HTTP client's read-only gate, on every adapter.

Each scenario would write in a real run (a new invite, a replaced one, a cancelled one; a role change,
a removal or disabling, a team change). In check mode the client is read-only, as the module base makes
it: the run must still succeed, so every request it sends is a read, and the reads made with POST
(token requests, Cisco XDR searches) must be marked as such where they are made.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.orgaccess.onboarding.plugins.module_utils._errors import WriteRefused
from ansible_collections.orgaccess.onboarding.plugins.module_utils._invites import apply_invites
from ansible_collections.orgaccess.onboarding.plugins.module_utils._members import apply_members
from ansible_collections.orgaccess.onboarding.tests.unit.plugins.module_utils import test_cisco_xdr as xdr
from ansible_collections.orgaccess.onboarding.tests.unit.plugins.module_utils import test_cybedefend as cd
from ansible_collections.orgaccess.onboarding.tests.unit.plugins.module_utils import test_snyk as snyk
from ansible_collections.orgaccess.onboarding.tests.unit.plugins.module_utils.fake_adapter import FakeAdapter, member, pending
from ansible_collections.orgaccess.onboarding.tests.unit.plugins.module_utils.fake_members import MemberFake
from ansible_collections.orgaccess.onboarding.tests.unit.plugins.module_utils.scripted_http import Call, scripted_client
from ansible_collections.orgaccess.onboarding.tests.unit.plugins.module_utils.test_invites import many as invite_params
from ansible_collections.orgaccess.onboarding.tests.unit.plugins.module_utils.test_members import many as user_params

READS = ('GET', 'HEAD', 'OPTIONS')


def read_only(adapter):
    adapter.client.read_only = True
    return adapter


def posts(session):
    """The paths of the requests sent with a method other than GET (reads marked as such, since the gate let them through)."""
    return sorted(set(entry[1] for entry in session.seen if entry[0] not in READS))


# Cisco XDR: token and searches are POSTs that only read


def xdr_state_calls():
    return [xdr.token_call(),
            Call('GET', xdr.ROLES, body=['admin', 'user']),
            Call('POST', xdr.SEARCH_INVITES, query=xdr.page_query(0), json={},
                 body=[xdr.invite(1, role='user'), xdr.invite(2, role='user')]),
            Call('POST', xdr.SEARCH_INVITES, query=xdr.page_query(2), json={}, body=[]),
            Call('POST', xdr.SEARCH_USERS, query=xdr.page_query(0), json={},
                 body=[xdr.user(1, role='user'), xdr.user(2, role='admin')]),
            Call('POST', xdr.SEARCH_USERS, query=xdr.page_query(2), json={}, body=[])]


def test_cisco_xdr_invites_in_check_mode_send_only_reads():
    adapter, session = xdr.make(xdr_state_calls(), ordered=False, read_only=True)
    params = invite_params(('new@example.com', 'admin'), ('user0001@example.com', 'admin'), exclusive=True)
    outcome = apply_invites(adapter, params, check_mode=True)
    assert [(item['email'], item['action']) for item in outcome.values['invites']] == [
        ('new@example.com', 'created'), ('user0001@example.com', 'replaced'), ('user0002@example.com', 'cancelled')]
    session.assert_done()
    assert posts(session) == ['/iroh/invite/search/invites', '/iroh/oauth2/token', '/iroh/user-mgmt/search/users']


def test_cisco_xdr_users_in_check_mode_send_only_reads():
    whoami = Call('GET', '/iroh/profile/whoami', body={'user': {'user-id': 'idb-amp:me', 'user-email': 'me@example.com'}})
    calls = [xdr.token_call(), whoami, Call('GET', xdr.ROLES, body=['admin', 'user'])] + xdr_state_calls()[4:]
    adapter, session = xdr.make(calls, ordered=False, read_only=True)
    # The credentials belong to no member here: allow_self lets the plan through to the gate under test.
    params = user_params({'email': 'member0001@example.com', 'role': 'admin'}, {'email': 'member0002@example.com', 'state': 'absent'},
                         allow_self=True)
    outcome = apply_members(adapter, params, check_mode=True)
    assert [item['action'] for item in outcome.values['users']] == ['updated', 'disabled']
    session.assert_done()
    assert posts(session) == ['/iroh/oauth2/token', '/iroh/user-mgmt/search/users']


# Snyk: every read is a GET


def snyk_state_calls():
    return snyk.role_calls() + [
        Call('GET', snyk.INVITES, query={'version': snyk.VERSION, 'limit': '100'},
             body=snyk.page([snyk.invite('i-1', 'dee@example.com', snyk.COLLAB_ID), snyk.invite('i-2', 'cy@example.com', snyk.COLLAB_ID)])),
        Call('GET', snyk.MEMBERSHIPS, query={'version': snyk.VERSION, 'limit': '100'}, body=snyk.members_page())]


def test_snyk_invites_in_check_mode_send_only_reads():
    adapter, session = snyk.make(snyk_state_calls(), ordered=False)
    read_only(adapter)
    params = invite_params(('new@example.com', 'Org Admin'), ('dee@example.com', 'Org Admin'), exclusive=True)
    outcome = apply_invites(adapter, params, check_mode=True)
    assert [(item['email'], item['action']) for item in outcome.values['invites']] == [
        ('new@example.com', 'created'), ('dee@example.com', 'replaced'), ('cy@example.com', 'cancelled')]
    session.assert_done()
    assert posts(session) == []


def test_snyk_members_in_check_mode_send_only_reads():
    whoami = Call('GET', '/rest/self', query=snyk.V, body={'data': {'type': 'user', 'id': 'u-me', 'attributes': {'email': 'me@example.com'}}})
    calls = [whoami, snyk_state_calls()[-1]] + snyk.role_calls()
    adapter, session = snyk.make(calls, ordered=False)
    read_only(adapter)
    # The credentials belong to no member here: allow_self lets the plan through to the gate under test.
    params = user_params({'email': 'bob@example.com', 'role': 'Org Admin'}, {'email': 'ann@example.com', 'state': 'absent'},
                         allow_self=True)
    outcome = apply_members(adapter, params, check_mode=True)
    assert [item['action'] for item in outcome.values['users']] == ['updated', 'removed']
    session.assert_done()
    assert posts(session) == []


# CybeDefend: the token exchange is a POST that only reads


def cybedefend_invites():
    return {'organizationId': cd.ORG, 'invitations': [cd.invitation(1), cd.invitation(2)]}


def test_cybedefend_invites_in_check_mode_send_only_reads():
    calls = cd.auth_calls() + [
        cd.get(cd.ORG_BASE + '/invitations', cybedefend_invites(), query=cd.page_query(1)),
        cd.get(cd.ORG_BASE + '/members', {'users': [cd.user(9)], 'totalUsers': 1, 'totalPages': 1}, query=cd.page_query(1))]
    adapter, session, _sent = cd.make(calls, ordered=False)
    read_only(adapter)
    params = invite_params(('new@example.com', 'manager'), ('user1@example.com', 'manager'), exclusive=True)
    outcome = apply_invites(adapter, params, check_mode=True)
    assert [(item['email'], item['action']) for item in outcome.values['invites']] == [
        ('new@example.com', 'created'), ('user1@example.com', 'replaced'), ('user2@example.com', 'cancelled')]
    session.assert_done()
    assert posts(session) == ['/oidc/token']


def test_cybedefend_members_in_check_mode_send_only_reads():
    members = {'users': [cd.user(1, email='me@example.com', role='administrator'), cd.user(2), cd.user(3)], 'totalUsers': 3, 'totalPages': 1}
    calls = cd.auth_calls() + [cd.get(cd.ORG_BASE + '/members', members, query=cd.page_query(1)),
                               cd.get('/user/profile', {'id': cd.uid(1), 'email': 'me@example.com'}),
                               # A removal reads the teams: a team must keep a team manager.
                               cd.get(cd.ORG_BASE + '/teams', [])]
    adapter, session, _sent = cd.make(calls, ordered=False)
    read_only(adapter)
    params = user_params({'email': 'user2@example.com', 'role': 'manager'}, {'email': 'user3@example.com', 'state': 'absent'})
    outcome = apply_members(adapter, params, check_mode=True)
    assert [item['action'] for item in outcome.values['users']] == ['updated', 'removed']
    session.assert_done()
    assert posts(session) == ['/oidc/token']


# The in-memory platforms of the engine and module tests honour the gate like a real adapter


def test_the_fake_platforms_refuse_writes_through_a_read_only_client():
    client, session = scripted_client('fake', [], read_only=True)
    invites = FakeAdapter(client=client, invites=[pending('i1', 'a@example.com')])
    with pytest.raises(WriteRefused):
        invites.cancel_invite({'id': 'i1'})
    members = MemberFake(client=client, members=[member('u-1', 'a@example.com')])
    with pytest.raises(WriteRefused):
        members.remove_member({'id': 'u-1'})
    assert invites.writes() == [] and members.writes() == [] and session.seen == []


def test_the_engines_check_mode_on_the_fake_platforms_passes_the_gate():
    client, _session = scripted_client('fake', [], read_only=True)
    invites = FakeAdapter(client=client, invites=[pending('i1', 'a@example.com', 'Viewer'), pending('i2', 'b@example.com')])
    outcome = apply_invites(invites, invite_params(('a@example.com', 'Admin'), ('c@example.com', 'Admin'), exclusive=True), check_mode=True)
    assert [item['action'] for item in outcome.values['invites']] == ['replaced', 'created', 'cancelled']
    members = MemberFake(client=client, members=[member('u-me', 'me@example.com', 'Admin'), member('u-1', 'a@example.com')])
    outcome = apply_members(members, user_params({'email': 'a@example.com', 'role': 'Admin'}, exclusive=True), check_mode=True)
    assert [item['action'] for item in outcome.values['users']] == ['updated', 'unchanged']
    assert invites.writes() == [] and members.writes() == []
