# -*- coding: utf-8 -*-
# Copyright (c) 2026, orgaccess.onboarding contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Action of orgaccess.onboarding.onboard_roster: read a roster on the controller and validate it whole."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os

from ansible.errors import AnsibleError
from ansible.module_utils.common.text.converters import to_text
from ansible.plugins.action import ActionBase

from ansible_collections.orgaccess.onboarding.plugins.module_utils._platforms import PLATFORM_NAMES
from ansible_collections.orgaccess.onboarding.plugins.plugin_utils._roster import (
    RosterError,
    csv_field,
    csv_rows,
    inline_field,
    inline_rows,
    platform_requests,
    validate,
)

FORMAT_BY_EXTENSION = {'.csv': 'csv', '.yml': 'yaml', '.yaml': 'yaml', '.json': 'yaml'}


class ActionModule(ActionBase):

    TRANSFERS_FILES = False
    _supports_check_mode = True

    def run(self, tmp=None, task_vars=None):
        result = super(ActionModule, self).run(tmp, task_vars)
        del tmp
        args = self.validate_argument_spec(
            argument_spec=dict(
                people=dict(type='raw'),
                path=dict(type='str'),
                format=dict(type='str', default='auto', choices=['auto', 'csv', 'yaml']),
                ignore_columns=dict(type='list', elements='str', default=[]),
                platforms=dict(type='list', elements='str', required=True, choices=list(PLATFORM_NAMES)),
            ),
            mutually_exclusive=[('people', 'path')],
            required_one_of=[('people', 'path')],
        )[1]
        result['changed'] = False
        try:
            if args['path'] is not None:
                rows, field_name = self._file_rows(args['path'], args['format'], args['ignore_columns'])
            else:
                rows, field_name = inline_rows(args['people'], 'onboard_people'), inline_field
            people = validate(rows, field_name)
        except RosterError as exc:
            result.update(failed=True, msg=str(exc), problems=exc.problems)
            return result
        platforms = list(dict.fromkeys(args['platforms']))
        result.update(people=people, platforms=platform_requests(people, platforms))
        return result

    def _file_rows(self, path, roster_format, ignore_columns):
        """The raw rows of a roster file (vault-encrypted files are decrypted) and how its fields are named."""
        found = self._locate(path)
        if roster_format == 'auto':
            extension = os.path.splitext(found)[1].lower()
            if extension not in FORMAT_BY_EXTENSION:
                raise RosterError(['%s: cannot tell the format from the extension %r; set format (onboard_roster_format) to csv or yaml'
                                   % (path, extension)])
            roster_format = FORMAT_BY_EXTENSION[extension]
        source = os.path.basename(found)
        if roster_format == 'yaml':
            return inline_rows(self._loader.load_from_file(found), source), inline_field
        real = self._loader.get_real_file(found)
        try:
            with open(real, 'rb') as handle:
                text = to_text(handle.read(), errors='surrogate_or_strict')
        finally:
            self._loader.cleanup_tmp_file(real)
        return csv_rows(text, source, ignore_columns), csv_field

    def _locate(self, path):
        """An absolute path as it is; a relative one from the current directory, else the play's and role's files."""
        expanded = os.path.expanduser(path)
        if os.path.isabs(expanded) or os.path.isfile(expanded):
            if not os.path.isfile(expanded):
                raise RosterError(['%s: no such file' % path])
            return os.path.abspath(expanded)
        try:
            return self._find_needle('files', expanded)
        except AnsibleError:
            raise RosterError(['%s: no such file in the current directory, the playbook directory or files/' % path])
