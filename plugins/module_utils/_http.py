# -*- coding: utf-8 -*-
# Copyright (c) 2026, orgaccess.onboarding contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The one HTTP client every adapter uses.

It owns the session, timeouts, retries with backoff (honouring ``Retry-After`` and then
``X-RateLimit-Reset``), re-authentication on 401, turning error bodies into clear messages, and
redacting secrets from anything it reports, and pacing every request (retries included) by the
credential's shared request budget (``_budget``) when it has one. Whether a failed write may be retried is decided here:
a write is retried blindly only when the request never reached the server; otherwise
``OutcomeUnknown`` tells the caller to look before it retries.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import email.utils
import ipaddress
import random
import re
import ssl
import threading
import time
import traceback
from urllib.parse import urlsplit

from ansible_collections.orgaccess.onboarding.plugins.module_utils._errors import (
    ApiError,
    OutcomeUnknown,
    ValidationError,
    WriteRefused,
)

try:
    import requests
    from requests.adapters import HTTPAdapter
    HAS_REQUESTS = True
    REQUESTS_IMPORT_ERROR = None
except ImportError:
    HAS_REQUESTS = False
    REQUESTS_IMPORT_ERROR = traceback.format_exc()

RETRYABLE_STATUSES = frozenset((500, 502, 503, 504))
# Request errors that no retry can cure, raised before anything is sent: (class name, what to change,
# whether the error's own text may be shown). The first class the error is an instance of decides
# (InvalidProxyURL is an InvalidURL). InvalidHeader's text quotes the header value with escapes that
# masking would not recognise, and the value is usually a credential, so it is never shown.
URL_HINT = 'check the URL options (api_url, auth_url) and region'
PERMANENT_ERRORS = (
    ('InvalidProxyURL', 'check the proxy environment variables (HTTPS_PROXY, HTTP_PROXY, ALL_PROXY)', True),
    ('InvalidHeader', 'a header value holds a line break or leading blanks, often a credential pasted with one:'
                      ' check the credential options', False),
    ('MissingSchema', URL_HINT, True),
    ('InvalidSchema', URL_HINT, True),
    ('InvalidURL', URL_HINT, True),
    ('URLRequired', URL_HINT, True),
    ('InvalidJSONError', 'the request body cannot be encoded as JSON', True),
)
TLS_HINT = ('to trust a private certificate authority, point the REQUESTS_CA_BUNDLE environment variable at its CA bundle'
            ' (a PEM file); validate_certs=false turns verification off, for a test deployment only')
# A non-negative number of seconds, decimals allowed.
SECONDS = re.compile(r'^(?:\d+(?:\.\d*)?|\.\d+)$')
# user:password@ in a URL (a proxy's, for example): masked like a registered secret.
URL_CREDENTIALS = re.compile(r'(?<=://)[^/\s@]+@')
READ_METHODS = frozenset(('GET', 'HEAD', 'OPTIONS'))
REDACTED = '********'
# Keys, in order of preference, that carry the vendor's own words in an error body.
# Snyk: errors[].detail; Cisco IROH: error_description / error; CybeDefend: message.
ERROR_TEXT_KEYS = ('detail', 'error_description', 'message', 'title', 'error', 'code')
REQUEST_ID_HEADERS = ('snyk-request-id', 'x-request-id', 'x-error-reference', 'x-trace-id')
REQUEST_ID_BODY_KEYS = ('trace_id', 'request_id', 'id')
# Keys of an IROH error body that say nothing about the request (the 401 body echoes the token).
ERROR_META_KEYS = frozenset(REQUEST_ID_BODY_KEYS + ('token', 'level'))
# Most characters of vendor text (and of a request id) kept in a message, counted after masking.
MESSAGE_LIMIT = 500
REQUEST_ID_LIMIT = 100


def check_base_url(url, field, platform=None):
    """Refuse anything but https, except plain http to a loopback address (local sandboxes)."""
    parts = urlsplit(url or '')
    if parts.scheme not in ('http', 'https') or not parts.hostname:
        raise ValidationError('%r is not an http(s) URL' % url, field=field, platform=platform)
    if parts.scheme == 'http' and not is_loopback(parts.hostname):
        raise ValidationError('plain http is only allowed to a loopback address, use https for %s' % parts.hostname,
                              field=field, platform=platform)
    return url.rstrip('/')


def is_loopback(hostname):
    if hostname == 'localhost':
        return True
    try:
        return ipaddress.ip_address(hostname).is_loopback
    except ValueError:
        return False


