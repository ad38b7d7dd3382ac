#!/usr/bin/env bash
# Screenshots every main view of the real SSO Lens window on a virtual X
# display, at each size in SIZES (default 1024x768, 1280x800 and
# 1920x1080: a projector, a laptop, a monitor), driven
# as a person would with the keyboard:
#
#   inspect-empty.png   the first run: nothing pasted, the demo selected
#   inspect.png         a sample token response (signed by a throwaway key,
#                       see scripts/sampletoken) pasted with Ctrl+V
#   then Ctrl+L signs in at the embedded demo provider (the "system
#   browser" is scripts/demo-browser.sh, signing in as alice), and
#   Ctrl+2 … Ctrl+6 show
#   tokens.png  verification.png  neo4j.png (neo4j-whatif.png scrolled to
#   the what-if editor)  findings.png  timeline.png
#   Ctrl+7 shows the Config & code tab (config.png, then scrolled down to
#   the client code: snippets.png), and Ctrl+K checks live against a
#   loopback stand-in for Neo4j (live.png, the check's card, then scrolled
#   on: live-result.png, the comparison and findings),
#   then Ctrl+Shift+P turns presenter mode on (the sidebar collapses):
#   presenter-tokens.png  presenter-verification.png  presenter-neo4j.png
#   presenter-live.png  presenter-findings.png  presenter-timeline.png
#   presenter-config.png  presenter-inspect.png
#   and contact.png is every shot of the size on one sheet, for review.
#
#   scripts/screenshot.sh BINARY OUTDIR       PNGs under OUTDIR/WIDTHxHEIGHT/
#   SIZES=1920x1080 scripts/screenshot.sh build/ssolens build/screenshots
#
# It fails when no window appears, when the demo sign-in never reaches the
# browser, or when a PNG looks blank.
# Needs Xvfb, xdotool, x11-utils and imagemagick (scripts/install-deps.sh).
set -euo pipefail

