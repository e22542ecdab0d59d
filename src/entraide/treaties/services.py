"""Writes to treaty data. Every write moves ``TreatyDataState`` so snapshots rebuild."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import yaml
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from entraide.audit import services as audit
from entraide.reference.models import Jurisdiction

from . import importers, untc_page
from .engine import party_entry_into_force
from .models import (
    BilateralTreaty,
    Declaration,
    Instrument,
    Participation,
    TerritorialApplication,
    Territory,
    TreatyDataState,
)

# libyaml's loader where it is installed: the pure-Python one takes most of a load's time.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _read_yaml(path: Path) -> Any:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER)  # a safe loader (C or Python)


INSTRUMENT_FIELDS = (
    "reference",
    "kind",
    "short_title",
    "title_en",
    "title_fr",
    "title_es",
    "title_pt",
    "title_ar",
    "adopted_on",
    "entry_into_force",
    "eif_rule",
    "eif_rule_value",
    "eif_rule_article",
    "modalities",
    "offence_scope",
    "supersedes",
    "parties_known",
    "parties_complete",
    "parties_note",
    "url",
    "text_url",
    "source",
    "as_at",
)
PARTY_FIELDS = (
    "name_in_source",
    "kind",
    "signed_on",
    "deposited_on",
    "in_force_on",
    "in_force_given",
    "party_as_at",
    "succession_on",
    "denounced_on",
    "ceases_on",
    "note",
    "source",
    "as_at",
)


@dataclass
class ImportReport:
    """What an import did, and the participant names it could not map."""

    instrument: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    unmapped: list[str] = field(default_factory=list)

    def summary(self) -> str:
        text = f"{self.instrument}: {self.created} created, {self.updated} updated, {self.unchanged} unchanged"
        if self.unmapped:
            text += f"; {len(self.unmapped)} names not mapped: " + "; ".join(self.unmapped)
        return text


def treaty_data_touch() -> int:
    """Move the data version (in the caller's transaction); returns the new version."""
    state, _ = TreatyDataState.objects.select_for_update().get_or_create(pk=1)
    state.version += 1
    state.token = uuid.uuid4().hex
    state.changed_at = timezone.now()
    state.save()
    return state.version


def default_data_dir() -> Path:
    return Path(settings.DATA_DIR)


# --- participations -----------------------------------------------------------------------


def compute_in_force(participation: Participation, instrument: Instrument) -> dt.date | None:
    """The date the instrument enters into force for this participant, by the instrument's rule.

    A successor State is bound from the date of succession (or from the instrument's entry into
    force, if later), not from its notification; unknown while that date is not recorded.
    """
    if participation.in_force_given or participation.kind in (
        Participation.Kind.SIGNATURE,
        Participation.Kind.NOT_BOUND,
    ):
        return participation.in_force_on if participation.in_force_given else None
    if participation.kind == Participation.Kind.SUCCESSION:
        if participation.succession_on is None or instrument.entry_into_force is None:
            return None
        return max(participation.succession_on, instrument.entry_into_force)
    return party_entry_into_force(
        deposited_on=participation.deposited_on,
        instrument_in_force=instrument.entry_into_force,
        rule=instrument.eif_rule,
        value=instrument.eif_rule_value,
    )


def _sync_participations(instrument: Instrument, rows: dict[str, dict[str, Any]], report: ImportReport) -> None:
    """Create or update the participations of ``instrument`` given as code -> field values (bulk)."""
    existing = {p.jurisdiction_id: p for p in instrument.participations.all()}
    create: list[Participation] = []
    update: list[Participation] = []
    for code, values in rows.items():
        current = existing.get(code)
        if current is None:
            participation = Participation(instrument=instrument, jurisdiction_id=code, **values)
            participation.in_force_on = compute_in_force(participation, instrument)
            create.append(participation)
            continue
        before = {name: getattr(current, name) for name in PARTY_FIELDS}
        for name, value in values.items():
            setattr(current, name, value)
        current.in_force_on = compute_in_force(current, instrument)
        if before == {name: getattr(current, name) for name in PARTY_FIELDS}:
            report.unchanged += 1
        else:
            update.append(current)
    Participation.objects.bulk_create(create)
    if update:
        Participation.objects.bulk_update(update, PARTY_FIELDS)
    report.created += len(create)
    report.updated += len(update)


@dataclass(frozen=True)
class Succession:
    """A successor State's date of succession, with the depositary's words for it."""

    code: str
    date: dt.date
    note: str


def load_successions(data_dir: Path | None = None) -> dict[str, Succession]:
    path = (data_dir or default_data_dir()) / "instruments" / "successions.yaml"
    if not path.exists():
        return {}
    return {
        row["code"]: Succession(
            code=row["code"],
            date=row["date_of_succession"],
            note=f"Successor to the {row['predecessor']}, bound from the date of succession, "
            f"{row['date_of_succession'].isoformat()}: {row['source']}",
        )
        for row in (_read_yaml(path) or {}).get("states", [])
    }


def newest_action(rows: Sequence[importers.UntcRow]) -> dt.date | None:
    """The date of the newest signature or deposit in a UNTC status table: the table's real "as at"."""
    dates = [d for row in rows for d in (row.signed_on, row.deposited_on) if d is not None]
    return max(dates) if dates else None


def name_index(data_dir: Path | None = None) -> dict[str, str]:
    """Normalised jurisdiction names (English short and formal names, and UNTC aliases) -> code."""
    index: dict[str, str] = {}
    for code, name_en, formal in Jurisdiction.objects.values_list("code", "name_en", "formal_name_en"):
        for name in (name_en, formal):
            if name:
                index.setdefault(importers.normalise_name(name), code)
    aliases_file = (data_dir or default_data_dir()) / "instruments" / "untc-names.yaml"
    if aliases_file.exists():
        known = set(Jurisdiction.objects.values_list("code", flat=True))
        for name, code in (_read_yaml(aliases_file) or {}).items():
            if code in known:
                index[importers.normalise_name(name)] = code
    return index


@transaction.atomic
def participations_import_untc(
    *,
    actor: Any,
    instrument: Instrument,
    text: str,
    source: str,
    as_at: dt.date,
    index: dict[str, str] | None = None,
    successions: dict[str, Succession] | None = None,
    corrections: Sequence[Mapping[str, Any]] = (),
) -> ImportReport:
    """Import a UNTC status table (shipped CSV or a pasted tab-separated copy) for ``instrument``.

    Rows marked "d" (succession) are bound from the successor's date of succession where
    ``data/instruments/successions.yaml`` records it, and of unknown date otherwise.
    ``corrections`` (rows of ``corrections.yaml`` for this instrument) overlay the table's rows,
    each with its own source and date.
    """
    return _import_rows(
        actor=actor,
        instrument=instrument,
        rows=importers.parse_untc(text),
        source=source,
        as_at=as_at,
        index=index if index is not None else name_index(),
        successions=successions if successions is not None else load_successions(),
        corrections=corrections,
    )


@transaction.atomic
def participations_import_untc_page(
    *, actor: Any, instrument: Instrument, page: untc_page.UntcPage, source: str, as_at: dt.date
) -> ImportReport:
    """Import the UN Treaty Collection's current status page: the table and what its notes say.

    Successions take the date of succession the notes give (else the shipped one); territorial
    applications and exclusions and notifications on the instrument as a basis for extradition
    become records with the note as their evidence. The instrument's data is then as at
    ``as_at`` (the date the page gives its status as at).
    """
    index = name_index()
    successions = load_successions()
    for succession in page.successions:
        code = index.get(importers.normalise_name(succession.participant))
        if code is not None:
            successions[code] = Succession(
                code, succession.effective_from, f"Bound from the date of succession: {succession.evidence}"
            )
    report = _import_rows(
        actor=actor,
        instrument=instrument,
        rows=page.untc_rows(),
        source=source,
        as_at=as_at,
        index=index,
        successions=successions,
        corrections=[],
    )
    known = set(Jurisdiction.objects.values_list("code", flat=True))
    for application in page.territorial_applications:
        party = index.get(importers.normalise_name(application.participant))
        if application.code is None or party is None or application.code not in known:
            report.unmapped.append(f"{application.territory} ({application.participant})")
            continue
        TerritorialApplication.objects.update_or_create(
            instrument=instrument,
            territory_id=cast(Any, application.code),  # a code: the key is to_field="code"
            defaults={
                "party_id": party,
                "applies": application.applies,
                "applies_from": application.effective_from,
                "note": application.evidence,
                "source": source,
                "as_at": as_at,
            },
        )
    for basis in page.extradition_bases:
        code = index.get(importers.normalise_name(basis.participant))
        participation = instrument.participations.filter(jurisdiction_id=code).first() if code else None
        if participation is None or basis.accepts is None:
            continue
        Declaration.objects.update_or_create(
            participation=participation,
            kind=Declaration.Kind.EXTRADITION_BASIS,
            defaults={
                "text": basis.evidence,
                "accepts_as_extradition_basis": basis.accepts,
                "source": source,
                "as_at": as_at,
            },
        )
    if instrument.as_at is None or as_at > instrument.as_at:
        instrument.as_at = as_at
        instrument.save(update_fields=["as_at"])
    treaty_data_touch()
    return report


def _import_rows(
    *,
    actor: Any,
    instrument: Instrument,
    rows: Sequence[importers.UntcRow],
    source: str,
    as_at: dt.date,
    index: dict[str, str],
    successions: dict[str, Succession],
    corrections: Sequence[Mapping[str, Any]],
) -> ImportReport:
    mapped, unmapped = importers.map_names(rows, index)
    report = ImportReport(instrument=instrument.code, unmapped=unmapped)
    values: dict[str, dict[str, Any]] = {}
    for row in rows:
        if row.name not in mapped:
            continue
        code = mapped[row.name]
        succession = successions.get(code) if row.kind == "succession" else None
        values[code] = {
            "name_in_source": row.name,
            "kind": row.kind,
            "signed_on": row.signed_on,
            "deposited_on": row.deposited_on,
            "in_force_given": False,
            "succession_on": succession.date if succession else None,
            "note": succession.note if succession else "",
            "source": source,
            "as_at": as_at,
        }
    for correction in corrections:
        values[correction["code"]] = {
            **values.get(correction["code"], {"signed_on": None, "note": "", "succession_on": None}),
            "name_in_source": correction.get("name", ""),
            "kind": correction["kind"],
            "deposited_on": correction.get("deposited_on"),
            "in_force_given": False,
            "source": correction["source"],
            "as_at": correction["as_at"],
        }
    _sync_participations(instrument, values, report)
    if report.created or report.updated:
        treaty_data_touch()
    audit.record(
        actor,
        "treaties.untc_imported",
        instrument,
        detail={
            "created": report.created,
            "updated": report.updated,
            "unchanged": report.unchanged,
            "unmapped": report.unmapped,
            "source": source,
            "as_at": as_at.isoformat(),
        },
    )
    return report


def _recompute(instrument: Instrument) -> None:
    changed = []
    for participation in instrument.participations.all():
        value = compute_in_force(participation, instrument)
        if value != participation.in_force_on:
            participation.in_force_on = value
            changed.append(participation)
    if changed:
        Participation.objects.bulk_update(changed, ["in_force_on"])


@transaction.atomic
def participation_save(*, actor: Any, participation: Participation) -> Participation:
    """Save a participation edited by hand (admin), recomputing its entry into force."""
    participation.in_force_on = compute_in_force(participation, participation.instrument)
    participation.save()
    treaty_data_touch()
    audit.record(actor, "treaties.participation_saved", participation)
    return participation


@transaction.atomic
def instrument_save(*, actor: Any, instrument: Instrument) -> Instrument:
    """Save an instrument edited by hand, and recompute its parties' dates of entry into force."""
    instrument.save()
    _recompute(instrument)
    treaty_data_touch()
    audit.record(actor, "treaties.instrument_saved", instrument)
    return instrument


@transaction.atomic
def declaration_save(*, actor: Any, declaration: Declaration) -> Declaration:
    """Save a declaration edited by hand."""
    declaration.save()
    treaty_data_touch()
    audit.record(actor, "treaties.declaration_saved", declaration)
    return declaration


@transaction.atomic
def bilateral_treaty_save(*, actor: Any, treaty: BilateralTreaty) -> BilateralTreaty:
    """Save a bilateral treaty edited by hand."""
    treaty.save()
    treaty_data_touch()
    audit.record(actor, "treaties.bilateral_saved", treaty)
    return treaty


# --- the shipped data ---------------------------------------------------------------------


def _instrument_values(entry: dict[str, Any]) -> dict[str, Any]:
    values = {name: entry.get(name) for name in INSTRUMENT_FIELDS if name in entry}
    values.setdefault("modalities", {})
    values.setdefault("offence_scope", {"kind": "any"})
    values.setdefault("supersedes", [])
    for name in (
        "short_title",
        "title_fr",
        "title_es",
        "title_pt",
        "title_ar",
        "parties_note",
        "url",
        "text_url",
        "eif_rule_article",
        "reference",
    ):
        if values.get(name) is None:
            values[name] = ""
    return values


@dataclass
class LoadReport:
    """What ``treaties_load`` did."""

    instruments: int = 0
    imports: list[ImportReport] = field(default_factory=list)
    declarations: int = 0
    corrections: int = 0
    territories: int = 0

    def lines(self) -> list[str]:
        return [
            f"{self.instruments} instruments",
            *[r.summary() for r in self.imports],
            f"{self.declarations} declarations",
            f"{self.corrections} corrections to status tables",
            f"{self.territories} territorial applications",
        ]


@transaction.atomic
def treaties_load(*, actor: Any = None, data_dir: Path | str | None = None) -> LoadReport:
    """Load the shipped treaty data (idempotent): instruments, UNTC tables, party files, declarations.

    Needs the reference jurisdictions (``load_reference``) first: names map to their codes.
    """
    root = Path(data_dir) if data_dir else default_data_dir()
    entries = _read_yaml(root / "instruments" / "instruments.yaml")
    known = set(Jurisdiction.objects.values_list("code", flat=True))
    index = name_index(root)
    successions = load_successions(root)
    corrections_file = root / "instruments" / "corrections.yaml"
    corrections = (_read_yaml(corrections_file) or {}).get("corrections", []) if corrections_file.exists() else []
    report = LoadReport()
    for entry in entries:
        values = _instrument_values(entry)
        rows = (
            importers.parse_untc((root / "untc-2015" / entry["untc"]).read_text(encoding="utf-8"))
            if entry.get("untc")
            else []
        )
        if rows:
            # A status table is as at its newest action, not the day it was copied.
            values["as_at"] = newest_action(rows) or values["as_at"]
        instrument, _created = Instrument.objects.update_or_create(code=entry["code"], defaults=values)
        report.instruments += 1
        if rows:
            report.imports.append(
                _import_rows(
                    actor=actor,
                    instrument=instrument,
                    rows=rows,
                    source=instrument.source,
                    as_at=_dated(instrument),
                    index=index,
                    successions=successions,
                    corrections=[c for c in corrections if c["instrument"] == instrument.code],
                )
            )
        if entry.get("parties"):
            report.imports.append(_load_party_file(instrument, root / "instruments" / entry["parties"], known))
        if entry.get("declarations"):
            report.declarations += _load_declarations(instrument, root / "untc-2015" / entry["declarations"], index)
        # Recompute dates for every participation: the rule may have changed in the file.
        _recompute(instrument)
    instruments = {i.code: i for i in Instrument.objects.all()}
    report.corrections = len(corrections)
    report.declarations += _load_extradition_basis(instruments, root / "instruments" / "extradition-basis.yaml")
    report.territories = _load_territories(instruments, root / "instruments" / "territories.yaml", known)
    treaty_data_touch()
    audit.record(
        actor,
        "treaties.loaded",
        None,
        detail={
            "instruments": report.instruments,
            "declarations": report.declarations,
            "unmapped": {r.instrument: r.unmapped for r in report.imports if r.unmapped},
        },
    )
    return report


def _dated(instrument: Instrument) -> dt.date:
    """The date of an instrument whose records must be dated (a status table's, its declarations')."""
    if instrument.as_at is None:
        raise ValueError(f"{instrument.code}: a status table or its declarations need the date they are as at")
    return instrument.as_at


def _load_party_file(instrument: Instrument, path: Path, known: set[str]) -> ImportReport:
    data = _read_yaml(path)[instrument.code]
    report = ImportReport(instrument=instrument.code)
    rows: dict[str, dict[str, Any]] = {}
    for party in data["parties"]:
        code = party["code"]
        if code not in known:
            report.unmapped.append(f"{party.get('name', code)} ({code})")
            continue
        rows[code] = {
            "name_in_source": party.get("name", ""),
            "kind": party.get("kind", "ratification"),
            "signed_on": party.get("signed_on"),
            "deposited_on": party.get("deposited_on"),
            "in_force_on": party.get("in_force_on"),
            "in_force_given": party.get("in_force_on") is not None,
            "party_as_at": party.get("party_as_at"),
            "ceases_on": party.get("ceases_on"),
            "note": party.get("note", ""),
            "source": party.get("source", data["source"]),
            "as_at": party.get("as_at", data["as_at"]),
        }
    _sync_participations(instrument, rows, report)
    return report


def _load_declarations(instrument: Instrument, path: Path, index: dict[str, str]) -> int:
    blocks = importers.parse_declarations(path.read_text(encoding="utf-8"))
    count = 0
    for name, text in blocks.items():
        code = index.get(importers.normalise_name(name))
        if code is None:
            continue
        participation = instrument.participations.filter(jurisdiction_id=code).first()
        if participation is None:
            continue
        Declaration.objects.update_or_create(
            participation=participation,
            kind=importers.declaration_kind(text),
            articles="",
            defaults={
                "text": text,
                "source": f"{instrument.source} (declarations and reservations)",
                "as_at": _dated(instrument),
            },
        )
        count += 1
    return count


def _load_extradition_basis(instruments: dict[str, Instrument], path: Path) -> int:
    """Notifications on an instrument as the legal basis for extradition, classified by hand."""
    if not path.exists():
        return 0
    count = 0
    for row in (_read_yaml(path) or {}).get("declarations", []):
        participation = instruments[row["instrument"]].participations.filter(jurisdiction_id=row["code"]).first()
        if participation is None:
            continue
        Declaration.objects.update_or_create(
            participation=participation,
            kind=Declaration.Kind.EXTRADITION_BASIS,
            defaults={
                "articles": row.get("articles", ""),
                "text": row["quote"],
                "extradition_requires_treaty": row.get("requires_treaty"),
                "accepts_as_extradition_basis": row.get("accepts"),
                "extradition_basis_condition": row.get("condition", ""),
                "source": row["source"],
                "as_at": row["as_at"],
            },
        )
        count += 1
    return count


def _load_territories(instruments: dict[str, Instrument], path: Path, known: set[str]) -> int:
    """Territories and the party they belong to, and the instruments extended to or excluded from them."""
    if not path.exists():
        return 0
    data = _read_yaml(path) or {}
    for row in data.get("territories", []):
        if row["territory"] in known and row["party"] in known:
            Territory.objects.update_or_create(
                territory_id=row["territory"],
                defaults={"party_id": row["party"], "source": row["source"], "as_at": row["as_at"]},
            )
    count = 0
    for row in data.get("applications", []):
        if row["territory"] not in known or row["party"] not in known:
            continue
        TerritorialApplication.objects.update_or_create(
            instrument=instruments[row["instrument"]],
            territory_id=row["territory"],
            defaults={
                "party_id": row["party"],
                "applies": bool(row["applies"]),
                "applies_from": row.get("applies_from"),
                "note": row.get("note", ""),
                "source": row["source"],
                "as_at": row["as_at"],
            },
        )
        count += 1
    return count
