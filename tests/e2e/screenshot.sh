#!/usr/bin/env bash
# Screenshot of the studio's main window on a real spec: docs/screenshot.png by default.
#   tests/e2e/screenshot.sh [BINARY] [OUT.png] [WORKSPACE]
# Runs its own Xvfb; the app's state (recents, recovery) goes to a temporary folder.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BIN=${1:-${CARGO_TARGET_DIR:-$ROOT/target}/debug/specwright-desktop}
OUT=${2:-$ROOT/docs/screenshot.png}
WS=${3:-$ROOT/examples}
# shellcheck source=xvfb.sh
. "$ROOT/tests/e2e/xvfb.sh"

STATE=$(mktemp -d)
APID= XVFB_PID=
cleanup() {
  [[ -n $APID ]] && kill "$APID" 2>/dev/null
  [[ -n $XVFB_PID ]] && kill "$XVFB_PID" 2>/dev/null
  rm -rf "$STATE"
}
trap cleanup EXIT
start_xvfb 1400x860x24

SPECWRIGHT_STATE_DIR=$STATE "$BIN" "$WS" >/dev/null 2>&1 & APID=$!
WID=
for _ in $(seq 200); do
  # Several windows carry the title; the app's frame is the big one.
  WID=$(xwininfo -root -tree 2>/dev/null | awk '/"Specwright/ && /[0-9][0-9][0-9]x[0-9][0-9][0-9]/{print $1; exit}')
  [[ -n $WID ]] && break
  sleep 0.1
done
[[ -n $WID ]] || { echo "screenshot: no Specwright window appeared" >&2; exit 1; }
sleep "${SCREENSHOT_SETTLE:-4}"
# The titled window may be a frame without its own pixels: grab the screen, crop to it.
read -r X Y W H < <(xwininfo -id "$WID" | awk '/Absolute upper-left X/{x=$NF} /Absolute upper-left Y/{y=$NF} /Width/{w=$NF} /Height/{h=$NF} END{print x, y, w, h}')
import -window root -crop "${W}x${H}+${X}+${Y}" +repage "$OUT"
echo "screenshot: $OUT"
