#!/usr/bin/env bash
# make bench's GUI row, measured from outside without changing the app:
# start the real binary on a virtual X display, time from the launch to the
# first frame (the "SSO Lens" window mapped and its content no longer the
# empty screen, as bench/framewatch sees them: an X event for the window,
# two rows of the screen read every 5 ms), then sign in at the built-in
# demo provider with Ctrl+L (the browser played by scripts/demo-browser.sh,
# as scripts/screenshot.sh does) and read the process's RSS (VmRSS).
#
#   bench/gui.sh BINARY RUNS OUTDIR [nosignin]
#
# nosignin (the floor, bench/guifloor: a window with one label) skips the
# sign-in and reads the RSS four seconds after the last launch's first
# frame, about when the app's is read after its sign-in.
# Prints one line per launch: "first_frame_ms=N mapped_ms=N
# rss_first_frame_kb=N cpu_first_frame_ms=N poll_us=N" (poll_us: the mean
# time of one look of the clock), and after the last one "rss_kb=N
# signed_in=yes|no", and after a sign-in "presenter_toggle: on_cpu_ms=N
# on_wall_ms=N off_cpu_ms=N off_wall_ms=N" (the end of this file). Needs Xvfb, xdotool, x11-utils, imagemagick (the
# screenshot after the sign-in) and, for bench/framewatch, cgo with a C
# compiler and libx11-dev (scripts/install-deps.sh installs them all).
set -euo pipefail
bin=$(realpath "$1")
runs=${2:-3}
out=$3
signin=yes
[ "${4:-}" = nosignin ] && signin=no
repo=$(cd "$(dirname "$0")/.." && pwd)
size=1280x800
mkdir -p "$out"

# The first-frame clock, built once per run.
watch_dir=$(mktemp -d)
watch=$watch_dir/framewatch
(cd "$repo" && CGO_ENABLED=1 go build -o "$watch" ./bench/framewatch) ||
  { echo "gui: bench/framewatch did not build (it needs cgo, a C compiler and libx11-dev: scripts/install-deps.sh)" >&2; exit 1; }

