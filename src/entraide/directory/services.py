"""Every write to the directory: loading the shipped networks, administrator edits, CSV import.

Each service is atomic and writes its audit event in the same transaction.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from entraide.accounts.models import User
from entraide.audit.services import record
from entraide.core.spreadsheet import safe_row, unescape
from entraide.reference.models import Jurisdiction, Language
from entraide.reference.selectors import UnknownCode, resolve_jurisdiction
from entraide.tenancy.models import Authority, Channel
from entraide.tenancy.policies import can
from entraide.tenancy.roles import Role

from .models import ContactPoint, Designation, Membership, Network, NetworkRole, NetworkSource

NETWORKS_FILE = "networks/networks.yaml"
SEED_FILE = "directory/seed-003-members.yaml"
HISTORY_FILE = "directory/membership-history.yaml"
EU_BODIES_FILE = "directory/eu-bodies.yaml"
EU_MEMBERSHIP_FILE = "eu-membership/member-states.csv"
NETWORKS_SOURCE_KEY = "networks-yaml"

# What kind of thing each shipped entry is (networks.yaml mixes networks, an
# organisation and three treaties; its README says which is which).
_KINDS = {
    "ICGLR": Network.Kind.ORGANISATION,
    "ASEAN-MLAT": Network.Kind.TREATY,
    "CARICOM-CAWT": Network.Kind.TREATY,
    "Medellin-Treaty": Network.Kind.TREATY,
}
# Working languages stated by a source: the seed says IberRed "has two official
# languages: Spanish and Portuguese". No other network's languages were found.
_LANGUAGES = {"IberRed": ["spa", "por"]}


class DirectoryDataError(ValueError):
    """A shipped data file is inconsistent (unknown code, unknown network)."""


def default_data_dir() -> Path:
    return Path(settings.DATA_DIR)


def _require_administrator(actor: Any) -> None:
    if actor is None:  # the system: commands and the loader
        return
    if not can(actor, "change", Authority) and not getattr(actor, "is_superuser", False):
        raise PermissionDenied


def _may_write(actor: Any, authority: Authority | None, jurisdiction: Jurisdiction) -> bool:
    """Whose directory records an importer may write: the system and a superuser (the network's
    directory keeper) any; an administrator their own authority, and the authorities of their own
    country that have no administrator of their own (the competent authorities it keeps for them)."""
    if actor is None or getattr(actor, "is_superuser", False):
        return True
    if authority is not None and authority.pk == actor.authority_id:
        return True
    if jurisdiction.pk != actor.authority.jurisdiction_id:
        return False
    return authority is None or not User.objects.filter(authority=authority, role=Role.ADMINISTRATOR).exists()


def _not_yours(name: str, jurisdiction: Jurisdiction) -> str:
    return (
        f"{name!r} ({jurisdiction.code}) is not yours to change: an administrator changes their own authority "
        "and the authorities of their own country that have no administrator of their own"
    )


# --- loading the shipped networks ------------------------------------------------------


@dataclass
class DirectoryLoadReport:
    """What ``directory_load`` did."""

    networks_created: int = 0
    networks_updated: int = 0
    memberships_created: int = 0
    memberships_updated: int = 0
    memberships_unchanged: int = 0
    counts: dict[str, int] = field(default_factory=dict)

    def lines(self) -> list[str]:
        return [
            f"networks: {self.networks_created} created, {self.networks_updated} updated",
            f"memberships: {self.memberships_created} created, {self.memberships_updated} updated, "
            f"{self.memberships_unchanged} unchanged",
            *(f"  {code}: {count} members today" for code, count in sorted(self.counts.items())),
        ]


def _set(obj: Model, values: dict[str, Any]) -> bool:
    changed = False
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return str(value)


@dataclass(frozen=True)
class _Dates:
    """When a membership began and ended (``None``: unknown or not ended), and the sources of both."""

    since: dt.date | None
    until: dt.date | None
    source: str


def _eu_body_dates(root: Path) -> dict[tuple[str, str], _Dates]:
    """(network, alpha-3) -> the dates of each EU Member State's membership of each EU body.

    A Member State is a member from the later of its accession and the body's start, until its
    exit from the EU or, where ``eu-bodies.yaml`` records one, the end of its transition period.
    """
    bodies = yaml.safe_load((root / EU_BODIES_FILE).read_text(encoding="utf-8"))
    states: dict[str, tuple[dt.date, dt.date | None]] = {}
    with (root / EU_MEMBERSHIP_FILE).open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            accession = dt.date.fromisoformat(row["accession_date"])
            left = None if row["exit_date"] in ("", "NA") else dt.date.fromisoformat(row["exit_date"])
            states[row["ISO_alpha_3_code"]] = (accession, left)
    transition = {t["iso3"]: t for t in bodies.get("transition") or []}
    if unknown := sorted(set(transition) - set(states)):
        raise DirectoryDataError(f"{EU_BODIES_FILE}: {', '.join(unknown)} never joined the EU ({EU_MEMBERSHIP_FILE})")

    def clean(text: str, date: dt.date | None = None) -> str:
        text = " ".join(str(text).split())
        return text.format(date=date.isoformat()) if date else text

    dates: dict[tuple[str, str], _Dates] = {}
    for body in bodies["bodies"]:
        starts = _date(body.get("starts_on"))
        if starts is None:
            raise DirectoryDataError(f"{EU_BODIES_FILE}: {body['network']} has no start date")
        for iso3, (accession, left) in states.items():
            if accession > starts:
                since, sources = accession, [clean(bodies["accession_source"], accession)]
            else:
                since, sources = starts, [clean(body["source"])]
            until = left
            if iso3 in transition:
                until = _date(transition[iso3]["until"])
                sources.append(clean(transition[iso3]["source"]))
            elif left is not None:
                sources.append(clean(bodies["exit_source"], left))
            dates[(body["network"], iso3)] = _Dates(since=since, until=until, source="; ".join(sources))
    return dates


@transaction.atomic
def directory_load(*, actor: Any = None, data_dir: Path | str | None = None) -> DirectoryLoadReport:
    """Load networks, sources and dated memberships from ``data/`` (idempotent)."""
    root = Path(data_dir) if data_dir else default_data_dir()
    networks = yaml.safe_load((root / NETWORKS_FILE).read_text(encoding="utf-8"))["networks"]
    seed = yaml.safe_load((root / SEED_FILE).read_text(encoding="utf-8"))
    history = yaml.safe_load((root / HISTORY_FILE).read_text(encoding="utf-8"))["changes"]
    eu_dates = _eu_body_dates(root)
    eu_networks = {code for code, _iso3 in eu_dates}
    known = set(Jurisdiction.objects.values_list("code", flat=True))
    report = DirectoryLoadReport()
    written: dict[str, list[str]] = {"created": [], "updated": []}

    # (network, iso3, role) -> {"names": {source key: name}, "note": ..}
    wanted: dict[tuple[str, str, str], dict[str, Any]] = {}
    sources: dict[tuple[str, str], NetworkSource] = {}

    for entry in networks:
        code = entry["code"]
        values = {
            "kind": _KINDS.get(code, Network.Kind.NETWORK),
            "name_en": entry["name_en"],
            "name_fr": entry.get("name_fr") or "",
            "name_es": entry.get("name_es") or "",
            "scope": _text(entry.get("scope")),
            "secretariat": _text(entry.get("secretariat")),
            "founded": _text(entry.get("founded")),
            "observers": [o["name"] for o in entry.get("observers") or []],
            "notes": [str(n) for n in entry.get("notes") or []],
        }
        network = Network.objects.filter(code=code).first()
        if network is None:
            network = Network.objects.create(code=code, **values)
            report.networks_created += 1
            written["created"].append(code)
        elif _set(network, values):
            network.save()
            report.networks_updated += 1
            written["updated"].append(code)
        languages = list(Language.objects.filter(code__in=_LANGUAGES.get(code, [])))
        if {lang.pk for lang in network.languages.all()} != {lang.pk for lang in languages}:
            network.languages.set(languages)
        source, _created = NetworkSource.objects.update_or_create(
            network=network,
            key=NETWORKS_SOURCE_KEY,
            defaults={
                "title": entry["source_title"],
                "urls": list(entry.get("source_url") or []),
                "source_date": _text(entry.get("source_date")) or "undated",
            },
        )
        sources[(code, NETWORKS_SOURCE_KEY)] = source
        role: str
        for role, key in (
            (Membership.Role.MEMBER, "members"),
            (Membership.Role.LIAISON, "liaison_prosecutors"),
            (Membership.Role.SIGNATORY, "signatories_only"),
        ):
            for member in entry.get(key) or []:
                item = wanted.setdefault((code, member["iso3"], role), {"names": {}, "note": "", "current": True})
                item["names"][NETWORKS_SOURCE_KEY] = member["name"]
                item["note"] = member.get("note") or ""

    seed_source = seed["source"]
    for listing in seed["lists"]:
        code = listing["network"]
        network = Network.objects.filter(code=code).first()
        if network is None:
            raise DirectoryDataError(f"{SEED_FILE}: unknown network {code!r}")
        source, _created = NetworkSource.objects.update_or_create(
            network=network,
            key=seed_source["key"],
            defaults={
                "title": seed_source["title"],
                "urls": list(seed_source.get("urls") or []),
                "source_date": seed_source["source_date"],
            },
        )
        sources[(code, seed_source["key"])] = source
        for member in listing["members"]:
            item = wanted.setdefault(
                (code, member["iso3"], Membership.Role.MEMBER), {"names": {}, "note": "", "current": False}
            )
            item["names"][seed_source["key"]] = member["name"]

    if unknown_bodies := sorted(eu_networks - {entry["code"] for entry in networks}):
        raise DirectoryDataError(f"{EU_BODIES_FILE}: unknown network {unknown_bodies[0]!r}")
    dated: dict[tuple[str, str], _Dates] = {}
    for c in history:
        if c["network"] in eu_networks:
            raise DirectoryDataError(f"{HISTORY_FILE}: {c['network']} is dated by {EU_BODIES_FILE}, not here")
        dated[(c["network"], c["iso3"])] = _Dates(
            since=_date(c.get("since")), until=_date(c.get("until")), source=" ".join(str(c["source"]).split())
        )
    for (code, iso3, role), item in wanted.items():
        if iso3 not in known:
            raise DirectoryDataError(f"{code}: unknown jurisdiction {iso3!r} (load the reference data first)")
        change: _Dates | None = None
        if role == Membership.Role.MEMBER and code in eu_networks:
            change = eu_dates.get((code, iso3))
            if change is None:
                raise DirectoryDataError(f"{code}: {iso3} is listed as a member but is no EU Member State")
        elif role == Membership.Role.MEMBER:
            change = dated.get((code, iso3))
        since = change.since if change else None
        until = change.until if change else None
        if item["current"]:
            status = Membership.Status.CURRENT
        elif until is not None:
            status = Membership.Status.ENDED
        else:
            status = Membership.Status.UNCONFIRMED
        note = item["note"]
        if status == Membership.Status.UNCONFIRMED:
            note = "Listed by an older source only, not by the network's more recent list; current status not found."
        values = {
            "status": status,
            "since": since,
            "until": until,
            "name_in_source": item["names"].get(NETWORKS_SOURCE_KEY) or next(iter(item["names"].values())),
            "note": note,
            "dates_source": change.source if change else "",
        }
        network_pk = Network.objects.only("pk").get(code=code).pk
        membership = Membership.objects.filter(network_id=network_pk, jurisdiction_id=iso3, role=role).first()
        if membership is None:
            membership = Membership.objects.create(network_id=network_pk, jurisdiction_id=iso3, role=role, **values)
            report.memberships_created += 1
        elif _set(membership, values):
            membership.save()
            report.memberships_updated += 1
        else:
            report.memberships_unchanged += 1
        wanted_sources = {sources[(code, key)].pk for key in item["names"]}
        if set(membership.sources.values_list("pk", flat=True)) != wanted_sources:
            membership.sources.set(wanted_sources)
    for c in history:
        if (c["network"], c["iso3"], Membership.Role.MEMBER) not in wanted:
            raise DirectoryDataError(f"{HISTORY_FILE}: {c['network']}/{c['iso3']} is listed by no source")

    today = timezone.localdate()
    for network in Network.objects.all():
        report.counts[network.code] = network.memberships.filter(role=Membership.Role.MEMBER).as_at(today).count()
    if report.networks_created or report.networks_updated or report.memberships_created or report.memberships_updated:
        # One event for the whole load, naming the networks it created or changed.
        record(actor, "directory.loaded", None, detail={"lines": report.lines()[:2], "networks": written})
    return report


def _date(value: Any) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


# --- administrator edits ---------------------------------------------------------------


def _save(actor: Any, obj: Model, action: str, changed: Iterable[str] = ()) -> None:
    created = obj.pk is None
    obj.full_clean()
    obj.save()
    record(actor, f"{action}.{'created' if created else 'updated'}", obj, detail={"changed": sorted(changed)})


@transaction.atomic
def authority_save(*, actor: Any, authority: Authority, changed: Iterable[str] = ()) -> Authority:
    """Create or update an authority (administrators)."""
    _require_administrator(actor)
    _save(actor, authority, "authority", changed)
    return authority


@transaction.atomic
def designation_save(*, actor: Any, designation: Designation, changed: Iterable[str] = ()) -> Designation:
    """Create or update an authority's designation under an instrument (administrators)."""
    _require_administrator(actor)
    _save(actor, designation, "designation", changed)
    return designation


