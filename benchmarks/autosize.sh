#!/usr/bin/env bash
# The autopilot (DB_POOL_AUTOSIZE=on) under load, in one command; not part of ./mvnw verify:
#   (a) a step load on the sample, 50 → 300 → 50 concurrent on /api/slow?ms=20, $STEP_SECONDS
#       each (30 by default), with the static 20 + 30 pool and then with the autopilot
#       (the same 20 + 30 to start with), on the same server (the run's own, started with
#       max_connections=300) in one run: 503s, p50/p99 per step, peak connections, time to
#       settle after each step;
#   (b) three sample instances sharing a PostgreSQL of the run's own started with
#       max_connections=60 (the same server, restarted; 57 usable): the static 10 + 35 that fits one instance
#       (45 + 10 reserved ≤ 57) against the autopilot starting at 5 + 0, 100 concurrent on
#       each instance: how often the server answered "too many clients".
# Both runs decide every $AUTOSIZE_INTERVAL (5 s here, 15 s by default) with a 1 s pool
# timeout (the sample's is 30 s), so that waits show as 503s within a step.
# Samples of each run (every 0.5 s) are drawn as PNGs with gnuplot.
# Results: benchmarks/results/autosize.json, autosize-*.csv, autosize-*.png.
# Exits non-zero when a goal it reports is missed.
#
# Needs a JDK, wrk, psql, python3, gnuplot and PostgreSQL's initdb/pg_ctl (the machine's,
# /usr/lib/postgresql/*/bin); no shared server is loaded: the autopilot would take most of it.
# Only 127.0.0.1 is loaded. About 8 minutes with the defaults.
set -euo pipefail
cd "$(dirname "$0")/.."

PGHOST=127.0.0.1
export PGUSER=postgres PGPASSWORD=unused
STEP=${STEP_SECONDS:-30}
FLEET_SECONDS=${FLEET_SECONDS:-30}
INTERVAL=${AUTOSIZE_INTERVAL:-5}
PORT=${LOAD_PORT:-18190}
RESULTS=benchmarks/results
PG_BIN=$(dirname "$(ls /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n 1)")
mkdir -p "$RESULTS"
. benchmarks/lib.sh
need wrk:wrk psql:postgresql-client python3:python3 curl:curl gnuplot:gnuplot-nox

echo "== build"
./mvnw -B -q -ntp -pl sample-app -am package -DskipTests
JAR=$(ls sample-app/target/pooltune-sample-app-*.jar | head -n 1)

APPS=()
SAMPLER_PID=
OWN_DIR=
OWN_PORT=
OWN_URL=
cleanup() {
	[ -n "$SAMPLER_PID" ] && kill "$SAMPLER_PID" 2>/dev/null || true
	for pid in "${APPS[@]}"; do kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true; done
	if [ -n "$OWN_DIR" ]; then
		as_postgres "$PG_BIN/pg_ctl" -D "$OWN_DIR/data" -m immediate stop >/dev/null 2>&1 || true
		rm -rf "$OWN_DIR"
	fi
	rm -f "$RESULTS"/.autosize-*
}
trap cleanup EXIT

