#!/usr/bin/env bash
# Installs what `make bench` compares SSO Lens against, only when missing:
# hyperfine (whole-process timing), GNU time (peak RSS), PyJWT for
# Debian's python3, ripgrep,
# and the npm libraries jose and jsonwebtoken (bench/node_modules).
# Idempotent, like scripts/install-deps.sh: apt-get runs only when a
# package is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

pkgs=(hyperfine python3-jwt python3-cryptography ripgrep time)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Node may come from elsewhere than Debian (NodeSource): only its absence
# needs the Debian packages.
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
[ -x /usr/bin/python3 ] || missing+=(python3)
if [ ${#missing[@]} -gt 0 ]; then
  echo "bench-deps: installing ${missing[*]}" >&2
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The npm peers, pinned by bench/package-lock.json.
if [ ! -d bench/node_modules ] || [ bench/package-lock.json -nt bench/node_modules ]; then
  echo "bench-deps: npm ci in bench/" >&2
  npm ci --prefix bench --no-audit --no-fund --loglevel=error >&2
  touch bench/node_modules
fi