@transaction.atomic
def contact_point_save(*, actor: Any, contact_point: ContactPoint, changed: Iterable[str] = ()) -> ContactPoint:
    """Create or update a contact point (administrators)."""
    _require_administrator(actor)
    _save(actor, contact_point, "contact_point", changed)
    return contact_point


@transaction.atomic
def network_save(*, actor: Any, network: Network, changed: Iterable[str] = ()) -> Network:
    """Create or update a network (administrators)."""
    _require_administrator(actor)
    _save(actor, network, "network", changed)
    return network


@transaction.atomic
def membership_save(*, actor: Any, membership: Membership, changed: Iterable[str] = ()) -> Membership:
    """Create or update a membership; an ended membership keeps its row with its ``until`` date."""
    _require_administrator(actor)
    _save(actor, membership, "membership", changed)
    return membership


@transaction.atomic
def directory_object_delete(*, actor: Any, obj: Model) -> None:
    """Delete a directory record (administrators); the audit event keeps what it was."""
    _require_administrator(actor)
    record(actor, f"{obj._meta.model_name}.deleted", obj, detail={"repr": str(obj)})
    obj.delete()


# --- the administrator's own authority and contact points (the directory's forms) -------

# What an administrator keeps of their authority and of its contact points in the forms.
AUTHORITY_FORM_FIELDS = (
    "name",
    "address",
    "website",
    "email",
    "telephone",
    "languages",
    "channels",
    "urgent_procedure",
    "available_24_7",
    "office_hours",
    "time_zone",
    "source",
)
CONTACT_POINT_FORM_FIELDS = ("name", "is_function", "title", "languages", "available_24_7", "email", "telephone")


