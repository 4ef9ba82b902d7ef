"""Markdown report and latency plot for bench/lib/bench.py results."""
import os
import shutil
import statistics
import subprocess

LIB = os.path.dirname(os.path.abspath(__file__))
ORDER = ["direct", "nginx", "gateway", "portkey"]
LABEL = {"direct": "direct (floor)", "nginx": "nginx proxy_pass", "gateway": "camel-ai-gateway", "portkey": "Portkey OSS"}


def f(x, nd=3):
    if x is None:
        return "—"
    if isinstance(x, float):
        if abs(x) >= 1000:
            return f"{x:,.0f}"
        return f"{x:.{nd}f}"
    return str(x)


def med(W, cname, c):
    try:
        return W["contenders"][cname]["by_c"][str(c)]["median"]
    except (KeyError, TypeError):
        return None


def ttfb_get(R, wl, cname, c, key="ttfb", p="p50"):
    try:
        return R["ttfb"][str(wl)][cname][str(c)][key][p]
    except (KeyError, TypeError):
        return None


def sub(a, b):
    return None if a is None or b is None else a - b


def div(a, b):
    return None if a is None or b in (None, 0) else a / b


def verdict(ok):
    return "—" if ok is None else ("**PASS**" if ok else "**FAIL**")


def targets(R):
    W1 = R["workloads"].get("1", {})
    d1, g1 = med(W1, "direct", 1), med(W1, "gateway", 1)
    d8, g8 = med(W1, "direct", 8), med(W1, "gateway", 8)
    g32 = med(W1, "gateway", 32)
    rows = []
    a = sub(g1 and g1["p50"], d1 and d1["p50"])
    rows.append(("W1 added p50 at c=1", "< 0.4 ms", f(a) + " ms" if a is not None else "not measured",
                 verdict(None if a is None else a < 0.4)))
    a = sub(g8 and g8["p99"], d8 and d8["p99"])
    rows.append(("W1 added p99 at c=8 (gateway p99 − direct p99)", "< 3 ms",
                 (f(a) + f" ms (absolute p99 {f(g8['p99'])} ms)") if a is not None else "not measured",
                 verdict(None if a is None else a < 3.0)))
    v = g32 and g32["rps"]
    rows.append(("W1 throughput at c=32", "≥ 12,000 req/s", f(v) + " req/s" if v else "not measured (c=32 not run)",
                 verdict(None if not v else v >= 12000)))
    t_g, t_d = ttfb_get(R, 3, "gateway", 8), ttfb_get(R, 3, "direct", 8)
    k_g, k_d = ttfb_get(R, 3, "gateway", 8, key="tok"), ttfb_get(R, 3, "direct", 8, key="tok")
    a, ak = sub(t_g, t_d), sub(k_g, k_d)
    worst = max(x for x in (a, ak) if x is not None) if (a is not None or ak is not None) else None
    rows.append(("W3 added TTFB p50 at c=8 (paced upstream; judged on the worse of first byte / first text token)",
                 "< 2 ms", (f"first byte {f(a)} ms, first token {f(ak)} ms") if worst is not None else "not measured",
                 verdict(None if worst is None else worst < 2.0)))
    hw = R.get("gateway", {}).get("hwm_mb_by_phase", {})
    peak = max([v for k, v in hw.items() if k in ("json", "sse", "paced")] or [0]) or None
    rows.append(("gateway peak RSS during load (VmHWM)", "< 300 MB", f(peak, 0) + " MB" if peak else "not measured",
                 verdict(None if not peak else peak < 300)))
    st = R.get("startup_s") or []
    m = statistics.median(st[:3]) if st else None
    rows.append(("gateway start → first 200 on /ready (median of 3)", "< 3 s",
                 (f(m, 2) + " s (" + ", ".join(f(x, 2) for x in st) + ")") if m else "not measured",
                 verdict(None if m is None else m < 3.0)))
    return rows


