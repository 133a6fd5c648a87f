# -*- coding: utf-8 -*-
# Copyright (c) 2026, orgaccess.onboarding contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The vendors' OpenAPI documents for the adapter unit tests: found, cut down, checked against.

By default the documents are the contracts in ``tests/contracts/`` (``snyk-rest``, ``snyk-v1``,
``cybedefend``): the operations the collection uses, cut out of the vendors' documents by
``tests/contracts/extract.py``, so the tests need nothing outside the repository. When
``$ORGACCESS_SPECS`` names a folder of the full vendor documents, the same
checks read the file each contract names there instead. A missing contract or document is an
error, never a skipped test.

``vendor_spec`` cuts a document down to the paths an adapter uses plus every component they
reference (the full documents take seconds to load, and CybeDefend's has dangling references
elsewhere, which openapi-core refuses), and builds the openapi-core object once per process.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import copy
import json
import os

from ansible_collections.orgaccess.onboarding.tests.sandbox.orgaccess_sandbox import openapi_slice

SPECS_VARIABLE = 'ORGACCESS_SPECS'
# This file is <collection root>/tests/unit/plugins/module_utils/vendor_specs.py.
CONTRACTS = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))), 'contracts')

_documents = {}
_specs = {}


class DocumentMissing(Exception):
    """A contract, or the vendor document it names, is not there."""


def spec_file(name):
    """The file the document ``name`` (a contract: ``snyk-rest``) is read from: the contract, or the vendor's full
    document in ``$ORGACCESS_SPECS`` that the contract was cut from."""
    contract = os.path.join(CONTRACTS, name + '.json')
    if not os.path.isfile(contract):
        raise DocumentMissing('the contract %s is missing; regenerate it with python tests/contracts/extract.py' % contract)
    folder = os.environ.get(SPECS_VARIABLE)
    if not folder:
        return contract
    with open(contract) as handle:
        source = json.load(handle)['x-orgaccess-contract']['source']['file']
    path = os.path.join(folder, source)
    if not os.path.isfile(path):
        raise DocumentMissing('the vendor document %s is missing (%s=%s)' % (path, SPECS_VARIABLE, folder))
    return path


def document(name):
    """The document ``name`` as parsed data (JSON or YAML), read once per process; callers must not change it."""
    path = spec_file(name)
    if path not in _documents:
        with open(path) as handle:
            if path.endswith('.yaml'):
                import yaml
                _documents[path] = yaml.load(handle, Loader=getattr(yaml, 'CSafeLoader', yaml.SafeLoader))
            else:
                _documents[path] = json.load(handle)
    return _documents[path]


class VendorSpec(object):
    """A cut-down document (``document``) and its openapi-core object (``api``)."""

    def __init__(self, sliced):
        import openapi_core
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


def vendor_spec(name, paths, patch=None):
    """The document ``name`` cut to ``paths`` (as in the sandbox's ``openapi_slice.slice_document``: a path template
    maps to the methods to keep, or to None for the whole path item), then ``patch(sliced)`` (for the vendor's
    generator bugs), as a ``VendorSpec`` built once per process."""
    path = spec_file(name)
    key = (path, tuple(sorted((template, None if methods is None else tuple(sorted(methods))) for template, methods in paths.items())), patch)
    if key not in _specs:
        sliced = copy.deepcopy(openapi_slice.slice_document(document(name), paths))
        if patch is not None:
            patch(sliced)
        _specs[key] = VendorSpec(sliced)
    return _specs[key]
