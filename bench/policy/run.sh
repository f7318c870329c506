#!/bin/bash
# What host and route policies cost (issue #15): the embedded proxy and nginx, each serving the
# same route twice, once plain and once with every policy on (an allow list, basic auth, a
# connection limit and a rate limit high enough never to refuse, CORS for the Origin every request
# carries, the recommended security headers; ours also keeps a sticky cookie, which nginx OSS
# cannot), driven with wrk in the same run and in alternation. External auth is left out: it is a
# second request per request in both, not a filter.
#
#   bench/policy/run.sh [--build DIR] [--duration SECONDS] [--connections N] [--workers N]
#                       [--rounds N] [--ports BASE]
#
# Prints requests/s and p99 of each, then the ratios that matter: ours with policies over ours
# without (target: within 5 %), nginx's the same, and ours with policies over nginx with
# policies. The password is an apr1 hash, which both verify; nginx verifies it on every request,
# ours once per worker (docs/proxy.md, "Policies"), so the ours/nginx ratio says what that
# choice is worth. Needs wrk, nginx, htpasswd (apache2-utils). Release build:
#   cmake -S . -B build/proxy-rel -G Ninja -DCMAKE_BUILD_TYPE=Release -DINGRESS_BUILD_GUI=OFF
#   cmake --build build/proxy-rel --target ingress-studio-cli
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
source "$root/bench/lib.sh"
build="$root/build/proxy-rel"
duration=10
connections=50
workers=1
rounds=2
port_base=19200
while [ $# -gt 0 ]; do
    case "$1" in
    --build) build=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --workers) workers=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --ports) port_base=$2; shift 2 ;; # BASE..BASE+4: backend, ours plain/policy, nginx plain/policy
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done
cli="$build/bin/ingress-studio-cli"
[ -x "$cli" ] || { echo "no $cli: build the Release CLI first (see --help)" >&2; exit 2; }
require_tools wrk nginx htpasswd

bench_workdir ingress-policy-bench

backend_port=$port_base
declare -A port=([ours]=$((port_base + 1)) [ours+policy]=$((port_base + 2))
                 [nginx]=$((port_base + 3)) [nginx+policy]=$((port_base + 4)))
for p in $backend_port "${port[@]}"; do
    if (exec 3<>/dev/tcp/127.0.0.1/$p) 2>/dev/null; then
        echo "port $p is in use (another benchmark running?): use --ports BASE" >&2
        exit 2
    fi
done

mkdir -p "$work/www" "$work/backend" "$work/nginx"
printf 'hello, world\n' > "$work/www/small"
chmod -R a+rX "$work/www"
nginx_conf "$work/backend" 1 "server { listen 127.0.0.1:$backend_port; root $work/www; }"
nginx -c "$work/backend/nginx.conf" -p "$work/backend" &
pids+=($!)

htpasswd -cbm "$work/users.htpasswd" bench bench-secret 2> /dev/null
auth="Authorization: Basic $(printf 'bench:bench-secret' | base64)"

# Ours: two listeners, one host each; the policy host has every policy.
cat > "$work/topology.yaml" <<YAML
apiVersion: ingress-studio/v1
kind: Topology
listeners:
  - {name: plain, bind: "127.0.0.1:${port[ours]}"}
  - {name: guarded, bind: "127.0.0.1:${port[ours+policy]}"}
services:
  - name: origin
    endpoints: ["127.0.0.1:$backend_port"]
  - name: sticky-origin
    endpoints: ["127.0.0.1:$backend_port"]
    stickySession: {cookie: BENCH}
hosts:
  - host: bench.test
    listeners: [plain]
    routes:
      - {path: /, service: origin}
  - host: bench.test
    listeners: [guarded]
    policy:
      allow: [127.0.0.0/8, "::1"]
      deny: [192.0.2.0/24]
      basicAuth: {htpasswd: users.htpasswd, realm: bench}
      connectionLimit: 60000
      rateLimit: {requests: 1000000, per: second, burst: 1000000}
      cors: {allowOrigins: ["https://app.bench.test"], allowCredentials: true}
      securityHeaders: recommended
    routes:
      - {path: /, service: sticky-origin}
