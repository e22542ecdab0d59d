"""Reads of treaty data, the engine's snapshot, and the checking of a legal-basis question.

Treaty data is reference data, not tenant data: every signed-in user may read all of it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import threading
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from entraide.core.i18n import active_language
from entraide.reference.models import Jurisdiction, OffenceClass
from entraide.reference.selectors import UnknownCode, resolve_jurisdiction, resolve_modality, resolve_offence_class

from . import engine
from .models import (
    BilateralTreaty,
    Declaration,
    Instrument,
    Participation,
    TerritorialApplication,
    Territory,
    TreatyDataState,
)

# --- the snapshot -----------------------------------------------------------------------


def _scope(data: Mapping[str, Any]) -> engine.Scope:
    return engine.Scope(
        kind=data.get("kind", "any"),
        entries=tuple(
            engine.ScopeEntry(
                iccs=str(e["iccs"]),
                articles=str(e.get("articles", "")),
                condition=e.get("condition", ""),
                requires=e.get("requires", ""),
                covers=e.get("covers", ""),
            )
            for e in data.get("offences", ())
        ),
        serious_min_years=data.get("serious_min_years"),
        serious_article=str(data.get("serious_article", "")),
        requires_transnational_ocg=bool(data.get("requires_transnational_ocg", False)),
        transnational_article=str(data.get("transnational_article", "")),
        mla_article=str(data.get("mla_article", "")),
        extradition_article=str(data.get("extradition_article", "")),
        description=data.get("description", ""),
        condition=data.get("condition", ""),
    )


def _rule(data: Mapping[str, Any]) -> engine.ModalityRule:
    return engine.ModalityRule(
        articles=tuple(str(a) for a in data.get("articles", ())),
        conditions=tuple(data.get("conditions", ())),
        warnings=tuple(data.get("warnings", ())),
        dual_criminality_article=str(data.get("dual_criminality_article", "")),
        non_coercive_without_dual_criminality_article=str(
            data.get("non_coercive_without_dual_criminality_article", "")
        ),
        treaty_basis_article=str(data.get("treaty_basis_article", "")),
        not_a_basis=data.get("not_a_basis", ""),
    )


def build_snapshot(version: int = 0) -> engine.Snapshot:
    """Read all treaty data into an immutable snapshot (a handful of queries)."""
    extradition: dict[int, tuple[bool | None, bool | None, str]] = {}
    for pid, requires, accepts, condition in Declaration.objects.filter(
        kind=Declaration.Kind.EXTRADITION_BASIS
    ).values_list(
        "participation_id", "extradition_requires_treaty", "accepts_as_extradition_basis", "extradition_basis_condition"
    ):
        old = extradition.get(pid, (None, None, ""))
        extradition[pid] = (
            requires if requires is not None else old[0],
            accepts if accepts is not None else old[1],
            condition or old[2],
        )
    parties: dict[int, dict[str, engine.PartySnap]] = defaultdict(dict)
    for p in Participation.objects.values(
        "pk",
        "instrument_id",
        "jurisdiction_id",
        "kind",
        "signed_on",
        "deposited_on",
        "in_force_on",
        "party_as_at",
        "ceases_on",
        "note",
    ):
        requires, accepts, condition = extradition.get(p["pk"], (None, None, ""))
        code = str(p["jurisdiction_id"])  # a code: the key is to_field="code"
        parties[p["instrument_id"]][code] = engine.PartySnap(
            jurisdiction=code,
            kind=p["kind"],
            signed_on=p["signed_on"],
            deposited_on=p["deposited_on"],
            in_force_on=p["in_force_on"],
            party_as_at=p["party_as_at"],
            ceases_on=p["ceases_on"],
            extradition_requires_treaty=requires,
            accepts_as_extradition_basis=accepts,
            extradition_basis_condition=condition,
            note=p["note"],
        )
    _add_territories(parties)
    instruments = []
    for i in Instrument.objects.order_by("code"):
        instruments.append(
            engine.InstrumentSnap(
                code=i.code,
                reference=i.reference,
                kind=i.kind,
                short_title=i.short_title,
                titles=MappingProxyType(
                    {
                        lang: getattr(i, f"title_{lang}")
                        for lang in ("en", "fr", "es", "pt", "ar")
                        if getattr(i, f"title_{lang}")
                    }
                ),
                entry_into_force=i.entry_into_force,
                modalities=MappingProxyType(
                    {m: _rule(r) for m, r in (i.modalities or {}).items() if m in engine.MODALITIES}
                ),
                scope=_scope(i.offence_scope or {}),
                parties=MappingProxyType(parties.get(i.pk, {})),
                as_at=i.as_at,
                sources=(i.source,),
                url=i.url,
                parties_known=i.parties_known,
                parties_complete=i.parties_complete,
                parties_note=i.parties_note,
                supersedes=tuple(
                    engine.Supersession(
                        modality=s["modality"],
                        instruments=tuple(s.get("instruments", ())),
                        article=str(s.get("article", "")),
                        note=s.get("note", ""),
                    )
                    for s in (i.supersedes or ())
                ),
            )
        )
    bilaterals = tuple(
        engine.BilateralSnap(
            code=t.code,
            parties=frozenset((t.first_id, t.second_id)),
            modality=t.modality,
            title=t.title,
            reference=t.reference,
            articles=tuple(a.strip() for a in t.articles.split(",") if a.strip()),
            in_force_on=t.in_force_on,
            terminated_on=t.terminated_on,
            as_at=t.as_at,
            sources=(t.source,),
            url=t.url,
        )
        for t in BilateralTreaty.objects.all()
    )
    codes = list(Jurisdiction.objects.order_by("code").values_list("code", "iso2"))
    jurisdictions = tuple(code for code, _iso2 in codes)
    iso2 = MappingProxyType({two: code for code, two in codes if two})
    offences = frozenset(OffenceClass.objects.values_list("code", flat=True))
    organizations = frozenset(
        Jurisdiction.objects.filter(kind=Jurisdiction.Kind.ORGANISATION).values_list("code", flat=True)
    )
    return engine.Snapshot(
        version=version,
        instruments=tuple(instruments),
        bilaterals=bilaterals,
        jurisdictions=jurisdictions,
        iso2=iso2,
        offences=offences,
        organizations=organizations,
    )


def _add_territories(parties: dict[int, dict[str, engine.PartySnap]]) -> None:
    """A territory follows its party where the instrument was extended to it; else it is excluded or unknown."""
    territories = {str(t): str(p) for t, p in Territory.objects.values_list("territory_id", "party_id")}
    applications = {
        (a["instrument_id"], str(a["territory_id"])): (a["applies"], a["applies_from"])
        for a in TerritorialApplication.objects.values("instrument_id", "territory_id", "applies", "applies_from")
    }
    for instrument_id, by_code in parties.items():
        for territory, party_code in territories.items():
            parent = by_code.get(party_code)
            if parent is None or territory in by_code:
                continue  # the party is not a participant, or the territory has a participation of its own
            application = applications.get((instrument_id, territory))
            if parent.kind in (engine.SIGNATURE, engine.NOT_BOUND):
                snap = dataclasses.replace(parent, jurisdiction=territory, territory_of=party_code)
            elif application is not None and not application[0]:
                snap = engine.PartySnap(territory, engine.TERRITORY_EXCLUDED, territory_of=party_code)
            elif application is not None:
                starts = [d for d in (parent.in_force_on, application[1]) if d is not None]
                snap = dataclasses.replace(
                    parent,
                    jurisdiction=territory,
                    kind=engine.TERRITORY_EXTENDED,
                    in_force_on=max(starts) if parent.in_force_on is not None else None,
                    territory_of=party_code,
                )
            else:
                snap = engine.PartySnap(
                    territory, engine.TERRITORY_UNKNOWN, in_force_on=parent.in_force_on, territory_of=party_code
                )
            by_code[territory] = snap


_lock = threading.Lock()
_cached: tuple[tuple[int, str], engine.Snapshot] | None = None


def data_version() -> tuple[int, str]:
    """The current (version, token) of treaty data: one small query."""
    row = TreatyDataState.objects.filter(pk=1).values_list("version", "token").first()
    return (row[0], row[1]) if row else (0, "")


def get_snapshot() -> engine.Snapshot:
    """The snapshot of the current data, rebuilt only when the data version has moved."""
    global _cached
    key = data_version()
    cached = _cached
    if cached is not None and cached[0] == key:
        return cached[1]
    with _lock:
        if _cached is not None and _cached[0] == key:
            return _cached[1]
        snapshot = build_snapshot(key[0])
        _cached = (key, snapshot)
        return snapshot


# --- checking a question ------------------------------------------------------------------


class BadInput(ValueError):
    """A value of a legal-basis question that names nothing; ``str()`` is the one-line message."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        super().__init__(message)


