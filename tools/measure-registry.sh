#!/usr/bin/env bash
# Load scripts for the registry (issue 4), written to stdout; see docs/benchmarks.md.
#   1. import of a 10,000-row workbook on SQLite and a throwaway PostgreSQL (3 runs each, fresh databases)
#   2. the district-scale generator (133,364 people …) into a fresh SQLite portal database, then
#   3. /map load time in headless Chromium against that portal.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
. "$root/tools/throwaway-postgres.sh"
dotnet build Panlong.Portal -c Release -nologo -v quiet >/dev/null
dotnet build tests/Panlong.Benchmarks -c Release -nologo -v quiet >/dev/null
bench="dotnet tests/Panlong.Benchmarks/bin/Release/net10.0/Panlong.Benchmarks.dll"

echo "== import"
$bench measure-import

echo "== generator and map"
data=$(mktemp -d)
portal() {
  (cd Panlong.Portal && ASPNETCORE_ENVIRONMENT=Development ConnectionStrings__Sqlite="Data Source=$data/panlong.db" \
    DataProtection__KeysPath="$data/keys" Workflows__RunTimers=false exec dotnet bin/Release/net10.0/Panlong.Portal.dll "$@")
}
portal migrate >/dev/null
/usr/bin/time -f "generator wall time: %e s" bash -c "$(declare -f portal); data=$data; portal generate-registry" | tail -n 2
(cd Panlong.Portal && ASPNETCORE_ENVIRONMENT=Development ConnectionStrings__Sqlite="Data Source=$data/panlong.db" \
  DataProtection__KeysPath="$data/keys" Workflows__RunTimers=false exec dotnet bin/Release/net10.0/Panlong.Portal.dll --urls http://127.0.0.1:5198) >/dev/null 2>&1 &
pid=$!  # the portal itself (exec), so that kill stops it
until curl -sf -o /dev/null http://127.0.0.1:5198/health/ready; do sleep 0.2; done
$bench measure-map http://127.0.0.1:5198
kill $pid; wait $pid 2>/dev/null || true
rm -rf "$data"
