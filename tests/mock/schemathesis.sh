#!/usr/bin/env bash
# schemathesis against the mock: no response may violate the spec (status code, content
# type, response schema). Exits non-zero on any violation, on a spec that cannot be run,
# and when a spec's time bound is hit before its examples are done.
#
# Usage: tests/mock/schemathesis.sh SHARED_DIR
#
# - schemathesis 4.x comes from PyPI into a venv under the cache folder (idempotent:
#   reused when its version is already installed).
# - The mock (`serve` example) binds 127.0.0.1 on a free port, one server per
#   spec, stopped by this script (also on error or interrupt).
# - Requests are generated in positive mode: the spec describes responses to valid
#   requests; invalid ones get Prism's documented 422 problem+json, which no spec declares.
#   A valid request that we reject (a validator disagreement) still fails status-code
#   conformance here.
# - Bounded: --max-examples per operation, --max-time per spec, and `timeout` around it.
#   SCHEMATHESIS_MAX_EXAMPLES overrides the examples bound; SCHEMATHESIS_MAX_TIME (seconds)
#   overrides every spec's time bound.
set -euo pipefail

SHARED=${1:?usage: schemathesis.sh SHARED_DIR}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/specwright
VENV=$CACHE/schemathesis-venv
MAX_EXAMPLES=${SCHEMATHESIS_MAX_EXAMPLES:-10}
# spec | seconds (schemathesis --max-time: fuzzing repeats until spent) | extra arguments
# (Twilio requires HTTP basic auth on every operation). About 100 s in all.
SPECS=(
  "oai-petstore-expanded-v30.yaml|20|"
  "oai-uspto-v30.json|20|"
  "twilio-api-v2010-v30.json|60|--auth ACtest:secret"
)

if [[ ! -x $VENV/bin/schemathesis ]] || ! "$VENV/bin/schemathesis" --version 2>/dev/null | grep -q 'version 4\.'; then
  mkdir -p "$CACHE"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check 'schemathesis>=4,<5'
fi

# The dev profile by default: CI has just built it for `cargo test --workspace`, and asking
# for the same targets gives dependencies the same features, so nothing is compiled again
# (`-p specwright-mock` alone would build a second copy of the tree). The server's speed does
# not matter here. SCHEMATHESIS_PROFILE=release uses the optimised build.
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
PROFILE=${SCHEMATHESIS_PROFILE:-dev}
if [[ $PROFILE == dev ]]; then
  cargo build --quiet --workspace --tests --examples
else
  cargo build --quiet --profile "$PROFILE" -p specwright-mock --example serve
fi
SERVE=$CARGO_TARGET_DIR/$([[ $PROFILE == dev ]] && echo debug || echo "$PROFILE")/examples/serve

pid=
cleanup() {
  if [[ -n $pid ]]; then
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true # the server's own exit status (143) is not ours
  fi
  pid=
}
trap cleanup EXIT INT TERM

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

wait_port() {
  for _ in $(seq 200); do
    (exec 3<>/dev/tcp/127.0.0.1/"$1") 2>/dev/null && return 0
    kill -0 "$pid" 2>/dev/null || return 1
    sleep 0.05
  done
  return 1
}

failed=0
report=$(mktemp -d)
for entry in "${SPECS[@]}"; do
  IFS='|' read -r spec seconds extra <<<"$entry"
  MAX_TIME=${SCHEMATHESIS_MAX_TIME:-$seconds}
  path=$SHARED/corpus/specs/$spec
  [[ -f $path ]] || { echo "schemathesis: missing $path" >&2; exit 2; }
  port=$(free_port)
  "$SERVE" "$path" "$port" 2>"$report/$spec.server.log" &
  pid=$!
  if ! wait_port "$port"; then
    echo "schemathesis: mock did not start for $spec" >&2
    cat "$report/$spec.server.log" >&2
    exit 2
  fi
  echo "== $spec (max $MAX_EXAMPLES examples per operation, ${MAX_TIME}s)"
  start=$(date +%s)
  # shellcheck disable=SC2086 # $extra is a word list by design
  if timeout $((MAX_TIME + 60)) "$VENV/bin/schemathesis" --no-color run "$path" \
      --url "http://127.0.0.1:$port" \
      --checks status_code_conformance,content_type_conformance,response_schema_conformance \
      --mode positive \
      --phases examples,coverage,fuzzing \
      --max-examples "$MAX_EXAMPLES" \
      --max-time "$MAX_TIME" \
      --request-timeout 5 \
      --seed 1 \
      --report junit --report-junit-path "$report/$spec.xml" \
      $extra; then
    echo "   $spec: no violations ($(( $(date +%s) - start )) s)"
  else
    rc=$?
    echo "   $spec: FAILED (exit $rc; 124 = time bound hit)"
    failed=$((failed + 1))
  fi
  cleanup
done
if ((failed)); then
  echo "schemathesis: $failed of ${#SPECS[@]} spec(s) with violations or errors (reports in $report)"
  exit 1
fi
rm -rf "$report"
echo "schemathesis: ${#SPECS[@]} specs, no violations"
