#!/usr/bin/env bash
# End-to-end tests of the real desktop app over WebDriver: builds the UI and the app, starts
# a private Xvfb and tauri-driver (WebKitWebDriver) on 127.0.0.1, runs pytest, and always
# cleans up. Bounded: each step has a timeout, and test.sh wraps the whole run in one more.
#
#   tests/e2e/run.sh [pytest args...]
# Env: SPECWRIGHT_E2E_PORT (4444), SPECWRIGHT_E2E_SKIP_BUILD=1 (use the existing binary),
#      CARGO_TARGET_DIR (where the binary is built; default target/).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
CARGO_BIN=${CARGO_HOME:-$HOME/.cargo}/bin
case ":$PATH:" in *":$CARGO_BIN:"*) ;; *) export PATH="$CARGO_BIN:$PATH" ;; esac
say() { printf 'e2e: %s\n' "$*"; }

PORT=${SPECWRIGHT_E2E_PORT:-4444}
NATIVE_PORT=$((PORT + 1))
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
APP=$TARGET/debug/specwright-desktop

for tool in Xvfb tauri-driver WebKitWebDriver; do
  command -v "$tool" >/dev/null || { echo "e2e: $tool not found: run scripts/install-deps.sh" >&2; exit 2; }
done
[[ -x .venv/bin/python ]] || { echo "e2e: .venv missing: run scripts/install-deps.sh" >&2; exit 2; }

if [[ -z ${SPECWRIGHT_E2E_SKIP_BUILD:-} ]]; then
  say "building the UI and the app"
  timeout 300 npm --prefix ui run --silent build >/dev/null
  # The targets `cargo test --workspace` builds, so dependencies get the same features and
  # that build is reused; `-p specwright-desktop` alone would compile a second copy of the
  # tree (minutes and gigabytes in CI).
  timeout 1800 cargo build --quiet --workspace --bins --tests
fi
[[ -x $APP ]] || { echo "e2e: no app binary at $APP" >&2; exit 2; }
# A driver left running by another run would answer on these ports: this run's driver
# could not listen, and the tests would run against the other one until it went away.
for p in "$PORT" "$NATIVE_PORT"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
    echo "e2e: 127.0.0.1:$p is already in use (a WebDriver left running?); stop it or set SPECWRIGHT_E2E_PORT" >&2
    exit 2
  fi
done

# shellcheck source=xvfb.sh
. "$ROOT/tests/e2e/xvfb.sh"
STATE=$(mktemp -d)
XVFB_PID= DRIVER_PID=
cleanup() {
  # tauri-driver stops its WebKitWebDriver (and the app) on SIGTERM.
  [[ -n $DRIVER_PID ]] && kill "$DRIVER_PID" 2>/dev/null
  [[ -n $XVFB_PID ]] && kill "$XVFB_PID" 2>/dev/null
  rm -rf "$STATE"
}
trap cleanup EXIT INT TERM

start_xvfb 1400x860x24
say "Xvfb on $DISPLAY"
# The app keeps recents and recovery buffers here instead of the user's data folder.
export SPECWRIGHT_STATE_DIR=$STATE/state
# git (push tests, and the app's pushes) with a test identity and none of the user's config.
printf '[user]\n\tname = Specwright E2E\n\temail = e2e@example.com\n[init]\n\tdefaultBranch = main\n' >"$STATE/gitconfig"
export GIT_CONFIG_GLOBAL=$STATE/gitconfig GIT_CONFIG_NOSYSTEM=1
tauri-driver --port "$PORT" --native-port "$NATIVE_PORT" >"$STATE/driver.log" 2>&1 &
DRIVER_PID=$!
for _ in $(seq 100); do
  curl -sf "http://127.0.0.1:$PORT/status" >/dev/null && break
  sleep 0.1
done
curl -sf "http://127.0.0.1:$PORT/status" >/dev/null || { echo "e2e: tauri-driver did not start" >&2; cat "$STATE/driver.log" >&2; exit 1; }

say "running pytest against $APP"
rc=0
SPECWRIGHT_APP=$APP SPECWRIGHT_WEBDRIVER=http://127.0.0.1:$PORT \
  timeout --kill-after=10 "${SPECWRIGHT_E2E_PYTEST_TIMEOUT:-900}" \
  .venv/bin/python -m pytest -q -p no:cacheprovider -W ignore::DeprecationWarning tests/e2e "$@" || rc=$?
if ((rc != 0)); then
  say "failed (exit $rc); tauri-driver log tail:"
  tail -n 20 "$STATE/driver.log" | grep -v '^ *[0-9]*: \|^ *at ' || true
fi
exit "$rc"
