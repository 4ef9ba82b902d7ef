#!/usr/bin/env bash
# Benchmark suite entry point. Usage:
#   bench/run.sh            full run (3 x 10 s per config, c=1,8,32)
#   bench/run.sh --quick    smoke run (1 x 3 s, c=1,8)
#   bench/run.sh --soak [--soak-minutes N]   mixed-traffic soak with memory sampling
# Other options: --jar PATH --contenders direct,nginx,gateway,portkey --duration S --runs N
#                --concurrency 1,8,32 --warmup S --ttft-ms MS --interval-ms MS --java-opts '...'
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
mkdir -p "$HERE/.work" "$HERE/results/raw"
for t in nginx wrk; do
  command -v "$t" >/dev/null 2>&1 || [ -x "/usr/sbin/$t" ] || { echo "missing $t: run bench/setup.sh" >&2; exit 1; }
done
export PATH="$PATH:/usr/sbin"
PY="$(command -v python3)"
child=""
cleanup() {
  # the orchestrator kills everything it started; this catches it if it is itself interrupted
  if [ -n "$child" ] && kill -0 "$child" 2>/dev/null; then
    kill -TERM "$child" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$child" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$child" 2>/dev/null || true
  fi
}
trap cleanup EXIT INT TERM HUP
"$PY" "$HERE/lib/bench.py" "$@" &
child=$!
wait "$child"
