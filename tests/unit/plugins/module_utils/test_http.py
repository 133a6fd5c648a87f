# -*- coding: utf-8 -*-
# Copyright (c) 2026, orgaccess.onboarding contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Unit tests of the HTTP client itself: error messages, secret masking, retries, transport failures."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.orgaccess.onboarding.plugins.module_utils import _cybedefend
from ansible_collections.orgaccess.onboarding.plugins.module_utils._adapter import resolve_connection
from ansible_collections.orgaccess.onboarding.plugins.module_utils._errors import ApiError
from ansible_collections.orgaccess.onboarding.plugins.module_utils._http import vendor_message
from ansible_collections.orgaccess.onboarding.tests.unit.plugins.module_utils.scripted_http import Call, scripted_client

SECRET = 'sk-Very-Secret-Value-0123456789abcdef'
URL = 'https://api.example.com/things'


def secret_client(calls, **kwargs):
    client, session = scripted_client('example', calls, **kwargs)
    client.add_secret(SECRET)
    return client, session


def assert_no_part_of_the_secret(text, secret=SECRET):
    """Not even a fragment: eight characters of a secret are enough to narrow a guess."""
    fragments = [secret[start:start + 8] for start in range(len(secret) - 7)]
    leaked = [fragment for fragment in fragments if fragment in text]
    assert not leaked, 'part of the secret leaked (%s): %s' % (leaked[0], text)


def straddling(limit):
    """A text whose first ``limit`` characters end in the middle of SECRET."""
    return 'x' * (limit - 10) + SECRET + ' and more text after it ' + 'y' * 400


# Masking comes before cutting, everywhere


def test_a_long_error_text_is_masked_before_it_is_cut():
    client, _session = secret_client([Call('GET', '/things', status=400, text=straddling(500))])
    with pytest.raises(ApiError) as caught:
        client.request('GET', URL)
    assert_no_part_of_the_secret(str(caught.value))
    assert '********' in caught.value.vendor_message and len(caught.value.vendor_message) == 503


def test_a_long_answer_that_is_not_json_is_masked_before_it_is_cut():
    client, _session = secret_client([Call('GET', '/things', text=straddling(200))])
    with pytest.raises(ApiError) as caught:
        client.json('GET', URL)
    assert 'the answer is not JSON' in str(caught.value)
    assert_no_part_of_the_secret(str(caught.value))
    assert '********' in str(caught.value)


def test_a_request_id_that_echoes_a_secret_is_masked():
    header = Call('GET', '/things', status=403, body={'message': 'no'}, headers={'X-Request-Id': 'req-%s' % SECRET})
    in_body = Call('GET', '/things', status=403, body={'error_description': 'no', 'trace_id': 'trace-%s' % SECRET})
    client, _session = secret_client([header, in_body])
    for expected in ('req-********', 'trace-********'):
        with pytest.raises(ApiError) as caught:
            client.request('GET', URL)
        assert caught.value.request_id == expected
        assert_no_part_of_the_secret(str(caught.value))


def test_the_token_exchange_error_of_cybedefend_is_masked_before_it_is_cut():
    pat = 'pat_' + SECRET
    connection = resolve_connection(_cybedefend.CybeDefendAdapter, {'api_token': pat, 'org_id': '5b0e6a2c-1f3d-4c8e-9a71-2d4f6b8c0e11',
                                                                    'client_id': 'cli-app'}, environ={})
    body = 'x' * 290 + pat + ' was refused ' + 'z' * 300
    client, session = scripted_client('cybedefend', [Call('POST', '/oidc/token', status=400, text=body)])
    adapter = _cybedefend.CybeDefendAdapter(client, connection)
    with pytest.raises(ApiError) as caught:
        adapter.whoami()
    session.assert_done()
    assert_no_part_of_the_secret(str(caught.value), pat)
    assert '********' in str(caught.value)


# The vendor's own words, whatever the platform's error shape


@pytest.mark.parametrize('body, expected', [
    # Cisco XDR (IROH) 400: each offending parameter mapped to its problem, bare or under "errors".
    ({'email': 'missing-required-key'}, 'email: missing-required-key'),
    ({'email': 'missing-required-key', 'trace_id': 'abc-123'}, 'email: missing-required-key'),
    ({'errors': {'invalid_key': 'disallowed-key'}}, 'invalid_key: disallowed-key'),
    ({'role': {'id': 'disallowed-key'}, 'enabled': '(not (boolean? "yes"))'},
     'role.id: disallowed-key; enabled: (not (boolean? "yes"))'),
    ([None, {'email': 'missing-required-key'}], '[1].email: missing-required-key'),
    # IROH 401/403/500 and OAuth: error_description.
    ({'error': 'missing_scope', 'error_description': 'You do not have the required credentials', 'trace_id': 't'},
     'You do not have the required credentials'),
    # Snyk JSON:API: errors[].detail.
    ({'jsonapi': {'version': '1.0'},
      'errors': [{'status': '400', 'detail': 'bad email', 'id': 'e1'}, {'status': '400', 'detail': 'bad role', 'id': 'e2'}]},
     'bad email; bad role'),
    # CybeDefend: message, a string or a list.
    ({'message': 'Organization not found', 'statusCode': 404}, 'Organization not found'),
    ({'message': ['page must not be less than 1', 'pageSize must be an integer'], 'error': 'Bad Request', 'statusCode': 400},
     'page must not be less than 1; pageSize must be an integer'),
    ('  plain text  ', 'plain text'),
    ({}, None),
    ({'trace_id': 'only-an-id'}, None),
])
def test_vendor_message_of_every_platform_error_shape(body, expected):
    assert vendor_message(body) == expected


def test_an_iroh_400_names_the_offending_key_in_the_error():
    client, _session = secret_client([Call('POST', '/iroh/invite/invites', status=400,
                                           body={'email': 'missing-required-key', 'trace_id': 'trace-9'})])
    with pytest.raises(ApiError) as caught:
        client.request('POST', 'https://iroh.example.com/iroh/invite/invites', json={'mail': 'a@example.com'})
    assert str(caught.value) == ('example: POST /iroh/invite/invites returned HTTP 400: email: missing-required-key'
                                 ' [request id trace-9]')
