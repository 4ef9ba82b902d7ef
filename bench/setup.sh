#!/usr/bin/env bash
# Installs what the benchmark suite needs, if missing. Idempotent.
#  - Debian: nginx (nginx-light), wrk, python3-matplotlib (plot; falls back to gnuplot-nox)
#  - Portkey OSS gateway 1.15.2 into bench/.work/portkey (pinned hono versions; see README)
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
WORK="$HERE/.work"
mkdir -p "$WORK" "$HERE/results/raw"

SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi

need=()
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || need+=(nginx-light)
command -v wrk   >/dev/null 2>&1 || need+=(wrk)
have_mpl=0
for py in /usr/bin/python3 python3; do
  if "$py" -c 'import matplotlib' >/dev/null 2>&1; then have_mpl=1; break; fi
done
[ "$have_mpl" = 1 ] || need+=(python3-matplotlib)

if [ "${#need[@]}" -gt 0 ]; then
  echo "setup: apt-get install ${need[*]}"
  $SUDO apt-get update -qq || true
  if ! DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}"; then
    # nginx-light may not exist on every release: try plain nginx; matplotlib -> gnuplot
    alt=()
    for p in "${need[@]}"; do
      case "$p" in
        nginx-light) alt+=(nginx) ;;
        python3-matplotlib) alt+=(gnuplot-nox) ;;
        *) alt+=("$p") ;;
      esac
    done
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${alt[@]}"
  fi
fi
# the Debian package may start a system nginx on :80; the suite never uses it
if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet nginx 2>/dev/null; then
  $SUDO systemctl stop nginx || true
fi

# Portkey OSS gateway, pinned (the newer @hono/node-server breaks streaming: Portkey issues #1389/#1550)
PK="$WORK/portkey"
if [ ! -f "$PK/node_modules/@portkey-ai/gateway/build/start-server.js" ]; then
  if command -v npm >/dev/null 2>&1; then
    mkdir -p "$PK"
    cat > "$PK/package.json" <<'JSON'
{"name":"pk","version":"1.0.0","private":true,
 "overrides":{"@hono/node-server":"1.13.5","hono":"4.9.7"},
 "dependencies":{"@hono/node-server":"1.13.5","@portkey-ai/gateway":"1.15.2","hono":"4.9.7"}}
JSON
    (cd "$PK" && npm install --ignore-scripts --no-audit --no-fund --loglevel=error)
  else
    echo "setup: npm not found - Portkey contender will be skipped" >&2
  fi
fi

echo "setup: nginx $(nginx -v 2>&1 | sed 's/.*\///'), $(wrk -v 2>&1 | head -1 | awk '{print $1, $2}'), portkey: $( [ -f "$PK/node_modules/@portkey-ai/gateway/package.json" ] && node -p "require('$PK/node_modules/@portkey-ai/gateway/package.json').version" || echo missing)"
