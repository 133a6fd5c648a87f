# -*- coding: utf-8 -*-
# Copyright (c) 2026, orgaccess.onboarding contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r"""
name: orgs
short_description: Organisations of Cisco XDR, Snyk and CybeDefend as inventory hosts
version_added: 1.0.0
description:
  - Turns I(sources) into inventory hosts, one host per organisation, so that the modules and the role
    C(orgaccess.onboarding.onboard) run on every organisation in parallel (forks, C(throttle), C(--limit), AWX/AAP job
    slicing).
  - "A source without O(sources[].orgs) lists what its credentials reach: Snyk, every org of O(sources[].group_id) (every
    page of C(GET /rest/groups/{group_id}/orgs)), or the orgs of O(sources[].org_ids); CybeDefend, every organisation of the
    PAT's user (C(GET /organizations)), or those of O(sources[].org_ids); Cisco XDR, the one organisation of the API client
    (whoami)."
  - A source with O(sources[].orgs) names each organisation with its own credentials (one Cisco XDR API client per
    organisation). When the plugin can read an entry's credentials (see O(verify_credentials)), it asks the platform
    (Cisco XDR whoami) and refuses an entry whose O(sources[].orgs[].name) or O(sources[].orgs[].org_id) is not the
    organisation's.
  - "Host names are C(<platform>_<slug>): the org's slug where the platform has one (Snyk), else its name, lower case, every
    run of characters other than C(a-z) and C(0-9) replaced by C(_) (accents dropped), for example C(snyk_team_payments),
    C(cisco_xdr_acme_eu), C(cybedefend_blue). Names that would collide get C(_) and the first 8 characters of the org id
    appended (the whole id where those collide too). They stay the same from run to run while the org keeps its slug or
    name and no other organisation takes the same one."
  - "Host variables: C(orgaccess_platform), C(orgaccess_org_id), C(orgaccess_org_name), C(orgaccess_org_slug) (Snyk),
    C(orgaccess_connection) (the non-secret connection options the source gives, such as C(api_url), C(region),
    C(group_id), C(client_id)), C(orgaccess_secret_env) and C(orgaccess_secret_vars) (the B(names) of the environment
    variables and Ansible variables that hold secrets, never their values) and C(ansible_connection=local). A Cisco XDR
    entry whose credentials the plugin cannot read gets C(orgaccess_org_id) only when the entry gives O(sources[].orgs[].org_id)."
  - Groups are C(orgaccess_orgs) (every host) and one per platform named after it (C(cisco_xdr), C(snyk), C(cybedefend)),
    plus those of the C(constructed) options.
  - Hosts are added one source after another in turn (the first organisation of each source, then the second of each, and so
    on), the order plays run them in, so that forks work for every source's credentials at once rather than one source's
    organisations taking every fork and waiting for its request budget while the other budgets go unused.
  - Secrets are read from environment variables only (the ones the modules read, such as C(SNYK_TOKEN), C(CYBEDEFEND_PAT),
    C(CISCO_XDR_CLIENT_ID) and C(CISCO_XDR_CLIENT_PASSWORD), or those O(sources[].secret_env) names); an inventory source
    that writes a secret itself is refused, and no secret reaches the inventory.
  - The inventory file name must end in C(orgs.yml) or C(orgs.yaml) (for example C(prod.orgs.yml), or C(orgs.yml)).
author:
  - orgaccess maintainers (@orgaccess)
requirements:
  - requests
extends_documentation_fragment:
  - constructed
  - inventory_cache
