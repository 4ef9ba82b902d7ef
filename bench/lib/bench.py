#!/usr/bin/env python3
"""Benchmark orchestrator (stdlib only). Run through bench/run.sh; see bench/README.md."""
import argparse
import datetime
import json
import os
import platform
import re
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import nginx_conf  # noqa: E402
import procs  # noqa: E402
from procs import http  # noqa: E402

LIB = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(LIB)
REPO = os.path.dirname(ROOT)
WORK = os.path.join(ROOT, ".work")
FIX = os.path.join(ROOT, "fixtures")
RESULTS = os.path.join(ROOT, "results")

PORTS = dict(u_json=19101, u_sse=19102, u_mix=19103, u_mix_b=19104,
             p_json=19111, p_sse=19112, p_paced=19113, paced=19120, gateway=19130, portkey=19140)

BODY = {1: os.path.join(FIX, "chat-small.json"), 2: os.path.join(FIX, "chat-small-stream.json"),
        3: os.path.join(FIX, "codex-turn1-anthropic.json"), 4: os.path.join(FIX, "codex-turn1-auto.json")}
WL_NAME = {1: "chat completions passthrough, small body, non-streamed",
           2: "chat completions passthrough, small body, streamed (SSE)",
           3: "Codex turn-1 (46 KB) on /v1/responses -> Anthropic /v1/messages, streamed back",
           4: "as 3 with model `auto` (cost router)"}
CONTENDERS = ["direct", "nginx", "gateway", "portkey"]
PORTKEY_MAIN = os.path.join(WORK, "portkey", "node_modules", "@portkey-ai", "gateway", "build", "start-server.js")


def log(*a):
    print(time.strftime("%H:%M:%S"), *a, flush=True)


def sh2(cmd):
    """stdout+stderr of a short command (version probes)."""
    try:
        r = subprocess.run(cmd, shell=True, capture_output=True, text=True, timeout=20)
        return (r.stdout + r.stderr).strip()
    except Exception as e:  # noqa: BLE001
        return f"? ({e})"


def machine():
    cpu = ""
    try:
        with open("/proc/cpuinfo") as f:
            for ln in f:
                if ln.startswith("model name"):
                    cpu = ln.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = ""
    try:
        with open("/proc/meminfo") as f:
            mem = f"{int(f.readline().split()[1]) / 1048576:.1f} GiB"
    except OSError:
        pass
    pk = os.path.join(WORK, "portkey", "node_modules", "@portkey-ai", "gateway", "package.json")
    return {
        "nproc": sh2("nproc"), "cpu": cpu, "ram": mem, "kernel": platform.release(),
        "os": sh2(". /etc/os-release && echo $PRETTY_NAME"),
        "java": sh2("java -version 2>&1 | head -1"),
        "wrk": sh2("wrk -v 2>&1 | head -1 | cut -d' ' -f1-2"),
        "nginx": sh2("nginx -v 2>&1"),
        "node": sh2("node --version"),
        "portkey": (json.load(open(pk))["version"] if os.path.exists(pk) else "not installed"),
        "python": platform.python_version(),
        "loadavg_at_start": open("/proc/loadavg").read().split()[:3],
    }


# ----------------------------------------------------------------------------- processes

class Server:
    """A started contender/upstream: its Popen and how to find its pids for CPU/RSS."""

    def __init__(self, name, proc, with_children=False):
        self.name, self.proc, self.with_children = name, proc, with_children

    def pids(self):
        return procs.tree(self.proc.pid) if self.with_children else [self.proc.pid]

    def cpu(self):
        return procs.cpu_ticks(self.pids())

    def rss_mb(self):
        return procs.mem_kb(self.pids(), "VmRSS") / 1024.0

    def hwm_mb(self):
        return procs.mem_kb(self.pids(), "VmHWM") / 1024.0


def start_nginx(name, conf_text):
    prefix = os.path.join(WORK, name)
    os.makedirs(prefix, exist_ok=True)
    conf = nginx_conf.write(prefix, conf_text)
    err = os.path.join(prefix, "logs", "error.log")
    t = subprocess.run(["nginx", "-t", "-p", prefix, "-c", conf, "-e", err], capture_output=True, text=True)
    if t.returncode != 0:
        raise SystemExit(f"nginx config {name} invalid:\n{t.stderr}")
    p = procs.spawn(["nginx", "-p", prefix, "-c", conf, "-e", err], os.path.join(prefix, "logs", "stdout.log"))
    return Server(name, p, with_children=True)


def find_jar(arg):
    """--jar PATH, else bench/.work/bench-gateway.jar (a copy), refreshed from <repo>/target when that one is newer."""
    if arg:
        return os.path.abspath(arg) if os.path.isfile(arg) else None
    dst = os.path.join(WORK, "bench-gateway.jar")  # own name: not matched by anyone's `pkill -f camel-ai-gateway.jar`
    src = os.path.join(REPO, "target", "camel-ai-gateway.jar")
    if os.path.isfile(src) and (not os.path.isfile(dst) or os.path.getmtime(src) > os.path.getmtime(dst)):
        shutil.copy2(src, dst)
    return dst if os.path.isfile(dst) else None


