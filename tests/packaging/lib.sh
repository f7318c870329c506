# Shared by the packaging checks (sourced): where the packages are, and how to unpack them.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/../common/peertools.sh"

: "${INGRESS_PACKAGES:?run through CTest}" "${INGRESS_VERSION:?}" "${INGRESS_SOURCE_DIR:?}"
deb=$(ls "$INGRESS_PACKAGES"/ingress-studio_*.deb)
rpm=$(ls "$INGRESS_PACKAGES"/ingress-studio-*.rpm)
tgz=$(ls "$INGRESS_PACKAGES"/ingress-studio-*.tar.gz)
app_id=org.ingressstudio.IngressStudio

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
pass() { echo "ok: $*"; }
# Ends the script: 0 when every check passed.
finish() {
    if ((failures)); then echo "$failures check(s) failed" >&2; exit 1; fi
    echo "all checks passed"
}

# The .deb's files, unpacked under $work/deb (as installed: $work/deb/usr/...).
unpack_deb() {
    [ -d "$work/deb" ] || dpkg-deb -x "$deb" "$work/deb"
}
