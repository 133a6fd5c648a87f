# -*- coding: utf-8 -*-
# Copyright (c) 2026, orgaccess.onboarding contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Scripted HTTP for unit tests: every request a test expects, and nothing else, is answered.

A ``ScriptedSession`` stands in for ``requests.Session`` inside ``HttpClient``. Each ``Call`` says
what request to expect (method, path, and optionally query, JSON body, form body, headers) and what
to answer (status, JSON body, headers) or raise. Unexpected or missing calls fail the test.
The session also logs every request as the client handed it over: ``seen`` by path with the
query merged in, ``sent`` with the full URL and the keyword arguments of ``requests.Request``.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json as jsonlib
import threading
from urllib.parse import parse_qs, urlsplit

from requests.structures import CaseInsensitiveDict


class FakeResponse(object):
    def __init__(self, status, body=None, headers=None, text=None):
        self.status_code = status
        self.headers = CaseInsensitiveDict(headers or {})
        if text is not None:
            self.text = text
        elif body is None:
            self.text = ''
        else:
            self.text = jsonlib.dumps(body)
            self.headers.setdefault('Content-Type', 'application/json')
        self.content = self.text.encode('utf-8')

    def json(self):
        return jsonlib.loads(self.text)


class Call(object):
    """One expected request and its answer.

    ``path`` is compared with the URL's path; ``query`` (dict of str or list) with the query string
    merged with ``params``; ``json``/``data`` with the body; ``headers`` must be a subset of what was sent.
    """

    def __init__(self, method, path, status=200, body=None, headers=None, query=None, json=None, data=None,
                 request_headers=None, raises=None, text=None):
        self.method = method.upper()
        self.path = path
        self.query = query
        self.json = json
        self.data = data
        self.request_headers = request_headers
        self.raises = raises
        self.response = None if raises is not None else FakeResponse(status, body, headers, text)

    def matches(self, method, path):
        return self.method == method.upper() and self.path == path

    def __repr__(self):
        return 'Call(%s %s)' % (self.method, self.path)


class ScriptedSession(object):
    """Answers requests from a script; ``ordered=False`` lets concurrent code take calls in any order (a call
    with a ``json`` body answers only the request with that body, so same-path requests cannot swap answers)."""

    def __init__(self, calls, ordered=True):
        self.calls = list(calls)
        self.ordered = ordered
        self.seen = []
        self.sent = []
        self.headers = {}
        self.verify = True
        self._lock = threading.Lock()

    def mount(self, prefix, adapter):
        return None

    def request(self, method, url, params=None, json=None, data=None, headers=None, auth=None, timeout=None):
        parts = urlsplit(url)
        query = dict(parse_qs(parts.query))
        for key, value in (params or {}).items():
            values = value if isinstance(value, (list, tuple)) else [value]
            query.setdefault(key, []).extend(str(item) for item in values)
        with self._lock:
            self.seen.append((method.upper(), parts.path, query, json, data, dict(headers or {}), auth))
            self.sent.append({'method': method.upper(), 'url': url, 'params': dict(params or {}), 'json': json, 'data': data,
                              'headers': dict(headers or {})})
            call = self._take(method, parts.path, json)
        if call.query is not None:
            expected = {key: [str(v) for v in (value if isinstance(value, (list, tuple)) else [value])]
                        for key, value in call.query.items()}
            assert query == expected, 'query of %s: expected %r, got %r' % (call, expected, query)
        if call.json is not None:
            assert json == call.json, 'body of %s: expected %r, got %r' % (call, call.json, json)
        if call.data is not None:
            assert data == call.data, 'form of %s: expected %r, got %r' % (call, call.data, data)
        for key, value in (call.request_headers or {}).items():
            sent = CaseInsensitiveDict(headers or {})
            assert sent.get(key) == value, 'header %s of %s: expected %r, got %r' % (key, call, value, sent.get(key))
        if call.raises is not None:
            raise call.raises
        return call.response

    def _take(self, method, path, json=None):
        if not self.calls:
            raise AssertionError('unexpected request %s %s (script exhausted)' % (method, path))
        if self.ordered:
            call = self.calls[0]
            assert call.matches(method, path), 'expected %r, got %s %s' % (call, method, path)
            return self.calls.pop(0)
        for index, call in enumerate(self.calls):
            if call.matches(method, path) and (call.json is None or call.json == json):
                return self.calls.pop(index)
        raise AssertionError('unexpected request %s %s; still expected %r' % (method, path, self.calls))

    def assert_done(self):
        assert not self.calls, 'expected requests never sent: %r' % self.calls

    def writes(self):
        return [entry for entry in self.seen if entry[0] not in ('GET', 'HEAD')]


def scripted_client(platform, calls, ordered=True, **kwargs):
    """An ``HttpClient`` whose session is a ``ScriptedSession``; returns ``(client, session)``."""
    from ansible_collections.orgaccess.onboarding.plugins.module_utils._http import HttpClient
    session = ScriptedSession(calls, ordered=ordered)
    kwargs.setdefault('sleep', lambda seconds: None)
    return HttpClient(platform, session=session, **kwargs), session
