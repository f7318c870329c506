#!/bin/bash
# Throughput benchmark of the embedded proxy against nginx and HAProxy (ISSUE 3 item 11).
#
#   bench/proxy/run.sh [--build DIR] [--duration SECONDS] [--connections N] [--workers "1 2"]
#                      [--reloads N] [--idle N] [--ports BASE]
#
# Starts a backend (nginx, 1 worker, serving a small body and a 64 KiB body), then for each
# worker count the three proxies with the same route: ours (`ingress-studio-cli serve`), nginx
# (worker_processes N, upstream keepalive) and HAProxy (nbthread N, http-reuse always), all three
# adding the same forwarding headers (bench/lib.sh). Each is
# driven with wrk on loopback in alternation (ours, nginx, haproxy, repeated), and the table
# shows requests/s, p99, each proxy's CPU time per request (steadier than throughput on a
# shared machine, bench/lib.sh) and the ratios ours/nginx and ours/haproxy. Then:
#  - memory: RSS growth per 1,000 idle keep-alive connections, ours vs nginx;
#  - reloads: N SIGHUPs to ours under continuous wrk load; any non-2xx or socket error fails.
# Needs: wrk nginx haproxy python3 (apt-get install wrk nginx haproxy). Release build:
#   cmake -S . -B build/proxy-rel -G Ninja -DCMAKE_BUILD_TYPE=Release -DINGRESS_BUILD_GUI=OFF
#   cmake --build build/proxy-rel --target ingress-studio-cli
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
source "$root/bench/lib.sh"
build="$root/build/proxy-rel"
duration=10
connections=50
workers_list="1 2"
reloads=100
idle=1000
rounds=2
port_base=19100
while [ $# -gt 0 ]; do
    case "$1" in
    --build) build=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --workers) workers_list=$2; shift 2 ;;
    --reloads) reloads=$2; shift 2 ;;
    --idle) idle=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --ports) port_base=$2; shift 2 ;; # BASE..BASE+3: backend, ours, nginx, haproxy
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done
cli="$build/bin/ingress-studio-cli"
[ -x "$cli" ] || { echo "no $cli: build the Release CLI first (see --help)" >&2; exit 2; }
require_tools wrk nginx haproxy python3

bench_workdir ingress-bench

backend_port=$port_base; ours_port=$((port_base + 1))
nginx_port=$((port_base + 2)); haproxy_port=$((port_base + 3))
# A busy port means another run (or anything else) would answer in our place: refuse.
for port in $backend_port $ours_port $nginx_port $haproxy_port; do
    if (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null; then
        echo "port $port is in use (another benchmark running?): use --ports BASE" >&2
        exit 2
    fi
done

# --- backend: nginx, static bodies ---------------------------------------------------------
mkdir -p "$work/www" "$work/backend" "$work/proxy-nginx"
printf 'hello, world\n' > "$work/www/small"
head -c 65536 /dev/zero | tr '\0' 'x' > "$work/www/64k"
chmod -R a+rX "$work/www"
nginx_conf "$work/backend" 1 "server { listen 127.0.0.1:$backend_port; root $work/www; }"
nginx -c "$work/backend/nginx.conf" -p "$work/backend" &
pids+=($!)

start_ours() { # $1 workers
    plain_topology "$work/topology.yaml" "$ours_port" "$backend_port"
    "$cli" serve "$work/topology.yaml" --workers "$1" > "$work/ours.out" 2> "$work/ours.err" &
    ours_pid=$!
    pids+=($ours_pid)
}
start_nginx() { # $1 workers
    nginx_conf "$work/proxy-nginx" "$1" "upstream origin { server 127.0.0.1:$backend_port; keepalive 128; }
    server { listen 127.0.0.1:$nginx_port;
             location / { proxy_pass http://origin; proxy_http_version 1.1; proxy_buffering on;
                          $(nginx_forwarding http) } }"
    nginx -c "$work/proxy-nginx/nginx.conf" -p "$work/proxy-nginx" &
    nginx_pid=$!
    pids+=($nginx_pid)
}
start_haproxy() { # $1 threads
    cat > "$work/haproxy.cfg" <<CFG
global
    nbthread $1
    maxconn 8000
defaults
    mode http
    timeout connect 5s
    timeout client 60s
    timeout server 60s
    http-reuse always
frontend web
    bind 127.0.0.1:$haproxy_port
$(haproxy_forwarding http)
    default_backend origin
backend origin
    server o1 127.0.0.1:$backend_port
CFG
    haproxy -f "$work/haproxy.cfg" -db > "$work/haproxy.log" 2>&1 &
    haproxy_pid=$!
    pids+=($haproxy_pid)
}
stop_all() {
    for p in ${ours_pid:-} ${nginx_pid:-} ${haproxy_pid:-}; do kill "$p" 2>/dev/null || true; done
    wait ${ours_pid:-} ${nginx_pid:-} ${haproxy_pid:-} 2>/dev/null || true
}

# wrk -> "rps p99ms requests errors"
run_wrk() { # $1 port, $2 path
    wrk -t1 -c"$connections" -d"${duration}s" --latency -H 'Host: bench.test' \
        "http://127.0.0.1:$1$2" 2>&1 | wrk_summary
}
pids_of() { # the processes doing a proxy's work (nginx: its workers, not the master)
    case $1 in ours) echo "$ours_pid";; nginx) pgrep -P "$nginx_pid" | tr '\n' ' ';;
    haproxy) echo "$haproxy_pid";; esac
}