# PostgreSQL's programs refuse to run as root.
as_postgres() {
	if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# start_app NAME PORT DATABASE_URL [ENV=VALUE ...]: one sample instance on 127.0.0.1:PORT.
start_app() {
	local name=$1 port=$2 url=$3
	shift 3
	env "$@" DATABASE_URL="$url" DB_POOL_TIMEOUT=1 DB_POOL_AUTOSIZE_INTERVAL="$INTERVAL" SERVER_ADDRESS=127.0.0.1 \
		SERVER_PORT="$port" java -Xmx512m -jar "$JAR" >"$RESULTS/autosize-$name-app.log" 2>&1 &
	APPS+=($!)
	await_app "$port" "$RESULTS/autosize-$name-app.log"
}

stop_apps() {
	for pid in "${APPS[@]}"; do kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true; done
	APPS=()
}

# start_sampler NAME PGPORT DATABASE PORT...: every 0.5 s, the load level, each instance's
# maximum, in use, waiting and open connections (from /actuator/pooltune), and the
# server's client connections to the database.
start_sampler() {
	local name=$1 pgport=$2 database=$3
	shift 3
	echo 0 >"$RESULTS/.autosize-load"
	python3 - "$RESULTS/autosize-$name.csv" "$RESULTS/.autosize-load" "$PGHOST" "$pgport" "$database" "$@" <<'PY' &
import json, subprocess, sys, time, urllib.request
csv, level, host, pgport, database, ports = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5], sys.argv[6:]
# One instance: its maximum, in use, waiting, open. Several: each one's maximum, then the
# waiting and open connections of all together, and the usable slots (57 of 60).
fleet = len(ports) > 1
header = ["seconds", "load"] + ([f"maximum_{i + 1}" for i in range(len(ports))] + ["waiting", "open", "usable"]
                                if fleet else ["maximum", "in_use", "waiting", "open"])
start = time.time()
with open(csv, "w", buffering=1) as out:
    out.write(",".join(header + ["server_connections"]) + "\n")
    while True:
        row = ["%.2f" % (time.time() - start), open(level).read().strip() or "0"]
        maxima, in_use, waiting, total = [], 0, 0, 0
        for port in ports:
            try:
                body = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/actuator/pooltune", timeout=2))
                pool = body["pool"]["dataSource"]
                maxima.append(body["hikari"]["dataSource"]["maximumPoolSize"])
                in_use, waiting, total = in_use + pool["checked_out"], waiting + pool["waiting"], total + pool["total_connections"]
            except (OSError, KeyError, ValueError):
                maxima.append(0)
        row += [str(m) for m in maxima] + ([str(waiting), str(total), "57"] if fleet else [str(in_use), str(waiting), str(total)])
        try:
            # -1: the sampler's own connection was refused (the server was full).
            server = subprocess.run(["psql", "-h", host, "-p", pgport, "-d", database, "-Atc",
                                     "select count(*) - 1 from pg_stat_activity where backend_type = 'client backend'"],
                                    capture_output=True, text=True, timeout=2).stdout.strip()
        except subprocess.TimeoutExpired:
            server = ""
        row.append(server or "-1")
        out.write(",".join(row) + "\n")
        time.sleep(0.5)
PY
	SAMPLER_PID=$!
}

# wrk's per-run figures as one JSON line: requests, p50/p99, status counts.
{ echo 'request = function() return wrk.format("GET", "/api/slow?ms=20") end'; cat benchmarks/wrk/report.lua; } >"$RESULTS/.autosize-report.lua"

# own_server MAX_CONNECTIONS: (re)starts a PostgreSQL of the run's own, so that the
# autopilot's hundreds of connections never crowd a shared server.
own_server() {
	if [ -z "$OWN_DIR" ]; then
		OWN_DIR=$(mktemp -d /tmp/pooltune-autosize-pg.XXXXXX)
		chmod 755 "$OWN_DIR"
		[ "$(id -u)" = 0 ] && chown postgres "$OWN_DIR"
		OWN_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
		as_postgres "$PG_BIN/initdb" -D "$OWN_DIR/data" -U postgres -A trust >/dev/null
	else
		as_postgres "$PG_BIN/pg_ctl" -D "$OWN_DIR/data" -m fast -w stop >/dev/null
	fi
	as_postgres "$PG_BIN/pg_ctl" -D "$OWN_DIR/data" -l "$OWN_DIR/server.log" -w \
		-o "-p $OWN_PORT -c max_connections=$1 -c listen_addresses=127.0.0.1 -k $OWN_DIR" start >/dev/null
	OWN_URL="postgresql://postgres:unused@127.0.0.1:$OWN_PORT/postgres"
}

# step_run NAME [ENV=VALUE ...]: the step load on one instance.
step_run() {
	local name=$1
	shift
	start_app "$name" "$PORT" "$OWN_URL" "$@"
	wrk -t2 -c20 -d5s -s "$RESULTS/.autosize-report.lua" "http://127.0.0.1:$PORT" >/dev/null
	start_sampler "$name" "$OWN_PORT" postgres "$PORT"
	sleep 2
	: >"$RESULTS/autosize-$name-steps.txt"
	for level in 50 300 50; do
		echo "$level" >"$RESULTS/.autosize-load"
		echo "step $level $(date +%s.%N)" >>"$RESULTS/autosize-$name-steps.txt"
		wrk -t2 -c"$level" -d"${STEP}s" --timeout 10s --latency -s "$RESULTS/.autosize-report.lua" \
			"http://127.0.0.1:$PORT" | grep WRK_JSON >>"$RESULTS/autosize-$name-steps.txt"
	done
	echo 0 >"$RESULTS/.autosize-load"
	sleep 2
	stop_sampler
	grep -h "(autosize)" "$RESULTS/autosize-$name-app.log" | sed -E 's/^.*Autopilot +: //' || true
	stop_apps
}

