# -*- coding: utf-8 -*-
# Copyright (c) 2026, orgaccess.onboarding contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The one paging contract every adapter's list reader follows (docs/architecture.md, "Paging").

Private module. Each adapter knows how to ask for a page (offset, page number, cursor link) and
where the items and any announced total sit in its answers; ``PageReader`` keeps the books and
refuses, naming the request and the wire key, what would otherwise loop or end silently:

- more pages than a list of ``MAX_ITEMS`` items can take at the adapter's page size;
- an item without its id (it could not be told from the others, nor acted on);
- an item already read (a server that ignores the paging parameter, or a list moving under us);
- a total the answers announced that disagrees with what was read.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.orgaccess.onboarding.plugins.module_utils._adapter import require, wire_name
from ansible_collections.orgaccess.onboarding.plugins.module_utils._errors import ApiError

# The most items this collection reads from one list. No organisation of these platforms comes near it;
# a read that goes past it is a server that does not advance, and is stopped rather than followed.
MAX_ITEMS = 100000


class PageReader(object):
    """The books of one paged read: ``take`` each page's items, ``check_total`` against an announced total.

    ``id_key`` is the wire key of an item's id (a key, or a tuple of keys), ``paging_key`` the request
    parameter (or link) that moves to the next page, ``page_size`` the number of items asked per page:
    the cap on pages is ``MAX_ITEMS / page_size``, plus the empty page that may end the list.
    """

    def __init__(self, platform, method, path, id_key, paging_key, page_size, what='an item', max_items=None):
        max_items = MAX_ITEMS if max_items is None else max_items
        self.platform = platform
        self.method = method
        self.path = path
        self.id_key = id_key
        self.paging_key = paging_key
        self.what = what
        self.max_pages = -(-max_items // page_size) + 1
        self.max_items = max_items
        self.page_size = page_size
        self.pages = 0
        self.items = []
        self._seen = set()

    def error(self, reason):
        return ApiError(self.platform, self.method, self.path, reason=reason)

    def take(self, page, where):
        """Add the items of one page (``where`` names it in messages, ``the page at offset 50``)."""
        self.pages += 1
        if self.pages > self.max_pages:
            facts = (where, self.max_pages, self.page_size, self.max_items, self.paging_key)
            raise self.error('%s: more than %d pages of %d, the most a list of %d items takes; the server does not seem to '
                             'advance with %s, so the read was stopped' % facts)
        for item in page:
            item_id = require(item, self.id_key, self.platform, self.method, self.path, '%s on %s' % (self.what, where))
            if isinstance(item_id, bool) or not isinstance(item_id, (str, int)):
                raise self.error('%s on %s has a %s that is not an id (%r): check the wire key %r'
                                 % (self.what, where, wire_name(self.id_key), item_id, wire_name(self.id_key)))
            if item_id in self._seen:
                raise self.error('%s repeats %s already read (%s %r): the server seems to ignore %s, or the list changed while '
                                 'it was read; refused rather than trusted' % (where, self.what, wire_name(self.id_key), item_id,
                                                                               self.paging_key))
            self._seen.add(item_id)
        self.items.extend(page)

    def check_total(self, total, announced_by):
        """ApiError unless the total the answers announced (``announced_by`` names its wire key) is what was read."""
        if total is not None and total != len(self.items):
            raise self.error('the answers announced %s %d, but %d were read: the list is not complete or not consistent'
                             % (announced_by, total, len(self.items)))


def count(value):
    """A total from an answer (a whole number, or its digits in a header), or None when absent or unreadable."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value >= 0 else None
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None
