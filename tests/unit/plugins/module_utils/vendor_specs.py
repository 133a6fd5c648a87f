# -*- coding: utf-8 -*-
# Copyright (c) 2026, orgaccess.onboarding contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The vendors' OpenAPI documents for the adapter unit tests: found, cut down, checked against.

The documents are not in the repository: they sit in ``shared/specs/<platform>/`` beside it (CI
clones main with ``shared/`` next to it). ``specs_dir`` finds that folder: ``$ORGACCESS_SPECS``,
else a ``shared/specs`` folder in any parent of this file or of the working directory. A test
that needs a document is skipped when it is not there, or when openapi-core is not installed.

``vendor_spec`` cuts a document down to the paths an adapter uses plus every component they
reference (the full documents take seconds to load, and CybeDefend's has dangling references
elsewhere, which openapi-core refuses), and builds the openapi-core object once per process.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import copy
import json
import os
import re

import pytest

SPECS_VARIABLE = 'ORGACCESS_SPECS'
HTTP_METHODS = frozenset(('get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'))
COMPONENT_REF = re.compile(r'^#/components/([^/]+)/([^/]+)$')

_documents = {}
_specs = {}


def specs_dir():
    """The ``shared/specs`` folder, or None when there is none."""
    if os.environ.get(SPECS_VARIABLE):
        return os.environ[SPECS_VARIABLE]
    for start in (os.path.dirname(os.path.realpath(__file__)), os.getcwd()):
        folder = start
        while True:
            candidate = os.path.join(folder, 'shared', 'specs')
            if os.path.isdir(candidate):
                return candidate
            parent = os.path.dirname(folder)
            if parent == folder:
                break
            folder = parent
    return None


def spec_file(relative):
    """The path of one document, ``relative`` to the specs folder (``snyk/snyk-rest-openapi.json``); skips the test without it."""
    folder = specs_dir()
    path = os.path.join(folder, relative) if folder else None
    if path is None or not os.path.isfile(path):
        pytest.skip('vendor document %s not found (set %s to the shared/specs folder)' % (relative, SPECS_VARIABLE))
    return path


def document(relative):
    """One JSON document as the vendor publishes it, read once per process; callers must not change it."""
    path = spec_file(relative)
    if path not in _documents:
        with open(path) as handle:
            _documents[path] = json.load(handle)
    return _documents[path]


def slice_document(full, paths):
    """A private copy of ``full`` with only ``paths`` and the components they reach through ``$ref``.

    ``paths`` maps a path template to the methods to keep, or to None for the whole path item. The
    security schemes stay, since the document's ``security`` requirements name them.
    """
    sliced = dict((key, value) for key, value in full.items() if key not in ('paths', 'components'))
    sliced['paths'] = {}
    for path, methods in paths.items():
        item = full['paths'][path]
        if methods is not None:
            missing = set(methods) - set(item)
            assert not missing, 'the document has no %s %s' % ('/'.join(sorted(missing)).upper(), path)
            item = dict((key, value) for key, value in item.items() if key not in HTTP_METHODS or key in methods)
        sliced['paths'][path] = item
    components = {}
    if 'securitySchemes' in full.get('components', {}):
        components['securitySchemes'] = full['components']['securitySchemes']
    todo = list(_refs(sliced['paths']))
    while todo:
        ref = todo.pop()
        match = COMPONENT_REF.match(ref)
        assert match, 'a $ref this helper cannot follow: %s' % ref
        kind, name = match.groups()
        if name not in components.setdefault(kind, {}):
            components[kind][name] = full['components'][kind][name]
            todo.extend(_refs(components[kind][name]))
    sliced['components'] = components
    return copy.deepcopy(sliced)


def _refs(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == '$ref':
                yield value
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


class VendorSpec(object):
    """A cut-down document (``document``) and its openapi-core object (``api``)."""

    def __init__(self, sliced):
        openapi_core = pytest.importorskip('openapi_core')
        self.document = sliced
        self.api = openapi_core.OpenAPI.from_dict(sliced)

    def validate_request(self, method, url, params=None, json=None, data=None, headers=None):
        """Validate one request as ``HttpClient`` hands it to requests; raises openapi-core's errors.

        The arguments are those of ``requests.Request``, so a ``ScriptedSession.sent`` entry fits ``**entry``.
        """
        import requests
        from openapi_core.contrib.requests import RequestsOpenAPIRequest
        prepared = requests.Request(method, url, params=params, json=json, data=data, headers=headers).prepare()
        self.api.validate_request(RequestsOpenAPIRequest(prepared))


def vendor_spec(relative, paths, patch=None):
    """The document cut to ``paths`` (as in ``slice_document``), then ``patch(sliced)`` (for the vendor's
    generator bugs), as a ``VendorSpec`` built once per process."""
    pytest.importorskip('openapi_core')
    path = spec_file(relative)
    key = (path, tuple(sorted((template, None if methods is None else tuple(sorted(methods))) for template, methods in paths.items())), patch)
    if key not in _specs:
        sliced = slice_document(document(relative), paths)
        if patch is not None:
            patch(sliced)
        _specs[key] = VendorSpec(sliced)
    return _specs[key]