echo "== (a) step load 50 → 300 → 50 on /api/slow?ms=20, ${STEP}s per step, a server with max_connections=300: static 20 + 30"
own_server 300
step_run step-static
echo "== (a) the same with the autopilot (20 + 30 to start with, DB_POOL_AUTOSIZE=on)"
step_run step-autosize DB_POOL_AUTOSIZE=on

echo "== (b) three instances on a server with max_connections=60"
own_server 60

# fleet_run NAME [ENV=VALUE ...]: three instances, then 100 concurrent on each at once.
fleet_run() {
	local name=$1
	shift
	local before
	before=$(grep -c "too many clients" "$OWN_DIR/server.log" || true)
	for i in 0 1 2; do
		start_app "$name-$((i + 1))" $((PORT + 10 + i)) "$OWN_URL" "$@"
	done
	start_sampler "$name" "$OWN_PORT" postgres $((PORT + 10)) $((PORT + 11)) $((PORT + 12))
	sleep 2
	echo 100 >"$RESULTS/.autosize-load"
	: >"$RESULTS/autosize-$name-steps.txt"
	local pids=()
	for i in 0 1 2; do
		wrk -t1 -c100 -d"${FLEET_SECONDS}s" --timeout 10s --latency -s "$RESULTS/.autosize-report.lua" \
			"http://127.0.0.1:$((PORT + 10 + i))" >"$RESULTS/.autosize-wrk-$i" &
		pids+=($!)
	done
	wait "${pids[@]}"
	cat "$RESULTS"/.autosize-wrk-? | grep WRK_JSON >>"$RESULTS/autosize-$name-steps.txt"
	echo 0 >"$RESULTS/.autosize-load"
	sleep 2
	stop_sampler
	stop_apps
	local after
	after=$(grep -c "too many clients" "$OWN_DIR/server.log" || true)
	echo "refused $((after - before))" >>"$RESULTS/autosize-$name-steps.txt"
	echo "$name: the server answered \"too many clients\" $((after - before)) times"
}

fleet_run fleet-static DB_POOL_SIZE=10 DB_MAX_OVERFLOW=35
fleet_run fleet-autosize DB_POOL_SIZE=5 DB_MAX_OVERFLOW=0 DB_POOL_AUTOSIZE=on

echo "== charts"
plot_csv "$RESULTS/autosize-step-static.csv" "$RESULTS/autosize-step-static.png" \
	"Static 20 + 30: step load 50 → 300 → 50 on /api/slow?ms=20"
plot_csv "$RESULTS/autosize-step-autosize.csv" "$RESULTS/autosize-step-autosize.png" \
	"Autopilot (20 + 30 to start): step load 50 → 300 → 50 on /api/slow?ms=20"
plot_csv "$RESULTS/autosize-fleet-static.csv" "$RESULTS/autosize-fleet-static.png" \
	"Three instances, static 10 + 35 each, max_connections 60, 100 concurrent each"
plot_csv "$RESULTS/autosize-fleet-autosize.csv" "$RESULTS/autosize-fleet-autosize.png" \
	"Three instances, autopilot from 5 + 0, max_connections 60, 100 concurrent each"

python3 - "$RESULTS" "$STEP" "$INTERVAL" <<'PY'
import json, re, sys
results, step, interval = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])

def steps(name):
    starts, runs, refused = [], [], None
    for line in open(f"{results}/autosize-{name}-steps.txt"):
        if line.startswith("step "):
            starts.append((int(line.split()[1]), float(line.split()[2])))
        elif "WRK_JSON" in line:
            runs.append(json.loads(line.split("WRK_JSON ", 1)[1]))
        elif line.startswith("refused "):
            refused = int(line.split()[1])
    return starts, runs, refused

def samples(name):
    lines = open(f"{results}/autosize-{name}.csv").read().splitlines()
    header = lines[0].split(",")
    rows = [dict(zip(header, map(float, line.split(",")))) for line in lines[1:] if len(line.split(",")) == len(header)]
    return rows

