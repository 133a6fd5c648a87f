#!/usr/bin/env bash
# make changelog-lint, last step: CHANGELOG.rst matches changelogs/changelog.yaml.
# Before the first release changelog.yaml has no release and antsibull-changelog cannot render one,
# so there must be no CHANGELOG.rst (README.md points to changelogs/fragments/ instead). After a
# release, CHANGELOG.rst must be what antsibull-changelog generate renders from changelog.yaml.
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH="$PWD/.venv/bin:$PATH"

if python -c 'import sys, yaml; sys.exit(1 if yaml.safe_load(open("changelogs/changelog.yaml"))["releases"] else 0)'; then
    if [ -e CHANGELOG.rst ]; then
        echo 'changelog: CHANGELOG.rst exists but changelogs/changelog.yaml has no release' >&2
        exit 1
    fi
    echo 'changelog: no release yet; unreleased changes are in changelogs/fragments/'
    exit 0
fi
rendered="$(mktemp)"
trap 'rm -f "$rendered"' EXIT
antsibull-changelog generate --output "$rendered" --output-format rst
if ! diff -u CHANGELOG.rst "$rendered"; then
    echo 'changelog: CHANGELOG.rst is out of date; run antsibull-changelog generate' >&2
    exit 1
fi
echo 'changelog: CHANGELOG.rst matches changelogs/changelog.yaml'
