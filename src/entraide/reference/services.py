"""Loading the reference data shipped under ``data/`` (see data/README.md).

``load_reference`` is the only writer of reference data outside the admin. It is
idempotent: each record is compared field by field with its file row and saved
only when a value differs, so a second run creates and updates nothing. Records
that are no longer in the files are left alone (other tables point at them).
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import babel
import yaml
from babel import Locale
from babel.core import get_cldr_version
from django.conf import settings
from django.db import models, transaction

from entraide.audit.services import record

from .models import Jurisdiction, Language, OffenceClass

Row = dict[str, Any]

# datasets/country-codes: the commit the file was taken from (data/country-codes/README.md).
# Its "as at" date is read from datapackage.yml (last_modified).
COUNTRY_CODES_SOURCE = "datasets/country-codes (ODC-PDDL-1.0), data/country-codes.csv @ caa72d1e"
# UNODC publishes ICCS v1.0 as "March 2015" without a day: the first of the month stands for it.
ICCS_AS_AT = dt.date(2015, 3, 1)
ICCS_SOURCE = (
    "UNODC, International Classification of Crime for Statistical Purposes (ICCS) v1.0, "
    "March 2015 (PDFs via GitHub punp1n/ICCS @ d0b2c85b)"
)

# UNTERM names, by the language suffix of our fields.
_UNTERM = {"en": "English", "fr": "French", "es": "Spanish", "ar": "Arabic"}
# official_name_en of CIV is "Ivory Coast"; the same file's official_name_fr/es and
# CLDR display name give "Côte d'Ivoire" (typographic apostrophe there), the name the
# country uses in every language.
_ENGLISH_NAME_FROM_CLDR = frozenset({"CIV"})


@dataclass
class LoadCounts:
    """What one load did to one table."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)

    def __str__(self) -> str:
        return f"{self.total} (created {self.created}, updated {self.updated}, unchanged {self.unchanged})"


@transaction.atomic
def load_reference(*, actor: Any = None, data_dir: Path | str | None = None) -> dict[str, LoadCounts]:
    """Load jurisdictions, languages and ICCS offence classes from ``data_dir``.

    ``data_dir`` defaults to ``settings.DATA_DIR``; ``actor`` is the user who asked
    (None for the system). Files are read and checked before anything is written;
    everything happens in one transaction, with one ``reference.loaded`` audit
    event when something changed.
    """
    root = Path(data_dir) if data_dir is not None else Path(settings.DATA_DIR)
    jurisdictions = _read("jurisdictions", read_jurisdictions, root)
    languages = _read("languages", read_languages, root)
    offence_classes = _read("offence classes", read_offence_classes, root)

    counts = {
        "jurisdictions": _sync(Jurisdiction, jurisdictions),
        "languages": _sync(Language, languages),
        "offence_classes": _sync_offence_classes(offence_classes),
    }
    if any(c.changed for c in counts.values()):
        record(actor, "reference.loaded", detail={name: asdict(c) for name, c in counts.items()})
    return counts


# --- reading the files ------------------------------------------------------


class ReferenceDataError(ValueError):
    """A reference data file is missing or malformed; the message names it."""


def _read(label: str, reader: Callable[[Path], list[Row]], root: Path) -> list[Row]:
    try:
        return reader(root)
    except OSError as exc:
        raise ReferenceDataError(f"{label}: {exc.strerror or exc}: {exc.filename}") from exc
    except KeyError as exc:
        raise ReferenceDataError(f"{label}: missing column or key {exc} under {root}") from exc
    except (ValueError, yaml.YAMLError) as exc:
        raise ReferenceDataError(f"{label}: {exc}") from exc


def _read_csv(path: Path) -> Iterator[dict[str, str]]:
    # The csv module keeps every value a string: Namibia stays "NA", "0101" keeps its zero.
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            yield {key: (value or "").strip() for key, value in row.items()}


def _pad3(value: str) -> str:
    return value.zfill(3) if value else ""


def _strip_footnote(value: str) -> str:
    # UNTERM marks some names with footnote asterisks ("Holy See (the) *", "Niue **").
    return value.rstrip("*").rstrip()


def _cldr_label() -> str:
    return f"Unicode CLDR {get_cldr_version()} via Babel {babel.__version__}"


