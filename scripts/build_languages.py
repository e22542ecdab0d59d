"""Build data/languages/languages.csv and its datapackage.yml.

The languages are the ISO 639 languages that have an ISO 639-1 code. Codes and
English names come from ISO 639 as published by Debian's iso-codes, read through
pycountry; French, Spanish, Portuguese and Arabic names come from Unicode CLDR,
read through Babel. A name CLDR does not have is left empty.

Run it again after upgrading pycountry or Babel, then `entraide load-reference`:

    .venv/bin/pip install pycountry        # only this script needs it
    .venv/bin/python scripts/build_languages.py [--out data/languages]

The "as at" dates in datapackage.yml are the publishers' release dates, which
the packages do not carry: update ISO_AS_AT and CLDR_AS_AT with the versions.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import importlib.metadata
import sys
from pathlib import Path

import babel
import pycountry
import yaml
from babel import Locale
from babel.core import get_cldr_version

ROOT = Path(__file__).resolve().parent.parent
LOCALES = ["fr", "es", "pt", "ar"]
COLUMNS = ["code", "iso639_1", "iso639_2b", "name_en", *(f"name_{lang}" for lang in LOCALES)]

# Release dates of the versions this file was last built with. pycountry's
# version is its date (26.2.16); CLDR 47 was released on 2025-03-13
# (cldr.unicode.org/downloads/cldr-47).
EXPECTED = {"pycountry": "26.2.16", "Babel": "2.18.0", "cldr": "47"}
ISO_AS_AT = dt.date(2026, 2, 16)
CLDR_AS_AT = dt.date(2025, 3, 13)


def build_rows() -> list[dict[str, str]]:
    """One row per ISO 639 language with a 639-1 code, sorted by 639-3 code."""
    locales = {lang: Locale(lang) for lang in LOCALES}
    rows = []
    for language in pycountry.languages:
        alpha_2 = getattr(language, "alpha_2", "")
        if not alpha_2:
            continue
        row = {
            "code": language.alpha_3,
            "iso639_1": alpha_2,
            # ISO 639-2/B differs from the 639-2/T (= 639-3) code for about twenty
            # languages; iso-codes lists it only where it differs.
            "iso639_2b": getattr(language, "bibliographic", "") or language.alpha_3,
            "name_en": language.name,
        }
        for lang, locale in locales.items():
            row[f"name_{lang}"] = locale.languages.get(alpha_2, "")
        rows.append(row)
    return sorted(rows, key=lambda r: r["code"])


def metadata(count: int) -> dict[str, object]:
    versions = {
        "pycountry": importlib.metadata.version("pycountry"),
        "Babel": babel.__version__,
        "cldr": str(get_cldr_version()),
    }
    if versions != EXPECTED:
        sys.stderr.write(
            f"warning: built with {versions}, dates below are for {EXPECTED}; "
            "update ISO_AS_AT, CLDR_AS_AT and EXPECTED in this script\n"
        )
    return {
        "name": "languages",
        "title": "ISO 639 languages with an ISO 639-1 code, names in five languages",
        "rows": count,
        "as_at": ISO_AS_AT.isoformat(),
        "generated_by": "scripts/build_languages.py",
        "sources": [
            {
                "fields": ["code", "iso639_1", "iso639_2b", "name_en"],
                "title": "ISO 639 (639-1, 639-2, 639-3), Debian iso-codes via pycountry",
                "version": f"pycountry {versions['pycountry']}",
                "as_at": ISO_AS_AT.isoformat(),
                "path": "https://salsa.debian.org/iso-codes-team/iso-codes",
                "licence": "LGPL-2.1-or-later (iso-codes; pycountry COPYRIGHT.txt)",
            },
            {
                "fields": [f"name_{lang}" for lang in LOCALES],
                "title": "Unicode CLDR language display names, via Babel",
                "version": f"CLDR {versions['cldr']} (Babel {versions['Babel']})",
                "as_at": CLDR_AS_AT.isoformat(),
                "path": "https://cldr.unicode.org/",
                "licence": "Unicode License v3",
            },
        ],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "data" / "languages")
    args = parser.parse_args(argv)
    rows = build_rows()
    args.out.mkdir(parents=True, exist_ok=True)
    with (args.out / "languages.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    with (args.out / "datapackage.yml").open("w", encoding="utf-8") as f:
        yaml.safe_dump(metadata(len(rows)), f, allow_unicode=True, sort_keys=False)
    print(f"languages: {len(rows)} rows written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