options:
  plugin:
    description: The name of this plugin.
    type: str
    required: true
    choices: ['orgaccess.onboarding.orgs']
  sources:
    description:
      - Where the organisations come from. Each source is one platform with one set of connection options.
      - Besides the keys below, a source (and an entry of O(sources[].orgs)) takes the non-secret connection options of
        its platform, as the modules name them. Snyk takes C(region), C(api_url), C(group_id), C(api_version) and
        C(auth_scheme); CybeDefend C(region), C(api_url), C(auth_url) and C(client_id); Cisco XDR C(client_id), C(region)
        and C(api_url). They go to the hosts' C(orgaccess_connection).
    type: list
    elements: dict
    required: true
    suboptions:
      platform:
        description: The platform of the source.
        type: str
        required: true
        choices: [cisco_xdr, snyk, cybedefend]
      group_id:
        description: Snyk only, a connection option; without O(sources[].org_ids) and O(sources[].orgs), every org of this group.
        type: str
      org_ids:
        description: The organisations to take, by id, instead of every one the credentials reach. Each must be reachable.
        type: list
        elements: str
      orgs:
        description:
          - The organisations of the source, each with its own credentials (one Cisco XDR API client per organisation).
        type: list
        elements: dict
        suboptions:
          name:
            description:
              - The organisation's name; required when the plugin cannot read the entry's credentials, else checked
                against the platform's (whoami), case-insensitively.
            type: str
          org_id:
            description: The organisation's id; checked against the platform's when the credentials are read.
            type: str
          secret_env:
            description: Like O(sources[].secret_env), for this organisation.
            type: dict
          secret_vars:
            description: Like O(sources[].secret_vars), for this organisation.
            type: dict
      secret_env:
        description:
          - "Maps a credential option to the B(name) of the environment variable that holds it, for example
            C({api_token: SNYK_TOKEN_GROUP_A}) or C({client_id: ACME_XDR_ID, client_secret: ACME_XDR_PASSWORD}). The plugin
            reads them at inventory time; the hosts carry the names (C(orgaccess_secret_env)) for the play."
          - Options it does not name are read from the modules' own variables (C(SNYK_TOKEN), C(CYBEDEFEND_PAT),
            C(CISCO_XDR_CLIENT_ID), C(CISCO_XDR_CLIENT_PASSWORD)...), which is what an AWX credential injects.
        type: dict
      secret_vars:
        description:
          - "Maps a credential option to the B(name) of the Ansible variable that the play resolves, for example an inline
            vault variable: C({client_secret: vault_acme_xdr_password}). The plugin cannot read those, so it does not
            check such an entry (see O(verify_credentials)); the hosts carry the names (C(orgaccess_secret_vars))."
        type: dict
  include:
    description:
      - Keep only the organisations whose name matches one of these patterns (none given keeps every one).
      - A pattern is a shell-style glob (C(*), C(?), C([...])) compared case-insensitively, or, when it starts with C(~),
        a Python regular expression searched in the name (C(~^team-[0-9]+$)), case-sensitively.
    type: list
    elements: str
    default: []
  exclude:
    description: Leave out the organisations whose name matches one of these patterns (as in O(include)). Exclusion wins.
    type: list
    elements: str
    default: []
  verify_credentials:
    description:
      - For entries of O(sources[].orgs), when the plugin asks the platform which organisation the credentials belong to.
      - C(auto) when it can read them (environment variables), C(always) and fail naming what is missing when it cannot,
        C(never) (the entry's name and id are taken as given).
      - Sources without O(sources[].orgs) always need their credentials, to list the organisations.
    type: str
    choices: [auto, always, never]
    default: auto
  timeout:
    description: Seconds to wait for each answer.
    type: int
    default: 30
  retries:
    description: Retries of a failed request (429 and 5xx answers, dropped connections).
    type: int
    default: 5
  max_retry_wait:
    description: The longest wait, in seconds, before a retry that the platform asks for (C(Retry-After)).
    type: int
    default: 60
  validate_certs:
    description: Whether to check the platforms' TLS certificates.
    type: bool
    default: true
"""

EXAMPLES = r"""
# prod.orgs.yml: every org of a Snyk group, every organisation of the CybeDefend PAT's user, three Cisco XDR orgs.
# SNYK_TOKEN and CYBEDEFEND_PAT come from the environment (an AWX credential injects them).
plugin: orgaccess.onboarding.orgs
sources:
  - platform: snyk
    group_id: 0b5d4a1e-3c5f-4f3a-9a59-2b8f4f0c1d2e
    region: SNYK-EU-01
  - platform: cybedefend
    region: eu
  - platform: cisco_xdr
    region: eu
    orgs:
      - name: Acme EU
        secret_env: {client_id: ACME_XDR_CLIENT_ID, client_secret: ACME_XDR_CLIENT_PASSWORD}
      - name: Globex
        client_id: client-7f3e0c
        secret_env: {client_secret: GLOBEX_XDR_CLIENT_PASSWORD}
      - name: Initech
        org_id: 9e3c1a2b-0000-4000-8000-00000000c0de
        # vault variables the play resolves; the plugin cannot check this entry
        secret_vars: {client_id: vault_initech_xdr_client_id, client_secret: vault_initech_xdr_password}
include: ['*']
exclude: ['~(?i)sandbox|test']
keyed_groups:
  - key: orgaccess_connection.region | default('default')
    prefix: region
groups:
  snyk_payments: orgaccess_platform == 'snyk' and 'payments' in orgaccess_org_name | lower
compose:
  # The modules need a Python with requests on the controller (ansible_connection is local).
  ansible_python_interpreter: "'/opt/venvs/ansible/bin/python'"
cache: true
cache_plugin: ansible.builtin.jsonfile
cache_connection: /tmp/orgaccess-orgs-cache
cache_timeout: 600

# Then: ansible-inventory -i prod.orgs.yml --graph
#       ansible-playbook orgaccess.onboarding.onboard -i prod.orgs.yml -e @roster.yml --limit snyk
"""

import fnmatch
import os
import re
import unicodedata

from ansible.errors import AnsibleParserError
from ansible.plugins.inventory import BaseInventoryPlugin, Cacheable, Constructable

try:
    # ansible-core 2.19 and later template no value an inventory plugin sets unless it is marked as trusted.
    from ansible.template import trust_as_template  # noqa: F401 pylint: disable=unused-import

    def untemplated(value):
        return value
except ImportError:  # older releases template every string unless it is wrapped as unsafe
    from ansible.utils.unsafe_proxy import wrap_var as untemplated

from ansible_collections.orgaccess.onboarding.plugins.module_utils._adapter import resolve_connection
from ansible_collections.orgaccess.onboarding.plugins.module_utils._errors import OrgAccessError, ValidationError
from ansible_collections.orgaccess.onboarding.plugins.module_utils._http import HAS_REQUESTS, HttpClient
from ansible_collections.orgaccess.onboarding.plugins.module_utils._platforms import PLATFORM_NAMES, adapter_class

ALL_GROUP = 'orgaccess_orgs'
FILE_SUFFIXES = ('.orgs.yml', '.orgs.yaml')
FILE_NAMES = ('orgs.yml', 'orgs.yaml')
SOURCE_KEYS = ('platform', 'org_ids', 'orgs', 'secret_env', 'secret_vars')
ENTRY_KEYS = ('name', 'org_id', 'secret_env', 'secret_vars')
REGEX_MARK = '~'


def sanitize(text):
    """``text`` as a host name part: accents dropped, lower case, runs of anything but a-z and 0-9 made one ``_``."""
    ascii_text = unicodedata.normalize('NFKD', str(text)).encode('ascii', 'ignore').decode('ascii')
    return re.sub(r'[^a-z0-9]+', '_', ascii_text.lower()).strip('_')


def host_name(platform, org):
    """``<platform>_<slug>`` from the org's slug, else its name, else its id."""
    for value in (org.get('slug'), org.get('name'), org.get('id')):
        part = sanitize(value or '')
        if part:
            return '%s_%s' % (platform, part)
    raise ValueError('an organisation without slug, name or id')


def compile_patterns(patterns, field):
    """Matchers for ``include``/``exclude``: ``~regex`` searched, else a glob compared case-insensitively."""
    matchers = []
    for index, pattern in enumerate(patterns or []):
        if not isinstance(pattern, str) or not pattern:
            raise AnsibleParserError('orgaccess.onboarding.orgs: %s[%d] must be a non-empty string' % (field, index))
        if pattern.startswith(REGEX_MARK):
            try:
                matchers.append(re.compile(pattern[len(REGEX_MARK):]).search)
            except re.error as exc:
                raise AnsibleParserError('orgaccess.onboarding.orgs: %s[%d] is not a regular expression: %s' % (field, index, exc))
        else:
            glob = re.compile(fnmatch.translate(pattern.casefold()))
            matchers.append(lambda name, glob=glob: glob.match(name.casefold()))
    return matchers


def name_selected(name, include, exclude):
    """Whether an org name passes the filters: it matches an include (or there is none) and no exclude."""
    name = name or ''
    return (not include or any(match(name) for match in include)) and not any(match(name) for match in exclude)


def in_turn_by_source(orgs):
    """The organisations of the sources in turn - the first of each source, then the second of each... - since plays run hosts
    in inventory order: forks then spread over every source's credentials (and request budgets) at once, instead of one
    source's hosts filling every fork and waiting for its budget while the others' budgets go unused."""
    by_source = {}
    for org in orgs:
        by_source.setdefault(org.get('source', 0), []).append(org)
    turns = max([len(found) for found in by_source.values()] or [0])
    return [found[turn] for turn in range(turns) for _source, found in sorted(by_source.items()) if turn < len(found)]


class InventoryModule(BaseInventoryPlugin, Constructable, Cacheable):
    NAME = 'orgaccess.onboarding.orgs'

    def verify_file(self, path):
        if not super(InventoryModule, self).verify_file(path):
            return False
        base = os.path.basename(path)
        return base.endswith(FILE_SUFFIXES) or base in FILE_NAMES

    def parse(self, inventory, loader, path, cache=True):
        super(InventoryModule, self).parse(inventory, loader, path, cache)
        self._read_config_data(path)
        cache_key = self.get_cache_key(path)
        use_cache = self.get_option('cache') and cache
        update_cache = self.get_option('cache') and not cache
        orgs = None
        if use_cache:
            try:
                orgs = self._cache[cache_key]
            except KeyError:
                update_cache = True
        if orgs is None:
            orgs = self.fetch_orgs()
        if update_cache:
            self._cache[cache_key] = orgs
        # Filters and names apply to the cached organisations too, so that changing them needs no new read.
        include = compile_patterns(self.get_option('include'), 'include')
        exclude = compile_patterns(self.get_option('exclude'), 'exclude')
        self.populate(self.name_hosts(in_turn_by_source([org for org in orgs if name_selected(org['org']['name'], include, exclude)])))

    # -- reading the sources -------------------------------------------------------------------

    def fetch_orgs(self):
        """``[{'where', 'org', 'vars'}]`` for every organisation the sources give (what is cached); no secret in them."""
        if not HAS_REQUESTS:
            raise AnsibleParserError('orgaccess.onboarding.orgs: the Python library requests is required')
        sources = self.get_option('sources')
        if not isinstance(sources, list) or not sources:
            raise AnsibleParserError('orgaccess.onboarding.orgs: sources must be a non-empty list')
        return [{'where': where, 'source': index, 'org': org, 'vars': hostvars}
                for index, source in enumerate(sources) for where, org, hostvars in self.read_source(source, 'sources[%d]' % index)]

    def read_source(self, source, where):
        """``[(where, org record, host vars)]`` of one source."""
        if not isinstance(source, dict):
            raise AnsibleParserError('orgaccess.onboarding.orgs: %s must be a mapping' % where)
        platform = source.get('platform')
        if platform not in PLATFORM_NAMES:
            raise AnsibleParserError('orgaccess.onboarding.orgs: %s.platform must be one of %s, got %r'
                                     % (where, ', '.join(PLATFORM_NAMES), platform))
        adapter_cls = adapter_class(platform)
        options, secret_env, secret_vars = self.split_keys(adapter_cls, source, SOURCE_KEYS, where)
        org_ids = source.get('org_ids') or None
        if org_ids is not None and (not isinstance(org_ids, list) or not all(isinstance(item, str) and item for item in org_ids)):
            raise AnsibleParserError('orgaccess.onboarding.orgs: %s.org_ids must be a list of org ids' % where)
        entries = source.get('orgs')
        if entries is None:
            orgs = self.list_orgs(adapter_cls, options, secret_env, secret_vars, org_ids, where, required=True)
            return [(where, org, self.host_vars(adapter_cls, org, options, secret_env, secret_vars)) for org in orgs]
        if not isinstance(entries, list) or not entries:
            raise AnsibleParserError('orgaccess.onboarding.orgs: %s.orgs must be a non-empty list' % where)
        if org_ids is not None:
            raise AnsibleParserError('orgaccess.onboarding.orgs: %s: give org_ids or orgs, not both' % where)
        return [self.read_entry(adapter_cls, entry, options, secret_env, secret_vars, '%s.orgs[%d]' % (where, index))
                for index, entry in enumerate(entries)]

    def read_entry(self, adapter_cls, entry, source_options, source_env, source_vars, where):
        """One organisation named with its own credentials: checked with the platform when they can be read."""
        if not isinstance(entry, dict):
            raise AnsibleParserError('orgaccess.onboarding.orgs: %s must be a mapping' % where)
        entry_options, entry_env, entry_vars = self.split_keys(adapter_cls, entry, ENTRY_KEYS, where)
        options = dict(source_options, **entry_options)
        secret_env = dict(source_env, **entry_env)
        secret_vars = dict(source_vars, **entry_vars)
        for key in ('name', 'org_id'):
            if entry.get(key) is not None and (not isinstance(entry[key], str) or not entry[key].strip()):
                raise AnsibleParserError('orgaccess.onboarding.orgs: %s.%s must be a non-empty string' % (where, key))
        name, org_id = (entry.get('name') or '').strip() or None, (entry.get('org_id') or '').strip() or None
        mode = self.get_option('verify_credentials')
        orgs = None
        if mode != 'never':
            orgs = self.list_orgs(adapter_cls, options, secret_env, secret_vars, [org_id] if org_id else None, where,
                                  required=mode == 'always')
        if orgs is None:
            if name is None:
                raise AnsibleParserError('orgaccess.onboarding.orgs: %s.name: is required when the plugin does not read the '
                                         'entry\'s credentials (verify_credentials %s)' % (where, mode))
            org = {'id': org_id, 'name': name, 'slug': None}
        else:
            if len(orgs) != 1:
                reached = ', '.join(org['name'] for org in orgs)
                raise AnsibleParserError('orgaccess.onboarding.orgs: %s: %s: the credentials reach %d organisations (%s); name '
                                         'the one of this entry with org_id' % (where, adapter_cls.NAME, len(orgs), reached))
            org = orgs[0]
            if name is not None and name.casefold() != org['name'].strip().casefold():
                raise AnsibleParserError('orgaccess.onboarding.orgs: %s.name: %s: %r is not the name of the credentials\' '
                                         'organisation, %r (id %s)' % (where, adapter_cls.NAME, name, org['name'], org['id']))
        return where, org, self.host_vars(adapter_cls, org, options, secret_env, secret_vars)

    def split_keys(self, adapter_cls, mapping, own_keys, where):
        """(connection options, secret_env, secret_vars) of a source or entry; unknown keys and secrets written in it are refused."""
        options = {}
        for key, value in mapping.items():
            if key in own_keys:
                continue
            spec = adapter_cls.CONNECTION.get(key)
            if spec is None or key == adapter_cls.ORG_OPTION:
                known = sorted(set(own_keys) | set(option for option, option_spec in adapter_cls.CONNECTION.items()
                                                   if not option_spec.get('secret') and option != adapter_cls.ORG_OPTION))
                raise AnsibleParserError('orgaccess.onboarding.orgs: %s.%s: is not a key of a %s source; use %s'
                                         % (where, key, adapter_cls.NAME, ', '.join(known)))
            if spec.get('secret'):
                raise AnsibleParserError('orgaccess.onboarding.orgs: %s.%s: a secret is never written in an inventory source; '
                                         'name the environment variable that holds it in secret_env (or the variable in '
                                         'secret_vars)' % (where, key))
            if value is not None:
                options[key] = value
        names = []
        for key in ('secret_env', 'secret_vars'):
            value = mapping.get(key) or {}
            if not isinstance(value, dict):
                raise AnsibleParserError('orgaccess.onboarding.orgs: %s.%s must map options to variable names' % (where, key))
            for option, variable in value.items():
                if option not in adapter_cls.CONNECTION or option == adapter_cls.ORG_OPTION:
                    raise AnsibleParserError('orgaccess.onboarding.orgs: %s.%s.%s: is not a credential option of %s'
                                             % (where, key, option, adapter_cls.NAME))
                if not isinstance(variable, str) or not re.match(r'^[A-Za-z_][A-Za-z0-9_]*$', variable):
                    raise AnsibleParserError('orgaccess.onboarding.orgs: %s.%s.%s: must be the name of a variable' % (where, key, option))
            names.append(dict(value))
        return options, names[0], names[1]

    def list_orgs(self, adapter_cls, options, secret_env, secret_vars, org_ids, where, required):
        """The platform's org records for these credentials, or None when they cannot be read and are not ``required``."""
        platform = adapter_cls.NAME
        params = dict(options)
        # Options named in secret_env or secret_vars are read from there only, never from the modules' default variables.
        environ = dict(os.environ)
        named = set(secret_env) | set(secret_vars)
        for option in named:
            for variable in adapter_cls.CONNECTION[option].get('env', ()):
                environ.pop(variable, None)
        missing = []
        for option, variable in sorted(secret_env.items()):
            if os.environ.get(variable):
                params[option] = os.environ[variable]
            else:
                missing.append('%s (environment variable %s, from secret_env, is not set)' % (option, variable))
        for option, variable in sorted(secret_vars.items()):
            missing.append('%s (variable %s, from secret_vars, is resolved by the play, not by the inventory)' % (option, variable))
        for option, spec in sorted(adapter_cls.CONNECTION.items()):
            if (spec.get('required') and option != adapter_cls.ORG_OPTION and option not in named and not params.get(option)
                    and not any(environ.get(variable) for variable in spec.get('env', ()))):
                missing.append('%s (set %s)' % (option, ' or '.join(spec.get('env', ())) or 'it'))
        if missing:
            if required:
                raise AnsibleParserError('orgaccess.onboarding.orgs: %s: %s: the credentials to read the organisations are '
                                         'missing: %s' % (where, platform, '; '.join(missing)))
            return None
        client = None
        try:
            connection = resolve_connection(adapter_cls, params, environ=environ, optional=(adapter_cls.ORG_OPTION,))
            client = HttpClient(platform, timeout=self.get_option('timeout'), validate_certs=self.get_option('validate_certs'),
                                retries=self.get_option('retries'), max_retry_wait=self.get_option('max_retry_wait'),
                                read_only=True)
            for option, spec in adapter_cls.CONNECTION.items():
                if spec.get('secret'):
                    client.add_secret(connection.get(option))
            return adapter_cls(client, connection).list_orgs(org_ids)
        except ValidationError as exc:
            field = '%s.%s' % (where, exc.field) if exc.field else where
            message = client.redact(exc.message) if client is not None else exc.message
            raise AnsibleParserError('orgaccess.onboarding.orgs: %s: %s: %s' % (field, platform, message))
        except OrgAccessError as exc:
            raise AnsibleParserError('orgaccess.onboarding.orgs: %s: %s' % (where, client.redact(str(exc)) if client else exc))

    @staticmethod
    def host_vars(adapter_cls, org, options, secret_env, secret_vars):
        hostvars = {'orgaccess_platform': adapter_cls.NAME, 'orgaccess_org_name': org['name'],
                    'orgaccess_connection': dict(options), 'ansible_connection': 'local'}
        if org.get('id') is not None:
            hostvars['orgaccess_org_id'] = org['id']
        if org.get('slug') is not None:
            hostvars['orgaccess_org_slug'] = org['slug']
        if secret_env:
            hostvars['orgaccess_secret_env'] = dict(secret_env)
        if secret_vars:
            hostvars['orgaccess_secret_vars'] = dict(secret_vars)
        return hostvars

    @staticmethod
    def name_hosts(found):
        """``[{'name', 'vars'}]`` of ``fetch_orgs``' items: one host per organisation, named by ``host_name``; colliding
        names get the start of the org id."""
        found = [(item['where'], item['org'], item['vars']) for item in found]
        seen = {}
        for where, org, hostvars in found:
            key = (hostvars['orgaccess_platform'], org.get('id') or org['name'].casefold())
            if key in seen:
                raise AnsibleParserError('orgaccess.onboarding.orgs: %s and %s name the same %s organisation %s (%s)'
                                         % (seen[key], where, key[0], org.get('id') or org['name'], org['name']))
            seen[key] = where
        names = [host_name(hostvars['orgaccess_platform'], org) for _where, org, hostvars in found]
        # Colliding names get the start of the org id, or the whole id where those starts collide too.
        for length in (8, None):
            clashing = [index for index, name in enumerate(names) if names.count(name) > 1]
            for index in clashing:
                where, org, _hostvars = found[index]
                suffix = sanitize(org.get('id') or '')[:length]
                if not suffix:
                    raise AnsibleParserError('orgaccess.onboarding.orgs: %s: host name %s is taken by another organisation and '
                                             'this one has no org_id to tell it apart; give its org_id' % (where, names[index]))
                names[index] = '%s_%s' % (host_name(found[index][2]['orgaccess_platform'], org), suffix)
        for index, name in enumerate(names):
            if names.count(name) > 1:
                raise AnsibleParserError('orgaccess.onboarding.orgs: %s: two organisations get the host name %s'
                                         % (found[index][0], name))
        return [{'name': name, 'vars': hostvars} for name, (_where, _org, hostvars) in zip(names, found)]

    # -- the inventory ---------------------------------------------------------------------------

    def populate(self, hosts):
        strict = self.get_option('strict')
        self.inventory.add_group(ALL_GROUP)
        for host in hosts:
            name, hostvars = host['name'], host['vars']
            self.inventory.add_host(name, group=ALL_GROUP)
            self.inventory.add_group(hostvars['orgaccess_platform'])
            self.inventory.add_child(hostvars['orgaccess_platform'], name)
            for key, value in hostvars.items():
                # Names come from the platforms' answers: never templated.
                self.inventory.set_variable(name, key, untemplated(value))
            self._set_composite_vars(self.get_option('compose'), hostvars, name, strict=strict)
            self._add_host_to_composed_groups(self.get_option('groups'), hostvars, name, strict=strict)
            self._add_host_to_keyed_groups(self.get_option('keyed_groups'), hostvars, name, strict=strict)
