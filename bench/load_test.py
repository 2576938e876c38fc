"""50 concurrent users for 60 seconds against gunicorn: the public reports page, a grantee's quarterly form and
staff lists. Zero errors expected; prints the request count, throughput and latency percentiles per page.

Run:  DATABASE_URL=postgres://postgres@127.0.0.1:5432/clep_load REDIS_URL=redis://127.0.0.1:6379/11 \\
          .venv/bin/python bench/load_test.py [--users 50] [--seconds 60] [--workers 4] [--port 8765]

Bounded and local only: it migrates and loads the demo data (idempotent) into the database it is given, starts
gunicorn on 127.0.0.1 (production-like: DEBUG off), signs in the demo program manager (a session that passed
the second factor, as allauth records it) and the demo grantee by session cookie, drives the users from
threads for the given time, stops gunicorn and exits 1 on any error (status other than 200, or a failure).
No third-party load tool is needed; a user is a thread looping over its pages without think time.
"""

import argparse
import os
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clep_portal.settings")

import django  # noqa: E402

django.setup()

from allauth.account.internal.flows.login import (  # noqa: E402
    _AUTHENTICATION_METHODS_USER_SESSION_KEY,
    AUTHENTICATION_METHODS_SESSION_KEY,
)
from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.core.management import call_command  # noqa: E402

from accounts.models import User  # noqa: E402
from grants.models import ReportingPeriod  # noqa: E402

HOST = "127.0.0.1"


def session_cookie(user, *, with_mfa):
    """A signed-in session, as allauth leaves it after the password (and, for staff, the code)."""
    from importlib import import_module

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    records = [{"method": "password", "at": time.time(), "email": user.email}]
    if with_mfa:
        records.append({"method": "mfa", "at": time.time(), "type": "totp"})
    store[AUTHENTICATION_METHODS_SESSION_KEY] = records
    store[_AUTHENTICATION_METHODS_USER_SESSION_KEY] = str(user.pk)
    store.save()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


def journeys():
    """(name, cookie, [paths]) of the three kinds of user."""
    call_command("migrate", "--no-input", verbosity=0)
    call_command("load_demo", verbosity=0)
    manager = User.objects.get(email="manager@demo.clep.wa.gov")
    owner = User.objects.get(email="owner@yakima-unidos.demo")
    period = (
        ReportingPeriod.objects.filter(award__organization__memberships__user=owner)
        .order_by("-year", "-quarter")
        .first()
    )
    staff = [
        "/staff/rounds/clep-2021/applications/",
        "/staff/submissions/?round=clep-2021",
        "/staff/awards/clep-2021/",
        "/staff/reports/",
    ]
    return [
        ("public", None, ["/reports/", "/"]),
        ("grantee", session_cookie(owner, with_mfa=False), [f"/my/quarterly/{period.pk}/", "/my/quarterly/"]),
        ("staff", session_cookie(manager, with_mfa=True), staff),
    ]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a redirect (e.g. to the sign-in page) counts as an error, not a page


def user_loop(base, cookie, paths, deadline, results, errors, lock):
    opener = urllib.request.build_opener(NoRedirect)
    headers = {"Cookie": cookie} if cookie else {}
    index = 0
    while time.monotonic() < deadline:
        path = paths[index % len(paths)]
        index += 1
        request = urllib.request.Request(base + path, headers=headers)  # noqa: S310 - http://127.0.0.1 only
        began = time.perf_counter()
        try:
            with opener.open(request, timeout=60) as response:
                response.read()
                status = response.status
        except urllib.error.HTTPError as error:
            status = error.code
        except OSError as error:
            status = f"{type(error).__name__}: {error}"
        elapsed = time.perf_counter() - began
        with lock:
            results.setdefault(path, []).append(elapsed)
            if status != 200:
                errors.append((path, status))


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--port", type=int, default=8765)
    options = parser.parse_args()
    if options.seconds > 600 or options.users > 200:
        parser.error("bounded: at most 200 users for 600 seconds")

    kinds = journeys()
    env = {**os.environ, "DEBUG": "false", "ALLOWED_HOSTS": HOST}
    server = subprocess.Popen(  # noqa: S603 - our own gunicorn, fixed arguments
        [sys.executable, "-m", "gunicorn", "clep_portal.wsgi", "--bind", f"{HOST}:{options.port}",
         "--workers", str(options.workers), "--log-level", "warning"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    base = f"http://{HOST}:{options.port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/", timeout=2).read()  # noqa: S310 - http://127.0.0.1 only
                break
            except OSError:
                time.sleep(0.2)
        results, errors, lock = {}, [], threading.Lock()
        deadline = time.monotonic() + options.seconds
        threads = []
        for number in range(options.users):
            _name, cookie, paths = kinds[number % len(kinds)]
            thread = threading.Thread(
                target=user_loop, args=(base, cookie, paths, deadline, results, errors, lock), daemon=True
            )
            threads.append(thread)
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        server.terminate()
        server.wait(timeout=30)

    every = [value for values in results.values() for value in values]
    print(f"{options.users} users, {options.seconds:.0f} s, gunicorn --workers {options.workers}, "
          f"{settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}")  # fmt: skip
    print(f"{'page':45} {'requests':>8} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for path, values in sorted(results.items()):
        print(
            f"{path:45} {len(values):8d} {statistics.median(values) * 1000:8.0f} "
            f"{percentile(values, 0.95) * 1000:8.0f} {max(values) * 1000:8.0f}"
        )
    print(
        f"{'all':45} {len(every):8d} {statistics.median(every) * 1000:8.0f} "
        f"{percentile(every, 0.95) * 1000:8.0f} {max(every) * 1000:8.0f}"
    )
    print(f"throughput {len(every) / options.seconds:.1f} requests/s; errors: {len(errors)}")
    for path, status in errors[:10]:
        print(f"  error: {path} → {status}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
