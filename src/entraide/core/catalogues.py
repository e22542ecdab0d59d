"""Compile .po catalogues to .mo with Babel: no GNU gettext needed to install Entraide."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po


def compile_catalogues(locale_dirs: Iterable[Path], *, only_stale: bool = False) -> int:
    """Write the .mo beside each locale/*/LC_MESSAGES/*.po; returns how many were written."""
    count = 0
    for locale_dir in locale_dirs:
        for po_path in sorted(Path(locale_dir).glob("*/LC_MESSAGES/*.po")):
            mo_path = po_path.with_suffix(".mo")
            if only_stale and mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                continue
            with po_path.open("rb") as po_file:
                catalog = read_po(po_file)
            # Written beside, then renamed over: a process reading the catalogue meanwhile (a
            # second test run, a server) sees the old file or the new one, never half of one.
            partial = mo_path.with_name(f".{mo_path.name}.{os.getpid()}")
            with partial.open("wb") as mo_file:
                write_mo(mo_file, catalog, use_fuzzy=False)
            os.replace(partial, mo_path)
            count += 1
    return count
