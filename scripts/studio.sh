#!/usr/bin/env bash
# Opens the Specwright desktop studio on a workspace folder or a spec file.
#
#   scripts/studio.sh                 # the example workspace in examples/
#   scripts/studio.sh path/to/api     # a folder of specs, or one openapi.yaml
#
# Installs missing dependencies first (scripts/install-deps.sh), then builds and starts the app.
# Paths are taken relative to the directory you run this from.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
say() { printf 'studio: %s\n' "$*"; }

if (($# > 1)); then
  echo "usage: scripts/studio.sh [WORKSPACE_OR_SPEC]" >&2
  exit 2
fi
target=${1:-$ROOT/examples}
if [[ ! -e $target ]]; then
  echo "studio: no such workspace or spec: $target" >&2
  exit 2
fi

# The studio is a desktop window: without a display it cannot start, so stop before building.
if [[ -z ${DISPLAY:-} && -z ${WAYLAND_DISPLAY:-} ]]; then
  cat >&2 <<'EOF'
studio: no DISPLAY is set, so the desktop studio has nowhere to open its window.
studio: run it from a desktop session, or under a virtual display: xvfb-run -a scripts/studio.sh
EOF
  exit 2
fi

"$ROOT/scripts/install-deps.sh"

manifest=$ROOT/Cargo.toml
if [[ -f $ROOT/src-tauri/Cargo.toml ]]; then
  # The app embeds the built front end (ui/dist), so build it first when the UI has a build script.
  if [[ -f $ROOT/ui/package.json ]] && node -e \
    'process.exit((require(process.argv[1]).scripts || {}).build ? 0 : 1)' "$ROOT/ui/package.json"; then
    say "building the UI (npm run build in ui/)"
    npm --prefix "$ROOT/ui" run --silent build
  fi
  say "building and opening the studio on $target"
  exec cargo run --manifest-path "$manifest" -p specwright-desktop -- "$target"
fi

# The desktop crate (src-tauri/) is not in this checkout yet: show what the CLI sees instead.
spec=$target
if [[ -d $spec ]]; then
  spec=$(find "$spec" -maxdepth 3 -type f \( -name openapi.yaml -o -name openapi.yml -o -name openapi.json \) \
    -not -path '*/node_modules/*' | sort | head -n 1)
  if [[ -z $spec ]]; then
    echo "studio: no openapi.yaml, openapi.yml or openapi.json found under $target" >&2
    exit 2
  fi
fi
say "the desktop app is not built yet (src-tauri/ is absent); showing 'specwright stats $spec' instead"
exec cargo run --quiet --manifest-path "$manifest" -p specwright -- stats "$spec"
