#!/usr/bin/env bash
# Build dist/operator-desk_<version>_amd64.deb from the PyInstaller bundle dist/operator-desk/.
#
#   .venv/bin/pyinstaller --noconfirm --clean build.spec     # first: the bundle
#   bash packaging/deb/build-deb.sh [BUNDLE_DIR] [OUT_DIR]
#
# Layout of the package:
#   /opt/operator-desk/                      the one-folder bundle
#   /usr/bin/operator-desk                   -> /opt/operator-desk/operator-desk
#   /usr/share/applications/operator-desk.desktop
#   /usr/share/icons/hicolor/{256x256,scalable}/apps/operator-desk.{png,svg}
#   /etc/xdg/operator-desk/operator-desk.toml.example   (`operator-desk settings example`)
# The machine-wide settings file itself (/etc/xdg/operator-desk/operator-desk.toml) is IT's:
# the package never ships or overwrites it (see packaging/README.md).
#
# Needs only dpkg-deb (package dpkg) and binutils' objdump; no root (--root-owner-group).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
BUNDLE="${1:-$ROOT/dist/operator-desk}"
OUT="${2:-$ROOT/dist}"
NAME=operator-desk
ARCH="$(dpkg --print-architecture 2>/dev/null || echo amd64)"

[ -x "$BUNDLE/$NAME" ] || { echo "build-deb: no bundle at $BUNDLE (run pyinstaller build.spec)" >&2; exit 1; }
VERSION="$("$BUNDLE/$NAME" --version | awk '{print $2}')"
[ -n "$VERSION" ] || { echo "build-deb: could not read the version from the bundle" >&2; exit 1; }

STAGE="$(mktemp -d)"
trap 'rm -rf "$STAGE"' EXIT
PKG="$STAGE/pkg"
mkdir -p "$PKG/DEBIAN" "$PKG/opt" "$PKG/usr/bin" "$PKG/usr/share/applications" \
         "$PKG/usr/share/icons/hicolor/256x256/apps" "$PKG/usr/share/icons/hicolor/scalable/apps" \
         "$PKG/etc/xdg/$NAME" "$PKG/usr/share/doc/$NAME"

cp -a "$BUNDLE" "$PKG/opt/$NAME"
ln -s "/opt/$NAME/$NAME" "$PKG/usr/bin/$NAME"
install -m 644 "$ROOT/resources/icons/operator-desk.png" "$PKG/usr/share/icons/hicolor/256x256/apps/$NAME.png"
install -m 644 "$ROOT/resources/icons/operator-desk.svg" "$PKG/usr/share/icons/hicolor/scalable/apps/$NAME.svg"
install -m 644 "$ROOT/packaging/deb/operator-desk.desktop" "$PKG/usr/share/applications/$NAME.desktop"
install -m 644 "$ROOT/packaging/README.md" "$PKG/usr/share/doc/$NAME/README.md"
# The example is what this very build prints, so it always matches the shipped settings.
OPERATOR_DESK_LOG_DIR="$STAGE/log" "$BUNDLE/$NAME" settings example > "$PKG/etc/xdg/$NAME/$NAME.toml.example"
chmod 644 "$PKG/etc/xdg/$NAME/$NAME.toml.example"

# Dependencies: the system libraries the bundle links but does not carry (found with ldd,
# mapped to packages with dpkg -S; build.spec leaves the distribution's own libraries out of
# the bundle), libpulse (loaded with ctypes when a PulseAudio server runs), PortAudio (the
# fallback; left to the system so it matches its ALSA and PulseAudio plugins), libpq (psycopg
# loads it with ctypes to reach the call floor's PostgreSQL), D-Bus (Qt
# loads it when it needs it: the tray), fontconfig (its configuration and fonts), and the
# glibc it was built on.
# dpkg knows a file by the path its package ships it at: with merged /usr, a library found
# in /usr/lib/<arch> may be listed as /lib/<arch> (zlib, D-Bus, libgcc on Debian 12).
package_of() {
    local real
    real="$(readlink -f "$1")"
    for candidate in "$real" "${real#/usr}" "$1"; do
        dpkg -S "$candidate" 2>/dev/null | grep -v '^diversion by' | head -n1 | cut -d: -f1 \
            | grep . && return 0
    done
    return 0
}
find "$BUNDLE" \( -type f -o -type l \) -name '*.so*' -printf '%f\n' | sort -u > "$STAGE/bundled"
# A library the bundle links that is neither bundled nor installed here cannot be named
# in Depends: stop rather than ship a package whose plugin fails on the operator's PC.
unresolved="$(find "$BUNDLE" -type f -name '*.so*' -print0 | xargs -0 -n 50 ldd 2>/dev/null \
              | awk '/=> not found/ {print $1}' | sort -u | grep -vxFf "$STAGE/bundled" || true)"
