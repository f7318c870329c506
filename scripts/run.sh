#!/usr/bin/env bash
# Installs what is missing, builds (release) and starts the desktop app on the bundled example.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh build
cmake --preset release >/dev/null
cmake --build --preset release --target ingress-studio
exec build/release/bin/ingress-studio examples/shop.yaml "$@"
