# Helpers shared by the bench/*/run.sh scripts (sourced, not run).

# An nginx config in DIR with N workers around a server block (backend or proxy).
nginx_conf() { # $1 dir, $2 workers, $3 server block
    cat > "$1/nginx.conf" <<CONF
worker_processes $2;
pid $1/nginx.pid;
error_log $1/error.log warn;
daemon off;
events { worker_connections 10240; }
http {
    access_log off;
    keepalive_requests 1000000;
    client_body_temp_path $1; proxy_temp_path $1; fastcgi_temp_path $1;
    uwsgi_temp_path $1; scgi_temp_path $1;
    $3
}
CONF
}

# The benches' plain-HTTP topology: one listener forwarding every host to one backend.
plain_topology() { # $1 file, $2 listener port, $3 backend port
    cat > "$1" <<YAML
apiVersion: ingress-studio/v1
kind: Topology
listeners:
  - name: web
    bind: "127.0.0.1:$2"
services:
  - name: origin
    endpoints: ["127.0.0.1:$3"]
hosts:
  - host: bench.test
    routes:
      - path: /
        service: origin
defaultService: origin
YAML
}

# The TLS benches' topology: one HTTPS listener with bench_certificate's certificate (a file
# next to the topology), forwarding everything to one backend.
tls_topology() { # $1 file, $2 listener port, $3 backend port
    cat > "$1" <<YAML
apiVersion: ingress-studio/v1
kind: Topology
listeners:
  - name: websecure
    bind: "127.0.0.1:$2"
    protocol: HTTPS
services:
  - name: origin
    endpoints: ["127.0.0.1:$3"]
certificates:
  - name: bench
    certificate: bench.crt
    privateKey: bench.key
hosts:
  - host: bench.test
    tls: bench
    routes:
      - path: /
        service: origin
defaultService: origin
YAML
}

# The TLS benches' certificate in DIR: EC P-256, self-signed, SAN bench.test and 127.0.0.1 (wrk
# sends the URL's host as SNI and bench.test does not resolve); bench.crt, bench.key (0600: the
# engine refuses readable key files) and bench.pem (both, for HAProxy).
bench_certificate() { # $1 dir
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 \
        -subj /CN=bench.test -addext "subjectAltName=DNS:bench.test,IP:127.0.0.1" \
        -keyout "$1/bench.key" -out "$1/bench.crt" 2>/dev/null
    chmod 600 "$1/bench.key"
    cat "$1/bench.crt" "$1/bench.key" > "$1/bench.pem"
    chmod 600 "$1/bench.pem"
}

wait_port() { # $1 port, $2 tries of 0.1 s (default 100): up in time, or exit
    for _ in $(seq "${2:-100}"); do (exec 3<>/dev/tcp/127.0.0.1/$1) 2>/dev/null && return 0; sleep 0.1; done
    echo "port $1 not up" >&2; cat "${work:-/nonexistent}/ours.err" >&2 2>/dev/null || true; exit 1
}

# wrk output (stdin) -> "rps p99ms requests errors"
wrk_summary() {
    awk '
        /Requests\/sec/ { rps = $2 }
        $1 == "99%" { v = $2
            if (v ~ /us$/) { sub(/us/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms/, "", v) }
            else if (v ~ /s$/) { sub(/s/, "", v); v *= 1000 }
            p99 = v }
        / requests in / { n = $1 }
        /Non-2xx|Socket errors/ { gsub(/  +/, " "); errors = errors $0 " " }
        END { printf "%s %s %s %s\n", (rps ? rps : 0), (p99 ? p99 : 0), (n ? n : 0), (errors ? errors : "none") }'
}

# CPU time (user + system, all threads) of processes, in clock ticks. On a shared machine the
# CPU a proxy spends per request is far steadier than its throughput: other builds steal
# wall-clock time from every proxy alike, but not CPU time from the one being measured.
cpu_ticks() { # pids...
    local total=0 p
    for p in "$@"; do
        total=$((total + $(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0)))
    done
    echo $total
}
# Microseconds of CPU per unit of work between two cpu_ticks readings.
cpu_us_per() { # $1 ticks before, $2 ticks after, $3 units (requests, handshakes)
    awk -v a="$1" -v b="$2" -v n="$3" -v hz="$(getconf CLK_TCK)" \
        'BEGIN { if (n > 0) printf "%.1f", (b - a) * 1e6 / hz / n; else print "-" }'
}

# The whole machine's idle and iowait time, in clock ticks (/proc/stat, all cores summed).
idle_ticks() {
    awk '/^cpu / { print $5 + $6; exit }' /proc/stat
}
# Share of the machine left idle between two idle_ticks readings taken `seconds` apart: high
# while a load is bound by waiting (few clients, one at a time) rather than by CPU.
idle_percent() { # $1 ticks before, $2 ticks after, $3 seconds
    awk -v a="$1" -v b="$2" -v s="$3" -v hz="$(getconf CLK_TCK)" -v cores="$(nproc)" \
        'BEGIN { if (s > 0) printf "%.0f", (b - a) * 100 / hz / s / cores; else print "-" }'
}

wait_port_closed() { # $1 port: closed within 10 s, or exit
    for _ in $(seq 100); do (exec 3<>/dev/tcp/127.0.0.1/$1) 2>/dev/null || return 0; sleep 0.1; done
    echo "port $1 still open" >&2; exit 1
}

rss_kib() { # pids... -> summed VmRSS
    local total=0 p
    for p in "$@"; do total=$((total + $(awk '/VmRSS/ {print $2}' /proc/$p/status))); done
    echo $total
}

# The request headers our proxy adds upstream (issue #3: X-Forwarded-For/Proto/Host, Via, and
# the request id that is also in the log; Host kept), configured for nginx and HAProxy as well, as an
# ingress controller's nginx does: the three proxies then send the backend the same request and
# do the same work. (Without them the backend parsed ~130 bytes more per request from ours.)
nginx_forwarding() { # $1 scheme -> proxy_set_header lines
    echo "proxy_set_header Connection \"\"; proxy_set_header Host \$host;
          proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
          proxy_set_header X-Forwarded-Proto $1; proxy_set_header X-Forwarded-Host \$host;
          proxy_set_header Via \"1.1 nginx\"; proxy_set_header X-Request-Id \$request_id;"
}
haproxy_forwarding() { # $1 scheme -> frontend lines
    cat <<CFG
    option forwardfor
    http-request set-header X-Forwarded-Proto $1
    http-request set-header X-Forwarded-Host %[req.hdr(host)]
    http-request add-header Via "1.1 haproxy"
    unique-id-format %{+X}o%pid-%rt
    unique-id-header X-Request-Id
CFG
}

# Every tool a bench needs, or exit 2 naming the missing one.
require_tools() { # tools...
    local tool
    for tool in "$@"; do
        command -v "$tool" >/dev/null || { echo "missing $tool (see the script's --help)" >&2; exit 2; }
    done
}

# The run's temporary folder ($work, readable by nginx's unprivileged workers) and the list of
# processes it starts ($pids): on exit all are killed and the folder removed.
bench_workdir() { # $1 folder name prefix
    work=$(mktemp -d "/tmp/$1.XXXXXX")
    chmod 755 "$work"
    pids=()
    trap bench_cleanup EXIT
}
bench_cleanup() {
    local p
    for p in "${pids[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$work"
}