def markdown(R, png_name):
    S = R["settings"]
    M = R["machine"]
    L = []
    L.append(f"# camel-ai-gateway benchmark — {R['timestamp']} ({R['mode']})\n")
    L.append(f"wrk -t1, {S['duration_s']} s per run, {S['runs']} run(s) per configuration (medians shown), "
             f"warm-up {S['warmup_s']} s at c=8 per contender × workload (excluded), concurrency {S['concurrency']}. "
             f"All processes on loopback on the same {M['nproc']}-core machine (load generator included). "
             f"Bench commit `{R.get('bench_commit')}`.\n")
    g = R.get("gateway", {})
    if g.get("jar"):
        L.append(f"Gateway: `{os.path.basename(g['jar'])}` {g['jar_bytes'] / 1048576:.1f} MB "
                 f"({g['jar_bytes']:,} bytes), built {g.get('jar_mtime')}, repo at `{g.get('main_commit')}`; "
                 f"JVM options `{' '.join(S['java_opts'])}`"
                 f"{'; auth mode keys (virtual key per request, limits and ledger on)' if S.get('gateway_keys') else ''}.\n")
    else:
        L.append("Gateway: **no jar available for this run** — gateway rows are missing.\n")

    L.append("## Targets\n")
    L.append("| target | goal | measured | result |\n|---|---|---|---|")
    for r in targets(R):
        L.append("| " + " | ".join(r) + " |")
    L.append("")

    for wl in ("1", "2", "3", "4"):
        W = R["workloads"].get(wl)
        if not W:
            continue
        L.append(f"## Workload {wl}: {W['name']}\n")
        if W.get("unavailable"):
            L.append(f"**{W['unavailable']}**\n")
            continue
        L.append("| contender | c | req/s | p50 ms | p95 ms | p99 ms | added p50 | added p95 | added p99 | CPU ms/req | "
                 "peak RSS MB | errors | foreign CPU % |")
        L.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
        for cname in ORDER:
            C = W["contenders"].get(cname)
            if C is None:
                continue
            if "na" in C or "unsupported" in C or "failed" in C:
                if "na" in C:
                    txt = C["na"]
                elif "unsupported" in C:
                    txt = "not supported — tried once: " + C["unsupported"]
                else:
                    txt = "FAILED in this build — probe answered: " + C["failed"]
                txt = txt.replace("|", "\\|").replace("\n", " ")[:400]
                L.append(f"| {LABEL[cname]} | — | {txt} |  |  |  |  |  |  |  |  |  |  |")
                continue
            for c in S["concurrency"]:
                m = med(W, cname, c)
                if not m:
                    continue
                d = med(W, "direct", c)
                add = [sub(m[k], d[k]) if (d and cname != "direct") else None for k in ("p50", "p95", "p99")]
                L.append(f"| {LABEL[cname]} | {c} | {f(m['rps'], 0)} | {f(m['p50'])} | {f(m['p95'])} | {f(m['p99'])} | "
                         f"{f(add[0])} | {f(add[1])} | {f(add[2])} | {f(m['cpu_ms_per_req'], 4)} | "
                         f"{f(m['hwm_mb'], 0)} | {m['errors']} | {f(m.get('foreign_cpu_pct'), 0)} |")
        L.append("")
        if wl in ("3", "4"):
            L.append("Floor for 3/4 = the upstream's own Anthropic SSE answer to the same 46 KB body "
                     "(`POST /v1/messages` direct); nginx cannot translate (n/a).\n")
        gw = W["contenders"].get("gateway", {})
        if gw.get("overhead_ms"):
            o = gw["overhead_ms"]
            L.append(f"Gateway `x-gateway-overhead-ms` (separate c=8 run, {o.get('n')} samples): "
                     f"p50 {f(o.get('p50'))} / p95 {f(o.get('p95'))} / p99 {f(o.get('p99'))} / max {f(o.get('max'))} ms.\n")
        elif "gateway" in W["contenders"] and g.get("overhead_header") is False:
            L.append("Gateway did not send `x-gateway-overhead-ms` in this build.\n")

    if R.get("ttfb"):
        L.append("## Time to first byte of the stream (paced upstream)\n")
        L.append(f"Upstream: paced SSE server, first event after {S['paced_ttft_ms']} ms, then one event every "
                 f"{S['paced_interval_ms']} ms. TTFB = request sent → first body byte (first SSE event) at the client; "
                 f"first token = first text token of the stream (chat `\"content\":\"Hello\"`, Anthropic `text_delta`, "
                 f"Responses `output_text.delta`) — a translating gateway can send `response.created` before the "
                 f"upstream's first event, so TTFB alone can flatter it. "
                 f"'spread' = last byte − first byte; a buffering hop would collapse it to ~0.\n")
        L.append("| workload | contender | c | n | TTFB p50 ms | TTFB p95 ms | added p50 | added p95 | first token p50 ms | "
                 "added first token p50 | head p50 ms | spread p50 ms | streamed incrementally | errors |")
        L.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
        for wl in sorted(R["ttfb"]):
            for cname in ORDER:
                T = R["ttfb"][wl].get(cname)
                if not T:
                    continue
                for c in ("1", "8"):
                    t = T.get(c)
                    if not t or "error" in t:
                        L.append(f"| {wl} | {LABEL[cname]} | {c} | error: {(t or {}).get('error', '')[:120]} |||||||||||")
                        continue
                    dp50, dp95 = ttfb_get(R, wl, "direct", c), ttfb_get(R, wl, "direct", c, p="p95")
                    a50 = sub(t["ttfb"]["p50"], dp50) if cname != "direct" else None
                    a95 = sub(t["ttfb"]["p95"], dp95) if cname != "direct" else None
                    dspread = (R["ttfb"][wl].get("direct", {}).get(c) or {}).get("spread_ms_p50")
                    streamed = None
                    if t.get("spread_ms_p50") is not None and dspread:
                        streamed = t["spread_ms_p50"] >= 0.5 * dspread
                    tok = (t.get("tok") or {}).get("p50")
                    dtok = ttfb_get(R, wl, "direct", c, key="tok")
                    atok = sub(tok, dtok) if cname != "direct" else None
                    L.append(f"| {wl} | {LABEL[cname]} | {c} | {t['n']} | {f(t['ttfb']['p50'])} | {f(t['ttfb']['p95'])} | "
                             f"{f(a50)} | {f(a95)} | {f(tok)} | {f(atok)} | {f(t['hdr']['p50'])} | "
                             f"{f(t.get('spread_ms_p50'))} | "
                             f"{'—' if streamed is None else ('yes' if streamed else 'NO (buffered)')} | {t['errors']} |")
        L.append("")

    # ratios
    L.append("## Ratios\n")
    L.append("| ratio | value |\n|---|---|")
    for wl in ("1", "2"):
        W = R["workloads"].get(wl)
        if not W:
            continue
        for c in S["concurrency"]:
            gm, pm, nm, dm = (med(W, x, c) for x in ("gateway", "portkey", "nginx", "direct"))
            if gm and pm and dm:
                r = div(sub(gm["p50"], dm["p50"]), sub(pm["p50"], dm["p50"]))
                L.append(f"| W{wl} c={c}: gateway added p50 ÷ Portkey added p50 | {f(r)} |")
                L.append(f"| W{wl} c={c}: gateway req/s ÷ Portkey req/s | {f(div(gm['rps'], pm['rps']), 2)} |")
                if gm.get("cpu_ms_per_req") and pm.get("cpu_ms_per_req"):
                    L.append(f"| W{wl} c={c}: gateway CPU/req ÷ Portkey CPU/req | "
                             f"{f(div(gm['cpu_ms_per_req'], pm['cpu_ms_per_req']), 2)} |")
            if gm and nm:
                L.append(f"| W{wl} c={c}: gateway req/s ÷ nginx proxy req/s | {f(div(gm['rps'], nm['rps']), 3)} |")
                if dm:
                    L.append(f"| W{wl} c={c}: gateway added p50 ÷ nginx added p50 | "
                             f"{f(div(sub(gm['p50'], dm['p50']), sub(nm['p50'], dm['p50'])), 2)} |")
    for wl in ("2", "3"):
        for c in ("1", "8"):
            gt, pt, dt = (ttfb_get(R, wl, x, c) for x in ("gateway", "portkey", "direct"))
            if gt is not None and pt is not None and dt is not None:
                L.append(f"| W{wl} c={c}: gateway added TTFB p50 ÷ Portkey added TTFB p50 | {f(div(gt - dt, pt - dt))} |")
    L.append("")

    L.append("## Process footprint\n")
    hw = g.get("hwm_mb_by_phase", {})
    if hw:
        L.append("- Gateway VmHWM per process lifetime (restarted per upstream): " +
                 ", ".join(f"{k} {v:.0f} MB" for k, v in hw.items()) + ".")
    for k, v in (g.get("heap_by_phase") or {}).items():
        L.append(f"- Gateway at the end of phase {k}: RSS {f(v['rss_mb'], 0)} MB, heap committed "
                 f"{f(v['heap_committed_mb'], 0)} MB, heap used {f(v['heap_used_mb'], 0)} MB (`jcmd GC.heap_info`).")
    if R.get("portkey_hwm_mb"):
        L.append(f"- Portkey VmHWM over the whole run (one process): {R['portkey_hwm_mb']:.0f} MB.")
    if R.get("startup_s"):
        L.append("- Gateway startup (spawn → 200 on /ready): " + ", ".join(f"{x:.2f} s" for x in R["startup_s"]) + ".")
    L.append("")

    if png_name:
        L.append(f"## Latency distributions\n\n![latency percentiles]({png_name})\n")

    if R.get("notes"):
        L.append("## Notes\n")
        for n in R["notes"]:
            L.append("- " + n.replace("\n", " ")[:800])
        L.append("")

    L.append("## Machine\n")
    for k, v in M.items():
        L.append(f"- {k}: {v}")
    L.append("")
    L.append("## Method\n")
    L.append("- Upstream: one nginx (1 worker) answering POSTs with fixed bodies via `return 200 '…'`: a JSON port "
             "(chat.completion) and an SSE port (chat chunks); both serve Anthropic SSE on `/v1/messages` and Responses "
             "SSE on `/v1/responses`. Contenders point at the port that matches the workload; the gateway is restarted "
             "per upstream (its base URL is fixed per process).")
    L.append("- Contenders: direct = the upstream itself (floor); nginx = a second nginx (worker_processes auto) with "
             "`proxy_pass` to a keepalive pool (buffering off on SSE ports); gateway = the jar under test; "
             "Portkey OSS with `x-portkey-provider` + `x-portkey-custom-host`.")
    L.append("- Added latency = contender percentile − direct percentile at the same concurrency (medians over runs).")
    L.append("- CPU ms/req = Δ(utime+stime) of the contender's processes (nginx: master+workers) ÷ requests of that run. "
             "Peak RSS = VmHWM (sum over nginx processes).")
    L.append("- `x-gateway-overhead-ms` is sampled in a separate wrk run with a Lua `response()` callback, so the "
             "measured runs are not slowed by header parsing.")
    L.append("- foreign CPU % = machine-wide busy CPU during the run that is not ours (not the contenders, the "
             "upstream, Portkey or wrk), as % of all cores: other work on the machine (e.g. builds) plus kernel time "
             "charged to no process (loopback softirq in ksoftirqd), so an upper bound. Rows with a high value are "
             "noisy; compare them with care.")
    L.append("- Raw wrk outputs: `bench/results/raw/" + R["timestamp"] + "/` (git-ignored).")
    L.append("")
    return "\n".join(L)


