#!/usr/bin/env bash
# BenchmarkDotNet: FireAsync transitions per second and validate+publish of a 30-state definition,
# on SQLite and on a throwaway PostgreSQL. Results: tests/Panlong.Benchmarks/BenchmarkDotNet.Artifacts/results.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
. "$root/tools/throwaway-postgres.sh"
cd tests/Panlong.Benchmarks
dotnet run -c Release -- --filter '*WorkflowBenchmarks*' "$@"
