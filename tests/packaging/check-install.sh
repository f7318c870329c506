#!/usr/bin/env bash
# The .deb as a user installs it: into a clean Debian 12 root (scripts/lib/debian-root.sh) with
# `apt-get install ./file.deb`, which must find every dependency; both programs run there (the
# CLI's --version and validate on the installed example, the GUI on the offscreen platform for
# a few seconds, as a user); then `apt-get purge` and nothing of the package is left.
. "$(dirname "$0")/lib.sh"
. "$INGRESS_SOURCE_DIR/scripts/lib/debian-root.sh"
require_tools dpkg-deb unshare
reason=$(debian_root_unavailable)
[ -z "$reason" ] || skip_or_fail "$reason"

root=$work/root
trap 'debian_root_remove "$root"; rm -rf "$work"' EXIT
debian_root_create "$root"
debian_root_add_user "$root" admin
name=$(basename "$deb")
cp "$deb" "$root/tmp/$name"
in_root() { debian_root_run "$root" -- "$@"; }
as_user() { debian_root_run "$root" --user admin -- "$@"; }

in_root apt-get update -qq
in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "/tmp/$name" >"$work/install.log" 2>&1 || {
    tail -n 30 "$work/install.log" >&2
    fail "apt-get install ./$name"
    finish
}
pass "apt-get install ./$name: $(grep -c '^Setting up' "$work/install.log") packages set up"

version=$(as_user ingress-studio-cli --version) || fail "ingress-studio-cli --version failed"
[ "$version" = "ingress-studio-cli $INGRESS_VERSION" ] || fail "--version said '$version'"
as_user ingress-studio-cli validate /usr/share/ingress-studio/examples/shop.yaml ||
    fail "validate on the installed example"
pass "the CLI runs: $version, the installed example validates"

as_user env QT_QPA_PLATFORM=offscreen timeout 60 ingress-studio --screenshot /tmp/window.png \
    --screenshot-delay 3000 /usr/share/ingress-studio/examples/shop.yaml >"$work/gui.log" 2>&1 ||
    { cat "$work/gui.log" >&2; fail "the GUI did not run for 3 s and grab its window"; }
size=$(stat -c %s "$root/tmp/window.png" 2>/dev/null || echo 0)
((size > 10000)) || fail "the GUI's window grab is $size bytes"
pass "the GUI ran 3 s on the example and drew its window ($size bytes of PNG)"

grep -q "^Exec=ingress-studio " "$root/usr/share/applications/$app_id.desktop" ||
    fail "the installed menu entry does not start ingress-studio"

in_root env DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq ingress-studio >"$work/purge.log" 2>&1 ||
    { cat "$work/purge.log" >&2; fail "apt-get purge ingress-studio"; }
status=$(in_root dpkg-query -W -f='${db:Status-Status}' ingress-studio 2>/dev/null || true)
[ -z "$status" ] || [ "$status" = not-installed ] || fail "after purge dpkg says: $status"
# Every file and folder of the package that is not a folder other packages share is gone...
while read -r path; do
    path=${path#.}
    [ -n "$path" ] && [ "$path" != / ] || continue
    if [ -d "$root$path" ] && [ ! -L "$root$path" ]; then
        [[ $path == */ingress-studio/* || $path == */ingress-studio ]] &&
            fail "folder $path is left after purge"
    elif [ -e "$root$path" ]; then
        fail "$path is left after purge"
    fi
done < <(dpkg-deb -c "$deb" | awk '{print $6}')
# ...and nothing named after it is left anywhere but in the user's own data.
left=$(find "$root" -xdev \( -path "$root/home" -o -path "$root/tmp" -o -path "$root/proc" \) -prune \
    -o \( -iname '*ingress*studio*' -o -iname "$app_id*" \) -print | sed "s|^$root||")
[ -z "$left" ] || fail "left after purge: $left"
pass "apt-get purge removed every file of the package"
finish
