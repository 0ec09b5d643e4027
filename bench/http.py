"""Requests per second of every public page and write, next to the floors of the
stack itself measured in the same run.

Usage::

    .venv/bin/python bench/http.py                 # 5 s per endpoint, 16 connections
    .venv/bin/python bench/http.py --duration 10 --only landing,contact-post

What it does, all on this machine (loopback only):

1. Creates a throwaway PostgreSQL database (``createdb``; dropped at the end unless
   ``--keep``), empties Redis db 6 (``--redis``) and applies the migrations with
   ``flask db upgrade``, as the Procfile's ``release`` step does.
2. Starts the bare app (``bench/floor/bare_app.py``: a fixed string, and a one-row insert +
   commit) with the Procfile's ``web`` command, and measures the two floors.
3. Starts the site with the Procfile's ``web`` command, ``APP_ENV=production`` (the
   company settings, keys and ``SITE_URL`` set to bench values, mail to the console
   backend), behind one trusted proxy hop (``TRUSTED_PROXY_HOPS=1``): every request
   carries ``X-Forwarded-Proto: https``, the site's host and an ``X-Forwarded-For``
   address of its own, so the per-address rate limits (kept on, in Redis) never refuse
   a request, just as they would not for that many different visitors.
4. Drives each endpoint with ``wrk`` (installed with apt-get when missing): pages as a
   first-time visitor; the contact POST (htmx) with the session cookie and CSRF token of
   a real visit, a new email and a fresh form stamp of that session per request; the
   assessment step POST (htmx) answering step 1 of a started assessment.
5. Prints rps, p50, p99 (ms), errors (socket errors + non-2xx/3xx), the ratio to the
   matching floor, and for writes the rows stored next to the 2xx answers.

The gunicorn workers and threads come from the Procfile's defaults unless
``--workers`` / ``--threads`` are given (they set ``WEB_CONCURRENCY`` and
``GUNICORN_THREADS``, as on the platform).
"""

from __future__ import annotations

# ruff: noqa: E402, S310, S607 - a script: the path fix-up first, local tools and URLs
import sys

# This file is named http.py: keep its folder off the path, or it would shadow the
# standard library's http package.
sys.path[:] = [p for p in sys.path if p != str(__import__("pathlib").Path(__file__).parent)]

import argparse
import http.cookiejar
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from cryptography.fernet import Fernet

sys.path.append(str(Path(__file__).resolve().parent))  # after the standard library
from site_env import HOST, SITE_ENV

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
BIN = Path(sys.executable).parent
UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0"
ROI_QUERY = "employees=20&salary=300000&lost_pct=30&recovery_pct=60"
CONTACT_FIELDS = {  # a full form, as a visitor sends it
    "first_name": "Lucía",
    "last_name": "Hernández",
    "company": "Industrias del Bajío",
    "phone": "+52 477 123 4567",
    "tier": "L2_ADVANCED",
    "industry": "manufacturing",
    "company_size": "11-50",
    "budget": "50k_250k",
    "timeframe": "3_6_months",
    "message": "Queremos automatizar cotizaciones y el control de inventario.",
    "marketing_consent": "y",
}
# (name, floor, method, path, kind); kind: page | fragment | contact | step
ENDPOINTS = [
    ("landing /es/", "fixed", "GET", "/es/", "page"),
    ("service page", "fixed", "GET", "/es/services/l2-advanced", "page"),
    ("about", "fixed", "GET", "/es/about", "page"),
    ("privacy notice", "fixed", "GET", "/es/privacy", "page"),
    ("contact page", "fixed", "GET", "/es/contact", "page"),
    ("assessment start", "fixed", "GET", "/es/assessment/", "page"),
    ("assessment step page", "fixed", "GET", "/es/assessment/step/1", "session-page"),
    ("estimate page", "fixed", "GET", "/es/calculator/estimate", "page"),
    ("ROI page with results", "fixed", "GET", f"/es/calculator/roi?{ROI_QUERY}", "page"),
    ("ROI htmx fragment", "fixed", "GET", f"/es/calculator/roi?{ROI_QUERY}", "fragment"),
    ("contact POST (htmx)", "insert", "POST", "/es/contact", "contact"),
    ("assessment step POST (htmx)", "insert", "POST", "/es/assessment/step/1", "step"),
]

