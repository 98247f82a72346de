#!/usr/bin/env bash
# The sample API gateway under load, side by side with its baselines, in one command:
#   (a) GET /api/roles at 100 connections (wrk): req/s, p50/p99, non-2xx;
#   (b) the auth-service guide's `ab -n 1000 -c 100` on the same endpoint;
#   (c) overload: /api/slow?ms=500 at 100 connections on a 5 + 5 pool with a 2 s pool
#       timeout: status codes, time to reject, time to recover after the load stops;
#   (d) the same api_keys lookup straight against PostgreSQL with pgbench, at the pool's
#       connection count, as the ceiling.
# The pool state is sampled from /actuator/pooltune during each run and drawn as a PNG.
# Results: benchmarks/results/load.json, load-*.csv, load-*.png.
#
# Needs a JDK, PostgreSQL on $PGHOST:$PGPORT ($PGUSER/$PGPASSWORD, default
# 127.0.0.1:5432 postgres/postgres; as root, .ci/start-postgres starts the machine's own
# when nothing answers there), and wrk,
# ab, pgbench, gnuplot and python3 (installed with apt when missing and run as root).
# Only 127.0.0.1 is ever loaded. Bounded: about 4 minutes with the defaults.
set -euo pipefail
cd "$(dirname "$0")/.."

. benchmarks/lib.sh
use_local_postgres
need wrk:wrk ab:apache2-utils pgbench:postgresql gnuplot:gnuplot-nox python3:python3 psql:postgresql-client curl:curl
DURATION=${LOAD_SECONDS:-30}
PORT=${LOAD_PORT:-18090}
RESULTS=benchmarks/results
DB=pooltune_load_$$
mkdir -p "$RESULTS"

# On a fresh Debian/Ubuntu machine, start the installed PostgreSQL the way CI does.
if ! pg_isready -q -h "$PGHOST" -p "$PGPORT" && [ "$(id -u)" = 0 ] && [ "$PGHOST:$PGPORT" = 127.0.0.1:5432 ]; then
	.ci/start-postgres
fi

echo "== build"
./mvnw -B -q -ntp -pl sample-app -am package -DskipTests
JAR=$(ls sample-app/target/pooltune-sample-app-*.jar | head -n 1)

psql -h "$PGHOST" -p "$PGPORT" -d postgres -qc "create database $DB"
APP_PID=
SAMPLER_PID=
cleanup() {
	[ -n "$SAMPLER_PID" ] && kill "$SAMPLER_PID" 2>/dev/null || true
	[ -n "$APP_PID" ] && kill "$APP_PID" 2>/dev/null && wait "$APP_PID" 2>/dev/null || true
	psql -h "$PGHOST" -p "$PGPORT" -d postgres -qc "drop database if exists $DB with (force)" >/dev/null || true
}
trap cleanup EXIT

# start_app NAME [ENV=VALUE ...]: the sample app on 127.0.0.1:$PORT against the scratch database.
start_app() {
	local name=$1
	shift
	env "$@" DATABASE_URL="postgresql://$PGUSER:$PGPASSWORD@$PGHOST:$PGPORT/$DB" SERVER_ADDRESS=127.0.0.1 \
		SERVER_PORT=$PORT java -Xmx1g -jar "$JAR" >"$RESULTS/load-$name-app.log" 2>&1 &
	APP_PID=$!
	await_app "$PORT" "$RESULTS/load-$name-app.log"
}

stop_app() {
	kill "$APP_PID" && wait "$APP_PID" 2>/dev/null || true
	APP_PID=
}

# start_sampler NAME: every 0.25 s, the pool state as CSV (seconds, in use, overflow, waiting, open).
start_sampler() {
	python3 - "http://127.0.0.1:$PORT/actuator/pooltune" "$RESULTS/load-$1.csv" <<'PY' &
import json, sys, time, urllib.request
url, csv = sys.argv[1], sys.argv[2]
start = time.time()
with open(csv, "w", buffering=1) as out:
    out.write("seconds,checked_out,overflow,waiting,total_connections\n")
    while True:
        try:
            pool = json.load(urllib.request.urlopen(url, timeout=1))["pool"]["dataSource"]
            out.write("%.2f,%d,%d,%d,%d\n" % (time.time() - start, pool["checked_out"], pool["overflow"],
                                             pool["waiting"], pool["total_connections"]))
        except OSError:
            pass
        time.sleep(0.25)
PY
	SAMPLER_PID=$!
}

