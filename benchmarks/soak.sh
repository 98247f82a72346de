#!/usr/bin/env bash
# Soak: the sample app under mixed load for SOAK_SECONDS (600 by default) against the local
# PostgreSQL, in a scratch database made for the run and dropped after it, while every
# KILL_EVERY seconds (30) all of the app's backends are terminated with pg_terminate_backend.
# At the end: checked-out connections back to 0, no leak reported, no 500, heap after a full
# GC flat. Writes benchmarks/results/soak.json; exits 1 when a check fails.
#
#   SOAK_SECONDS=120 benchmarks/soak.sh
#
# Needs: a JDK (java, jcmd), wrk, psql, curl, jq; PostgreSQL on 127.0.0.1:5432 that
# PGUSER/PGPASSWORD (postgres/postgres) may create databases on (.ci/start-postgres).
# Sends traffic to 127.0.0.1 only.
set -euo pipefail
cd "$(dirname "$0")/.."

SOAK_SECONDS=${SOAK_SECONDS:-600}
KILL_EVERY=${KILL_EVERY:-30}
SAMPLE_EVERY=${SAMPLE_EVERY:-5}
HEAP_GROWTH_LIMIT_MB=${HEAP_GROWTH_LIMIT_MB:-32}
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres} PGPASSWORD=${PGPASSWORD:-postgres}
RESULTS=benchmarks/results
SUMMARY=$RESULTS/soak.json

for tool in java jcmd wrk psql curl jq; do
	command -v "$tool" >/dev/null || { echo "soak: $tool is missing (wrk: apt-get install wrk)" >&2; exit 2; }
done

work=$(mktemp -d /tmp/pooltune-soak.XXXXXX)
suffix=$(od -An -N4 -tx4 /dev/urandom | tr -d ' ')
database=pooltune_soak_$suffix
application=pooltune-soak-$suffix
app_pid=
wrk_pids=()

cleanup() {
	for pid in "${wrk_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
	if [ -n "$app_pid" ] && kill -0 "$app_pid" 2>/dev/null; then
		kill "$app_pid"
		for _ in $(seq 1 40); do kill -0 "$app_pid" 2>/dev/null || break; sleep 0.5; done
		kill -9 "$app_pid" 2>/dev/null || true
	fi
	psql -q -d postgres -c "drop database if exists $database with (force)" >/dev/null 2>&1 || true
}
trap cleanup EXIT

