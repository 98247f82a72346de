#!/usr/bin/env bash
# Builds the JMH benchmarks, runs them against a real PostgreSQL (the tests' fixture finds
# one: TEST_DATABASE_URL, Docker, localhost:5432 or embedded), writes
# benchmarks/results/jmh.json and prints the ratio table (also in benchmarks/results/ratios.md).
# Extra arguments go to JMH, e.g. `benchmarks/jmh.sh BorrowBenchmark -p registry=simple`.
# The whole suite takes about 6 minutes on 2 cores; run it on an otherwise idle machine.
set -euo pipefail
cd "$(dirname "$0")/.."

./mvnw -B -ntp -q -P benchmarks -pl benchmarks -am package -DskipTests

mkdir -p benchmarks/results
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
java -jar benchmarks/target/benchmarks.jar -rf json -rff benchmarks/results/jmh.json "$@"
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

{
	java -cp benchmarks/target/benchmarks.jar io.github.pooltune.benchmarks.RatioTable benchmarks/results/jmh.json
	echo
	echo "Machine: $(nproc) cores, $(java -version 2>&1 | head -n 1); load average (1, 5, 15 min)" \
		"before the run: ${load_before}, after: ${load_after} (the benchmarks' own threads count too)."
} | tee benchmarks/results/ratios.md
