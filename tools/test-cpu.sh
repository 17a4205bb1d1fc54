#!/usr/bin/env bash
# The CPU seconds of one test group, test host and child portals included (docs/benchmarks.md, "Test command, round 12"):
#   tools/test-cpu.sh NAME PROJECT FILTER [VAR=VALUE...]
# Runs `dotnet test tests/PROJECT -c Release --no-build --filter FILTER` (after a Release build) with the variables set, inside a
# cpuacct cgroup of its own (cgroup v1, as root), and prints wall time, CPU and the load average before and after. `time`
# misses a test host that `dotnet test` does not reap; the cgroup counts every process the run starts. Not PostgreSQL's server.
set -uo pipefail
name=$1; project=$2; filter=$3; shift 3
cd "$(dirname "$0")/.."
out=artifacts/test-cpu; mkdir -p "$out"
cg=/sys/fs/cgroup/cpuacct/panlong-$name-$$
mkdir "$cg" && echo $$ > "$cg/tasks" || { echo "needs root and cgroup v1's cpuacct at /sys/fs/cgroup/cpuacct" >&2; exit 1; }
start=$(date +%s); before=$(cut -d' ' -f1 /proc/loadavg)
env "$@" dotnet test "tests/$project" -c Release --no-build --nologo --filter "$filter" --logger "trx;LogFileName=$PWD/$out/$name.trx" > "$out/$name.log" 2>&1
rc=$?
end=$(date +%s); after=$(cut -d' ' -f1 /proc/loadavg)
cpu=$(cat "$cg/cpuacct.usage")
echo $$ > /sys/fs/cgroup/cpuacct/tasks; rmdir "$cg"
echo "$name: rc=$rc wall=$((end - start)) s cpu=$(awk -v c="$cpu" 'BEGIN { printf "%.1f", c / 1e9 }') s load=$before..$after $(grep -E '^(Passed|Failed)!' "$out/$name.log")"
exit $rc
