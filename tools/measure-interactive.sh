#!/usr/bin/env bash
# Time to interactive of the main pages at district scale (issue 17, goal 2), written to stdout; see docs/benchmarks.md.
#   tools/measure-interactive.sh [data folder] [user] [paths…]
# The data folder holds panlong.db: kept if it exists (a district made once, reused for "before" and "after"), otherwise
# made here like tools/measure-registry.sh and measure-cases.sh do (the district's registry, then a year of cases: minutes).
set -euo pipefail
cd "$(dirname "$0")/.."
data=${1:-/tmp/panlong-interactive}
user=${2:-leader}
shift $(( $# > 2 ? 2 : $# ))
paths=("$@")
[ ${#paths[@]} -gt 0 ] || paths=(/ /cases /cases/board /registry/people /map /appraisal /services/statistics)
port=${PORT:-5197}
dotnet build Panlong.Portal -c Release -nologo -v quiet >/dev/null
dotnet build tests/Panlong.Benchmarks -c Release -nologo -v quiet >/dev/null
bench="dotnet tests/Panlong.Benchmarks/bin/Release/net10.0/Panlong.Benchmarks.dll"
mkdir -p "$data"
run_portal() {
  (cd Panlong.Portal && ASPNETCORE_ENVIRONMENT=Development ConnectionStrings__Sqlite="Data Source=$data/panlong.db" Seed__DemoCases=0 \
    DataProtection__KeysPath="$data/keys" Cases__PhotoPath="$data/uploads" Workflows__RunTimers=false exec dotnet bin/Release/net10.0/Panlong.Portal.dll "$@")
}
if [ ! -f "$data/panlong.db" ]; then
  run_portal migrate >/dev/null
  run_portal generate-registry | tail -n 1
  run_portal generate-cases | tail -n 1
fi
run_portal migrate >/dev/null
(cd Panlong.Portal && ASPNETCORE_ENVIRONMENT=Development ConnectionStrings__Sqlite="Data Source=$data/panlong.db" Seed__DemoCases=0 \
  DataProtection__KeysPath="$data/keys" Cases__PhotoPath="$data/uploads" Workflows__RunTimers=false \
  exec dotnet bin/Release/net10.0/Panlong.Portal.dll --urls "http://127.0.0.1:$port") >"$data/portal.log" 2>&1 &
pid=$!  # the portal itself (exec in the subshell), so that kill stops it
trap 'kill $pid 2>/dev/null || true' EXIT  # also when the measurement fails
until curl -sf -o /dev/null "http://127.0.0.1:$port/health/ready"; do sleep 0.2; done
$bench measure-interactive "http://127.0.0.1:$port" "$user" "${paths[@]}"