log() { printf '%s soak: %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

free_port() {
	local port
	while :; do
		port=$((20000 + RANDOM % 40000))
		(exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
	done
}

pool() { curl -s --max-time 5 "http://127.0.0.1:$port/actuator/health/pool"; }

# Heap in use right after a full GC, in bytes.
heap_after_gc() {
	jcmd "$app_pid" GC.run >/dev/null
	sleep 1
	jcmd "$app_pid" GC.heap_info >>"$work/heap_info.txt"
	curl -s --max-time 5 "http://127.0.0.1:$port/actuator/prometheus" \
		| jq -Rn '[inputs | select(startswith("jvm_memory_used_bytes{area=\"heap\"")) | split(" ") | last | tonumber] | add | floor'
}

terminate_backends() {
	psql -tA -d postgres -c "select count(pg_terminate_backend(pid)) from pg_stat_activity where application_name = '$application'"
}

log "building the sample app"
./mvnw -B -ntp -q -pl sample-app -am package -DskipTests
jar=$(ls sample-app/target/pooltune-sample-app-*.jar | grep -v -- '-plain' | head -n 1)

psql -q -d postgres -c "create database $database"
port=$(free_port)
log "starting $jar on 127.0.0.1:$port, database $database (log: $work/app.log)"
DATABASE_URL="postgresql://$PGUSER:$PGPASSWORD@$PGHOST:$PGPORT/$database?ApplicationName=$application" \
	SERVER_PORT=$port SERVER_ADDRESS=127.0.0.1 DB_POOL_LEAK_THRESHOLD=10 \
	java -Xms256m -Xmx512m -jar "$jar" >"$work/app.log" 2>&1 &
app_pid=$!
for _ in $(seq 1 240); do
	[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$port/actuator/health" || true)" = 200 ] && break
	kill -0 "$app_pid" 2>/dev/null || { cat "$work/app.log" >&2; exit 1; }
	sleep 0.5
done

log "warming up"
wrk -t1 -c8 -d5s -H 'Authorization: Bearer demo-key-0042' "http://127.0.0.1:$port/api/roles" >/dev/null
heap_start=$(heap_after_gc)
log "heap after GC at start: $((heap_start / 1048576)) MiB; load for ${SOAK_SECONDS}s, backends killed every ${KILL_EVERY}s"

start=$(date +%s)
wrk -t1 -c16 -d"${SOAK_SECONDS}s" --timeout 35s --latency -H 'Authorization: Bearer demo-key-0042' \
	"http://127.0.0.1:$port/api/roles" >"$work/wrk-roles.txt" 2>&1 &
wrk_pids+=($!)
wrk -t1 -c8 -d"${SOAK_SECONDS}s" --timeout 35s --latency \
	"http://127.0.0.1:$port/api/slow?ms=50" >"$work/wrk-slow.txt" 2>&1 &
wrk_pids+=($!)

kills=()
: >"$work/samples.jsonl"
next_kill=$((start + KILL_EVERY))
while kill -0 "${wrk_pids[0]}" 2>/dev/null || kill -0 "${wrk_pids[1]}" 2>/dev/null; do
	now=$(date +%s)
	if [ "$now" -ge "$next_kill" ] && [ "$now" -lt $((start + SOAK_SECONDS)) ]; then
		killed=$(terminate_backends)
		kills+=("$killed")
		log "t=$((now - start))s: terminated $killed backends"
		next_kill=$((next_kill + KILL_EVERY))
	fi
	pool | jq -c --argjson t $((now - start)) '{t: $t, status, checked_out: .details.checked_out,
		total: .details.total_connections, waiting: .details.waiting}' >>"$work/samples.jsonl" || true
	sleep "$SAMPLE_EVERY"
done
wait "${wrk_pids[@]}" || true
wrk_pids=()

# Checked-out connections back to 0 once the load stops.
checked_out_end=-1
for _ in $(seq 1 30); do
	checked_out_end=$(pool | jq '.details.checked_out')
	[ "$checked_out_end" = 0 ] && break
	sleep 0.5
done
pool_end=$(pool)
heap_end=$(heap_after_gc)

requests() { sed -n 's/^ *\([0-9]*\) requests in .*/\1/p' "$1"; }
non2xx() { sed -n 's/^ *Non-2xx or 3xx responses: *\([0-9]*\)/\1/p' "$1" | grep . || echo 0; }
socket_errors() {
	sed -n 's/^ *Socket errors: connect \([0-9]*\), read \([0-9]*\), write \([0-9]*\), timeout \([0-9]*\)/\1 \2 \3 \4/p' "$1" \
		| awk '{print $1 + $2 + $3 + $4}' | grep . || echo 0
}
p99() { awk '/Latency Distribution/{f=1} f && $1 == "99%" {print $2; exit}' "$1"; }

leaks=$(grep -c 'Connection leak detection triggered' "$work/app.log" || true)
answered_503=$(grep -c 'answered 503' "$work/app.log" || true)
errors_500=$(grep -c 'Unexpected failure on' "$work/app.log" || true)
growth=$((heap_end - heap_start))
heap_flat=$([ "$growth" -le $((HEAP_GROWTH_LIMIT_MB * 1048576)) ] && echo true || echo false)
status_end=$(echo "$pool_end" | jq -r '.status')
passed=$([ "$checked_out_end" = 0 ] && [ "$leaks" = 0 ] && [ "$errors_500" = 0 ] && [ "$heap_flat" = true ] \
	&& [ "$status_end" = UP ] && echo true || echo false)

mkdir -p "$RESULTS"
jq -n \
	--argjson seconds "$SOAK_SECONDS" --argjson killEvery "$KILL_EVERY" \
	--argjson kills "$(printf '%s\n' "${kills[@]}" | jq -s 'map(tonumber)')" \
	--argjson rolesRequests "$(requests "$work/wrk-roles.txt")" --argjson rolesNon2xx "$(non2xx "$work/wrk-roles.txt")" \
	--argjson rolesSocketErrors "$(socket_errors "$work/wrk-roles.txt")" --arg rolesP99 "$(p99 "$work/wrk-roles.txt")" \
	--argjson slowRequests "$(requests "$work/wrk-slow.txt")" --argjson slowNon2xx "$(non2xx "$work/wrk-slow.txt")" \
	--argjson slowSocketErrors "$(socket_errors "$work/wrk-slow.txt")" --arg slowP99 "$(p99 "$work/wrk-slow.txt")" \
	--argjson answered503 "$answered_503" --argjson errors500 "$errors_500" --argjson leaks "$leaks" \
	--argjson checkedOutEnd "$checked_out_end" --argjson poolEnd "$pool_end" \
	--argjson heapStart "$heap_start" --argjson heapEnd "$heap_end" --argjson heapLimitMb "$HEAP_GROWTH_LIMIT_MB" \
	--argjson heapFlat "$heap_flat" --argjson passed "$passed" \
	--slurpfile samples "$work/samples.jsonl" --arg work "$work" \
	'{
		seconds: $seconds,
		load: {
			"/api/roles": {clients: 16, requests: $rolesRequests, non2xx: $rolesNon2xx, socketErrors: $rolesSocketErrors, p99: $rolesP99},
			"/api/slow?ms=50": {clients: 8, requests: $slowRequests, non2xx: $slowNon2xx, socketErrors: $slowSocketErrors, p99: $slowP99}
		},
		backendKills: {every: $killEvery, count: ($kills | length), terminated: $kills},
		answered503: $answered503, errors500: $errors500,
		pool: {
			samples: ($samples | length),
			down: ($samples | map(select(.status != "UP")) | length),
			maxCheckedOut: ($samples | map(.checked_out) | max), maxWaiting: ($samples | map(.waiting) | max),
			checkedOutAtEnd: $checkedOutEnd, atEnd: $poolEnd.details, statusAtEnd: $poolEnd.status
		},
		leaksReported: $leaks,
		heapAfterGc: {startMb: ($heapStart / 1048576 | . * 10 | round / 10), endMb: ($heapEnd / 1048576 | . * 10 | round / 10),
			growthMb: (($heapEnd - $heapStart) / 1048576 | . * 10 | round / 10), limitMb: $heapLimitMb, flat: $heapFlat},
		checks: {checkedOutBackToZero: ($checkedOutEnd == 0), noLeak: ($leaks == 0), no500: ($errors500 == 0),
			heapFlat: $heapFlat, healthUpAtEnd: ($poolEnd.status == "UP")},
		passed: $passed,
		files: $work
	}' >"$SUMMARY"
cat "$SUMMARY"
log "summary in $SUMMARY; app log and wrk output in $work"
[ "$passed" = true ]