def _modality(value: str) -> str:
    try:
        return resolve_modality(value)
    except UnknownCode as exc:
        raise BadInput("modality", str(exc)) from None


def _date(value: str | dt.date | None) -> dt.date:
    if isinstance(value, dt.date):
        return value
    if not value:
        return dt.date.today()  # noqa: DTZ011 - a calendar date, as the officer means it
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise BadInput("date", f"malformed date {value!r}; expected YYYY-MM-DD, e.g. 2024-05-01") from None


def _penalty(value: str | float | None) -> float | None:
    if value is None or value == "":
        return None
    try:
        years = float(value)
    except (TypeError, ValueError):
        raise BadInput(
            "max_penalty_years", f"malformed maximum penalty {value!r}; expected a number of years"
        ) from None
    if years < 0 or not math.isfinite(years):
        raise BadInput("max_penalty_years", f"malformed maximum penalty {value!r}; expected a number of years")
    return years


@dataclass(frozen=True)
class CheckedQuery:
    """A question whose codes name real records, ready for the engine."""

    query: engine.Query
    snapshot: engine.Snapshot


def _jurisdiction(value: str, field: str, snapshot: engine.Snapshot) -> str:
    """An alpha-3 code for ``value`` (alpha-2 or -3, any case); UnknownCode's message if none."""
    code = (value or "").strip().upper()
    if len(code) == 3 and code in snapshot.jurisdictions_set:
        return code
    if len(code) == 2 and code in snapshot.iso2:
        return snapshot.iso2[code]
    try:  # anything else: the reference lookup decides, and words the error with its suggestions
        return resolve_jurisdiction(value).code
    except UnknownCode as exc:
        raise BadInput(field, str(exc)) from None


