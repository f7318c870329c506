#!/bin/bash
# Load-independent cost of TLS termination, ours vs nginx (issue 5): instructions per full
# handshake and per keep-alive request, split by library, and syscalls per unit.
#
#   bench/tls/count.sh [--build DIR] [--handshakes N] [--connections C] [--requests K]
#                      [--only "handshake handshake12 keepalive"]
#
# Each server runs alone with one worker (ours `serve --workers 1`; nginx `master_process off`,
# one worker, default TLS settings as in run.sh), with run.sh's certificate and route, and gets
# a fixed amount of work from bench/tls/tlsload.py: N full TLS 1.3 handshakes, N full TLS 1.2
# handshakes (both with SNI and ALPN, one at a time), and C connections making K keep-alive
# requests each (their handshakes are not counted). Two passes per load:
#  callgrind  `valgrind --tool=callgrind`, counters zeroed after a warm-up and dumped after the
#             load: user-space instructions per unit, per thread and by library (libcrypto,
#             libssl, libc, Qt, ours). Kernel work is not in these numbers.
#  strace     `strace -c` on every thread during the same load: syscalls per unit.
# Neither depends on what else the machine is doing, unlike run.sh's throughput and CPU time.
# Takes a few minutes (callgrind slows the servers ~50x). Needs valgrind, strace, nginx,
# python3, openssl. Build as for run.sh (build/tlsbench) or pass --build.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
source "$root/bench/lib.sh"
build="$root/build/tlsbench"
handshakes=200
connections=8
requests=500
only="handshake handshake12 keepalive"
while [ $# -gt 0 ]; do
    case "$1" in
    --build) build=$2; shift 2 ;;
    --handshakes) handshakes=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --requests) requests=$2; shift 2 ;;
    --only) only=$2; shift 2 ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done
cli="$build/bin/ingress-studio-cli"
[ -x "$cli" ] || { echo "no $cli: build the CLI first (bench/tls/run.sh --help)" >&2; exit 2; }
require_tools valgrind callgrind_control strace nginx python3 openssl
load="$here/tlsload.py"

bench_workdir ingress-tlscount

backend_port=19210; ours_port=19211; nginx_port=19212
bench_certificate "$work"
mkdir -p "$work/www" "$work/backend" "$work/proxy-nginx"
printf 'hello, world\n' > "$work/www/small"
chmod -R a+rX "$work/www"
nginx_conf "$work/backend" 1 "server { listen 127.0.0.1:$backend_port; root $work/www; }"
nginx -c "$work/backend/nginx.conf" -p "$work/backend" &
pids+=($!)
tls_topology "$work/topology.yaml" $ours_port $backend_port
nginx_conf "$work/proxy-nginx" 1 "upstream origin { server 127.0.0.1:$backend_port; keepalive 128; }
    server { listen 127.0.0.1:$nginx_port ssl;
             ssl_certificate $work/bench.crt; ssl_certificate_key $work/bench.key;
             ssl_protocols TLSv1.2 TLSv1.3;
             location / { proxy_pass http://origin; proxy_http_version 1.1;
                          proxy_set_header Connection \"\"; } }"
wait_port $backend_port

# Run in the background (`run_server ... &`): exec, so that $! is the server itself.
run_server() { # $1 name, then a command to run it under (valgrind ...), if any
    local name=$1
    shift
    case $name in
    ours) exec "$@" "$cli" serve "$work/topology.yaml" --workers 1 ;;
    nginx) exec "$@" nginx -g 'master_process off;' -c "$work/proxy-nginx/nginx.conf" -p "$work/proxy-nginx" ;;
    esac
}
port_of() { case $1 in ours) echo $ours_port ;; nginx) echo $nginx_port ;; esac; }
units_of() { case $1 in keepalive) echo $((connections * requests)) ;; *) echo "$handshakes" ;; esac; }
# Runs the load for $2 on port $1; `ready` is called once the keep-alive connections are up
# (and for handshakes right away), before the counted work starts.
drive() { # $1 port, $2 load, $3 ready command
    rm -f "$work/go" "$work/go.ready"
    case $2 in
    handshake | handshake12)
        $3
        local version=()
        [ "$2" = handshake12 ] && version=(1.2)
        python3 "$load" handshake "$1" "$handshakes" "${version[@]}" >/dev/null ;;
    keepalive)
        GO="$work/go" python3 "$load" keepalive "$1" "$connections" "$requests" >/dev/null &
        local client=$!
        while [ ! -e "$work/go.ready" ]; do sleep 0.1; done
        $3
        touch "$work/go"
        wait $client ;;
    esac
}
warm_up() { # $1 port
    python3 "$load" handshake "$1" 10 >/dev/null
    python3 "$load" keepalive "$1" 2 10 >/dev/null
}

callgrind_pass() { # $1 name, $2 load
    local out="$work/cg-$1-$2" port units vpid
    port=$(port_of "$1"); units=$(units_of "$2")
    run_server "$1" valgrind --tool=callgrind --separate-threads=yes \
        --callgrind-out-file="$out.%p" >"$work/valgrind.log" 2>&1 &
    vpid=$!
    pids+=("$vpid")
    wait_port "$port" 300
    warm_up "$port"
    zero() { callgrind_control -z "$vpid" >/dev/null 2>&1; }
    drive "$port" "$2" zero
    callgrind_control -d "$vpid" >/dev/null 2>&1
    kill "$vpid"; wait "$vpid" 2>/dev/null || true
    wait_port_closed "$port"
    echo "== $1, $2: callgrind, per $( [ "$2" = keepalive ] && echo request || echo handshake) ($units)"
    local f
    for f in "$out".*.1-*; do # dump 1 of each thread
        [ "$(awk '/^totals:/ {print $2}' "$f")" -gt $((units * 50)) ] || continue # idle threads
        echo " thread ${f##*-}:"
        TOP=8 python3 "$load" split "$units" "$f"
    done
}

strace_pass() { # $1 name, $2 load
    local port spid stpid tids
    port=$(port_of "$1")
    run_server "$1" >/dev/null 2>&1 &
    spid=$!
    pids+=("$spid")
    wait_port "$port"
    warm_up "$port"
    attach() {
        tids=$(ls "/proc/$spid/task" | sed 's/^/-p /')
        # shellcheck disable=SC2086
        strace -c -o "$work/strace" $tids 2>/dev/null &
        stpid=$!
        sleep 0.5 # attached
    }
    drive "$port" "$2" attach
    kill -INT "$stpid"; wait "$stpid" 2>/dev/null || true
    kill "$spid"; wait "$spid" 2>/dev/null || true
    wait_port_closed "$port"
    # strace -c: "% time seconds usecs/call calls [errors] syscall"
    echo "   syscalls per unit: $(awk -v n="$(units_of "$2")" '
        $1 ~ /^[0-9.]+$/ && $NF != "total" && (NF == 5 || NF == 6) {
            printf "%s %.2f%s  ", $NF, $4 / n, (NF == 6 ? sprintf(" (%.2f failed)", $5 / n) : "") }' \
        "$work/strace")"
}

echo "openssl $(openssl version | awk '{print $2}'), nginx $(nginx -v 2>&1 | sed 's/.*\///')"
for mode in $only; do
    for name in ours nginx; do
        callgrind_pass $name "$mode"
        strace_pass $name "$mode"
    done
done