plot() {
	local name=$1 title=$2
	gnuplot <<GNUPLOT
set terminal pngcairo size 1000,420 font ",10"
set output "$RESULTS/load-$name.png"
set title "$title"
set datafile separator ","
set key outside right top
set xlabel "seconds"
set ylabel "connections / threads"
set yrange [0:*]
set offsets 0, 0, 4, 0
plot "$RESULTS/load-$name.csv" using 1:2 with lines lw 2 title "in use", \
     "" using 1:3 with lines lw 2 title "overflow in use", \
     "" using 1:4 with lines lw 2 title "threads waiting", \
     "" using 1:5 with lines dt 2 title "open"
GNUPLOT
}

# A wrk script: rotate over the 1000 demo keys, count the status codes, write them as JSON.
cat >"$RESULTS/.roles.lua" <<'LUA'
local counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", "/api/roles", {["Authorization"] = string.format("Bearer demo-key-%04d", counter % 1000 + 1)})
end
LUA
cp benchmarks/wrk/report.lua "$RESULTS/.report.lua"
cat "$RESULTS/.roles.lua" "$RESULTS/.report.lua" >"$RESULTS/.roles-report.lua"
cat >"$RESULTS/.slow-report.lua" <<'LUA'
request = function() return wrk.format("GET", "/api/slow?ms=500") end
LUA
cat "$RESULTS/.report.lua" >>"$RESULTS/.slow-report.lua"

echo "== (a) /api/roles at 100 connections, pool 20 + 30 (the gateway tuning guide's), ${DURATION}s after a 10 s warm-up"
start_app roles
wrk -t2 -c100 -d10s -s "$RESULTS/.roles.lua" "http://127.0.0.1:$PORT" >/dev/null
start_sampler roles
wrk -t2 -c100 -d"${DURATION}s" --timeout 10s --latency -s "$RESULTS/.roles-report.lua" "http://127.0.0.1:$PORT" \
	| tee "$RESULTS/load-roles-wrk.txt"
stop_sampler
plot roles "GET /api/roles, 100 connections, pool 20 + 30"

echo "== (b) the auth-service guide's ab -n 1000 -c 100"
ab -n 1000 -c 100 -H "Authorization: Bearer demo-key-0001" "http://127.0.0.1:$PORT/api/roles" \
	>"$RESULTS/load-ab.txt" 2>&1
grep -E "Requests per second|Failed requests|Non-2xx|Time per request|100%" "$RESULTS/load-ab.txt" || true
stop_app

echo "== (d) pgbench: the same lookup straight against PostgreSQL, 50 connections (the pool's maximum)"
cat >"$RESULTS/.roles.pgbench" <<'SQL'
\set n random(1, 1000)
select owner, roles from api_keys where key_hash = encode(sha256(convert_to('demo-key-' || lpad(:n::text, 4, '0'), 'UTF8')), 'hex');
SQL
pgbench -h "$PGHOST" -p "$PGPORT" -n -c 50 -j 2 -T "$DURATION" -f "$RESULTS/.roles.pgbench" "$DB" \
	| tee "$RESULTS/load-pgbench.txt"

echo "== (c) overload: /api/slow?ms=500 at 100 connections, pool 5 + 5, pool timeout 2 s"
start_app overload DB_POOL_SIZE=5 DB_MAX_OVERFLOW=5 DB_POOL_TIMEOUT=2
start_sampler overload
: >"$RESULTS/load-overload-probes.txt"
sleep 2
wrk -t2 -c100 -d20s --timeout 10s --latency -s "$RESULTS/.slow-report.lua" "http://127.0.0.1:$PORT" \
	>"$RESULTS/load-overload-wrk.txt" &
WRK_PID=$!
# Time to reject: what one more request sees while the pool is overloaded.
sleep 8
for _ in 1 2 3 4 5; do
	curl -s -o /dev/null -w '%{http_code} %{time_total}\n' -H 'Authorization: Bearer demo-key-0003' \
		"http://127.0.0.1:$PORT/api/roles" >>"$RESULTS/load-overload-probes.txt"
