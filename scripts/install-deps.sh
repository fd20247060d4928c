#!/usr/bin/env bash
# Installs what Specwright needs to build, run and test on a fresh Debian 12 machine.
#
# Idempotent: every step first checks whether its work is already done, so a rerun on a
# prepared machine installs nothing and takes about a second. Only package registries are
# used (apt, crates.io, npm, PyPI); nothing is downloaded from anywhere else.
#
# Runs as root, or as a normal user with sudo (only apt needs it).
# The Rust toolchain (cargo) must already be installed: it does not come from a registry.
set -Eeuo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

say() { printf 'install-deps: %s\n' "$*"; }
die() { printf 'install-deps: error: %s\n' "$*" >&2; exit 1; }
trap 'printf "install-deps: failed (exit %d) at line %d: %s\n" "$?" "$LINENO" "$BASH_COMMAND" >&2' ERR

# cargo-installed tools live here; make sure this run (and its checks) can see them.
CARGO_BIN=${CARGO_HOME:-$HOME/.cargo}/bin
case ":$PATH:" in *":$CARGO_BIN:"*) ;; *) export PATH="$CARGO_BIN:$PATH" ;; esac

# --- 1. Debian packages --------------------------------------------------------------
APT_PACKAGES=(
  # Tauri 2 / WebKitGTK build and runtime
  libwebkit2gtk-4.1-dev build-essential curl wget file libxdo-dev libssl-dev
  libayatana-appindicator3-dev librsvg2-dev pkg-config
  # headless desktop runs and WebDriver e2e tests
  xvfb xauth x11-utils webkit2gtk-driver imagemagick
  # diagrams, benchmarks, tooling
  graphviz wrk hyperfine git python3-venv
)
# npm comes from apt only when it is not there already (a NodeSource nodejs ships its own).
if ! command -v npm >/dev/null 2>&1; then
  APT_PACKAGES+=(nodejs npm)
fi

# One dpkg-query call for all packages; anything not reported as installed is missing.
installed=$(dpkg-query -W -f='${Package} ${db:Status-Status}\n' "${APT_PACKAGES[@]}" 2>/dev/null \
  | awk '$2 == "installed" { print $1 }' || true)
missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  grep -qxF -- "$pkg" <<<"$installed" || missing+=("$pkg")
done

if ((${#missing[@]} == 0)); then
  say "apt: all ${#APT_PACKAGES[@]} packages present"
else
  SUDO=()
  if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null 2>&1 || die "apt packages missing (${missing[*]}) and not root and no sudo"
    SUDO=(sudo)
  fi
  say "apt: installing ${#missing[@]} missing package(s): ${missing[*]}"
  "${SUDO[@]}" apt-get update -qq
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# --- 2. Rust toolchain (not from a registry: only checked) ----------------------------
command -v cargo >/dev/null 2>&1 \
  || die "cargo not found: install Rust (rustup, stable >= 1.85) and rerun"

# --- 3. npm packages ----------------------------------------------------------------
# node_modules is current when it holds a stamp of the manifests and lockfile it was installed from.
npm_deps() {
  local dir=$1 stamp where
  shift # the remaining arguments: files whose content decides the install
  where=${dir#"$ROOT"} where=${where#/} where=${where:-.}
  stamp=$dir/node_modules/.specwright-install-stamp
  if [[ -f $stamp && $(<"$stamp") == "$(files_sum "$@")" ]]; then
    say "npm: $where node_modules up to date"
    return
  fi
  # Installed by hand since the manifests last changed (npm writes its own lockfile copy in
  # node_modules on each install): adopt it rather than wipe it with npm ci.
  if newer_than_all "$dir/node_modules/.package-lock.json" "$@"; then
    say "npm: $where node_modules up to date (installed by npm after the last manifest change)"
    files_sum "$@" >"$stamp"
    return
  fi
  if [[ -f $dir/package-lock.json ]]; then
    say "npm: npm ci in $where"
    npm ci --prefix "$dir" --no-audit --no-fund --loglevel=error
  else
    say "npm: npm install in $where (no lockfile)"
    npm install --prefix "$dir" --no-audit --no-fund --loglevel=error
  fi
  mkdir -p "$dir/node_modules" # npm leaves it out when there is nothing to install
  files_sum "$@" >"$stamp"     # after the install: npm install may have written the lockfile
}

# True when file $1 exists and is newer than each of the other given files that exist.
newer_than_all() {
  local ref=$1 f
  shift
  [[ -f $ref ]] || return 1
  for f in "$@"; do
    if [[ -f $f && ! $ref -nt $f ]]; then return 1; fi
  done
}

# Hash of the names and contents of those of the given files that exist.
files_sum() {
  local f files=()
  for f in "$@"; do
    if [[ -f $f ]]; then files+=("$f"); fi
  done
  { printf '%s\n' "${files[@]}"; cat "${files[@]}"; } | sha256sum | cut -d' ' -f1
}

# A root npm workspace installs its members (no lockfile of their own) along with itself;
# every other npm project in the tree (ui/, test helpers under tests/) is installed where it is.
root_has_workspaces=false
if [[ -f package.json ]] && grep -q '"workspaces"' package.json; then root_has_workspaces=true; fi
if [[ -f package.json ]]; then
  if $root_has_workspaces; then
    npm_deps "$ROOT" package.json package-lock.json ./*/package.json
  else
    npm_deps "$ROOT" package.json package-lock.json
  fi
fi
while IFS= read -r manifest; do
  dir=${manifest%/package.json}
  if [[ ! -f $dir/package-lock.json ]] && $root_has_workspaces; then continue; fi
  npm_deps "$ROOT/${dir#./}" "$dir/package.json" "$dir/package-lock.json"
done < <(find . -mindepth 2 -maxdepth 3 \( -name node_modules -o -name target -o -name '.*' \) -prune \
  -o -name package.json -print | sort)

# --- 4. tauri-driver (WebDriver bridge for the desktop e2e tests) ---------------------
if command -v tauri-driver >/dev/null 2>&1; then
  say "tauri-driver: present"
else
  say "tauri-driver: cargo install tauri-driver --locked (about 2 minutes)"
  cargo install tauri-driver --locked --quiet
fi

# --- 5. Python venv for the e2e tests ---------------------------------------------------
if [[ -x .venv/bin/python ]] && .venv/bin/python -c 'import selenium, pytest' 2>/dev/null; then
  say "python: .venv has selenium and pytest"
else
  say "python: creating .venv with selenium and pytest"
  python3 -m venv .venv
  .venv/bin/pip install --quiet --disable-pip-version-check selenium pytest
fi

say "done"
