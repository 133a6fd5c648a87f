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
from ansible_collections.orgaccess.onboarding.plugins.plugin_utils._org_hosts import HOST_CONNECTION, host_connection
from ansible_collections.orgaccess.onboarding.plugins.plugin_utils._roster import (
    ANY_SCOPE,
    RosterError,
    csv_field,
    csv_rows,
    expiring_access,
    inline_field,
    inline_rows,
    organization_requests,
    parse_now,
    platform_requests,
    validate,
    validate_profiles,
)

# The host vars an organisation host carries (docs: roles/onboard/README.md, "Organisations as inventory hosts").
HOST_PLATFORM = 'orgaccess_platform'
HOST_ORG_ID = 'orgaccess_org_id'
HOST_ORG_NAME = 'orgaccess_org_name'
# Groups every inventory has, which a roster cannot mean.
IMPLICIT_GROUPS = ('all', 'ungrouped')

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
                profiles=dict(type='raw'),
                platforms=dict(type='list', elements='str', choices=list(PLATFORM_NAMES)),
                hosts=dict(type='list', elements='str'),
                ignore_unknown_scopes=dict(type='bool', default=False),
                # raw: YAML makes dates and date-times of unquoted values.
                now=dict(type='raw'),
                expiring_within_days=dict(type='int', default=14),
            ),
            mutually_exclusive=[('people', 'path'), ('platforms', 'hosts')],
            required_one_of=[('people', 'path'), ('platforms', 'hosts')],
        )[1]
        result['changed'] = False
        task_vars = task_vars or {}
        if args['expiring_within_days'] < 0:
            result.update(failed=True, msg='expiring_within_days: must be 0 or more, got %d' % args['expiring_within_days'])
            return result
        try:
            # Read once: every organisation of the run decides dated access at the same moment.
            now = parse_now(args['now'], 'now')
            organizations, groups = self._organizations(args['hosts'], task_vars) if args['hosts'] is not None else ([], {})
            scopes = set(groups) | set(org['host'] for org in organizations) | set(groups.get('all') or ())
            scopes -= set(IMPLICIT_GROUPS)
            if args['ignore_unknown_scopes']:
                scopes = ANY_SCOPE
            from_file = {}
            if args['path'] is not None:
                rows, field_name, from_file = self._file_rows(args['path'], args['format'], args['ignore_columns'])
            else:
                rows, field_name = inline_rows(args['people'], 'onboard_people'), inline_field
            raw_profiles = args['profiles'] if args['profiles'] is not None else from_file.get('onboard_profiles')
            profiles = validate_profiles(raw_profiles, scopes)
            people = validate(rows, field_name, profiles, scopes)
            if args['hosts'] is None:
                requests = platform_requests(people, list(dict.fromkeys(args['platforms'])), now)
                result.update(people=people, platforms=requests)
            else:
                requests = organization_requests(people, profiles, organizations, groups, now)
                result.update(people=people, profiles=profiles, organizations=requests)
        except RosterError as exc:
            result.update(failed=True, msg=str(exc), problems=exc.problems)
            return result
        result.update(now=now.isoformat(), expiring_within_days=args['expiring_within_days'],
                      expiring=expiring_access(people, requests, now, args['expiring_within_days']))
        return result

    def _organizations(self, hosts, task_vars):
        """The play's organisation hosts from their host vars, and the inventory's groups: data for organization_requests."""
        hostvars = task_vars.get('hostvars') or {}
        groups = dict((name, list(members)) for name, members in (task_vars.get('groups') or {}).items())
        organizations = []
        problems = []
        for host in dict.fromkeys(hosts):
            values = hostvars[host] if host in hostvars else {}
            platform = values.get(HOST_PLATFORM)
            org_id = values.get(HOST_ORG_ID)
            connection, found = host_connection(host, platform, org_id, values.get(HOST_CONNECTION))
            problems.extend(found)
            organizations.append({'host': host, 'platform': platform, 'org_id': org_id, 'org_name': values.get(HOST_ORG_NAME),
                                  'connection': connection})
        if problems:
            raise RosterError(problems)
        return organizations, groups

    def _file_rows(self, path, roster_format, ignore_columns):
        """The raw rows of a roster file (vault-encrypted files are decrypted), how its fields are named, and the file's
        other top-level keys when it is a mapping (its onboard_profiles)."""
        found = self._locate(path)
        if roster_format == 'auto':
            extension = os.path.splitext(found)[1].lower()
            if extension not in FORMAT_BY_EXTENSION:
                raise RosterError(['%s: cannot tell the format from the extension %r; set format (onboard_roster_format) to csv or yaml'
                                   % (path, extension)])
            roster_format = FORMAT_BY_EXTENSION[extension]
        source = os.path.basename(found)
        if roster_format == 'yaml':
            data = self._loader.load_from_file(found)
            return inline_rows(data, source), inline_field, (data if isinstance(data, dict) else {})
        real = self._loader.get_real_file(found)
        try:
            with open(real, 'rb') as handle:
                text = to_text(handle.read(), errors='surrogate_or_strict')
        finally:
            self._loader.cleanup_tmp_file(real)
        return csv_rows(text, source, ignore_columns), csv_field, {}

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