def read_jurisdictions(root: Path) -> list[Row]:
    """The 249 ISO 3166-1 rows of country-codes, then the non-ISO parties."""
    folder = root / "country-codes"
    meta = yaml.safe_load((folder / "datapackage.yml").read_text(encoding="utf-8"))
    as_at = _as_date(meta["last_modified"])
    portuguese = Locale("pt").territories
    cldr = _cldr_label()
    rows = []
    for line in _read_csv(folder / "country-codes.csv"):
        code, iso2 = line["ISO3166-1-Alpha-3"], line["ISO3166-1-Alpha-2"]
        if not code or not iso2:
            continue
        row: Row = {
            "code": code,
            "iso2": iso2,
            "iso_numeric": _pad3(line["ISO3166-1-numeric"]),
            "m49": _pad3(line["M49"]),
            "is_iso": True,
            "kind": Jurisdiction.Kind.STATE if line["is_independent"] == "Yes" else Jurisdiction.Kind.TERRITORY,
            "name_pt": portuguese.get(iso2, ""),
            "as_at": as_at,
        }
        used: dict[str, list[str]] = {}
        for lang, language in _UNTERM.items():
            short = _strip_footnote(line[f"UNTERM {language} Short"])
            row[f"formal_name_{lang}"] = _strip_footnote(line[f"UNTERM {language} Formal"])
            if short:
                name, column = short, "UNTERM"
            elif lang == "en" and (code in _ENGLISH_NAME_FROM_CLDR or not line["official_name_en"]):
                name, column = line["CLDR display name"], "CLDR display name"
            else:
                name, column = line[f"official_name_{lang}"], "official_name_*"
            row[f"name_{lang}"] = name
            if name:
                used.setdefault(column, []).append(lang)
        names = "names: " + ", ".join(f"{column} ({'/'.join(langs)})" for column, langs in used.items())
        if "UNTERM" not in used:
            names += ", no UNTERM entry"
        pt = f"; Portuguese name: {cldr}" if row["name_pt"] else "; no Portuguese name"
        row["source"] = f"{COUNTRY_CODES_SOURCE}; {names}{pt}"
        rows.append(row)
    rows.extend(_read_non_iso(root / "non-iso" / "jurisdictions.csv"))
    return rows


def _read_non_iso(path: Path) -> list[Row]:
    rows = []
    for line in _read_csv(path):
        row: Row = dict(line)
        row.update(is_iso=False, iso_numeric="", m49="", as_at=_as_date(line["as_at"]))
        row["source"] = line["source"]  # where the fact comes from, not which file of ours holds it
        rows.append(row)
    return rows


def read_languages(root: Path) -> list[Row]:
    """The ISO 639 languages of data/languages/languages.csv."""
    folder = root / "languages"
    meta = yaml.safe_load((folder / "datapackage.yml").read_text(encoding="utf-8"))
    source = "; ".join(f"{s['title']} ({s['version']}, {s['licence']}, as at {s['as_at']})" for s in meta["sources"])
    as_at = _as_date(meta["as_at"])
    return [{**line, "source": source, "as_at": as_at} for line in _read_csv(folder / "languages.csv")]


def read_offence_classes(root: Path) -> list[Row]:
    """ICCS levels 1-2 (complete) and the selected levels 3-4, parents before children."""
    rows = []
    for filename in ("iccs-level1-2.csv", "iccs-level3-selected.csv"):
        for line in _read_csv(root / "iccs" / filename):
            pages = f"English p. {line['page_en']}, Spanish p. {line['page_es']}"
            note = f"; note: {line['note']}" if line.get("note") else ""
            rows.append(
                {
                    "code": line["code"],
                    "level": int(line["level"]),
                    "parent": line["parent"],
                    "name_en": line["name_en"],
                    "name_es": line["name_es"],
                    # No stored source has the official French labels (data/iccs/README.md).
                    "name_fr": line.get("name_fr", ""),
                    "source": f"{ICCS_SOURCE}, {pages}{note}",
                    "as_at": ICCS_AS_AT,
                }
            )
    return sorted(rows, key=lambda r: (r["level"], r["code"]))


def _as_date(value: Any) -> dt.date:
    # YAML already turns an unquoted 2023-09-25 into a date; a quoted one stays a string.
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


# --- writing ----------------------------------------------------------------


def _sync(model: type[models.Model], rows: Iterable[Row], key: str = "code") -> LoadCounts:
    """Create missing records and update differing ones, matched on ``key``."""
    counts = LoadCounts()
    existing = {getattr(obj, key): obj for obj in model._default_manager.all()}
    to_create = []
    for row in rows:
        obj = existing.get(row[key])
        if obj is None:
            to_create.append(model(**row))
            continue
        changed = [field for field, value in row.items() if getattr(obj, field) != value]
        if changed:
            for field in changed:
                setattr(obj, field, row[field])
            obj.save(update_fields=changed)
            counts.updated += 1
        else:
            counts.unchanged += 1
    model._default_manager.bulk_create(to_create)
    counts.created = len(to_create)
    return counts


def _sync_offence_classes(rows: list[Row]) -> LoadCounts:
    """Level by level, so that each parent exists before its children point at it."""
    total = LoadCounts()
    ids = dict(OffenceClass.objects.values_list("code", "pk"))
    for level in sorted({row["level"] for row in rows}):
        level_rows = []
        for row in rows:
            if row["level"] != level:
                continue
            parent = row["parent"]
            if parent and parent not in ids:
                raise ReferenceDataError(f"ICCS {row['code']}: parent {parent} is not in the files")
            level_rows.append({**{k: v for k, v in row.items() if k != "parent"}, "parent_id": ids.get(parent)})
        counts = _sync(OffenceClass, level_rows)
        ids.update(OffenceClass.objects.filter(level=level).values_list("code", "pk"))
        total.created += counts.created
        total.updated += counts.updated
        total.unchanged += counts.unchanged
    return total
