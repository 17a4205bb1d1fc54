#!/usr/bin/env bash
# Two portal nodes on one PostgreSQL database behind Debian's HAProxy (issue 17; docs/decisions/0046-two-nodes.md).
#   tools/two-nodes.sh                 a throwaway PostgreSQL cluster (tools/throwaway-postgres.sh), gone on exit
#   PANLONG_POSTGRES="Host=…;Username=…;Password=…;Database=panlong" tools/two-nodes.sh    an existing database
# Both nodes run in Development with the demo accounts (password Panlong#2026); the README's "Two nodes" section names
# the settings a production pair needs. Prints the proxy's URL and runs until Ctrl-C, which stops all three processes.
#   PANLONG_PORT   the proxy's port (default 8080); the nodes listen on PANLONG_PORT+1 and +2
#   PANLONG_DATA   the folder both nodes share for uploads (default: a new temporary folder)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else return 1; fi; }
if ! command -v haproxy >/dev/null 2>&1 && [ ! -x /usr/sbin/haproxy ]; then
  echo "== installing haproxy"
  as_root apt-get update -qq && DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends haproxy >/dev/null
fi
haproxy=$(command -v haproxy || echo /usr/sbin/haproxy)

if [ -z "${PANLONG_POSTGRES:-}" ]; then
  # shellcheck source=tools/throwaway-postgres.sh
  . "$root/tools/throwaway-postgres.sh"
  PANLONG_POSTGRES="$PANLONG_TEST_POSTGRES;Database=panlong"
fi
port=${PANLONG_PORT:-8080}
data=${PANLONG_DATA:-$(mktemp -d /tmp/panlong-two-nodes.XXXXXX)}
mkdir -p "$data"
dll="$root/Panlong.Portal/bin/Release/net10.0/Panlong.Portal.dll"
[ -f "$dll" ] || dotnet build Panlong.Portal -c Release -nologo -v quiet >/dev/null

pids=()
stop_all() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if declare -f stop_pg >/dev/null; then stop_pg; fi
}
trap stop_all EXIT
trap 'exit 0' INT TERM

# What the two nodes share: the database (and in it the Data Protection key ring), the privacy key, and the upload folders.
export ASPNETCORE_ENVIRONMENT=${ASPNETCORE_ENVIRONMENT:-Development}
export Database__Provider=Postgres ConnectionStrings__Postgres="$PANLONG_POSTGRES"
[ -f "$data/privacy.key" ] || head -c 32 /dev/urandom | base64 >"$data/privacy.key"
export Privacy__Key=${Privacy__Key:-$(cat "$data/privacy.key")}
export Cases__PhotoPath="$data/uploads" Services__MaterialPath="$data/materials"
export Portal__KnownProxies__0=127.0.0.1 Seed__DemoCases=${Seed__DemoCases:-0}

start_node() { # name port
  (cd "$root/Panlong.Portal" && exec dotnet "$dll" --urls "http://127.0.0.1:$2") >"$data/node-$1.log" 2>&1 &
  pids+=($!)
  echo "== node $1 on 127.0.0.1:$2 (log: $data/node-$1.log)"
  until curl -sf -o /dev/null "http://127.0.0.1:$2/health/ready"; do
    kill -0 "${pids[-1]}" 2>/dev/null || { echo "node $1 stopped:"; tail -n 20 "$data/node-$1.log"; exit 1; }
    sleep 0.5
  done
}
# One after the other: the first migrates and seeds, the second finds it done.
start_node a $((port + 1))
start_node b $((port + 2))

# Sticky sessions, WebSockets, health checks and redispatch: deploy/haproxy.cfg says why each line is there.
sed -e "s/{PORT}/$port/" -e "s/{NODE_A}/127.0.0.1:$((port + 1))/" -e "s/{NODE_B}/127.0.0.1:$((port + 2))/" \
  "$root/deploy/haproxy.cfg" >"$data/haproxy.cfg"
"$haproxy" -c -q -f "$data/haproxy.cfg"
"$haproxy" -db -f "$data/haproxy.cfg" >"$data/haproxy.log" 2>&1 &
pids+=($!)
echo "== two nodes behind HAProxy: http://127.0.0.1:$port   (node PIDs: ${pids[0]} ${pids[1]}; kill one to see the other take over)"
wait "${pids[2]}"
