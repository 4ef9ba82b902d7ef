#!/usr/bin/env python3
"""Paced SSE upstream for time-to-first-byte measurements (stdlib only).

Answers POST /v1/chat/completions (OpenAI chat chunks), /v1/messages (Anthropic Messages
stream) and /v1/responses (OpenAI Responses stream) with the fixture streams in
bench/fixtures, sent as HTTP/1.1 chunked SSE: the response head goes out at once, the first
event after --ttft-ms, then one event every --interval-ms. Keep-alive, TCP_NODELAY.
GET /ready -> 200. Anything else -> 404.

usage: paced_server.py --port N [--ttft-ms 20] [--interval-ms 5]
"""
import argparse
import asyncio
import os
import socket
import sys

FIX = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures")


def load_events(name):
    with open(os.path.join(FIX, name), "rb") as f:
        raw = f.read()
    return [e + b"\n\n" for e in raw.split(b"\n\n") if e.strip()]


ROUTES = {
    b"/v1/chat/completions": load_events("upstream-chat-stream.sse"),
    b"/v1/messages": load_events("upstream-anthropic-messages.sse"),
    b"/v1/responses": load_events("upstream-responses.sse"),
}


async def handle(reader, writer, ttft, interval):
    sock = writer.get_extra_info("socket")
    if sock is not None:
        try:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        except OSError:
            pass
    try:
        while True:
            head = await reader.readuntil(b"\r\n\r\n")
            lines = head.split(b"\r\n")
            parts = lines[0].split(b" ")
            if len(parts) < 2:
                return
            method, target = parts[0], parts[1]
            path = target.split(b"?", 1)[0]
            clen = 0
            chunked = False
            close = False
            for ln in lines[1:]:
                k, _, v = ln.partition(b":")
                k = k.strip().lower()
                v = v.strip()
                if k == b"content-length":
                    clen = int(v)
                elif k == b"transfer-encoding" and b"chunked" in v.lower():
                    chunked = True
                elif k == b"connection" and v.lower() == b"close":
                    close = True
            if chunked:  # drain a chunked request body
                while True:
                    size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
                    await reader.readexactly(size + 2)
                    if size == 0:
                        break
            elif clen:
                await reader.readexactly(clen)
            if method == b"GET" and path in (b"/ready", b"/health"):
                writer.write(b"HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: 2\r\n\r\nok")
                await writer.drain()
            elif method == b"POST" and path in ROUTES:
                writer.write(b"HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ncache-control: no-cache\r\n"
                             b"transfer-encoding: chunked\r\n\r\n")
                await writer.drain()
                events = ROUTES[path]
                for i, ev in enumerate(events):
                    await asyncio.sleep(ttft if i == 0 else interval)
                    writer.write(b"%x\r\n%s\r\n" % (len(ev), ev))
                    await writer.drain()
                writer.write(b"0\r\n\r\n")
                await writer.drain()
            else:
                body = b'{"error":{"message":"not found","type":"not_found"}}'
                writer.write(b"HTTP/1.1 404 Not Found\r\ncontent-type: application/json\r\ncontent-length: %d\r\n\r\n%s"
                             % (len(body), body))
                await writer.drain()
            if close:
                return
    except (asyncio.IncompleteReadError, ConnectionError, asyncio.LimitOverrunError, ValueError):
        pass
    finally:
        try:
            writer.close()
        except Exception:
            pass


async def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--ttft-ms", type=float, default=20.0)
    ap.add_argument("--interval-ms", type=float, default=5.0)
    a = ap.parse_args()
    ttft, interval = a.ttft_ms / 1000.0, a.interval_ms / 1000.0
    server = await asyncio.start_server(lambda r, w: handle(r, w, ttft, interval), "127.0.0.1", a.port,
                                        limit=1 << 20, backlog=1024)
    print(f"paced SSE server on 127.0.0.1:{a.port} ttft={a.ttft_ms}ms interval={a.interval_ms}ms", flush=True)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        sys.exit(0)
