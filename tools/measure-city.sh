#!/usr/bin/env bash
# Ten times the district in PostgreSQL (issue 17, goal 5; docs/decisions/0044-city-scale-data.md), written to stdout:
#   1. the district (1×) and the city (10×) generated into two databases by the same command, `generate-city <factor> <share>`:
#      the registry generator at factor × 133,364 people, a share-th of the district's year through the real case loop,
#      then copied factor × share times (CaseReplicator);
#   2. the desk, the board, people search, the map's layers and the appraisal figures on each (`measure-city`);
#   3. rows per table and database sizes.
# Usage: tools/measure-city.sh [share=20] [keep]   — with PANLONG_TEST_POSTGRES set it uses that server (databases
# panlong_city_1x / panlong_city_10x, dropped at the end unless "keep"); otherwise a throwaway one.
# Run it while no portal serves those databases (Panlong.Workflows/Demo/README.md).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
share=${1:-20}
keep=${2:-}
if [ -z "${PANLONG_TEST_POSTGRES:-}" ]; then . "$root/tools/throwaway-postgres.sh"; fi
dotnet build Panlong.Portal -c Release -nologo -v quiet >/dev/null
dotnet build tests/Panlong.Benchmarks -c Release -nologo -v quiet >/dev/null
bench="dotnet tests/Panlong.Benchmarks/bin/Release/net10.0/Panlong.Benchmarks.dll"
data=$(mktemp -d)
key=$(head -c 32 /dev/urandom | base64)
server=$(echo "$PANLONG_TEST_POSTGRES" | tr ';' '\n')
host=$(echo "$server" | sed -n 's/^Host=//p'); port=$(echo "$server" | sed -n 's/^Port=//p'); user=$(echo "$server" | sed -n 's/^Username=//p')
sql() { psql -h "$host" -p "$port" -U "$user" -v ON_ERROR_STOP=1 -At "$@"; }
portal() {
  local db=$1; shift
  (cd Panlong.Portal && ASPNETCORE_ENVIRONMENT=Development Database__Provider=Postgres \
    ConnectionStrings__Postgres="$PANLONG_TEST_POSTGRES;Database=$db" Privacy__Key="$key" DataProtection__KeysPath="$data/keys" \
    Workflows__RunTimers=false Seed__DemoCases=0 Cases__PhotoPath="$data/uploads" exec dotnet bin/Release/net10.0/Panlong.Portal.dll "$@")
}
for factor in 1 10; do
  db=panlong_city_${factor}x
  echo "== ${factor}× ($db)"
  sql -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" >/dev/null
  portal "$db" migrate >/dev/null
  /usr/bin/time -f "generate-city wall time: %e s" bash -c "$(declare -f portal); data=$data; key=$key; portal $db generate-city $factor $share" 2>&1 | tail -n 12
  $bench measure-city "$db" "$key"
  sql -d "$db" -c "SELECT relname || ': ' || n_live_tup || ' rows, ' || pg_size_pretty(pg_total_relation_size(relid)) FROM pg_stat_user_tables WHERE n_live_tup > 1000 ORDER BY pg_total_relation_size(relid) DESC"
  sql -d postgres -c "SELECT 'database: ' || pg_size_pretty(pg_database_size('$db'))"
done
if [ "$keep" != keep ]; then
  sql -d postgres -c "DROP DATABASE panlong_city_1x" -c "DROP DATABASE panlong_city_10x" >/dev/null
fi
rm -rf "$data"
