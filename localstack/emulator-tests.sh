#!/usr/bin/env bash
# Runs the emulator tests (go test -run '^TestEmulator') on moto and kumo at
# the same time, against emulators that are already running
# (localstack/emulators.sh start). Most of an emulator test is waiting for
# the emulator, so the two suites overlap well even on 2 cores. Each line is
# prefixed with its target; the exit code is the first failing suite's (moto
# before kumo), and the end says which failed.
set -uo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

GO=${GO:-go}
# Extra go test flags, e.g. -run '^TestEmulatorDeploy' (a later -run wins).
ARGS=("$@")
MOTO_ENDPOINT=${MOTO_ENDPOINT:-http://127.0.0.1:5000}
KUMO_ENDPOINT=${KUMO_ENDPOINT:-http://127.0.0.1:4566}
# A package's emulator tests may take longer than go test's default 10
# minutes on 2 cores: internal/e2e deploys every generatable route.
TIMEOUT=${TIMEOUT:-40m}

suite() { # target endpoint
	echo "== emulator tests on $1 ($2)"
	AWS_ENDPOINT_URL=$2 WIREUP_TARGET=$1 "$GO" test -count=1 -timeout "$TIMEOUT" -run '^TestEmulator' "${ARGS[@]}" ./... 2>&1 | sed -u "s/^/[$1] /"
	return "${PIPESTATUS[0]}"
}

start=$SECONDS
suite moto "$MOTO_ENDPOINT" & moto=$!
suite kumo "$KUMO_ENDPOINT" & kumo=$!
trap 'kill "$moto" "$kumo" 2>/dev/null; exit 130' INT TERM

status=0 failed=()
wait "$moto" || { status=$?; failed+=(moto); }
wait "$kumo" || { s=$?; [ "$status" -ne 0 ] || status=$s; failed+=(kumo); }
if [ "$status" -ne 0 ]; then
	echo "== emulator tests failed on: ${failed[*]} (search the log for '--- FAIL' under [${failed[0]}])"
else
	echo "== emulator tests passed on moto and kumo in $((SECONDS - start)) s"
fi
exit "$status"
