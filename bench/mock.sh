#!/usr/bin/env bash
# Mock server throughput against Prism 5.14 on the same spec in the same run (wrk, 50
# connections, loopback, bounded duration), plus our peak RSS and startup on stripe-v30.yaml.
# Usage: bench/mock.sh SHARED_DIR   (writes the figures to stdout; copy to benchmarks/mock.md)
set -euo pipefail

SHARED=${1:?usage: bench/mock.sh SHARED_DIR}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/specwright
PRISM_DIR=$CACHE/prism-5.14
DURATION=${BENCH_DURATION:-10s}
SPEC=$SHARED/corpus/specs/oai-petstore-expanded-v30.yaml
STRIPE=$SHARED/corpus/specs/stripe-v30.yaml
PATH_UNDER_TEST=${BENCH_PATH:-/pets/1}

command -v wrk >/dev/null || { echo "bench: wrk missing (apt-get install wrk)" >&2; exit 2; }
if [[ ! -x $PRISM_DIR/node_modules/.bin/prism ]]; then
  mkdir -p "$PRISM_DIR"
  npm install --prefix "$PRISM_DIR" --no-audit --no-fund --loglevel=error '@stoplight/prism-cli@5.14' >&2
fi
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
cargo build --quiet --release -p specwright-mock --example serve
SERVE=$CARGO_TARGET_DIR/release/examples/serve

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

wait_port() {
  for _ in $(seq 2000); do
    (exec 3<>/dev/tcp/127.0.0.1/$1) 2>/dev/null && return 0
    sleep 0.005
  done
  return 1
}

# wrk summary: req/s and p99 in ms.
run_wrk() {
  local out rps p99
  wrk -t1 -c50 -d1s "http://127.0.0.1:$1$PATH_UNDER_TEST" >/dev/null 2>&1 || true # warm-up
  out=$(wrk -t1 -c50 -d"$DURATION" --latency "http://127.0.0.1:$1$PATH_UNDER_TEST")
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  echo "$rps $p99"
}

to_ms() { # wrk latency like 1.23ms, 850.00us, 1.02s
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n = n; else if (v ~ /s$/) n *= 1000; printf "%.2f", n }'
}

"$PRISM_DIR/node_modules/.bin/prism" mock -p 4451 "$SPEC" >/dev/null 2>&1 &
pids+=($!)
wait_port 4451 || { echo "bench: prism did not start" >&2; exit 1; }
read -r prism_rps prism_p99 < <(run_wrk 4451)
kill "${pids[-1]}" 2>/dev/null || true

"$SERVE" "$SPEC" 4452 2>/dev/null &
ours=$!
pids+=($ours)
wait_port 4452 || { echo "bench: mock did not start" >&2; exit 1; }
read -r our_rps our_p99 < <(run_wrk 4452)
rss_kb=$(awk '/VmHWM/ {print $2}' "/proc/$ours/status")
kill "$ours" 2>/dev/null || true

# Startup: spawn to first accepted connection on Stripe's 4 MB spec.
start=$(date +%s%N)
"$SERVE" "$STRIPE" 4453 2>/dev/null &
pids+=($!)
wait_port 4453
startup_ms=$(( ($(date +%s%N) - start) / 1000000 ))
kill "${pids[-1]}" 2>/dev/null || true

ratio=$(awk -v a="$our_rps" -v b="$prism_rps" 'BEGIN { printf "%.1f", a / b }')
echo "| server | req/s | p99 |"
echo "|---|---|---|"
echo "| Prism 5.14 | $prism_rps | $(to_ms "$prism_p99") ms |"
echo "| specwright-mock | $our_rps | $(to_ms "$our_p99") ms |"
echo
echo "throughput ratio: ${ratio}x; our peak RSS: $((rss_kb / 1024)) MB; startup on stripe-v30.yaml: ${startup_ms} ms"
