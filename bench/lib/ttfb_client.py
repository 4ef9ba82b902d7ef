#!/usr/bin/env python3
"""Streaming client: time to first byte / first event of SSE responses (stdlib asyncio).

Sends N POSTs (after W warm-up requests) over C keep-alive connections and, per request, records
  hdr   - ms from sending the request to the end of the response head
  ttfb  - ms from sending the request to the first byte of the response *body* (first SSE event)
  tok   - ms until --token-marker first appears in the body (first text token; a translating gateway
          may emit e.g. response.created before the upstream's first event, so ttfb alone can flatter it)
  last  - ms from sending the request to the end of the body
  events- number of SSE events ("\n\n"-terminated blocks) received
Prints one JSON object: percentiles + a streaming check (spread = last - ttfb; a buffering
proxy delivers everything at once, so spread ~ 0 while the paced upstream spreads its events
over (events-1) * interval).

usage: ttfb_client.py URL BODYFILE [-H 'k: v']... [-c 8] [-n 200] [-w 10]
"""
import argparse
import asyncio
import json
import sys
import time
from urllib.parse import urlsplit


def pct(vals, p):
    if not vals:
        return None
    s = sorted(vals)
    k = (len(s) - 1) * p / 100.0
    f = int(k)
    c = min(f + 1, len(s) - 1)
    return s[f] + (s[c] - s[f]) * (k - f)


class Conn:
    def __init__(self, host, port):
        self.host, self.port = host, port
        self.r = self.w = None

    async def ensure(self):
        if self.w is None:
            self.r, self.w = await asyncio.open_connection(self.host, self.port, limit=1 << 22)

    def drop(self):
        if self.w is not None:
            try:
                self.w.close()
            except Exception:
                pass
        self.r = self.w = None

    async def request(self, raw, marker=None):
        await self.ensure()
        t0 = time.perf_counter()
        self.w.write(raw)
        await self.w.drain()
        head = await self.r.readuntil(b"\r\n\r\n")
        t_hdr = time.perf_counter()
        lines = head.split(b"\r\n")
        status = int(lines[0].split(b" ")[1])
        clen = None
        chunked = False
        close = False
        for ln in lines[1:]:
            k, _, v = ln.partition(b":")
            k = k.strip().lower()
            v = v.strip().lower()
            if k == b"content-length":
                clen = int(v)
            elif k == b"transfer-encoding" and b"chunked" in v:
                chunked = True
            elif k == b"connection" and v == b"close":
                close = True
        t_first = None
        t_tok = None
        body = bytearray()
        if chunked:
            while True:
                size = int((await self.r.readuntil(b"\r\n")).split(b";")[0], 16)
                if size == 0:
                    await self.r.readuntil(b"\r\n")  # no trailers expected
                    break
                data = await self.r.readexactly(size + 2)
                if t_first is None:
                    t_first = time.perf_counter()
                body += data[:-2]
                if marker and t_tok is None and marker in body:
                    t_tok = time.perf_counter()
        elif clen is not None:
            if clen:
                first = await self.r.read(min(clen, 65536))
                t_first = time.perf_counter()
                body += first
                if len(body) < clen:
                    body += await self.r.readexactly(clen - len(body))
        else:  # read until close
            close = True
            while True:
                data = await self.r.read(65536)
                if not data:
                    break
                if t_first is None:
                    t_first = time.perf_counter()
                body += data
                if marker and t_tok is None and marker in body:
                    t_tok = time.perf_counter()
        t_end = time.perf_counter()
        if close:
            self.drop()
        if t_first is None:
            t_first = t_end
        if t_tok is None and marker and marker in body:
            t_tok = t_end
        events = body.replace(b"\r\n", b"\n").count(b"\n\n")
        return dict(status=status, hdr=(t_hdr - t0) * 1e3, ttfb=(t_first - t0) * 1e3,
                    tok=((t_tok - t0) * 1e3 if t_tok else None), last=(t_end - t0) * 1e3,
                    events=events, bytes=len(body), body=bytes(body[:400]))


async def run(a):
    u = urlsplit(a.url)
    host, port = u.hostname, u.port or 80
    path = u.path + (("?" + u.query) if u.query else "")
    with open(a.body, "rb") as f:
        body = f.read()
    hdrs = {"host": f"{host}:{port}", "content-type": "application/json", "accept": "text/event-stream",
            "content-length": str(len(body))}
    for h in a.header or []:
        k, _, v = h.partition(":")
        hdrs[k.strip().lower()] = v.strip()
    raw = (f"POST {path} HTTP/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in hdrs.items()) + "\r\n").encode() + body

    marker = a.token_marker.encode() if a.token_marker else None
    results, errors = [], []
    counter = {"warm": a.warmup, "left": a.n}
    deadline = time.monotonic() + a.max_seconds

    async def worker():
        c = Conn(host, port)
        while time.monotonic() < deadline:
            if counter["warm"] > 0:
                counter["warm"] -= 1
                warm = True
            elif counter["left"] > 0:
                counter["left"] -= 1
                warm = False
            else:
                break
            try:
                r = await asyncio.wait_for(c.request(raw, marker), timeout=a.timeout)
                if r["status"] != 200:
                    errors.append({"status": r["status"], "body": r["body"].decode("utf-8", "replace")})
                elif not warm:
                    results.append(r)
            except Exception as e:  # noqa: BLE001
                c.drop()
                errors.append({"error": repr(e)})
                if len(errors) > 20:
                    break
        c.drop()

    t0 = time.perf_counter()
    await asyncio.gather(*[worker() for _ in range(a.c)])
    wall = time.perf_counter() - t0
    out = {"url": a.url, "c": a.c, "n": len(results), "errors": len(errors), "error_samples": errors[:3],
           "wall_s": round(wall, 3)}
    for key in ("hdr", "ttfb", "last"):
        vals = [r[key] for r in results]
        out[key] = {f"p{p}": (round(pct(vals, p), 3) if vals else None) for p in (50, 95, 99)}
    toks = [r["tok"] for r in results if r["tok"] is not None]
    out["tok"] = {f"p{p}": (round(pct(toks, p), 3) if toks else None) for p in (50, 95, 99)}
    out["tok_n"] = len(toks)
    spreads = [r["last"] - r["ttfb"] for r in results]
    out["spread_ms_p50"] = round(pct(spreads, 50), 3) if spreads else None
    out["events_p50"] = pct([r["events"] for r in results], 50) if results else None
    print(json.dumps(out))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("url")
    ap.add_argument("body")
    ap.add_argument("-H", "--header", action="append")
    ap.add_argument("-c", type=int, default=1)
    ap.add_argument("-n", type=int, default=100)
    ap.add_argument("-w", "--warmup", type=int, default=10)
    ap.add_argument("--timeout", type=float, default=10.0)
    ap.add_argument("--max-seconds", type=float, default=60.0)
    ap.add_argument("--token-marker", default=None,
                    help="bytes that mark the first text token in the stream (time to first token)")
    asyncio.run(run(ap.parse_args()))


if __name__ == "__main__":
    sys.exit(main())
