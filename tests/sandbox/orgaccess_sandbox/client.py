# Copyright: (c) 2026, orgaccess maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A small admin client for tests (standard library only).

    admin = SandboxAdmin(url)
    admin.reset()
    admin.configure(duplicate_invite='duplicate', latency_ms=50)
    admin.seed_members('cybedefend', [{'email': 'a@example.com', 'role': 'member'}])
    admin.accept('snyk', 'b@example.com')
    assert admin.writes('snyk') == 1
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from urllib.parse import quote, urlencode

# The sandbox is on 127.0.0.1: never send its traffic through a proxy from the environment.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class SandboxError(Exception):
    """The admin API refused a call; ``status`` and ``body`` are its answer."""

    def __init__(self, method, path, status, body):
        super().__init__('%s %s: HTTP %d %s' % (method, path, status, body))
        self.status = status
        self.body = body


class SandboxAdmin:
    """The sandbox's /_admin API."""

    def __init__(self, url, timeout=10.0):
        self.url = url.rstrip('/')
        self.timeout = timeout

    def call(self, method, path, body=None, query=None):
        """One admin request; returns the decoded JSON answer or raises SandboxError."""
        target = self.url + '/_admin' + path + ('?' + urlencode(query) if query else '')
        data = json.dumps(body).encode('utf-8') if body is not None else None
        request = urllib.request.Request(target, data=data, method=method,
                                         headers={'Content-Type': 'application/json', 'Accept': 'application/json'})
        try:
            with _OPENER.open(request, timeout=self.timeout) as response:
                return json.loads(response.read() or b'null')
        except urllib.error.HTTPError as exc:
            raise SandboxError(method, path, exc.code, exc.read().decode('utf-8', 'replace'))

    def health(self):
        return self.call('GET', '/health')

    def reset(self, keep_config=False):
        """Every platform back to its seed, log cleared, switches back to their defaults unless keep_config."""
        return self.call('POST', '/reset', {'keep_config': keep_config})

    def configure(self, **switches):
        """Change switches (merged into the current ones); returns the whole configuration."""
        return self.call('PUT', '/config', switches)

    def config(self):
        return self.call('GET', '/config')

    def log(self, platform=None, kind=None, since=None):
        """Logged vendor requests, oldest first; filters: platform, kind (read/write/auth), since (a seq)."""
        query = dict((key, value) for key, value in (('platform', platform), ('kind', kind), ('since', since)) if value is not None)
        return self.call('GET', '/log', query=query)['requests']

    def clear_log(self):
        return self.call('DELETE', '/log')

    def writes(self, platform=None):
        """How many write requests the sandbox acted on (committed), for one platform or all."""
        return sum(1 for entry in self.log(platform=platform, kind='write') if entry['committed'])

    def summary(self):
        """Request counts per platform and kind: {"snyk": {"read": 3, "write": 1, "auth": 0}, ...}."""
        return self.call('GET', '/log/summary')

    def state(self, platform=None, org=None):
        """The whole state (or one platform's, or one organization's), invitation tokens and every invite ever made included."""
        return self.call('GET', '/state' + ('/' + platform if platform else ''), query={'org': org} if org else None)

    def seed_members(self, platform, people, org=None):
        """Add members/users: [{"email", "name", "role", "enabled" (Cisco), "teams" (CybeDefend)}]; org: an org id."""
        return self.call('POST', self._org_path(platform, org, 'members'), list(people))['members']

    def seed_invites(self, platform, invites, org=None):
        """Add invites as if sent earlier: [{"email", "role", "status", "expires_at", "teams"}]; org: an org id."""
        return self.call('POST', self._org_path(platform, org, 'invites'), list(invites))['invites']

    def accept(self, platform, email, org=None):
        """The invitee accepts their pending invite: they become a member with its role (and teams)."""
        return self.call('POST', self._org_path(platform, org, 'accept'), {'email': email})['member']

    def add_orgs(self, platform, orgs):
        """Create organizations: [{"name", "id", "members", "invites", ...platform keys}]; returns their summaries
        (id, name, and what reaches them: Snyk slug, group_id and token, CybeDefend pat and teams, Cisco XDR client)."""
        return self.call('POST', '/%s/orgs' % platform, list(orgs))['orgs']

    def orgs(self, platform):
        """Every organization of the platform (the default one first), as add_orgs summarises them."""
        return self.call('GET', '/%s/orgs' % platform)['orgs']

    @staticmethod
    def _org_path(platform, org, what):
        return '/%s/%s' % (platform, what) if org is None else '/%s/orgs/%s/%s' % (platform, quote(org, safe=''), what)

    def set_credentials(self, platform, **values):
        """Replace credentials the platform accepts, e.g. set_credentials('snyk', token='...')."""
        return self.call('PUT', '/credentials', {platform: values})[platform]

    def platform_urls(self):
        """The api_url (and CybeDefend's auth_url) a module needs for each platform."""
        return {'cisco_xdr': {'api_url': self.url + '/cisco_xdr'},
                'snyk': {'api_url': self.url + '/snyk'},
                'cybedefend': {'api_url': self.url + '/cybedefend/api', 'auth_url': self.url + '/cybedefend/auth'}}
