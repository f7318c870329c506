#!/usr/bin/env bash
# The README's test command, scripts/test.sh, whole in a clean Debian 12 root: what a newcomer
# gets. Slow (everything is installed and built from nothing); CI runs the shorter
# scripts/check-fresh-root.sh instead. Needs root.
exec "$(dirname "$0")/check-fresh-root.sh" --full
