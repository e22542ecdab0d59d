"""Writes to treaty data. Every write moves ``TreatyDataState`` so snapshots rebuild."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from entraide.audit import services as audit
from entraide.reference.models import Jurisdiction

from . import importers
from .engine import party_entry_into_force
from .models import BilateralTreaty, Declaration, Instrument, Participation, TreatyDataState

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
    """The date the instrument enters into force for this participant, by the instrument's rule."""
    if participation.in_force_given or participation.kind in (
        Participation.Kind.SIGNATURE,
        Participation.Kind.NOT_BOUND,
    ):
        return participation.in_force_on if participation.in_force_given else None
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
) -> ImportReport:
    """Import a UNTC status table (shipped CSV or a pasted tab-separated copy) for ``instrument``."""
    rows = importers.parse_untc(text)
    mapped, unmapped = importers.map_names(rows, index if index is not None else name_index())
    report = ImportReport(instrument=instrument.code, unmapped=unmapped)
    values = {
        mapped[row.name]: {
            "name_in_source": row.name,
            "kind": row.kind,
            "signed_on": row.signed_on,
            "deposited_on": row.deposited_on,
            "in_force_given": False,
            "source": source,
            "as_at": as_at,
        }
        for row in rows
        if row.name in mapped
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

    def lines(self) -> list[str]:
        return [
            f"{self.instruments} instruments",
            *[r.summary() for r in self.imports],
            f"{self.declarations} declarations",
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
    report = LoadReport()
    for entry in entries:
        values = _instrument_values(entry)
        instrument, _created = Instrument.objects.update_or_create(code=entry["code"], defaults=values)
        report.instruments += 1
        if entry.get("untc"):
            path = root / "untc-2015" / entry["untc"]
            report.imports.append(
                participations_import_untc(
                    actor=actor,
                    instrument=instrument,
                    text=path.read_text(encoding="utf-8"),
                    source=instrument.source,
                    as_at=instrument.as_at,
                    index=index,
                )
            )
        if entry.get("parties"):
            report.imports.append(_load_party_file(instrument, root / "instruments" / entry["parties"], known))
        if entry.get("declarations"):
            report.declarations += _load_declarations(instrument, root / "untc-2015" / entry["declarations"], index)
        # Recompute dates for every participation: the rule may have changed in the file.
        _recompute(instrument)
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
                "as_at": instrument.as_at,
            },
        )
        count += 1
    return count
