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
