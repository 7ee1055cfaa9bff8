#!/usr/bin/env bash
# Installs the Debian packages the tests use, if they are missing:
#   chromium (browser tests), libxml2-utils (xmllint), jing (RELAX NG for Atom),
#   newsboat and python3-feedparser (real feed readers), a Java runtime (jing, vnu).
# Safe to run again: it installs only what is absent. Needs root or sudo.
set -euo pipefail

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v xmllint >/dev/null 2>&1 || missing+=(libxml2-utils)
command -v jing >/dev/null 2>&1 || missing+=(jing)
command -v newsboat >/dev/null 2>&1 || missing+=(newsboat)
/usr/bin/python3 -c 'import feedparser' >/dev/null 2>&1 || missing+=(python3-feedparser)
command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)

if [ ${#missing[@]} -eq 0 ]; then
  echo "test dependencies: all present"
  exit 0
fi
echo "test dependencies: installing ${missing[*]}"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
