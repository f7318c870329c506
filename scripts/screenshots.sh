#!/usr/bin/env bash
# Takes the screenshots in docs/screenshots/ with the app's own --screenshot option, under a
# virtual X server so that fonts, styles and the window frame are those of a real desktop.
# Usage: scripts/screenshots.sh [BUILD_DIR]   (default: build/gui)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-$here/build/gui}"
app="$build/bin/ingress-studio"
out="$here/docs/screenshots"

if [[ ! -x "$app" ]]; then
    echo "screenshots: $app not built (cmake --build $build --target ingress-studio)" >&2
    exit 1
fi
if ! command -v xvfb-run >/dev/null; then
    echo "screenshots: installing xvfb" >&2
    apt-get install -y --no-install-recommends xvfb xauth >/dev/null
fi
mkdir -p "$out"

# A fresh profile each time: no recent files, no saved layout, no autosave to recover.
profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT

shot() {
    local name="$1"; shift
    XDG_CONFIG_HOME="$profile/config" XDG_DATA_HOME="$profile/data" \
        timeout 60 xvfb-run -a -s "-screen 0 1440x900x24" \
        "$app" --screenshot "$out/$name.png" "$@" 2>/dev/null
    echo "screenshots: $out/$name.png"
}

shot example "$here/examples/shop.yaml"
shot empty --new
shot selected-host --select abc.bar.com "$here/examples/shop.yaml"
shot proxy-running --start-proxy "$here/examples/shop.yaml"
