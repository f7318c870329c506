#!/bin/sh
# Runs a command against a real, throw-away Secret Service keychain:
#   scripts/with-keyring.sh COMMAND [ARGS...]
# A private D-Bus session (dbus-run-session) gets a fresh gnome-keyring-daemon whose login
# keyring is created and unlocked with a fixed password, in temporary HOME/XDG folders, so
# the user's own keyring is never touched and nothing is left behind. Used by the keystore
# tests (see tests/keystore/CMakeLists.txt) and handy for trying `privateKey: keychain` on a
# headless machine.
# Needs (Debian): gnome-keyring dbus (dbus-run-session); libsecret-tools for manual checks.
# With INGRESS_KEYRING_INSTALL=1 and root, missing packages are installed with apt-get.
set -eu

if [ "$#" -eq 0 ]; then
    echo "usage: $0 COMMAND [ARGS...]" >&2
    exit 2
fi

missing=""
command -v dbus-run-session >/dev/null 2>&1 || missing="$missing dbus"
command -v gnome-keyring-daemon >/dev/null 2>&1 || missing="$missing gnome-keyring"
if [ -n "$missing" ]; then
    if [ "${INGRESS_KEYRING_INSTALL:-0}" = 1 ] && [ "$(id -u)" = 0 ]; then
        apt-get install -y --no-install-recommends $missing libsecret-tools >&2
    else
        echo "$0: missing:$missing (apt-get install$missing)" >&2
        # In CI every test must run; elsewhere 77, "skipped" for CTest (SKIP_RETURN_CODE), so a
        # machine without them says so instead of passing.
        [ "${CI:-}" = true ] && exit 1
        exit 77
    fi
fi

if [ "${INGRESS_IN_KEYRING_SESSION:-}" != 1 ]; then
    tmp=$(mktemp -d "${TMPDIR:-/tmp}/ingress-keyring.XXXXXX")
    trap 'rm -rf "$tmp"' EXIT INT TERM
    mkdir -p "$tmp/home" "$tmp/data" "$tmp/config" "$tmp/cache" "$tmp/runtime"
    chmod 700 "$tmp/runtime"
    status=0
    INGRESS_IN_KEYRING_SESSION=1 HOME="$tmp/home" XDG_DATA_HOME="$tmp/data" \
        XDG_CONFIG_HOME="$tmp/config" XDG_CACHE_HOME="$tmp/cache" XDG_RUNTIME_DIR="$tmp/runtime" \
        dbus-run-session -- "$0" "$@" || status=$?
    exit "$status"
fi

# INGRESS_KEYRING_LOCKED=1: no daemon is started; the Secret Service is D-Bus activated on
# first use with no unlocked keyring and no one to answer its prompt (the "locked" case).
if [ "${INGRESS_KEYRING_LOCKED:-0}" = 1 ]; then
    exec "$@"
fi

# Inside the private session: start the daemon, unlocking (and so creating) the login keyring.
# The daemon forks and stays on the private bus; dbus-run-session ends it with the session.
eval "$(printf '%s' "${INGRESS_KEYRING_PASSWORD:-ingress-test}" |
    gnome-keyring-daemon --daemonize --unlock --components=secrets)" >/dev/null
export GNOME_KEYRING_CONTROL 2>/dev/null || true
# Some libsecret versions look for the default collection before the daemon has announced it.
sleep 0.3
exec "$@"