def _plain(value: Any) -> Any:
    """A value as the audit log keeps it (JSON): dates in ISO form, languages by their codes."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (list, tuple, set)) or hasattr(value, "all"):
        items = value.all() if hasattr(value, "all") else value
        return sorted(getattr(item, "code", item) for item in items)
    return value


def _apply(obj: Model, values: dict[str, Any], names: Iterable[str]) -> tuple[dict[str, list[Any]], list[Any]]:
    """Set ``values`` (only ``names``) on ``obj``; the changes as ``{field: [old, new]}`` and the languages to set.

    ``languages`` is many-to-many: returned to be set once the row is saved."""
    changes: dict[str, list[Any]] = {}
    languages: list[Any] = []
    for name in names:
        if name not in values:
            continue
        new = values[name]
        if name == "languages":
            languages = list(new)
            old = _plain(obj.languages.all()) if obj.pk else []  # type: ignore[attr-defined]
        else:
            old = _plain(getattr(obj, name))
            setattr(obj, name, new)
        if old != _plain(new):
            changes[name] = [old, _plain(new)]
    return changes, languages


def _check_change(actor: Any, obj: Model) -> None:
    """Only the administrator of the authority the record belongs to changes it."""
    if not can(actor, "change", obj):
        raise PermissionDenied


@transaction.atomic
def authority_update(*, actor: Any, authority: Authority, values: dict[str, Any]) -> Authority:
    """The administrator changes their own authority's details; the audit event says what changed."""
    authority = Authority.objects.select_for_update().get(pk=authority.pk)
    _check_change(actor, authority)
    changes, languages = _apply(authority, values, AUTHORITY_FORM_FIELDS)
    if not changes:
        return authority
    authority.full_clean()
    authority.save()
    if "languages" in changes:
        authority.languages.set(languages)
    record(actor, "authority.updated", authority, detail={"changes": changes})
    return authority


