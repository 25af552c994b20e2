#!/usr/bin/env bash
# Runs schemathesis (PyPI) against a running `quarry serve`'s /openapi.json: generated
# requests for every operation, checking that none gets a 5xx and every response
# matches the document's own schema.
#   Deploy/schemathesis.sh [BASE_URL] [TOKEN]   (default http://127.0.0.1:8080)
set -euo pipefail
base=${1:-http://127.0.0.1:8080}
token=${2:-}
venv=${SCHEMATHESIS_VENV:-/tmp/venv-schemathesis}
if [ ! -x "$venv/bin/st" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet schemathesis
fi
auth=()
if [ -n "$token" ]; then auth=(-H "Authorization: Bearer $token"); fi
exec "$venv/bin/st" run "$base/openapi.json" --url "$base" "${auth[@]}" \
    --checks not_a_server_error,response_schema_conformance,status_code_conformance,content_type_conformance \
    --max-examples "${MAX_EXAMPLES:-50}" --workers 1 --request-timeout 30
