"""One side of bench/bench_peer.py: times the peer-comparison pages in the portal checkout it runs in.

Run from the root of a portal checkout (its code, its database), by bench_peer.py, for example:

    cd /work/wt/old-5be0690 && DATABASE_URL=postgres://postgres@127.0.0.1:5432/peer_old_2000 DEBUG=False \\
        .venv/bin/python /path/to/this/branch/bench/peer/measure_side.py --side old --applications 2000 --awards 240

``--side old`` is the portal at 5be0690 (issue 14 filed), whose staff gate asks only for an authenticator app;
``--side new`` is today's, whose gate asks that the session entered a code (signed in as the tests do).
``--build`` creates the round first (old: bench/peer/old_portal_data.py; new: the checkout's bench_staff.py).
Each page gets ``--warmups`` requests and one more whose queries are counted; then ``--runs`` timed requests
(without query capture). Prints one JSON object: the side's settings and, per page, the wall-clock and CPU
milliseconds of every timed request, its number of queries and its response size. With ``--serve`` it prints
that object without timings once warmed up, then times the requests bench_peer.py asks for on stdin, so that
the two sides' requests can alternate one by one.
"""

import argparse
import json
import os
import sys
import time

# The portal's code is the checkout this runs in; this file lives on the benchmark's branch.
sys.path.insert(0, os.getcwd())
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clep_portal.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from accounts.models import User  # noqa: E402
from grants.models import Application, Award, FundingRound  # noqa: E402
from grants.selectors.eligibility import round_outcomes  # noqa: E402


def round_names(applications, awards):
    """The round's slug (bench_staff.round_names for any size but its default 5000/600)."""
    return f"bench-staff-{applications}-{awards}"


def build(side, applications, awards):
    if side == "old":
        import old_portal_data  # bench/peer, next to this file

        old_portal_data.build_round(applications, awards)
        old_portal_data.analyze()
    else:
        sys.path.insert(0, os.path.join(os.getcwd(), "bench"))
        import bench_staff

        bench_staff.build_round(applications, awards)
        bench_staff.analyze()


def signed_in_client(side, manager):
    client = Client()
    if side == "old":
        # accounts.permissions at 5be0690: a program manager with an activated authenticator app (has_mfa).
        client.force_login(manager)
    else:
        # Today's gate (accounts.mfa.is_mfa_satisfied) also wants this session's second factor.
        from tests.factories import sign_in_with_code

        sign_in_with_code(client, manager)
    return client


def pages(funding_round):
    applications = Application.objects.filter(funding_round=funding_round).order_by("reference")
    # A nonprofit (bench_staff's "application detail" is its 11th application, STAFF-00010: an agency).
    ordinary = applications.exclude(organization__org_type="law_enforcement")[10]
    agency = applications.filter(organization__org_type="law_enforcement").first()
    outcomes = round_outcomes(funding_round)
    slug = funding_round.slug
    return [
        ("screening list", reverse("grants:screening_list", args=[slug]), None),
        (
            "application detail",
            reverse("grants:staff_application_detail", args=[ordinary.pk]),
            (ordinary.reference, outcomes[ordinary.pk]),
        ),
        (
            "application detail, agency",
            reverse("grants:staff_application_detail", args=[agency.pk]),
            (agency.reference, outcomes[agency.pk]),
        ),
        ("awards list", reverse("grants:staff_awards", args=[slug]), None),
    ]


def get(client, url):
    response = client.get(url)
    body = response.content
    assert response.status_code == 200, (url, response.status_code, response.get("Location"))
    return body


def prepare_page(client, url, warmups):
    """Warm the page up, then request it once more counting its queries."""
    for _ in range(warmups):
        get(client, url)
    with CaptureQueriesContext(connection) as captured:
        body = get(client, url)
    # Counted now: the next request's request_started signal empties the connection's query log.
    return {"queries": len(captured), "bytes": len(body)}


def timed(client, url, runs):
    """Wall-clock and CPU milliseconds of ``runs`` requests (no query capture)."""
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        get(client, url)
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return {"wall_ms": wall, "cpu_ms": cpu}


def send(message):
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--side", choices=["old", "new"], required=True)
    parser.add_argument("--applications", type=int, default=2000)
    parser.add_argument("--awards", type=int, default=240)
    parser.add_argument("--warmups", type=int, default=2)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--build", action="store_true", help="create the round (once) before measuring")
    parser.add_argument("--build-only", action="store_true", help="create the round and measure nothing")
    parser.add_argument(
        "--serve",
        action="store_true",
        help='after the warm-ups, answer JSON lines {"page": name, "runs": n} on stdin with their timings',
    )
    args = parser.parse_args()
    if args.build or args.build_only:
        build(args.side, args.applications, args.awards)
        if args.build_only:
            return
    funding_round = FundingRound.objects.get(slug=round_names(args.applications, args.awards))
    manager = User.objects.get(email="bench-manager@example.org")
    client = signed_in_client(args.side, manager)
    info = {
        "side": args.side,
        "cwd": os.getcwd(),
        "debug": settings.DEBUG,
        "cache": settings.CACHES["default"]["BACKEND"],
        "eligibility_cache_seconds": getattr(settings, "ELIGIBILITY_CACHE_SECONDS", None),
        "applications": Application.objects.filter(funding_round=funding_round).count(),
        "awards": Award.objects.filter(funding_round=funding_round).count(),
        "pages": {},
    }
    urls = {}
    for name, url, subject in pages(funding_round):
        urls[name] = url
        info["pages"][name] = prepare_page(client, url, args.warmups)
        if subject:
            reference, outcome = subject
            info["pages"][name]["subject"] = {
                "reference": reference,
                "eligible": outcome.is_eligible,
                "blocked_by": len(outcome.blocked_by),
            }
    if not args.serve:
        for name, url in urls.items():
            info["pages"][name].update(timed(client, url, args.runs))
        send(info)
        return
    send(info)
    for line in sys.stdin:
        command = json.loads(line)
        send(timed(client, urls[command["page"]], command["runs"]))


if __name__ == "__main__":
    main()
