# Copyright: (c) 2026, orgaccess maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Sphinx extension for building the docs site offline with warnings as errors (make docs).

The pages antsibull-docs generates refer to labels of Ansible's own documentation (for example
``common_return_values`` or ``ansible_collections.ansible.builtin.copy_module``), which an online build
resolves through intersphinx. Offline there is no inventory to load, so such a reference is shown as
plain text instead of failing the build; a reference to a label of this collection that does not exist
still fails it. The same goes for ansible-core's own environment variables (``ANSIBLE_CACHE_PLUGIN`` of the
``inventory_cache`` doc fragment), which antsibull-docs leaves out of the collection's index of them.

Pygments has no CSV lexer; the guides' CSV examples are shown as plain text.
"""

from __future__ import annotations

from pygments.lexers.special import TextLexer

CORE_VARIABLE_PREFIX = 'ANSIBLE_'
OWN_LABEL_PREFIXES = ('ansible_collections.orgaccess.onboarding.', 'plugins_in_orgaccess.onboarding', 'docsite_')


def keep_external_reference_as_text(app, env, node, contnode):
    if node.get('refdomain') != 'std':
        return None
    target = node.get('reftarget', '')
    if node.get('reftype') == 'ref' and not target.startswith(OWN_LABEL_PREFIXES):
        return contnode
    if node.get('reftype') == 'envvar' and target.startswith(CORE_VARIABLE_PREFIX):
        return contnode
    return None


def setup(app):
    app.connect('missing-reference', keep_external_reference_as_text)
    app.add_lexer('csv', TextLexer)
    return {'parallel_read_safe': True, 'parallel_write_safe': True}
