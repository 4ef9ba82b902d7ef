#!/usr/bin/env bash
# Sustained ledger write rate (LedgerWriter, batched JDBC) on an H2 file and on PostgreSQL (LocalPostgres: Debian's
# postgresql started on a loopback port). Usage: bench/ledger-throughput.sh [seconds] [batch]
# (builds the test classes if needed; appends to bench/results/ledger-throughput.txt)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
mkdir -p bench/.work bench/results
mvn -B -q -o test-compile dependency:build-classpath -Dmdep.outputFile=bench/.work/test-classpath.txt
cp="target/classes:target/test-classes:$(cat bench/.work/test-classpath.txt)"
{
  echo "# ledger throughput, $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) cores, load $(cut -d" " -f1-3 /proc/loadavg), $(java -version 2>&1 | head -1)"
  for backend in h2 postgres; do
    java -cp "$cp" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn io.camelgateway.ledger.LedgerThroughputBench \
      "$backend" "${1:-20}" "${2:-200}"
  done
} | tee -a bench/results/ledger-throughput.txt
