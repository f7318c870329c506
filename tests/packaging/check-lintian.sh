#!/usr/bin/env bash
# lintian on the .deb: no error and no warning (informational tags are listed, not fatal).
. "$(dirname "$0")/lib.sh"
require_tools lintian
# lintian warns when it runs as root; that is about lintian, not the package.
lintian --info --display-info --fail-on error,warning "$deb" 2>&1 | grep -v "^running with root privileges" || {
    echo "FAIL: lintian found errors or warnings in $deb" >&2
    exit 1
}
echo "lintian: no errors, no warnings"
