#!/usr/bin/env bash
# Measures `wireup routes --from iot --to s3` as a user runs it: a fresh
# process each time (start-up, catalog load and validation, route search,
# output). Prints min / median / p95 / max in milliseconds over N runs.
# Usage: bench/routes.sh [runs]   (default 50)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
runs=${1:-50}
bin=$(mktemp -d)/wireup
trap 'rm -rf "$(dirname "$bin")"' EXIT
go build -o "$bin" ./cmd/wireup
"$bin" routes --from iot --to s3 >/dev/null # warm the page cache

if command -v hyperfine >/dev/null 2>&1; then
	exec hyperfine --warmup 3 --runs "$runs" -N "$bin routes --from iot --to s3"
fi
times=()
for _ in $(seq "$runs"); do
	start=$(date +%s%N)
	"$bin" routes --from iot --to s3 >/dev/null
	end=$(date +%s%N)
	times+=($(((end - start) / 1000)))
done
printf '%s\n' "${times[@]}" | sort -n | awk -v runs="$runs" '
	{ t[NR] = $1 }
	END {
		printf "wireup routes --from iot --to s3: %d runs\n", runs
		printf "  min %.1f ms  median %.1f ms  p95 %.1f ms  max %.1f ms\n",
			t[1] / 1000, t[int((NR + 1) / 2)] / 1000, t[int(NR * 0.95)] / 1000, t[NR] / 1000
	}'