LUA = r"""
local n = 0
local threads = {}
ok2xx = 0
stamps = {}
local base = %(headers)s
local method, path, kind, body = %(method)s, %(path)s, %(kind)s, %(body)s

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  if kind == "contact" then
    for line in io.lines(%(stamps)s) do table.insert(stamps, line) end
  end
end

request = function()
  n = n + 1
  local h = {}
  for k, v in pairs(base) do h[k] = v end
  h["X-Forwarded-For"] = string.format("198.18.%%d.%%d", math.floor(n / 250) %% 250, n %% 250 + 1)
  local b = nil
  if kind == "contact" then
    local stamp = stamps[(n - 1) %% #stamps + 1]
    local email = string.format("bench-%%d-%%d%%%%40example.com", math.random(1, 1000000000), n)
    b = body .. "&email=" .. email .. "&started=" .. stamp
  elseif kind == "step" then
    b = body
  end
  return wrk.format(method, path, h, b)
end

response = function(status, headers, body)
  if status >= 200 and status < 300 then ok2xx = ok2xx + 1 end
end

done = function(summary, latency, requests)
  local ok = 0
  for _, t in ipairs(threads) do ok = ok + (t:get("ok2xx") or 0) end
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests": %%d, "duration_us": %%d, "p50_us": %%d, "p99_us": %%d, ' ..
    '"socket_errors": %%d, "status_errors": %%d, "ok2xx": %%d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.connect + e.read + e.write + e.timeout, e.status, ok))
end
"""


def lua_table(headers: dict[str, str]) -> str:
    return "{" + ", ".join(f"[{json.dumps(k)}] = {json.dumps(v)}" for k, v in headers.items()) + "}"


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if not found:
        subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], check=True)
        found = shutil.which("wrk")
    return found


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def procfile_web() -> str:
    for line in (ROOT / "Procfile").read_text().splitlines():
        if line.startswith("web:"):
            return line.removeprefix("web:").strip()
    raise SystemExit("Procfile has no web process")


class Server:
    """A gunicorn started with the Procfile's web command (optionally another app)."""

    def __init__(self, env: dict[str, str], app: str | None, log: Path, cwd: Path):
        self.port = free_port()
        command = procfile_web()
        if app:
            command = command.replace("wsgi:app", app)
        full_env = {**env, "PORT": str(self.port), "PATH": f"{BIN}:{os.environ['PATH']}"}
        with log.open("w") as out:
            self.proc = subprocess.Popen(
                ["bash", "-c", f"exec {command}"],
                cwd=cwd,
                env=full_env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.base = f"http://127.0.0.1:{self.port}"

    def wait(self, path: str, headers: dict[str, str]) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                request = urllib.request.Request(self.base + path, headers=headers)
                with urllib.request.urlopen(request, timeout=2):
                    return
            except urllib.error.HTTPError:
                return
            except OSError:
                time.sleep(0.3)
        raise SystemExit(f"server on {self.base} did not answer {path}")

    def stop(self) -> None:
        os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)


def run_wrk(wrk, url, method, path, kind, headers, body, stamps_file, args, connections=None):
    script = LUA % {
        "headers": lua_table(headers),
        "method": json.dumps(method),
        "path": json.dumps(path),
        "kind": json.dumps(kind),
        "body": json.dumps(body),
        "stamps": json.dumps(str(stamps_file)),
    }
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(script)
    cmd = [
        wrk,
        "-t1",
        f"-c{connections or args.connections}",
        f"-d{args.duration}s",
        "--timeout",
        "10s",
        "-s",
        f.name,
        url,
    ]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    os.unlink(f.name)
    line = next(x for x in out.splitlines() if x.startswith("RESULT "))
    result = json.loads(line.removeprefix("RESULT "))
    result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
    return result


def scalar(database_url: str, sql: str) -> int:
    from sqlalchemy import create_engine, text

    engine = create_engine(database_url)
    with engine.connect() as conn:
        value = conn.execute(text(sql)).scalar()
    engine.dispose()
    return int(value or 0)


def proxy_headers(extra: dict[str, str] | None = None) -> dict[str, str]:
    return {
        "Host": HOST,
        "X-Forwarded-Host": HOST,
        "X-Forwarded-Proto": "https",
        "User-Agent": UA,
        "Accept": "text/html",
        # Flask-WTF checks the Referer of HTTPS form posts
        "Referer": f"https://{HOST}/es/",
        **(extra or {}),
    }


