# Peer tools for shell tests (sourced): `require_tools NAME...` returns when every NAME is on
# PATH (or in /usr/sbin). Otherwise the test stops as *skipped* (exit 77, CTest's
# SKIP_RETURN_CODE) on a developer's machine, and *failed* in CI (CI=true), where a green run
# must mean that every test really ran. tests/common/peertools.h does the same for Qt Test.

require_tools() {
    local missing=() tool
    for tool in "$@"; do
        command -v "$tool" >/dev/null || [ -x "/usr/sbin/$tool" ] || missing+=("$tool")
    done
    ((${#missing[@]} == 0)) && return 0
    if [ "${CI:-}" = true ]; then
        echo "FAIL: missing peer tool(s) in CI: ${missing[*]} (scripts/install-deps.sh test)" >&2
        exit 1
    fi
    echo "SKIP: missing peer tool(s): ${missing[*]} (scripts/install-deps.sh test)" >&2
    exit 77
}

# The same for a condition that is not a tool: skip_or_fail "why".
skip_or_fail() {
    if [ "${CI:-}" = true ]; then
        echo "FAIL: $1 (in CI every test must run)" >&2
        exit 1
    fi
    echo "SKIP: $1" >&2
    exit 77
}
