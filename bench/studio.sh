#!/usr/bin/env bash
# Desktop studio speed benchmark (not a test): writes benchmarks/studio.md.
#   bench/studio.sh [--debug]
# Figures (issue 8 targets in brackets):
#   cold start to the editor showing the example with its findings      [1.5 s]
#   open stripe-v30.yaml to findings shown                               [1 s]
#   keystroke to findings updated, p95, on stripe-v30.yaml and a 100 KB spec [150 ms, 16 ms]
#   binary size [15 MB] and idle memory of the app + WebKit processes [150 MB]
# Measures the desktop binary as shipped: the workspace's `dist` profile (release with
# whole-program LTO, one codegen unit, stripped, cold dependencies built for size).
# Timings come from the app itself (SPECWRIGHT_BENCH=<file>: the UI appends marks once the
# result is painted); keystrokes are real key presses sent over WebDriver.
#   bench/studio.sh --keys   only the keystroke figures (and where their time goes), printed
#                            and not written to benchmarks/studio.md
# Env: SPECWRIGHT_BENCH_APP=<binary> measures that binary instead of building one (to compare
# two builds in one run); SPECWRIGHT_BENCH_PORT (4454) for tauri-driver.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
CARGO_BIN=${CARGO_HOME:-$HOME/.cargo}/bin
case ":$PATH:" in *":$CARGO_BIN:"*) ;; *) export PATH="$CARGO_BIN:$PATH" ;; esac
PROFILE=dist
KEYS_ONLY=
for arg in "$@"; do
  case $arg in
    --debug) PROFILE=debug ;;
    --keys) KEYS_ONLY=1 ;;
    *) echo "usage: bench/studio.sh [--debug] [--keys]" >&2; exit 2 ;;
  esac
done
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
APP=${SPECWRIGHT_BENCH_APP:-$TARGET/$PROFILE/specwright-desktop}
BUILD="$PROFILE build"
[[ -n ${SPECWRIGHT_BENCH_APP:-} ]] && BUILD="binary \`${SPECWRIGHT_BENCH_APP##*/}\`"
PORT=${SPECWRIGHT_BENCH_PORT:-4454}
SHARED=${SPECWRIGHT_SHARED:-$ROOT/../shared}
STRIPE=$SHARED/corpus/specs/stripe-v30.yaml
[[ -f $STRIPE ]] || { echo "bench: $STRIPE not found (set SPECWRIGHT_SHARED)" >&2; exit 2; }

if [[ -z ${SPECWRIGHT_BENCH_SKIP_BUILD:-} && -z ${SPECWRIGHT_BENCH_APP:-} ]]; then
  npm --prefix ui run --silent build >/dev/null
  if [[ $PROFILE == dist ]]; then cargo build --quiet --profile dist -p specwright-desktop
  else cargo build --quiet -p specwright-desktop; fi
fi

