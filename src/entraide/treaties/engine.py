"""The legal-basis engine: which instruments bind two jurisdictions on a date, for a
modality and an offence, with articles, conditions, warnings and sources.

Pure: it resolves over an immutable :class:`Snapshot` (built from the database by
``selectors.build_snapshot``, or by hand in tests) and never touches the ORM, so one
resolution takes microseconds and can be tested without a database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.utils.translation import get_language, gettext

from .snapshot import (
    MODALITIES,
    NOT_BOUND,
    SIGNATURE,
    TIER,
    BilateralSnap,
    InstrumentSnap,
    ModalityRule,
    PartySnap,
    Scope,
    ScopeEntry,
    Snapshot,
    Supersession,
)

__all__ = [
    "MODALITIES",
    "TIER",
    "BilateralSnap",
    "InstrumentSnap",
    "ModalityRule",
    "Option",
    "PartySnap",
    "Query",
    "Resolution",
    "Scope",
    "ScopeEntry",
    "Snapshot",
    "Supersession",
    "fallback_text",
    "matrix",
    "party_entry_into_force",
    "resolve",
]

_TRANSLATED: dict[tuple[str | None, str], str] = {}
# The active language, read once per resolution (get_language() costs more than the rest of ``_``).
_LANGUAGE: ContextVar[str | None] = ContextVar("treaties_engine_language", default=None)


def _(message: str) -> str:
    """``gettext``, remembered per language: a resolution asks for the same few dozen texts."""
    key = (_LANGUAGE.get() or get_language(), message)
    try:
        return _TRANSLATED[key]
    except KeyError:
        _TRANSLATED[key] = value = gettext(message)
        return value


# --- entry into force -------------------------------------------------------------------


def party_entry_into_force(
    *,
    deposited_on: dt.date | None,
    instrument_in_force: dt.date | None,
    rule: str,
    value: int | None,
) -> dt.date | None:
    """The date an instrument enters into force for a party that deposited on ``deposited_on``.

    Rules are the instruments' own final clauses, as data: ``days-after-deposit`` (UNTOC
    art. 38(2): the 30th day after deposit), ``first-day-after-months`` (CETS 185 art. 36(4):
    the first day of the month after three months from deposit), ``on-deposit``. A deposit
    made before the instrument itself entered into force takes effect on that date, never
    earlier; an unknown rule or an unknown instrument date gives None.
    """
    if deposited_on is None or instrument_in_force is None:
        return None
    if rule == "days-after-deposit" and value is not None:
        date = deposited_on + dt.timedelta(days=value)
    elif rule == "first-day-after-months" and value is not None:
        months = deposited_on.month - 1 + value + 1
        date = dt.date(deposited_on.year + months // 12, months % 12 + 1, 1)
    elif rule == "on-deposit":
        date = deposited_on
    else:
        return None
    return max(date, instrument_in_force)


# --- the question and the answer --------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Query:
    """The question: codes are already resolved to alpha-3 (or "EU")."""

    requesting: str
    requested: str
    modality: str
    date: dt.date
    offence: str | None = None
    max_penalty_years: float | None = None
    transnational: bool | None = None
    organized_group: bool | None = None


@dataclass(slots=True)
class Option:
    """One candidate legal basis and why it does or does not apply."""

    code: str
    reference: str
    title: str
    kind: str
    articles: list[str]
    in_force_for_requesting: dt.date | None
    in_force_for_requested: dt.date | None
    applicable: bool
    conditions: list[str]
    warnings: list[str]
    reasons: list[str]
    sources: list[str]
    as_at: dt.date
    url: str
    parties_known: bool

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "reference": self.reference,
            "title": self.title,
            "kind": self.kind,
            "articles": list(self.articles),
            "in_force_for_requesting": _iso(self.in_force_for_requesting),
            "in_force_for_requested": _iso(self.in_force_for_requested),
            "applicable": self.applicable,
            "conditions": list(self.conditions),
            "warnings": list(self.warnings),
            "reasons": list(self.reasons),
            "sources": list(self.sources),
            "as_at": self.as_at.isoformat(),
            "parties_known": self.parties_known,
            "url": self.url,
        }


@dataclass(slots=True)
class Resolution:
    """The answer to a :class:`Query`."""

    query: Query
    options: list[Option]
    fallback: str
    data_as_at: dt.date | None

    @property
    def applicable(self) -> list[Option]:
        return [o for o in self.options if o.applicable]

    def as_dict(self) -> dict[str, Any]:
        """The JSON of the contract in DESIGN.md (plus a few more keys)."""
        q = self.query
        return {
            "requesting": q.requesting,
            "requested": q.requested,
            "modality": q.modality,
            "date": q.date.isoformat(),
            "data_as_at": _iso(self.data_as_at),
            "offence": q.offence,
            "max_penalty_years": q.max_penalty_years,
            "transnational": q.transnational,
            "organized_group": q.organized_group,
            "options": [o.as_dict() for o in self.options],
            "fallback": self.fallback,
        }


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _fmt(value: dt.date) -> str:
    return value.isoformat()


# --- resolution -------------------------------------------------------------------------


def _bound(
    party: PartySnap | None, instrument: InstrumentSnap, who: str, date: dt.date
) -> tuple[bool | None, list[str], list[str], list[str]]:
    """Is ``party`` bound on ``date``? Returns (bound, reasons, warnings, conditions)."""
    if party is None:
        if not instrument.parties_known:
            return None, [], [], []
        if not instrument.parties_complete:
            return (
                None,
                [
                    _("%(who)s is not among the recorded participants, and the recorded list is incomplete.")
                    % {"who": who}
                ],
                [],
                [],
            )
        reason = _("%(who)s is not a party (status as at %(as_at)s).") % {"who": who, "as_at": _fmt(instrument.as_at)}
        warnings = []
        if date > instrument.as_at:
            warnings.append(
                _(
                    "The status of %(who)s is as at %(as_at)s, before %(date)s: check the depositary "
                    "for a later ratification or accession."
                )
                % {"who": who, "as_at": _fmt(instrument.as_at), "date": _fmt(date)}
            )
        return False, [reason], warnings, []
    if party.kind == NOT_BOUND:
        return False, [party.note or _("%(who)s is not bound.") % {"who": who}], [], []
    if party.kind == SIGNATURE:
        signed = _fmt(party.signed_on) if party.signed_on else _("an unknown date")
        warning = _(
            "%(who)s is a signatory only (signed on %(signed)s, no ratification as at %(as_at)s): "
            "a signature does not bind it to cooperate under this instrument."
        ) % {"who": who, "signed": signed, "as_at": _fmt(instrument.as_at)}
        warnings = [warning]
        if date > instrument.as_at:
            warnings.append(
                _(
                    "The status of %(who)s is as at %(as_at)s, before %(date)s: check the depositary "
                    "for a later ratification or accession."
                )
                % {"who": who, "as_at": _fmt(instrument.as_at), "date": _fmt(date)}
            )
        return False, [_("%(who)s has signed but not ratified.") % {"who": who}], warnings, []
    if party.ceases_on is not None and date >= party.ceases_on:
        reason = _("%(who)s is no longer bound since %(date)s.") % {"who": who, "date": _fmt(party.ceases_on)}
        return False, [reason], [], []
    if party.in_force_on is not None:
        if date >= party.in_force_on:
            return True, [], [], []
        warning = _("Not yet in force for %(who)s on %(date)s: it enters into force for it on %(eif)s.") % {
            "who": who,
            "date": _fmt(date),
            "eif": _fmt(party.in_force_on),
        }
        reason = _("Not in force for %(who)s on %(date)s.") % {"who": who, "date": _fmt(date)}
        return False, [reason], [warning], []
    if party.party_as_at is not None:
        condition = _("Date of entry into force for %(who)s not recorded; the source shows it bound on %(as_at)s.") % {
            "who": who,
            "as_at": _fmt(party.party_as_at),
        }
        if date >= party.party_as_at:
            return True, [], [], [condition]
        warning = _("Whether %(who)s was bound on %(date)s is unknown: the source shows it bound on %(as_at)s.") % {
            "who": who,
            "date": _fmt(date),
            "as_at": _fmt(party.party_as_at),
        }
        return None, [warning], [warning], []
    deposited = _fmt(party.deposited_on) if party.deposited_on else _("an unknown date")
    warning = _(
        "%(who)s deposited its instrument on %(deposited)s; the date of entry into force for it is unknown."
    ) % {"who": who, "deposited": deposited}
    return None, [warning], [warning], []


def _scope(scope: Scope, query: Query) -> tuple[bool, list[str], list[str], list[str]]:
    """Does the offence fall within the scope? Returns (in scope, articles, conditions, reasons)."""
    conditions: list[str] = [scope.condition] if scope.condition else []
    articles: list[str] = []
    if scope.kind == "any":
        in_scope = True
    else:
        in_scope = False
        reasons: list[str] = []
        offence = query.offence
        broader: list[ScopeEntry] = []
        if offence:
            for entry in scope.entries:
                if offence.startswith(entry.iccs):
                    in_scope = True
                    if entry.articles:
                        articles.append(entry.articles)
                    if entry.condition:
                        conditions.append(entry.condition)
                    break
                if entry.iccs.startswith(offence):
                    broader.append(entry)
        if (
            not in_scope
            and scope.serious_min_years is not None
            and query.max_penalty_years is not None
            and query.max_penalty_years >= scope.serious_min_years
        ):
            in_scope = True
            conditions.append(
                _("Serious crime: punishable by at least %(years)s years (art. %(article)s).")
                % {"years": f"{scope.serious_min_years:g}", "article": scope.serious_article}
            )
        if not in_scope:
            if not offence:
                reasons.append(
                    _("No offence given; this instrument covers only: %(scope)s.") % {"scope": scope.description}
                )
            elif broader:
                reasons.append(
                    _(
                        "Offence class %(offence)s is broader than this instrument's scope; it applies only to "
                        "%(codes)s."
                    )
                    % {"offence": offence, "codes": ", ".join(e.iccs for e in broader)}
                )
            else:
                reasons.append(
                    _("Offence %(offence)s is outside this instrument's scope (%(scope)s).")
                    % {"offence": offence, "scope": scope.description}
                )
            if scope.serious_min_years is not None:
                if query.max_penalty_years is None:
                    reasons.append(
                        _("It also covers serious crime (at least %(years)s years), but no maximum penalty was given.")
                        % {"years": f"{scope.serious_min_years:g}"}
                    )
                else:
                    reasons.append(
                        _(
                            "The maximum penalty of %(penalty)s years is below the %(years)s years of serious "
                            "crime (art. %(article)s)."
                        )
                        % {
                            "penalty": f"{query.max_penalty_years:g}",
                            "years": f"{scope.serious_min_years:g}",
                            "article": scope.serious_article,
                        }
                    )
            return False, articles, conditions, reasons
    if scope.requires_transnational_ocg:
        if query.transnational and query.organized_group:
            conditions.append(
                _("Stated: the offence is transnational and involves an organized criminal group (art. %(article)s).")
                % {"article": scope.transnational_article}
            )
        else:
            missing = []
            if not query.transnational:
                missing.append(_("transnational"))
            if not query.organized_group:
                missing.append(_("involving an organized criminal group"))
            return (
                False,
                articles,
                conditions,
                [
                    _(
                        "Applies only where the offence is transnational and involves an organized criminal group "
                        "(art. %(article)s); not stated: %(missing)s."
                    )
                    % {"article": scope.transnational_article, "missing": ", ".join(missing)}
                ],
            )
    return True, articles, conditions, []


def _option_for_instrument(
    instrument: InstrumentSnap, rule: ModalityRule, query: Query, language: str
) -> tuple[Option, bool, bool] | None:
    req = instrument.parties.get(query.requesting)
    rqd = instrument.parties.get(query.requested)
    if req is None and rqd is None and instrument.parties_known:
        return None  # neither side is a recorded participant: not a candidate
    bound_req, reasons_req, warnings_req, cond_req = _bound(req, instrument, query.requesting, query.date)
    bound_rqd, reasons_rqd, warnings_rqd, cond_rqd = _bound(rqd, instrument, query.requested, query.date)
    in_scope, scope_articles, scope_conditions, scope_reasons = _scope(instrument.scope, query)

    reasons = reasons_req + reasons_rqd + scope_reasons
    warnings = list(rule.warnings) + warnings_req + warnings_rqd
    conditions = list(rule.conditions) + scope_conditions + cond_req + cond_rqd
    if not instrument.parties_known:
        warnings.insert(
            0,
            _(
                "Parties unknown: no sourced list of the parties to this instrument is recorded "
                "here (%(note)s). Check with the depositary."
            )
            % {"note": instrument.parties_note},
        )
        reasons.insert(0, _("Parties unknown."))
    elif not instrument.parties_complete and instrument.parties_note:
        conditions.append(instrument.parties_note)
    if rule.dual_criminality_article:
        warnings.append(
            _("Dual criminality may be required, in particular for coercive measures (art. %(article)s).")
            % {"article": rule.dual_criminality_article}
        )
    if rule.non_coercive_without_dual_criminality_article:
        warnings.append(
            _(
                "Assistance not involving coercive action must be rendered even without dual "
                "criminality, where consistent with the basic concepts of the requested State's "
                "legal system (art. %(article)s)."
            )
            % {"article": rule.non_coercive_without_dual_criminality_article}
        )
    if rule.treaty_basis_article and query.modality == "extradition":
        if rqd is not None and rqd.extradition_requires_treaty and rqd.accepts_as_extradition_basis is False:
            warnings.append(
                _(
                    "%(who)s makes extradition conditional on the existence of a treaty and has not accepted this "
                    "instrument as the legal basis for extradition (art. %(article)s)."
                )
                % {"who": query.requested, "article": rule.treaty_basis_article}
            )
        elif rqd is None or rqd.accepts_as_extradition_basis is None:
            conditions.append(
                _(
                    "If %(who)s makes extradition conditional on a treaty, check that it has accepted this "
                    "instrument as the legal basis (art. %(article)s); no notification is recorded here."
                )
                % {"who": query.requested, "article": rule.treaty_basis_article}
            )
    applicable = bound_req is True and bound_rqd is True and in_scope
    articles = list(rule.articles)
    for extra in scope_articles:
        if extra not in articles:
            articles.append(extra)
    option = Option(
        code=instrument.code,
        reference=instrument.reference,
        title=instrument.title(language),
        kind=instrument.kind,
        articles=articles,
        in_force_for_requesting=req.in_force_on if req is not None else None,
        in_force_for_requested=rqd.in_force_on if rqd is not None else None,
        applicable=applicable,
        conditions=conditions,
        warnings=warnings,
        reasons=[] if applicable else reasons,
        sources=list(instrument.sources),
        as_at=instrument.as_at,
        url=instrument.url,
        parties_known=instrument.parties_known,
    )
    return option, bound_req is True and bound_rqd is True, in_scope


def _option_for_bilateral(treaty: BilateralSnap, query: Query) -> Option:
    in_force = treaty.in_force_on is not None and query.date >= treaty.in_force_on
    terminated = treaty.terminated_on is not None and query.date >= treaty.terminated_on
    reasons: list[str] = []
    warnings: list[str] = []
    if treaty.in_force_on is None:
        reasons.append(_("Date of entry into force unknown."))
    elif not in_force:
        reasons.append(_("Not in force on %(date)s.") % {"date": _fmt(query.date)})
        warnings.append(_("Enters into force on %(eif)s.") % {"eif": _fmt(treaty.in_force_on)})
    if terminated and treaty.terminated_on is not None:
        reasons.append(_("Terminated on %(date)s.") % {"date": _fmt(treaty.terminated_on)})
    applicable = in_force and not terminated
    return Option(
        code=treaty.code,
        reference=treaty.reference,
        title=treaty.title,
        kind="bilateral",
        articles=list(treaty.articles),
        in_force_for_requesting=treaty.in_force_on,
        in_force_for_requested=treaty.in_force_on,
        applicable=applicable,
        conditions=[],
        warnings=warnings,
        reasons=reasons,
        sources=list(treaty.sources),
        as_at=treaty.as_at,
        url=treaty.url,
        parties_known=True,
    )


def fallback_text(modality: str, any_applicable: bool) -> str:
    """What remains when no treaty applies (or for what the treaties do not cover)."""
    if modality == "extradition":
        rest = _(
            "extradition on the basis of reciprocity or of the requested State's domestic extradition "
            "law, through diplomatic channels"
        )
    else:
        rest = _(
            "reciprocity (with an assurance of reciprocity in the request), the requested State's domestic "
            "law on mutual assistance, or letters rogatory through diplomatic channels (comity)"
        )
    if any_applicable:
        return _("For anything the options above do not cover: %(rest)s.") % {"rest": rest}
    return _("No instrument recorded here applies to this request on that date. Fallback: %(rest)s.") % {"rest": rest}


def resolve(snapshot: Snapshot, query: Query, *, language: str = "en") -> Resolution:
    """Answer ``query`` over ``snapshot``: every candidate instrument, ordered, with the fallback.

    Texts are in the active language (Django's); ``language`` picks the instruments' titles.
    """
    token = _LANGUAGE.set(get_language())
    try:
        return _resolve(snapshot, query, language)
    finally:
        _LANGUAGE.reset(token)


def _resolve(snapshot: Snapshot, query: Query, language: str) -> Resolution:
    if query.modality not in MODALITIES:
        raise ValueError(f"unknown modality {query.modality!r}")
    options: list[Option] = []
    both_bound: dict[str, bool] = {}
    for treaty in snapshot.bilateral_index.get((frozenset((query.requesting, query.requested)), query.modality), ()):
        options.append(_option_for_bilateral(treaty, query))
    for instrument in snapshot.by_modality.get(query.modality, ()):
        result = _option_for_instrument(instrument, instrument.modalities[query.modality], query, language)
        if result is None:
            continue
        option, bound, _in_scope = result
        both_bound[instrument.code] = bound
        options.append(option)
    # An instrument that binds both sides may replace others between them (EIO, EAW).
    for instrument in snapshot.by_modality.get(query.modality, ()):
        if not both_bound.get(instrument.code):
            continue
        for rule in instrument.supersedes:
            if rule.modality != query.modality:
                continue
            for option in options:
                if option.code == instrument.code or (option.kind == "bilateral" and "*" not in rule.instruments):
                    continue
                if "*" in rule.instruments or option.code in rule.instruments:
                    option.warnings.append(
                        _("Between these States %(code)s replaces this instrument (art. %(article)s): %(note)s")
                        % {"code": instrument.code, "article": rule.article, "note": rule.note}
                    )
    options.sort(key=lambda o: (not o.applicable, TIER.get(o.kind, 3), not o.parties_known, o.code))
    any_applicable = any(o.applicable for o in options)
    dates = [o.as_at for o in options]
    return Resolution(
        query=query,
        options=options,
        fallback=fallback_text(query.modality, any_applicable),
        data_as_at=min(dates) if dates else None,
    )


# --- the matrix -------------------------------------------------------------------------


def matrix(
    snapshot: Snapshot, modality: str, date: dt.date, jurisdictions: tuple[str, ...] | None = None
) -> Iterator[tuple[str, str, tuple[str, ...]]]:
    """For every ordered pair, the instruments (and bilateral treaties) binding both on ``date``.

    The offence scope is not checked here (there is no offence); each pair's result is the
    same set of instruments :func:`resolve` finds bound on both sides. Uses one bit mask per
    jurisdiction, so all pairs of all jurisdictions take a fraction of a second.
    """
    codes = jurisdictions if jurisdictions is not None else snapshot.jurisdictions
    instruments = snapshot.by_modality.get(modality, ())
    masks: dict[str, int] = dict.fromkeys(codes, 0)
    for bit, instrument in enumerate(instruments):
        flag = 1 << bit
        for code, party in instrument.parties.items():
            if code in masks and _bound(party, instrument, code, date)[0] is True:
                masks[code] |= flag
    names: dict[int, tuple[str, ...]] = {}
    bilateral = {
        key[0]: tuple(t.code for t in treaties if _option_for_bilateral(t, Query("", "", modality, date)).applicable)
        for key, treaties in snapshot.bilateral_index.items()
        if key[1] == modality
    }
    for a in codes:
        mask_a = masks[a]
        for b in codes:
            if a == b:
                continue
            both = mask_a & masks[b]
            found = names.get(both)
            if found is None:
                found = tuple(instruments[i].code for i in range(len(instruments)) if both >> i & 1)
                names[both] = found
            if bilateral:
                extra = bilateral.get(frozenset((a, b)))
                if extra:
                    found = extra + found
            yield a, b, found