def _offence(value: str, snapshot: engine.Snapshot) -> str:
    code = value.strip()
    if code in snapshot.offences:
        return code
    try:
        return resolve_offence_class(value).code
    except UnknownCode as exc:
        raise BadInput("offence", str(exc)) from None


def build_query(
    *,
    requesting: str,
    requested: str,
    modality: str,
    date: str | dt.date | None = None,
    offence: str | None = None,
    max_penalty_years: str | float | None = None,
    transnational: bool | str | None = None,
    organized_group: bool | str | None = None,
) -> CheckedQuery:
    """Check and resolve the values of a question; raises :class:`BadInput` on the first bad one.

    Known codes are checked against the snapshot (no query); anything else goes to the reference
    lookups, which word the error and its close matches.
    """
    snapshot = get_snapshot()
    query = engine.Query(
        requesting=_jurisdiction(requesting, "requesting", snapshot),
        requested=_jurisdiction(requested, "requested", snapshot),
        modality=_modality(modality),
        date=_date(date),
        offence=_offence(offence, snapshot) if offence else None,
        max_penalty_years=_penalty(max_penalty_years),
        transnational=fact(transnational, "transnational"),
        organized_group=fact(organized_group, "organized_group"),
    )
    return CheckedQuery(query=query, snapshot=snapshot)


