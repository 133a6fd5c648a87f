# -*- coding: utf-8 -*-
# Copyright (c) 2026, orgaccess.onboarding contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Unit tests of the HTTP client itself: error messages, secret masking, retries, transport failures."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import datetime
import http.server
import ipaddress
import ssl
import threading

import pytest
import requests
import urllib3
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from ansible_collections.orgaccess.onboarding.plugins.module_utils import _cybedefend
from ansible_collections.orgaccess.onboarding.plugins.module_utils._adapter import resolve_connection
from ansible_collections.orgaccess.onboarding.plugins.module_utils._errors import ApiError, OutcomeUnknown, WriteRefused
from ansible_collections.orgaccess.onboarding.plugins.module_utils._http import HttpClient, parse_wait_seconds, vendor_message
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


# Transport errors no retry can cure fail at once, with the real reason and what to change


def cert_failure(verify_message='self-signed certificate'):
    """A certificate verification failure wrapped as requests wraps it (requests SSLError > MaxRetryError > urllib3 SSLError)."""
    refused = ssl.SSLCertVerificationError(1, '[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: %s (_ssl.c:1006)'
                                           % verify_message)
    refused.verify_message = verify_message
    wrapped = urllib3.exceptions.MaxRetryError(None, URL, reason=urllib3.exceptions.SSLError(refused))
    return requests.exceptions.SSLError(wrapped)


PERMANENT = [
    (cert_failure(), ['TLS certificate of api.example.com could not be verified: self-signed certificate',
                      'REQUESTS_CA_BUNDLE', 'validate_certs']),
    (cert_failure("Hostname mismatch, certificate is not valid for 'api.example.com'."),
     ["could not be verified: Hostname mismatch, certificate is not valid for 'api.example.com'; check the URL options"]),
    (requests.exceptions.InvalidURL("Failed to parse: 'https://api.exa mple.com/things'"),
     ['InvalidURL', 'Failed to parse', 'api_url']),
    (requests.exceptions.MissingSchema("Invalid URL 'api.example.com/things': No scheme supplied."), ['MissingSchema', 'No scheme']),
    (requests.exceptions.InvalidSchema("No connection adapters were found for 'ftp://api.example.com/things'"),
     ['InvalidSchema', 'No connection adapters']),
    (requests.exceptions.InvalidProxyURL('Please check proxy URL. It is malformed and could be missing the host.'),
     ['InvalidProxyURL', 'HTTPS_PROXY']),
    (requests.exceptions.InvalidHeader("Invalid leading whitespace, reserved character(s), or return character(s) in header value: "
                                       "'token %s\\n'" % SECRET), ['InvalidHeader', 'line break']),
]


@pytest.mark.parametrize('method', ['GET', 'POST'])
@pytest.mark.parametrize('raised, words', PERMANENT, ids=[type(raised).__name__ for raised, _words in PERMANENT])
def test_a_permanent_transport_error_fails_at_once_without_retry(raised, words, method):
    waits = []
    client, session = secret_client([Call(method, '/things', raises=raised)], sleep=waits.append)
    with pytest.raises(ApiError) as caught:
        client.request(method, URL, json={'email': 'a@example.com'} if method == 'POST' else None)
    assert not isinstance(caught.value, OutcomeUnknown)
    assert len(session.seen) == 1 and waits == []
    text = str(caught.value)
    assert text.startswith('example: %s /things failed: ' % method)
    for word in words:
        assert word in text
    assert_no_part_of_the_secret(text)


def test_a_credential_in_a_proxy_url_is_masked():
    raised = requests.exceptions.InvalidURL("Failed to parse: 'http://proxy-user:proxy-pass-77@proxy .example.com:3128'")
    client, _session = secret_client([Call('GET', '/things', raises=raised)])
    with pytest.raises(ApiError) as caught:
        client.request('GET', URL)
    assert 'proxy-pass-77' not in str(caught.value) and 'proxy-user' not in str(caught.value)
    assert 'http://********@proxy .example.com:3128' in str(caught.value)


def test_other_tls_failures_may_have_reached_the_server():
    """A TLS error while reading the answer is not a refused certificate: a create's outcome stays unknown."""
    lost = requests.exceptions.SSLError(urllib3.exceptions.SSLError('EOF occurred in violation of protocol (_ssl.c:2427)'))
    client, _session = secret_client([Call('POST', '/things', raises=lost)])
    with pytest.raises(OutcomeUnknown):
        client.request('POST', URL, json={})


