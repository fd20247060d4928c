#!/usr/bin/env bash
# Mock server benchmark (issue 5): throughput and p99 against Prism 5.14 on the same spec
# in the same run (wrk, 50 connections, loopback, bounded duration), our peak RSS, startup
# on stripe-v30.yaml, and hot-reload latency (edit on disk -> new version served).
#
# Usage: bench/mock.sh SHARED_DIR
#   BENCH_DURATION (default 10s) per wrk run; BENCH_ROUNDS (default 3) alternating
#   Prism/ours rounds, so both see the same machine load; the ratio is taken per round.
# The machine this runs on may be shared: compare the ratios, not the absolute figures.
set -euo pipefail

SHARED=${1:?usage: bench/mock.sh SHARED_DIR}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/specwright
PRISM_DIR=$CACHE/prism-5.14
DURATION=${BENCH_DURATION:-10s}
ROUNDS=${BENCH_ROUNDS:-3}
SPEC=$SHARED/corpus/specs/oai-petstore-expanded-v30.yaml
STRIPE=$SHARED/corpus/specs/stripe-v30.yaml
PATH_UNDER_TEST=${BENCH_PATH:-/pets/1}

command -v wrk >/dev/null || { echo "bench: wrk missing (apt-get install wrk)" >&2; exit 2; }
command -v curl >/dev/null || { echo "bench: curl missing" >&2; exit 2; }
if [[ ! -x $PRISM_DIR/node_modules/.bin/prism ]]; then
  mkdir -p "$PRISM_DIR"
  npm install --prefix "$PRISM_DIR" --no-audit --no-fund --loglevel=error '@stoplight/prism-cli@5.14' >&2
fi
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
cargo build --quiet --release -p specwright-mock --example serve
SERVE=$CARGO_TARGET_DIR/release/examples/serve

pids=()
tmp=$(mktemp -d)
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

wait_port() { # port, bounded to ~20 s (Prism needs a few seconds)
  for _ in $(seq 4000); do
    (exec 3<>/dev/tcp/127.0.0.1/"$1") 2>/dev/null && return 0
    sleep 0.005
  done
  return 1
}

to_ms() { # wrk latency like 1.23ms, 850.00us, 1.02s
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n = n; else if (v ~ /s$/) n *= 1000; printf "%.2f", n }'
}

# wrk summary for one server: "req/s p99_ms non2xx".
run_wrk() {
  local out rps p99 bad
  wrk -t1 -c50 -d1s "http://127.0.0.1:$1$PATH_UNDER_TEST" >/dev/null 2>&1 || true # warm-up
  out=$(wrk -t1 -c50 -d"$DURATION" --latency "http://127.0.0.1:$1$PATH_UNDER_TEST")
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  bad=$(awk '/Non-2xx or 3xx responses/ {print $5}' <<<"$out")
  echo "$rps $(to_ms "$p99") ${bad:-0}"
}

echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| round | Prism 5.14 req/s | Prism p99 | ours req/s | ours p99 | ratio |"
echo "|---|---|---|---|---|---|"
ratios=()
rss_max=0
for round in $(seq "$ROUNDS"); do
  port=$(free_port)
  "$PRISM_DIR/node_modules/.bin/prism" mock -p "$port" "$SPEC" >/dev/null 2>&1 &
  prism=$!
  pids+=("$prism")
  wait_port "$port" || { echo "bench: prism did not start" >&2; exit 1; }
  read -r prism_rps prism_p99 prism_bad < <(run_wrk "$port")
  kill "$prism" 2>/dev/null || true
  wait "$prism" 2>/dev/null || true

  port=$(free_port)
  "$SERVE" "$SPEC" "$port" 2>/dev/null &
  ours=$!
  pids+=("$ours")
  wait_port "$port" || { echo "bench: mock did not start" >&2; exit 1; }
  read -r our_rps our_p99 our_bad < <(run_wrk "$port")
  rss_kb=$(awk '/VmHWM/ {print $2}' "/proc/$ours/status")
  ((rss_kb > rss_max)) && rss_max=$rss_kb
  kill "$ours" 2>/dev/null || true
  wait "$ours" 2>/dev/null || true

  if [[ $prism_bad != 0 || $our_bad != 0 ]]; then
    echo "bench: non-2xx responses (prism $prism_bad, ours $our_bad): not a like-for-like run" >&2
    exit 1
  fi
  ratio=$(awk -v a="$our_rps" -v b="$prism_rps" 'BEGIN { printf "%.1f", a / b }')
  ratios+=("$ratio")
  echo "| $round | $prism_rps | $prism_p99 ms | $our_rps | $our_p99 ms | ${ratio}x |"
done
median=$(printf '%s\n' "${ratios[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')

# Startup: spawn to first accepted connection on Stripe's 4 MB spec (median of 5), and the
# CPU time the process had used by then (user+system from /proc, in clock ticks), which a
# loaded machine does not inflate the way it inflates wall time.
startups=()
startup_cpu=()
tick_ms=$((1000 / $(getconf CLK_TCK)))
for _ in 1 2 3 4 5; do
  port=$(free_port)
  start=$(date +%s%N)
  "$SERVE" "$STRIPE" "$port" 2>/dev/null &
  p=$!
  pids+=("$p")
  wait_port "$port" || { echo "bench: mock did not start on stripe" >&2; exit 1; }
  startups+=($(( ($(date +%s%N) - start) / 1000000 )))
  startup_cpu+=($(awk -v t="$tick_ms" '{print ($14 + $15) * t}' "/proc/$p/stat"))
  kill "$p" 2>/dev/null || true
  wait "$p" 2>/dev/null || true
done
startup=$(printf '%s\n' "${startups[@]}" | sort -n | sed -n 3p)
startup_cpu_median=$(printf '%s\n' "${startup_cpu[@]}" | sort -n | sed -n 3p)

# Hot reload: write a new version of the spec, poll (bounded) until it is served.
reloads=()
cp "$SPEC" "$tmp/api.yaml"
port=$(free_port)
"$SERVE" "$tmp/api.yaml" "$port" 2>/dev/null &
p=$!
pids+=("$p")
wait_port "$port" || { echo "bench: mock did not start for reload" >&2; exit 1; }
for i in 1 2 3 4 5; do
  sed "s|^  /pets/{id}:|  /reload$i:\n    get:\n      responses:\n        '204':\n          description: reloaded\n  /pets/{id}:|" "$SPEC" >"$tmp/next.yaml"
  start=$(date +%s%N)
  cp "$tmp/next.yaml" "$tmp/api.yaml"
  served=
  for _ in $(seq 2000); do # at most ~10 s
    if [[ $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/reload$i") == 204 ]]; then
      served=1
      break
    fi
    sleep 0.002
  done
  [[ -n $served ]] || { echo "bench: reload $i never served" >&2; exit 1; }
  reloads+=($(( ($(date +%s%N) - start) / 1000000 )))
  sleep 0.2
done
kill "$p" 2>/dev/null || true
reload=$(printf '%s\n' "${reloads[@]}" | sort -n | sed -n 3p)

echo
echo "median throughput ratio: ${median}x Prism (rounds: ${ratios[*]})"
echo "our peak RSS (VmHWM, max over rounds): $((rss_max / 1024)) MB"
echo "startup on stripe-v30.yaml (spawn to first accepted connection): median ${startup} ms wall (${startups[*]}), ${startup_cpu_median} ms CPU (${startup_cpu[*]})"
echo "hot reload (write to first request served by the new version): median ${reload} ms (${reloads[*]})"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
