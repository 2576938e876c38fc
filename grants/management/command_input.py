"""What the round-scoped management commands share: the ``--round`` argument, the round it names, and the
file they read. Each refusal is a CommandError saying what to fix."""

from pathlib import Path

from django.core.management.base import CommandError

from grants.models import FundingRound


def add_round_argument(parser):
    parser.add_argument("--round", required=True, dest="round_slug", help="the round's slug, e.g. clep-2021")


def funding_round_named(slug):
    funding_round = FundingRound.objects.filter(slug=slug).first()
    if funding_round is None:
        slugs = ", ".join(FundingRound.objects.order_by("slug").values_list("slug", flat=True)) or "none"
        raise CommandError(f"No funding round {slug!r}. Known rounds: {slugs}.")
    return funding_round


def file_bytes(path):
    """The file's content; a missing file, a directory or an unreadable file is refused by name."""
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise CommandError(f"{path}: no such file.") from None
    except IsADirectoryError:
        raise CommandError(f"{path}: is a directory, not a file.") from None
    except OSError as exc:
        raise CommandError(f"Cannot read {path}: {exc}") from None
