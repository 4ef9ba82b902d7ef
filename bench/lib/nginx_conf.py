"""nginx configs for the fixed-body upstream and the plain reverse-proxy contender."""
import os

FIX = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures")


def _lit(path):
    """A fixture file as an nginx single-quoted string literal (for `return 200 '...'`)."""
    with open(os.path.join(FIX, path)) as f:
        s = f.read()
    assert "$" not in s, path  # return text is a complex value: no variables wanted
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n") + "'"


def _head(prefix, workers):
    return f"""
worker_processes {workers};
daemon off;
master_process on;
pid {prefix}/nginx.pid;
error_log {prefix}/logs/error.log warn;
events {{ worker_connections 4096; multi_accept on; }}
http {{
  access_log off;
  sendfile on;
  tcp_nodelay on;
  keepalive_requests 10000000;
  keepalive_timeout 120s;
  client_max_body_size 16m;
  client_body_buffer_size 1m;
  client_body_temp_path {prefix}/tmp/body;
  proxy_temp_path {prefix}/tmp/proxy;
  fastcgi_temp_path {prefix}/tmp/fastcgi;
  uwsgi_temp_path {prefix}/tmp/uwsgi;
  scgi_temp_path {prefix}/tmp/scgi;
"""


def upstream_conf(prefix, p_json, p_sse, p_mix, p_mix_b):
    chat_json = _lit("upstream-chat-completion.json")
    chat_sse = _lit("upstream-chat-stream.sse")
    msgs = _lit("upstream-anthropic-messages.sse")
    resp = _lit("upstream-responses.sse")
    common = f"""
    location = /v1/messages {{ default_type text/event-stream; return 200 {msgs}; }}
    location = /v1/responses {{ default_type text/event-stream; return 200 {resp}; }}
    location = /ready {{ default_type text/plain; return 200 'ok'; }}
    location / {{ default_type application/json; return 404 '{{"error":{{"type":"not_found"}}}}'; }}
"""
    return _head(prefix, 1) + f"""
  # JSON upstream: chat completions answered with one chat.completion object
  server {{
    listen 127.0.0.1:{p_json} reuseport backlog=4096;
    location = /v1/chat/completions {{ default_type application/json; return 200 {chat_json}; }}
    {common}
  }}
  # SSE upstream: chat completions answered with chat.completion.chunk events + [DONE]
  server {{
    listen 127.0.0.1:{p_sse} reuseport backlog=4096;
    location = /v1/chat/completions {{ default_type text/event-stream; return 200 {chat_sse}; }}
    {common}
  }}
  # soak upstream: reads the body and picks JSON or SSE by "stream":true (one extra internal hop)
  map $request_body $bench_stream {{ "~\\"stream\\"\\s*:\\s*true" 1; default 0; }}
  upstream mix_b {{ server 127.0.0.1:{p_mix_b}; keepalive 64; }}
  server {{
    listen 127.0.0.1:{p_mix} backlog=4096;
    location / {{
      proxy_pass http://mix_b;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header X-Bench-Stream $bench_stream;
    }}
  }}
  server {{
    listen 127.0.0.1:{p_mix_b} backlog=4096;
    location = /v1/chat/completions {{
      if ($http_x_bench_stream = 1) {{ rewrite ^ /_sse_chat last; }}
      default_type application/json; return 200 {chat_json};
    }}
    location = /_sse_chat {{ internal; default_type text/event-stream; return 200 {chat_sse}; }}
    {common}
  }}
}}
"""


def proxy_conf(prefix, pairs):
    """pairs: list of (listen_port, upstream_port, buffering) -> plain proxy_pass with a keepalive pool."""
    blocks = []
    for lp, up, buffering in pairs:
        blocks.append(f"""
  upstream up_{lp} {{ server 127.0.0.1:{up}; keepalive 128; }}
  server {{
    listen 127.0.0.1:{lp} backlog=4096;
    location / {{
      proxy_pass http://up_{lp};
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_buffering {'on' if buffering else 'off'};
    }}
  }}""")
    return _head(prefix, "auto") + "".join(blocks) + "\n}\n"


def write(prefix, text):
    for d in ("logs", "tmp"):
        os.makedirs(os.path.join(prefix, d), exist_ok=True)
    path = os.path.join(prefix, "nginx.conf")
    with open(path, "w") as f:
        f.write(text)
    return path