# Set by --gateway-keys: the gateway runs in auth mode "keys" and every gateway request carries a virtual key.
GATEWAY_KEYS = {"on": False, "headers": {}}
BENCH_ADMIN_TOKEN = "bench-admin-" + os.urandom(12).hex()


def start_gateway(jar, upstream_port, tag, java_opts):
    env = dict(os.environ)
    env.update(OPENAI_BASE_URL=f"http://127.0.0.1:{upstream_port}/v1", OPENAI_API_KEY="sk-bench",
               ANTHROPIC_BASE_URL=f"http://127.0.0.1:{upstream_port}", ANTHROPIC_API_KEY="sk-ant-bench")
    if GATEWAY_KEYS["on"]:
        env.update(GATEWAY_KEY_PEPPER="bench-pepper-" + os.urandom(12).hex())
        java_opts = java_opts + ["-Dgateway.auth.mode=keys", f"-Dgateway.admin.token={BENCH_ADMIN_TOKEN}"]
    port = PORTS["gateway"]
    if not procs.port_free(port):
        raise SystemExit(f"port {port} busy")
    cmd = ["java"] + java_opts + [f"-Dcamel.server.port={port}", "-jar", jar]
    logf = os.path.join(WORK, f"gateway-{tag}.log")
    t0 = time.perf_counter()
    p = procs.spawn(cmd, logf, env=env, cwd=WORK)
    waited = procs.wait_http(port, "/ready", timeout=60.0, proc=p, interval=0.005)
    if waited is None:
        tail = open(logf, errors="replace").read()[-3000:]
        procs.stop(p)
        raise RuntimeError(f"gateway did not become ready ({tag}); log tail:\n{tail}")
    ready_s = time.perf_counter() - t0
    log(f"gateway ({tag}) ready in {ready_s:.2f}s, pid {p.pid}")
    if GATEWAY_KEYS["on"]:
        GATEWAY_KEYS["headers"] = {"authorization": "Bearer " + create_virtual_key(port)}
    return Server("gateway", p), ready_s


def create_virtual_key(port):
    """A key with no budget or limits (limits are checked, none refuses): the cost measured is auth + ledger."""
    import urllib.request
    req = urllib.request.Request(f"http://127.0.0.1:{port}/admin/keys", method="POST",
                                 data=json.dumps({"owner": "bench", "team": "bench"}).encode(),
                                 headers={"authorization": "Bearer " + BENCH_ADMIN_TOKEN,
                                          "content-type": "application/json"})
    with urllib.request.urlopen(req, timeout=10) as r:
        return json.loads(r.read())["key"]


def start_portkey():
    if not os.path.isfile(PORTKEY_MAIN):
        return None, "Portkey not installed (run bench/setup.sh)"
    port = PORTS["portkey"]
    p = procs.spawn(["node", PORTKEY_MAIN, f"--port={port}", "--headless"], os.path.join(WORK, "portkey.log"),
                    cwd=os.path.join(WORK, "portkey"))
    if procs.wait_http(port, "/", ok=lambda s: s < 500, timeout=30, proc=p, interval=0.05) is None:
        procs.stop(p)
        return None, "Portkey did not start (see bench/.work/portkey.log)"
    return Server("portkey", p), None


# ----------------------------------------------------------------------------- targets per contender

def pk_headers(upstream_port, provider="openai", path_suffix="/v1"):
    return {"x-portkey-provider": provider, "x-portkey-custom-host": f"http://127.0.0.1:{upstream_port}{path_suffix}",
            "authorization": "Bearer sk-bench"}


def endpoint(contender, wl, upstream_port, proxy_port):
    """(port, path, headers) or None when the contender cannot do the workload."""
    if wl in (1, 2):
        if contender == "direct":
            return upstream_port, "/v1/chat/completions", {"authorization": "Bearer sk-bench"}
        if contender == "nginx":
            return proxy_port, "/v1/chat/completions", {"authorization": "Bearer sk-bench"}
        if contender == "gateway":
            return PORTS["gateway"], "/v1/chat/completions", dict(GATEWAY_KEYS["headers"])
        if contender == "portkey":
            return PORTS["portkey"], "/v1/chat/completions", pk_headers(upstream_port)
    if wl in (3, 4):
        if contender == "direct":  # floor: the upstream's own Anthropic SSE answer to the same body
            return upstream_port, "/v1/messages", {"x-api-key": "sk-ant-bench", "anthropic-version": "2023-06-01"}
        if contender == "gateway":
            return PORTS["gateway"], "/v1/responses", dict(GATEWAY_KEYS["headers"])
        if contender == "portkey":
            return PORTS["portkey"], "/v1/responses", pk_headers(upstream_port, "anthropic")
    return None


# ----------------------------------------------------------------------------- wrk

def parse_bench_json(text):
    m = re.search(r"^BENCHJSON (.*)$", text, re.M)
    return json.loads(m.group(1)) if m else None