def soak_markdown(S):
    L = [f"# camel-ai-gateway soak — {S['timestamp']}\n"]
    v = S["verdict"]
    L.append(f"**Verdict: {v['verdict']}**\n")
    L.append(f"{S['minutes']} min of mixed traffic (workloads 1, 2, 3 in rotation, minus any listed below) with `wrk -t1 -c8` and a "
             f"{S['delay_ms']} ms delay per request per connection; gateway `{os.path.basename(S['jar'])}`, "
             f"ready in {S['ready_s']:.2f} s. Samples every 10 s: VmRSS, `jcmd GC.heap_info` (heap used), "
             f"`jstat -gc` (old gen used, GC counts). CSV: `{os.path.basename(S['csv'])}`.\n")
    for sk in S.get("skipped") or []:
        L.append(f"- left out of the mix (fails through this build): {sk}")
    if S.get("skipped"):
        L.append("")
    w = S.get("wrk")
    if w:
        L.append(f"wrk: {w['requests']:,} requests ({w['requests'] / (w['duration_us'] / 1e6):.0f} req/s), "
                 f"p50 {w['lat_us']['p50'] / 1000:.3f} ms, p99 {w['lat_us']['p99'] / 1000:.3f} ms, errors {w['errors']}.\n")
    L.append("| series | first 3 (median) | last 3 (median) | slope MB/min | tolerance | grew |\n|---|---|---|---|---|---|")
    for k, d in v.get("details", {}).items():
        L.append(f"| {k} | {d['first3_median']} | {d['last3_median']} | {d['slope_mb_per_min']} | {d['tolerance']} | "
                 f"{d['grew']} |")
    L.append("\nGrowth = last-3 median above first-3 median (after warm-up) by more than the tolerance, with a positive "
             "least-squares slope.\n")
    L.append("| t s | RSS MB | heap used MB | old used MB | old % | YGC | FGC |\n|---|---|---|---|---|---|---|")
    for r in S["rows"]:
        L.append(f"| {r['t_s']} | {r['rss_mb']} | {r['heap_used_mb']} | {r['old_used_mb']} | {r['old_pct']} | "
                 f"{r['ygc']} | {r['fgc']} |")
    L.append("")
    return "\n".join(L)


def plot(results_json, png):
    """Draw with matplotlib (any python3 that has it), else gnuplot; returns True when a PNG was written."""
    for py in ("/usr/bin/python3", shutil.which("python3") or "python3"):
        try:
            r = subprocess.run([py, os.path.join(LIB, "plot.py"), results_json, png], capture_output=True, text=True,
                               timeout=120)
            if r.returncode == 0 and os.path.exists(png):
                return True
        except (OSError, subprocess.TimeoutExpired):
            pass
    return False
