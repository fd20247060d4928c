#!/usr/bin/env bash
# Checks `specwright diagram` output with the official parsers:
#   Mermaid: npm `mermaid` (its own parser, mermaid.parse) under jsdom in Node; no browser.
#   DOT:     Graphviz `dot -Tsvg` (parse and lay out); DOT files over 300 KB (the full views
#            of the largest corpus specs, which dot needs many minutes to lay out) are parsed
#            with Graphviz's own parser only (`gc`).
# Runs on the fixtures, and on every corpus spec when the shared folder is there
# (SPECWRIGHT_SHARED, else ../shared beside the checkout).
# Usage: tests/diagram/check.sh [PATH_TO_SPECWRIGHT_BINARY]
# Needs: node + npm (mermaid and jsdom are installed here from package-lock.json on first
# run, into tests/diagram/node_modules, git-ignored), graphviz (apt install graphviz).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BIN=${1:-}
if [[ -z $BIN ]]; then
  (cd "$ROOT" && cargo build -q -p specwright)
  BIN=${CARGO_TARGET_DIR:-$ROOT/target}/debug/specwright
fi
for tool in node npm dot gc; do
  command -v "$tool" >/dev/null || { echo "check.sh: $tool is not installed" >&2; exit 2; }
done
if [[ ! -d $HERE/node_modules/mermaid || ! -d $HERE/node_modules/jsdom ]]; then
  (cd "$HERE" && npm ci --no-audit --no-fund --loglevel=error)
fi

OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
n=0
gen() { # gen NAME SPEC ARGS...: one Mermaid and one DOT file
  local name=$1 spec=$2
  shift 2
  "$BIN" diagram "$spec" "$@" --format mermaid -o "$OUT/$name.mmd"
  "$BIN" diagram "$spec" "$@" --format dot -o "$OUT/$name.dot"
  n=$((n + 1))
}

FIX=$ROOT/crates/specwright-diagram/tests/fixtures
gen pets-schemas "$FIX/pets.yaml" --view schemas
gen pets-schemas-focus "$FIX/pets.yaml" --view schemas --focus Pet --depth 1
gen pets-resources "$FIX/pets.yaml" --view resources
gen pets-compact "$FIX/pets.yaml" --view resources --compact
gen pets-gateway "$FIX/pets.yaml" --view gateway
gen pets-badges "$FIX/pets.yaml" --view schemas --lint-badges --ruleset "$FIX/badges-ruleset.yaml"

SHARED=${SPECWRIGHT_SHARED:-}
[[ -z $SHARED && -d $ROOT/../shared ]] && SHARED=$ROOT/../shared
if [[ -n $SHARED && -d $SHARED/corpus/specs ]]; then
  specs=("$SHARED"/corpus/specs/*.json "$SHARED"/corpus/specs/*.yaml
    "$SHARED"/corpus/specs/digitalocean/specification/DigitalOcean-public.v2.yaml)
  for spec in "${specs[@]}"; do
    b=$(basename "$spec")
    gen "$b-schemas" "$spec" --view schemas
    gen "$b-resources" "$spec" --view resources
    gen "$b-compact" "$spec" --view resources --compact
  done
  gen stripe-focus "$SHARED/corpus/specs/stripe-v30.yaml" --view schemas --focus customer --depth 1
  gen kubernetes-focus "$SHARED/corpus/specs/kubernetes-v2.json" --view resources --focus /api/v1/namespaces/{namespace}/pods --depth 1
  # Gateway: the small specs the Kong translation accepts (it refuses a spec without
  # `paths`, as decK does, so the webhook-only example is left out).
  for spec in "$SHARED"/corpus/specs/oai-{petstore,uber,link,uspto}*; do
    gen "$(basename "$spec")-gateway" "$spec" --view gateway
  done
else
  echo "check.sh: no shared corpus; fixtures only"
fi

echo "check.sh: $n diagrams in Mermaid and DOT"
node "$HERE/parse-mermaid.mjs" "$OUT"/*.mmd > "$OUT/mermaid.log" || { cat "$OUT/mermaid.log"; exit 1; }
echo "check.sh: mermaid.parse accepted $(grep -c '^ok ' "$OUT/mermaid.log") files"
laid=0 parsed=0
for f in "$OUT"/*.dot; do
  if (($(stat -c %s "$f") > 300000)); then
    gc "$f" >/dev/null || { echo "check.sh: Graphviz cannot parse $f" >&2; exit 1; }
    parsed=$((parsed + 1))
  else
    dot -Tsvg "$f" -o /dev/null || { echo "check.sh: dot -Tsvg failed on $f" >&2; exit 1; }
    laid=$((laid + 1))
  fi
done
echo "check.sh: dot -Tsvg accepted $laid files, gc parsed $parsed larger ones"
echo "$((n * 2)) passed, 0 failed"
