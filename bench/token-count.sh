#!/usr/bin/env bash
# Times the router's input-token count on the 46 KB Codex turn-1 capture: first count (cold JVM), first count with an
# empty cache after warm-up, and a repeated turn (every item cached), side by side in one run.
# Usage: bench/token-count.sh [rounds]   (builds the test classes if needed; writes bench/results/token-count.txt)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
mkdir -p bench/.work bench/results
mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile=bench/.work/test-classpath.txt
cp="target/classes:target/test-classes:$(cat bench/.work/test-classpath.txt)"
{
  echo "# token count timing, $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) cores, $(java -version 2>&1 | head -1)"
  java -cp "$cp" io.camelgateway.routing.TokenCountBench "${1:-200}"
} | tee bench/results/token-count.txt
