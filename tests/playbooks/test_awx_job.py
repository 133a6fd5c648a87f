# Copyright: (c) 2026, orgaccess maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The onboard playbook run the way an AWX/AAP job runs it, and the credential types that feed such a job.

An AWX job gets its credentials only as the environment variables its credential types inject, and the
collection from ANSIBLE_COLLECTIONS_PATH; these tests render the shipped credential types' injectors as
AWX does (Jinja in a sandbox, empty text for fields left blank) and give the job nothing else.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tarfile
import textwrap

import jinja2.sandbox
import yaml

from platforms import CREDENTIALS, PLATFORMS, ROLES, pending_by_email, write_requests
from playbook_runner import COLLECTIONS_PATH
from test_bad_input import ENVIRONMENT

COLLECTION = os.path.join(COLLECTIONS_PATH, 'ansible_collections', 'orgaccess', 'onboarding')
CREDENTIAL_TYPES = os.path.join(COLLECTION, 'extensions', 'awx', 'credential_types')
OUTCOME = 'Merge what was done into one outcome per person and organisation'

sys.path.insert(0, COLLECTIONS_PATH)
from ansible_collections.orgaccess.onboarding.plugins.module_utils._platforms import ADAPTERS  # noqa: E402 pylint: disable=wrong-import-position


def credential_type(platform):
    with open(os.path.join(CREDENTIAL_TYPES, '%s.yml' % platform), encoding='utf-8') as handle:
        return yaml.safe_load(handle)


def inject(platform, inputs):
    """The environment AWX gives a job for a credential of the platform's type with these inputs."""
    environment = jinja2.sandbox.ImmutableSandboxedEnvironment()
    return dict((name, environment.from_string(template).render(**inputs))
                for name, template in credential_type(platform)['injectors']['env'].items())


def sandbox_inputs(admin):
    """What an administrator would type into each platform's credential to reach the sandbox (region left blank)."""
    urls = admin.platform_urls()
    return dict((platform, dict(urls[platform], **CREDENTIALS[platform])) for platform in PLATFORMS)


def test_each_credential_type_injects_the_variables_its_adapter_reads():
    for platform in PLATFORMS:
        connection = ADAPTERS[platform].CONNECTION
        found = credential_type(platform)
        assert found['kind'] == 'cloud'
        assert found['name'] == 'orgaccess.onboarding %s' % {'cisco_xdr': 'Cisco XDR', 'snyk': 'Snyk', 'cybedefend': 'CybeDefend'}[platform]
        fields = dict((field['id'], field) for field in found['inputs']['fields'])
        injected = found['injectors']['env']
        # Every field is injected into the first variable its option reads, secrets are secret, required options are required.
        assert sorted(injected) == sorted(connection[option]['env'][0] for option in fields)
        for option, field in fields.items():
            assert injected[connection[option]['env'][0]] == '{{ %s }}' % option
            assert field.get('secret', False) == connection[option].get('secret', False), (platform, option)
            if 'choices' in connection[option]:
                assert sorted(field['choices']) == sorted(connection[option]['choices'])
        assert sorted(found['inputs']['required']) == sorted(option for option, spec in connection.items() if spec.get('required'))
        assert not any(name.startswith('ANSIBLE_') for name in injected)


