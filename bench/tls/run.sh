#!/bin/bash
# TLS benchmark of the embedded proxy against nginx and HAProxy (issue 5 item 6).
#
#   bench/tls/run.sh [--build DIR] [--duration SECONDS] [--connections N] [--threads N]
#                    [--workers "1 2"] [--rounds N] [--profile SECONDS]
#
# Makes a self-signed EC P-256 certificate (SAN bench.test and 127.0.0.1; the key in its own
# file, mode 0600), starts a backend (nginx, 1 worker, a 13-byte body), then for each worker
# count the three TLS-terminating proxies with that certificate, the same route and the same
# forwarding headers (bench/lib.sh): ours
# (`ingress-studio-cli serve`, HTTPS listener, --workers N), nginx (worker_processes N) and
# HAProxy (nbthread N). Each is driven in alternation (ours, nginx, haproxy, repeated) with:
#  keepalive  wrk -tT -cC over TLS, connections kept open: the cost of encrypting requests;
#  reconnect  the same with `Connection: close`: one TLS connection per request; clients may
#             resume a session where the server allows it (wrk keeps its SSL session);
#  handshake  `openssl s_time -new`, T processes in parallel: full handshakes only, no
#             request, nothing resumed; connections per second.
# Prints req/s (conn/s), p99, the proxy's CPU time per request (handshake) and the machine's
# idle share per run (high when the load waits on a proxy rather than on CPU), then
# each proxy's best round and the ratios ours/nginx and ours/haproxy; the CPU ratios are the
# load-tolerant ones on a shared machine (bench/lib.sh, cpu_ticks). With --profile S, records
# `perf` on our serve process for S seconds of each load (1 worker) and prints the top symbols.
# All files live in a temporary folder that is removed on exit; traffic is loopback only.
# Needs: wrk nginx haproxy openssl curl (apt-get install wrk nginx haproxy); perf for --profile.
# Release build:
#   cmake -S . -B build/tlsbench -G Ninja -DCMAKE_BUILD_TYPE=Release -DINGRESS_BUILD_GUI=OFF \
#         -DINGRESS_BUILD_TESTS=OFF
#   cmake --build build/tlsbench --target ingress-studio-cli
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
source "$root/bench/lib.sh"
build="$root/build/tlsbench"
duration=10
connections=50
threads=2
workers_list="1 2"
rounds=1
profile=0
while [ $# -gt 0 ]; do
    case "$1" in
    --build) build=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    --workers) workers_list=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --profile) profile=$2; shift 2 ;;
    -h|--help) sed -n '2,25p' "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done
cli="$build/bin/ingress-studio-cli"
[ -x "$cli" ] || { echo "no $cli: build the Release CLI first (see --help)" >&2; exit 2; }
require_tools wrk nginx haproxy openssl curl
if [ "$profile" != 0 ] && ! command -v perf >/dev/null; then
    echo "--profile needs perf" >&2; exit 2
fi

bench_workdir ingress-tlsbench

backend_port=19200; ours_port=19201; nginx_port=19202; haproxy_port=19203

# --- certificate: EC P-256, self-signed, SAN for the bench host -------------------------------
# The URL has to be 127.0.0.1 (bench.test does not resolve and /etc/hosts is not ours to
# change), so the SAN carries the address too. Every proxy has this one certificate, so the SNI
# lookup costs the same everywhere (ours: exact-name miss, default).
bench_certificate "$work"

# --- backend: nginx, one static body -----------------------------------------------------------
mkdir -p "$work/www" "$work/backend" "$work/proxy-nginx"
printf 'hello, world\n' > "$work/www/small"
chmod -R a+rX "$work/www"
nginx_conf "$work/backend" 1 "server { listen 127.0.0.1:$backend_port; root $work/www; }"
nginx -c "$work/backend/nginx.conf" -p "$work/backend" &
pids+=($!)

