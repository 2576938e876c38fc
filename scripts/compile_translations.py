"""Compile locale/*/LC_MESSAGES/*.po into .mo files, only where the .po is newer.

Uses Django's compilemessages (GNU msgfmt, which also checks placeholders) when msgfmt is
installed, and polib otherwise, so a machine without gettext still gets working translations.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
LOCALE_DIRS = [ROOT / "locale"]


def stale_catalogues():
    for locale_dir in LOCALE_DIRS:
        for po_path in sorted(locale_dir.rglob("LC_MESSAGES/*.po")):
            mo_path = po_path.with_suffix(".mo")
            if not mo_path.exists() or mo_path.stat().st_mtime < po_path.stat().st_mtime:
                yield po_path, mo_path


def main():
    stale = list(stale_catalogues())
    if not stale:
        return 0
    if shutil.which("msgfmt"):
        for po_path, mo_path in stale:
            subprocess.run(  # noqa: S603 - fixed arguments, our own files
                ["msgfmt", "--check-format", "-o", str(mo_path), str(po_path)],  # noqa: S607
                check=True,
            )
    else:
        for po_path, mo_path in stale:
            polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
    print(f"Compiled {len(stale)} translation catalogue(s).")
    return 0


if __name__ == "__main__":
    os.chdir(ROOT)
    sys.exit(main())