# shellcheck source=../tests/e2e/xvfb.sh
. "$ROOT/tests/e2e/xvfb.sh"
WORK=$(mktemp -d)
XVFB_PID= DRIVER_PID= APID=
cleanup() {
  [[ -n $APID ]] && kill "$APID" 2>/dev/null
  [[ -n $DRIVER_PID ]] && kill "$DRIVER_PID" 2>/dev/null
  [[ -n $XVFB_PID ]] && kill "$XVFB_PID" 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM
start_xvfb 1400x860x24
export SPECWRIGHT_STATE_DIR=$WORK/state

now_ms() { date +%s%3N; }
# Waits (up to $3 s) until mark $2 appears in file $1; prints its last value.
wait_mark() {
  local file=$1 name=$2 limit=$(( ${3:-60} * 10 ))
  for _ in $(seq "$limit"); do
    if [[ -f $file ]] && grep -q "^$name " "$file"; then
      grep "^$name " "$file" | tail -n 1 | cut -d' ' -f2
      return 0
    fi
    sleep 0.1
  done
  echo "bench: no '$name' mark in time" >&2
  return 1
}
# Runs the app on $1 and prints "start_ms open_ms" (process start -> findings painted).
run_once() {
  local target=$1 marks=$WORK/marks.$RANDOM t0 ready open
  t0=$(now_ms)
  SPECWRIGHT_BENCH=$marks "$APP" "$target" >/dev/null 2>&1 & APID=$!
  ready=$(wait_mark "$marks" ready 120)
  open=$(wait_mark "$marks" open_to_findings 120)
  if [[ ${MEASURE_RSS:-} == 1 ]]; then
    sleep 5
    # The app and every process under it (WebKit's web and network processes). RSS counts
    # a shared page (the WebKit and GTK libraries) in every process that maps it; PSS
    # splits it between them, so the PSS sum is what the processes cost together.
    RSS_KB=0 PSS_KB=0
    local pid rss pss
    for pid in $(tree_pids "$APID"); do
      rss=$(awk '/^VmRSS:/{print $2}' "/proc/$pid/status" 2>/dev/null || true)
      pss=$(awk '/^Pss:/{print $2}' "/proc/$pid/smaps_rollup" 2>/dev/null || true)
      echo "bench: memory of $pid $(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | cut -c1-60): RSS ${rss:-0} kB, PSS ${pss:-0} kB" >&2
      RSS_KB=$((RSS_KB + ${rss:-0})) PSS_KB=$((PSS_KB + ${pss:-0}))
    done
  fi
  kill "$APID" 2>/dev/null; wait "$APID" 2>/dev/null || true; APID=
  awk -v r="$ready" -v t="$t0" -v o="$open" 'BEGIN{printf "%.0f %.0f\n", r - t, o}'
}
tree_pids() { local c; echo "$1"; for c in $(pgrep -P "$1"); do tree_pids "$c"; done; }
median() { sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'; }

# Helpers (kept here so the benchmark is one file).
cat >"$WORK/gen_spec.py" <<'PY'
"""Prints a valid OpenAPI 3.0 spec of about N bytes (CRUD resources), for the studio bench."""
import sys

target = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
out = ["openapi: 3.0.3", "info:", "  title: Generated", "  version: 1.0.0", "  description: Benchmark spec.",
       "  contact: {name: bench, email: bench@example.com}", "servers:", "  - url: https://api.example.com/v1",
       "tags:", "  - name: things", "    description: Things.", "paths:"]
schemas = ["components:", "  schemas:"]
i = 0
while sum(len(l) + 1 for l in out + schemas) < target:
    out += [
        f"  /things{i}/{{id}}:",
        "    get:",
        f"      operationId: getThing{i}",
        "      tags: [things]",
        f"      summary: Get thing {i}",
        f"      description: Returns thing number {i}.",
        "      parameters:",
        "        - {name: id, in: path, required: true, description: The id., schema: {type: string}}",
        "      responses:",
        "        '200':",
        "          description: The thing.",
        "          content:",
        "            application/json:",
        f"              schema: {{$ref: '#/components/schemas/Thing{i}'}}",
        "        '404': {description: Not found.}",
    ]
    schemas += [
        f"    Thing{i}:",
        "      type: object",
        "      required: [id]",
        "      properties:",
        "        id: {type: string, description: Identifier.}",
        f"        name: {{type: string, description: Name of thing {i}., maxLength: 100}}",
    ]
    i += 1
print("\n".join(out + schemas))
PY
cat >"$WORK/keystrokes.py" <<'PY'
"""Types N characters, one every GAP seconds, into a comment at the end of SPEC in the real
app (over WebDriver); the app appends its keystroke-to-findings marks to $SPECWRIGHT_BENCH."""
import os
import sys
import time

from selenium import webdriver
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.options import ArgOptions

spec, n, gap = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
opts = ArgOptions()
opts.set_capability("tauri:options", {"application": os.environ["SPECWRIGHT_APP"], "args": [spec]})
d = webdriver.Remote(os.environ["SPECWRIGHT_WEBDRIVER"], options=opts)
try:
    deadline = time.monotonic() + 120
    while d.execute_script("return window.specwright && window.specwright.lintSeq()") < 1:
        if time.monotonic() > deadline:
            raise SystemExit("the spec was never linted")
        time.sleep(0.1)
    end = d.execute_script("return window.specwright.text().length")
    d.execute_script("window.specwright.cursorTo(arguments[0])", end)
    ActionChains(d).send_keys("#").perform()
    time.sleep(gap * 2)
    for i in range(n):
        ActionChains(d).send_keys("x").perform()
        time.sleep(gap)
finally:
    d.quit()
PY

mkdir -p "$WORK/stripe" "$WORK/big"
cp -r "$ROOT/examples" "$WORK/examples"
cp "$STRIPE" "$WORK/stripe/stripe-v30.yaml"
python3 "$WORK/gen_spec.py" 100000 >"$WORK/big/openapi.yaml"

# Median of mark $2 in file $1 (empty when absent).
mark_median() {
  grep "^$2 " "$1" | cut -d' ' -f2 | sort -n | awk '{a[NR]=$1} END{if(NR) printf "%.1f", a[int((NR+1)/2)]}'
}
KEYMARKS=$WORK/keys.marks
keys() {
  local spec=$1 n=$2 gap=$3 save=$4
  : >"$KEYMARKS"
  SPECWRIGHT_APP=$APP SPECWRIGHT_WEBDRIVER=http://127.0.0.1:$PORT \
    timeout 300 .venv/bin/python -W ignore "$WORK/keystrokes.py" "$spec" "$n" "$gap" >&2
  cp "$KEYMARKS" "$save"
  grep '^keystroke_to_findings ' "$KEYMARKS" | cut -d' ' -f2 | sort -n \
    | awk '{a[NR]=$1} END{i=int(NR*0.95+0.999); if(i<1)i=1; printf "%.0f %.0f %d\n", a[int((NR+1)/2)], a[i], NR}'
}
# "Where the time goes" row of a keystroke run's marks: medians of each stage.
stages() {
  local m=$1 kb
  kb=$(awk -v b="$(mark_median "$m" lint_json_bytes)" 'BEGIN{printf "%.0f", b/1024}')
  printf '%s | %s | %s | %s | %s | %s | %s | %s KB (%s findings, %s ms to serialize)' \
    "$(mark_median "$m" key_input)" "$(mark_median "$m" key_wait)" "$(mark_median "$m" key_engine)" "$(mark_median "$m" key_ipc)" \
    "$(mark_median "$m" key_apply)" "$(mark_median "$m" key_paint)" \
    "$(mark_median "$m" keystroke_to_findings)" "$kb" "$(mark_median "$m" lint_findings)" \
    "$(mark_median "$m" lint_json_ms)"
}
start_driver() {
  # The app inherits tauri-driver's environment: that is how it gets the marks file.
  SPECWRIGHT_BENCH=$KEYMARKS tauri-driver --port "$PORT" --native-port $((PORT + 1)) >"$WORK/driver.log" 2>&1 & DRIVER_PID=$!
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$PORT/status" >/dev/null && break; sleep 0.1; done
}

if [[ -n $KEYS_ONLY ]]; then
  start_driver
  read -r SM SP SN < <(keys "$WORK/stripe/stripe-v30.yaml" 30 1.5 "$WORK/stripe.marks")
  read -r BM BP BN < <(keys "$WORK/big/openapi.yaml" 40 0.4 "$WORK/big.marks")
  echo "app: $APP"
  echo "stripe keystroke p95 $SP ms (median $SM, $SN keys); 100 KB p95 $BP ms (median $BM, $BN keys)"
  echo "medians: input | wait | engine | ipc | apply | paint | total | answer"
  echo "stripe: $(stages "$WORK/stripe.marks")"
  echo "100 KB: $(stages "$WORK/big.marks")"
  echo "command medians (the Rust command from entry to answer, engine included): stripe $(mark_median "$WORK/stripe.marks" key_command), 100 KB $(mark_median "$WORK/big.marks" key_command)"
  exit 0
fi

echo "bench: cold start (example workspace), 5 runs"
run_once "$WORK/examples" >/dev/null # warm the page cache once, like a second launch
cold=()
for _ in 1 2 3 4 5; do cold+=("$(run_once "$WORK/examples" | cut -d' ' -f1)"); done
COLD=$(printf '%s\n' "${cold[@]}" | median)
MEASURE_RSS=1 run_once "$WORK/examples" >/dev/null
IDLE_MB=$((RSS_KB / 1024)) IDLE_PSS_MB=$((PSS_KB / 1024))

echo "bench: open stripe-v30.yaml, 3 runs"
stripe=()
for _ in 1 2 3; do stripe+=("$(run_once "$WORK/stripe/stripe-v30.yaml" | cut -d' ' -f2)"); done
STRIPE_OPEN=$(printf '%s\n' "${stripe[@]}" | median)

echo "bench: keystrokes over WebDriver"
start_driver
read -r K_STRIPE_MED K_STRIPE_P95 K_STRIPE_N < <(keys "$WORK/stripe/stripe-v30.yaml" 30 1.5 "$WORK/stripe.marks")
read -r K_BIG_MED K_BIG_P95 K_BIG_N < <(keys "$WORK/big/openapi.yaml" 40 0.4 "$WORK/big.marks")

SIZE=$(stat -c %s "$APP")
SIZE_MB=$(awk -v s="$SIZE" 'BEGIN{printf "%.1f", s/1048576}')
# dist strips when it links; strip again to show nothing is left (a debug build keeps all).
strip -o "$WORK/stripped" "$APP"
STRIPPED_MB=$(awk -v s="$(stat -c %s "$WORK/stripped")" 'BEGIN{printf "%.1f", s/1048576}')
BIG_KB=$(($(stat -c %s "$WORK/big/openapi.yaml") / 1024))
cat >"$ROOT/benchmarks/studio.md" <<MD
# Desktop studio benchmark

\`bench/studio.sh\` on $(date -u +%Y-%m-%d), $BUILD, $(nproc) cores, Xvfb (software rendering).
Timings are taken by the app when the result is painted; keystrokes are real key presses over WebDriver.

| figure | result | target |
|---|---|---|
| cold start to the editor showing the example with findings (median of 5) | ${COLD} ms | 1500 ms |
| open stripe-v30.yaml (4 MB) to findings shown (median of 3) | ${STRIPE_OPEN} ms | 1000 ms |
| keystroke to findings updated, stripe-v30.yaml: p95 (median), ${K_STRIPE_N} keys | ${K_STRIPE_P95} ms (${K_STRIPE_MED} ms) | 150 ms |
| keystroke to findings updated, ${BIG_KB} KB spec: p95 (median), ${K_BIG_N} keys | ${K_BIG_P95} ms (${K_BIG_MED} ms) | 16 ms |
| binary size ($BUILD, as built; stripped again) | ${SIZE_MB} MB (${STRIPPED_MB} MB) | 15 MB |
| idle memory, app + WebKit processes: PSS (shared pages split between processes) | ${IDLE_PSS_MB} MB | 150 MB |
| idle memory, app + WebKit processes: RSS (shared pages counted in each process) | ${IDLE_MB} MB | |

A keystroke counts from its keydown in the page. Where its time goes (medians, ms): the
page's handling of the key until the editor reports the edit (input events and the
editor's update), waiting to send the lint request, the engine
(load and lint of the whole buffer), the rest of the IPC round trip (request and answer
transfer, serialization, JSON parse), applying the findings (editor marks, findings panel),
and the paint; then the answer's size.

| spec | input | wait | engine | IPC | apply | paint | total | answer |
|---|---|---|---|---|---|---|---|---|
| stripe-v30.yaml | $(stages "$WORK/stripe.marks") |
| ${BIG_KB} KB | $(stages "$WORK/big.marks") |

An edit made while no lint is pending is linted at once; edits that follow while it runs
wait for 60 ms without typing and for its answer, then the newest text is linted.
MD
cat "$ROOT/benchmarks/studio.md"
