#!/usr/bin/env bash
# Sets up what the tests need (system packages, model weights, the test tools) and runs the whole test
# suite in release mode. Safe to run twice.
set -euo pipefail
cd "$(dirname "$0")/.."
QUARRY_SKIP_BUILD=1 Deploy/setup.sh
Deploy/test-tools.sh
# The PostgreSQL suites (IndexStoreTests) run against a local cluster started here and
# stopped when the tests end, whatever their outcome.
QUARRY_TEST_POSTGRES_URL="$(Deploy/postgres.sh start)"
export QUARRY_TEST_POSTGRES_URL
trap 'Deploy/postgres.sh stop' EXIT
# One test at a time: several suites run a real HTTP server in the test process, and
# synchronous tests running beside them (golden model checks take a minute) can hold
# every thread of Swift's cooperative pool (two on a 2-core machine), leaving the
# server none to answer on.
swift test -c release --no-parallel
