#!/usr/bin/env bash
# Installs those of the named Debian packages that are missing (apt-get, with sudo when
# not root); does nothing when all are there. Shared by setup.sh and test-tools.sh.
#
#   Deploy/debian-packages.sh PACKAGE…
set -euo pipefail
missing=()
for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
((${#missing[@]})) || exit 0
echo "debian-packages: installing ${missing[*]}" >&2
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