if [ -n "$unresolved" ]; then
    echo "build-deb: the bundle links libraries this machine does not have, so Depends cannot" >&2
    echo "name their packages; install them (scripts/setup-system.sh lists them): $unresolved" >&2
    exit 1
fi
deps="$(find "$BUNDLE" -type f \( -name '*.so*' -o -name "$NAME" \) -print0 \
        | xargs -0 -n 50 ldd 2>/dev/null | awk '/=>/ && $3 ~ /^\// {print $1, $3}' | sort -u \
        | while read -r lib path; do
              grep -qxF "$lib" "$STAGE/bundled" && continue
              case "$lib" in libc.so*|libm.so*|libpthread.so*|libdl.so*|librt.so*|ld-linux*) continue;; esac
              package_of "$path"
          done | sort -u | tr '\n' ' ')"
glibc="$(find "$BUNDLE" -type f \( -name '*.so*' -o -name "$NAME" \) -print0 \
         | xargs -0 objdump -T 2>/dev/null | grep -o 'GLIBC_[0-9.]*' | sed 's/GLIBC_//' | sort -Vu | tail -n1)"
depends="libc6 (>= ${glibc:-2.36})"
for d in $deps libportaudio2 libpulse0 libpq5 libdbus-1-3 libfontconfig1 libegl1 libgl1 libxcb1; do
    case ", $depends, " in *", $d, "*|*", $d ("*) ;; *) depends="$depends, $d";; esac
done

installed_kb="$(du -sk --exclude=DEBIAN "$PKG" | cut -f1)"
cat > "$PKG/DEBIAN/control" <<EOF
Package: $NAME
Version: $VERSION
Architecture: $ARCH
Maintainer: Operator Desk maintainers <operator-desk@localhost>
Section: comm
Priority: optional
Installed-Size: $installed_kb
Depends: $depends
Recommends: gnome-keyring | kwalletmanager | keepassxc, pulseaudio | pipewire-pulse, pulseaudio-utils
Description: softphone for call-centre operators serving many client companies
 Operator Desk answers the hotlines of many client companies: when a call rings it
 shows whose hotline was dialed, the greeting, the question tree with ready answers,
 and the buttons to transfer the call or take a callback request.
 .
 IT configures it machine-wide in /etc/xdg/operator-desk/operator-desk.toml (an
 example with every key is installed next to it); passwords stay in the keyring.
EOF
echo "/etc/xdg/$NAME/$NAME.toml.example" > "$PKG/DEBIAN/conffiles"
cat > "$PKG/DEBIAN/postinst" <<'EOF'
#!/bin/sh
set -e
if [ "$1" = configure ]; then
    command -v update-desktop-database >/dev/null && update-desktop-database -q /usr/share/applications || true
    command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q -t -f /usr/share/icons/hicolor || true
fi
exit 0
EOF
cp "$PKG/DEBIAN/postinst" "$PKG/DEBIAN/postrm"
sed -i 's/if \[ "$1" = configure \]; then/if [ "$1" = remove ] || [ "$1" = purge ]; then/' "$PKG/DEBIAN/postrm"
chmod 755 "$PKG/DEBIAN/postinst" "$PKG/DEBIAN/postrm"

mkdir -p "$OUT"
DEB="$OUT/${NAME}_${VERSION}_${ARCH}.deb"
dpkg-deb --root-owner-group -Zxz --build "$PKG" "$DEB" >/dev/null
echo "$DEB"
echo "build-deb: $(du -h "$DEB" | cut -f1) package, ${installed_kb} KiB installed; Depends: $depends" >&2
