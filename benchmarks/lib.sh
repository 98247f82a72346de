# Shell functions the benchmark scripts share; sourced from the repository's root.

# need COMMAND:PACKAGE...: installs the Debian packages of the missing commands (as root),
# or names them and exits.
need() {
	local missing=()
	for pair in "$@"; do
		command -v "${pair%%:*}" >/dev/null || missing+=("${pair#*:}")
	done
	if [ ${#missing[@]} -gt 0 ]; then
		if [ "$(id -u)" != 0 ]; then
			echo "Missing: ${missing[*]} (apt-get install ${missing[*]})" >&2
			exit 1
		fi
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
	fi
}

# use_local_postgres: the server to load, $PGHOST:$PGPORT as $PGUSER/$PGPASSWORD; by
# default the machine's own on 127.0.0.1:5432 as .ci/start-postgres prepares it.
use_local_postgres() {
	PGHOST=${PGHOST:-127.0.0.1}
	PGPORT=${PGPORT:-5432}
	export PGHOST PGPORT PGUSER=${PGUSER:-postgres} PGPASSWORD=${PGPASSWORD:-postgres}
}

# stop_sampler: stops the background sampler whose pid is $SAMPLER_PID, if one runs.
stop_sampler() {
	[ -n "${SAMPLER_PID:-}" ] || return 0
	kill "$SAMPLER_PID" 2>/dev/null || true
	wait "$SAMPLER_PID" 2>/dev/null || true
	SAMPLER_PID=
}

# await_app PORT LOG: waits up to 2 minutes until the sample on 127.0.0.1:PORT answers
# /health; else names its log and exits.
await_app() {
	local port=$1 log=$2
	for _ in $(seq 1 240); do
		curl -fs "http://127.0.0.1:$port/health" >/dev/null && return 0
		sleep 0.5
	done
	echo "The sample app did not start; see $log" >&2
	exit 1
}

# plot_csv CSV PNG TITLE: draws every column of a CSV whose header names them, against
# its first (seconds), as one line each, with gnuplot.
plot_csv() {
	local csv=$1 png=$2 title=$3 columns
	columns=$(head -n 1 "$csv" | tr ',' '\n' | wc -l)
	gnuplot <<GNUPLOT
set terminal pngcairo size 1100,460 font ",10"
set output "$png"
set title "$title" noenhanced
set datafile separator ","
set key outside right top autotitle columnhead noenhanced
set xlabel "seconds"
set yrange [0:*]
plot for [i=2:$columns] "$csv" using 1:i with lines lw 2
GNUPLOT
}