xvfb_pid="" app_pid="" tools="" home="" watch_pid=""
cleanup() {
  [ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null && wait "$app_pid" 2>/dev/null
  [ -n "$watch_pid" ] && kill "$watch_pid" 2>/dev/null && wait "$watch_pid" 2>/dev/null
  [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null && wait "$xvfb_pid" 2>/dev/null
  [ -n "$tools" ] && rm -rf "$tools"
  [ -n "$home" ] && rm -rf "$home"
  app_pid="" xvfb_pid="" tools="" home="" watch_pid=""
  return 0
}
trap 'cleanup; rm -rf "$watch_dir"' EXIT

now_ms() { echo $(($(date +%s%N) / 1000000)); }

launch() { # launch N: one measured start; leaves app_pid and win set
  display=""
  for n in $(seq 120 199); do
    if [ ! -e "/tmp/.X11-unix/X$n" ] && [ ! -e "/tmp/.X$n-lock" ]; then display=":$n"; break; fi
  done
  [ -n "$display" ] || { echo "gui: no free X display" >&2; return 1; }
  Xvfb "$display" -screen 0 "${size}x24" -nolisten tcp >"$out/xvfb.log" 2>&1 &
  xvfb_pid=$!
  export DISPLAY=$display LIBGL_ALWAYS_SOFTWARE=1
  for _ in $(seq 50); do xdpyinfo >/dev/null 2>&1 && break; sleep 0.1; done
  xdpyinfo >/dev/null 2>&1 || { echo "gui: Xvfb did not start" >&2; return 1; }

  tools=$(mktemp -d) home=$(mktemp -d)
  mark=$home/signed-in
  cat >"$tools/xdg-open" <<EOS
#!/usr/bin/env bash
"$repo/scripts/demo-browser.sh" "\$@"
rc=\$?
touch "$mark"
exit \$rc
EOS
  chmod +x "$tools/xdg-open"

  # The clock reads the empty screen first, then watches for the window
  # and its first frame (bench/framewatch).
  "$watch" "SSO Lens" 60 >"$home/clock" 2>"$home/clock.err" &
  watch_pid=$!
  for _ in $(seq 500); do grep -q ready "$home/clock" 2>/dev/null && break; sleep 0.01; done
  grep -q ready "$home/clock" || { echo "gui: framewatch did not start: $(cat "$home/clock.err")" >&2; return 1; }
  t0=$(now_ms)
  HOME="$home" XDG_CONFIG_HOME="$home/.config" PATH="$tools:$PATH" SSOLENS_OFFLINE=1 "$bin" >"$out/app.log" 2>&1 &
  app_pid=$!
  while kill -0 "$watch_pid" 2>/dev/null; do
    kill -0 "$app_pid" 2>/dev/null || { echo "gui: the app exited before its first frame; its output:" >&2; head -n 5 "$out/app.log" >&2; return 1; }
    sleep 0.05
  done
  wait "$watch_pid" || { watch_pid=""; echo "gui: $(cat "$home/clock.err")" >&2; return 1; }
  watch_pid=""
  mapped=$(awk '$1 == "mapped" { print $2 }' "$home/clock")
  frame=$(awk '$1 == "frame" { print $2 }' "$home/clock")
  poll=$(awk '$1 == "poll_us" { print $2 }' "$home/clock")
  win=$(xdotool search --onlyvisible --name '^SSO Lens$' 2>/dev/null | head -n1 || true)
  [ -n "$win" ] || { echo "gui: framewatch saw the window, xdotool does not" >&2; return 1; }
  echo "first_frame_ms=$((frame - t0)) mapped_ms=$((mapped - t0)) rss_first_frame_kb=$(awk '/^VmRSS:/ {print $2}' "/proc/$app_pid/status") cpu_first_frame_ms=$(cpu_ms "$app_pid") poll_us=$poll"
}

# cpu_ms PID: the CPU time (user + system, every thread) the process has
# used so far: the first frame's cost apart from what other work on a
# loaded machine adds to its wall clock.
cpu_ms() {
  awk -v hz="$(getconf CLK_TCK)" '{ print int(($14 + $15) * 1000 / hz) }' "/proc/$1/stat"
}

# rss_by_mapping PID: the largest resident mappings, by file (anonymous
# memory, the Go heap among it, as [anon]): where the RSS goes.
rss_by_mapping() {
  awk '/^[0-9a-f]+-[0-9a-f]+ / { name = (NF >= 6 ? $6 : "[anon]"); sub(/.*\//, "", name) }
       /^Rss:/ { rss[name] += $2 }
       END { for (n in rss) printf "%d %s\n", rss[n], n }' "/proc/$1/smaps" | sort -rn | head -n 6 |
    awk '{ printf "%s%s=%dMB", (NR > 1 ? " " : ""), $2, $1 / 1024 }'
}

for i in $(seq "$runs"); do
  attempt=0
  until launch; do
    attempt=$((attempt + 1))
    cleanup
    [ $attempt -lt 3 ] || { echo "gui: could not start the app" >&2; exit 1; }
  done
  if [ "$i" -lt "$runs" ]; then cleanup; fi
done

# The last launch signs in at the demo provider (Ctrl+L), then its RSS is
# read.
sleep 1
signed=skipped
if [ "$signin" = yes ]; then
  xdotool mousemove --window "$win" 640 12
  xdotool key --window "$win" ctrl+l
  signed=no
  for _ in $(seq 80); do [ -e "$mark" ] && { signed=yes; break; }; sleep 0.25; done
  sleep 3 # the code exchange, verification and prediction, and a redraw
  import -window root "$out/gui-signed-in.png" 2>/dev/null || true
else
  sleep 3 # as long as the app's sign-in waits: a memory trim when idle has happened
fi
rss=$(awk '/^VmRSS:/ {print $2}' "/proc/$app_pid/status")
echo "rss_kb=$rss signed_in=$signed"
echo "rss_by_mapping: $(rss_by_mapping "$app_pid")"

# Presenter mode on the Neo4j tab after the sign-in: the window is drawn
# again in larger type with its secrets masked (a demo's first move). Each
# toggle's cost is the app's CPU time (every thread: llvmpipe draws on its
# own) and the wall clock from the key until the app has used no CPU for
# 300 ms (the 300 ms not counted).
if [ "$signin" = yes ]; then
  idle_after() { # idle_after KEY: press KEY, print "cpu_ms wall_ms" once idle (at most 30 s: then "timeout")
    local c0 t0 last c still=0 looks=0
    c0=$(cpu_ms "$app_pid") t0=$(now_ms) last=$c0
    xdotool key --window "$win" "$1"
    while [ $still -lt 3 ]; do
      sleep 0.1
      looks=$((looks + 1))
      [ $looks -le 300 ] || { echo "timeout timeout"; return; }
      c=$(cpu_ms "$app_pid")
      if [ "$c" = "$last" ]; then still=$((still + 1)); else still=0 last=$c; fi
    done
    echo "$((last - c0)) $(($(now_ms) - t0 - 300))"
  }
  idle_after ctrl+4 >/dev/null
  read -r on_cpu on_wall < <(idle_after ctrl+shift+p)
  read -r off_cpu off_wall < <(idle_after ctrl+shift+p)
  echo "presenter_toggle: on_cpu_ms=$on_cpu on_wall_ms=$on_wall off_cpu_ms=$off_cpu off_wall_ms=$off_wall"
fi