def parse_wait_seconds(headers, now=None):
    """Seconds the server asked us to wait, from Retry-After then X-RateLimit-Reset, or None.

    Retry-After is seconds (decimals too: some gateways send ``1.5``) or an HTTP date; anything else,
    negative numbers, ``nan`` and ``inf`` included, is ignored.
    """
    now = time.time() if now is None else now
    retry_after = (headers.get('Retry-After') or '').strip()
    if retry_after:
        if SECONDS.match(retry_after):
            return float(retry_after)
        parsed = email.utils.parsedate_tz(retry_after)
        if parsed:
            return max(0.0, email.utils.mktime_tz(parsed) - now)
    reset = (headers.get('X-RateLimit-Reset') or '').split(',')[0].strip()
    if SECONDS.match(reset):
        value = float(reset)
        # Envoy sends seconds until the reset; some gateways send an epoch timestamp.
        return max(0.0, value - now) if value > 1e9 else value
    return None


def vendor_message(body):
    """The vendor's own error text from a decoded JSON body (any of the three platforms' shapes), uncut.

    Snyk: ``errors[].detail``; CybeDefend: ``message`` (a string or a list); OAuth and IROH 401/403/500:
    ``error_description``; IROH 400: a map of each offending parameter to its problem, bare
    (``{"email": "missing-required-key"}``) or under ``errors``, shown as ``email: missing-required-key``.
    """
    if isinstance(body, str):
        return body.strip() or None
    if isinstance(body, list):
        return _problems(body)
    if not isinstance(body, dict):
        return None
    errors = body.get('errors')
    if isinstance(errors, list) and errors:
        return _joined(vendor_message(error) for error in errors)
    if isinstance(errors, dict) and errors:
        return _problems(errors)
    for key in ERROR_TEXT_KEYS:
        value = body.get(key)
        if isinstance(value, list):
            text = _joined(str(item) for item in value if item not in (None, ''))
        elif isinstance(value, dict):
            text = vendor_message(value)
        else:
            text = str(value) if value not in (None, '') else None
        if text:
            return text
    return _problems(dict((key, value) for key, value in body.items() if key not in ERROR_META_KEYS))


def _problems(value, where=''):
    """``where: problem`` for every leaf of an IROH parameter map (nested maps dotted, lists indexed), or None."""
    if isinstance(value, dict):
        return _joined(_problems(item, '%s.%s' % (where, key) if where else str(key)) for key, item in value.items())
    if isinstance(value, list):
        return _joined(_problems(item, '%s[%d]' % (where, index)) for index, item in enumerate(value))
    if value in (None, ''):
        return None
    return '%s: %s' % (where, value) if where else str(value)


def _joined(texts):
    return '; '.join(text for text in texts if text) or None


def cut(text, limit):
    """At most ``limit`` characters of ``text``, marked when cut. Only for masked text: cutting first could
    keep part of a secret that masking then no longer recognises."""
    return text if len(text) <= limit else text[:limit] + '...'


class Authenticator(object):
    """Interface of what the client needs from a platform's auth.

    ``headers()`` returns the auth headers for the current token (fetching one if needed) and
    ``renew(stale_headers)`` replaces the token, once, however many threads saw it go stale; it
    returns False when there is nothing to renew, so a 401 is reported at once. ``option`` names the
    module option of a credential sent as is, so that a 401 says which option the platform refused.
    """

    option = None

    def headers(self):
        raise NotImplementedError

    def renew(self, stale_headers):
        raise NotImplementedError


class TokenAuthenticator(Authenticator):
    """A short-lived bearer token obtained from ``fetch()``: reused, and renewed before expiry or on 401."""

    # Renew this long before expiry, but never more than a tenth of the lifetime: with short-lived
    # tokens a fixed margin would fetch a new token for every request.
    EXPIRY_MARGIN = 30

    def __init__(self, fetch, clock=time.time):
        self._fetch = fetch
        self._clock = clock
        self._lock = threading.Lock()
        self._token = None
        self._renew_at = 0

    def headers(self):
        with self._lock:
            if self._token is None or self._clock() >= self._renew_at:
                self._refresh()
            return {'Authorization': 'Bearer %s' % self._token}

    def renew(self, stale_headers):
        with self._lock:
            if stale_headers.get('Authorization') == 'Bearer %s' % self._token:
                self._refresh()
        return True

    def _refresh(self):
        token, lifetime = self._fetch()
        lifetime = lifetime or 600
        self._token = token
        self._renew_at = self._clock() + lifetime - min(self.EXPIRY_MARGIN, lifetime / 10.0)


class StaticAuthenticator(Authenticator):
    """A long-lived credential sent as is (Snyk API tokens). Nothing to renew."""

    def __init__(self, headers, option=None):
        self._headers = dict(headers)
        self.option = option

    def headers(self):
        return dict(self._headers)

    def renew(self, stale_headers):
        return False


