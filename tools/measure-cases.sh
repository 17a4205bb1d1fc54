#!/usr/bin/env bash
# Load scripts for the case loop (issue 5), written to stdout; see docs/benchmarks.md.
#   1. the case generator (a year: 47,199 received, 45,016 closed) into a fresh SQLite portal database, then
#   2. report submission → appearance on another user's live board, in headless Chromium against that portal.
# The desk queries themselves are BenchmarkDotNet: BENCH_FILTER='*CaseDeskBenchmarks*' tools/bench.sh
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build Panlong.Portal -c Release -nologo -v quiet >/dev/null
dotnet build tests/Panlong.Benchmarks -c Release -nologo -v quiet >/dev/null
bench="dotnet tests/Panlong.Benchmarks/bin/Release/net10.0/Panlong.Benchmarks.dll"
data=$(mktemp -d)
run_portal() {
  (cd Panlong.Portal && ASPNETCORE_ENVIRONMENT=Development ConnectionStrings__Sqlite="Data Source=$data/panlong.db" \
    DataProtection__KeysPath="$data/keys" Cases__PhotoPath="$data/uploads" exec dotnet bin/Release/net10.0/Panlong.Portal.dll "$@")
}
run_portal migrate >/dev/null
/usr/bin/time -f "generator wall time: %e s" bash -c "$(declare -f run_portal); data=$data; run_portal generate-cases" | tail -n 2
run_portal --urls http://127.0.0.1:5199 >/dev/null 2>&1 &
pid=$!
until curl -sf -o /dev/null http://127.0.0.1:5199/health/ready; do sleep 0.2; done
$bench measure-board http://127.0.0.1:5199
kill $pid; wait $pid 2>/dev/null || true
rm -rf "$data"