@transaction.atomic
def authority_verify(*, actor: Any, authority: Authority) -> Authority:
    """The administrator confirms their authority's details as checked today."""
    authority = Authority.objects.select_for_update().get(pk=authority.pk)
    _check_change(actor, authority)
    return _verify(actor, authority, "authority.verified")


def _verify(actor: Any, obj: Authority | ContactPoint, action: str) -> Any:
    today, by = timezone.localdate(), getattr(actor, "full_name", "") or getattr(actor, "email", "")
    changes = {
        name: [_plain(getattr(obj, name)), _plain(value)]
        for name, value in (("last_verified_on", today), ("last_verified_by", by))
        if getattr(obj, name) != value
    }
    obj.last_verified_on, obj.last_verified_by = today, by
    obj.save(update_fields=["last_verified_on", "last_verified_by"])
    record(actor, action, obj, authority_id=_authority_id(obj), detail={"changes": changes})
    return obj


def _authority_id(obj: Authority | ContactPoint) -> int:
    return obj.pk if isinstance(obj, Authority) else obj.authority_id


def _save_contact_point(actor: Any, contact: ContactPoint, values: dict[str, Any], action: str) -> ContactPoint:
    changes, languages = _apply(contact, values, CONTACT_POINT_FORM_FIELDS)
    if action == "contactpoint.updated" and not changes:
        return contact
    contact.full_clean()
    contact.save()
    if "languages" in changes:
        contact.languages.set(languages)
    record(actor, action, contact, authority_id=contact.authority_id, detail={"changes": changes})
    return contact