FACT_YES = {"yes", "true", "1", "on", "stated", "suspected"}
FACT_NO = {"no", "false", "0", "off"}
FACT_UNKNOWN = {"", "unknown", "not known", "not-known", "none", "null"}


def fact(value: bool | str | None, field: str) -> bool | None:
    """A fact of the question ("transnational", "organized group"): yes, no, or not known (None)."""
    if value is None or isinstance(value, bool):
        return value
    text = value.strip().casefold()
    if text in FACT_YES:
        return True
    if text in FACT_NO:
        return False
    if text in FACT_UNKNOWN:
        return None
    raise BadInput(field, _("%(field)s must be yes, no or unknown, not %(value)r.") % {"field": field, "value": value})


def question_labels(checked: CheckedQuery) -> dict[str, Any]:
    """The jurisdictions and offence class of a question, for display."""
    q = checked.query
    found = Jurisdiction.objects.in_bulk([q.requesting, q.requested], field_name="code")
    offence = OffenceClass.objects.filter(code=q.offence).first() if q.offence else None
    return {"requesting": found.get(q.requesting), "requested": found.get(q.requested), "offence": offence}


def legal_basis(checked: CheckedQuery) -> engine.Resolution:
    """Resolve a checked question over the current snapshot, in the active language."""
    return engine.resolve(checked.snapshot, checked.query, language=active_language())


# --- instruments --------------------------------------------------------------------------


def dual_criminality_article(code: str, modality: str) -> str:
    """The article of instrument ``code`` that lets the requested State require dual criminality, or ""."""
    for instrument in get_snapshot().instruments:
        if instrument.code == code:
            rule = instrument.modalities.get(modality)
            return rule.dual_criminality_article if rule is not None else ""
    return ""


def instruments() -> QuerySet[Instrument]:
    """All instruments, by code."""
    return Instrument.objects.order_by("kind", "code")


def instruments_with_party_counts() -> QuerySet[Instrument]:
    """All instruments, each with ``party_count``: participants bound or to be bound (not signatories)."""
    not_parties = [Participation.Kind.SIGNATURE, Participation.Kind.NOT_BOUND]
    return instruments().annotate(party_count=Count("participations", filter=~Q(participations__kind__in=not_parties)))


def get_instrument(code: str) -> Instrument | None:
    return Instrument.objects.filter(code=code).first()


PARTY_SORTS = {
    "name": ("jurisdiction__name_en",),
    "code": ("jurisdiction_id",),
    "kind": ("kind", "jurisdiction__name_en"),
    "signed": ("signed_on", "jurisdiction__name_en"),
    "deposited": ("deposited_on", "jurisdiction__name_en"),
    "in_force": ("in_force_on", "jurisdiction__name_en"),
}


def participations(
    instrument: Instrument, *, query: str = "", kind: str = "", sort: str = "name", descending: bool = False
) -> QuerySet[Participation]:
    """The participations of one instrument, filtered and sorted for its party table."""
    qs = instrument.participations.select_related("jurisdiction")
    if query:
        qs = (
            qs.filter(jurisdiction__name_en__icontains=query)
            | qs.filter(jurisdiction__code__iexact=query)
            | qs.filter(name_in_source__icontains=query)
        )
    if kind == "party":
        qs = qs.exclude(kind__in=[Participation.Kind.SIGNATURE, Participation.Kind.NOT_BOUND])
    elif kind:
        qs = qs.filter(kind=kind)
    order = PARTY_SORTS.get(sort, PARTY_SORTS["name"])
    if descending:
        order = tuple(f"-{o}" for o in order)
    return qs.order_by(*order)


def declarations_for(instrument: Instrument) -> QuerySet[Declaration]:
    """The declarations of an instrument's participants."""
    return Declaration.objects.filter(participation__instrument=instrument).order_by("participation_id", "pk")
