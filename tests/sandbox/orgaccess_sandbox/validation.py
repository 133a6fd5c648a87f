# Copyright: (c) 2026, orgaccess maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Checking requests (and, for tests, responses) against the vendors' OpenAPI documents.

By default the checks read the contracts in <repo root>/tests/contracts: the operations this
repository uses, cut out of the vendors' documents by tests/contracts/extract.py. With --specs
DIR (or $ORGACCESS_SPECS) they read the full vendor documents in DIR instead; each contract
names the file it was cut from. For each document we cut out the paths the sandbox serves plus
the components they reference, patch the vendor's generator bugs in that copy, and build the
openapi-core object once per process, on first use. openapi-core is optional: without it the
sandbox runs with validation off and says so in /_admin/health. A missing document is an error.
"""

from __future__ import annotations

import json
import os
import threading
from urllib.parse import parse_qsl, urlsplit

from . import openapi_slice

DOCUMENTS = {
    # name: (contract file in CONTRACTS, where the sandbox serves the document's paths)
    'snyk_rest': ('snyk-rest.json', '/snyk/rest'),
    'snyk_v1': ('snyk-v1.json', '/snyk/v1'),
    'cybedefend': ('cybedefend.json', '/cybedefend/api'),
}
# This file is <repo root>/tests/sandbox/orgaccess_sandbox/validation.py.
CONTRACTS = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), 'contracts')
SPECS_VARIABLE = 'ORGACCESS_SPECS'
REGENERATE = 'python tests/contracts/extract.py'

# Requests are checked as if sent to this server; the documents' own servers are replaced by it.
SERVER = 'http://sandbox.invalid'


class DocumentMissing(ValueError):
    """A contract, or the vendor document it names, is not there."""


def find_specs(explicit=None):
    """The folder of full vendor documents: explicit, else $ORGACCESS_SPECS; None means the contracts."""
    folder = explicit or os.environ.get(SPECS_VARIABLE)
    return os.path.abspath(folder) if folder else None


def document_file(document, specs_dir=None):
    """The file a document is read from: its contract, or (with specs_dir) the vendor file the contract was cut from."""
    contract = os.path.join(CONTRACTS, DOCUMENTS[document][0])
    if not os.path.isfile(contract):
        raise DocumentMissing('the contract %s is missing; regenerate it with %s' % (contract, REGENERATE))
    if not specs_dir:
        return contract
    with open(contract, encoding='utf-8') as handle:
        source = json.load(handle)['x-orgaccess-contract']['source']['file']
    path = os.path.join(specs_dir, source)
    if not os.path.isfile(path):
        raise DocumentMissing('the vendor document %s is missing (from --specs or $%s)' % (path, SPECS_VARIABLE))
    return path


def slice_document(document, paths):
    """A private copy of document with only these paths (whole) and the components they reach, served from SERVER."""
    try:
        sliced = openapi_slice.slice_document(document, dict.fromkeys(paths))
    except openapi_slice.SliceError as exc:
        raise DocumentMissing('%s; regenerate the contracts with %s' % (exc, REGENERATE)) from exc
    sliced['servers'] = [{'url': SERVER}]
    # A JSON round trip makes it a private deep copy, and turns YAML's dates into strings.
    return json.loads(json.dumps(sliced, default=str))


def patch_cybedefend(sliced, full):
    """Fix the CybeDefend document's generator bugs (NestJS swagger export) in our sliced copy."""
    schemas = sliced['components']['schemas']
    # `users` items are typed "array" (a generator bug): the items are user objects. The
    # one-user DTO of GET /team/{teamId}/member/{userId} is the vendor's own shape for them.
    schemas['UserInformationsResponseDto'] = full['components']['schemas']['UserInformationsResponseDto']
    schemas['PaginatedUsersResponseDto']['properties']['users']['items'] = {
        '$ref': '#/components/schemas/UserInformationsResponseDto'}
    # `page` of GET /team/{teamId}/members is typed as a $ref to a body DTO (a generator bug);
    # it is the same page number as on the other lists.
    members = sliced['paths'].get('/team/{teamId}/members')
    if members:
        for parameter in members['get']['parameters']:
            if parameter['name'] == 'page':
                parameter['schema'] = {'minimum': 1, 'type': 'number'}
    return sliced


PATCHES = {'cybedefend': patch_cybedefend}

# Built documents, shared by every server in the process: (source folder, document, paths) -> (sliced, api).
_BUILT = {}
_BUILD_LOCK = threading.Lock()