class HttpClient(object):
    """One session per module run; safe to share between the threads of one run."""

    def __init__(self, platform, timeout=30, validate_certs=True, retries=5, max_retry_wait=60,
                 pool_size=8, user_agent='orgaccess.onboarding', sleep=time.sleep, session=None, jitter=random.random,
                 read_only=False, budget=None):
        self.platform = platform
        # A _budget.RequestBudget (or None): every request sent takes a slot of it first.
        self.budget = budget
        # Check mode and the *_info modules: no write leaves the client (see check_write).
        self.read_only = read_only
        self.timeout = timeout
        self.retries = retries
        self.max_retry_wait = max_retry_wait
        self.authenticator = None
        self._sleep = sleep
        self._jitter = jitter
        # Longest first, so that a secret containing another is masked whole. Adapter threads register secrets
        # while others mask text: the tuple is replaced whole under the lock and read without it.
        self._secrets = ()
        self._secrets_lock = threading.Lock()
        if session is None:
            session = requests.Session()
            adapter = HTTPAdapter(pool_connections=pool_size, pool_maxsize=pool_size)
            session.mount('https://', adapter)
            session.mount('http://', adapter)
        session.verify = validate_certs
        session.headers.update({'User-Agent': user_agent, 'Accept': 'application/json'})
        self.session = session

    def add_secret(self, value):
        """Register a value that must never appear in anything this client reports."""
        if value:
            value = str(value)
            with self._secrets_lock:
                if value not in self._secrets:
                    self._secrets = tuple(sorted(self._secrets + (value,), key=len, reverse=True))

    def redact(self, text):
        if text is None:
            return None
        text = str(text)
        for secret in self._secrets:
            text = text.replace(secret, REDACTED)
        return URL_CREDENTIALS.sub(REDACTED + '@', text)

    def excerpt(self, text, limit=MESSAGE_LIMIT):
        """``text`` masked, stripped, then cut to ``limit`` characters (None when empty): the only way vendor
        text enters a message."""
        if text is None:
            return None
        return cut(self.redact(text).strip(), limit) or None

    def request(self, method, url, params=None, json=None, data=None, headers=None, auth=None,
                idempotent=None, authenticate=True, ok_statuses=None, read=False):
        """Send one request with retries and return the ``requests.Response``.

        ``read=True`` marks a POST that only reads (a token request, a search), so that a read-only
        client sends it. ``idempotent`` defaults to True for reads. A non-idempotent request (a create)
        is retried only when it certainly did not reach the server or was refused with 429; anything
        else that leaves its outcome open raises ``OutcomeUnknown``. A 401 renews the token once.
        ``ok_statuses`` lists statuses returned rather than raised (for example 404 on a delete).
        """
        method = method.upper()
        self.check_write(method, url, read)
        if idempotent is None:
            idempotent = read or method in READ_METHODS
        path = self.display_path(url)
        renewed = False
        attempt = 0
        while True:
            request_headers = dict(headers or {})
            auth_headers = {}
            if authenticate and self.authenticator is not None:
                auth_headers = self.authenticator.headers()
                request_headers.update(auth_headers)
            if self.budget is not None:
                self.budget.take()
            try:
                response = self.session.request(method, url, params=params, json=json, data=data,
                                                headers=request_headers, auth=auth, timeout=self.timeout)
            except requests.exceptions.RequestException as exc:
                permanent = _permanent_reason(exc, url)
                if permanent is not None:
                    raise ApiError(self.platform, method, path, reason=self.redact(permanent))
                sent = not _never_sent(exc)
                reason = self.redact(_describe(exc))
                if sent and not idempotent:
                    raise OutcomeUnknown(self.platform, method, path, reason=reason)
                attempt = self._backoff_or_raise(attempt, method, path, None, reason)
                continue

            status = response.status_code
            if 200 <= status < 300 or (ok_statuses and status in ok_statuses):
                return response
            if status == 401 and authenticate and self.authenticator is not None and not renewed:
                renewed = True
                if self.authenticator.renew(auth_headers):
                    continue
            if status == 429:
                wait = parse_wait_seconds(response.headers)
                if wait is not None and self.budget is not None:
                    # Every run on this credential would be refused too: hold them all back, not just this request.
                    self.budget.defer(min(wait, self.max_retry_wait))
                attempt = self._backoff_or_raise(attempt, method, path, response, 'rate limited', wait)
                continue
            if status in RETRYABLE_STATUSES:
                if not idempotent:
                    raise self._error(OutcomeUnknown, method, path, response)
                attempt = self._backoff_or_raise(attempt, method, path, response, 'server error')
                continue
            raise self._error(ApiError, method, path, response, self._refused_credential(status, authenticate))

    def check_write(self, method, url, read=False):
        """Raise ``WriteRefused`` for a write (any method but GET, HEAD, OPTIONS, unless marked ``read``) when
        the client is read-only; every request goes through here before it is sent."""
        if self.read_only and not read and method.upper() not in READ_METHODS:
            raise WriteRefused(self.platform, method.upper(), self.display_path(url))

    def json(self, method, url, **kwargs):
        """``request`` and decode the JSON body (None for an empty body)."""
        return self.decode(self.request(method, url, **kwargs), method, url)

    def decode(self, response, method, url):
        """The JSON body of a response to ``method url`` (None for an empty body), or ApiError."""
        if not response.content:
            return None
        try:
            return response.json()
        except ValueError:
            raise ApiError(self.platform, method.upper(), self.display_path(url), response.status_code,
                           reason='the answer is not JSON: %s' % self.excerpt(response.text, 200))

    def _refused_credential(self, status, authenticate):
        """``'<option> rejected'`` when the platform refused a credential sent as is (a 401), else None."""
        if status == 401 and authenticate and self.authenticator is not None and self.authenticator.option:
            return '%s rejected' % self.authenticator.option
        return None

    def _backoff_or_raise(self, attempt, method, path, response, reason, wait=None):
        if attempt >= self.retries:
            if response is not None:
                raise self._error(ApiError, method, path, response, 'gave up after %d retries' % attempt)
            raise ApiError(self.platform, method, path, reason='%s; gave up after %d retries' % (reason, attempt))
        if wait is None:
            wait = min(self.max_retry_wait, 0.5 * (2 ** attempt)) * (0.5 + self._jitter() / 2)
        elif wait > self.max_retry_wait:
            raise self._error(ApiError, method, path, response,
                              'the server asked to wait %.0f s, more than max_retry_wait (%s s)' % (wait, self.max_retry_wait))
        self._sleep(wait)
        return attempt + 1

    def _error(self, cls, method, path, response, reason=None):
        try:
            body = response.json()
        except ValueError:
            body = response.text
        request_id = None
        for header in REQUEST_ID_HEADERS:
            if response.headers.get(header):
                request_id = response.headers[header]
                break
        if request_id is None and isinstance(body, dict):
            request_id = next((body[key] for key in REQUEST_ID_BODY_KEYS if isinstance(body.get(key), str)), None)
        return cls(self.platform, method, path, response.status_code, vendor_message=self.excerpt(vendor_message(body)),
                   request_id=self.excerpt(request_id, REQUEST_ID_LIMIT), reason=reason)

    def display_path(self, url):
        """The path part only: query strings can carry cursors, never worth echoing; hosts are in the options."""
        return self.redact(urlsplit(url).path or '/')