done
wait "$WRK_PID"
cat "$RESULTS/load-overload-wrk.txt"
load_stopped=$(date +%s.%N)
recovered=
for _ in $(seq 1 400); do
	if [ "$(curl -s -o /dev/null -w '%{http_code}' -H 'Authorization: Bearer demo-key-0002' \
		"http://127.0.0.1:$PORT/api/roles")" = 200 ]; then
		recovered=$(date +%s.%N)
		break
	fi
	sleep 0.05
done
sleep 3
stop_sampler
plot overload "GET /api/slow?ms=500, 100 connections, pool 5 + 5, timeout 2 s"
stop_app

python3 - "$RESULTS" "$load_stopped" "${recovered:-}" "$DURATION" <<'PY'
import json, re, sys
results, stopped, recovered, duration = sys.argv[1], float(sys.argv[2]), sys.argv[3], int(sys.argv[4])

def wrk(name):
    text = open(f"{results}/load-{name}-wrk.txt").read()
    return json.loads(re.search(r"WRK_JSON (\{.*\})", text).group(1))

def ab():
    text = open(f"{results}/load-ab.txt").read()
    grab = lambda pattern: float(re.search(pattern, text).group(1))
    non2xx = re.search(r"Non-2xx responses:\s+(\d+)", text)
    return {"requests": int(grab(r"Complete requests:\s+(\d+)")), "req_per_s": grab(r"Requests per second:\s+([\d.]+)"),
            "mean_ms": grab(r"Time per request:\s+([\d.]+) \[ms\] \(mean\)"), "failed": int(grab(r"Failed requests:\s+(\d+)")),
            "non_2xx": int(non2xx.group(1)) if non2xx else 0, "longest_ms": grab(r"100%\s+(\d+)")}

def pgbench():
    text = open(f"{results}/load-pgbench.txt").read()
    tps = float(re.search(r"tps = ([\d.]+)", text).group(1))
    latency = float(re.search(r"latency average = ([\d.]+) ms", text).group(1))
    return {"tps": tps, "latency_avg_ms": latency, "clients": 50}

def samples(name):
    rows = [line.split(",") for line in open(f"{results}/load-{name}.csv").read().splitlines()[1:]]
    rows = [[float(v) for v in row] for row in rows if len(row) == 5]
    return {"samples": len(rows), "max_checked_out": max((r[1] for r in rows), default=0),
            "max_overflow": max((r[2] for r in rows), default=0), "max_waiting": max((r[3] for r in rows), default=0)}

roles, overload = wrk("roles"), wrk("overload")
roles["req_per_s"] = roles["requests"] / roles["seconds"]
roles["non_2xx"] = sum(n for status, n in roles["statuses"].items() if not status.startswith("2"))
ceiling = pgbench()
summary = {
    "roles_100_connections": roles | {"pool": samples("roles")},
    "ab_n1000_c100": ab(),
    "pgbench_ceiling": ceiling,
    "app_vs_pgbench": round(roles["req_per_s"] / ceiling["tps"], 3),
    "overload": overload | {
        "pool": samples("overload"), "pool_timeout_ms": 2000,
        "status_500": overload["statuses"].get("500", 0),
        "reject_probes": [{"status": int(status), "seconds": float(seconds)} for status, seconds in
                          (line.split() for line in open(f"{results}/load-overload-probes.txt").read().splitlines())],
        "within_pool_timeout_plus_10pct": overload["max_ms"] <= 2000 * 1.1 + 500,
        "recovery_seconds": round(float(recovered) - stopped, 3) if recovered else None},
}
json.dump(summary, open(f"{results}/load.json", "w"), indent=2)
print(json.dumps(summary, indent=2))
PY
rm -f "$RESULTS"/load-overload-probes.txt "$RESULTS"/.roles.lua "$RESULTS"/.report.lua "$RESULTS"/.roles-report.lua "$RESULTS"/.slow-report.lua \
	"$RESULTS"/.roles.pgbench
echo "Results in $RESULTS/load.json and $RESULTS/load-*.png"
