#!/usr/bin/env bash
# Starts, stops and reports the local AWS emulators wireup tests run against:
#
#   moto server on 127.0.0.1:${MOTO_PORT:-5000}
#   kumo        on 127.0.0.1:4566
#
# kumo must listen on 4566: its SQS, Lambda, DynamoDB, Logs, SFN and Secrets
# Manager services hard-code http://localhost:4566 as their base URL
# (kumo's internal/service/*/service.go) and ignore KUMO_PORT, so on any
# other port queue URLs and S3->Lambda deliveries point at the wrong server.
#
# Logs go to .emulators/<name>.log and pids to .emulators/<name>.pid at the
# repository root. Usage: localstack/emulators.sh start|stop|status
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
state_dir="$root/.emulators"
moto_port=${MOTO_PORT:-5000}
kumo_port=4566
kumo_bin=${KUMO_BIN:-$root/.bin/kumo}
timeout_s=${EMULATOR_TIMEOUT:-60}

die() {
	echo "emulators: $*" >&2
	exit 1
}

pid_of() { # name -> pid of a live emulator we started, or nothing
	local f="$state_dir/$1.pid" pid
	[[ -f $f ]] || return 0
	pid=$(<"$f")
	# A stale pid file may name a pid the kernel has since reused for some
	# other process: only trust it if the command line is still ours.
	if [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null &&
		tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q "$2"; then
		echo "$pid"
	fi
}

port_busy() { # port -> true if something accepts TCP connections on it
	(exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

who_listens() { # port -> a hint about the owner, if ss can tell
	if command -v ss >/dev/null 2>&1; then
		ss -ltnpH "sport = :$1" 2>/dev/null | sed -n 's/.*users:(("\([^"]*\)",pid=\([0-9]*\).*/ (held by \1, pid \2)/p' | head -n1
	fi
}

log_tail() {
	echo "--- last lines of $1 ---" >&2
	tail -n 20 "$1" >&2 || true
	echo "---" >&2
}

# check_port name pattern port: fails if the port is taken by anything but
# the emulator we started there ourselves.
check_port() {
	local name=$1 pattern=$2 port=$3
	[[ -z $(pid_of "$name" "$pattern") ]] || return 0
	if port_busy "$port"; then
		local extra=""
		[[ $port == "$kumo_port" ]] && extra=" Stop LocalStack (make localstack-down) or whatever else uses it: kumo must run on $kumo_port."
		echo "emulators: cannot start $name: port $port on 127.0.0.1 is already in use$(who_listens "$port").$extra" >&2
		return 1
	fi
}

# launch name pattern port cmd... : starts cmd in its own session, so that a
# Ctrl-C in the terminal that ran "make emulators" does not kill it later.
launch() {
	local name=$1 pattern=$2 port=$3
	shift 3
	local log="$state_dir/$name.log"
	if [[ -n $(pid_of "$name" "$pattern") ]]; then
		echo "emulators: $name already running (pid $(pid_of "$name" "$pattern"), port $port)"
		return 0
	fi
	check_port "$name" "$pattern" "$port" || return 1
	: >"$log"
	if command -v setsid >/dev/null 2>&1; then
		setsid "$@" >"$log" 2>&1 </dev/null &
	else
		nohup "$@" >"$log" 2>&1 </dev/null &
	fi
	echo $! >"$state_dir/$name.pid"
}

# wait_http name pattern port: any HTTP answer means the server is serving.
wait_http() {
	local name=$1 pattern=$2 port=$3 log="$state_dir/$1.log" deadline=$((SECONDS + timeout_s))
	local pid
	pid=$(<"$state_dir/$name.pid")
	while :; do
		# kill -0, not pid_of: while moto_server goes through pyenv's exec
		# chain its /proc cmdline can read empty for an instant, and that is
		# not an exit.
		if ! kill -0 "$pid" 2>/dev/null; then
			log_tail "$log"
			echo "emulators: $name exited during startup; see $log" >&2
			return 1
		fi
		if curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$port/"; then
			return 0
		fi
		if ((SECONDS >= deadline)); then
			log_tail "$log"
			echo "emulators: $name did not answer on http://127.0.0.1:$port within ${timeout_s}s (EMULATOR_TIMEOUT); see $log" >&2
			return 1
		fi
		sleep 0.2
	done
}

start() {
	command -v curl >/dev/null 2>&1 || die "curl is required to check that the emulators are up; install it with your package manager"
	command -v moto_server >/dev/null 2>&1 ||
		die "moto_server not found on PATH. Install moto 5.2.1 with: pip install 'moto[server]==5.2.1'"
	[[ -x $kumo_bin ]] || die "kumo binary $kumo_bin is missing. Build it with: make .bin/kumo"
	mkdir -p "$state_dir"

	local t0=${EPOCHREALTIME/[.,]/}
	# Start both before waiting, so their startup overlaps; if anything
	# fails, stop both rather than leave half a test bed running.
	# Check both ports first, so a busy 4566 does not start moto for nothing.
	check_port moto moto_server "$moto_port" && check_port kumo kumo "$kumo_port" || exit 1
	if ! launch moto moto_server "$moto_port" moto_server -H 127.0.0.1 -p "$moto_port" ||
		! launch kumo kumo "$kumo_port" env KUMO_HOST=127.0.0.1 KUMO_PORT="$kumo_port" "$kumo_bin" ||
		! wait_http moto moto_server "$moto_port" ||
		! wait_http kumo kumo "$kumo_port"; then
		stop >/dev/null
		exit 1
	fi
	local ms=$(((${EPOCHREALTIME/[.,]/} - t0) / 1000))
	echo "emulators: ready in $((ms / 1000)).$(printf %03d $((ms % 1000)))s"
	echo "  moto: AWS_ENDPOINT_URL=http://127.0.0.1:$moto_port WIREUP_TARGET=moto"
	echo "  kumo: AWS_ENDPOINT_URL=http://127.0.0.1:$kumo_port WIREUP_TARGET=kumo"
	echo "  logs: $state_dir/*.log; stop with: make emulators-stop"
}

stop_one() {
	local name=$1 pattern=$2 pid
	pid=$(pid_of "$name" "$pattern")
	rm -f "$state_dir/$name.pid"
	[[ -n $pid ]] || return 0
	kill -TERM "$pid" 2>/dev/null || true
	for _ in $(seq 50); do
		kill -0 "$pid" 2>/dev/null || { echo "emulators: stopped $name (pid $pid)"; return 0; }
		sleep 0.1
	done
	kill -KILL "$pid" 2>/dev/null || true
	echo "emulators: killed $name (pid $pid) after it ignored SIGTERM for 5s"
}

stop() {
	stop_one moto moto_server
	stop_one kumo kumo
}

status() {
	local rc=0 pid
	for spec in "moto moto_server $moto_port" "kumo kumo $kumo_port"; do
		set -- $spec
		pid=$(pid_of "$1" "$2")
		if [[ -n $pid ]]; then
			echo "$1: running (pid $pid) on http://127.0.0.1:$3"
		else
			echo "$1: not running"
			rc=1
		fi
	done
	return "$rc"
}

case ${1:-} in
start) start ;;
stop) stop ;;
status) status ;;
*)
	echo "usage: $0 start|stop|status" >&2
	exit 2
	;;
esac
