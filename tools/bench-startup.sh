#!/usr/bin/env bash
# Measures the portal's start-up on the embedded SQLite database:
#   first run  = empty data folder: migrate + seed (org tree, demo staff, accounts and 1,200 demo cases) + start
#   warm start = the same database again: nothing to migrate or seed
# Prints one row per run and the medians; results go into docs/benchmarks.md by hand.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
dotnet build Panlong.Portal -c Release -nologo -v quiet >/dev/null
dll=$(pwd)/Panlong.Portal/bin/Release/net10.0/Panlong.Portal.dll
port=5199

ready_after() { # prints milliseconds until /health/ready answers 200
  local start=$1
  until curl -sf -o /dev/null "http://127.0.0.1:$port/health/ready"; do sleep 0.05; done
  echo $(( $(date +%s%3N) - start ))
}

first=(); warm=(); seed=()
for i in $(seq 1 "$runs"); do
  data=$(mktemp -d)
  for phase in first warm; do
    log=$(mktemp)
    start=$(date +%s%3N)
    (cd Panlong.Portal && ASPNETCORE_ENVIRONMENT=Development ConnectionStrings__Sqlite="Data Source=$data/panlong.db" \
      DataProtection__KeysPath="$data/keys" exec dotnet "$dll" --urls "http://127.0.0.1:$port" >"$log" 2>&1) &
    pid=$!
    ms=$(ready_after "$start")
    kill "$pid"; wait "$pid" 2>/dev/null || true
    if [ "$phase" = first ]; then
      first+=("$ms")
      seed+=("$(grep -o 'org units in [0-9]* ms' "$log" | grep -o '[0-9]*' | tail -1 || true)")
    else
      warm+=("$ms")
    fi
    rm -f "$log"
  done
  rm -rf "$data"
  echo "run $i: first start ${first[-1]} ms (seeding ${seed[-1]} ms), warm start ${warm[-1]} ms"
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo "median: first start $(median "${first[@]}") ms, seeding $(median "${seed[@]}") ms, warm start $(median "${warm[@]}") ms"
