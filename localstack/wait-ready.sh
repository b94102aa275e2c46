#!/usr/bin/env bash
# Waits until LocalStack on ${LOCALSTACK_ENDPOINT:-http://127.0.0.1:4566}
# has started every service and run its ready.d init hooks, or fails after
# ${LOCALSTACK_WAIT_TIMEOUT:-120} seconds with what it last saw.
set -euo pipefail

endpoint=${LOCALSTACK_ENDPOINT:-http://127.0.0.1:4566}
timeout_s=${LOCALSTACK_WAIT_TIMEOUT:-120}
deadline=$((SECONDS + timeout_s))
last="no answer"

command -v curl >/dev/null 2>&1 || { echo "wait-ready: curl is required" >&2; exit 1; }

while :; do
	# /_localstack/init/ready answers {"completed": true, "scripts": [...]}
	# once the READY stage is reached and the ready.d hooks have finished. A
	# kumo or moto on the same port does not serve it, so a wrong emulator is
	# never taken for LocalStack.
	if body=$(curl -fsS --max-time 3 "$endpoint/_localstack/init/ready" 2>&1); then
		if grep -Eq '"completed": *true' <<<"$body" &&
			health=$(curl -fsS --max-time 3 "$endpoint/_localstack/health" 2>/dev/null) &&
			grep -q '"services"' <<<"$health"; then
			version=$(sed -n 's/.*"version": *"\([^"]*\)".*/\1/p' <<<"$health")
			echo "wait-ready: LocalStack ${version:-?} ready at $endpoint"
			exit 0
		fi
		last="init not completed yet: $body"
	else
		last=$body
	fi
	if ((SECONDS >= deadline)); then
		echo "wait-ready: LocalStack at $endpoint was not ready within ${timeout_s}s (LOCALSTACK_WAIT_TIMEOUT)." >&2
		echo "wait-ready: last response: $last" >&2
		echo "wait-ready: check 'docker compose -f localstack/docker-compose.yml logs localstack'; is Docker running and port 4566 free?" >&2
		exit 1
	fi
	sleep 1
done
