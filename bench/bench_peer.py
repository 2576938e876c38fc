"""Issue 14's peer target at 2,000 applications: today's staff pages against Grantify's, through the old portal.

Issue 14 (filed at commit 5be0690, 23 November 2026) gives Grantify's times only relative to the portal of
that day at 2,000 applications: the screening list took 3.1x Grantify's time, the awards list 3.0x. So
Grantify's time = old portal's time / 3.1 (screening list) and / 3.0 (awards list). For the application detail
the issue gives no ratio: this script takes Grantify's as equal to the old portal's (ratio 1.0), an assumption.
Today's ratio to the peer is then ratio x (new time / old time); the target is <= 1.0 for each page.

Set up once (PostgreSQL, trust auth; any database names):

    cd /work/main && git worktree add --detach /work/wt/old-5be0690 5be0690
    ln -s /work/main/.venv /work/wt/old-5be0690/.venv
    createdb -h 127.0.0.1 -U postgres peer_old_2000 && createdb -h 127.0.0.1 -U postgres peer_new_2000

Run from this checkout (the new side is the checkout this file is in):

    .venv/bin/python bench/bench_peer.py --old-tree /work/wt/old-5be0690 \\
        --old-db postgres://postgres@127.0.0.1:5432/peer_old_2000 \\
        --new-db postgres://postgres@127.0.0.1:5432/peer_new_2000

Each side first migrates its database with its own code and builds (once) the same round: bench_staff's
round of ``--applications`` (2000) submitted applications and ``--awards`` (240, the same 12% share as 600 of
5,000), with the old schema's builder bench/peer/old_portal_data.py on the old side (same seed: the same
references, amounts, counties and awards). Then ``--rounds`` (3) rounds, each with one fresh process per side
(bench/peer/measure_side.py --serve, in that side's checkout): each signs a program manager in as its side's
staff gate requires, requests every page ``--warmups`` (2) times and once more counting its queries; then,
page by page, ``--runs`` (15) timed requests per side alternate old and new one request at a time (who goes
first alternating too), so the machine's load, which other work on it changes from second to second, falls
on both alike. The table pools every round's timings per side (median, 90th percentile) and also gives the
median of the back-to-back pairs' new/old ratio. The pages: the screening list (first page), the staff
application detail of an ordinary applicant (a nonprofit) and of a law-enforcement agency that other
applicants block, and the awards list (first page; the old portal showed every award on it).

Both sides run with DEBUG=False, as in production (``--debug`` to keep the checkout's default). The new side
reads eligibility outcomes through its production cache, the per-round outcomes cache versioned by
FundingRound.outcomes_version (ELIGIBILITY_CACHE_SECONDS, default 6 hours): one query for the version, then
the process's memory, then Django's cache (Redis when REDIS_URL is set, in-process locmem otherwise; the
backend used is printed), computed on a miss. The warm-up requests fill it, as any earlier request would in
production; the old portal had no such cache and computes every outcome on each request.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIDE_SCRIPT = ROOT / "bench" / "peer" / "measure_side.py"

# Issue 14: the old portal's time as a multiple of Grantify's, per page; None: no ratio given, taken as 1.0.
PEER_RATIOS = {
    "screening list": 3.1,
    "application detail": None,
    "application detail, agency": None,
    "awards list": 3.0,
}


def python_of(tree):
    venv = Path(tree) / ".venv" / "bin" / "python"
    return str(venv) if venv.exists() else sys.executable


def side_env(database_url, args):
    env = {**os.environ, "DATABASE_URL": database_url}
    if not args.debug:
        env["DEBUG"] = "False"
    return env


def side_command(side, tree, args, *extra):
    return [
        python_of(tree),
        str(SIDE_SCRIPT),
        "--side",
        side,
        "--applications",
        str(args.applications),
        "--awards",
        str(args.awards),
        "--warmups",
        str(args.warmups),
        *extra,
    ]


def prepare(side, tree, database_url, args):
    """Migrate the side's database with its own code and build the round there (once)."""
    env = side_env(database_url, args)
    for command in (
        [python_of(tree), "manage.py", "migrate", "-v0"],
        side_command(side, tree, args, "--build-only"),
    ):
        subprocess.run(command, cwd=tree, env=env, check=True)  # noqa: S603 - the checkout's Python, our scripts


class Side:
    """One side's measuring process (measure_side.py --serve), warmed up and waiting for requests to time."""

    def __init__(self, side, tree, database_url, args):
        self.side = side
        self.errors = tempfile.TemporaryFile(mode="w+")  # noqa: SIM115 - the process writes it until close()
        self.process = subprocess.Popen(  # noqa: S603 - the checkout's Python and our side script
            side_command(side, tree, args, "--serve"),
            cwd=tree,
            env=side_env(database_url, args),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.errors,
            text=True,
        )
        self.info = self._read()

    def _read(self):
        line = self.process.stdout.readline()
        if not line:
            self.errors.seek(0)
            sys.exit(f"{self.side} side stopped:\n{self.errors.read()}")
        return json.loads(line)

    def time(self, page, runs=1):
        self.process.stdin.write(json.dumps({"page": page, "runs": runs}) + "\n")
        self.process.stdin.flush()
        return self._read()

    def close(self):
        self.process.stdin.close()
        self.process.wait()
        self.errors.close()


