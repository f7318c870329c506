#!/usr/bin/env bash
# Checks that the README's commands work for a newcomer: in a clean Debian 12 root (debootstrap
# minbase + git, ca-certificates, sudo; scripts/lib/debian-root.sh), a user with sudo clones the
# repository and runs what the README says. A package that only this machine has installed
# shows up here as a failure.
#
#   scripts/check-fresh-root.sh         (CI) install-deps.sh build, configure `release`;
#                                       install-deps.sh test, configure every preset CI uses
#                                       (ci, fuzz); build both programs; run
#                                       `ingress-studio-cli --version`, `validate` on the example
#                                       and the GUI (offscreen) once.
#   scripts/check-fresh-root.sh --full  scripts/test.sh whole in the root, as root (its
#                                       packaging tests make clean roots of their own); slow.
#                                       scripts/test-in-fresh-root.sh says the same.
#
# Needs root. The root is removed afterwards (KEEP_ROOT=1 keeps it and prints where it is).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=lib/debian-root.sh
. "$here/scripts/lib/debian-root.sh"

mode=${1:-check}
case $mode in
check | --full) ;;
*) echo "usage: $0 [--full]" >&2; exit 2 ;;
esac

if [ "$(id -u)" -ne 0 ]; then
    echo "check-fresh-root: needs root (chroot and mounts)" >&2
    exit 2
fi
command -v debootstrap >/dev/null || {
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
}
reason=$(debian_root_unavailable)
[ -z "$reason" ] || { echo "check-fresh-root: $reason" >&2; exit 1; }

root=$(mktemp -d "${TMPDIR:-/tmp}/ingress-fresh-root.XXXXXX")
rmdir "$root"
cleanup() {
    if [ "${KEEP_ROOT:-0}" = 1 ]; then echo "check-fresh-root: root kept in $root" >&2
    else debian_root_remove "$root"; fi
}
trap cleanup EXIT

started=$SECONDS
step() { echo "== check-fresh-root [$((SECONDS - started))s]: $*"; }

step "new root from the cached Debian 12 minbase"
debian_root_create "$root"
user=newcomer
home=/home/$user
debian_root_add_user "$root" "$user"
# A clean clone of what is committed, as a newcomer gets it.
git clone -q --no-local "$here" "$root$home/ingress-studio"
debian_root_run "$root" -- chown -R "$user:$user" "$home/ingress-studio"

if [ "$mode" = --full ]; then
    step "scripts/test.sh, whole"
    debian_root_run "$root" -- bash -c "cd $home/ingress-studio && scripts/test.sh"
    step "passed"
    exit 0
fi

in_clone() {
    debian_root_run "$root" --user "$user" -- bash -c "cd ~/ingress-studio && $*"
}
step "scripts/install-deps.sh build, then the release preset configures"
in_clone "scripts/install-deps.sh build && cmake --preset release >/dev/null"
step "scripts/install-deps.sh test, then every preset CI uses configures"
in_clone "scripts/install-deps.sh test && cmake --preset ci >/dev/null && cmake --preset fuzz >/dev/null"
step "both programs build"
in_clone "cmake --build --preset ci -j $(nproc) --target ingress-studio ingress-studio-cli >/dev/null"
step "they run"
in_clone "build/ci/bin/ingress-studio-cli --version && build/ci/bin/ingress-studio-cli validate examples/shop.yaml"
in_clone "QT_QPA_PLATFORM=offscreen timeout 60 build/ci/bin/ingress-studio --screenshot /tmp/first-start.png \
    --screenshot-delay 2000 examples/shop.yaml && test -s /tmp/first-start.png"
step "passed"
