#!/usr/bin/env bash
# Makes the packages of a build folder with its own CPack setup: make-packages.sh BUILD OUT
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../common/peertools.sh"
require_tools cpack dpkg-shlibdeps rpmbuild
build=$1 out=$2
rm -rf "$out"
cd "$build"
cpack -G "DEB;RPM;TGZ" -B "$out"
ls -l "$out"