@transaction.atomic
def contact_point_create(*, actor: Any, authority: Authority, values: dict[str, Any]) -> ContactPoint:
    """The administrator adds a contact point to their own authority."""
    _check_change(actor, ContactPoint(authority=authority))
    return _save_contact_point(actor, ContactPoint(authority=authority), values, "contactpoint.created")


@transaction.atomic
def contact_point_update(*, actor: Any, contact_point: ContactPoint, values: dict[str, Any]) -> ContactPoint:
    """The administrator changes one of their authority's contact points; the audit event says what changed."""
    contact = ContactPoint.objects.select_for_update().get(pk=contact_point.pk)
    _check_change(actor, contact)
    return _save_contact_point(actor, contact, values, "contactpoint.updated")


@transaction.atomic
def contact_point_verify(*, actor: Any, contact_point: ContactPoint) -> ContactPoint:
    """The administrator confirms a contact point's details as checked today."""
    contact = ContactPoint.objects.select_for_update().get(pk=contact_point.pk)
    _check_change(actor, contact)
    return _verify(actor, contact, "contactpoint.verified")


@transaction.atomic
def contact_point_set_active(*, actor: Any, contact_point: ContactPoint, active: bool) -> ContactPoint:
    """Deactivate a contact point (kept, no longer offered) or make it active again."""
    contact = ContactPoint.objects.select_for_update().get(pk=contact_point.pk)
    _check_change(actor, contact)
    if contact.is_active != active:
        changes = {"is_active": [contact.is_active, active]}
        contact.is_active = active
        contact.save(update_fields=["is_active"])
        action = "contactpoint.reactivated" if active else "contactpoint.deactivated"
        record(actor, action, contact, authority_id=contact.authority_id, detail={"changes": changes})
    return contact


@transaction.atomic
def contact_point_delete(*, actor: Any, contact_point: ContactPoint) -> None:
    """Delete a contact point of the administrator's own authority; the audit event keeps what it held."""
    contact = ContactPoint.objects.select_for_update().get(pk=contact_point.pk)
    _check_change(actor, contact)
    held = {name: [_plain(getattr(contact, name)), None] for name in CONTACT_POINT_FORM_FIELDS}
    record(actor, "contactpoint.deleted", contact, authority_id=contact.authority_id, detail={"changes": held})
    contact.delete()


