#!/usr/bin/env bash
# Installs what building, running and testing Ingress Studio needs on Debian 12, and nothing
# when it is already there. Usage: scripts/install-deps.sh [build|test]
set -euo pipefail

what=${1:-build}

# Build: compiler, CMake, Qt 6 (Widgets, Network, Charts, Svg, Test), QtKeychain, OpenSSL,
# yaml-cpp. The offscreen/xcb platform plugins run the GUI and its tests.
packages=(build-essential cmake ninja-build pkg-config
          qt6-base-dev qt6-base-dev-tools qt6-charts-dev libqt6svg6-dev qt6-qpa-plugins
          qtkeychain-qt6-dev libyaml-cpp-dev libssl-dev openssl)
if [ "$what" = test ]; then
    # Tests talk to real peers and tools: curl, the real nginx/haproxy/caddy for the exporters,
    # a real Secret Service (gnome-keyring under dbus-run-session), Xvfb for screenshots,
    # clang + libFuzzer runtime for the fuzz run, wrk for the benches.
    packages+=(curl python3 nginx haproxy caddy wrk clang libclang-rt-14-dev
               gnome-keyring dbus dbus-x11 libsecret-tools xvfb xauth imagemagick)
fi

if [ "$what" = test ] && ! command -v npm >/dev/null; then
    # Node runs the official Kubernetes / Gateway API schemas over the exports.
    packages+=(nodejs npm)
fi

missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
install_schemas() {
    [ "$what" = test ] || return 0
    [ -d tests/export/schema/node_modules ] && return 0
    tests/export/schema/setup.sh >/dev/null ||
        echo "warning: npm could not install the schema packages; the schema test will skip" >&2
}
cd "$(dirname "$0")/.."

if ((${#missing[@]} == 0)); then
    install_schemas
    exit 0
fi

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "Installing: ${missing[*]}"
$sudo apt-get update -qq
# Services that packages start on install (nginx on :80) are not needed: tests start their own.
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
install_schemas
