#!/usr/bin/env bash
# Make sure the Debian packages named as arguments are installed. As root on Debian,
# missing ones are installed (one `apt-get update` first); otherwise we say what's missing
# and the tests that need them skip loudly (or fail with REQUIRE_BROWSER=1).
set -u
missing=()
for package in "$@"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  exit $?
fi
echo "WARNING: missing Debian packages: ${missing[*]} (browser tests will be skipped)" >&2
exit 0