# --- CSV import and export -------------------------------------------------------------

AUTHORITY_COLUMNS = [
    "jurisdiction",
    "name",
    "kind",
    "names",
    "languages",
    "channels",
    "urgent_procedure",
    "available_24_7",
    "office_hours",
    "time_zone",
    "address",
    "website",
    "email",
    "telephone",
    "exchange_peer",
    "last_verified_on",
    "last_verified_by",
    "source",
    "is_demo",
]
CONTACT_POINT_COLUMNS = [
    "authority_jurisdiction",
    "authority_name",
    "name",
    "is_function",
    "title",
    "languages",
    "available_24_7",
    "email",
    "telephone",
    "networks",
    "last_verified_on",
    "last_verified_by",
    "is_demo",
]
MAX_IMPORT_ROWS = 10_000


class CsvImportError(ValueError):
    """A CSV file that cannot be imported; ``errors`` are "line N: reason" lines."""

    def __init__(self, errors: list[str]) -> None:
        self.errors = errors
        super().__init__("; ".join(errors))


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0


def _bool(value: str) -> bool | None:
    v = value.strip().lower()
    if v in ("", "unknown"):
        return None
    if v in ("yes", "true", "1", "y"):
        return True
    if v in ("no", "false", "0", "n"):
        return False
    raise ValueError(f"expected yes, no or empty, got {value!r}")


def _codes(value: str) -> list[str]:
    return [c for c in value.replace(";", " ").replace(",", " ").split() if c]


def _languages(value: str) -> list[Language]:
    found = []
    for code in _codes(value):
        lang = (
            Language.objects.filter(code=code.lower()).first() or Language.objects.filter(iso639_1=code.lower()).first()
        )
        if lang is None:
            raise ValueError(f"unknown language {code!r} (ISO 639-3 or 639-1)")
        found.append(lang)
    return found


def _parse_date(value: str) -> dt.date | None:
    if not value.strip():
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(f"date {value!r} is not YYYY-MM-DD") from None


def _read_csv(content: bytes | str, columns: list[str]) -> list[tuple[int, dict[str, str]]]:
    text = content.decode("utf-8-sig") if isinstance(content, bytes) else content
    reader = csv.DictReader(io.StringIO(text))
    header = reader.fieldnames or []
    missing = [c for c in columns if c not in header]
    if missing:
        raise CsvImportError([f"line 1: missing columns: {', '.join(missing)}"])
    rows: list[tuple[int, dict[str, str]]] = []
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise CsvImportError([f"line {line}: contains a NUL character"])
    try:
        for row in reader:
            if len(rows) >= MAX_IMPORT_ROWS:
                raise CsvImportError([f"line {reader.line_num}: more than {MAX_IMPORT_ROWS} rows"])
            if None in row:
                raise CsvImportError([f"line {reader.line_num}: more values than columns"])
            rows.append((reader.line_num, {k: unescape((v or "").strip()) for k, v in row.items()}))
    except csv.Error as exc:
        raise CsvImportError([f"line {reader.line_num}: {exc}"]) from None
    if not rows:
        raise CsvImportError(["the file holds no rows"])
    return rows


def _jurisdiction(value: str) -> Jurisdiction:
    try:
        return resolve_jurisdiction(value)
    except UnknownCode as exc:
        raise ValueError(str(exc)) from None


