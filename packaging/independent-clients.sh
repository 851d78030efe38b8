#!/usr/bin/env bash
# Installs the independent Autotask clients that tests/sim/autotask_independent.rs drives against the
# simulated tenant, from their public registries, into one folder (default: target/independent-clients):
#   - @apigrate/autotask-restapi (npm, Apache-2.0) in $DIR/node
#   - py-autotask (PyPI) in the virtual environment $DIR/venv
# Versions are pinned so a new release cannot change what the test measures unnoticed.
set -euo pipefail
cd "$(dirname "$0")/.."
DIR="${KSC_LINK_INDEPENDENT_CLIENTS:-$PWD/target/independent-clients}"
APIGRATE_VERSION=2.0.1
PY_AUTOTASK_VERSION=2.3.0
mkdir -p "$DIR/node"

if [ ! -f "$DIR/node/node_modules/@apigrate/autotask-restapi/package.json" ] ||
   ! grep -q "\"version\": \"$APIGRATE_VERSION\"" "$DIR/node/node_modules/@apigrate/autotask-restapi/package.json"; then
  command -v npm >/dev/null || { echo "npm is needed (Node.js 18 or later)"; exit 1; }
  [ -f "$DIR/node/package.json" ] || echo '{"private":true}' > "$DIR/node/package.json"
  npm install --prefix "$DIR/node" --no-audit --no-fund --silent "@apigrate/autotask-restapi@$APIGRATE_VERSION"
fi

if ! "$DIR/venv/bin/python" -c "import py_autotask, sys; sys.exit(py_autotask.__version__ != '$PY_AUTOTASK_VERSION')" 2>/dev/null; then
  python3 -m venv "$DIR/venv"
  "$DIR/venv/bin/pip" install --quiet --disable-pip-version-check "py-autotask==$PY_AUTOTASK_VERSION"
fi
echo "Independent Autotask clients ready in $DIR"