YAML
"$cli" serve "$work/topology.yaml" --workers "$workers" > "$work/ours.out" 2> "$work/ours.err" &
ours_pid=$!
pids+=($ours_pid)

nginx_conf "$work/nginx" "$workers" "upstream origin { server 127.0.0.1:$backend_port; keepalive 128; }
    limit_req_zone \$binary_remote_addr zone=rate:10m rate=1000000r/s;
    limit_conn_zone \$binary_remote_addr zone=conn:10m;
    map \$http_origin \$cors_origin { \"https://app.bench.test\" \$http_origin; default \"\"; }
    server { listen 127.0.0.1:${port[nginx]};
             location / { proxy_pass http://origin; proxy_http_version 1.1;
                          proxy_set_header Connection \"\"; $(nginx_forwarding http) } }
    server { listen 127.0.0.1:${port[nginx+policy]};
             location / { deny 192.0.2.0/24; allow 127.0.0.0/8; allow ::1; deny all;
                          auth_basic bench; auth_basic_user_file $work/users.htpasswd;
                          limit_req zone=rate burst=1000000 nodelay; limit_req_status 429;
                          limit_conn conn 60000; limit_conn_status 429;
                          proxy_hide_header Access-Control-Allow-Origin;
                          add_header Access-Control-Allow-Origin \$cors_origin always;
                          add_header Access-Control-Allow-Credentials true always;
                          add_header Vary Origin always;
                          add_header X-Content-Type-Options nosniff always;
                          add_header Referrer-Policy strict-origin-when-cross-origin always;
                          add_header X-Frame-Options SAMEORIGIN always;
                          proxy_pass http://origin; proxy_http_version 1.1;
                          proxy_set_header Connection \"\"; $(nginx_forwarding http) } }"
nginx -c "$work/nginx/nginx.conf" -p "$work/nginx" &
nginx_pid=$!
pids+=($nginx_pid)

for p in $backend_port "${port[@]}"; do wait_port "$p"; done

run_wrk() { # $1 port -> "rps p99ms requests errors"
    wrk -t1 -c"$connections" -d"${duration}s" --latency -H 'Host: bench.test' -H "$auth" \
        -H 'Origin: https://app.bench.test' \
        "http://127.0.0.1:$1/small" 2>&1 | wrk_summary
}

declare -A best_rps best_p99
names=(ours ours+policy nginx nginx+policy)
for name in "${names[@]}"; do best_rps[$name]=0; best_p99[$name]=0; done
printf '%-14s %12s %9s   %s\n' proxy req/s p99_ms errors
for round in $(seq "$rounds"); do
    for name in "${names[@]}"; do
        read -r rps p99 _ errors <<<"$(run_wrk "${port[$name]}")"
        printf '%-14s %12s %9s   %s\n' "$name" "$rps" "$p99" "$errors"
        # Any refusal means the policies were not what this bench measures: stop.
        [ "$errors" = none ] || { echo "errors from $name: the bench is void" >&2; exit 1; }
        # Keep each proxy's best round: the machine is shared, noise only slows.
        if awk -v a="$rps" -v b="${best_rps[$name]}" 'BEGIN{exit !(a>b)}'; then
            best_rps[$name]=$rps; best_p99[$name]=$p99
        fi
    done
done
awk -v o="${best_rps[ours]}" -v op="${best_rps[ours+policy]}" -v n="${best_rps[nginx]}" \
    -v np="${best_rps[nginx+policy]}" -v opp="${best_p99[ours+policy]}" \
    -v npp="${best_p99[nginx+policy]}" -v w="$workers" 'BEGIN {
    printf "=> workers=%s  ours policies/plain %.3fx (cost %.1f%%, target < 5%%)  nginx policies/plain %.3fx\n",
        w, op/o, 100*(1-op/o), np/n
    printf "=> with policies: ours/nginx %.2fx (p99 %.2fx)\n", op/np, (npp > 0 ? opp/npp : 0) }'
