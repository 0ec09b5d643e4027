"""Memory of the gunicorn workers over many mixed requests (target: RSS growth < 10 %).

Usage::

    .venv/bin/python bench/memory.py                      # 50,000 requests per worker
    .venv/bin/python bench/memory.py --requests 5000      # a quick look

Starts the site as ``http.py`` does (the Procfile's web command on a throwaway
PostgreSQL database, Redis db 15), warms every kept page and path once with a short
mixed round, reads each worker's RSS (``/proc/<pid>/status``), then drives the mixed
paths with ``wrk`` (landing, contact page, assessment step page, ROI fragment, contact
POST, assessment step POST) until the workers have answered ``--requests`` each, and
prints each worker's RSS before and after and the growth.
"""

# ruff: noqa: E402, S607 - a script: the path fix-up first; createdb/dropdb from PATH
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]
sys.path.insert(0, str(HERE.parent))

import argparse
import os
import secrets
import subprocess
import tempfile
import time

from cryptography.fernet import Fernet

_spec = importlib.util.spec_from_file_location("bench_http", HERE / "http.py")
bench_http = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench_http)

MIX = [  # (path, method, kind)
    ("/es/", "GET", "page"),
    ("/es/contact", "GET", "page"),
    ("/es/assessment/step/1", "GET", "session-page"),
    (f"/es/calculator/roi?{bench_http.ROI_QUERY}", "GET", "fragment"),
    ("/es/contact", "POST", "contact"),
    ("/es/assessment/step/1", "POST", "step"),
]


def workers(master: int) -> list[int]:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return sorted(int(pid) for pid in children)


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


LUA = bench_http.LUA
_spent = [0]  # contact POSTs sent so far: the next ones take later stamps and addresses


def drive(wrk, server, visits, stamps, args, duration: int) -> int:
    args.duration = duration
    done = 0
    for path, method, kind in MIX:
        visit = visits[kind]
        # Each wrk run counts from 0: start past the one-time stamps and the client
        # addresses (5 contact POSTs a minute each) that earlier runs used.
        bench_http.LUA = LUA.replace("local n = 0", f"local n = {_spent[0]}")
        result = bench_http.run_wrk(
            wrk, server.base, method, path, kind, visit["headers"], visit["body"], stamps, args
        )
        errors = result["socket_errors"] + result["status_errors"]
        if errors:
            print(f"  {method} {path}: {errors} errors")
        done += result["requests"]
        if kind == "contact":
            _spent[0] += result["requests"] + args.connections
    return done


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=50_000, help="per worker")
    parser.add_argument("--round", type=int, default=5, help="seconds per path per round")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/15")
    parser.add_argument("--stamps", type=int, default=60000)
    args = parser.parse_args()
    wrk = bench_http.ensure_wrk()
    db_name = f"madfam_bench_memory_{os.getpid()}"
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", db_name], check=True)
    from redis import Redis

    Redis.from_url(args.redis).flushdb()
    env = {
        **os.environ,
        **bench_http.SITE_ENV,
        "DATABASE_URL": f"postgresql://postgres@127.0.0.1:5432/{db_name}",
        "REDIS_URL": args.redis,
        "SECRET_KEY": secrets.token_urlsafe(48),
        "ENCRYPTION_KEYS": Fernet.generate_key().decode(),
    }
    logdir = Path(tempfile.mkdtemp(prefix="madfam-bench-memory-"))
    server = None
    try:
        flask = [str(bench_http.BIN / "flask"), "--app", "wsgi", "db", "upgrade"]
        subprocess.run(flask, cwd=bench_http.ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
        server = bench_http.Server(env, None, logdir / "site.log", bench_http.ROOT)
        server.wait("/healthz", bench_http.proxy_headers())
        stamps = logdir / "stamps.txt"
        visits = bench_http.prepare_visits(server, env, stamps, args)
        time.sleep(3)  # the stamps are older than CONTACT_MIN_FILL_SECONDS
        drive(wrk, server, visits, stamps, args, 1)  # warm: kept pages, pools, imports
        pids = workers(server.proc.pid)
        before = {pid: rss_kib(pid) for pid in pids}
        total, target, started = 0, args.requests * len(pids), time.monotonic()
        while total < target:
            total += drive(wrk, server, visits, stamps, args, args.round)
            print(f"  {total:,} / {target:,} requests, {time.monotonic() - started:.0f} s")
        print(f"\n{len(pids)} workers, {total:,} mixed requests ({total // len(pids):,} each)\n")
        print("| worker | RSS before MiB | RSS after MiB | growth |")
        print("| --- | ---: | ---: | ---: |")
        for pid in pids:
            after = rss_kib(pid)
            growth = (after - before[pid]) / before[pid] * 100
            print(f"| {pid} | {before[pid] / 1024:.1f} | {after / 1024:.1f} | {growth:+.1f} % |")
        print(f"\nserver log: {logdir / 'site.log'}")
    finally:
        if server is not None:
            server.stop()
        subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--force", db_name])


if __name__ == "__main__":
    main()
