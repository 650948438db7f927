#!/usr/bin/env bash
# Setup time on a fresh clone: venvs, Prism, catalogs, database and model training,
# with nothing of the project cached (pip's and npm's download caches are the machine's).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d "$(dirname "$here")/fresh-setup.XXXX")
trap 'rm -rf "$tmp"' EXIT
git clone -q "$here" "$tmp/clone"
cd "$tmp/clone"
start=$SECONDS
bash scripts/setup.sh --with-mock | tee "$tmp/setup.log"
total=$((SECONDS - start))
training=$(cat models/last-training-seconds)
cat > "$here/bench/results/fresh_setup.json" <<JSON
{
  "method": "git clone of HEAD, then scripts/setup.sh --with-mock (what make test runs first); pip/npm download caches warm",
  "machine": {"cores": $(nproc), "cpu": "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"},
  "date": "$(date +%F)",
  "total_seconds": $total,
  "model_training_seconds": $training,
  "steps": "$(grep '^\[setup\]' "$tmp/setup.log" | tr '\n' ';')"
}
JSON
echo "fresh setup: ${total}s (training ${training}s) -> bench/results/fresh_setup.json"