class Visitor:
    """A real visit through urllib: keeps the session cookie, reads CSRF tokens."""

    def __init__(self, base: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.cookie = ""

    def _remember(self, response) -> None:
        for header in response.headers.get_all("Set-Cookie") or []:
            self.cookie = header.split(";", 1)[0]

    def open(self, path: str, data: dict | None = None, extra=None) -> str:
        headers = proxy_headers(extra)
        if self.cookie:
            headers["Cookie"] = self.cookie
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body, headers=headers)
        # no redirects followed: the cookie of every answer is kept
        opener = urllib.request.build_opener(NoRedirect)
        try:
            response = opener.open(request, timeout=10)
        except urllib.error.HTTPError as exc:
            response = exc
        self._remember(response)
        return response.read().decode()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html) or re.search(
        r'value="([^"]+)"[^>]*name="csrf_token"', html
    )
    if not found:
        raise SystemExit("no CSRF token on the page")
    return found.group(1)


def make_stamps(env: dict[str, str], cookie: str, count: int, path: Path) -> None:
    """Form stamps of the visitor's session, signed as the site signs them (the same
    SECRET_KEY): one per contact POST, like a page opened once per lead."""
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    from madfam import create_app
    from madfam.blueprints.public import forms

    app = create_app()
    value = cookie.split("=", 1)[1]
    data = app.session_interface.get_signing_serializer(app).loads(value)
    key = data[forms._SESSION_KEY]
    with app.test_request_context():
        serializer = forms._serializer()
        lines = [serializer.dumps([secrets.token_urlsafe(16), key]) for _ in range(count)]
    path.write_text("\n".join(lines) + "\n")


def bench_floors(wrk, env, args, logdir) -> dict[str, dict]:
    from sqlalchemy import create_engine, text

    engine = create_engine(env["DATABASE_URL"])
    with engine.begin() as conn:
        conn.execute(
            text(
                "CREATE TABLE IF NOT EXISTS bench_floor_rows "
                "(id serial PRIMARY KEY, email varchar(254) NOT NULL)"
            )
        )
    engine.dispose()
    server = Server(env, "bare_app:app", logdir / "bare.log", BENCH / "floor")
    try:
        server.wait("/fixed", {})
        floors = {
            "fixed": run_wrk(wrk, server.base, "GET", "/fixed", "page", {}, "", "", args),
            "insert": run_wrk(wrk, server.base, "POST", "/insert", "plain", {}, "", "", args),
        }
    finally:
        server.stop()
    floors["insert"]["rows"] = scalar(env["DATABASE_URL"], "SELECT count(*) FROM bench_floor_rows")
    return floors


def prepare_visits(server: Server, env: dict, stamps_file: Path, args) -> dict[str, dict]:
    contact = Visitor(server.base)
    token = csrf_of(contact.open("/es/contact"))
    make_stamps(env, contact.cookie, args.stamps, stamps_file)
    assessment = Visitor(server.base)
    page = assessment.open("/es/assessment/")
    step_token = csrf_of(page) if 'name="csrf_token"' in page else None
    assessment.open("/es/assessment/start", {"csrf_token": step_token or token})
    hx = {"HX-Request": "true", "HX-Current-URL": f"https://{HOST}/es/"}
    fields = urllib.parse.urlencode({**CONTACT_FIELDS, "csrf_token": token, "website": ""})
    step_body = urllib.parse.urlencode(
        {"csrf_token": step_token or token, "question": "tech_data", "answer": "3"}
    )
    return {
        "page": {"headers": proxy_headers(), "body": ""},
        "fragment": {"headers": proxy_headers(hx), "body": ""},
        "session-page": {
            "headers": proxy_headers({"Cookie": assessment.cookie}),
            "body": "",
        },
        "contact": {
            "headers": proxy_headers(
                {
                    **hx,
                    "Cookie": contact.cookie,
                    "X-CSRFToken": token,
                    "Content-Type": "application/x-www-form-urlencoded",
                }
            ),
            "body": fields,
        },
        "step": {
            "headers": proxy_headers(
                {
                    **hx,
                    "Cookie": assessment.cookie,
                    "X-CSRFToken": step_token or token,
                    "Content-Type": "application/x-www-form-urlencoded",
                }
            ),
            "body": step_body,
        },
    }


