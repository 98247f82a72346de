#!/usr/bin/env bash
# The sample on virtual threads with HikariCP 7.0.2 (Spring Boot 4.1.2's) against the first
# release with the fix of HikariCP #2402, in one run: spring.threads.virtual.enabled=true,
# a fixed pool of 20 (DB_POOL_SIZE=20 DB_MAX_OVERFLOW=0), wrk at 400 connections on
# GET /api/slow?ms=5. For each release: req/s, p50/p99, non-2xx, the sample's CPU seconds
# (utime + stime from /proc/<pid>/stat around the measured window), CPU per 1000 requests,
# and the share of JFR's execution samples in ConcurrentBag's hand-off loops
# (requite/unreserve), where 7.0.2 spins on Thread.yield(). Then HikariCP alone
# (VirtualThreadPoolOnly.java): 400 virtual threads on a pool of 20 and 2000 on 50,
# borrowing and returning in a loop, borrows/s and CPU seconds (reported, not a goal).
# Results: benchmarks/results/virtual-threads.md and virtual-threads.json (with the raw wrk
# output of each run).
#
# Goals (exit 1 when one is missed):
#   - every request answered 2xx, no socket errors, on both releases;
#   - pooltune's start-up WARN about the spin appears exactly once with 7.0.2 and never with
#     the fixed release.
# The CPU and req/s of the two releases are compared as figures, not as a goal: on a machine
# shared with other builds the runs differ from each other by more than the releases do
# (docs/benchmarks.md#virtual-threads).
#
# Needs a JDK 21 or newer to run the sample (virtual threads; VT_JAVA=/path/to/java, else
# the newest under /usr/lib/jvm), PostgreSQL on $PGHOST:$PGPORT ($PGUSER/$PGPASSWORD,
# default 127.0.0.1:5432 postgres/postgres), wrk, psql and python3 (installed with apt
# when missing and run as root). Only 127.0.0.1 is loaded. About 5 minutes with the defaults.
set -euo pipefail
cd "$(dirname "$0")/.."

. benchmarks/lib.sh
use_local_postgres
need wrk:wrk python3:python3 psql:postgresql-client curl:curl
DURATION=${VT_SECONDS:-30}
WARMUP=${VT_WARMUP_SECONDS:-10}
CONNECTIONS=${VT_CONNECTIONS:-400}
PORT=${VT_PORT:-18091}
AFFECTED=${VT_AFFECTED:-7.0.2}
FIXED=${VT_FIXED:-7.1.0}
RESULTS=benchmarks/results
WORK=$(mktemp -d)
DB=pooltune_vt_$$
mkdir -p "$RESULTS"