wait_port $backend_port
echo "backend alone (small): $(run_wrk $backend_port /small)"
printf '\n%-8s %-5s %-8s %12s %9s %9s   %s\n' workers body proxy req/s p99_ms cpu_us errors
declare -A best_rps best_p99 best_cpu
for w in $workers_list; do
    start_ours "$w"; start_nginx "$w"; start_haproxy "$w"
    wait_port $ours_port; wait_port $nginx_port; wait_port $haproxy_port
    for body in small 64k; do
        for name in ours nginx haproxy; do best_rps[$name]=0; best_p99[$name]=0; best_cpu[$name]=-; done
        for round in $(seq "$rounds"); do
            for name in ours nginx haproxy; do
                case $name in ours) port=$ours_port;; nginx) port=$nginx_port;; haproxy) port=$haproxy_port;; esac
                busy=$(pids_of $name)
                before=$(cpu_ticks $busy)
                read -r rps p99 requests errors <<<"$(run_wrk $port /$body)"
                cpu=$(cpu_us_per "$before" "$(cpu_ticks $busy)" "$requests")
                printf '%-8s %-5s %-8s %12s %9s %9s   %s\n' "$w" "$body" "$name" "$rps" "$p99" "$cpu" "$errors"
                # Keep each proxy's best round: the machine is shared, noise only slows.
                if awk -v a="$rps" -v b="${best_rps[$name]}" 'BEGIN{exit !(a>b)}'; then
                    best_rps[$name]=$rps; best_p99[$name]=$p99
                fi
                if [ "${best_cpu[$name]}" = - ] || awk -v a="$cpu" -v b="${best_cpu[$name]}" 'BEGIN{exit !(a<b)}'; then
                    best_cpu[$name]=$cpu
                fi
            done
        done
        awk -v w="$w" -v b="$body" -v o="${best_rps[ours]}" -v n="${best_rps[nginx]}" \
            -v h="${best_rps[haproxy]}" -v op="${best_p99[ours]}" -v np="${best_p99[nginx]}" \
            -v hp="${best_p99[haproxy]}" -v oc="${best_cpu[ours]}" -v nc="${best_cpu[nginx]}" \
            -v hc="${best_cpu[haproxy]}" 'BEGIN {
            printf "=> workers=%s body=%s  ours/nginx %.2fx (p99 %.2fx)  ours/haproxy %.2fx (p99 %.2fx)",
                w, b, o/n, (np > 0 ? op/np : 0), o/h, (hp > 0 ? op/hp : 0)
            # CPU efficiency: the other proxy'"'"'s CPU per request over ours (> 1: we spend less).
            if (oc > 0 && nc > 0 && hc > 0)
                printf "  cpu us/req %s/%s/%s (eff. vs nginx %.2fx, vs haproxy %.2fx)", oc, nc, hc, nc/oc, hc/oc
            printf "\n" }'
    done
    stop_all
done

# --- memory per 1,000 idle keep-alive connections -------------------------------------------
# Opens $2 keep-alive connections to port $1, one request each (answered before the next
# opens), then holds them until $3 exists; touches $3.ready once all are open.
hold_idle() {
    python3 - "$1" "$2" "$3" <<'PY'
import os, socket, sys, time
port, count, done = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
socks = []
for i in range(count):
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(b"GET /small HTTP/1.1\r\nHost: bench.test\r\n\r\n")
    s.recv(65536)
    socks.append(s)
open(done + ".ready", "w").close()
while not os.path.exists(done):
    time.sleep(0.05)
PY
}
# RSS growth of $2 (pids) while $idle connections to port $1 sit idle: sampled 2.5 s after the
# last one opened, once ours have parked (parkIdleAfter, 1 s, and the next sweep) however long
# the opening took on a loaded machine.
idle_rss_growth() {
    local before after flag="$work/idle-done-$1"
    before=$(rss_kib $2)
    hold_idle "$1" "$idle" "$flag" & local holder=$!
    while [ ! -e "$flag.ready" ]; do sleep 0.1; done
    sleep 2.5
    after=$(rss_kib $2)
    touch "$flag"; wait $holder
    echo $((after - before))
}
start_ours 1; start_nginx 1
wait_port $ours_port; wait_port $nginx_port
nginx_workers=$(pgrep -P "$nginx_pid" | tr '\n' ' ')
ours_growth=$(idle_rss_growth $ours_port "$ours_pid")
nginx_growth=$(idle_rss_growth $nginx_port "$nginx_workers")
awk -v og="$ours_growth" -v ng="$nginx_growth" -v n="$idle" 'BEGIN {
    o = og*1000/n; g = ng*1000/n
    printf "\nRSS per 1,000 idle keep-alive connections: ours %.0f KiB, nginx %.0f KiB (%.2fx)\n", o, g, (g > 0 ? o/g : 0) }'
stop_all

# --- reloads under load -------------------------------------------------------------------------
start_ours 2; wait_port $ours_port
wrk -t1 -c"$connections" -d"$((reloads / 10 + 3))s" -H 'Host: bench.test' \
    "http://127.0.0.1:$ours_port/small" > "$work/reload-wrk.txt" 2>&1 &
wrk_pid=$!
sleep 1
for _ in $(seq "$reloads"); do kill -HUP "$ours_pid"; sleep 0.1; done
wait $wrk_pid
reloaded=$(grep -c '^reloaded' "$work/ours.err" || true)
failures=$(awk '/Non-2xx|Socket errors/' "$work/reload-wrk.txt")
echo
echo "reloads under load: $reloaded of $reloads applied; $(awk '/requests in/' "$work/reload-wrk.txt")"
if [ -n "$failures" ]; then echo "FAILED requests during reloads: $failures"; exit 1; fi
echo "no failed requests during reloads"
stop_all
