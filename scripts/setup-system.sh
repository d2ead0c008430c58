#!/usr/bin/env bash
# Installs the Debian packages the desk and its tests need (real SIP peers, a virtual
# display, a sound server, PortAudio, PostgreSQL for the call floor's tests and libpq for
# the desk). Idempotent; skips what is already there.
set -euo pipefail
pkgs=(sip-tester kamailio xvfb xauth pulseaudio pulseaudio-utils libasound2-plugins libportaudio2
      binutils desktop-file-utils xz-utils
      libegl1 libgl1 libxkbcommon-x11-0
      libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0
      libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 libdbus-1-3
      libfontconfig1 fonts-dejavu-core
      libwayland-cursor0   # the bundle's Wayland plugin links it (build-deb.sh: Depends)
      postgresql libpq5)   # the floor: the tests start a throwaway server; psycopg loads libpq
missing=()
for p in "${pkgs[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
echo "installing system packages: ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