def test_the_onboard_playbook_runs_as_an_awx_job_with_injected_credentials_only(run_playbook, sandbox_admin):
    sandbox_admin.seed_members('snyk', [{'email': 'dana@example.com', 'role': ROLES['snyk']['basic']}])
    environment = dict(ENVIRONMENT)
    for platform, inputs in sandbox_inputs(sandbox_admin).items():
        environment.update(inject(platform, inputs))
    # A field left blank is injected as empty text, which the modules read as not set.
    assert environment['CISCO_XDR_REGION'] == '' and environment['SNYK_GROUP_ID'] == ''
    assert environment['SNYK_TOKEN'] == CREDENTIALS['snyk']['api_token']
    extravars = {
        'onboard_platforms': dict((platform, {}) for platform in PLATFORMS),
        'onboard_people': [
            {'email': 'ada@example.com', 'name': 'Ada', 'access': dict((platform, ROLES[platform]['elevated']) for platform in PLATFORMS)},
            {'email': 'dana@example.com', 'access': {'snyk': ROLES['snyk']['elevated']}},
        ],
    }
    secrets = [CREDENTIALS['cisco_xdr']['client_secret'], CREDENTIALS['snyk']['api_token'], CREDENTIALS['cybedefend']['api_token']]
    assert not any(secret in json.dumps(extravars) for secret in secrets)

    run = run_playbook(os.path.join(COLLECTION, 'playbooks', 'onboard.yml'), extravars=extravars, envvars=environment).assert_ok()
    outcome = run.result(OUTCOME)['ansible_facts']['onboard_outcome']
    assert dict((platform, found['summary']['invited']) for platform, found in outcome['organizations'].items()) == {
        'cisco_xdr': 1, 'snyk': 1, 'cybedefend': 1}
    assert outcome['organizations']['snyk']['summary']['updated'] == 1
    for platform in PLATFORMS:
        assert pending_by_email(sandbox_admin, platform) == {'ada@example.com': 1}
        assert write_requests(sandbox_admin, platform) >= 1
    # What AWX keeps of a job: its events and output (ansible-runner's own record of the environment it was given aside).
    shown = run.stdout + json.dumps(run.events)
    assert [secret for secret in secrets if secret in shown] == []


def test_the_registration_example_passes_the_injectors_to_awx_untouched(run_playbook, tmp_path):
    # A stand-in for awx.awx.credential_type that returns what it was given.
    module_dir = tmp_path / 'collections' / 'ansible_collections' / 'awx' / 'awx' / 'plugins' / 'modules'
    module_dir.mkdir(parents=True)
    (module_dir.parent.parent / 'galaxy.yml').write_text('namespace: awx\nname: awx\nversion: 1.0.0\n', encoding='utf-8')
    (module_dir / 'credential_type.py').write_text(textwrap.dedent('''\
        from ansible.module_utils.basic import AnsibleModule

        def main():
            module = AnsibleModule(argument_spec=dict(name=dict(), description=dict(), kind=dict(), inputs=dict(type='dict'),
                                                      injectors=dict(type='dict'), state=dict()))
            module.exit_json(changed=False, received=module.params)

        main()
        '''), encoding='utf-8')
    environment = dict(ENVIRONMENT, ANSIBLE_COLLECTIONS_PATH='%s:%s' % (tmp_path / 'collections', COLLECTIONS_PATH))

    run = run_playbook(os.path.join(COLLECTION, 'docs', 'examples', 'awx_credential_types.yml'),
                       extravars={'orgaccess_collection_dir': COLLECTION}, envvars=environment).assert_ok()
    received = [item['received'] for item in run['Create or update each credential type']['results']]
    names = ['orgaccess.onboarding Cisco XDR', 'orgaccess.onboarding CybeDefend', 'orgaccess.onboarding Snyk']
    assert [item['name'] for item in received] == names
    for item, platform in zip(received, ('cisco_xdr', 'cybedefend', 'snyk')):
        shipped = credential_type(platform)
        assert item['injectors'] == shipped['injectors'] and item['inputs'] == shipped['inputs'] and item['kind'] == 'cloud'


def test_the_built_collection_ships_the_credential_types_role_playbooks_and_ee_metadata(tmp_path):
    subprocess.run([os.path.join(os.path.dirname(sys.executable), 'ansible-galaxy'), 'collection', 'build', '--output-path', str(tmp_path),
                    COLLECTION], check=True, stdout=subprocess.PIPE)
    with tarfile.open(next(tmp_path.glob('orgaccess-onboarding-*.tar.gz'))) as archive:
        names = set(archive.getnames())
    assert {'extensions/awx/credential_types/cisco_xdr.yml', 'extensions/awx/credential_types/snyk.yml',
            'extensions/awx/credential_types/cybedefend.yml', 'meta/execution-environment.yml', 'requirements.txt',
            'roles/onboard/meta/argument_specs.yml', 'roles/onboard/README.md', 'playbooks/onboard.yml', 'playbooks/offboard.yml',
            'playbooks/audit.yml', 'plugins/action/onboard_roster.py', 'docs/examples/roster.csv',
            'docs/examples/awx_credential_types.yml'} <= names
