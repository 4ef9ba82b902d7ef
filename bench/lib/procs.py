"""Process bookkeeping for the bench: start, find, measure, and always kill what we started."""
import os
import signal
import socket
import subprocess
import time
import http.client as httpc

CLK_TCK = os.sysconf("SC_CLK_TCK")
_started = []


def spawn(cmd, log, env=None, cwd=None):
    """Start cmd in its own session (process group); remember it for cleanup()."""
    lf = open(log, "ab")
    p = subprocess.Popen(cmd, stdout=lf, stderr=subprocess.STDOUT, env=env, cwd=cwd,
                         start_new_session=True)
    p._bench_log = lf
    _started.append(p)
    return p


def stop(p, grace=5.0):
    if p is None:
        return
    if p.poll() is None:
        try:
            os.killpg(p.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            p.wait(grace)
        except subprocess.TimeoutExpired:
            try:
                os.killpg(p.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            p.wait(5)
    try:
        p._bench_log.close()
    except Exception:
        pass
    if p in _started:
        _started.remove(p)


def cleanup():
    for p in list(reversed(_started)):
        try:
            stop(p, grace=3.0)
        except Exception:
            pass


def children(pid):
    out = []
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{tid}/children") as f:
                out += [int(x) for x in f.read().split()]
    except OSError:
        pass
    return out


def tree(pid):
    """pid plus its direct children (nginx master + workers)."""
    return [pid] + children(pid)


def cpu_ticks(pids):
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as f:
                s = f.read()
            fields = s[s.rindex(")") + 2:].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime
        except (OSError, ValueError):
            pass
    return total


def mem_kb(pids, key):
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/status") as f:
                for ln in f:
                    if ln.startswith(key + ":"):
                        total += int(ln.split()[1])
        except OSError:
            pass
    return total


def port_free(port):
    s = socket.socket()
    try:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("127.0.0.1", port))
        return True
    except OSError:
        return False
    finally:
        s.close()


def http(method, port, path, body=None, headers=None, timeout=5.0):
    """One HTTP request on loopback; returns (status, headers dict lower-cased, body bytes)."""
    c = httpc.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        h = {"content-type": "application/json"} if body is not None else {}
        h.update(headers or {})
        c.request(method, path, body=body, headers=h)
        r = c.getresponse()
        data = r.read()
        return r.status, {k.lower(): v for k, v in r.getheaders()}, data
    finally:
        c.close()


def wait_http(port, path="/", ok=lambda s: s == 200, timeout=30.0, proc=None, interval=0.01):
    """Poll until GET path answers with a status accepted by ok(). Returns seconds waited or None."""
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < timeout:
        if proc is not None and proc.poll() is not None:
            return None
        try:
            s, _, _ = http("GET", port, path, timeout=1.0)
            if ok(s):
                return time.perf_counter() - t0
        except (OSError, httpc.HTTPException):
            pass
        time.sleep(interval)
    return None
