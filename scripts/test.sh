#!/usr/bin/env bash
# Runs every Specwright test, stopping at the first failure.
#
# Stages (each one that applies to this checkout runs, in this order):
#   UI build (when ui/package.json has a build script);
#   fmt, clippy, cargo test (Rust workspace);
#   conformance scripts tests/conformance/*.sh (given the shared folder);
#   UI type check and vitest (when ui/package.json has those scripts);
#   desktop e2e tests/e2e/run.sh (under Xvfb, run by the script itself).
# The last line is "N passed, 0 failed"; on a failure it is "N passed, 1 failed" and the exit
# status is the failing stage's.
#
# SPECWRIGHT_SHARED: the shared folder with the conformance suites and the reference corpus.
# Defaults to ../shared beside the checkout; exported so the Rust tests that take it run.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

CARGO_BIN=${CARGO_HOME:-$HOME/.cargo}/bin
case ":$PATH:" in *":$CARGO_BIN:"*) ;; *) export PATH="$CARGO_BIN:$PATH" ;; esac

# A CI checkout is built once, cold: incremental compilation data would only cost time and disk,
# and line tables (enough for backtraces) are much cheaper to produce and link than full debug
# info for the Tauri dependency tree. Local runs keep the profile so they reuse earlier builds.
if [[ -n ${CI:-} ]]; then
  export CARGO_INCREMENTAL=${CARGO_INCREMENTAL:-0}
  export CARGO_PROFILE_DEV_DEBUG=${CARGO_PROFILE_DEV_DEBUG:-line-tables-only}
fi

passed=0
started=$SECONDS

stage() {
  local name=$1 t0=$SECONDS rc=0
  shift
  printf '\n==> %s\n' "$name"
  "$@" || rc=$?
  if ((rc != 0)); then
    printf '\nFAILED: %s (exit %d)\n' "$name" "$rc"
    printf '%d passed, 1 failed\n' "$passed"
    exit "$rc"
  fi
  passed=$((passed + 1))
  printf -- '--- ok: %s (%ds)\n' "$name" $((SECONDS - t0))
}
skip() { printf '\n--- skipped: %s\n' "$*"; }

# True when package.json in $1 defines the npm script $2.
has_npm_script() {
  node -e 'const s = require(process.argv[1]).scripts || {}; process.exit(s[process.argv[2]] ? 0 : 1)' \
    "$ROOT/$1/package.json" "$2"
}

"$ROOT/scripts/install-deps.sh"

if [[ -z ${SPECWRIGHT_SHARED:-} && -d $ROOT/../shared ]]; then
  SPECWRIGHT_SHARED=$(cd "$ROOT/../shared" && pwd)
fi
if [[ -n ${SPECWRIGHT_SHARED:-} ]]; then
  export SPECWRIGHT_SHARED
  echo "test: SPECWRIGHT_SHARED=$SPECWRIGHT_SHARED"
else
  echo "test: no shared folder (../shared) and SPECWRIGHT_SHARED unset: conformance suites are skipped"
fi

# --- UI build --------------------------------------------------------------------------
# First: the desktop crate embeds the built front end (ui/dist), which a fresh clone lacks.
if [[ -f ui/package.json ]]; then
  if has_npm_script ui build; then
    stage "ui: npm run build" npm --prefix ui run --silent build
  else
    skip "ui: npm run build (no \"build\" script in ui/package.json)"
  fi
fi

# --- Rust ----------------------------------------------------------------------------
stage "cargo fmt --all --check" cargo fmt --all --check
stage "cargo clippy --workspace --all-targets -- -D warnings" \
  cargo clippy --workspace --all-targets --quiet -- -D warnings
stage "cargo test --workspace" cargo test --workspace

# --- conformance runners ---------------------------------------------------------------
shopt -s nullglob
conformance=(tests/conformance/*.sh)
shopt -u nullglob
if ((${#conformance[@]})); then
  if [[ -n ${SPECWRIGHT_SHARED:-} ]]; then
    for script in "${conformance[@]}"; do
      stage "$script" bash "$script" "$SPECWRIGHT_SHARED"
    done
  else
    skip "${conformance[*]} (no shared folder)"
  fi
fi

# --- mock conformance to the spec (issue 5): schemathesis against the real mock server ------
if [[ -f tests/mock/schemathesis.sh ]]; then
  if [[ -n ${SPECWRIGHT_SHARED:-} ]]; then
    stage "tests/mock/schemathesis.sh" bash tests/mock/schemathesis.sh "$SPECWRIGHT_SHARED"
  else
    skip "tests/mock/schemathesis.sh (no shared folder)"
  fi
fi

# --- UI checks ---------------------------------------------------------------------------
# After cargo test, which may generate the TypeScript bindings of the Rust types the UI imports.
if [[ -f ui/package.json ]]; then
  if has_npm_script ui typecheck; then
    stage "ui: npm run typecheck" npm --prefix ui run --silent typecheck
  else
    skip "ui: npm run typecheck (no \"typecheck\" script in ui/package.json)"
  fi
  if has_npm_script ui test; then
    # CI=true keeps vitest from entering watch mode.
    stage "ui: npm test (vitest)" env CI=true npm --prefix ui test --silent
  else
    skip "ui: npm test (no \"test\" script in ui/package.json)"
  fi
fi

# --- desktop end to end ----------------------------------------------------------------
if [[ -f tests/e2e/run.sh ]]; then
  # A hung WebDriver session must not hang the whole run.
  stage "tests/e2e/run.sh" timeout --kill-after=30 "${SPECWRIGHT_E2E_TIMEOUT:-1200}" bash tests/e2e/run.sh
fi

printf '\nall stages passed in %ds\n' $((SECONDS - started))
printf '%d passed, 0 failed\n' "$passed"
