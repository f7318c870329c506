#!/usr/bin/env bash
# What each package holds: both programs (stripped), the menu entry, icons, metainfo, man pages,
# shell completion, the examples, copyright and changelog; Depends computed by dpkg-shlibdeps;
# and the one version everywhere it shows (CMakeLists.txt: project VERSION).
. "$(dirname "$0")/lib.sh"
require_tools dpkg-deb rpm file
unpack_deb
v=$INGRESS_VERSION

expected=(
    usr/bin/ingress-studio usr/bin/ingress-studio-cli
    usr/share/applications/$app_id.desktop usr/share/metainfo/$app_id.metainfo.xml
    usr/share/mime/packages/$app_id.xml
    usr/share/icons/hicolor/scalable/apps/$app_id.svg
    usr/share/man/man1/ingress-studio.1.gz usr/share/man/man1/ingress-studio-cli.1.gz
    usr/share/bash-completion/completions/ingress-studio-cli
    usr/share/zsh/vendor-completions/_ingress-studio-cli
    usr/share/ingress-studio/examples/shop.yaml usr/share/ingress-studio/examples/certs/bar-com.crt
    usr/share/doc/ingress-studio/copyright usr/share/doc/ingress-studio/changelog.gz
    usr/share/doc/ingress-studio/topology-format.md)
for size in 16 22 24 32 48 64 128 256 512; do
    expected+=(usr/share/icons/hicolor/${size}x${size}/apps/$app_id.png)
done
for f in "${expected[@]}"; do
    [ -s "$work/deb/$f" ] || fail ".deb lacks $f"
done
pass ".deb holds ${#expected[@]} expected files"

for size in 16 48 256; do
    png=$work/deb/usr/share/icons/hicolor/${size}x${size}/apps/$app_id.png
    file -b "$png" | grep -q "PNG image data, $size x $size" || fail "$png is not a ${size}px PNG: $(file -b "$png")"
done
for program in ingress-studio ingress-studio-cli; do
    description=$(file -b "$work/deb/usr/bin/$program")
    [[ $description == *ELF* && $description == *", stripped"* ]] ||
        fail "$program is not a stripped ELF program: $description"
done
pass "programs stripped, icons rendered at their sizes"

depends=$(dpkg-deb -f "$deb" Depends)
for lib in libqt6core6 libqt6widgets6 libqt6charts6 libqt6network6 libqt6keychain1 libssl3 libyaml-cpp; do
    [[ $depends == *"$lib"* ]] || fail "Depends lacks $lib (dpkg-shlibdeps): $depends"
done
pass "Depends: $depends"

# One version: the package, the programs, the metainfo, the man pages, the changelog.
[ "$(dpkg-deb -f "$deb" Version)" = "$v" ] || fail ".deb version $(dpkg-deb -f "$deb" Version), not $v"
[ "$(rpm -qp --qf '%{VERSION}' "$rpm" 2>/dev/null)" = "$v" ] || fail "RPM version is not $v"
[[ $(basename "$tgz") == ingress-studio-$v-* ]] || fail "tarball $(basename "$tgz") is not version $v"
[ "$("$work/deb/usr/bin/ingress-studio-cli" --version)" = "ingress-studio-cli $v" ] ||
    fail "ingress-studio-cli --version: $("$work/deb/usr/bin/ingress-studio-cli" --version)"
gui_version=$(QT_QPA_PLATFORM=offscreen "$work/deb/usr/bin/ingress-studio" --version 2>&1)
[[ $gui_version == *" $v" ]] || fail "ingress-studio --version: $gui_version"
grep -q "<release version=\"$v\"" "$work/deb/usr/share/metainfo/$app_id.metainfo.xml" ||
    fail "metainfo has no release $v"
for page in ingress-studio ingress-studio-cli; do
    zcat "$work/deb/usr/share/man/man1/$page.1.gz" | grep -q "^\.TH .*\"ingress-studio $v\"" ||
        fail "man page $page has not version $v"
done
zcat "$work/deb/usr/share/doc/ingress-studio/changelog.gz" | head -n 1 | grep -q "^ingress-studio ($v)" ||
    fail "changelog does not start with $v"
pass "version $v in the packages, --version of both programs, metainfo, man pages, changelog"

# The man page names every command the program has (they are read from its --help).
commands=$("$work/deb/usr/bin/ingress-studio-cli" --help | awk '/^Commands:/ {l = 1; next} l && /^  [a-z]/ {print $1}')
[ -n "$commands" ] || fail "no commands in ingress-studio-cli --help"
for command in $commands; do
    zcat "$work/deb/usr/share/man/man1/ingress-studio-cli.1.gz" | grep -qE "^\.BI? \"?$command\b" ||
        fail "man page ingress-studio-cli(1) does not describe '$command'"
done
pass "man page describes: $(echo $commands)"

# The RPM holds the same files; the tarball runs where it is unpacked.
rpm_files=$(rpm -qpl "$rpm" 2>/dev/null)
for f in "${expected[@]}"; do
    grep -qx "/$f" <<<"$rpm_files" || fail "RPM lacks /$f"
done
pass "RPM holds the same files"
mkdir "$work/tgz"
tar -C "$work/tgz" -xzf "$tgz"
top=$(ls "$work/tgz")
"$work/tgz/$top/bin/ingress-studio-cli" validate "$work/tgz/$top/share/ingress-studio/examples/shop.yaml" ||
    fail "the tarball's CLI does not validate the tarball's example"
pass "tarball: $top/bin and share/, the CLI validates the example where it was unpacked"
finish
