#!/usr/bin/env bash
# make dist-check (run by make dist): tests the artefacts in build/dist/ as a
# user gets them.
#
#   - sha256sum -c SHA256SUMS passes, and it lists every artefact;
#   - file says each binary is for the OS and architecture its name says
#     (and the desktop .exe is a GUI-subsystem PE, the CLI ones console);
#   - no binary holds a local path (the checkout, GOPATH, GOROOT, HOME, the
#     build's temporary directories);
#   - the Linux CLI says its version (--json: the version in its name, CLI
#     only) and inspects a sample token (scripts/sampletoken);
#   - the Linux desktop tarball unpacks, its own Makefile installs it into a
#     temporary prefix (make install PREFIX=…) and a temporary home (make
#     user-install), and the installed app starts under Xvfb to a first
#     frame (bench/gui.sh);
#   - the Windows CLI runs version and inspect under wine64 (Debian's, which
#     it installs when missing); where wine cannot be had, it says so, and
#     the PE headers are checked either way (subsystem, and the desktop
#     .exe's icon, manifest and version resource).
#
#   scripts/dist-check.sh [DIR]     DIR defaults to build/dist
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
export PATH=$PATH:/usr/local/go/bin
out=$(realpath "${1:-$repo/build/dist}")
cd "$out"
linux_cli=$(ls ssolens-cli-*-linux-amd64 2>/dev/null | head -n1)
[ -n "$linux_cli" ] || { echo "dist-check: no ssolens-cli-*-linux-amd64 in $out (run make dist)" >&2; exit 1; }
version=${linux_cli#ssolens-cli-}
version=${version%-linux-amd64}

failures=0
fail() { echo "dist-check: FAIL: $*" >&2; failures=$((failures + 1)); }
ok() { echo "dist-check: ok: $*"; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ssolens-dist-check.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# Checksums.
if sha256sum -c --quiet SHA256SUMS; then ok "sha256sum -c SHA256SUMS"; else fail "sha256sum -c SHA256SUMS"; fi
for f in ssolens-*; do
  grep -q "  $f\$" SHA256SUMS || fail "$f is not in SHA256SUMS"
done

# The desktop package, unpacked: its binary is checked with the others.
desktop_tar=ssolens-desktop-$version-linux-amd64.tar.xz
desktop_exe=ssolens-desktop-$version-windows-amd64.exe
mkdir -p "$tmp/unpacked"
tar -xJf "$desktop_tar" -C "$tmp/unpacked"
pkgdir=$tmp/unpacked/ssolens
desktop_bin=$pkgdir/usr/local/bin/ssolens

# Each binary's OS and architecture, as file(1) reads its headers.
expect_file() { # FILE REGEX
  local desc
  desc=$(file -b "$1")
  if [[ $desc =~ $2 ]]; then ok "file $(basename "$1"): ${desc%%, Go BuildID*}"; else fail "file $(basename "$1"): $desc (want /$2/)"; fi
}
cli=ssolens-cli-$version
expect_file "$cli-linux-amd64" '^ELF 64-bit LSB executable, x86-64, .*statically linked'
expect_file "$cli-linux-arm64" '^ELF 64-bit LSB executable, ARM aarch64, .*statically linked'
expect_file "$cli-darwin-amd64" '^Mach-O 64-bit x86_64 executable'
expect_file "$cli-darwin-arm64" '^Mach-O 64-bit arm64 executable'
expect_file "$cli-windows-amd64.exe" '^PE32\+ executable \(console\) x86-64'
expect_file "$cli-windows-arm64.exe" '^PE32\+ executable \(console\) Aarch64'
expect_file "$desktop_exe" '^PE32\+ executable \(GUI\) x86-64'
expect_file "$desktop_bin" '^ELF 64-bit LSB (pie )?executable, x86-64, .*dynamically linked'

# No local paths in any binary (-trimpath, and the C parts too).
before=$failures
local_paths=("$repo" /work/ /root/ "$HOME/" "$(go env GOPATH)/" "$(go env GOMODCACHE)/" "$(go env GOROOT)/"
  ssolens-dist. /go-build fyne-package-)
for f in ssolens-cli-* "$desktop_exe" "$desktop_bin"; do
  args=()
  for p in "${local_paths[@]}"; do args+=(-e "$p"); done
  found=$(strings -a "$f" | grep -F "${args[@]}" | sort -u | head -n 5 || true)
  if [ -n "$found" ]; then fail "$(basename "$f") holds local paths: $found"; fi
done
[ "$failures" -eq "$before" ] && ok "no local paths (${local_paths[*]}) in any binary"

# The sample tokens: a token endpoint response (access token valid for an
# hour, ID token expired three minutes ago) and the access token alone.
(cd "$repo" && go build -o "$tmp/sampletoken" ./scripts/sampletoken)
"$tmp/sampletoken" >"$tmp/response.json"
"$tmp/sampletoken" -form jwt >"$tmp/access.jwt"

# check_cli NAME RUNNER... : version, version --json and inspect through
# RUNNER (the binary itself, or wine64 and the .exe).
check_cli() {
  local name=$1
  shift
  local text json said code=0
  text=$("$@" version 2>"$tmp/stderr") || { fail "$name version: exit $?: $(head -c 300 "$tmp/stderr")"; return; }
  text=${text//$'\r'/}
  [[ $text == "ssolens $version"$'\n'* ]] || fail "$name version says: $text"
  [[ $text == *"build    command line only"* ]] || fail "$name version does not say it is CLI-only: $text"
  json=$("$@" version --json 2>/dev/null | tr -d '\r') || fail "$name version --json: exit $?"
  python3 -c 'import json,sys; d=json.load(sys.stdin); v=sys.argv[1]
assert d["version"]==v and d["gui"] is False and len(d["commit"])==40 and d["build_date"], d' "$version" <<<"$json" ||
    fail "$name version --json: $json"
  said=$("$@" inspect @"$tmp/access.jwt" 2>&1 | tr -d '\r') || code=$?
  if [ "$code" -ne 0 ] || [[ $said != *RS256* ]] || [[ $said != *alice* ]]; then
    fail "$name inspect of the sample access token: exit $code: $(head -c 600 <<<"$said")"
  fi
  code=0
  said=$("$@" inspect @"$tmp/response.json" 2>&1 | tr -d '\r') || code=$?
  # The response's ID token has expired: an error finding, exit 1.
  if [ "$code" -ne 1 ] || [[ $said != *"2 tokens"* ]] || [[ $said != *expired* ]]; then
    fail "$name inspect of the sample token response: exit $code (want 1: the ID token has expired): $(head -c 600 <<<"$said")"
  fi
  ok "$name: version, version --json, inspect (a valid access token: exit 0; a response with an expired ID token: exit 1)"
}
check_cli "Linux CLI" "./$cli-linux-amd64"

# The Linux desktop package: its layout, its Makefile's install into a
# temporary prefix and home, the installed app's version and first frame.
for f in Makefile usr/local/bin/ssolens usr/local/share/applications/io.github.ssolens.desktop usr/local/share/pixmaps/io.github.ssolens.png; do
  [ -e "$pkgdir/$f" ] || fail "$desktop_tar has no $f"
done
prefix=$tmp/prefix
before=$failures
make -s -C "$pkgdir" install PREFIX="$prefix" >/dev/null
make -s -C "$pkgdir" user-install HOME="$tmp/home" >/dev/null
for f in "$prefix/bin/ssolens" "$prefix/share/applications/io.github.ssolens.desktop" "$prefix/share/pixmaps/io.github.ssolens.png" \
  "$tmp/home/.local/bin/ssolens" "$tmp/home/.local/share/applications/io.github.ssolens.desktop" "$tmp/home/.local/share/icons/io.github.ssolens.png"; do
  [ -e "$f" ] || fail "the package's Makefile did not install ${f#"$tmp"/}"
done
entry=$(cat "$prefix/share/applications/io.github.ssolens.desktop")
for line in "Name=SSO Lens" "Exec=ssolens" "Icon=io.github.ssolens" "Comment=What does my identity provider send, and what will Neo4j make of it?" "Categories=Development;Network;"; do
  grep -qxF "$line" <<<"$entry" || fail "the .desktop entry has no line $line: $entry"
done
grep -qxF "Exec=$tmp/home/.local/bin/ssolens" "$tmp/home/.local/share/applications/io.github.ssolens.desktop" ||
  fail "user-install's .desktop entry does not run ~/.local/bin/ssolens"
[ "$failures" -eq "$before" ] && ok "desktop package: make install PREFIX=… and make user-install put the binary, the .desktop entry and the icon in place"
json=$("$prefix/bin/ssolens" version --json) || fail "installed desktop app: version --json: exit $?"
python3 -c 'import json,sys; d=json.load(sys.stdin)
assert d["version"]==sys.argv[1] and d["gui"] is True, d' "$version" <<<"$json" || fail "installed desktop app: version --json: $json"
if frame=$("$repo/bench/gui.sh" "$prefix/bin/ssolens" 1 "$tmp/gui" 2>&1); then
  ok "installed desktop app starts under Xvfb: $(grep -o 'first_frame_ms=[0-9]*' <<<"$frame" | head -n1)"
else
  fail "installed desktop app did not reach a first frame under Xvfb: $frame"
fi

# Windows: the PE headers (objdump from mingw-w64's binutils), then wine.
objdump=x86_64-w64-mingw32-objdump
before=$failures
pe=$("$objdump" -p "$desktop_exe")
grep -q 'Subsystem.*(Windows GUI)' <<<"$pe" || fail "$desktop_exe: not the GUI subsystem"
# Resource types: 3 icon, 14 icon group, 16 version, 24 manifest.
for t in 000003 00000e 000010 000018; do
  grep -Eq "^[0-9a-f]+   Entry: ID: 0x$t," <<<"$pe" || fail "$desktop_exe: no resource of type 0x$t (3 icon, e icon group, 10 version, 18 manifest)"
done
# The version resource says FyneApp.toml's version and build, as make dist
# set them: the x.y.z of the latest tag (else FyneApp.toml's) and the
# number of commits.
app_version=$(strings -a -el "$desktop_exe" | grep -A1 -x ProductVersion | tail -n1)
if tag=$(git -C "$repo" describe --tags --abbrev=0 --match 'v[0-9]*.[0-9]*.[0-9]*' 2>/dev/null); then
  want_app=${tag#v}
  want_app=${want_app%%[-+]*}
else
  want_app=$(sed -n 's/^ *Version *= *"\([0-9.]*\)".*/\1/p' "$repo/FyneApp.toml")
fi
want_app+=.$(git -C "$repo" rev-list --count HEAD)
[ "$app_version" = "$want_app" ] || fail "$desktop_exe: ProductVersion $app_version, want $want_app (FyneApp.toml's version and build as make dist set them)"
grep -q 'Subsystem.*(Windows CUI)' < <("$objdump" -p "$cli-windows-amd64.exe") || fail "$cli-windows-amd64.exe: not the console subsystem"
[ "$failures" -eq "$before" ] && ok "PE headers: $desktop_exe is GUI with icon, manifest and version $app_version; the CLI .exe is console"

wine=$(command -v wine64 || command -v wine || true)
[ -z "$wine" ] && [ -x /usr/lib/wine/wine64 ] && wine=/usr/lib/wine/wine64
if [ -z "$wine" ]; then
  echo "dist-check: installing wine64 to run the Windows CLI"
  "$repo/scripts/install-deps.sh" wine64 || true
  [ -x /usr/lib/wine/wine64 ] && wine=/usr/lib/wine/wine64
fi
if [ -n "$wine" ]; then
  export WINEPREFIX=$tmp/wine WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
  # The first start creates the prefix; wineboot asks for no display.
  DISPLAY="" "$wine" wineboot --init >/dev/null 2>&1 || true
  # Go (since 1.22) draws random numbers from ProcessPrng in Windows 10's
  # bcryptprimitives.dll, which Debian 12's Wine 8.0 lacks ("fatal error:
  # bcryptprimitives.dll not found"). A stand-in for this test only: a DLL
  # whose ProcessPrng fills the buffer from RtlGenRandom (advapi32), as
  # Windows' does from its own generator. Wine 9 ships the real one.
  if [ ! -e "$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll" ]; then
    cat >"$tmp/processprng.c" <<'SHIM'
#include <windows.h>
#include <ntsecapi.h>
__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len) {
  while (len > 0) {
    ULONG n = len > 0x40000000 ? 0x40000000 : (ULONG)len;
    if (!RtlGenRandom(data, n)) return FALSE;
    data += n;
    len -= n;
  }
  return TRUE;
}
SHIM
    x86_64-w64-mingw32-gcc -shared -O2 -s -o "$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll" "$tmp/processprng.c" -ladvapi32
    echo "dist-check: wine: a ProcessPrng stand-in for bcryptprimitives.dll (Wine 8.0 has none; Go needs it)"
  fi
  DISPLAY="" check_cli "Windows CLI under $("$wine" --version 2>/dev/null)" "$wine" "./$cli-windows-amd64.exe"
  # The desktop .exe's command line: it loads (every DLL it imports
  # resolves) and says it is the desktop build. Its window needs OpenGL
  # under Wine, which is not tested here.
  json=$(DISPLAY="" "$wine" "./$desktop_exe" version --json 2>/dev/null | tr -d '\r') || fail "Windows desktop .exe under wine: version --json: exit $?"
  if python3 -c 'import json,sys; d=json.load(sys.stdin)
assert d["version"]==sys.argv[1] and d["gui"] is True and d["platform"]=="windows/amd64", d' "$version" <<<"$json"; then
    ok "Windows desktop .exe under wine: version --json says $version, the desktop build"
  else
    fail "Windows desktop .exe under wine: version --json: $json"
  fi
  "$(dirname "$wine")/wineserver" -k 2>/dev/null || wineserver -k 2>/dev/null || true
else
  echo "dist-check: wine is not installable here: the Windows binaries were checked by their PE headers only"
fi

if [ "$failures" -gt 0 ]; then
  echo "dist-check: $failures check(s) failed" >&2
  exit 1
fi
echo "dist-check: every check passed ($(ls ssolens-* | wc -l) artefacts in $out)"
