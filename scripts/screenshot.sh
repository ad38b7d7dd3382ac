#!/usr/bin/env bash
# Screenshots the SSO Lens window on a virtual X display: main-empty.png
# before anything is pasted, main-token.png after a sample token response
# (signed by a throwaway key, see scripts/sampletoken) is pasted in, and
# main-token-claims.png with the result scrolled down to the claims.
#
#   scripts/screenshot.sh BINARY OUTDIR
#   SIZE=1920x1080 scripts/screenshot.sh build/ssolens build/shots-hd
#
# Needs Xvfb, xdotool, x11-utils and imagemagick (scripts/install-deps.sh).
set -euo pipefail

if [ $# -ne 2 ]; then
  echo "usage: $0 BINARY OUTDIR" >&2
  exit 2
fi
bin=$(realpath "$1")
out=$2
size=${SIZE:-1280x800}
repo=$(cd "$(dirname "$0")/.." && pwd)
[ -x "$bin" ] || { echo "screenshot: $bin is not an executable (build it: go build -o build/ssolens .)" >&2; exit 1; }
mkdir -p "$out"
rm -f "$out"/main-*.png

xvfb_pid="" app_pid="" clip_pid="" tools=""
stop_app_and_display() {
  [ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null && wait "$app_pid" 2>/dev/null
  [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null && wait "$xvfb_pid" 2>/dev/null
  app_pid="" xvfb_pid=""
  return 0
}
cleanup() {
  [ -n "$clip_pid" ] && kill "$clip_pid" 2>/dev/null && wait "$clip_pid" 2>/dev/null
  stop_app_and_display
  [ -n "$tools" ] && rm -rf "$tools"
  return 0
}
trap cleanup EXIT

# The sample and the clipboard helper are built before the display starts:
# go may compile.
tools=$(mktemp -d)
sample=$(cd "$repo" && go run ./scripts/sampletoken)
(cd "$repo" && go build -o "$tools/clipboard" ./scripts/clipboard)
cp "$repo/scripts/demo-browser.sh" "$tools/xdg-open"

# start_display_and_app starts Xvfb on a free display and the app on it,
# and waits for the window. A freshly started Xvfb occasionally refuses the
# first GLFW connection ("Failed to open display"), so the caller retries.
start_display_and_app() {
  display=""
  for n in $(seq 99 199); do
    if [ ! -e "/tmp/.X11-unix/X$n" ] && [ ! -e "/tmp/.X$n-lock" ]; then display=":$n"; break; fi
  done
  [ -n "$display" ] || { echo "screenshot: no free X display number in :99-:199" >&2; return 1; }
  Xvfb "$display" -screen 0 "${size}x24" -nolisten tcp >"$out/xvfb.log" 2>&1 &
  xvfb_pid=$!
  export DISPLAY=$display LIBGL_ALWAYS_SOFTWARE=1
  for _ in $(seq 50); do xdpyinfo >/dev/null 2>&1 && break; sleep 0.2; done
  xdpyinfo >/dev/null 2>&1 || { echo "screenshot: Xvfb did not start on $display (see $out/xvfb.log)" >&2; return 1; }
  sleep 0.5

  # The sample's issuer is not reachable from here: no online verification.
  # The demo sign-in's "system browser" is scripts/demo-browser.sh.
  PATH="$tools:$PATH" SSOLENS_OFFLINE=1 "$bin" >"$out/app.log" 2>&1 &
  app_pid=$!
  win=""
  for _ in $(seq 60); do
    win=$(xdotool search --name '^SSO Lens$' 2>/dev/null | head -n1 || true)
    [ -n "$win" ] && return 0
    kill -0 "$app_pid" 2>/dev/null || break
    sleep 0.5
  done
  return 1
}

win=""
for attempt in 1 2 3; do
  start_display_and_app && break
  echo "screenshot: attempt $attempt: no window named \"SSO Lens\"; app output:" >&2
  sed 's/^/  /' "$out/app.log" | head -n 5 >&2
  stop_app_and_display
done
if [ -z "$win" ]; then
  echo "screenshot: no window named \"SSO Lens\" appeared after 3 attempts" >&2
  exit 1
fi

# Fill the screen (there is no window manager to do it), then let it draw.
w=${size%x*} h=${size#*x}
xdotool windowmove "$win" 0 0
xdotool windowsize "$win" "$w" "$h"
for _ in $(seq 20); do
  xwininfo -id "$win" | grep -q "Width: $w\$" && break
  sleep 0.25
done
sleep 2
import -window root "$out/main-empty.png"

# Put the sample on the clipboard, click into the paste box (left pane,
# mid-height) and paste it with ctrl+v, as a person would.
printf %s "$sample" | "$tools/clipboard" &
clip_pid=$!
sleep 0.5
xdotool mousemove --window "$win" $((w / 6)) $((h / 2)) click 1
sleep 0.3
xdotool key ctrl+v
sleep 2.5 # the debounce, the decode and a redraw
import -window root "$out/main-token.png"

# Scroll the result down to the claims and the second token.
xdotool mousemove --window "$win" $((w * 2 / 3)) $((h / 2))
xdotool click --repeat 45 --delay 20 5
sleep 1
import -window root "$out/main-token-claims.png"

# The first-run story: one click signs in at the embedded demo provider
# (the browser played by scripts/demo-browser.sh), then the Neo4j
# prediction, the tokens and the timeline are shown.
xdotool mousemove --window "$win" $((w / 6)) $((h / 2)) click 1
sleep 0.2
xdotool key ctrl+a BackSpace
sleep 0.5
xdotool mousemove --window "$win" "${DEMO_X:-120}" "${DEMO_Y:-107}" click 1
for _ in $(seq 40); do
  grep -q "tokens-received\|Signed in" "$out/app.log" 2>/dev/null && break
  sleep 0.25
done
sleep 3
import -window root "$out/main-demo-signin.png"
xdotool mousemove --window "$win" $((w * 2 / 3)) $((h / 2))
xdotool click --repeat 25 --delay 20 5
sleep 1
import -window root "$out/main-demo-signin-tokens.png"

for f in main-empty.png main-token.png main-token-claims.png main-demo-signin.png main-demo-signin-tokens.png; do
  [ -s "$out/$f" ] || { echo "screenshot: $out/$f is missing" >&2; exit 1; }
  bytes=$(stat -c %s "$out/$f")
  colours=$(identify -format '%k' "$out/$f")
  if [ "$bytes" -lt 20000 ] || [ "$colours" -lt 16 ]; then
    echo "screenshot: $out/$f looks blank ($bytes bytes, $colours colours)" >&2
    exit 1
  fi
  echo "screenshot: $out/$f ($bytes bytes, $colours colours)"
done
