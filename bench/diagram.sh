#!/usr/bin/env bash
# Diagram benchmark and pictures:
#   1. times the full schema view of stripe-v30.yaml (819 schemas) and the compact resource
#      view of kubernetes-v2.json (1,123 operations) to SVG, graph + layout + render, best of 5
#      (release build of crates/specwright-diagram/examples/render.rs; loading the spec is
#      timed apart);
#   2. converts both SVGs to PNG with resvg into docs/ (diagram-stripe-schemas.png,
#      diagram-kubernetes-resources.png).
# resvg: taken from PATH, else installed once with `cargo install resvg` into the target dir.
# Needs the shared corpus (SPECWRIGHT_SHARED, else ../shared). Figures: benchmarks/diagram.md.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SHARED=${SPECWRIGHT_SHARED:-$ROOT/../shared}
SPECS=$SHARED/corpus/specs
[[ -d $SPECS ]] || { echo "bench/diagram.sh: no corpus at $SPECS (set SPECWRIGHT_SHARED)" >&2; exit 2; }
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
cd "$ROOT"
cargo build -q --release -p specwright-diagram --example render
RENDER=$TARGET/release/examples/render
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

"$RENDER" "$SPECS/stripe-v30.yaml" schemas svg "$OUT/stripe.svg" 5
"$RENDER" "$SPECS/kubernetes-v2.json" compact svg "$OUT/kubernetes.svg" 5
"$RENDER" "$SPECS/kubernetes-v2.json" resources svg "$OUT/kubernetes-full.svg" 5
"$RENDER" "$SPECS/openai-v31.yaml" schemas svg "$OUT/openai.svg" 5

RESVG=$(command -v resvg || true)
if [[ -z $RESVG ]]; then
  RESVG=$TARGET/resvg-tool/bin/resvg
  [[ -x $RESVG ]] || cargo install -q --locked resvg --root "$TARGET/resvg-tool"
fi
dims() { grep -o 'width="[0-9]*" height="[0-9]*"' "$1" | head -1; }
echo "stripe schemas SVG: $(dims "$OUT/stripe.svg"); kubernetes compact SVG: $(dims "$OUT/kubernetes.svg")"
# The kubernetes picture at full size (text legible); stripe's full graph scaled to 6000 px
# wide, an overview (zoom the SVG for the text).
"$RESVG" "$OUT/kubernetes.svg" "$ROOT/docs/diagram-kubernetes-resources.png"
"$RESVG" -w 6000 "$OUT/stripe.svg" "$ROOT/docs/diagram-stripe-schemas.png"
ls -l "$ROOT"/docs/diagram-*.png
