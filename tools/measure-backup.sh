#!/usr/bin/env bash
# Backup and restore of the district-scale database (issue 22, docs/decisions/0085-backup-restore-retention.md), written to
# stdout; see docs/benchmarks.md. Makes the database with the demo generator (the district's registry, then a year of
# cases through the real loop), then times `backup` and `restore` (into a new database and new upload folders) as the
# portal commands, each a process of its own (so each time includes the portal's start, about 2 s idle).
#   tools/measure-backup.sh sqlite|postgres [cases=47199]   (0: the registry and the demo district only)
# PostgreSQL: PANLONG_BENCH_POSTGRES (default: the helpers' cluster, Host=127.0.0.1;Port=55499;Username=postgres); two
# databases panlong_bench_<pid>[_restored] are made there and dropped at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
provider=${1:-sqlite}
cases=${2:-47199}
[ -n "${SKIP_BUILD:-}" ] || dotnet build Panlong.Portal -c Release -nologo -v quiet >/dev/null
data=$(mktemp -d)
server=${PANLONG_BENCH_POSTGRES:-Host=127.0.0.1;Port=55499;Username=postgres}
name=panlong_bench_$$
pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
cleanup() {
  if [ "$provider" = postgres ]; then
    for db in "$name" "${name}_restored"; do
      PGHOST=127.0.0.1 PGPORT=55499 PGUSER=postgres "$pg_bin/psql" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" postgres >/dev/null || true
    done
  fi
  rm -rf "$data"
}
trap cleanup EXIT
portal() { # portal <suffix> <command…>: the database and upload folders named by the suffix ("" or "_restored")
  local suffix=$1; shift
  (cd Panlong.Portal && ASPNETCORE_ENVIRONMENT=Development Workflows__RunTimers=false \
    Database__Provider=$([ "$provider" = postgres ] && echo Postgres || echo Sqlite) \
    ConnectionStrings__Sqlite="Data Source=$data/panlong$suffix.db" ConnectionStrings__Postgres="$server;Database=$name$suffix" \
    DataProtection__KeysPath="$data/keys" Cases__PhotoPath="$data/uploads$suffix" Services__MaterialPath="$data/materials$suffix" \
    exec dotnet bin/Release/net10.0/Panlong.Portal.dll "$@")
}
echo "== $provider: migrate, registry, $cases cases ($(date -u +%FT%TZ), $(uptime))"
# The district registry first, on a database without the demo district: generate-registry cannot replace the demo
# sample once demo service orders point at its houses. Then the demo district (its registry part sees the district's
# people and is skipped), then the year of cases.
Seed__DemoData=false portal "" migrate | tail -n 1
portal "" generate-registry | tail -n 1
portal "" migrate 2>&1 | tail -n 1
[ "$cases" = 0 ] || portal "" generate-cases "$cases" | tail -n 1
echo "== backup ($(uptime))"
/usr/bin/time -f "backup wall time: %e s, peak RSS %M KB" bash -c "$(declare -f portal); data=$data; provider=$provider; server='$server'; name=$name; portal '' backup $data/backups"
folder=$(ls -d "$data"/backups/panlong-* | tail -n 1)
du -sh "$folder"/*
echo "== restore into a new database ($(uptime))"
/usr/bin/time -f "restore wall time: %e s, peak RSS %M KB" bash -c "$(declare -f portal); data=$data; provider=$provider; server='$server'; name=$name; portal _restored restore $folder"
echo "== done ($(uptime))"