def wrk(port, path, headers, body, c, secs, raw_path, script="post.lua"):
    url = f"http://127.0.0.1:{port}{path}"
    cmd = ["wrk", "-t1", f"-c{c}", f"-d{secs}s", "--timeout", "10s", "--latency", "-s", script, url, "--", body]
    cmd += [f"{k}: {v}" for k, v in headers.items()]
    r = subprocess.run(cmd, capture_output=True, text=True, cwd=LIB, timeout=secs + 60)
    if raw_path:
        with open(raw_path, "w") as f:
            f.write("$ " + " ".join(cmd) + "\n" + r.stdout + r.stderr)
    return parse_bench_json(r.stdout), r.stdout + r.stderr


OURS = []  # every long-running server we started (for the foreign-load estimate)


def sys_busy():
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:9]]
    busy = v[0] + v[1] + v[2] + v[5] + v[6] + v[7]
    return busy, busy + v[3] + v[4]


def children_cpu_ticks():
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (ru.ru_utime + ru.ru_stime) * procs.CLK_TCK


def measure(server, port, path, headers, body, c, secs, raw_path, script="post.lua"):
    b0, t0 = sys_busy()
    ours0 = sum(s.cpu() for s in OURS if s.proc.poll() is None) + children_cpu_ticks()
    cpu0 = server.cpu() if server else 0
    res, out = wrk(port, path, headers, body, c, secs, raw_path, script)
    cpu1 = server.cpu() if server else 0
    b1, t1 = sys_busy()
    ours1 = sum(s.cpu() for s in OURS if s.proc.poll() is None) + children_cpu_ticks()
    foreign = max(0.0, ((b1 - b0) - (ours1 - ours0)) * 100.0 / (t1 - t0)) if t1 > t0 else None
    if res is None:
        return {"error": "wrk produced no result", "out": out[-500:]}
    n = res["requests"]
    dur = res["duration_us"] / 1e6
    p = res["lat_us"]["p"]
    errs = sum(res["errors"].values())
    rec = {"c": c, "requests": n, "rps": n / dur if dur else 0.0,
           "p50": p["50"] / 1000.0, "p95": p["95"] / 1000.0, "p99": p["99"] / 1000.0,
           "max": res["lat_us"]["max"] / 1000.0, "errors": res["errors"], "error_total": errs,
           "dist_us": p, "cpu_ms_per_req": ((cpu1 - cpu0) * 1000.0 / procs.CLK_TCK / n) if (server and n) else None,
           "rss_mb": server.rss_mb() if server else None, "hwm_mb": server.hwm_mb() if server else None,
           "foreign_cpu_pct": foreign}
    if "overhead_ms" in res:
        rec["overhead_ms"] = res["overhead_ms"]
    return rec


