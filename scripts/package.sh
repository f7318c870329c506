#!/usr/bin/env bash
# Installs what is missing and makes the packages: the .deb, the RPM and the tarball, from one
# CPack setup (packaging/), into build/packages. The same as `cmake --workflow --preset package`
# once the build tools are there. Windows and macOS installers: docs/packaging.md.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh package
cmake --workflow --preset package
echo "Packages:"
ls -1 build/packages/ingress-studio* | grep -v '\.sha256$'
