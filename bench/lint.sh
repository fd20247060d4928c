#!/usr/bin/env bash
# Times `specwright lint` against Spectral 6.16 and Redocly 2.77 on every corpus spec in the
# same run, so the ratios compare like with like on this machine's load.
#
#   bench/lint.sh [CORPUS_DIR]        default: $SPECWRIGHT_SHARED/corpus or ../shared/corpus
#
# Environment: SPECWRIGHT_BENCH_CACHE (npm installs, default ~/.cache/specwright-bench),
# RUNS (timed runs per tool and spec, default 3), WARMUP (untimed runs first, default 1), CARGO_TARGET_DIR (release build).
# Spectral runs `extends: ["spectral:oas"]`, Redocly its `recommended` ruleset, Specwright
# the same spectral:oas ruleset as Spectral. Peak memory is one run under /usr/bin/time.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
shared="${SPECWRIGHT_SHARED:-$here/../shared}"
corpus="${1:-$shared/corpus}"
cache="${SPECWRIGHT_BENCH_CACHE:-$HOME/.cache/specwright-bench}"
runs="${RUNS:-3}"
warmup="${WARMUP:-1}"
target="${CARGO_TARGET_DIR:-$here/target}"

[ -d "$corpus/specs" ] || { echo "bench: no corpus at $corpus (pass CORPUS_DIR or set SPECWRIGHT_SHARED)" >&2; exit 2; }
command -v npm >/dev/null || { echo "bench: npm is needed to install the peers" >&2; exit 2; }

# Peers, installed once into the cache (idempotent: skipped when the binary exists).
install_peer() { # dir package
  if [ ! -x "$cache/$1/node_modules/.bin/$3" ]; then
    echo "bench: installing $2 into $cache/$1" >&2
    mkdir -p "$cache/$1"
    npm install --prefix "$cache/$1" --no-audit --no-fund --loglevel=error "$2" >&2
  fi
}
install_peer spectral "@stoplight/spectral-cli@6.16" spectral
install_peer redocly "@redocly/cli@2.77" redocly
spectral="$cache/spectral/node_modules/.bin/spectral"
redocly="$cache/redocly/node_modules/.bin/redocly"

echo "bench: building specwright (release)" >&2
(cd "$here" && CARGO_TARGET_DIR="$target" cargo build --release -p specwright --quiet)
specwright="$target/release/specwright"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
printf 'extends: ["spectral:oas"]\n' > "$work/ruleset.yaml"
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true

# Specs: every top-level spec file, plus the entry file of each multi-file folder.
specs=()
for f in "$corpus"/specs/*.yaml "$corpus"/specs/*.yml "$corpus"/specs/*.json; do
  [ -f "$f" ] && specs+=("$f")
done
for d in "$corpus"/specs/*/; do
  [ -d "$d" ] || continue
  entry="$(grep -rlE '^(openapi|swagger):' "$d" --include='*.yaml' --include='*.yml' 2>/dev/null | head -1 || true)"
  [ -n "$entry" ] && specs+=("$entry")
done

median_ms() { # command...  -> median wall time in ms over $runs runs
  if command -v hyperfine >/dev/null; then
    hyperfine --runs "$runs" --warmup "$warmup" -N -i --export-json "$work/h.json" -- "$(printf '%q ' "$@")" >/dev/null 2>&1
    python3 -c "import json,sys; print(round(json.load(open(sys.argv[1]))['results'][0]['median']*1000,1))" "$work/h.json"
  else
    local times=()
    for _ in $(seq "$runs"); do
      local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1 || true; e=$(date +%s%N)
      times+=($(( (e - s) / 1000000 )))
    done
    printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
  fi
}
peak_mb() { # command... -> peak RSS in MB
  /usr/bin/time -f %M -o "$work/rss" "$@" >/dev/null 2>&1 || true
  tail -1 "$work/rss" | awk '{printf "%.0f", $1/1024}'
}

printf '%-34s %7s | %9s %9s %9s | %8s %8s | %6s %6s %6s\n' spec KB "sw ms" "spectral" "redocly" "x spec" "x redoc" "sw MB" "spc MB" "red MB"
for f in "${specs[@]}"; do
  name="$(basename "$f")"
  kb=$(( $(stat -c %s "$f") / 1024 ))
  sw=(env -C "$(dirname "$f")" "$specwright" lint "$f" --ruleset "$work/ruleset.yaml" --format json)
  sp=("$spectral" lint -r "$work/ruleset.yaml" -f json -q "$f")
  rd=("$redocly" lint --format=json "$f")
  t_sw=$(median_ms "${sw[@]}"); t_sp=$(median_ms "${sp[@]}"); t_rd=$(median_ms "${rd[@]}")
  m_sw=$(peak_mb "${sw[@]}"); m_sp=$(peak_mb "${sp[@]}"); m_rd=$(peak_mb "${rd[@]}")
  printf '%-34s %7s | %9s %9s %9s | %7.1fx %7.1fx | %6s %6s %6s\n' "$name" "$kb" "$t_sw" "$t_sp" "$t_rd" \
    "$(python3 -c "print($t_sp/max($t_sw,0.1))")" "$(python3 -c "print($t_rd/max($t_sw,0.1))")" "$m_sw" "$m_sp" "$m_rd"
done
