#!/bin/bash
# Does the desktop app cost the proxy throughput, and does it keep painting under load?
#
#   bench/gui/run.sh [--build DIR] [--duration SECONDS] [--connections N] [--rounds N]
#
# Starts an nginx backend (one small static body), then alternately (serve, gui, serve, gui...):
#  - serve: `ingress-studio-cli serve --workers 2` on the topology below;
#  - gui:   `ingress-studio --start-proxy --proxy-tab charts` on the same file under Xvfb (the
#           embedded proxy also runs 2 workers; the charts are on screen and poll once a second,
#           the request log fills), with INGRESS_STUDIO_FRAME_LOG recording paints per second
#           and the longest event-loop stall;
# each driven by the same wrk run. Prints requests/s of every run, the best of each side, the
# ratio gui/serve (target >= 0.90) and, for the GUI runs, paints per second and the longest
# stall during the load. Then runs bench_gui (the 10,000-host latency table).
# Needs: wrk nginx Xvfb (apt-get install wrk nginx xvfb). Build (Release):
#   cmake -S . -B build/gui-rel -G Ninja -DCMAKE_BUILD_TYPE=Release -DINGRESS_BUILD_TESTS=OFF
#   cmake --build build/gui-rel --target ingress-studio ingress-studio-cli bench_gui
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build="$root/build/gui-rel"
duration=10
connections=50
rounds=2
while [ $# -gt 0 ]; do
    case "$1" in
    --build) build=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done
source "$root/bench/lib.sh"
cli="$build/bin/ingress-studio-cli"
app="$build/bin/ingress-studio"
for binary in "$cli" "$app"; do
    [ -x "$binary" ] || { echo "no $binary: build it first (see --help)" >&2; exit 2; }
done
require_tools wrk nginx Xvfb

bench_workdir ingress-gui-bench
trap 'exit 130' INT TERM

backend_port=19200; proxy_port=19201

mkdir -p "$work/www" "$work/backend"
printf 'hello, world\n' > "$work/www/small"
chmod -R a+rX "$work/www"
nginx_conf "$work/backend" 1 "server { listen 127.0.0.1:$backend_port; root $work/www; }"
nginx -c "$work/backend/nginx.conf" -p "$work/backend" &
pids+=($!)

plain_topology "$work/topology.yaml" "$proxy_port" "$backend_port"

# One virtual X server for every GUI run; the app is started directly so that its pid is the
# app's (xvfb-run would sit in between and not pass the signal on).
Xvfb -displayfd 3 -screen 0 1440x900x24 -nolisten tcp 3>"$work/display" 2>"$work/xvfb.log" &
pids+=($!)
for _ in $(seq 50); do [ -s "$work/display" ] && break; sleep 0.1; done
display=":$(cat "$work/display")"

run_wrk() { # -> "rps errors"
    wrk -t1 -c"$connections" -d"${duration}s" -H 'Host: bench.test' \
        "http://127.0.0.1:$proxy_port/small" 2>&1 | wrk_summary | awk '{ $2 = $3 = ""; print }'
}

run_serve() {
    "$cli" serve "$work/topology.yaml" --workers 2 > "$work/serve.out" 2> "$work/serve.err" &
    local pid=$!
    pids+=($pid)
    wait_port $proxy_port
    read -r rps errors <<<"$(run_wrk)"
    kill "$pid"; wait "$pid" 2>/dev/null || true
    wait_port_closed $proxy_port
    printf '%-6s %-6s %12s   %s\n' "$1" serve "$rps" "$errors"
    if awk -v a="$rps" -v b="$best_serve" 'BEGIN{exit !(a>b)}'; then best_serve=$rps; fi
}

run_gui() {
    local profile="$work/profile-$1" log="$work/frames-$1.log"
    mkdir -p "$profile"
    # A fresh profile: no saved layout, no autosave to offer.
    DISPLAY="$display" QT_QPA_PLATFORM=xcb \
        XDG_CONFIG_HOME="$profile/config" XDG_DATA_HOME="$profile/data" \
        INGRESS_STUDIO_FRAME_LOG="$log" \
        "$app" --start-proxy --proxy-tab charts "$work/topology.yaml" \
        > "$work/gui-$1.out" 2>&1 &
    local pid=$!
    pids+=($pid)
    wait_port $proxy_port 300
    sleep 2 # the window settles: first layout, first chart poll
    local start_ms
    start_ms=$(tail -n 1 "$log" 2>/dev/null | awk '{print $1}')
    read -r rps errors <<<"$(run_wrk)"
    kill "$pid"; wait "$pid" 2>/dev/null || true
    wait_port_closed $proxy_port
    # Lines written during the load: paints per second, longest stall.
    local frames
    frames=$(awk -v from="${start_ms:-0}" -v d="$duration" '
        $1 > from && $1 <= from + d * 1000 + 1000 {
            n++; p += $2; if ($2 == 0) idle++; if ($3 > stall) stall = $3 }
        END { printf "%d s logged, %.1f paints/s, %d s without a paint, longest stall %d ms",
                     n, (n ? p / n : 0), idle, stall }' "$log")
    printf '%-6s %-6s %12s   %s | %s\n' "$1" gui "$rps" "$errors" "$frames"
    if awk -v a="$rps" -v b="$best_gui" 'BEGIN{exit !(a>b)}'; then best_gui=$rps; fi
}

wait_port $backend_port
best_serve=0
best_gui=0
printf '%-6s %-6s %12s   %s\n' round side req/s "errors | GUI frames during the load"
for round in $(seq "$rounds"); do
    run_serve "$round"
    run_gui "$round"
done
# Best of each side: the machine is shared, and noise only ever slows a run down.
awk -v g="$best_gui" -v s="$best_serve" 'BEGIN {
    r = (s > 0 ? g / s : 0)
    printf "=> best serve %.0f req/s, best gui %.0f req/s, gui/serve %.2f (target >= 0.90: %s)\n",
           s, g, r, (r >= 0.90 ? "PASS" : "FAIL") }'

if [ -x "$build/bin/bench_gui" ]; then
    echo
    "$build/bin/bench_gui" 10000 || true
fi