class _Request:
    """A request in the shape openapi-core reads (its Request protocol)."""

    def __init__(self, method, path, query, headers, body, content_type):
        from openapi_core.datatypes import RequestParameters
        from werkzeug.datastructures import Headers, ImmutableMultiDict

        self.host_url = SERVER
        self.path = path
        self.method = method.lower()
        self.body = body or None
        self.content_type = content_type
        self.parameters = RequestParameters(query=ImmutableMultiDict(query), header=Headers(list(headers)),
                                            cookie=ImmutableMultiDict(), path={})


class _Response:
    """A response in the shape openapi-core reads (its Response protocol)."""

    def __init__(self, status, headers, body, content_type):
        from werkzeug.datastructures import Headers

        self.status_code = status
        self.headers = Headers(list(headers))
        self.data = body
        self.content_type = content_type


def describe(error):
    """One line per problem openapi-core found, e.g. 'Invalid query parameter: limit: 15 is not a multiple of 10'."""
    from openapi_core.validation.request.exceptions import RequestBodyValidationError
    from openapi_core.validation.response.exceptions import DataValidationError

    schema_errors = getattr(error.__cause__, 'schema_errors', None) or ()
    if not schema_errors:
        return [str(error)]
    if isinstance(error, RequestBodyValidationError):
        head = 'Request body'
    elif isinstance(error, DataValidationError):
        head = 'Response body'
    else:
        head = str(error)
    lines = []
    for item in schema_errors:
        where = '/'.join(str(part) for part in item.absolute_path)
        lines.append('%s%s: %s' % (head, ' at /' + where if where else '', item.message))
    return lines


class Validator:
    """The vendor documents, sliced and built lazily, once per process and thread-safely."""

    def __init__(self, specs_dir=None, enabled=True):
        self.specs_dir = find_specs(specs_dir)
        self.source = self.specs_dir or CONTRACTS
        self.reason = ''
        self._paths = dict((name, set()) for name in DOCUMENTS)
        self._files = {}
        self.enabled = enabled and self._available()

    def _available(self):
        try:
            import openapi_core  # noqa: F401 pylint: disable=unused-import
        except ImportError:
            self.reason = 'openapi-core is not installed'
            return False
        # Raises DocumentMissing: validation asked for and a document missing is an error, not a quiet "off".
        self._files = dict((name, document_file(name, self.specs_dir)) for name in DOCUMENTS)
        return True

    def register(self, document, path):
        """Note that the sandbox serves path (below the sandbox root) from this document."""
        self._paths[document].add(self._below(document, path))

    def load(self, document):
        """The document as parsed data: the contract, or the full vendor document with --specs."""
        path = self._files.get(document) or document_file(document, self.specs_dir)
        with open(path, 'rb') as handle:
            if path.endswith('.yaml'):
                import yaml

                return yaml.load(handle, Loader=getattr(yaml, 'CSafeLoader', yaml.SafeLoader))
            return json.load(handle)

    def _build(self, document):
        """(sliced document, openapi-core object), built once per process for the same paths."""
        key = (self.source, document, tuple(sorted(self._paths[document])))
        built = _BUILT.get(key)
        if built is None:
            with _BUILD_LOCK:
                if key not in _BUILT:
                    from openapi_core import OpenAPI

                    full = self.load(document)
                    sliced = slice_document(full, key[2])
                    if document in PATCHES:
                        sliced = PATCHES[document](sliced, full)
                    _BUILT[key] = (sliced, OpenAPI.from_dict(sliced))
                built = _BUILT[key]
        return built

    def api(self, document):
        """The openapi-core object of the sliced document."""
        return self._build(document)[1]

    def sliced(self, document):
        """The sliced and patched copy of a document that the checks use (to inspect it)."""
        return self._build(document)[0]

    @staticmethod
    def _below(document, path):
        mount = DOCUMENTS[document][1]
        if not path.startswith(mount + '/'):
            raise ValueError('%s is not below %s, where %s is served' % (path, mount, document))
        return path[len(mount):]

    def request_errors(self, document, request):
        """Problems with a request; [] when it is valid or not checked."""
        if not document or not self.enabled:
            return []
        checked = _Request(request.method, self._below(document, request.path), request.query, request.headers.items(),
                           request.body, request.header('Content-Type').lower())
        result = self.api(document).unmarshal_request(checked)
        return [line for error in result.errors for line in describe(error)]

    def response_errors(self, document, method, url, status, headers, body):
        """Problems with a response to method url (a full sandbox URL); for tests."""
        parts = urlsplit(url)
        headers = list(headers)
        content_type = dict((key.lower(), value) for key, value in headers).get('content-type', '')
        request = _Request(method, self._below(document, parts.path), parse_qsl(parts.query, keep_blank_values=True),
                           [], b'', '')
        result = self.api(document).unmarshal_response(request, _Response(status, headers, body, content_type.lower()))
        return [line for error in result.errors for line in describe(error)]