def _authority_values(row: dict[str, str]) -> tuple[dict[str, Any], list[Language]]:
    if not row["name"]:
        raise ValueError("name is empty")
    if row["kind"] not in Authority.Kind.values:
        raise ValueError(f"unknown kind {row['kind']!r}; expected one of {', '.join(Authority.Kind.values)}")
    channels = _codes(row["channels"])
    bad = [c for c in channels if c not in Channel.values]
    if bad:
        raise ValueError(f"unknown channel {bad[0]!r}; expected {', '.join(Channel.values)}")
    names: dict[str, str] = {}
    for part in filter(None, (p.strip() for p in row["names"].split("|"))):
        lang, sep, name = part.partition(":")
        if not sep or not name.strip():
            raise ValueError(f"names: expected 'fr:Nom|es:Nombre', got {part!r}")
        names[lang.strip()] = name.strip()
    if row["email"]:
        try:
            validate_email(row["email"])
        except ValidationError:
            raise ValueError(f"e-mail {row['email']!r} is not valid") from None
    if row["website"]:
        try:
            URLValidator()(row["website"])
        except ValidationError:
            raise ValueError(f"website {row['website']!r} is not a valid address") from None
    values = {
        "jurisdiction": _jurisdiction(row["jurisdiction"]),
        "name": row["name"],
        "kind": row["kind"],
        "names": names,
        "channels": channels,
        "urgent_procedure": row["urgent_procedure"],
        "available_24_7": _bool(row["available_24_7"]),
        "office_hours": row["office_hours"],
        "time_zone": row["time_zone"],
        "address": row["address"],
        "website": row["website"],
        "email": row["email"],
        "telephone": row["telephone"],
        "exchange_peer": row["exchange_peer"],
        "last_verified_on": _parse_date(row["last_verified_on"]),
        "last_verified_by": row["last_verified_by"],
        "source": row["source"],
        "is_demo": bool(_bool(row["is_demo"])),
    }
    return values, _languages(row["languages"])


@transaction.atomic
def authorities_import(*, actor: Any, content: bytes | str) -> ImportResult:
    """Import authorities from CSV: every row is checked first; one bad row imports nothing."""
    _require_administrator(actor)
    rows = _read_csv(content, AUTHORITY_COLUMNS)
    parsed, errors = [], []
    seen: set[tuple[int, str]] = set()
    for line, row in rows:
        try:
            values, languages = _authority_values(row)
            key = (values["jurisdiction"].pk, values["name"])
            if key in seen:
                raise ValueError("the same authority appears twice in the file")
            seen.add(key)
            parsed.append((line, values, languages))
        except ValueError as exc:
            errors.append(f"line {line}: {exc}")
    if errors:
        raise CsvImportError(errors)
    existing = []
    for line, values, _languages in parsed:
        authority = Authority.objects.filter(jurisdiction=values["jurisdiction"], name=values["name"]).first()
        if not _may_write(actor, authority, values["jurisdiction"]):
            errors.append(f"line {line}: {_not_yours(values['name'], values['jurisdiction'])}")
        existing.append(authority)
    if errors:
        raise CsvImportError(errors)
    result = ImportResult()
    changed: dict[str, list[dict[str, int]]] = {"created": [], "updated": []}
    for (line, values, languages), authority in zip(parsed, existing, strict=True):
        if authority is None:
            authority = Authority(**values)
            result.created += 1
        else:
            _set(authority, values)
            result.updated += 1
        try:
            authority.full_clean()
        except ValidationError as exc:
            transaction.set_rollback(True)
            raise CsvImportError([f"line {line}: {'; '.join(exc.messages)}"]) from None
        created = authority.pk is None
        authority.save()
        authority.languages.set(languages)
        changed["created" if created else "updated"].append({"id": authority.pk, "line": line})
        # Filed under the authority written, so that its own auditors see who changed its record.
        record(actor, "authority.imported", authority, authority_id=authority.pk, detail={"line": line})
    # And one event for the batch, naming every row it wrote, under the importer's authority.
    detail = {"created": result.created, "updated": result.updated, "rows": changed}
    record(actor, "directory.authorities_imported", None, detail=detail)
    return result


def _contact_point_values(row: dict[str, str]) -> tuple[dict[str, Any], list[Language], list[tuple[Network, str]]]:
    jurisdiction = _jurisdiction(row["authority_jurisdiction"])
    authority = Authority.objects.filter(jurisdiction=jurisdiction, name=row["authority_name"]).first()
    if authority is None:
        raise ValueError(f"no authority {row['authority_name']!r} in {jurisdiction.code}")
    if not row["name"]:
        raise ValueError("name is empty")
    if row["email"]:
        try:
            validate_email(row["email"])
        except ValidationError:
            raise ValueError(f"e-mail {row['email']!r} is not valid") from None
    roles: list[tuple[Network, str]] = []
    for part in filter(None, (p.strip() for p in row["networks"].split("|"))):
        code, _sep, role = part.partition(":")
        network = Network.objects.filter(code__iexact=code.strip()).first()
        if network is None:
            raise ValueError(f"unknown network {code.strip()!r}")
        roles.append((network, role.strip()))
    values = {
        "authority": authority,
        "name": row["name"],
        "is_function": bool(_bool(row["is_function"])),
        "title": row["title"],
        "available_24_7": _bool(row["available_24_7"]),
        "email": row["email"],
        "telephone": row["telephone"],
        "last_verified_on": _parse_date(row["last_verified_on"]),
        "last_verified_by": row["last_verified_by"],
        "is_demo": bool(_bool(row["is_demo"])),
    }
    return values, _languages(row["languages"]), roles