def _never_sent(exc):
    """True when the request certainly did not reach the server (so any method may be retried)."""
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return True
    if isinstance(exc, requests.exceptions.ConnectionError):
        text = repr(exc)
        return 'NewConnectionError' in text or 'Failed to resolve' in text or 'NameResolutionError' in text
    return False


def _permanent_reason(exc, url):
    """Why no retry of this request can succeed, with what to change; None when a retry might."""
    problem = _refused_certificate(exc)
    if problem is not None:
        # A certificate for another host is not cured by trusting its issuer.
        hint = URL_HINT if 'hostname mismatch' in problem.lower() else TLS_HINT
        return 'the TLS certificate of %s could not be verified: %s; %s' % (urlsplit(url).hostname, problem.rstrip('.'), hint)
    for name, hint, show_text in PERMANENT_ERRORS:
        cls = getattr(requests.exceptions, name, None)
        if cls is not None and isinstance(exc, cls):
            text = cut(str(exc), 300) if show_text else ''
            return '%s%s; %s' % (name, ' (%s)' % text if text else '', hint)
    return None


def _refused_certificate(exc):
    """The verifier's reason when ``exc`` is, at its root, a refused TLS certificate (the handshake failed, so
    nothing was sent); None otherwise. Other TLS errors can happen after sending and stay transient."""
    pending = [exc]
    seen = set()
    while pending:
        current = pending.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, ssl.SSLCertVerificationError):
            return current.verify_message or current.reason or 'certificate verify failed'
        pending.extend(arg for arg in current.args if isinstance(arg, BaseException))
        pending.extend(link for link in (getattr(current, 'reason', None), current.__cause__, current.__context__)
                       if isinstance(link, BaseException))
    return None


def _describe(exc):
    if isinstance(exc, requests.exceptions.Timeout):
        return 'timed out'
    if isinstance(exc, requests.exceptions.ConnectionError):
        return 'connection failed (%s)' % exc.__class__.__name__
    return exc.__class__.__name__