# java_feature JAVA: the feature version of that java (17, 21, 25).
java_feature() {
	"$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'
}
if [ -z "${VT_JAVA:-}" ]; then
	for candidate in /usr/lib/jvm/*/bin/java "$(command -v java)"; do
		[ -x "$candidate" ] || continue
		feature=$(java_feature "$candidate")
		if [ "${feature:-0}" -ge 21 ] && { [ -z "${VT_JAVA:-}" ] || [ "$feature" -gt "$(java_feature "$VT_JAVA")" ]; }; then
			VT_JAVA=$candidate
		fi
	done
fi
if [ -z "${VT_JAVA:-}" ] || [ "$(java_feature "$VT_JAVA")" -lt 21 ]; then
	echo "Virtual threads need Java 21 or newer to run the sample: set VT_JAVA=/path/to/java" >&2
	exit 1
fi
JCMD=$(dirname "$VT_JAVA")/jcmd
echo "== the sample runs on $("$VT_JAVA" -version 2>&1 | head -n 1) ($VT_JAVA)"

if ! pg_isready -q -h "$PGHOST" -p "$PGPORT" && [ "$(id -u)" = 0 ] && [ "$PGHOST:$PGPORT" = 127.0.0.1:5432 ]; then
	.ci/start-postgres
fi

# build VERSION: the sample jar with that HikariCP (Maven's -Dhikaricp.version overrides
# the version that Spring Boot's BOM manages), copied to $WORK/sample-VERSION.jar.
build() {
	echo "== build the sample with HikariCP $1"
	./mvnw -B -q -ntp -pl sample-app -am package -DskipTests -Dhikaricp.version="$1"
	local jar
	jar=$(ls sample-app/target/pooltune-sample-app-*.jar | grep -v original | head -n 1)
	if ! unzip -Z1 "$jar" | grep -qx "BOOT-INF/lib/HikariCP-$1.jar"; then
		echo "The sample jar does not hold HikariCP-$1.jar" >&2
		exit 1
	fi
	cp "$jar" "$WORK/sample-$1.jar"
}
build "$AFFECTED"
build "$FIXED"

psql -h "$PGHOST" -p "$PGPORT" -d postgres -qc "create database $DB"
APP_PID=
cleanup() {
	[ -n "$APP_PID" ] && kill "$APP_PID" 2>/dev/null && wait "$APP_PID" 2>/dev/null || true
	psql -h "$PGHOST" -p "$PGPORT" -d postgres -qc "drop database if exists $DB with (force)" >/dev/null || true
	rm -rf "$WORK"
}
trap cleanup EXIT

{ echo 'request = function() return wrk.format("GET", "/api/slow?ms=5") end'; cat benchmarks/wrk/report.lua; } >"$WORK/slow.lua"

# cpu_ticks PID: utime + stime of the process, in clock ticks (fields 14 and 15 of /proc/PID/stat).
cpu_ticks() {
	awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"
}

# machine_busy: busy and total jiffies of the whole machine (all engineers' processes).
machine_jiffies() {
	awk '/^cpu / { busy = $2 + $3 + $4 + $7 + $8; total = busy + $5 + $6; print busy, total }' /proc/stat
}

# run VERSION: the measured run of the sample built with that HikariCP.
run() {
	local version=$1 log="$RESULTS/virtual-threads-$1-app.log"
	echo "== HikariCP $version: ${CONNECTIONS} connections on /api/slow?ms=5, pool 20 + 0, virtual threads"
	env SPRING_THREADS_VIRTUAL_ENABLED=true DB_POOL_SIZE=20 DB_MAX_OVERFLOW=0 \
		DATABASE_URL="postgresql://$PGUSER:$PGPASSWORD@$PGHOST:$PGPORT/$DB" SERVER_ADDRESS=127.0.0.1 SERVER_PORT=$PORT \
		"$VT_JAVA" -Xmx1g -jar "$WORK/sample-$version.jar" >"$log" 2>&1 &
	APP_PID=$!
	await_app "$PORT" "$log"
	wrk -t2 -c"$CONNECTIONS" -d"${WARMUP}s" --timeout 10s "http://127.0.0.1:$PORT/api/slow?ms=5" >/dev/null
	local ticks_before machine_before started
	ticks_before=$(cpu_ticks "$APP_PID")
	machine_before=$(machine_jiffies)
	started=$(date +%s.%N)
	# Where the CPU goes: JFR's execution samples (running threads only) over the window.
	"$JCMD" "$APP_PID" JFR.start name=vt settings=profile >/dev/null
	wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --timeout 10s --latency -s "$WORK/slow.lua" \
		"http://127.0.0.1:$PORT" >"$WORK/wrk-$version.out"
	local ticks_after machine_after ended
	ticks_after=$(cpu_ticks "$APP_PID")
	machine_after=$(machine_jiffies)
	ended=$(date +%s.%N)
	"$JCMD" "$APP_PID" JFR.stop name=vt filename="$WORK/rec-$version.jfr" >/dev/null
	"$(dirname "$VT_JAVA")/jfr" print --events jdk.ExecutionSample --stack-depth 64 "$WORK/rec-$version.jfr" \
		>"$WORK/samples-$version.txt"
	cat "$WORK/wrk-$version.out"
	kill "$APP_PID" && wait "$APP_PID" 2>/dev/null || true
	APP_PID=
	python3 - "$WORK" "$version" "$ticks_before" "$ticks_after" "$(getconf CLK_TCK)" "$started" "$ended" \
		"$machine_before" "$machine_after" "$log" <<'PY'
import json, re, sys
work, version, before, after, hz, started, ended, machine_before, machine_after, log = sys.argv[1:]
text = open(f"{work}/wrk-{version}.out").read()
wrk = json.loads(re.search(r"WRK_JSON (\{.*\})", text).group(1))
# One block per JFR execution sample; its stack, innermost frame first.
samples = re.findall(r"jdk\.ExecutionSample \{(.*?)\n\}", open(f"{work}/samples-{version}.txt").read(), re.S)
in_handoff = [s for s in samples if re.search(r"ConcurrentBag\.(requite|unreserve)", s)]
busy0, total0 = map(int, machine_before.split())
busy1, total1 = map(int, machine_after.split())
cpu = (int(after) - int(before)) / int(hz)
run = {
    "hikaricp": version,
    "wrk": wrk,
    "wrk_raw": text,
    "req_per_s": round(wrk["requests"] / wrk["seconds"], 1),
    "non_2xx": sum(n for status, n in wrk["statuses"].items() if not status.startswith("2")),
    "cpu_seconds": round(cpu, 2),
    "window_seconds": round(float(ended) - float(started), 2),
    "cpu_ms_per_1000_requests": round(cpu * 1000 / max(wrk["requests"], 1) * 1000, 1),
    "machine_busy_share": round((busy1 - busy0) / max(total1 - total0, 1), 3),
    "jfr": {"execution_samples": len(samples),
            "in_bag_handoff": len(in_handoff),
            "in_bag_handoff_yielding": sum(1 for s in in_handoff if "Thread.yield" in s),
            "in_bag_handoff_share": round(len(in_handoff) / max(len(samples), 1), 4)},
    "warnings_about_the_spin": sum(1 for line in open(log) if " WARN " in line and "HikariCP #2398" in line),
}
json.dump(run, open(f"{work}/run-{version}.json", "w"))
PY
}
run "$AFFECTED"
run "$FIXED"

# pool_only VERSION THREADS POOL: HikariCP alone (VirtualThreadPoolOnly.java), its jars taken
# from the sample built with that release.
pool_only() {
	local version=$1 lib="$WORK/lib-$1"
	mkdir -p "$lib"
	unzip -qjo "$WORK/sample-$version.jar" "BOOT-INF/lib/HikariCP-*.jar" "BOOT-INF/lib/postgresql-*.jar" \
		"BOOT-INF/lib/slf4j-api-*.jar" -d "$lib"
	echo "== HikariCP $version alone: $2 virtual threads borrowing from a pool of $3"
	THREADS=$2 POOL=$3 WINDOW_SECONDS=${VT_POOL_ONLY_SECONDS:-15} "$VT_JAVA" -cp "$lib/*" benchmarks/VirtualThreadPoolOnly.java \
		"jdbc:postgresql://$PGHOST:$PGPORT/$DB" "$PGUSER" "$PGPASSWORD" 2>&1 | grep POOL_ONLY_JSON \
		| sed "s/^POOL_ONLY_JSON {/{\"hikaricp\": \"$version\", /" | tee -a "$WORK/pool-only.jsonl"
}
: >"$WORK/pool-only.jsonl"
for shape in "400 20" "2000 50"; do
	pool_only "$AFFECTED" $shape
	pool_only "$FIXED" $shape
done

python3 - "$WORK" "$RESULTS" "$AFFECTED" "$FIXED" "$CONNECTIONS" "$DURATION" "$("$VT_JAVA" -version 2>&1 | head -n 1)" <<'PY'
import json, os, sys
work, results, affected, fixed, connections, duration, java = sys.argv[1:]
a = json.load(open(f"{work}/run-{affected}.json"))
f = json.load(open(f"{work}/run-{fixed}.json"))
goals = {
    "every request 2xx, no socket errors":
        all(r["non_2xx"] == 0 and r["wrk"]["socket_errors"] == 0 for r in (a, f)),
    f"one WARN with {affected}, none with {fixed}":
        a["warnings_about_the_spin"] == 1 and f["warnings_about_the_spin"] == 0,
}
pool_only = [json.loads(line) for line in open(f"{work}/pool-only.jsonl") if line.strip()]
for r in pool_only:
    r["cpu_ns_per_borrow"] = round(r["cpu_seconds"] * 1e9 / max(r["borrows"], 1))
summary = {"java": java, "connections": int(connections), "seconds": int(duration), "pool": "20 + 0",
           "endpoint": "/api/slow?ms=5", "cores": os.cpu_count(), "runs": [a, f],
           "fixed_vs_affected": {
               "req_per_s": round(f["req_per_s"] / a["req_per_s"], 3),
               "cpu_per_request": round(f["cpu_ms_per_1000_requests"] / a["cpu_ms_per_1000_requests"], 3)},
           "pool_only": pool_only, "goals": goals}
json.dump(summary, open(f"{results}/virtual-threads.json", "w"), indent=2)

def row(r):
    return (f"| {r['hikaricp']} | {r['req_per_s']:.0f} | {r['wrk']['p50_ms']:.1f} | {r['wrk']['p99_ms']:.1f} "
            f"| {r['non_2xx']} | {r['cpu_seconds']:.1f} | {r['cpu_ms_per_1000_requests']:.0f} "
            f"| {r['jfr']['in_bag_handoff']} of {r['jfr']['execution_samples']} ({r['jfr']['in_bag_handoff_share'] * 100:.1f} %), "
            f"{r['jfr']['in_bag_handoff_yielding']} in yield "
            f"| {r['machine_busy_share'] * 100:.0f} % | {r['warnings_about_the_spin']} |")

lines = [
    "# Virtual threads: HikariCP " + affected + " against " + fixed,
    "",
    f"`benchmarks/virtual-threads.sh`, one run. The sample with `spring.threads.virtual.enabled=true`, "
    f"`DB_POOL_SIZE=20 DB_MAX_OVERFLOW=0`, wrk `-t2 -c{connections}` on `GET /api/slow?ms=5` for {duration} s "
    f"after a warm-up; {java}; PostgreSQL on the same machine.",
    "",
    f"The machine has {os.cpu_count()} cores shared with other engineers' builds and tests, and wrk and "
    "PostgreSQL run on them too: the figures compare the two releases in one run, not with other machines. "
    "\"machine busy\" is the share of the cores in use by anything during the window.",
    "",
    "| HikariCP | req/s | p50 ms | p99 ms | non-2xx | sample CPU s | CPU ms / 1000 req | JFR samples in the bag's hand-off | machine busy | start-up WARN |",
    "|---|---:|---:|---:|---:|---:|---:|---|---:|---:|",
    row(a), row(f),
    "",
    f"{fixed} against {affected}: req/s × {summary['fixed_vs_affected']['req_per_s']}, "
    f"CPU per request × {summary['fixed_vs_affected']['cpu_per_request']}. A figure, not a goal: "
    "on shared cores one run differs from the next by more than the releases do "
    "([docs/benchmarks.md](../../docs/benchmarks.md#virtual-threads)).",
    "",
    "\"JFR samples in the bag's hand-off\": of JFR's execution samples over the window (running threads only, "
    "`settings=profile`), those whose stack is in `ConcurrentBag.requite`/`unreserve`, the hand-off loop of "
    "HikariCP #2398, and how many of them in `Thread.yield`.",
    "",
    "## HikariCP alone",
    "",
    "`benchmarks/VirtualThreadPoolOnly.java`, right after: virtual threads borrowing and returning connections "
    "of one pool in a loop, no statement, nothing else in the JVM, as HikariCP #2402 measured it; "
    "a 3 s warm-up, then the window. The first shape is the sample's, the second #2402's.",
    "",
    "| HikariCP | virtual threads | pool | borrows/s | CPU s | CPU ns / borrow |",
    "|---|---:|---:|---:|---:|---:|",
] + [f"| {r['hikaricp']} | {r['threads']} | {r['pool']} | {r['borrows_per_s']:,.0f} | {r['cpu_seconds']:.1f} "
     f"| {r['cpu_ns_per_borrow']} |" for r in pool_only] + [
    "",
    "## Goals",
    "",
]
lines += [f"- {'met' if ok else 'MISSED'}: {goal}" for goal, ok in goals.items()]
open(f"{results}/virtual-threads.md", "w").write("\n".join(lines) + "\n")
print("\n".join(lines))
sys.exit(0 if all(goals.values()) else 1)
PY
