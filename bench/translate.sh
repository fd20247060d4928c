#!/usr/bin/env bash
# Times `specwright translate` against openapi-2-kong@3.6.0 (the generator Insomnia's inso
# used) on the same specs in the same run: Stripe (YAML, 4 MB) and Twilio (JSON, 1.9 MB),
# each plain and with a document-level `x-kong-plugin-request-validator` (which makes both
# tools embed JSON schemas for every operation).
#
# openapi-2-kong is installed once from npm into a cache folder (reruns reuse it).
# Usage: bench/translate.sh [RUNS]   (env: SPECWRIGHT_SHARED, SPECWRIGHT_BENCH_CACHE,
#        SPECWRIGHT_BENCH_ENGINE=1 to time the engine example instead of the CLI)
set -euo pipefail

runs=${1:-3}
here=$(cd "$(dirname "$0")/.." && pwd)
shared=${SPECWRIGHT_SHARED:-$here/../shared}
specs=$shared/corpus/specs
cache=${SPECWRIGHT_BENCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/specwright-bench}
o2k=$cache/openapi-2-kong-3.6.0
work=$cache/work
mkdir -p "$o2k" "$work"

for f in stripe-v30.yaml twilio-api-v2010-v30.json; do
  [ -f "$specs/$f" ] || { echo "missing $specs/$f (set SPECWRIGHT_SHARED)" >&2; exit 2; }
done

if [ ! -f "$o2k/node_modules/openapi-2-kong/package.json" ] \
   || ! grep -q '"version": "3.6.0"' "$o2k/node_modules/openapi-2-kong/package.json"; then
  echo "installing openapi-2-kong@3.6.0 into $o2k" >&2
  (cd "$o2k" && npm install --no-audit --no-fund --loglevel=error openapi-2-kong@3.6.0 >&2)
fi

target=${CARGO_TARGET_DIR:-$here/target}
# SPECWRIGHT_BENCH_ENGINE=1 skips the CLI and times the engine example directly.
if [ -z "${SPECWRIGHT_BENCH_ENGINE:-}" ] \
   && cargo build --release -q -p specwright --manifest-path "$here/Cargo.toml" 2>/dev/null; then
  sw_cmd=("$target/release/specwright" translate)
  sw_name="specwright translate"
else
  # The CLI crate may be mid-change in a shared tree; the engine alone is what is measured.
  cargo build --release -q -p specwright-kong --example translate --manifest-path "$here/Cargo.toml"
  sw_cmd=("$target/release/examples/translate")
  sw_name="specwright-kong example (engine: load + translate + render)"
fi

# Variants with the request-validator template at the document root. decK (and so
# specwright) refuses a parameter schema with anyOf/oneOf but no `type` beside it, which
# Stripe has, so the variants give every such schema the type of its first branch (else
# "string"); both tools read the same variant files.
node - "$specs" "$work" <<'JS'
const fs = require('fs'), path = require('path');
const [specs, work] = process.argv.slice(2);
let fixed = 0;
const fix = (v) => {
  if (Array.isArray(v)) { v.forEach(fix); return; }
  if (!v || typeof v !== 'object') return;
  const alts = v.anyOf || v.oneOf;
  if (Array.isArray(alts) && v.type === undefined) {
    const first = alts.find((a) => a && typeof a.type === 'string');
    v.type = first ? first.type : 'string';
    fixed++;
  }
  Object.values(v).forEach(fix);
};
const yaml = (() => { try { return require(path.join(work, '..', 'openapi-2-kong-3.6.0', 'node_modules', 'yaml')); } catch (_) { return null; } })();
for (const [src, dst] of [['stripe-v30.yaml', 'stripe-validator.json'], ['twilio-api-v2010-v30.json', 'twilio-validator.json']]) {
  const text = fs.readFileSync(path.join(specs, src), 'utf8');
  const doc = src.endsWith('.json') ? JSON.parse(text) : (yaml ? yaml.parse(text) : null);
  if (!doc) { console.error('no YAML parser next to openapi-2-kong'); process.exit(2); }
  fix(doc);
  doc['x-kong-plugin-request-validator'] = {};
  fs.writeFileSync(path.join(work, dst), JSON.stringify(doc));
}
console.error(`validator variants: ${fixed} anyOf/oneOf schemas given a top-level type`);
JS

cat > "$work/o2k.js" <<'JS'
// One openapi-2-kong run, timed inside node (startup excluded, to be fair to it).
const { generateFromString } = require(process.argv[2] + '/node_modules/openapi-2-kong');
const text = require('fs').readFileSync(process.argv[3], 'utf8');
const t0 = process.hrtime.bigint();
generateFromString(text, 'kong-declarative-config').then((r) => {
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const docs = r.documents || [];
  process.stdout.write(`${ms.toFixed(1)} ${JSON.stringify(docs).length}\n`);
}).catch((e) => { process.stdout.write(`error ${String(e.message || e).split('\n')[0]}\n`); });
JS

now_ms() { date +%s%N | awk '{printf "%.1f", $1/1e6}'; }

# Best of $runs wall-clock runs of specwright (process start, load, translate, write).
# hyperfine makes one untimed run first and times the process alone; the fallback below
# has no warm-up and also times two `date` processes and an awk per run.
time_sw() {
  local cmd errors=/dev/stderr
  if [ "${#sw_cmd[@]}" -eq 2 ]; then
    cmd=("${sw_cmd[@]}" "$@" --ignore-circular-refs --format json --compact -o "$work/out.json")
  else
    cmd=("${sw_cmd[@]}" "$@" "$work/out.json" --ignore-circular-refs)
    errors=/dev/null
  fi
  if command -v hyperfine >/dev/null; then
    hyperfine --runs "$runs" --warmup 1 -N -i --export-json "$work/h.json" -- "$(printf '%q ' "${cmd[@]}")" >/dev/null 2>&1
    python3 -c "import json,sys; print(round(json.load(open(sys.argv[1]))['results'][0]['min']*1000,1))" "$work/h.json"
    return
  fi
  local best="" t0 t1 d
  for _ in $(seq "$runs"); do
    t0=$(now_ms)
    "${cmd[@]}" 2>"$errors"
    t1=$(now_ms)
    d=$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.1f", b-a}')
    if [ -z "$best" ] || awk -v d="$d" -v b="$best" 'BEGIN{exit !(d<b)}'; then best=$d; fi
  done
  echo "$best"
}

# openapi-2-kong takes seconds to a minute per run: one run each.
time_o2k() { node "$work/o2k.js" "$o2k" "$1" | awk '{print $1}'; }

printf '%-28s %14s %18s %9s\n' spec "specwright ms" "openapi-2-kong ms" speedup
for pair in "stripe:$specs/stripe-v30.yaml" "stripe+validator:$work/stripe-validator.json" \
            "twilio:$specs/twilio-api-v2010-v30.json" "twilio+validator:$work/twilio-validator.json"; do
  name=${pair%%:*}; file=${pair#*:}
  a=$(time_sw "$file")
  b=$(time_o2k "$file")
  s=$(awk -v a="$a" -v b="$b" 'BEGIN{ if (b+0>0) printf "%.0fx", b/a; else print "n/a" }')
  printf '%-28s %14s %18s %9s\n' "$name" "$a" "$b" "$s"
done
echo "measured: $sw_name; node $(node --version); $(nproc) cores; runs=$runs (specwright best-of, openapi-2-kong single run, in-process time)"
