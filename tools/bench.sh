#!/usr/bin/env bash
# BenchmarkDotNet, on SQLite and on a throwaway PostgreSQL. BENCH_FILTER picks the class:
#   *WorkflowBenchmarks*  FireAsync transitions per second, validate+publish of a 30-state definition (default)
#   *RegistrySearchBenchmarks*  population search at district scale (133,364 people)
#   *CaseDeskBenchmarks*  case desks and the board over a year of cases (47,199)
#   *ServiceDocumentBenchmarks*  one receipt and one certificate rendered to PDF (no database)
#   *ApplicationBenchmarks*  applications per second through submit → accept → approve (one department, a countersign, 200 in a row)
#   *CaseLoopBenchmarks*  one case through the district loop by the service pages call (report + six decisions)
# Results: tests/Panlong.Benchmarks/BenchmarkDotNet.Artifacts/results.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
. "$root/tools/throwaway-postgres.sh"
cd tests/Panlong.Benchmarks
dotnet run -c Release -- --filter "${BENCH_FILTER:-*WorkflowBenchmarks*}" "$@"
