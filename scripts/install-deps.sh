#!/usr/bin/env bash
# Installs the Debian packages SSO Lens needs to build the GUI (Fyne's cgo
# build: GL and X11 headers) and to run it headless (Xvfb, screenshot tools;
# python3 for the screenshots' labelled Neo4j stand-in and the snippet checks).
# Idempotent: it only calls apt-get when something is missing.
#
#   scripts/install-deps.sh [PACKAGE...]   the packages named also (make dist
#                                          adds the Windows cross-compiler)
set -euo pipefail

pkgs=(
  gcc pkg-config
  libgl1-mesa-dev libx11-dev libxcursor-dev libxrandr-dev libxinerama-dev
  libxi-dev libxxf86vm-dev libxkbcommon-dev
  xvfb x11-utils xdotool imagemagick curl
  python3
  "$@"
)

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
# Another apt-get (a peer's, unattended upgrades) may hold the lock: wait.
$SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq
$SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
