# Copyright: (c) 2026, orgaccess maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Cut the vendors' OpenAPI documents down to the operations this repository uses.

The sandbox (tests/sandbox) checks requests against the vendors' documents, and the adapter
unit tests check what the adapters send. Both read the contract files written here, next to
this script, so that a clone of the repository needs nothing beside it. A contract keeps, for
every operation the sandbox serves (the adapters' PATHS tables must all be among them), its
path, method, parameters, request body and responses, plus every component those reach
through ``$ref``; it drops the prose (descriptions, summaries, titles, examples, tags) and the
vendor's ``x-`` extensions, and records where it was cut from under ``x-orgaccess-contract``.

The full documents are needed only to regenerate the contracts (or check them):

    python tests/contracts/extract.py [--specs DIR] [--check] [--date YYYY-MM-DD]

--specs   the folder of full vendor documents (the layout of SOURCES below); default $ORGACCESS_SPECS
--check   write nothing; exit 1 when a committed contract differs from what would be written
          (the extraction date is taken from the committed file)
--date    the extraction date to record (default: today, UTC)
"""

from __future__ import annotations

import argparse
import ast
import datetime
import difflib
import hashlib
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO_ROOT = os.path.dirname(os.path.dirname(HERE))
# The sandbox package (python -m orgaccess_sandbox) holds the routes this script reads and the slicer it cuts with.
SANDBOX = os.path.join(REPO_ROOT, 'tests', 'sandbox')
if SANDBOX not in sys.path:
    sys.path.insert(0, SANDBOX)
from orgaccess_sandbox import openapi_slice  # noqa: E402 pylint: disable=wrong-import-position
SPECS_VARIABLE = 'ORGACCESS_SPECS'
CONTRACT_KEY = 'x-orgaccess-contract'

# Contract name: where its source came from (copied from SOURCE.md in the vendor's specs folder).
# upstream_sha256 is the upstream file's; the Snyk copies differ from it (SOURCE.md: example
# registry URLs replaced), so the contract also records the sha256 of the bytes it was cut from.
SOURCES = {
    'snyk-rest': {
        'document': 'snyk_rest',
        'file': 'snyk/snyk-rest-openapi.json',
        'repository': 'github.com/api-evangelist/snyk',
        'path': 'openapi/_original/snyk-rest-openapi.json',
        'commit': 'ea4a99e9bb84b7e2cc56035ba6817f506aa5f2f8',
        'upstream_sha256': '8772d81974574ea88657ccf3dd3a2c0736c2707381025acab4602559f9e7f416',
    },
    'snyk-v1': {
        'document': 'snyk_v1',
        'file': 'snyk/snyk-v1-api-spec.yaml',
        'repository': 'github.com/clearskies-py/snyk',
        'path': 'api_spec/v1-api-spec.yaml',
        'commit': '6b2c762f1e86e889a4ae9e477f08cd03a6eddae5',
        'upstream_sha256': '720a2d2644b19deeaddaeb57111596e1a3111a9e3b507251c8b26ed935ef1e93',
    },
    'cybedefend': {
        'document': 'cybedefend',
        'file': 'cybedefend/openapi.json',
        'repository': 'github.com/CybeDefend/docs',
        'path': 'latest/api-reference/openapi.json',
        'commit': '2a94da1ddee47c1948f4a319c00cb1255c1a372c',
        'upstream_sha256': '3fc52649f41cf4bb1294142b30a6fb5f00f532dd82a0ac91f1370866fda3bae6',
    },
}

# The adapters' wire tables, per document: (module, the PATHS entry that is the document's base or
# None, PATHS entries that are not in the document).
ADAPTERS = {
    'snyk_rest': ('plugins/module_utils/_snyk.py', 'rest', ()),
    'snyk_v1': ('plugins/module_utils/_snyk.py', 'v1', ()),
    'cybedefend': ('plugins/module_utils/_cybedefend.py', None, ('token',)),  # the token lives on the auth host
}

# Schemas no kept operation reaches but the sandbox's fix of a generator bug uses
# (orgaccess_sandbox.validation.patch_cybedefend: the items of PaginatedUsersResponseDto.users).
EXTRA_SCHEMAS = {'cybedefend': ('UserInformationsResponseDto',)}

PROSE = frozenset(('description', 'summary', 'title', 'example', 'examples', 'externalDocs', 'tags'))
# Objects whose keys are names chosen by the vendor (a property may be called "description").
NAMED = frozenset(('properties', 'patternProperties', 'schemas', 'responses', 'parameters', 'headers', 'content',
                   'paths', 'securitySchemes', 'requestBodies', 'variables', 'scopes', 'mapping', 'encoding', 'links',
                   'callbacks', 'flows'))
# Values taken as they are (an object given as a default may well have a "description" key).
LITERAL = frozenset(('default', 'enum', 'const'))


class ExtractError(Exception):
    """A document or a table does not hold what the contracts need."""


def contract_path(name):
    return os.path.join(HERE, name + '.json')


# -- what the repository uses ---------------------------------------------------------------


def sandbox_operations():
    """{document: {(path below the document's mount, method)}} of every route the sandbox checks."""
    # pylint: disable=import-outside-toplevel
    from orgaccess_sandbox.cybedefend import CybeDefend
    from orgaccess_sandbox.snyk import Snyk
    from orgaccess_sandbox.state import Store
    from orgaccess_sandbox.validation import DOCUMENTS, Validator

    operations = dict((document, set()) for document in DOCUMENTS)
    validator = Validator(enabled=False)
    for emulator in (Snyk(Store(), validator), CybeDefend(Store(), validator)):
        for route in emulator.routes:
            if route.spec:
                mount = DOCUMENTS[route.spec][1]
                operations[route.spec].add(((emulator.prefix + route.template)[len(mount):], route.method.lower()))
    return operations


def adapter_paths(document):
    """The path templates an adapter's PATHS table sends to this document."""
    module, base, skip = ADAPTERS[document]
    with open(os.path.join(REPO_ROOT, module), encoding='utf-8') as handle:
        tree = ast.parse(handle.read())
    paths = next(ast.literal_eval(node.value) for node in tree.body if isinstance(node, ast.Assign)
                 and any(isinstance(target, ast.Name) and target.id == 'PATHS' for target in node.targets))
    if base is None:
        return sorted(path for name, path in paths.items() if name not in skip)
    prefix = paths[base] + '/'
    return sorted(path[len(prefix) - 1:] for path in paths.values() if path.startswith(prefix))


def _shape(template):
    return re.sub(r'\{[^}]+\}', '{}', template)


def operations_used():
    """{document: sorted [(path, method)]}: the sandbox's routes, which must cover every adapter path."""
    operations = sandbox_operations()
    for document, used in operations.items():
        served = set(_shape(path) for path, _method in used)
        missing = [path for path in adapter_paths(document) if _shape(path) not in served]
        if missing:
            raise ExtractError('%s: the adapter uses %s, which the sandbox does not serve; add a route to the sandbox'
                               % (document, ', '.join(missing)))
    return dict((document, sorted(used)) for document, used in operations.items())


# -- cutting ------------------------------------------------------------------------------------


def load(path):
    """(parsed document, sha256 of its bytes); YAML dates become ISO strings, as in the sandbox."""
    with open(path, 'rb') as handle:
        raw = handle.read()
    if path.endswith(('.yaml', '.yml')):
        import yaml  # pylint: disable=import-outside-toplevel

        parsed = yaml.load(raw, Loader=getattr(yaml, 'CSafeLoader', yaml.SafeLoader))
        parsed = json.loads(json.dumps(parsed, default=str))
    else:
        parsed = json.loads(raw)
    return parsed, hashlib.sha256(raw).hexdigest()


def strip(node, named=False):
    """A copy without prose and x- extensions. named: node's keys are names, not keywords."""
    if isinstance(node, list):
        return [strip(item) for item in node]
    if not isinstance(node, dict):
        return node
    if named:
        return dict((key, strip(value)) for key, value in node.items())
    return dict((key, value if key in LITERAL else strip(value, key in NAMED)) for key, value in node.items()
                if key not in PROSE and not key.startswith('x-'))


def _describe_responses(responses):
    """OpenAPI requires a description on every Response object: an empty one."""
    for response in responses.values():
        if '$ref' not in response:
            response['description'] = ''


def cut(full, operations, extra_schemas=()):
    """The contract part of full: the operations (path, method), the components they reach, the servers and security."""
    methods = {}
    for path, method in operations:
        methods.setdefault(path, []).append(method)
    try:
        # strip before following: a $ref inside prose (an example) does not bring its component along.
        sliced = openapi_slice.slice_document(full, methods, prune=strip,
                                              extra_refs=['#/components/schemas/' + name for name in extra_schemas])
    except openapi_slice.SliceError as exc:
        raise ExtractError(str(exc)) from exc
    contract = {'openapi': full['openapi'], 'info': {'title': full['info']['title'], 'version': full['info']['version']},
                'paths': sliced['paths'], 'components': sliced['components']}
    for key in ('servers', 'security'):
        if key in full:
            contract[key] = strip(full[key])
    for item in contract['paths'].values():
        for method in openapi_slice.HTTP_METHODS:
            if method in item:
                _describe_responses(item[method].get('responses', {}))
    _describe_responses(contract['components'].get('responses', {}))
    return contract


def build(name, specs, operations, date):
    """The contract named name, cut from the document below specs, as the text to write."""
    source = SOURCES[name]
    path = os.path.join(specs, source['file'])
    if not os.path.isfile(path):
        raise ExtractError('%s: no vendor document %s (set --specs or $%s to the folder of full documents)'
                           % (name, path, SPECS_VARIABLE))
    full, sha256 = load(path)
    contract = cut(full, operations[source['document']], EXTRA_SCHEMAS.get(source['document'], ()))
    contract[CONTRACT_KEY] = {
        'source': dict((key, value) for key, value in source.items() if key != 'document'),
        'sha256': sha256,
        'info_version': full['info']['version'],
        'extracted': date,
        'generator': 'tests/contracts/extract.py',
        'operations': ['%s %s' % (method.upper(), template) for template, method in operations[source['document']]],
    }
    return render(contract) + '\n'


# Objects and lists that fit in this many characters stay on one line: the files stay short and their diffs readable.
LINE_WIDTH = 100


def render(node, level=0):
    """``node`` as JSON with sorted keys, ASCII only, one entry a line, short objects and lists on one line."""
    flat = json.dumps(node, sort_keys=True, ensure_ascii=True, separators=(', ', ': '))
    if not isinstance(node, (dict, list)) or not node or level + len(flat) <= LINE_WIDTH:
        return flat
    inner = ' ' * (level + 1)
    if isinstance(node, dict):
        entries = ['%s%s: %s' % (inner, json.dumps(key, ensure_ascii=True), render(node[key], level + 1)) for key in sorted(node)]
        return '{\n%s\n%s}' % (',\n'.join(entries), ' ' * level)
    entries = [inner + render(value, level + 1) for value in node]
    return '[\n%s\n%s]' % (',\n'.join(entries), ' ' * level)


def read_committed(name):
    """The committed contract's text, or '' when there is none."""
    if not os.path.isfile(contract_path(name)):
        return ''
    with open(contract_path(name), encoding='utf-8') as handle:
        return handle.read()


def committed_date(name):
    """The extraction date recorded in the committed contract, or None."""
    try:
        return json.loads(read_committed(name))[CONTRACT_KEY]['extracted']
    except (ValueError, KeyError):
        return None


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n', 1)[0])
    parser.add_argument('--specs', help='folder of full vendor documents (default: $%s)' % SPECS_VARIABLE)
    parser.add_argument('--check', action='store_true', help='exit 1 when a committed contract is not what would be written')
    parser.add_argument('--date', help='extraction date to record (default: today, UTC)')
    args = parser.parse_args(argv)
    specs = args.specs or os.environ.get(SPECS_VARIABLE)
    if not specs:
        parser.error('name the folder of full vendor documents with --specs DIR or $%s' % SPECS_VARIABLE)
    specs = os.path.abspath(specs)
    today = args.date or datetime.datetime.now(datetime.timezone.utc).date().isoformat()
    try:
        operations = operations_used()
        differ = []
        for name in sorted(SOURCES):
            target = contract_path(name)
            text = build(name, specs, operations, (committed_date(name) or today) if args.check else today)
            if args.check:
                current = read_committed(name)
                if current != text:
                    differ.append(name)
                    sys.stdout.writelines(list(difflib.unified_diff(
                        current.splitlines(True), text.splitlines(True), target + ' (committed)', target + ' (from ' + specs + ')',
                        n=1))[:40])
                continue
            with open(target + '.tmp', 'w', encoding='utf-8') as handle:
                handle.write(text)
            os.replace(target + '.tmp', target)
            source = SOURCES[name]
            print('%s: %d operations, %d bytes, from %s' % (os.path.relpath(target, REPO_ROOT), len(operations[source['document']]),
                                                            len(text), os.path.join(specs, source['file'])))
    except ExtractError as exc:
        parser.exit(1, 'extract: %s\n' % exc)
    if differ:
        parser.exit(1, 'extract: not what %s gives: %s; run tests/contracts/extract.py to regenerate\n'
                    % (specs, ', '.join(differ)))
    if args.check:
        print('extract: the contracts are what %s gives' % specs)
    return 0


if __name__ == '__main__':
    sys.exit(main())