def measure_round(number, sides, args):
    """Fresh processes for both sides, then every page's requests alternating old and new one by one."""
    running = {side: Side(side, *where, args) for side, where in sides.items()}
    samples = {side: {page: {"wall_ms": [], "cpu_ms": []} for page in PEER_RATIOS} for side in sides}
    for page in PEER_RATIOS:
        for i in range(args.runs):
            order = ("old", "new") if (number + i) % 2 == 0 else ("new", "old")
            for side in order:
                timing = running[side].time(page)
                for key in ("wall_ms", "cpu_ms"):
                    samples[side][page][key] += timing[key]
    for side in running.values():
        side.close()
    return {side: running[side].info for side in sides}, samples


def percentile_90(values):
    ordered = sorted(values)
    return ordered[max(0, round(0.9 * len(ordered)) - 1)]


def main():
    parser = argparse.ArgumentParser(
        description="Issue 14's peer comparison: old portal (5be0690) vs this one."
    )
    parser.add_argument("--old-tree", required=True, help="a checkout of 5be0690 with its .venv")
    parser.add_argument("--old-db", required=True, help="DATABASE_URL of the old side's own database")
    parser.add_argument("--new-db", required=True, help="DATABASE_URL of this side's own database")
    parser.add_argument("--applications", type=int, default=2000)
    parser.add_argument("--awards", type=int, default=240)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--warmups", type=int, default=2)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--debug", action="store_true", help="leave DEBUG as the checkouts default it (on)")
    args = parser.parse_args()
    sides = {"old": (args.old_tree, args.old_db), "new": (str(ROOT), args.new_db)}
    for side, (tree, database_url) in sides.items():
        prepare(side, tree, database_url, args)
    load_before = os.getloadavg()
    rounds = [measure_round(number, sides, args) for number in range(args.rounds)]
    load_after = os.getloadavg()
    report(rounds, args, load_before, load_after)


def pooled(rounds, side, page, key="wall_ms"):
    return [value for _, samples in rounds for value in samples[side][page][key]]


def paired_ratio(rounds, page):
    """Median over all request pairs of new time / old time (each pair ran back to back)."""
    return statistics.median(
        n / o
        for _, samples in rounds
        for o, n in zip(samples["old"][page]["wall_ms"], samples["new"][page]["wall_ms"], strict=True)
    )


def report(rounds, args, load_before, load_after):
    infos = rounds[0][0]
    print(
        f"{args.applications} applications, {args.awards} awards; {args.rounds} rounds (fresh processes) x "
        f"{args.runs} requests per page and side, old and new alternating, after {args.warmups} warm-ups; "
        f"{os.cpu_count()} CPUs; load average {' '.join(f'{x:.2f}' for x in load_before)} before, "
        f"{' '.join(f'{x:.2f}' for x in load_after)} after"
    )
    for label, info in infos.items():
        cache = info["cache"].rsplit(".", 1)[1]
        outcomes = (
            f"outcomes cached ({info['eligibility_cache_seconds']} s) in process memory and {cache}"
            if info["eligibility_cache_seconds"]
            else "outcomes computed on each request"
        )
        print(
            f"  {label}: {info['cwd']}, DEBUG={info['debug']}, {info['applications']} applications, "
            f"{info['awards']} awards; {outcomes}"
        )
    for name, page in infos["old"]["pages"].items():
        if "subject" in page:
            subject = page["subject"]
            status = (
                "eligible" if subject["eligible"] else f"not eligible, blocked by {subject['blocked_by']}"
            )
            print(f"  {name}: {subject['reference']} ({status})")
    header = (
        f"{'page':27} {'old med':>8} {'old p90':>8} {'ratio':>6} {'Grantify':>8} {'new med':>8} {'new p90':>8} "
        f"{'queries':>7} {'new/Gfy':>7} {'target <= 1.0':>13} {'paired':>7}"
    )
    print(header)
    print("-" * len(header))
    for name, given in PEER_RATIOS.items():
        ratio = given or 1.0
        old_times, new_times = pooled(rounds, "old", name), pooled(rounds, "new", name)
        old_median, new_median = statistics.median(old_times), statistics.median(new_times)
        grantify = old_median / ratio
        versus = new_median / grantify
        queries = f"{infos['old']['pages'][name]['queries']}/{infos['new']['pages'][name]['queries']}"
        print(
            f"{name:27} {old_median:6.1f}ms {percentile_90(old_times):6.1f}ms {ratio:5.1f}{' ' if given else '*'}"
            f"{grantify:6.1f}ms {new_median:6.1f}ms {percentile_90(new_times):6.1f}ms {queries:>7} "
            f"{versus:6.3f}x {'OK' if versus <= 1.0 else 'OVER':>13} {ratio * paired_ratio(rounds, name):6.3f}x"
        )
    print(
        "* no ratio in issue 14: Grantify's time taken as the old portal's. queries: old/new per request.\n"
        "new/Gfy = ratio x new median / old median; paired = ratio x the median of new/old over back-to-back "
        "request pairs."
    )
    print("Medians per round, old|new ms; CPU medians (this process only, no PostgreSQL) old|new ms:")
    for name in PEER_RATIOS:
        per_round = "  ".join(
            f"{statistics.median(samples['old'][name]['wall_ms']):.0f}|"
            f"{statistics.median(samples['new'][name]['wall_ms']):.0f}"
            for _, samples in rounds
        )
        cpu = [statistics.median(pooled(rounds, side, name, "cpu_ms")) for side in ("old", "new")]
        print(f"  {name:27} {per_round}   CPU {cpu[0]:.0f}|{cpu[1]:.0f}")


if __name__ == "__main__":
    main()
