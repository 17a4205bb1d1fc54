#!/usr/bin/env bash
# Runs every test of Panlong. On a fresh Debian machine it first installs what the tests need
# (Chromium, CJK fonts, poppler's pdftoppm, HAProxy, PostgreSQL 15 if absent), starts a throwaway PostgreSQL cluster on a
# loopback port, runs all test projects against it, and stops the cluster again.
set -euo pipefail
cd "$(dirname "$0")"
root=$(pwd)

log() { printf '\n== %s\n' "$*"; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else return 1; fi
}

# --- 1. Debian packages the tests use -------------------------------------------------------
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
# grep reads the whole list: with -q it would stop at the first match, fc-list would die of SIGPIPE, and pipefail would
# call the fonts missing (and install them again on every run).
fc-list 2>/dev/null | grep -i "Noto Sans CJK" >/dev/null || need+=(fonts-noto-cjk)
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
# Two portal nodes behind a load balancer (tests/Panlong.BrowserTests/TwoNodeCluster.cs, tools/two-nodes.sh).
[ -x /usr/sbin/haproxy ] || need+=(haproxy)
# A short HLS stream for the cameras' live view (tests/Panlong.BrowserTests/CameraFlowTests.cs).
command -v ffmpeg >/dev/null 2>&1 || need+=(ffmpeg)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
# A real Prometheus scrapes the shared portal, and promtool checks the shipped alert rules (docs/operations.md).
{ command -v prometheus && command -v promtool; } >/dev/null 2>&1 || need+=(prometheus)
if [ ${#need[@]} -gt 0 ]; then
  log "installing ${need[*]}"
  if ! { as_root apt-get update -qq && DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null; }; then
    echo "Could not install ${need[*]}: install them with apt-get and run again." >&2
    exit 1
  fi
  # Debian's package starts its own Prometheus on :9090 for good; the tests start theirs on a free port and stop it.
  if [[ " ${need[*]} " == *" prometheus "* ]]; then
    if [ -d /run/systemd/system ]; then as_root systemctl disable --now prometheus >/dev/null 2>&1 || true
    else as_root service prometheus stop >/dev/null 2>&1 || true; as_root update-rc.d prometheus disable >/dev/null 2>&1 || true; fi
  fi
fi

# --- 2. A throwaway PostgreSQL cluster on loopback (stopped when this script exits) ------------
# shellcheck source=tools/throwaway-postgres.sh
. "$root/tools/throwaway-postgres.sh"

# --- 3. Build and run every test project ----------------------------------------------------
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
results="$root/artifacts/test-results"
rm -rf "$results"
log "building"
dotnet tool restore >/dev/null
dotnet build Panlong.sln -c Release -nologo -v quiet
log "testing"
# No instrumented tier (dynamic PGO) in the test hosts and the portals they start (which inherit it): its profiling and
# re-JIT cost 15-31 % of the tests' CPU, and test processes do not live long enough to repay it. Set after the build,
# which was not measured with it (docs/decisions/0108-tests-without-dynamic-pgo.md, docs/benchmarks.md).
export DOTNET_TieredPGO=0
# The four projects run at once, the browser tests first: they are the longest, and much of every project's time is
# waiting (pages, portals starting, PostgreSQL), which the others fill. `dotnet test Panlong.sln` ran two at a time.
mkdir -p "$results"
status=0
pids=()
# Every test project under tests/ (not the helpers marked <IsTestProject>false), the browser tests first.
projects=(Panlong.BrowserTests)
for csproj in tests/*/*.csproj; do
  project=$(basename "$(dirname "$csproj")")
  grep -q "<IsTestProject>false" "$csproj" || [ "$project" = Panlong.BrowserTests ] || projects+=("$project")
done
for project in "${projects[@]}"; do
  dotnet test "tests/$project" -c Release --no-build --nologo --logger "trx" --results-directory "$results" > "$results/$project.log" 2>&1 &
  pids+=($!)
done
for i in "${!projects[@]}"; do
  project=${projects[$i]}
  if wait "${pids[$i]}"; then
    grep -E "^(Passed|Failed)!" "$results/$project.log" || true
  else
    status=1
    echo
    echo "== $project failed:"
    cat "$results/$project.log"
  fi
done

# Sum the counters of every project's results file (a crashed project leaves none: then status is already non-zero).
count() {
  local n
  n=$(cat "$results"/*.trx 2>/dev/null | grep -o "<Counters [^>]*" | grep -o " $1=\"[0-9]*\"" | grep -o "[0-9]*" | awk '{s+=$1} END {print s+0}') || true
  echo "${n:-0}"
}
passed=$(count passed)
failed=$(( $(count failed) + $(count error) + $(count timeout) + $(count aborted) ))
echo
echo "Tests: $passed passed, $failed failed"
[ "$passed" -gt 0 ] || status=1
exit $status
