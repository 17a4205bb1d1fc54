#!/usr/bin/env bash
# What a signed-in circuit costs (issue 17, goal 1), written to stdout; see docs/benchmarks.md and
# docs/decisions/0040-what-a-circuit-holds.md.
#   tools/measure-circuits.sh <data folder> [N=200] [path …]   (paths default to /cases /cases/board /registry/people /map)
# <data folder> holds a portal database (panlong.db) with district data: `generate-registry` and `generate-cases`, as in
# tools/measure-registry.sh. For each page a fresh portal starts on that database, then measure-circuits opens
# 0/10/50/N circuits (N ≤ 100) or 0/100/N (N > 100, e.g. 200) as the district leader, each in its own Chromium context, and reports the managed heap after a
# forced GC (dotnet-gcdump), RSS, per-circuit cost and click latency p50/p90 (idle, and with 10 circuits clicking).
set -euo pipefail
cd "$(dirname "$0")/.."
data=$(realpath "${1:?usage: tools/measure-circuits.sh <data folder> [N] [path …]}")
n=${2:-200}
shift $(( $# > 1 ? 2 : 1 ))
paths=("$@")
[ ${#paths[@]} -gt 0 ] || paths=(/cases /cases/board /registry/people /map)
port=${PORT:-5197}
dotnet tool restore >/dev/null
# PORTAL_DLL / BENCH_DLL run copies of the builds (a "before" kept aside while the tree changes); otherwise both are built.
portal_dll=${PORTAL_DLL:-bin/Release/net10.0/Panlong.Portal.dll}
bench_dll=${BENCH_DLL:-tests/Panlong.Benchmarks/bin/Release/net10.0/Panlong.Benchmarks.dll}
[ -n "${PORTAL_DLL:-}" ] || dotnet build Panlong.Portal -c Release -nologo -v quiet >/dev/null
[ -n "${BENCH_DLL:-}" ] || dotnet build tests/Panlong.Benchmarks -c Release -nologo -v quiet >/dev/null
for path in "${paths[@]}"; do
  (cd Panlong.Portal && ASPNETCORE_ENVIRONMENT=Development ConnectionStrings__Sqlite="Data Source=$data/panlong.db" \
    DataProtection__KeysPath="$data/keys" Cases__PhotoPath="$data/uploads" Workflows__RunTimers=false Seed__DemoCases=0 \
    exec dotnet "$portal_dll" --urls "http://127.0.0.1:$port") >"$data/portal.log" 2>&1 &
  pid=$!  # the portal itself (exec), so that kill stops it and dotnet-gcdump reads it
  until curl -sf -o /dev/null "http://127.0.0.1:$port/health/ready"; do sleep 0.5; done
  PORTAL_PID=$pid CIRCUIT_DUMPS="${CIRCUIT_DUMPS:-$data/dumps}" dotnet "$bench_dll" \
    measure-circuits "http://127.0.0.1:$port" leader "$path" "$n" 10 || echo "measure-circuits $path failed"
  kill $pid; wait $pid 2>/dev/null || true
done
