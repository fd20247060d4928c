# Sourced by the e2e, screenshot and benchmark scripts: starts a private Xvfb on a free
# display (Xvfb picks it: -displayfd), exports DISPLAY and sets XVFB_PID.
start_xvfb() {
  local size=${1:-1400x860x24} fdfile
  fdfile=$(mktemp)
  Xvfb -displayfd 3 -screen 0 "$size" -nolisten tcp 3>"$fdfile" >/dev/null 2>&1 &
  XVFB_PID=$!
  for _ in $(seq 100); do
    [[ -s $fdfile ]] && break
    sleep 0.1
  done
  [[ -s $fdfile ]] || { echo "xvfb: no display" >&2; rm -f "$fdfile"; return 1; }
  export DISPLAY=":$(tr -d '[:space:]' <"$fdfile")"
  rm -f "$fdfile"
}
