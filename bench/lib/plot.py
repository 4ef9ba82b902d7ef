#!/usr/bin/env python3
"""Latency percentile curves per workload (c=8, median run) from results.json.
Uses matplotlib when importable; otherwise writes a gnuplot script and runs gnuplot."""
import json
import os
import shutil
import subprocess
import sys

ORDER = ["direct", "nginx", "gateway", "portkey"]
COLOR = {"direct": "tab:blue", "nginx": "tab:orange", "gateway": "tab:green", "portkey": "tab:red"}
LABEL = {"direct": "direct (floor)", "nginx": "nginx proxy_pass", "gateway": "camel-ai-gateway", "portkey": "Portkey OSS"}


def series(R):
    out = []
    for wl in ("1", "2", "3", "4"):
        W = R["workloads"].get(wl)
        if not W or W.get("unavailable"):
            continue
        cs = R["settings"]["concurrency"]
        c = 8 if 8 in cs else cs[-1]
        lines = []
        for cname in ORDER:
            try:
                d = W["contenders"][cname]["by_c"][str(c)]["median"]["dist_us"]
            except (KeyError, TypeError):
                continue
            pts = sorted((float(p), v / 1000.0) for p, v in d.items())
            lines.append((cname, pts))
        if lines:
            out.append((wl, c, W["name"], lines))
    return out


def main():
    R = json.load(open(sys.argv[1]))
    png = sys.argv[2]
    S = series(R)
    if not S:
        return 1
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return gnuplot(S, png)
    fig, axes = plt.subplots(1, len(S), figsize=(5.2 * len(S), 4.4), squeeze=False)
    ticks = [50, 90, 99, 99.9, 99.99]
    for ax, (wl, c, name, lines) in zip(axes[0], S):
        for cname, pts in lines:
            xs = [1.0 / (1.0 - p / 100.0) if p < 100 else 1e5 for p, _ in pts]
            ax.plot(xs, [v for _, v in pts], marker=".", label=LABEL[cname], color=COLOR[cname])
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xticks([1.0 / (1.0 - t / 100.0) for t in ticks])
        ax.set_xticklabels([f"p{t:g}" for t in ticks])
        ax.set_xlabel("percentile")
        ax.set_ylabel("latency ms (log)")
        ax.set_title(f"W{wl} c={c}: " + (name[:38] + "…" if len(name) > 40 else name), fontsize=9)
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(fontsize=8)
    fig.suptitle(f"wrk latency percentiles — {R['timestamp']} ({R['mode']})", fontsize=10)
    fig.tight_layout()
    fig.savefig(png, dpi=110)
    return 0


def gnuplot(S, png):
    if not shutil.which("gnuplot"):
        return 1
    tmp = png + ".d"
    os.makedirs(tmp, exist_ok=True)
    cmds = [f"set terminal pngcairo size {520 * len(S)},440", f"set output '{png}'",
            f"set multiplot layout 1,{len(S)}", "set logscale xy", "set xlabel '1/(1-percentile)'",
            "set ylabel 'ms'", "set key top left"]
    for wl, c, name, lines in S:
        plots = []
        for cname, pts in lines:
            fn = os.path.join(tmp, f"w{wl}-{cname}.dat")
            with open(fn, "w") as fh:
                for p, v in pts:
                    if p < 100:
                        fh.write(f"{1.0 / (1.0 - p / 100.0)} {v}\n")
            plots.append(f"'{fn}' with linespoints title '{LABEL[cname]}'")
        cmds.append(f"set title 'W{wl} c={c}'")
        cmds.append("plot " + ", ".join(plots))
    cmds.append("unset multiplot")
    r = subprocess.run(["gnuplot"], input="\n".join(cmds), text=True, capture_output=True)
    return r.returncode


if __name__ == "__main__":
    sys.exit(main())
