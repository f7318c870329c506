#!/usr/bin/env bash
# Installs what building, running and testing Ingress Studio needs on Debian 12, and nothing
# when it is already there. Usage: scripts/install-deps.sh [build|test|package]
#
# Every package is named here directly, never reached through another package's Recommends
# (apt runs with --no-install-recommends): what one machine happens to have must not decide
# whether the build works on the next. scripts/check-fresh-root.sh proves it in a clean root.
set -euo pipefail

what=${1:-build}
case $what in
build | test | package) ;;
*) echo "usage: $0 [build|test|package]" >&2; exit 2 ;;
esac

# Build: compiler, CMake, Qt 6 (Widgets, Network, Charts, Svg, Test; Charts' CMake package
# needs OpenGL's, which qt6-base-dev only recommends), QtKeychain, OpenSSL, yaml-cpp. The
# offscreen/xcb platform plugins run the GUI and its tests. apr-util verifies basic auth's
# htpasswd hashes.
packages=(build-essential cmake ninja-build pkg-config
          qt6-base-dev qt6-base-dev-tools libqt6opengl6-dev qt6-charts-dev qt6-svg-dev
          qt6-qpa-plugins qtkeychain-qt6-dev libyaml-cpp-dev libssl-dev openssl libaprutil1-dev)
if [ "$what" = package ] || [ "$what" = test ]; then
    # CPack's generators (dpkg-shlibdeps comes with build-essential's dpkg-dev; rpmbuild).
    packages+=(rpm file)
fi
if [ "$what" = test ]; then
    # Tests talk to real peers and tools: curl, the real nginx/haproxy/caddy for the exporters,
    # a real Secret Service (gnome-keyring under dbus-run-session), Xvfb for screenshots,
    # clang + libFuzzer runtime for the fuzz run, wrk for the benches; the packages are checked
    # with lintian, desktop-file-validate and appstreamcli, the shell completion in bash
    # (bash-completion) and zsh, and the .deb installed into a clean root (debootstrap).
    packages+=(curl python3 nginx haproxy caddy wrk clang libclang-rt-14-dev apache2-utils
               gnome-keyring dbus dbus-x11 libsecret-tools xvfb xauth imagemagick
               lintian desktop-file-utils appstream bash-completion zsh debootstrap)
    if ! command -v npm >/dev/null; then
        # Node runs the official Kubernetes / Gateway API schemas over the exports.
        packages+=(nodejs npm)
    fi
fi

missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
install_schemas() {
    [ "$what" = test ] || return 0
    [ -d tests/export/schema/node_modules ] && return 0
    if ! tests/export/schema/setup.sh >/dev/null; then
        echo "install-deps: npm could not install the schema packages (tests/export/schema)" >&2
        return 1
    fi
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
