#!/usr/bin/env bash
# Start or stop the platform sandbox (tests/sandbox/orgaccess_sandbox) for the gates and by hand.
#   sandbox.sh start   start it on a free port; prints its base URL (also in .sandbox/url)
#   sandbox.sh stop    stop it (no error when it is not running)
#   sandbox.sh url     print the URL of the running sandbox
# SANDBOX_STATE_DIR (default .sandbox) holds url, pid and the server's own files.
set -euo pipefail
cd "$(dirname "$0")/../.."

STATE_DIR="${SANDBOX_STATE_DIR:-.sandbox}"
PY="${SANDBOX_PYTHON:-.venv/bin/python}"
export PYTHONPATH="$PWD/tests/sandbox${PYTHONPATH:+:$PYTHONPATH}"

sandbox() {
    "$PY" -m orgaccess_sandbox "$@"
}

case "${1:-}" in
start)
    if [ -s "$STATE_DIR/pid" ] && kill -0 "$(cat "$STATE_DIR/pid")" 2>/dev/null; then
        echo "sandbox: already running at $(cat "$STATE_DIR/url")" >&2
        exit 1
    fi
    mkdir -p "$STATE_DIR"
    rm -f "$STATE_DIR/url" "$STATE_DIR/pid"
    # Output goes to a log so that a caller reading our stdout does not wait on the server.
    sandbox start --state-dir "$STATE_DIR" --port 0 >"$STATE_DIR/start.log" 2>&1 </dev/null &
    starter=$!
    # The start command writes url once the server listens; allow 30 s.
    for _ in $(seq 300); do
        if [ -s "$STATE_DIR/url" ]; then
            break
        fi
        if ! kill -0 "$starter" 2>/dev/null; then
            if ! wait "$starter"; then
                echo "sandbox: start failed" >&2
                cat "$STATE_DIR/start.log" >&2
                exit 1
            fi
        fi
        sleep 0.1
    done
    if [ ! -s "$STATE_DIR/url" ]; then
        echo "sandbox: no $STATE_DIR/url after 30 s" >&2
        cat "$STATE_DIR/start.log" >&2
        exit 1
    fi
    cat "$STATE_DIR/url"
    ;;
stop)
    if [ ! -e "$STATE_DIR/pid" ] && [ ! -e "$STATE_DIR/url" ]; then
        exit 0
    fi
    if ! sandbox stop --state-dir "$STATE_DIR"; then
        # The server's own stop failed: end the process it recorded, and only that one.
        if [ -s "$STATE_DIR/pid" ]; then
            kill "$(cat "$STATE_DIR/pid")" 2>/dev/null || true
        fi
    fi
    rm -f "$STATE_DIR/url" "$STATE_DIR/pid"
    ;;
url)
    cat "$STATE_DIR/url"
    ;;
*)
    echo "usage: $0 start|stop|url" >&2
    exit 2
    ;;
esac
