#!/usr/bin/env bash
# The desktop integration as installed by the .deb: the menu entry (desktop-file-validate), the
# AppStream metainfo and how it fits the installed tree (appstreamcli validate, validate-tree:
# launchable, icon, names), and the MIME type the menu entry opens.
. "$(dirname "$0")/lib.sh"
require_tools desktop-file-validate appstreamcli dpkg-deb
unpack_deb
desktop=$work/deb/usr/share/applications/$app_id.desktop
metainfo=$work/deb/usr/share/metainfo/$app_id.metainfo.xml

output=$(desktop-file-validate "$desktop" 2>&1) || fail "desktop-file-validate: $output"
[ -z "$output" ] || fail "desktop-file-validate has remarks: $output"
grep -qx "Exec=ingress-studio %f" "$desktop" || fail "menu entry does not start ingress-studio"
grep -qx "Icon=$app_id" "$desktop" || fail "menu entry's icon is not $app_id"
[ -x "$work/deb/usr/bin/ingress-studio" ] || fail "menu entry's program is not installed"
mime=$(sed -n 's/^MimeType=\(.*\);$/\1/p' "$desktop")
grep -q "type=\"$mime\"" "$work/deb/usr/share/mime/packages/$app_id.xml" ||
    fail "menu entry opens $mime, which the package does not define"
pass "menu entry valid: $(grep -E '^(Name|Categories)=' "$desktop" | tr '\n' ' ')"

appstreamcli validate --no-net --explain "$metainfo" || fail "appstreamcli validate $metainfo"
appstreamcli validate-tree --no-net "$work/deb" || fail "appstreamcli validate-tree on the .deb's files"
pass "AppStream metainfo valid, alone and in the installed tree"
finish
