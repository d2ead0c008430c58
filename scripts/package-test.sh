#!/usr/bin/env bash
# Build the PyInstaller bundle and the .deb, install the package, and test the INSTALLED
# desk (not the source). CI runs this as root: the .deb is installed with dpkg -i (and
# removed again at the end unless KEEP_INSTALLED=1). Not root: the package is extracted
# with dpkg-deb -x into a temporary root and tested there.
#
#   bash scripts/package-test.sh            # needs .venv (make setup) and pyinstaller in it
set -euo pipefail
cd "$(dirname "$0")/.."
export QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}"

VENV=.venv
[ -x "$VENV/bin/pyinstaller" ] || "$VENV/bin/pip" install -q 'pyinstaller>=6.10,<7'

echo "== bundle (PyInstaller)"
t0=$(date +%s)
"$VENV/bin/pyinstaller" --noconfirm --clean --log-level WARN build.spec
echo "bundle: $(du -sh dist/operator-desk | cut -f1) in $(( $(date +%s) - t0 )) s"

echo "== .deb"
DEB="$(bash packaging/deb/build-deb.sh dist/operator-desk dist)"
echo "package: $DEB ($(du -h "$DEB" | cut -f1))"
dpkg-deb --info "$DEB" | sed -n '/Package:/,/Description:/p'

WORK="$(mktemp -d)"
cleanup() {
    if [ "${INSTALLED:-0}" = 1 ] && [ "${KEEP_INSTALLED:-0}" != 1 ]; then
        dpkg --purge operator-desk >/dev/null || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT

echo "== install"
if [ "$(id -u)" -eq 0 ]; then
    # apt-get resolves the Depends from the archive; dpkg -i alone if apt cannot run (offline CI
    # with the dependencies preinstalled by scripts/setup-system.sh).
    if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "./$DEB" >/dev/null 2>&1; then
        dpkg -i "$DEB"
    fi
    INSTALLED=1
    PREFIX=""
else
    dpkg-deb -x "$DEB" "$WORK/root"
    # dpkg-deb -x keeps the absolute symlink /usr/bin/operator-desk -> /opt/...; repoint it.
    ln -sfn "$WORK/root/opt/operator-desk/operator-desk" "$WORK/root/usr/bin/operator-desk"
    PREFIX="$WORK/root"
fi
DESK="$PREFIX/usr/bin/operator-desk"

for f in /opt/operator-desk/operator-desk /usr/share/applications/operator-desk.desktop \
         /usr/share/icons/hicolor/256x256/apps/operator-desk.png \
         /etc/xdg/operator-desk/operator-desk.toml.example; do
    [ -e "$PREFIX$f" ] || { echo "package-test: $f is missing" >&2; exit 1; }
done
if command -v desktop-file-validate >/dev/null; then
    desktop-file-validate "$PREFIX/usr/share/applications/operator-desk.desktop"
fi

echo "== the installed desk"
# Nothing of the source tree may leak in: run from an empty folder with a clean environment.
cd "$WORK"
export OPERATOR_DESK_LOG_DIR="$WORK/log" OPERATOR_DESK_USER_CONFIG="$WORK/user.toml" HOME="$WORK/home"
unset OPERATOR_DESK_LIBRARY PYTHONPATH VIRTUAL_ENV
mkdir -p "$HOME"
"$DESK" --version
"$DESK" library validate
"$DESK" library route 8-800-555-35-35 | grep -qx taxi-bystro
"$DESK" settings example | grep -q '^\[sip\]'
{ "$DESK" records export --profile nobody 2>&1 || true; } | grep -q "no records yet"
# The floor's driver and the system's libpq load in the bundle: a server that is not there
# is "unreachable" (exit 4), not a missing module.
set +e
"$DESK" floor agents --database "postgresql://desk@127.0.0.1:1/floor?connect_timeout=2" >"$WORK/floor.out" 2>&1
floor_rc=$?
set -e
[ "$floor_rc" -eq 4 ] || { cat "$WORK/floor.out" >&2; echo "package-test: floor commands do not work in the bundle (exit $floor_rc)" >&2; exit 1; }
OPERATOR_DESK_MACHINE_CONFIG="$PREFIX/etc/xdg/operator-desk/operator-desk.toml.example" "$DESK" settings check
# The whole desk, offscreen: library, window, engine on loopback, one call from the demo
# caller (answered, popped, ended).
"$DESK" --self-test
"$DESK" studio --self-test
# And started as an operator starts it: the window and the engine get ready.
"$DESK" --event-log "$WORK/events.jsonl" --sip-listen 127.0.0.1:25090 >"$WORK/desk.out" 2>&1 &
desk_pid=$!
for _ in $(seq 1 300); do
    grep -q desk_ready "$WORK/events.jsonl" 2>/dev/null && break
    kill -0 "$desk_pid" 2>/dev/null || break
    sleep 0.1
done
kill "$desk_pid" 2>/dev/null || true
wait "$desk_pid" 2>/dev/null || true
grep -q desk_ready "$WORK/events.jsonl" 2>/dev/null || { cat "$WORK/desk.out" >&2; echo "package-test: the installed desk did not get ready" >&2; exit 1; }
echo "desk ready: $(grep -o '"startup_ms": [0-9.]*' "$WORK/events.jsonl")"

echo "package-test: OK"