@transaction.atomic
def contact_points_import(*, actor: Any, content: bytes | str) -> ImportResult:
    """Import contact points from CSV: every row is checked first; one bad row imports nothing."""
    _require_administrator(actor)
    rows = _read_csv(content, CONTACT_POINT_COLUMNS)
    parsed, errors = [], []
    for line, row in rows:
        try:
            values, languages, roles = _contact_point_values(row)
        except ValueError as exc:
            errors.append(f"line {line}: {exc}")
            continue
        authority = values["authority"]
        if not _may_write(actor, authority, authority.jurisdiction):
            errors.append(f"line {line}: {_not_yours(authority.name, authority.jurisdiction)}")
        parsed.append((line, values, languages, roles))
    if errors:
        raise CsvImportError(errors)
    result = ImportResult()
    changed: dict[str, list[dict[str, int]]] = {"created": [], "updated": []}
    for line, values, languages, roles in parsed:
        contact = ContactPoint.objects.filter(authority=values["authority"], name=values["name"]).first()
        if contact is None:
            contact = ContactPoint(**values)
            result.created += 1
        else:
            _set(contact, values)
            result.updated += 1
        created = contact.pk is None
        contact.save()
        contact.languages.set(languages)
        NetworkRole.objects.filter(contact_point=contact).exclude(network__in=[n for n, _r in roles]).delete()
        for network, role in roles:
            NetworkRole.objects.update_or_create(contact_point=contact, network=network, defaults={"role": role})
        changed["created" if created else "updated"].append({"id": contact.pk, "line": line})
        record(actor, "contactpoint.imported", contact, authority_id=contact.authority_id, detail={"line": line})
    detail = {"created": result.created, "updated": result.updated, "rows": changed}
    record(actor, "directory.contact_points_imported", None, detail=detail)
    return result


def _yes_no(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "no")


def authorities_export(authorities: Iterable[Authority]) -> str:
    """Authorities as CSV, in the columns ``authorities_import`` reads."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(AUTHORITY_COLUMNS)
    for a in authorities:
        writer.writerow(
            safe_row(
                [
                    a.jurisdiction.code,
                    a.name,
                    a.kind,
                    "|".join(f"{k}:{v}" for k, v in (a.names or {}).items()),
                    " ".join(lang.code for lang in a.languages.all()),
                    " ".join(a.channels or []),
                    a.urgent_procedure,
                    _yes_no(a.available_24_7),
                    a.office_hours,
                    a.time_zone,
                    a.address,
                    a.website,
                    a.email,
                    a.telephone,
                    a.exchange_peer,
                    a.last_verified_on.isoformat() if a.last_verified_on else "",
                    a.last_verified_by,
                    a.source,
                    _yes_no(a.is_demo),
                ]
            )
        )
    return out.getvalue()


def contact_points_export(contact_points: Iterable[ContactPoint]) -> str:
    """Contact points as CSV, in the columns ``contact_points_import`` reads."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CONTACT_POINT_COLUMNS)
    for c in contact_points:
        writer.writerow(
            safe_row(
                [
                    c.authority.jurisdiction.code,
                    c.authority.name,
                    c.name,
                    _yes_no(c.is_function),
                    c.title,
                    " ".join(lang.code for lang in c.languages.all()),
                    _yes_no(c.available_24_7),
                    c.email,
                    c.telephone,
                    "|".join(f"{r.network.code}:{r.role}" for r in c.network_roles.all()),
                    c.last_verified_on.isoformat() if c.last_verified_on else "",
                    c.last_verified_by,
                    _yes_no(c.is_demo),
                ]
            )
        )
    return out.getvalue()