def non2xx(run, code):
    return run["statuses"].get(str(code), 0)

def segments(rows):
    """The samples of each step: runs of rows with the same load level, the idle ends left out."""
    runs = []
    for row in rows:
        if runs and runs[-1][0]["load"] == row["load"]:
            runs[-1].append(row)
        else:
            runs.append([row])
    return [run for run in runs if run[0]["load"] > 0]

def step_figures(name):
    _, runs, _ = steps(name)
    figures = []
    for inside, run in zip(segments(samples(name)), runs):
        begin = inside[0]["seconds"]
        changes = [r["seconds"] for a, r in zip(inside, inside[1:]) if r["maximum"] != a["maximum"]]
        waiting = [r["seconds"] for r in inside if r["waiting"] > 0]
        figures.append({
            "concurrency": int(inside[0]["load"]), "requests": run["requests"],
            "req_per_s": round(run["requests"] / run["seconds"], 1),
            "p50_ms": run["p50_ms"], "p99_ms": run["p99_ms"], "max_ms": run["max_ms"],
            "status_503": non2xx(run, 503), "socket_errors": run["socket_errors"],
            "maximum_at_end": int(inside[-1]["maximum"]),
            "peak_open": int(max(r["open"] for r in inside)),
            "peak_server_connections": int(max(r["server_connections"] for r in inside)),
            # Settled: the maximum's last change in the step, and the last sample with a thread waiting.
            "maximum_settled_after_s": round(changes[-1] - begin, 1) if changes else 0.0,
            "waits_ended_after_s": round(waiting[-1] - begin + 0.5, 1) if waiting else 0.0,
            "waiting_at_end": int(inside[-1]["waiting"])})
    return figures

def fleet_figures(name):
    _, runs, refused = steps(name)
    rows = samples(name)
    return {"too_many_clients": refused, "requests": sum(r["requests"] for r in runs),
            "status_503": sum(non2xx(r, 503) for r in runs), "status_500": sum(non2xx(r, 500) for r in runs),
            "p50_ms": [r["p50_ms"] for r in runs], "p99_ms": [r["p99_ms"] for r in runs],
            "peak_server_connections": int(max((r["server_connections"] for r in rows), default=0)),
            "samples_server_full": sum(1 for r in rows if r["server_connections"] < 0),
            "peak_open_all_instances": int(max((r["open"] for r in rows), default=0)),
            "maximum_at_end": [int(rows[-1][f"maximum_{i}"]) for i in (1, 2, 3)] if rows else None}

summary = {
    "step_seconds": step, "autosize_interval_s": interval, "pool_timeout_s": 1,
    "step_static_20_30": step_figures("step-static"),
    "step_autosize": step_figures("step-autosize"),
    "fleet_max_connections_60": {"usable": 57, "static_10_35": fleet_figures("fleet-static"),
                                 "autosize_from_5_0": fleet_figures("fleet-autosize")},
}
static, auto = summary["step_static_20_30"], summary["step_autosize"]
fleet = summary["fleet_max_connections_60"]
goals = {
    "autosize_no_more_503_than_static": sum(s["status_503"] for s in auto) <= sum(s["status_503"] for s in static),
    "autosize_waits_end_within_each_step": all(s["waiting_at_end"] == 0 for s in auto),
    "autosize_grew_at_300": auto[1]["maximum_at_end"] > 50,
    "autosize_came_down_after_300": auto[2]["maximum_at_end"] < auto[1]["maximum_at_end"],
    "fleet_autosize_never_too_many_clients": fleet["autosize_from_5_0"]["too_many_clients"] == 0,
    "fleet_static_too_many_clients": fleet["static_10_35"]["too_many_clients"] > 0,
    "fleet_autosize_within_usable": fleet["autosize_from_5_0"]["peak_server_connections"] <= 57,
}
summary["goals"] = goals
json.dump(summary, open(f"{results}/autosize.json", "w"), indent=2)
print(json.dumps(summary, indent=2))
missed = [goal for goal, met in goals.items() if not met]
if missed:
    print("Goals missed: " + ", ".join(missed), file=sys.stderr)
    sys.exit(1)
PY
echo "Results in $RESULTS/autosize.json and $RESULTS/autosize-*.png"
