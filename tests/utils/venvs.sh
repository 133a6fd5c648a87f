# shellcheck shell=bash
# Sourced by setup.sh, ansible_test.sh and integration.sh (from the repository root): the pinned
# virtual environments and which ansible-core release runs where.
#
#   main    .venv, requirements-dev.txt: the pinned tools (ansible-core 2.19, the newest release that
#           runs on Python 3.11); its collection copy is build/collections.
#   oldest  .venv-core-oldest, requirements-core-oldest.txt: the oldest release meta/runtime.yml claims.
#   newest  .venv-core-newest, requirements-core-newest.txt: the newest release.
# A requirements-core-*.txt names its Python in a "# python: X.Y" line. Each extra release has its
# own collection copy (build/core-<name>/collections): ansible-test keeps its --venv environment per
# Python version inside the copy's tests/output/, so two releases on one Python sharing a copy would
# share that environment and reinstall each other's test requirements on every run.

# pip on this machine prints one warning per missing extra index directory; they are noise.
quiet_pip() {
    "$@" 2>&1 | { grep -v "^WARNING: Location 'file://.*' is ignored" || true; }
}

# find_python X.Y: print the path of a working pythonX.Y. $PYTHON<X><Y> (e.g. PYTHON313) wins; then
# pythonX.Y on PATH if it runs (an inactive pyenv shim does not), then pyenv's own installations.
find_python() {
    local version="$1" override pyenv_root candidate installed
    override="PYTHON${version/./}"
    pyenv_root="$(pyenv root 2>/dev/null || echo "$HOME/.pyenv")"
    mapfile -t installed < <(printf '%s\n' "$pyenv_root/versions/$version".*/bin/"python$version" | sort -V -r)
    for candidate in "${!override:-}" "python$version" "${installed[@]}"; do
        if [ -n "$candidate" ] && "$candidate" -c 'import sys' >/dev/null 2>&1; then
            command -v "$candidate"
            return 0
        fi
    done
    echo "setup: no working python$version found; set $override=/path/to/python$version" >&2
    return 1
}

# ensure_venv DIR X.Y REQUIREMENTS [PYTHON]: DIR is a venv of Python X.Y with REQUIREMENTS installed.
# Idempotent: pip runs only when REQUIREMENTS changed since the last install (stamp file in DIR).
ensure_venv() {
    local dir="$1" version="$2" requirements="$3" python="${4:-}" stamp want
    stamp="$dir/.requirements.sha256"
    if ! "$dir/bin/python" -c "import sys; sys.exit(sys.version_info[:2] != tuple(map(int, '$version'.split('.'))))" 2>/dev/null; then
        python="${python:-$(find_python "$version")}"
        if ! command -v "$python" >/dev/null 2>&1; then
            echo "setup: $python not found; set PYTHON=/path/to/python$version" >&2
            return 1
        fi
        echo "setup: creating $dir with $("$python" -c 'import sys; print(sys.executable, sys.version.split()[0])')"
        rm -rf "$dir"
        "$python" -m venv "$dir"
    fi
    want="$(sha256sum "$requirements" | cut -d' ' -f1)"
    if [ "$(cat "$stamp" 2>/dev/null || true)" != "$want" ]; then
        echo "setup: installing $requirements into $dir"
        rm -f "$stamp"
        quiet_pip "$dir/bin/python" -m pip install --quiet --disable-pip-version-check -r "$requirements"
        echo "$want" > "$stamp"
    fi
}

# core_setup NAME (main, oldest or newest): make that release's venv, its get-pip stand-in and a
# fresh collection copy, and set CORE_VENV, CORE_PYTHON (X.Y), CORE_COLLECTIONS (the directory for
# ANSIBLE_COLLECTIONS_PATH) and CORE_COLL (the copy ansible-test runs in), all absolute.
core_setup() {
    local name="$1" requirements
    case "$name" in
    main)
        # make setup has built .venv, written its stand-in and refreshed build/collections.
        CORE_VENV="$PWD/.venv"
        CORE_COLLECTIONS="$PWD/build/collections"
        ;;
    oldest | newest)
        requirements="requirements-core-$name.txt"
        CORE_VENV="$PWD/.venv-core-$name"
        CORE_COLLECTIONS="$PWD/build/core-$name/collections"
        ensure_venv "$CORE_VENV" "$(sed -n 's/^# python: *//p' "$requirements")" "$requirements"
        # ansible-test of this release may pin another pip than the main one: its own stand-in.
        "$CORE_VENV/bin/python" tests/utils/write_get_pip.py
        "$CORE_VENV/bin/python" tests/utils/sync_collection.py --collections "$CORE_COLLECTIONS"
        ;;
    *)
        echo "core_setup: unknown ansible-core '$name' (main, oldest, newest)" >&2
        return 2
        ;;
    esac
    CORE_PYTHON="$("$CORE_VENV/bin/python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
    CORE_COLL="$("$CORE_VENV/bin/python" tests/utils/sync_collection.py --collections "$CORE_COLLECTIONS" --print-path)"
    echo "ansible-core $("$CORE_VENV/bin/python" -c 'from ansible.release import __version__; print(__version__)') on Python $CORE_PYTHON ($name): $CORE_COLL"
}
