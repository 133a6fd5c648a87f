# Copyright: (c) 2026, orgaccess maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one OpenAPI slicer that the contracts script, the unit tests' vendor_specs and the sandbox's checks share."""

from __future__ import annotations

import pytest

from orgaccess_sandbox.openapi_slice import SliceError, slice_document


def _ref(kind, name):
    return {'$ref': '#/components/%s/%s' % (kind, name)}


DOCUMENT = {
    'openapi': '3.0.3',
    'security': [{'token': []}],
    'paths': {
        '/users': {
            'parameters': [_ref('parameters', 'Version')],
            'get': {'responses': {'200': _ref('responses', 'Users')}},
            'post': {'requestBody': {'content': {'application/json': {'schema': _ref('schemas', 'NewUser')}}}},
        },
        '/teams': {'get': {'responses': {'200': {'description': 'ok', 'example': _ref('examples', 'Team')}}}},
    },
    'components': {
        'securitySchemes': {'token': {'type': 'apiKey', 'in': 'header', 'name': 'Authorization'}},
        'parameters': {'Version': {'name': 'version', 'in': 'query', 'schema': {'type': 'string'}}},
        'responses': {'Users': {'content': {'application/json': {'schema': {'type': 'array', 'items': _ref('schemas', 'User')}}}}},
        'schemas': {'User': {'properties': {'team': _ref('schemas', 'Team')}}, 'Team': {'type': 'object'},
                    'NewUser': {'type': 'object'}, 'Unused': {'type': 'object'}},
        'examples': {'Team': {'value': {}}},
    },
}


def test_keeps_the_methods_asked_for_and_every_component_they_reach():
    sliced = slice_document(DOCUMENT, {'/users': ['get']})
    assert sliced['security'] == DOCUMENT['security'] and sliced['openapi'] == '3.0.3'
    assert sliced['paths'] == {'/users': {'parameters': [_ref('parameters', 'Version')], 'get': DOCUMENT['paths']['/users']['get']}}
    assert dict((kind, sorted(names)) for kind, names in sliced['components'].items()) == {
        'securitySchemes': ['token'], 'parameters': ['Version'], 'responses': ['Users'], 'schemas': ['Team', 'User']}


def test_none_keeps_the_whole_path_item_and_extra_refs_bring_their_components():
    sliced = slice_document(DOCUMENT, {'/users': None}, extra_refs=['#/components/schemas/Unused'])
    assert sliced['paths']['/users'] == DOCUMENT['paths']['/users']
    assert sorted(sliced['components']['schemas']) == ['NewUser', 'Team', 'Unused', 'User']


def test_references_that_prune_drops_are_not_followed():
    def without_examples(node):
        if isinstance(node, dict):
            return dict((key, without_examples(value)) for key, value in node.items() if key != 'example')
        return node

    assert 'examples' in slice_document(DOCUMENT, {'/teams': None})['components']
    assert 'examples' not in slice_document(DOCUMENT, {'/teams': None}, prune=without_examples)['components']


@pytest.mark.parametrize('paths, extra_refs, message', [
    ({'/users': None, '/orgs': None, '/apps': None}, (), 'the document has no /apps, /orgs'),
    ({'/users': ['delete', 'get']}, (), 'the document has no DELETE /users'),
    ({'/users': ['get']}, ['#/components/schemas/Gone'], 'dangling $ref: #/components/schemas/Gone'),
    ({'/users': ['get']}, ['other.yaml#/User'], 'a $ref that is not to a component of the document: other.yaml#/User'),
])
def test_what_cannot_be_cut_is_an_error(paths, extra_refs, message):
    with pytest.raises(SliceError) as info:
        slice_document(DOCUMENT, paths, extra_refs=extra_refs)
    assert str(info.value) == message