@pytest.fixture
def self_signed_server(tmp_path):
    """An https server on 127.0.0.1 with a freshly made self-signed certificate; yields (url, certificate path)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, u'orgaccess test server')])
    now = datetime.datetime.now(datetime.timezone.utc)
    certificate = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
                   .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(minutes=5))
                   .not_valid_after(now + datetime.timedelta(hours=1))
                   .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address('127.0.0.1'))]), critical=False)
                   .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
                   .sign(key, hashes.SHA256()))
    cert_path, key_path = tmp_path / 'server.pem', tmp_path / 'server.key'
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL,
                                           serialization.NoEncryption()))

    class Answer(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            body = b'{"ok": true}'
            self.send_response(200)
            self.send_header('Content-Type', 'application/json')
            self.send_header('Content-Length', str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            return None

    server = http.server.ThreadingHTTPServer(('127.0.0.1', 0), Answer)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(str(cert_path), str(key_path))
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield 'https://127.0.0.1:%d/things' % server.server_address[1], str(cert_path)
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.filterwarnings('ignore::urllib3.exceptions.InsecureRequestWarning')
def test_a_real_self_signed_certificate_fails_at_once_and_the_hint_works(self_signed_server, monkeypatch):
    url, cert_path = self_signed_server
    for variable in ('REQUESTS_CA_BUNDLE', 'CURL_CA_BUNDLE'):
        monkeypatch.delenv(variable, raising=False)
    waits = []
    with pytest.raises(ApiError) as caught:
        HttpClient('example', sleep=waits.append, timeout=5).request('GET', url)
    assert not isinstance(caught.value, OutcomeUnknown) and waits == []
    assert 'TLS certificate of 127.0.0.1 could not be verified: self-signed certificate;' in str(caught.value)
    # Both ways out that the hint names do work.
    assert HttpClient('example', validate_certs=False, timeout=5).json('GET', url) == {'ok': True}
    monkeypatch.setenv('REQUESTS_CA_BUNDLE', cert_path)
    assert HttpClient('example', timeout=5).json('GET', url) == {'ok': True}


# How long the server asks us to wait


@pytest.mark.parametrize('headers, expected', [
    ({'Retry-After': '3'}, 3.0),
    ({'Retry-After': '1.5'}, 1.5),
    ({'Retry-After': ' 0.25 '}, 0.25),
    ({'Retry-After': '0'}, 0.0),
    ({'Retry-After': 'Thu, 01 Jan 2026 00:00:10 GMT'}, 10.0),
    ({'Retry-After': '-1', 'X-RateLimit-Reset': '4'}, 4.0),
    ({'Retry-After': 'nan', 'X-RateLimit-Reset': '2.5'}, 2.5),
    ({'X-RateLimit-Reset': '1767225607'}, 7.0),
    ({'X-RateLimit-Reset': '2, 60;w=60'}, 2.0),
    ({'X-RateLimit-Reset': 'nan'}, None),
    ({'X-RateLimit-Reset': '-5'}, None),
    ({'Retry-After': 'soon'}, None),
    ({}, None),
])
def test_wait_seconds_from_retry_after_then_rate_limit_reset(headers, expected):
    assert parse_wait_seconds(headers, now=1767225600.0) == expected


def test_a_fractional_retry_after_is_honoured():
    waits = []
    client, session = secret_client([Call('GET', '/things', status=429, headers={'Retry-After': '1.5'}),
                                     Call('GET', '/things', body={'ok': True})], sleep=waits.append)
    assert client.json('GET', URL) == {'ok': True}
    assert waits == [1.5]
    session.assert_done()


# Secrets are registered by worker threads while others mask text


def test_secrets_added_by_threads_while_others_mask_are_all_masked():
    client, _session = scripted_client('example', [])
    secrets = ['secret-%04d-%s' % (number, 'z' * (number % 7)) for number in range(400)]
    text = ' '.join(secrets)
    problems = []
    adding_done = threading.Event()

    def add(chunk):
        for secret in chunk:
            client.add_secret(secret)

    def mask():
        try:
            while not adding_done.is_set():
                client.redact(text)
        except Exception as exc:  # pylint: disable=broad-except
            problems.append(exc)

    maskers = [threading.Thread(target=mask) for _index in range(4)]
    adders = [threading.Thread(target=add, args=(secrets[start::4],)) for start in range(4)]
    for thread in maskers + adders:
        thread.start()
    for thread in adders:
        thread.join()
    adding_done.set()
    for thread in maskers:
        thread.join()
    assert problems == []
    assert client.redact(text) == ' '.join(['********'] * len(secrets))


# The check-mode gate: a read-only client sends no write


@pytest.mark.parametrize('method', ['POST', 'PUT', 'PATCH', 'DELETE', 'post'])
def test_a_read_only_client_refuses_a_write_before_sending_it(method):
    client, session = scripted_client('example', [], read_only=True)
    with pytest.raises(WriteRefused) as caught:
        client.request(method, URL + '?cursor=abc', json={'email': 'a@example.com'})
    assert session.seen == []
    assert str(caught.value) == ('example: internal error: %s /things is a write and this run may only read'
                                 ' (check mode or an _info module); it was not sent' % method.upper())
    with pytest.raises(WriteRefused):
        client.json(method, URL)


def test_a_read_only_client_sends_reads_and_reads_marked_as_such():
    client, session = scripted_client('example', [Call('GET', '/things', body=[]), Call('POST', '/search', body=[]),
                                                  Call('POST', '/oauth2/token', body={'access_token': 'x'})], read_only=True)
    assert client.json('GET', URL) == []
    assert client.json('POST', 'https://api.example.com/search', json={}, read=True) == []
    assert client.request('POST', 'https://api.example.com/oauth2/token', data={'grant_type': 'x'}, read=True).status_code == 200
    session.assert_done()


def test_a_read_marked_post_is_retried_like_a_read():
    client, session = scripted_client('example', [Call('POST', '/search', status=503), Call('POST', '/search', body=[])])
    assert client.json('POST', 'https://api.example.com/search', json={}, read=True) == []
    session.assert_done()


def test_a_client_that_may_write_sends_writes():
    client, session = scripted_client('example', [Call('DELETE', '/things', status=204)])
    assert client.request('DELETE', URL).status_code == 204
    session.assert_done()