def median_rec(runs):
    ok = [r for r in runs if "error" not in r]
    if not ok:
        return None
    keys = ["rps", "p50", "p95", "p99", "max", "cpu_ms_per_req", "foreign_cpu_pct"]
    out = {k: (statistics.median([r[k] for r in ok if r.get(k) is not None])
               if any(r.get(k) is not None for r in ok) else None) for k in keys}
    out["hwm_mb"] = max((r["hwm_mb"] or 0) for r in ok) if ok[0].get("hwm_mb") is not None else None
    out["errors"] = sum(r["error_total"] for r in ok)
    out["requests"] = sum(r["requests"] for r in ok)
    out["runs"] = len(ok)
    # distribution of the run whose p50 is the median one (for the plot)
    srt = sorted(ok, key=lambda r: r["p50"])
    out["dist_us"] = srt[len(srt) // 2]["dist_us"]
    return out


# ----------------------------------------------------------------------------- checks

def probe(port, path, headers, body_file):
    with open(body_file, "rb") as f:
        body = f.read()
    try:
        s, h, data = http("POST", port, path, body=body, headers=headers, timeout=15)
        return {"status": s, "headers": h, "body": data[:600].decode("utf-8", "replace"), "len": len(data)}
    except Exception as e:  # noqa: BLE001
        return {"status": None, "error": repr(e), "body": "", "headers": {}}


def plausible(wl, pr):
    if pr["status"] != 200:
        return False
    b = pr["body"]
    if wl == 1:
        return '"chat.completion"' in b or '"choices"' in b
    if wl == 2:
        return "data:" in b
    return "event:" in b or "data:" in b


# ----------------------------------------------------------------------------- main benchmark

def run_bench(a, ts, rawdir):
    quick = a.quick
    secs = a.duration or (3 if quick else 10)
    warm = a.warmup if a.warmup is not None else (2 if quick else 5)
    jvm_warm = a.gateway_warmup if a.gateway_warmup is not None else (8 if quick else 30)
    cold_done = {}
    runs = a.runs or (1 if quick else 3)
    conc = [int(x) for x in a.concurrency.split(",")] if a.concurrency else ([1, 8] if quick else [1, 8, 32])
    ttfb_n = {1: 20 if quick else 100, 8: 48 if quick else 240}
    only = set(a.contenders.split(",")) if a.contenders else set(CONTENDERS)
    java_opts = a.java_opts.split()

    R = {"timestamp": ts, "mode": "quick" if quick else "full", "machine": machine(),
         "settings": {"duration_s": secs, "warmup_s": warm, "runs": runs, "concurrency": conc,
                      "ttfb_requests": ttfb_n, "paced_ttft_ms": a.ttft_ms, "paced_interval_ms": a.interval_ms,
                      "java_opts": java_opts, "wrk_threads": 1, "gateway_keys": GATEWAY_KEYS["on"]},
         "workloads": {}, "ttfb": {}, "notes": [], "probes": {}, "startup_s": [], "gateway": {}}
    R["bench_commit"] = sh2(f"git -C {ROOT} rev-parse --short HEAD")

    for k, port in PORTS.items():
        if not procs.port_free(port):
            raise SystemExit(f"port {port} ({k}) is busy - another bench running?")

    up = start_nginx("nginx-upstream", nginx_conf.upstream_conf(os.path.join(WORK, "nginx-upstream"), PORTS["u_json"],
                                                                PORTS["u_sse"], PORTS["u_mix"], PORTS["u_mix_b"]))
    px = start_nginx("nginx-proxy", nginx_conf.proxy_conf(os.path.join(WORK, "nginx-proxy"), [
        (PORTS["p_json"], PORTS["u_json"], True), (PORTS["p_sse"], PORTS["u_sse"], False),
        (PORTS["p_paced"], PORTS["paced"], False)]))
    paced = procs.spawn([sys.executable, os.path.join(LIB, "paced_server.py"), "--port", str(PORTS["paced"]),
                         "--ttft-ms", str(a.ttft_ms), "--interval-ms", str(a.interval_ms)],
                        os.path.join(WORK, "paced.log"))
    for port, what in ((PORTS["u_json"], "/ready"), (PORTS["p_json"], "/ready"), (PORTS["paced"], "/ready")):
        if procs.wait_http(port, what, timeout=10) is None:
            raise SystemExit(f"upstream on {port} not ready")
    # verify nginx answers POST with the fixed bodies
    for wl, port, path in ((1, PORTS["u_json"], "/v1/chat/completions"), (2, PORTS["u_sse"], "/v1/chat/completions"),
                           (3, PORTS["u_sse"], "/v1/messages")):
        pr = probe(port, path, {}, BODY[wl])
        if not plausible(wl, pr):
            raise SystemExit(f"upstream check failed for workload {wl}: {pr}")
    log("upstream nginx, proxy nginx and paced server up")

    servers = {"direct": up, "nginx": px}
    OURS[:] = [up, px]
    portkey = None
    if "portkey" in only:
        portkey, why = start_portkey()
        if portkey:
            servers["portkey"] = portkey
            OURS.append(portkey)
            log(f"portkey up, pid {portkey.proc.pid}")
        else:
            R["notes"].append(why)
            log(why)

    jar = find_jar(a.jar) if "gateway" in only else None
    if "gateway" in only and not jar:
        R["notes"].append("gateway: no jar (bench/.work/bench-gateway.jar or target/camel-ai-gateway.jar: run mvn -B -q package -DskipTests) "
                          "- gateway columns are empty")
    if jar:
        R["gateway"]["jar"] = jar
        R["gateway"]["jar_bytes"] = os.path.getsize(jar)
        R["gateway"]["jar_mtime"] = datetime.datetime.fromtimestamp(os.path.getmtime(jar)).isoformat(timespec="seconds")
        R["gateway"]["main_commit"] = sh2(f"git -C {REPO} log --oneline -1 2>/dev/null")

    def bench_workload(wl, upstream_port, proxy_port, contenders):
        W = R["workloads"].setdefault(str(wl), {"name": WL_NAME[wl], "contenders": {}})
        for cname in contenders:
            if cname not in only:
                continue
            if cname == "gateway":
                gw_alive_or_restart(f"workload {wl}")
            srv = servers.get(cname)
            ep = endpoint(cname, wl, upstream_port, proxy_port)
            if srv is None or ep is None:
                continue
            port, path, hdrs = ep
            pr = probe(port, path, hdrs, BODY[wl])
            R["probes"][f"w{wl}-{cname}"] = {k: pr.get(k) for k in ("status", "body", "error", "len")}
            if not plausible(wl, pr):
                W["contenders"][cname] = {"unsupported" if cname == "portkey" else "failed": f"HTTP {pr.get('status')}: {pr.get('body') or pr.get('error')}"[:400]}
                log(f"w{wl} {cname}: not usable -> {list(W['contenders'][cname].values())[0][:160]}")
                continue
            if cname == "gateway":
                R["gateway"].setdefault("overhead_header", "x-gateway-overhead-ms" in pr["headers"])
            if cname == "gateway" and not cold_done.get(id(srv)):
                # the JVM's JIT needs tens of seconds on 2 cores: record the cold first 10 s, then warm it properly
                cold_done[id(srv)] = True
                cold = measure(srv, port, path, hdrs, BODY[wl], 8, 10, os.path.join(rawdir, f"w{wl}-{cname}-cold.txt"))
                if "error" not in cold:
                    R["notes"].append(f"gateway cold, first 10 s after start (w{wl}, c=8): {cold['rps']:.0f} req/s, "
                                      f"p50 {cold['p50']:.3f} ms, p99 {cold['p99']:.3f} ms")
            gw_warm = jvm_warm if cname == "gateway" else warm
            log(f"w{wl} {cname}: warm-up {gw_warm}s")
            wrk(port, path, hdrs, BODY[wl], 8, gw_warm, os.path.join(rawdir, f"w{wl}-{cname}-warmup.txt"))
            C = W["contenders"].setdefault(cname, {"by_c": {}})
            C["loadavg_before"] = float(open("/proc/loadavg").read().split()[0])
            for c in conc:
                if cname == "gateway" and srv.proc.poll() is not None:
                    srv = gw_alive_or_restart(f"workload {wl} c={c}")
                    if srv is None:
                        break
                    wrk(port, path, hdrs, BODY[wl], 8, warm, os.path.join(rawdir, f"w{wl}-{cname}-rewarmup.txt"))
                rr = []
                for i in range(runs):
                    rec = measure(srv, port, path, hdrs, BODY[wl], c, secs,
                                  os.path.join(rawdir, f"w{wl}-{cname}-c{c}-r{i + 1}.txt"))
                    rr.append(rec)
                    if "error" in rec:
                        log(f"  c={c} run {i + 1}: ERROR {rec['error']}")
                    else:
                        log(f"  c={c} run {i + 1}: {rec['rps']:.0f} req/s p50 {rec['p50']:.3f} p99 {rec['p99']:.3f} ms"
                            f" err {rec['error_total']} cpu/req {rec['cpu_ms_per_req'] or 0:.4f} ms")
                C["by_c"][str(c)] = {"runs": [{k: v for k, v in r.items() if k != "dist_us"} for r in rr],
                                     "median": median_rec(rr)}
            C["hwm_mb"] = srv.hwm_mb()
            if cname == "gateway" and R["gateway"].get("overhead_header"):
                rec = measure(srv, port, path, hdrs, BODY[wl], 8, secs, os.path.join(rawdir, f"w{wl}-gateway-ovh.txt"),
                              script=hdr_script())
                C["overhead_ms"] = rec.get("overhead_ms")
                log(f"  overhead header: {C['overhead_ms']}")

    def ttfb(wl, contenders, paced_proxy):
        T = R["ttfb"].setdefault(str(wl), {})
        for cname in contenders:
            if cname == "gateway":
                gw_alive_or_restart(f"TTFB workload {wl}")
            if cname not in only or cname not in servers:
                continue
            w = R["workloads"].get(str(wl), {}).get("contenders", {}).get(cname, {})
            if "by_c" not in w:  # failed / unsupported in the wrk phase: nothing to time
                continue
            ep = endpoint(cname, wl, PORTS["paced"], paced_proxy)
            if ep is None:
                continue
            port, path, hdrs = ep
            if cname == "gateway":
                # a fresh gateway process serves the paced upstream: warm its JIT first (c=8: at c=32 the paced Python
                # server falls behind, the gateway's circuit breaker opens on it and the timing runs get 503s)
                log(f"ttfb w{wl} gateway: JIT warm-up {jvm_warm}s")
                wrk(port, path, hdrs, BODY[wl], 8, jvm_warm, os.path.join(rawdir, f"ttfb-w{wl}-gateway-warmup.txt"))
            T[cname] = {}
            for c in (1, 8):
                cmd = [sys.executable, os.path.join(LIB, "ttfb_client.py"), f"http://127.0.0.1:{port}{path}", BODY[wl],
                       "-c", str(c), "-n", str(ttfb_n[c]), "-w", str(2 * c), "--max-seconds", "90"]
                for k, v in hdrs.items():
                    cmd += ["-H", f"{k}: {v}"]
                cmd += ["--token-marker", token_marker(wl, cname)]
                r = subprocess.run(cmd, capture_output=True, text=True, timeout=150)
                with open(os.path.join(rawdir, f"ttfb-w{wl}-{cname}-c{c}.txt"), "w") as f:
                    f.write(" ".join(cmd) + "\n" + r.stdout + r.stderr)
                try:
                    T[cname][str(c)] = json.loads(r.stdout.strip().splitlines()[-1])
                    t = T[cname][str(c)]
                    log(f"ttfb w{wl} {cname} c={c}: p50 {t['ttfb']['p50']} p95 {t['ttfb']['p95']} ms "
                        f"first token p50 {t['tok']['p50']} "
                        f"spread {t['spread_ms_p50']} ms errors {t['errors']}")
                except Exception:  # noqa: BLE001
                    T[cname][str(c)] = {"error": (r.stdout + r.stderr)[-400:]}

    def gw_phase(upstream_port, tag):
        if not jar:
            return None
        try:
            g, ready = start_gateway(jar, upstream_port, tag, java_opts)
        except RuntimeError as e:
            R["notes"].append(str(e)[:1500])
            log(str(e)[:1500])
            return None
        R["startup_s"].append(ready)
        servers["gateway"] = g
        OURS.append(g)
        return g

    def gw_alive_or_restart(reason):
        """The gateway may be killed from outside (seen: an external SIGTERM mid-run); restart it in the same phase."""
        g = servers.get("gateway")
        if g is None or g.proc.poll() is None:
            return g
        rc = g.proc.returncode
        msg = (f"gateway ({g.tag}) exited with code {rc} before {reason} - not stopped by the bench "
               f"(external signal?); restarted")
        R["notes"].append(msg)
        log(msg)
        procs.stop(g.proc)
        if g in OURS:
            OURS.remove(g)
        servers.pop("gateway", None)
        ng = gw_phase(g.upstream, g.tag + "-restart")
        if ng:
            ng.tag, ng.upstream = g.tag, g.upstream
        return ng

    def gw_stop(g):
        g = servers.get("gateway") or g
        if g and g.proc.poll() is None:
            R["gateway"].setdefault("hwm_mb_by_phase", {})[g.tag] = g.hwm_mb()
            if g.tag in ("json", "sse", "paced"):  # where the RSS goes (heap committed vs the rest)
                hi = sh2(f"jcmd {g.proc.pid} GC.heap_info")
                m = re.search(r"total (\d+)K, used (\d+)K", hi)
                R["gateway"].setdefault("heap_by_phase", {})[g.tag] = {
                    "rss_mb": round(g.rss_mb(), 1),
                    "heap_committed_mb": round(int(m.group(1)) / 1024, 1) if m else None,
                    "heap_used_mb": round(int(m.group(2)) / 1024, 1) if m else None}
            procs.stop(g.proc)
            servers.pop("gateway", None)
            if g in OURS:
                OURS.remove(g)

    # phase 1: JSON upstream -> workload 1
    g = gw_phase(PORTS["u_json"], "json")
    if g:
        g.tag, g.upstream = "json", PORTS["u_json"]
    bench_workload(1, PORTS["u_json"], PORTS["p_json"], CONTENDERS)
    gw_stop(g)

    # phase 2: SSE upstream -> workloads 2, 3, 4
    g = gw_phase(PORTS["u_sse"], "sse")
    if g:
        g.tag, g.upstream = "sse", PORTS["u_sse"]
    bench_workload(2, PORTS["u_sse"], PORTS["p_sse"], CONTENDERS)
    R["workloads"]["3"] = {"name": WL_NAME[3], "contenders": {
        "nginx": {"na": "n/a - a plain reverse proxy cannot translate Responses -> Anthropic Messages"}}}
    bench_workload(3, PORTS["u_sse"], None, ["direct", "gateway", "portkey"])
    R["workloads"]["4"] = {"name": WL_NAME[4], "contenders": {}}
    if g:
        g = gw_alive_or_restart("workload 4 detection")
    if g:
        pr = probe(PORTS["gateway"], "/v1/responses", dict(GATEWAY_KEYS["headers"]), BODY[4])
        R["probes"]["w4-gateway-detect"] = {k: pr.get(k) for k in ("status", "body", "error")}
        if pr["status"] == 404 or "model_not_found" in (pr.get("body") or ""):
            R["workloads"]["4"]["unavailable"] = f"not available in this build (HTTP {pr['status']}: {pr['body'][:200]})"
            log("w4: model auto not available in this build")
        elif plausible(4, pr):
            bench_workload(4, PORTS["u_sse"], None, ["direct", "gateway"])
        else:
            R["workloads"]["4"]["unavailable"] = f"model auto answered HTTP {pr['status']}: {pr['body'][:300]}"
    else:
        R["workloads"]["4"]["unavailable"] = "gateway not running"
    gw_stop(g)

    # phase 3: paced upstream -> time to first byte for the streamed workloads
    g = gw_phase(PORTS["paced"], "paced")
    if g:
        g.tag, g.upstream = "paced", PORTS["paced"]
    ttfb(2, CONTENDERS, PORTS["p_paced"])
    ttfb(3, ["direct", "gateway", "portkey"], None)
    if "unavailable" not in R["workloads"]["4"]:
        ttfb(4, ["direct", "gateway"], None)
    gw_stop(g)

    # extra startup samples so the median is over >= 3 spawns
    while jar and 0 < len(R["startup_s"]) < 3:
        g = gw_phase(PORTS["u_json"], f"startup{len(R['startup_s'])}")
        if not g:
            break
        g.tag = "startup"
        gw_stop(g)
    if portkey:
        R["portkey_hwm_mb"] = portkey.hwm_mb()
    R["machine"]["loadavg_at_end"] = open("/proc/loadavg").read().split()[:3]
    return R


def token_marker(wl, cname):
    """What the first text token looks like in each contender's stream (same token: the upstream's first text)."""
    if wl == 2:
        return '"content":"Hello"'  # chat chunks are passed through unchanged
    return '"text_delta"' if cname == "direct" else "output_text.delta"  # Anthropic vs translated Responses


def hdr_script():
    path = os.path.join(WORK, "post_hdr.lua")
    with open(path, "w") as f:
        f.write(open(os.path.join(LIB, "post.lua")).read() + "\n" + open(os.path.join(LIB, "hdr.lua")).read())
    return path


# ----------------------------------------------------------------------------- soak

def run_soak(a, ts, rawdir):
    minutes = a.soak_minutes if a.soak_minutes is not None else (1 if a.quick else 10)
    jar = find_jar(a.jar)
    if not jar:
        raise SystemExit("soak needs the gateway jar (bench/.work/camel-ai-gateway.jar)")
    for k in ("u_json", "u_sse", "u_mix", "u_mix_b", "gateway"):
        if not procs.port_free(PORTS[k]):
            raise SystemExit(f"port {PORTS[k]} busy")
    start_nginx("nginx-upstream", nginx_conf.upstream_conf(os.path.join(WORK, "nginx-upstream"), PORTS["u_json"],
                                                           PORTS["u_sse"], PORTS["u_mix"], PORTS["u_mix_b"]))
    if procs.wait_http(PORTS["u_mix"], "/ready", timeout=10) is None:
        raise SystemExit("soak upstream not ready")
    g, ready = start_gateway(jar, PORTS["u_mix"], "soak", a.java_opts.split())
    pid = g.proc.pid
    mix, skipped = [], []
    for wl, path in ((1, "/v1/chat/completions"), (2, "/v1/chat/completions"), (3, "/v1/responses")):
        pr = probe(PORTS["gateway"], path, dict(GATEWAY_KEYS["headers"]), BODY[wl])
        if plausible(wl, pr):
            mix += [path, BODY[wl]]
        else:
            skipped.append(f"workload {wl}: HTTP {pr.get('status')} {(pr.get('body') or pr.get('error') or '')[:160]}")
            log(f"soak: workload {wl} fails via the gateway, left out of the mix")
    if not mix:
        procs.stop(g.proc)
        raise SystemExit("soak: none of workloads 1-3 works through this gateway build: " + "; ".join(skipped))
    csv_path = os.path.join(RESULTS, f"{ts}-soak.csv")
    cmd = ["wrk", "-t1", "-c8", f"-d{int(minutes * 60)}s", "--timeout", "10s", "-s", "soak.lua",
           f"http://127.0.0.1:{PORTS['gateway']}/", "--", str(a.soak_delay_ms)] + mix
    log(f"soak: {minutes} min, wrk -c8 with {a.soak_delay_ms} ms delay per request, sampling every 10 s")
    w = subprocess.Popen(cmd, cwd=LIB, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                         start_new_session=True)
    procs._started.append(w)
    w._bench_log = open(os.devnull, "w")
    rows = []
    t0 = time.time()
    end = t0 + minutes * 60 + 120
    try:
        while w.poll() is None and time.time() < end:
            rows.append(soak_sample(pid, time.time() - t0))
            log(f"soak t={rows[-1]['t_s']:.0f}s rss={rows[-1]['rss_mb']:.0f}MB heap_used={rows[-1]['heap_used_mb']}MB "
                f"old_used={rows[-1]['old_used_mb']}MB")
            nxt = t0 + 10.0 * len(rows)  # fixed 10 s cadence, whatever the sampling itself costs
            while w.poll() is None and time.time() < nxt:
                time.sleep(0.1)
        out = w.communicate(timeout=30)[0] if w.poll() is not None else ""
    finally:
        procs.stop(w)
    rows.append(soak_sample(pid, time.time() - t0))
    with open(os.path.join(rawdir, "soak-wrk.txt"), "w") as f:
        f.write(" ".join(cmd) + "\n" + out)
    keys = list(rows[0].keys())
    with open(csv_path, "w") as f:
        f.write(",".join(keys) + "\n")
        for r in rows:
            f.write(",".join("" if r[k] is None else str(r[k]) for k in keys) + "\n")
    S = {"timestamp": ts, "minutes": minutes, "ready_s": ready, "wrk": parse_bench_json(out), "csv": csv_path,
         "rows": rows, "machine": machine(), "delay_ms": a.soak_delay_ms, "jar": jar, "skipped": skipped}
    S["verdict"] = soak_verdict(rows, warmup_s=min(60, minutes * 60 * 0.2))
    procs.stop(g.proc)
    return S


def soak_sample(pid, t):
    row = {"t_s": round(t, 1), "rss_mb": round(procs.mem_kb([pid], "VmRSS") / 1024, 1),
           "heap_used_mb": None, "heap_committed_mb": None, "old_used_mb": None, "old_pct": None,
           "ygc": None, "fgc": None, "gct_s": None}
    hi = sh2(f"jcmd {pid} GC.heap_info")
    m = re.search(r"total (\d+)K, used (\d+)K", hi)
    if m:
        row["heap_committed_mb"] = round(int(m.group(1)) / 1024, 1)
        row["heap_used_mb"] = round(int(m.group(2)) / 1024, 1)
    gc = sh2(f"jstat -gc {pid}").splitlines()
    if len(gc) >= 2:
        d = dict(zip(gc[0].split(), gc[1].split()))
        try:
            row["old_used_mb"] = round(float(d["OU"]) / 1024, 1)
            row["ygc"] = int(d["YGC"])
            row["fgc"] = int(d["FGC"])
            row["gct_s"] = float(d["GCT"])
        except (KeyError, ValueError):
            pass
    gu = sh2(f"jstat -gcutil {pid}").splitlines()
    if len(gu) >= 2:
        d = dict(zip(gu[0].split(), gu[1].split()))
        try:
            row["old_pct"] = float(d["O"])
        except (KeyError, ValueError):
            pass
    return row


def slope(xs, ys):
    n = len(xs)
    if n < 2:
        return 0.0
    mx, my = sum(xs) / n, sum(ys) / n
    den = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / den if den else 0.0


def soak_verdict(rows, warmup_s):
    post = [r for r in rows if r["t_s"] >= warmup_s]
    if len(post) < 6:
        return {"verdict": "inconclusive (fewer than 6 samples after warm-up)", "details": {}}
    det = {}
    grew = False
    for key, rel, absmb in (("rss_mb", 0.10, 16.0), ("old_used_mb", 0.20, 16.0)):
        vals = [(r["t_s"], r[key]) for r in post if r[key] is not None]
        if len(vals) < 6:
            continue
        first = statistics.median(v for _, v in vals[:3])
        last = statistics.median(v for _, v in vals[-3:])
        sl = slope([t / 60 for t, _ in vals], [v for _, v in vals])
        g = last > first * (1 + rel) + absmb and sl > 0
        det[key] = {"first3_median": first, "last3_median": last, "slope_mb_per_min": round(sl, 3),
                    "tolerance": f"+{int(rel * 100)}% +{absmb:.0f} MB", "grew": g}
        grew = grew or g
    return {"verdict": "memory grew" if grew else "memory did not grow", "details": det}


# ----------------------------------------------------------------------------- entry

def main():
    ap = argparse.ArgumentParser(description="camel-ai-gateway benchmark suite")
    ap.add_argument("--quick", action="store_true", help="1 run of 3 s per config, c=1 and 8 only")
    ap.add_argument("--soak", action="store_true", help="run the soak (mixed traffic, memory sampling) instead")
    ap.add_argument("--soak-minutes", type=float, default=None)
    ap.add_argument("--soak-delay-ms", type=int, default=5, help="wrk delay() per request per connection")
    ap.add_argument("--jar", default=None, help="gateway jar (default bench/.work/camel-ai-gateway.jar, "
                                                 "copied from target/ when present)")
    ap.add_argument("--contenders", default=None, help="comma list of direct,nginx,gateway,portkey")
    ap.add_argument("--duration", type=int, default=None)
    ap.add_argument("--warmup", type=int, default=None)
    ap.add_argument("--gateway-warmup", type=int, default=None,
                    help="JIT warm-up of the gateway per workload, after its cold first 10 s are recorded (default 30, quick 8)")
    ap.add_argument("--runs", type=int, default=None)
    ap.add_argument("--concurrency", default=None, help="e.g. 1,8,32")
    ap.add_argument("--ttft-ms", type=float, default=20.0)
    ap.add_argument("--interval-ms", type=float, default=5.0)
    ap.add_argument("--gateway-keys", action="store_true",
                    help="run the gateway in auth mode keys and send a virtual key (auth + limits + ledger on)")
    ap.add_argument("--java-opts", default="-XX:+UseSerialGC -Xms32m -Xmx160m -Xss256k")
    ap.add_argument("--report", metavar="RAWDIR", default=None,
                    help="only regenerate the markdown + plot from bench/results/raw/<timestamp>/results.json")
    a = ap.parse_args()
    GATEWAY_KEYS["on"] = a.gateway_keys
    if a.report:
        import report  # noqa: E402
        rj = os.path.join(a.report, "results.json")
        R = json.load(open(rj))
        ts = R["timestamp"]
        png = os.path.join(RESULTS, f"{ts}-latency.png")
        ok = report.plot(rj, png)
        path = os.path.join(RESULTS, f"{ts}.md")
        open(path, "w").write(report.markdown(R, os.path.basename(png) if ok else None))
        shutil.copyfile(path, os.path.join(RESULTS, "latest.md"))
        print(path)
        return

    def on_signal(signum, frame):
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGHUP, on_signal)

    os.makedirs(WORK, exist_ok=True)
    ts = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    rawdir = os.path.join(RESULTS, "raw", ts + ("-soak" if a.soak else ""))
    os.makedirs(rawdir, exist_ok=True)
    import report  # noqa: E402
    try:
        if a.soak:
            S = run_soak(a, ts, rawdir)
            json.dump(S, open(os.path.join(rawdir, "soak.json"), "w"), indent=1)
            md = report.soak_markdown(S)
            path = os.path.join(RESULTS, f"{ts}-soak.md")
            open(path, "w").write(md)
            shutil.copyfile(path, os.path.join(RESULTS, "latest-soak.md"))
            log(f"soak report: {path}")
            print(S["verdict"]["verdict"])
        else:
            R = run_bench(a, ts, rawdir)
            json.dump(R, open(os.path.join(rawdir, "results.json"), "w"), indent=1)
            png = os.path.join(RESULTS, f"{ts}-latency.png")
            plot_ok = report.plot(os.path.join(rawdir, "results.json"), png)
            md = report.markdown(R, os.path.basename(png) if plot_ok else None)
            path = os.path.join(RESULTS, f"{ts}.md")
            open(path, "w").write(md)
            shutil.copyfile(path, os.path.join(RESULTS, "latest.md"))
            log(f"report: {path}")
    finally:
        procs.cleanup()


if __name__ == "__main__":
    main()
