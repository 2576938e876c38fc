"""Start and stop a real Celery worker process against the test database, for tests marked ``worker``."""

import os
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


def skip_unless_real_services():
    if not settings.REDIS_URL or connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL) and Redis (REDIS_URL); CI sets both")


def _test_database_url():
    db = connection.settings_dict
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{host}:{port}/{db['NAME']}"


@contextmanager
def celery_process(*args, ready_after=None):
    """A Celery process (``worker`` or ``beat``) on the test database; stopped and reaped on exit."""
    env = {**os.environ, "DATABASE_URL": _test_database_url(), "EMAIL_URL": "consolemail://"}
    log = open(ROOT / f".celery-{args[0]}-test.log", "w")  # noqa: SIM115 - closed below
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "clep_portal", *args, "--loglevel", "INFO"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        if ready_after:
            time.sleep(ready_after)
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def worker(*extra):
    return celery_process("worker", "--pool", "solo", "--concurrency", "1", "--without-heartbeat", *extra)


def wait_for(check, timeout=60, interval=0.25):
    """Poll until ``check()`` is truthy; return its value or fail with the worker log."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(interval)
    log = ROOT / ".celery-worker-test.log"
    tail = log.read_text()[-3000:] if log.exists() else "(no worker log)"
    pytest.fail(f"timed out after {timeout}s; worker log:\n{tail}")
