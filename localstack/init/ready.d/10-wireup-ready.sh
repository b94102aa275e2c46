#!/bin/bash
# LocalStack runs the scripts in /etc/localstack/init/ready.d once all
# services are up. This one records that wireup's LocalStack is ready: the
# marker file backs the compose healthcheck, and the log line is what to look
# for in `docker logs wireup-localstack`. wait-ready.sh polls
# /_localstack/init/ready, which reports "completed" once this has run.
set -euo pipefail

marker=/tmp/wireup-localstack-ready
date -u +%Y-%m-%dT%H:%M:%SZ >"$marker"
echo "wireup: LocalStack is ready on port 4566 (services: ${SERVICES:-default}); marker $marker"
