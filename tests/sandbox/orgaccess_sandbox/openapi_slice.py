# Copyright: (c) 2026, orgaccess maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Cutting an OpenAPI document down to some operations plus every component they reach through ``$ref``.

The one implementation for the sandbox's request checks (validation.py), the adapter unit tests
(tests/unit/plugins/module_utils/vendor_specs.py, which import it as
``ansible_collections.orgaccess.onboarding.tests.sandbox.orgaccess_sandbox.openapi_slice``) and the
script that writes the contracts (tests/contracts/extract.py). It imports nothing from the sandbox,
so that each of them can import it on its own.
"""

from __future__ import annotations

import re

HTTP_METHODS = ('get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace')
COMPONENT_REF = re.compile(r'^#/components/([^/]+)/([^/]+)$')


class SliceError(ValueError):
    """The document lacks a path or method asked for, or holds a $ref that cannot be followed."""


def component_refs(node):
    """Every ``$ref`` string in node, depth first."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == '$ref' and isinstance(value, str):
                yield value
            else:
                yield from component_refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from component_refs(value)


def _keep(node):
    return node


def slice_document(full, paths, prune=_keep, extra_refs=()):
    """full with only ``paths`` and the components they (and ``extra_refs``) reach through ``$ref``.

    ``paths`` maps a path template to the methods to keep, or to None for the whole path item. Every
    kept path item, component and security scheme goes through ``prune`` (node -> node) before its
    references are followed, so references that ``prune`` drops are not followed. The security schemes
    stay, since the document's ``security`` requirements name them; the other top-level keys are kept
    as they are. Nodes are shared with ``full`` unless ``prune`` copies them: copy before changing.
    """
    absent = sorted(set(paths) - set(full['paths']))
    if absent:
        raise SliceError('the document has no %s' % ', '.join(absent))
    sliced = dict((key, value) for key, value in full.items() if key not in ('paths', 'components'))
    sliced['paths'] = {}
    for path, methods in paths.items():
        item = full['paths'][path]
        if methods is not None:
            missing = sorted(set(methods) - set(item))
            if missing:
                raise SliceError('the document has no %s %s' % ('/'.join(missing).upper(), path))
            item = dict((key, value) for key, value in item.items() if key not in HTTP_METHODS or key in methods)
        sliced['paths'][path] = prune(item)
    available = full.get('components', {})
    components = {}
    if 'securitySchemes' in available:
        components['securitySchemes'] = dict((name, prune(scheme)) for name, scheme in available['securitySchemes'].items())
    pending = list(component_refs(sliced['paths'])) + list(extra_refs)
    while pending:
        ref = pending.pop()
        match = COMPONENT_REF.match(ref)
        if not match:
            raise SliceError('a $ref that is not to a component of the document: %s' % ref)
        kind, name = match.groups()
        if name in components.get(kind, {}):
            continue
        if name not in available.get(kind, {}):
            raise SliceError('dangling $ref: %s' % ref)
        node = prune(available[kind][name])
        components.setdefault(kind, {})[name] = node
        pending.extend(component_refs(node))
    sliced['components'] = components
    return sliced
