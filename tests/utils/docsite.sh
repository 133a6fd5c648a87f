#!/usr/bin/env bash
# make docs: build the docs site into build/docs/html, offline, with warnings as errors.
# antsibull-docs sphinx-init writes the Sphinx project (conf.py, build.sh) into build/docs; its
# generated pages cover the modules, filters and the role of the collection copy on
# ANSIBLE_COLLECTIONS_PATH. The guides (docs/*.md) are Markdown, which antsibull-docs does not take
# as extra docs (docs/docsite/rst/*.rst only), so they are copied beside the generated pages and
# read by MyST-Parser; docs/docsite/site-index.rst is the front page that lists them.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT="$PWD"
export PATH="$ROOT/.venv/bin:$PATH"

SITE="$ROOT/build/docs"
namespace="$(sed -n "s/^namespace: *//p" galaxy.yml)"
name="$(sed -n "s/^name: *//p" galaxy.yml)"
version="$(sed -n "s/^version: *['\"]\{0,1\}\([^'\"]*\)['\"]\{0,1\} *$/\1/p" galaxy.yml)"
repository="$(sed -n "s/^repository: *//p" galaxy.yml)"

rm -rf "$SITE"
mkdir -p "$SITE"
antsibull-docs sphinx-init --use-current --fail-on-error --dest-dir "$SITE" \
    --project "$namespace.$name" --copyright 'orgaccess maintainers' --title "$namespace.$name $version" \
    --index-rst-source docs/docsite/site-index.rst "$namespace.$name" >/dev/null

# The collection is not on Galaxy: the generated pages link its repository and tell how to install the
# tarball that make build-import builds, instead of a Galaxy page and an install line that would fail.
cat > "$SITE/antsibull-docs.cfg" <<CFG
breadcrumbs = true
indexes = true
use_html_blobs = false
add_antsibull_docs_version = false
collection_url = {
  * = "$repository"
}
collection_install = {
  * = "ansible-galaxy collection install {namespace}-{name}-$version.tar.gz"
}
CFG

# Offline: no intersphinx inventories; references to Ansible's own docs are shown as text
# (tests/utils/docsite_offline.py). MyST reads the Markdown guides.
cat >> "$SITE/conf.py" <<CONF

import sys
sys.path.insert(0, '$ROOT/tests/utils')
extensions += ['myst_parser', 'docsite_offline']
intersphinx_mapping = {}
source_suffix = {'.rst': 'restructuredtext', '.md': 'markdown'}
myst_heading_anchors = 3
CONF

# What the generated build.sh does, with the guides copied in between: antsibull-docs writes the
# collection's pages into rst/, the guides join them (keeping their relative links), Sphinx builds.
cd "$SITE"
mkdir -p rst
chmod og-w rst  # antsibull-docs wants that directory only writable by itself
antsibull-docs --config-file antsibull-docs.cfg collection --cleanup everything --use-current --fail-on-error \
    --dest-dir rst "$namespace.$name"
mkdir -p rst/docs rst/roles/onboard
cp "$ROOT"/docs/*.md rst/docs/
cp -r "$ROOT/docs/examples" rst/docs/
cp "$ROOT/roles/onboard/README.md" rst/roles/onboard/
sphinx-build -M html rst build -c . -W --keep-going -q
echo "docs: site built in build/docs/build/html (index.html)"
