#!/usr/bin/env bash
# Takes the screenshots in docs/screenshots/ with the app's own --screenshot option, under a
# virtual X server so that fonts, styles and the window frame are those of a real desktop.
# Usage: scripts/screenshots.sh [BUILD_DIR]   (default: build/gui)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-$here/build/gui}"
app="$build/bin/ingress-studio"
out="$here/docs/screenshots"

if [[ ! -x "$app" ]]; then
    echo "screenshots: $app not built (cmake --build $build --target ingress-studio)" >&2
    exit 1
fi
if ! command -v xvfb-run >/dev/null; then
    echo "screenshots: installing xvfb" >&2
    apt-get install -y --no-install-recommends xvfb xauth >/dev/null
fi
mkdir -p "$out"

# A fresh profile each time: no recent files, no saved layout, no autosave to recover.
profile="$(mktemp -d)"
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true # reaps them; errors about already-reaped ones are moot
    rm -rf "$profile"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

shot() {
    local name="$1"; shift
    XDG_CONFIG_HOME="$profile/config" XDG_DATA_HOME="$profile/data" \
        timeout 60 xvfb-run -a -s "-screen 0 1440x900x24" \
        "$app" --screenshot "$out/$name.png" "$@" 2>/dev/null
    echo "screenshots: $out/$name.png"
}

# Live traffic: tiny backends on the example's endpoints (127.0.0.1:9001-9004) answer every
# request (health checks included) with a small text body, a few paths with 404 / 500 so that
# the "by class" chart has more than one line; curl loops hit the HTTP listener while the app
# runs, and the grab comes after several chart polls.
start_backends() {
    python3 - "$@" <<'PY' &
import http.server, random, socketserver, sys, threading, time

class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        time.sleep(random.uniform(0.001, 0.02))  # some latency for the p50/p99 chart
        status = 404 if "missing" in self.path else 500 if "boom" in self.path else 200
        body = f"{self.server.server_address[1]} {self.path}\n".encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    do_HEAD = do_GET
    def log_message(self, *args):
        pass

class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True

for port in sys.argv[1:]:
    server = Server(("127.0.0.1", int(port)), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
time.sleep(120)  # bounded even if the trap never runs
PY
    pids+=($!)
}

send_traffic() {
    local seconds="$1"
    local end=$((SECONDS + seconds))
    # Wait (bounded) for the proxy to listen before counting.
    for _ in $(seq 50); do
        curl -s -o /dev/null -m 1 -H "Host: x.bar.com" http://127.0.0.1:8080/ && break
        sleep 0.2
    done
    local hosts=(x.bar.com shop.bar.com api.bar.com food.bar.com abc.bar.com)
    local paths=(/ /index.html /cart /missing /boom /api/items)
    while ((SECONDS < end)); do
        for _ in 1 2 3 4 5 6; do
            curl -s -o /dev/null -m 2 \
                -H "Host: ${hosts[RANDOM % ${#hosts[@]}]}" \
                "http://127.0.0.1:8080${paths[RANDOM % ${#paths[@]}]}" &
        done
        wait_jobs
        sleep 0.$((RANDOM % 3 + 1))
    done
}
# Waits for the curl jobs only (not the backends or the app).
wait_jobs() {
    local job
    for job in $(jobs -p); do
        [[ " ${pids[*]} " == *" $job "* ]] || wait "$job" 2>/dev/null || true
    done
}

traffic_shot() {
    local name="$1"; shift
    shot "$name" --start-proxy --screenshot-delay 9000 "$@" "$here/examples/shop.yaml" &
    local app_pid=$!
    pids+=("$app_pid")
    send_traffic 8
    wait "$app_pid" || true
}

shot example "$here/examples/shop.yaml"
shot empty --new
shot selected-host --select abc.bar.com "$here/examples/shop.yaml"
shot proxy-running --start-proxy "$here/examples/shop.yaml"

if command -v python3 >/dev/null && command -v curl >/dev/null; then
    start_backends 9001 9002 9003 9004
    traffic_shot proxy-traffic --proxy-tab charts
    traffic_shot proxy-requests --proxy-tab requests
else
    echo "screenshots: python3 and curl are needed for the live-traffic screenshots" >&2
fi
