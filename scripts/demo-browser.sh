#!/usr/bin/env bash
# Plays the system browser for the screenshots (installed as xdg-open on the
# screenshot's PATH): it follows the authorization URL to the demo
# provider's login page, signs in as alice, and follows the redirect back to
# the app's loopback listener, as a person clicking in a browser would.
set -euo pipefail
url="$1"
user="${SSOLENS_DEMO_USER:-alice}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
final=$(curl -s -L -c "$work/jar" -b "$work/jar" -o "$work/login.html" -w '%{url_effective}' "$url")
base=${final%%/login*}
id=$(grep -o 'name="authRequestID" value="[^"]*"' "$work/login.html" | head -n1 | sed 's/.*value="//; s/"$//')
[ -n "$id" ] || { echo "demo-browser: no login form at $final" >&2; exit 1; }
curl -s -L -c "$work/jar" -b "$work/jar" -o /dev/null --data-urlencode "authRequestID=$id" --data-urlencode "user=$user" "$base/login"