if [ $# -ne 2 ]; then
  echo "usage: $0 BINARY OUTDIR" >&2
  exit 2
fi
bin=$(realpath "$1")
outroot=$2
sizes=${SIZES:-${SIZE:-1024x768 1280x800 1920x1080}}
repo=$(cd "$(dirname "$0")/.." && pwd)
[ -x "$bin" ] || { echo "screenshot: $bin is not an executable (build it: make build)" >&2; exit 1; }
mkdir -p "$outroot"
rm -f "$outroot"/main-*.png # the single-view screenshots of earlier versions

xvfb_pid="" app_pid="" clip_pid="" standin_pid="" tools="" home=""
stop_standin() {
  # wait reports the SIGTERM (143): not a failure of this script.
  if [ -n "$standin_pid" ]; then kill "$standin_pid" 2>/dev/null; wait "$standin_pid" 2>/dev/null || true; fi
  standin_pid=""
  return 0
}
stop_app_and_display() {
  [ -n "$clip_pid" ] && kill "$clip_pid" 2>/dev/null && wait "$clip_pid" 2>/dev/null
  [ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null && wait "$app_pid" 2>/dev/null
  [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null && wait "$xvfb_pid" 2>/dev/null
  clip_pid="" app_pid="" xvfb_pid=""
  return 0
}
cleanup() {
  stop_app_and_display
  stop_standin
  [ -n "$tools" ] && rm -rf "$tools"
  [ -n "$home" ] && rm -rf "$home"
  return 0
}
trap cleanup EXIT

# The sample and the clipboard helper are built before the display starts:
# go may compile.
tools=$(mktemp -d)
sample=$(cd "$repo" && go run ./scripts/sampletoken)
(cd "$repo" && go build -o "$tools/clipboard" ./scripts/clipboard)
# The "system browser": the demo browser, leaving a mark when it is done.
cat >"$tools/xdg-open" <<EOF
#!/usr/bin/env bash
"$repo/scripts/demo-browser.sh" "\$@"
rc=\$?
touch "\$SSOLENS_SCREENSHOT_MARK"
exit \$rc
EOF
chmod +x "$tools/xdg-open"

# A STAND-IN for Neo4j, NOT Neo4j (none can run here): a loopback server
# answering the documented shapes of Neo4j's discovery document and of
# SHOW CURRENT USER through the Query API, for the live check's pictures.
# It accepts any bearer token and answers alice with roles [PUBLIC, admin].
cat >"$tools/neo4j-standin.py" <<'STANDIN'
import http.server, json
class StandIn(http.server.BaseHTTPRequestHandler):
    def reply(self, status, doc):
        body = json.dumps(doc).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def do_GET(self):
        host = self.headers.get("Host")
        self.reply(200, {"bolt_direct": "bolt://localhost:7687", "bolt_routing": "neo4j://localhost:7687",
            "query": "http://%s/db/{databaseName}/query/v2" % host, "neo4j_version": "2026.03.0-stand-in",
            "neo4j_edition": "enterprise", "auth_config": {"oidc_providers": [{"id": "demo", "name": "SSO Lens demo",
            "auth_flow": "pkce", "auth_endpoint": "http://127.0.0.1:9876/authorize", "token_endpoint": "http://127.0.0.1:9876/token",
            "well_known_discovery_uri": "http://127.0.0.1:9876/.well-known/openid-configuration", "params": {"client_id": "neo4j-browser", "response_type": "code", "scope": "openid profile email"}}]}})
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        if not self.headers.get("Authorization", "").startswith("Bearer "):
            return self.reply(401, {"errors": [{"code": "Neo.ClientError.Security.Unauthorized", "message": "Invalid credential."}]})
        self.reply(202, {"data": {"fields": ["user", "roles", "passwordChangeRequired", "suspended", "home"],
            "values": [["alice", ["PUBLIC", "admin"], False, False, None]]}, "bookmarks": ["FB:kcwQ"]})
    def log_message(self, *args):
        pass
srv = http.server.HTTPServer(("127.0.0.1", 0), StandIn)
print(srv.server_address[1], flush=True)
srv.serve_forever()
STANDIN
python3 -u "$tools/neo4j-standin.py" >"$tools/standin.port" &
standin_pid=$!
for _ in $(seq 50); do [ -s "$tools/standin.port" ] && break; sleep 0.1; done
[ -s "$tools/standin.port" ] || { echo "screenshot: the Neo4j stand-in did not start" >&2; exit 1; }
neo4j_url=http://127.0.0.1:$(head -n1 "$tools/standin.port")

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

  # A fresh HOME: no profiles or preferences of whoever runs this, so the
  # window opens on its first run. The sample's issuer is not reachable
  # from here: no online verification of the paste box (the demo sign-in
  # still verifies against the demo provider's keys).
  rm -rf "$home" && mkdir -p "$home"
  HOME="$home" XDG_CONFIG_HOME="$home/.config" PATH="$tools:$PATH" SSOLENS_OFFLINE=1 \
    NEO4J_URL="$neo4j_url" SSOLENS_SCREENSHOT_MARK="$mark" "$bin" >"$out/app.log" 2>&1 &
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

# shot NAME [DELAY] [same-ok]: let the window draw, then save the screen. A shot
# whose view (below the verdict bar, whose expiry ticks every second) is
# the same as the one before means the keys have not taken effect yet: it
# is taken again, for up to 8 s (a busy machine redraws slowly), and then
# it fails.
shot() {
  sleep "${2:-1.2}"
  import -window root "$out/$1.png"
  if [ "${#shots[@]}" -gt 0 ]; then
    prev=$out/${shots[-1]}.png
    for _ in $(seq "$([ "${3:-}" = same-ok ] && echo 2 || echo 16)"); do
      convert "$prev" -crop "${w}x$((h - 220))+0+220" +repage "$tools/prev.png"
      convert "$out/$1.png" -crop "${w}x$((h - 220))+0+220" +repage "$tools/this.png"
      diff=$(compare -metric AE "$tools/prev.png" "$tools/this.png" null: 2>&1 || true)
      [ "${diff%% *}" = "0" ] || break
      sleep 0.5
      import -window root "$out/$1.png"
    done
    # A scrolled shot may be the same: at a large size the view fits.
    if [ "${diff%% *}" = "0" ] && [ "${3:-}" != same-ok ]; then
      echo "screenshot: $size: $1.png is the same as ${shots[-1]}.png: the keys had no effect" >&2
      exit 1
    fi
  fi
  shots+=("$1")
}

# scroll N: N steps of the mouse wheel down over the tab's content.
scroll() {
  xdotool mousemove --window "$win" $((w * 2 / 3)) $((h / 2))
  xdotool click --repeat "$1" --delay 30 5
}

# key KEYS: a keyboard shortcut, with the pointer on the window's title
# bar so the window has the keyboard and no entry has the focus.
key() {
  xdotool mousemove --window "$win" $((w / 2)) 12
  xdotool key --window "$win" "$@"
}

for size in $sizes; do
  out=$outroot/$size
  mkdir -p "$out"
  rm -f "$out"/*.png
  home=$(mktemp -d)
  mark=$home/signed-in
  shots=()
  win=""
  for attempt in 1 2 3; do
    start_display_and_app && break
    echo "screenshot: $size: attempt $attempt: no window named \"SSO Lens\"; app output:" >&2
    sed 's/^/  /' "$out/app.log" | head -n 5 >&2
    stop_app_and_display
  done
  if [ -z "$win" ]; then
    echo "screenshot: $size: no window named \"SSO Lens\" appeared after 3 attempts" >&2
    exit 1
  fi

  # Fill the screen (there is no window manager to do it), then let it draw.
  w=${size%x*} h=${size#*x}
  # The first request can come before the window is ready: ask until it
  # has the size, and fail rather than screenshot a part of the screen.
  sized=""
  for _ in $(seq 20); do
    xdotool windowmove "$win" 0 0
    xdotool windowsize "$win" "$w" "$h"
    sleep 0.5
    if xwininfo -id "$win" | grep -q "Width: $w\$" && xwininfo -id "$win" | grep -q "Height: $h\$"; then
      sized=1
      break
    fi
  done
  [ -n "$sized" ] || { echo "screenshot: $size: the window never took the size $size" >&2; exit 1; }
  xdotool mousemove --window "$win" $((w / 2)) 12 click 1
  shot inspect-empty 2

  # Ctrl+V with nothing focused: the window routes the text (a token
  # response) to the Inspect tab.
  printf %s "$sample" | "$tools/clipboard" &
  clip_pid=$!
  sleep 0.5
  key ctrl+v
  shot inspect 2.5 # the debounce, the decode and a redraw

  # Ctrl+L: a new sign-in with the selected provider, the built-in demo.
  key ctrl+l
  for _ in $(seq 80); do [ -e "$mark" ] && break; sleep 0.25; done
  [ -e "$mark" ] || { echo "screenshot: $size: the demo sign-in never reached the browser (see $out/app.log)" >&2; exit 1; }
  # The code exchange, verification and prediction: done when the verdict
  # bar and the tabs (below the menu and the app bar) are no longer the
  # paste's (the sign-in opens on the Neo4j tab), for up to 30 s on a busy
  # machine.
  convert "$out/inspect.png" -crop "${w}x100+0+85" +repage "$tools/before.png"
  for _ in $(seq 60); do
    import -window root -crop "${w}x100+0+85" +repage "$tools/after.png"
    diff=$(compare -metric AE "$tools/before.png" "$tools/after.png" null: 2>&1 || true)
    [ "${diff%% *}" != "0" ] && break
    sleep 0.5
  done
  sleep 2

  key ctrl+2
  shot tokens
  key ctrl+3
  shot verification
  key ctrl+4
  shot neo4j
  key ctrl+5
  shot findings
  key ctrl+6
  shot timeline
  key ctrl+7
  shot config
  scroll 40
  shot snippets 1.2 same-ok
  key ctrl+k
  scroll 12
  shot live 3 # the stand-in answers at once
  scroll 10
  shot live-result 1.2 same-ok
  scroll 20
  shot neo4j-whatif 1.2 same-ok # the what-if editor under the roles

  key ctrl+shift+p
  sleep 1 # presenter mode redraws every view
  key ctrl+2
  shot presenter-tokens 2
  key ctrl+3
  shot presenter-verification
  key ctrl+4
  shot presenter-neo4j
  scroll 6
  shot presenter-live 1.2 same-ok
  key ctrl+5
  shot presenter-findings
  key ctrl+6
  shot presenter-timeline
  key ctrl+7
  shot presenter-config
  key ctrl+1
  shot presenter-inspect

  stop_app_and_display
  rm -rf "$home"
  home=""

  for f in "${shots[@]}"; do
    png=$out/$f.png
    [ -s "$png" ] || { echo "screenshot: $png is missing" >&2; exit 1; }
    bytes=$(stat -c %s "$png")
    colours=$(identify -format '%k' "$png")
    if [ "$bytes" -lt 20000 ] || [ "$colours" -lt 16 ]; then
      echo "screenshot: $png looks blank ($bytes bytes, $colours colours)" >&2
      exit 1
    fi
    echo "screenshot: $png ($bytes bytes, $colours colours)"
  done
  # The contact sheet: every view of this size on one PNG, labelled.
  # ImageMagick's default font (Helvetica) is often missing: name a file.
  font=$(fc-match -f '%{file}' sans 2>/dev/null || true)
  (cd "$out" && montage ${font:+-font "$font"} -label '%t' "${shots[@]/%/.png}" -tile 4x -geometry 480x+6+6 -title "SSO Lens $size" contact.png)
  echo "screenshot: $out/contact.png"
done
