#!/bin/sh
# Installs the node packages tst_schemavalidation needs (pinned in package.json / package-lock.json).
# Called by scripts/install-deps.sh; without it the schema test skips.
set -eu
cd "$(dirname "$0")"
if [ -f package-lock.json ]; then
    npm ci --no-audit --no-fund --loglevel=error
else
    npm install --no-audit --no-fund --loglevel=error
fi