ROW_COUNTS = {
    "contact": "SELECT count(*) FROM lead",
    "step": "SELECT count(*) FROM analytics_event WHERE event = 'assessment.step'",
}


def bench_site(wrk, env, args, logdir) -> list[tuple[str, str, dict]]:
    stamps_file = logdir / "stamps.txt"
    server = Server(env, None, logdir / "site.log", ROOT)
    results = []
    try:
        server.wait("/healthz", proxy_headers())
        visits = prepare_visits(server, env, stamps_file, args)
        time.sleep(float(3))  # the stamps are older than CONTACT_MIN_FILL_SECONDS
        for name, floor, method, path, kind in ENDPOINTS:
            if args.only and not any(o in name for o in args.only):
                continue
            visit = visits[kind]
            before = scalar(env["DATABASE_URL"], ROW_COUNTS[kind]) if kind in ROW_COUNTS else 0
            result = run_wrk(
                wrk, server.base, method, path, kind, visit["headers"], visit["body"],
                stamps_file, args,
            )  # fmt: skip
            if kind in ROW_COUNTS:
                result["rows"] = scalar(env["DATABASE_URL"], ROW_COUNTS[kind]) - before
            results.append((name, floor, result))
        if args.high:
            visit = visits["page"]
            result = run_wrk(
                wrk, server.base, "GET", "/es/", "page", visit["headers"], "", stamps_file, args,
                connections=args.high,
            )  # fmt: skip
            results.append((f"landing at {args.high} connections", "fixed", result))
    finally:
        server.stop()
    return results


def report(floors: dict, results: list, args) -> None:
    print(
        f"\nwrk 1 thread x {args.connections} connections, {args.duration} s each; gunicorn "
        f"workers={args.workers or 'Procfile'} threads={args.threads or 'Procfile'}\n"
    )
    print("| endpoint | rps | p50 ms | p99 ms | errors | ratio | rows / 2xx |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, floor in (("floor: fixed string", "fixed"), ("floor: one-row insert", "insert")):
        _row(name, floors[floor], None)
    for name, floor, result in results:
        _row(name, result, floors[floor]["rps"], floor)


def _row(name: str, r: dict, floor_rps: float | None, floor: str = "") -> None:
    errors = r["socket_errors"] + r["status_errors"]
    ratio = f"{r['rps'] / floor_rps:.2f} × {floor}" if floor_rps else "—"
    rows = f"{r['rows']:,} / {r['ok2xx']:,}" if "rows" in r else ""
    print(
        f"| {name} | {r['rps']:,.0f} | {r['p50_us'] / 1000:.1f} | {r['p99_us'] / 1000:.1f} "
        f"| {errors} | {ratio} | {rows} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=5)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--high", type=int, default=64, help="connections of the errors run")
    parser.add_argument("--workers", type=int)
    parser.add_argument("--threads", type=int)
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/6")
    parser.add_argument("--stamps", type=int, default=30000)
    parser.add_argument("--only", type=lambda s: s.split(","), default=None)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()

    wrk = ensure_wrk()
    db_name = f"madfam_bench_http_{os.getpid()}"
    database_url = f"postgresql://postgres@127.0.0.1:5432/{db_name}"
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", db_name], check=True)
    from redis import Redis

    Redis.from_url(args.redis).flushdb()
    env = {
        **os.environ,
        **SITE_ENV,
        "DATABASE_URL": database_url,
        "REDIS_URL": args.redis,
        "SECRET_KEY": secrets.token_urlsafe(48),
        "ENCRYPTION_KEYS": Fernet.generate_key().decode(),
    }
    if args.workers:
        env["WEB_CONCURRENCY"] = str(args.workers)
    if args.threads:
        env["GUNICORN_THREADS"] = str(args.threads)
    logdir = Path(tempfile.mkdtemp(prefix="madfam-bench-http-"))
    try:
        subprocess.run(
            [str(BIN / "flask"), "--app", "wsgi", "db", "upgrade"],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        floors = bench_floors(wrk, env, args, logdir)
        results = bench_site(wrk, env, args, logdir)
        report(floors, results, args)
        print(f"\nserver logs: {logdir}")
    finally:
        if not args.keep:
            subprocess.run(
                ["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--force", db_name], check=False
            )


if __name__ == "__main__":
    main()
