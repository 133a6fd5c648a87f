# -*- coding: utf-8 -*-
# Copyright (c) 2026, orgaccess.onboarding contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Errors shared by the HTTP client, the adapters and the module base.

Private module: the leading underscore says it is not a public API of the collection.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type


class OrgAccessError(Exception):
    """Base of every error this collection raises on purpose."""


class ValidationError(OrgAccessError):
    """Bad input, found before anything is written.

    ``field`` names the option (``invites[3].role``, ``api_url``...); ``platform`` the platform.
    """

    def __init__(self, message, field=None, platform=None):
        self.message = message
        self.field = field
        self.platform = platform
        parts = []
        if platform:
            parts.append(platform)
        if field:
            parts.append(field)
        prefix = ': '.join(parts)
        super(ValidationError, self).__init__('%s: %s' % (prefix, message) if prefix else message)


class ApiError(OrgAccessError):
    """A request the platform answered with an error, or that could not be completed.

    The message names the platform, the request and the vendor's own words, never a secret.
    """

    def __init__(self, platform, method, path, status=None, vendor_message=None, request_id=None, reason=None):
        self.platform = platform
        self.method = method
        self.path = path
        self.status = status
        self.vendor_message = vendor_message
        self.request_id = request_id
        text = '%s: %s %s' % (platform, method, path)
        if status is not None:
            text += ' returned HTTP %s' % status
        if reason:
            text += ' (%s)' % reason if status is not None else ' failed: %s' % reason
        if vendor_message:
            text += ': %s' % vendor_message
        if request_id:
            text += ' [request id %s]' % request_id
        super(ApiError, self).__init__(text)


class OutcomeUnknown(ApiError):
    """A write that may or may not have taken effect (timeout, reset after sending, 5xx).

    Never retried blindly: the caller reads the state back and retries only what is missing.
    """


class WriteRefused(OrgAccessError):
    """A write request refused by a read-only HTTP client (check mode, ``*_info`` modules) before it was sent.

    Always a bug: such runs only read, and the few reads made with POST (token requests, Cisco XDR
    searches) are marked as reads where they are made.
    """

    def __init__(self, platform, method, path):
        self.platform = platform
        self.method = method
        self.path = path
        super(WriteRefused, self).__init__(
            '%s: internal error: %s %s is a write and this run may only read (check mode or an _info module);'
            ' it was not sent' % (platform, method, path))