# --- the three TLS proxies ---------------------------------------------------------------------
start_ours() { # $1 workers
    tls_topology "$work/topology.yaml" $ours_port $backend_port
    "$cli" serve "$work/topology.yaml" --workers "$1" > "$work/ours.out" 2> "$work/ours.err" &
    ours_pid=$!
    pids+=($ours_pid)
}
start_nginx() { # $1 workers
    # nginx's defaults otherwise: TLS 1.2/1.3, session tickets on, no shared session cache.
    nginx_conf "$work/proxy-nginx" "$1" "upstream origin { server 127.0.0.1:$backend_port; keepalive 128; }
    server { listen 127.0.0.1:$nginx_port ssl;
             ssl_certificate $work/bench.crt; ssl_certificate_key $work/bench.key;
             ssl_protocols TLSv1.2 TLSv1.3;
             location / { proxy_pass http://origin; proxy_http_version 1.1;
                          $(nginx_forwarding https) } }"
    nginx -c "$work/proxy-nginx/nginx.conf" -p "$work/proxy-nginx" &
    nginx_pid=$!
    pids+=($nginx_pid)
}
start_haproxy() { # $1 threads
    cat > "$work/haproxy.cfg" <<CFG
global
    nbthread $1
    maxconn 8000
    ssl-default-bind-options ssl-min-ver TLSv1.2
defaults
    mode http
    timeout connect 5s
    timeout client 60s
    timeout server 60s
    http-reuse always
frontend websecure
    bind 127.0.0.1:$haproxy_port ssl crt $work/bench.pem alpn http/1.1
$(haproxy_forwarding https)
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
    ours_pid=; nginx_pid=; haproxy_pid=
}
# A TLS request through a proxy, with SNI bench.test, must answer 200 before anything is measured.
check_tls() { # $1 port
    local code
    code=$(curl -sk -o /dev/null -w '%{http_code}' --max-time 5 \
        --resolve "bench.test:$1:127.0.0.1" "https://bench.test:$1/small" || true)
    [ "$code" = 200 ] || { echo "port $1: no 200 over TLS (got '$code')" >&2; exit 1; }
}

# --- measuring ---------------------------------------------------------------------------------
# wrk over TLS -> "rps p99ms requests errors"
run_wrk() { # $1 port, $2 mode (keepalive|reconnect)
    local extra=()
    [ "$2" = reconnect ] && extra=(-H 'Connection: close')
    wrk -t"$threads" -c"$connections" -d"${duration}s" --latency -H 'Host: bench.test' \
        "${extra[@]}" "https://127.0.0.1:$1/small" 2>&1 | wrk_summary
}
# Full handshakes per second: `threads` s_time clients in parallel, each connecting anew (no
# session reuse) and closing right after the handshake; the sum of their connections / s.
run_handshakes() { # $1 port -> "conn/s - connections errors"
    local i outs=()
    for i in $(seq "$threads"); do
        openssl s_time -new -connect 127.0.0.1:$1 -time "$duration" > "$work/stime.$i" 2>&1 &
        outs+=($!)
    done
    wait "${outs[@]}" || true
    local totals
    totals=$(cat "$work"/stime.* | awk '/connections in .* real seconds/ {
        for (i = 1; i <= NF; i++) if ($i == "connections" && $(i+1) == "in") { n = $(i-1); t = $(i+2) }
        if (t > 0) { s += n / t; c += n } } END { printf "%.0f %d", s, c }')
    local errors
    errors=$(grep -hci 'error' "$work"/stime.* | awk '{s += $1} END {print s}')
    rm -f "$work"/stime.*
    read -r rate count <<<"$totals"
    echo "${rate:-0} - ${count:-0} $([ "${errors:-0}" = 0 ] && echo none || echo "errors:$errors")"
}
measure() { # $1 port, $2 mode
    if [ "$2" = handshake ]; then run_handshakes "$1"; else run_wrk "$1" "$2"; fi
}
port_of() { case $1 in ours) echo $ours_port;; nginx) echo $nginx_port;; haproxy) echo $haproxy_port;; esac; }
pids_of() { # the processes doing a proxy's work (nginx: its workers, not the master)
    case $1 in ours) echo "$ours_pid";; nginx) pgrep -P "$nginx_pid" | tr '\n' ' ';;
    haproxy) echo "$haproxy_pid";; esac
}
# measure, plus the proxy's CPU time per request (handshake) and the machine's idle share
# -> "rate p99 cpu_us idle% errors"
measure_cpu() { # $1 name, $2 mode
    local pids before after idle_before idle_after rate p99 units errors
    pids=$(pids_of "$1")
    before=$(cpu_ticks $pids)
    idle_before=$(idle_ticks)
    read -r rate p99 units errors <<<"$(measure "$(port_of "$1")" "$2")"
    idle_after=$(idle_ticks)
    after=$(cpu_ticks $pids)
    echo "$rate $p99 $(cpu_us_per "$before" "$after" "$units") \
$(idle_percent "$idle_before" "$idle_after" "$duration") $errors"
}

