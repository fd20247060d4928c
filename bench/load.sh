#!/usr/bin/env bash
# Load-and-resolve benchmark for the document layer: the `peak_memory` example of
# specwright-document (loads and resolves the spec, counts paths, operations and schemas like
# `specwright stats`, and reports its own load time and peak heap from a counting allocator)
# against `redocly stats` (Redocly 2.77, which also loads, resolves and counts) on the same
# specs in the same run. Report ratios: these machines are noisy.
#
#   bench/load.sh [CORPUS_DIR]     default: $SPECWRIGHT_SHARED/corpus or ../shared/corpus
#
# Environment: SPECWRIGHT_BENCH_CACHE (npm installs, default ~/.cache/specwright-bench),
# RUNS (timed runs per tool and spec, default 5), CARGO_TARGET_DIR (release build).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
shared="${SPECWRIGHT_SHARED:-$here/../shared}"
corpus="${1:-$shared/corpus}"
cache="${SPECWRIGHT_BENCH_CACHE:-$HOME/.cache/specwright-bench}"
runs="${RUNS:-5}"
target="${CARGO_TARGET_DIR:-$here/target}"

[ -d "$corpus/specs" ] || { echo "bench: no corpus at $corpus (pass CORPUS_DIR or set SPECWRIGHT_SHARED)" >&2; exit 2; }
command -v npm >/dev/null || { echo "bench: npm is needed to install the peer" >&2; exit 2; }

if [ ! -x "$cache/redocly/node_modules/.bin/redocly" ]; then
  echo "bench: installing @redocly/cli@2.77 into $cache/redocly" >&2
  mkdir -p "$cache/redocly"
  npm install --prefix "$cache/redocly" --no-audit --no-fund --loglevel=error "@redocly/cli@2.77" >&2
fi
redocly="$cache/redocly/node_modules/.bin/redocly"

echo "bench: building (release)" >&2
(cd "$here" && CARGO_TARGET_DIR="$target" cargo build --release --quiet -p specwright-document --example peak_memory)
(cd "$here" && CARGO_TARGET_DIR="$target" cargo build --release --quiet -p specwright)
peak="$target/release/examples/peak_memory"
cli="$target/release/specwright"

# Median wall time in ms of `runs` runs of a command.
median_ms() {
  local times=()
  for _ in $(seq "$runs"); do
    local s e
    s=$(date +%s%N)
    "$@" >/dev/null 2>&1 || true
    e=$(date +%s%N)
    times+=($(( (e - s) / 1000000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}
rss_kb() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1; }

printf '| spec | input KB | files | load ms (median of %s) | peak heap MB | heap / input | whole command ms | redocly stats ms | ratio | RSS MB | redocly RSS MB |\n' "$runs"
printf '|---|---|---|---|---|---|---|---|---|---|---|\n'
for spec in stripe-v30.yaml kubernetes-v2.json digitalocean/specification/DigitalOcean-public.v2.yaml openai-v31.yaml; do
  path="$corpus/specs/$spec"
  [ -f "$path" ] || continue
  loader_ms=()
  line=""
  for _ in $(seq "$runs"); do
    line=$("$peak" "$path")
    loader_ms+=("$(echo "$line" | sed -E 's/.*"ms":([0-9.]+).*/\1/')")
  done
  loader=$(printf '%s\n' "${loader_ms[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  input=$(echo "$line" | sed -E 's/.*"input_bytes":([0-9]+).*/\1/')
  files=$(echo "$line" | sed -E 's/.*"files":([0-9]+).*/\1/')
  heap=$(echo "$line" | sed -E 's/.*"peak_heap_bytes":([0-9]+).*/\1/')
  # The whole command is the CLI, like redocly's: peak_memory loads twice (timed, counted).
  ours=$(median_ms "$cli" stats "$path")
  theirs=$(median_ms "$redocly" stats "$path")
  ours_rss=$(rss_kb "$cli" stats "$path")
  theirs_rss=$(rss_kb "$redocly" stats "$path")
  awk -v s="$spec" -v i="$input" -v f="$files" -v l="$loader" -v h="$heap" -v o="$ours" -v t="$theirs" -v or="$ours_rss" -v tr="$theirs_rss" 'BEGIN {
    printf "| %s | %d | %d | %.1f | %.1f | %.2fx | %d | %d | %.1fx | %.1f | %.1f |\n", s, i/1024, f, l, h/1048576, h/i, o, t, (o > 0 ? t/o : 0), or/1024, tr/1024 }'
done
