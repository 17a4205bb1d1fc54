#!/usr/bin/env bash
# Export of the whole district's people (issue 17 goal 4), written to stdout; see docs/benchmarks.md.
# The district-scale generator (133,364 people) fills a fresh SQLite portal database, then `measure-export` exports them
# masked with the product's export and with plain MiniExcel, three runs each, each run in its own process (peak RSS).
# Give a database already generated as $1 to skip the generator. $2 picks the list: people (default) or desk (the case
# desk's export of the district's cases as a district leader sees them; needs a database with the year's cases, such as
# the district-scale base.db of docs/benchmarks.md, "Issue 17 — exports (round 2)").
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build Panlong.Portal -c Release -nologo -v quiet >/dev/null
dotnet build tests/Panlong.Benchmarks -c Release -nologo -v quiet >/dev/null
bench="dotnet tests/Panlong.Benchmarks/bin/Release/net10.0/Panlong.Benchmarks.dll"

database=${1:-}
if [ -z "$database" ]; then
  data=$(mktemp -d)
  trap 'rm -rf "$data"' EXIT
  database="$data/panlong.db"
  (cd Panlong.Portal && export ASPNETCORE_ENVIRONMENT=Development ConnectionStrings__Sqlite="Data Source=$database" \
    DataProtection__KeysPath="$data/keys" Workflows__RunTimers=false &&
    dotnet bin/Release/net10.0/Panlong.Portal.dll migrate >/dev/null && dotnet bin/Release/net10.0/Panlong.Portal.dll generate-registry | tail -n 2)
fi
list=${2:-people}
echo "== export of the list '$list' (load $(cut -d' ' -f1-3 /proc/loadavg))"
$bench measure-export "$database" "$list"