profile_ours() { # $1 mode: perf on our serve process while the load runs
    local data="$work/perf-$1.data"
    perf record -q -g -o "$data" -p "$ours_pid" -- sleep "$profile" >/dev/null 2>&1 &
    local perf_pid=$!
    sleep 0.2
    measure "$ours_port" "$1" >/dev/null &
    local load_pid=$!
    wait $perf_pid || true
    wait $load_pid || true
    echo
    echo "--- perf, ours, 1 worker, $1: top symbols (self) ---"
    # `|| true`: head closes the pipe early, which pipefail would turn into an exit.
    { perf report -i "$data" --no-children --sort dso,symbol -g none --stdio 2>/dev/null |
        grep -E '^ +[0-9]' | sed 's/ *$//' | cut -c1-120 | head -25; } || true
    echo "--- by library ---"
    { perf report -i "$data" --no-children --sort dso -g none --stdio 2>/dev/null |
        grep -E '^ +[0-9]' | sed 's/ *$//' | head -12; } || true
}

wait_port $backend_port
echo "openssl $(openssl version | awk '{print $2}'), nginx $(nginx -v 2>&1 | sed 's/.*\///'), haproxy $(haproxy -v | awk 'NR==1 {print $3}'), $(nproc) cores"
echo "load: wrk -t$threads -c$connections -d${duration}s over TLS; handshake: $threads x openssl s_time -new"
printf '\n%-8s %-10s %-8s %12s %9s %9s %6s   %s\n' workers load proxy req/s p99_ms cpu_us idle% errors
declare -A best_rps best_p99 best_cpu
summary=()
for w in $workers_list; do
    start_ours "$w"; start_nginx "$w"; start_haproxy "$w"
    wait_port $ours_port; wait_port $nginx_port; wait_port $haproxy_port
    for name in ours nginx haproxy; do check_tls "$(port_of $name)"; done
    for mode in keepalive reconnect handshake; do
        for name in ours nginx haproxy; do best_rps[$name]=0; best_p99[$name]=-; best_cpu[$name]=-; done
        for _ in $(seq "$rounds"); do
            for name in ours nginx haproxy; do
                read -r rps p99 cpu idle errors <<<"$(measure_cpu $name $mode)"
                printf '%-8s %-10s %-8s %12s %9s %9s %6s   %s\n' "$w" "$mode" "$name" "$rps" "$p99" "$cpu" "$idle" "$errors"
                # Keep each proxy's best round: the machine is shared, noise only slows.
                if awk -v a="$rps" -v b="${best_rps[$name]}" 'BEGIN{exit !(a>b)}'; then
                    best_rps[$name]=$rps; best_p99[$name]=$p99
                fi
                if [ "${best_cpu[$name]}" = - ] || awk -v a="$cpu" -v b="${best_cpu[$name]}" 'BEGIN{exit !(a<b)}'; then
                    best_cpu[$name]=$cpu
                fi
            done
        done
        summary+=("$(awk -v w="$w" -v m="$mode" -v o="${best_rps[ours]}" -v n="${best_rps[nginx]}" \
            -v h="${best_rps[haproxy]}" -v op="${best_p99[ours]}" -v np="${best_p99[nginx]}" \
            -v hp="${best_p99[haproxy]}" -v oc="${best_cpu[ours]}" -v nc="${best_cpu[nginx]}" \
            -v hc="${best_cpu[haproxy]}" 'BEGIN {
            printf "%-3s %-10s ours %8.0f  nginx %8.0f  haproxy %8.0f  ours/nginx %.2fx  ours/haproxy %.2fx",
                w, m, o, n, h, (n > 0 ? o/n : 0), (h > 0 ? o/h : 0)
            # CPU efficiency: the other proxy'"'"'s CPU per request over ours (> 1: we spend less).
            if (oc > 0 && nc > 0 && hc > 0)
                printf "  cpu us %s/%s/%s (eff. vs nginx %.2fx, vs haproxy %.2fx)", oc, nc, hc, nc/oc, hc/oc
            if (op != "-" && np > 0 && hp > 0) printf "  p99 ms %s/%s/%s", op, np, hp
            printf "\n" }')")
    done
    if [ "$profile" != 0 ] && [ "$w" = 1 ]; then
        for mode in keepalive reconnect handshake; do profile_ours $mode; done
    fi
    stop_all
done
echo
echo "best of $rounds round(s), req/s (handshake: connections/s):"
printf '%s\n' "${summary[@]}"
