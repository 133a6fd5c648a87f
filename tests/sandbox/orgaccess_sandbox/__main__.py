# Copyright: (c) 2026, orgaccess maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Command line: ``python -m orgaccess_sandbox serve|start|stop [options]``.

serve  run in the foreground until SIGTERM/SIGINT (the default when no command is given)
start  run ``serve`` in the background (new session), recorded in --state-dir; prints the URL
stop   stop the server recorded in --state-dir
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import threading

from . import control
from .server import build_server

COMMANDS = ('serve', 'start', 'stop')


def _server_options():
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument('--host', default='127.0.0.1')
    parser.add_argument('--port', type=int, default=0, help='0 picks a free port')
    parser.add_argument('--specs', help='full vendor documents to validate against (default: $ORGACCESS_SPECS, else the contracts in tests/contracts)')
    parser.add_argument('--no-validate', action='store_true', help='do not check requests against the vendor documents')
    parser.add_argument('--latency-ms', type=float)
    parser.add_argument('--fault-rate', type=float)
    parser.add_argument('--fault-seed', type=int)
    parser.add_argument('--fault-kinds', help='comma-separated: 429,500,502,503,reset_before,reset_after')
    parser.add_argument('--token-ttl', type=float, help='access token lifetime in seconds')
    parser.add_argument('--rate-limit', type=int, help='requests per minute per platform (0: no limit)')
    parser.add_argument('--config', help='initial switches as a JSON object, e.g. \'{"duplicate_invite": "duplicate"}\'')
    return parser


def _switches(args):
    """Initial switch values from --config and the dedicated flags (flags win)."""
    switches = json.loads(args.config) if args.config else {}
    flags = (('latency_ms', args.latency_ms), ('fault_rate', args.fault_rate), ('fault_seed', args.fault_seed),
             ('fault_kinds', args.fault_kinds), ('token_ttl', args.token_ttl), ('rate_limit_per_minute', args.rate_limit))
    switches.update((key, value) for key, value in flags if value is not None)
    return switches


def serve(args):
    server = build_server(args.host, args.port, specs=args.specs, validate=not args.no_validate, config=_switches(args))
    if args.port_file:
        # Written whole (rename), so a reader never sees a partial port number.
        with open(args.port_file + '.tmp', 'w', encoding='utf-8') as handle:
            handle.write('%d\n' % server.server_address[1])
        os.replace(args.port_file + '.tmp', args.port_file)
    stop_requested = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_args: stop_requested.set())
    thread = threading.Thread(target=server.serve_forever, kwargs={'poll_interval': 0.1}, daemon=True)
    thread.start()
    sys.stdout.write('orgaccess sandbox listening on %s\n' % server.url)
    sys.stdout.flush()
    while not stop_requested.wait(0.5):
        pass
    server.shutdown()
    server.server_close()
    return 0


def start(args):
    url = control.start_detached(args.state_dir, host=args.host, port=args.port, specs=args.specs,
                                 validate=not args.no_validate, **_switches(args))
    sys.stdout.write(url + '\n')
    return 0


def stop(args):
    control.stop_detached(args.state_dir)
    return 0


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] not in COMMANDS + ('-h', '--help'):
        argv.insert(0, 'serve')
    parser = argparse.ArgumentParser(prog='python -m orgaccess_sandbox', description=__doc__.split('\n', 1)[0])
    commands = parser.add_subparsers(dest='command', required=True)
    serve_parser = commands.add_parser('serve', parents=[_server_options()], help='run in the foreground')
    serve_parser.add_argument('--port-file', help='write the bound port to this file')
    start_parser = commands.add_parser('start', parents=[_server_options()], help='run in the background')
    start_parser.add_argument('--state-dir', required=True)
    stop_parser = commands.add_parser('stop', help='stop the background server')
    stop_parser.add_argument('--state-dir', required=True)
    args = parser.parse_args(argv)
    try:
        return {'serve': serve, 'start': start, 'stop': stop}[args.command](args)
    except ValueError as exc:  # a bad --config or switch value, a missing vendor document or contract
        parser.error(str(exc))
    except RuntimeError as exc:  # the background server did not come up
        parser.exit(1, 'orgaccess sandbox: %s\n' % exc)


if __name__ == '__main__':
    sys.exit(main())
