#!/usr/bin/env bash
# schemathesis against the mock: no response may violate the spec (status code, content
# type, response schema). Usage: tests/mock/schemathesis.sh SHARED_DIR
#
# schemathesis comes from PyPI into a venv under the cache folder (idempotent). Examples
# and time are bounded per spec; the mock is started and stopped by this script.
set -euo pipefail

SHARED=${1:?usage: schemathesis.sh SHARED_DIR}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/specwright
VENV=$CACHE/schemathesis-venv
MAX_EXAMPLES=${SCHEMATHESIS_MAX_EXAMPLES:-15}
PORT=${SCHEMATHESIS_PORT:-4417}
SPECS=(oai-petstore-expanded-v30.yaml oai-uspto-v30.json twilio-api-v2010-v30.json)

if [[ ! -x $VENV/bin/schemathesis ]]; then
  mkdir -p "$CACHE"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet 'schemathesis>=4,<5'
fi

export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
cargo build --quiet --release -p specwright-mock --example serve
SERVE=$CARGO_TARGET_DIR/release/examples/serve

failed=0
for spec in "${SPECS[@]}"; do
  path=$SHARED/corpus/specs/$spec
  [[ -f $path ]] || { echo "schemathesis: missing $path" >&2; exit 2; }
  "$SERVE" "$path" "$PORT" 2>/dev/null &
  pid=$!
  trap 'kill $pid 2>/dev/null || true' EXIT
  for _ in $(seq 100); do
    (exec 3<>/dev/tcp/127.0.0.1/$PORT) 2>/dev/null && break
    sleep 0.05
  done
  echo "== $spec"
  # Generated requests may be invalid on purpose; the checks judge only our responses.
  if ! timeout 600 "$VENV/bin/schemathesis" run "$path" \
      --url "http://127.0.0.1:$PORT" \
      --checks status_code_conformance,content_type_conformance,response_schema_conformance \
      --max-examples "$MAX_EXAMPLES" \
      --request-timeout 5 \
      --seed 1 \
      --no-color; then
    failed=$((failed + 1))
  fi
  kill $pid 2>/dev/null || true
  wait $pid 2>/dev/null || true
  trap - EXIT
done
if ((failed)); then
  echo "schemathesis: $failed spec(s) with violations"
  exit 1
fi
echo "schemathesis: ${#SPECS[@]} specs, no violations"
