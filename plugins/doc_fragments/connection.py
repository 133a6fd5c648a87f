# -*- coding: utf-8 -*-
# Copyright (c) 2026, orgaccess.onboarding contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type


class ModuleDocFragment(object):

    # The options of plugins/module_utils/_module.py connection_argument_spec(). Environment
    # variables come from each adapter's CONNECTION table; keep both in step.
    DOCUMENTATION = r"""
options:
  platform:
    description:
      - The platform to talk to.
      - Decides which of the other connection options apply and which environment variables they fall back to.
    type: str
    required: true
    choices:
      - cisco_xdr
      - snyk
      - cybedefend
  client_id:
    description:
      - V(cisco_xdr) (required) - the client id of a Cisco XDR API client.
        Falls back to the environment variable E(CISCO_XDR_CLIENT_ID).
      - V(cybedefend) (optional) - the application id of the CybeDefend CLI, which is the OAuth client id
        used to exchange the personal access token (O(api_token)) for access tokens.
        Falls back to E(CYBEDEFEND_CLIENT_ID). When omitted, it is discovered from the API (C(GET /client-apps)),
        else the region's documented CLI application id is used; set it when neither applies (an O(auth_url) outside CybeDefend's regions).
      - Not used by V(snyk).
    type: str
  client_secret:
    description:
      - V(cisco_xdr) (required) - the password (secret) of the Cisco XDR API client.
        Falls back to E(CISCO_XDR_CLIENT_PASSWORD), then E(CISCO_XDR_CLIENT_SECRET).
      - Not used by V(snyk) or V(cybedefend).
      - Never returned or logged.
    type: str
  api_token:
    description:
      - V(snyk) (required) - a Snyk API token, personal access token or service account token.
        Falls back to E(SNYK_TOKEN).
      - V(cybedefend) (required) - a CybeDefend personal access token (PAT), exchanged for short-lived access tokens.
        Falls back to E(CYBEDEFEND_PAT).
      - Not used by V(cisco_xdr).
      - Never returned or logged.
    type: str
  api_url:
    description:
      - The base URL of the platform's API, overriding the one chosen by O(region). Must use C(https), except C(http) to a loopback address.
      - V(cisco_xdr) - the IROH host, for example V(https://visibility.eu.amp.cisco.com). Falls back to E(CISCO_XDR_API_URL).
      - V(snyk) - the API host root, for example V(https://api.eu.snyk.io); a trailing C(/rest) or C(/v1) is removed.
        Falls back to E(SNYK_API_URL).
      - V(cybedefend) - for example V(https://api-eu.cybedefend.com). Falls back to E(CYBEDEFEND_API_URL).
    type: str
  auth_url:
    description:
      - V(cybedefend) only - the identity provider that exchanges the personal access token, overriding the one chosen by O(region).
        Falls back to E(CYBEDEFEND_AUTH_URL).
      - Must belong to the same deployment as O(api_url).
    type: str
  region:
    description:
      - The platform's region, which chooses the default O(api_url) (and for V(cybedefend) O(auth_url)).
      - V(cisco_xdr) - V(us) (default), V(eu) or V(apjc). Falls back to E(CISCO_XDR_REGION).
      - V(snyk) - V(SNYK-US-01) (default), V(SNYK-US-02), V(SNYK-EU-01) or V(SNYK-AU-01). Falls back to E(SNYK_REGION).
      - V(cybedefend) - V(us) (default) or V(eu). Falls back to E(CYBEDEFEND_REGION).
    type: str
  org_id:
    description:
      - The organisation to manage, a UUID.
      - V(snyk) (required) - falls back to E(SNYK_ORG_ID).
      - V(cybedefend) (required) - falls back to E(CYBEDEFEND_ORG_ID).
      - Not used by V(cisco_xdr), where the API client belongs to one organisation.
    type: str
  group_id:
    description:
      - V(snyk) only - the group of the organisation, a UUID, whose roles can be assigned.
        Falls back to E(SNYK_GROUP_ID). When unset, it is read from the organisation.
    type: str
  api_version:
    description:
      - V(snyk) only - the REST API version sent with every REST call. Falls back to E(SNYK_API_VERSION), then V(2024-10-15).
    type: str
  auth_scheme:
    description:
      - V(snyk) only - how O(api_token) is sent in the C(Authorization) header.
      - V(token) (the default) for API tokens, personal access tokens and service account tokens;
        V(bearer) for OAuth 2.0 access tokens.
    type: str
    choices:
      - token
      - bearer
  validate_certs:
    description:
      - Whether to verify the platform's TLS certificates. Only turn this off for a test deployment.
      - To trust a private certificate authority instead, point the E(REQUESTS_CA_BUNDLE) environment variable
        at its CA bundle (a PEM file).
      - A certificate that cannot be verified fails the task at once; it is never retried.
      - Defaults to V(true) (after O(connections)).
    type: bool
  timeout:
    description:
      - Seconds to wait for each HTTP request before giving up on it. At least V(1).
      - Defaults to V(30) (after O(connections)).
    type: int
  retries:
    description:
      - How many times a request is retried after a rate limit (HTTP 429), a failure to connect or, for requests that
        are safe to repeat, a server error. At least V(0).
      - A request that creates something is never repeated blindly once it may have reached the server;
        the invites are read back first and only the missing ones are sent again.
      - Defaults to V(5) (after O(connections)).
    type: int
  max_retry_wait:
    description:
      - The longest wait, in seconds, that the module accepts when the platform asks it to slow down
        (C(Retry-After) or C(X-RateLimit-Reset) headers). At least V(0).
      - When the platform asks for a longer wait, the module fails with a message saying so instead of waiting.
      - Defaults to V(60) (after O(connections)).
    type: int
  concurrency:
    description:
      - How many write requests may run at once where the platform has no batch endpoint for them
        (invites on V(snyk) and V(cybedefend), cancellations on every platform), and how many batches of invites V(cisco_xdr)
        sends or renews at once (up to 100 invites each).
      - Between V(1) and V(16).
      - Defaults to V(4) (after O(connections)).
    type: int
  request_budget:
    description:
      - The most requests per minute that every module run on the controller with the same credential (and base URL) sends
        together, retries included; V(0) turns pacing off. At least V(0).
      - Forks are separate processes, so runs share the budget through a small state file per credential,
        in E(ORGACCESS_BUDGET_DIR), else in a folder of the user's own (mode 0700) in the system's temporary folder.
        The file is named after a hash of the credential and holds two timestamps, never the credential.
      - A request waits for its slot when the budget is spent. A rate limit answer (HTTP 429) that still comes holds back
        every run on the credential for the time the platform asks (C(Retry-After), at most O(max_retry_wait)), and the request is retried.
      - Falls back to the environment variable E(ORGACCESS_REQUEST_BUDGET) (every platform).
      - Defaults to the platform's documented budget (after O(connections) and E(ORGACCESS_REQUEST_BUDGET)), which is
        1,620 requests per minute per API token for V(snyk) and
        8,000 requests per hour per organisation for V(cisco_xdr), kept per API client (O(client_id)).
        V(cybedefend) publishes none, so it is not paced unless this is set (for example when many forks share one personal access token).
    type: int
  connections:
    description:
      - The connection settings of several platforms in one option, a mapping from the platform's name to its settings,
        so that one C(module_defaults) entry for the group C(group/orgaccess.onboarding.onboarding) serves the tasks of every platform.
      - A task uses the entry of its own O(platform) and ignores the others.
      - Each entry takes the options above that its platform uses, under the same names.
        An option that the task sets itself wins over the entry, and the entry wins over environment variables and defaults.
      - An entry for an unknown platform, or an option its platform does not use, fails the task naming it (for example C(connections.snyk.api_tokn))
        before any request.
      - The secrets in every entry (C(client_secret), C(api_token)) are never returned or logged.
    type: dict
    suboptions:
      cisco_xdr:
        description:
          - The connection settings of Cisco XDR.
        type: dict
        suboptions:
          client_id:
            description: Same as O(client_id), for V(cisco_xdr).
            type: str
          client_secret:
            description: Same as O(client_secret), for V(cisco_xdr).
            type: str
          region:
            description: Same as O(region), for V(cisco_xdr).
            type: str
          api_url:
            description: Same as O(api_url), for V(cisco_xdr).
            type: str
          validate_certs:
            description: Same as O(validate_certs), for V(cisco_xdr).
            type: bool
          timeout:
            description: Same as O(timeout), for V(cisco_xdr).
            type: int
          retries:
            description: Same as O(retries), for V(cisco_xdr).
            type: int
          max_retry_wait:
            description: Same as O(max_retry_wait), for V(cisco_xdr).
            type: int
          concurrency:
            description: Same as O(concurrency), for V(cisco_xdr).
            type: int
          request_budget:
            description: Same as O(request_budget), for V(cisco_xdr).
            type: int
      snyk:
        description:
          - The connection settings of Snyk.
        type: dict
        suboptions:
          api_token:
            description: Same as O(api_token), for V(snyk).
            type: str
          org_id:
            description: Same as O(org_id), for V(snyk).
            type: str
          region:
            description: Same as O(region), for V(snyk).
            type: str
          api_url:
            description: Same as O(api_url), for V(snyk).
            type: str
          group_id:
            description: Same as O(group_id), for V(snyk).
            type: str
          api_version:
            description: Same as O(api_version), for V(snyk).
            type: str
          auth_scheme:
            description: Same as O(auth_scheme), for V(snyk).
            type: str
            choices:
              - token
              - bearer
          validate_certs:
            description: Same as O(validate_certs), for V(snyk).
            type: bool
          timeout:
            description: Same as O(timeout), for V(snyk).
            type: int
          retries:
            description: Same as O(retries), for V(snyk).
            type: int
          max_retry_wait:
            description: Same as O(max_retry_wait), for V(snyk).
            type: int
          concurrency:
            description: Same as O(concurrency), for V(snyk).
            type: int
          request_budget:
            description: Same as O(request_budget), for V(snyk).
            type: int
      cybedefend:
        description:
          - The connection settings of CybeDefend.
        type: dict
        suboptions:
          api_token:
            description: Same as O(api_token), for V(cybedefend).
            type: str
          org_id:
            description: Same as O(org_id), for V(cybedefend).
            type: str
          region:
            description: Same as O(region), for V(cybedefend).
            type: str
          api_url:
            description: Same as O(api_url), for V(cybedefend).
            type: str
          auth_url:
            description: Same as O(auth_url), for V(cybedefend).
            type: str
          client_id:
            description: Same as O(client_id), for V(cybedefend).
            type: str
          validate_certs:
            description: Same as O(validate_certs), for V(cybedefend).
            type: bool
          timeout:
            description: Same as O(timeout), for V(cybedefend).
            type: int
          retries:
            description: Same as O(retries), for V(cybedefend).
            type: int
          max_retry_wait:
            description: Same as O(max_retry_wait), for V(cybedefend).
            type: int
          concurrency:
            description: Same as O(concurrency), for V(cybedefend).
            type: int
          request_budget:
            description: Same as O(request_budget), for V(cybedefend).
            type: int
requirements:
  - requests
notes:
  - Each connection option is taken from the task, else from the entry of the task's O(platform) in O(connections),
    else from the environment variable named in its description for that platform, else from its default.
    O(platform), O(auth_scheme), O(validate_certs), O(timeout), O(retries), O(max_retry_wait) and O(concurrency) have no
    environment variable. So credentials can come from the environment (for example an AWX or AAP credential type) instead of the task.
  - Set options once for a play with C(module_defaults) and the action group C(group/orgaccess.onboarding.onboarding)
    (every module). Since every module serves every platform, put the settings of each platform in O(connections) there,
    and only the settings all platforms share (O(timeout), O(retries)...) at the top level.
  - Emails are compared without surrounding blanks and without regard to case.
"""
