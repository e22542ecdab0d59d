"""The legal-basis engine: which instruments bind two jurisdictions on a date, for a
modality and an offence, with articles, conditions, warnings and sources.

Pure: it resolves over an immutable :class:`Snapshot` (built from the database by
``selectors.build_snapshot``, or by hand in tests) and never touches the ORM, so one
resolution takes microseconds and can be tested without a database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.utils.translation import get_language, ngettext, pgettext

from .said import Said, messages, said, said_date
from .snapshot import (
    MODALITIES,
    NOT_BOUND,
    SIGNATURE,
    SUCCESSION,
    TERRITORY_EXCLUDED,
    TERRITORY_EXTENDED,
    TERRITORY_UNKNOWN,
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
    "IF",
    "MODALITIES",
    "NO",
    "NOT_BOUND",
    "SIGNATURE",
    "TERRITORY_EXCLUDED",
    "TERRITORY_EXTENDED",
    "TERRITORY_UNKNOWN",
    "TIER",
    "YES",
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
    "verdict_text",
]

_TRANSLATED: dict[tuple[str | None, str], Said] = {}
# The active language, read once per resolution (get_language() costs more than the rest of ``_``).
_LANGUAGE: ContextVar[str | None] = ContextVar("treaties_engine_language", default=None)


def _(message: str) -> Said:
    """``gettext``, remembered per language: a resolution asks for the same few dozen texts. The
    text remembers its message, so what the engine says can be said again in another language."""
    key = (_LANGUAGE.get() or get_language(), message)
    try:
        return _TRANSLATED[key]
    except KeyError:
        _TRANSLATED[key] = value = said(message)
        return value


def _data(text: str) -> str:
    """A text from the shipped data (a condition, a scope), in the active language where translated."""
    return _(text) if text else text


# The three answers an option can give, in the order they are shown.
YES = "yes"
IF = "if"
NO = "no"
_RANK = {YES: 0, IF: 1, NO: 2}


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
    """The question: codes are already resolved to alpha-3 (or "EU").

    ``transnational`` and ``organized_group``: True (yes), False (no) or None (not known).
    """

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
    applicability: str  # YES, IF or NO
    requirements: list[str]  # what must hold, for IF
    conditions: list[str]
    warnings: list[str]
    reasons: list[str]
    sources: list[str]
    as_at: dt.date | None
    url: str
    parties_known: bool
    short_title: str = ""
    title_language: str = "en"  # the language of ``title``: English where no official one is recorded

    @property
    def applicable(self) -> bool:
        """True only for YES: an option that applies *if* something holds is not (yet) applicable."""
        return self.applicability == YES

    @property
    def name(self) -> str:
        return self.short_title or self.code

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "reference": self.reference,
            "title": self.title,
            "short_title": self.name,
            "title_language": self.title_language,
            "kind": self.kind,
            "articles": list(self.articles),
            "in_force_for_requesting": _iso(self.in_force_for_requesting),
            "in_force_for_requested": _iso(self.in_force_for_requested),
            "applicability": self.applicability,
            "applicable": self.applicable,
            "requirements": list(self.requirements),
            "conditions": list(self.conditions),
            "warnings": list(self.warnings),
            "reasons": list(self.reasons),
            # The same sentences as codes with their parameters, to say them again in another language.
            "messages": {
                "requirements": messages(self.requirements),
                "conditions": messages(self.conditions),
                "warnings": messages(self.warnings),
                "reasons": messages(self.reasons),
            },
            "sources": list(self.sources),
            "as_at": _iso(self.as_at),
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
    verdict: str = ""

    @property
    def applicable(self) -> list[Option]:
        return [o for o in self.options if o.applicable]

    @property
    def conditional(self) -> list[Option]:
        return [o for o in self.options if o.applicability == IF]

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
            "verdict": self.verdict,
            "options": [o.as_dict() for o in self.options],
            "fallback": self.fallback,
            "fallback_message": messages([self.fallback])[0]["message"],
        }


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _fmt(value: dt.date) -> str:
    """A date in a sentence: ISO in the JSON's text, the reader's format when shown (``said.render``)."""
    return said_date(value)


# --- resolution -------------------------------------------------------------------------


@dataclass(slots=True)
class _Finding:
    """One part of the answer (a party's status, the offence's scope): yes, if or no, and why."""

    status: str = YES
    reasons: list[str] = field(default_factory=list)  # why not (NO)
    requirements: list[str] = field(default_factory=list)  # what must hold (IF)
    warnings: list[str] = field(default_factory=list)
    conditions: list[str] = field(default_factory=list)  # what comes with it (YES)
    articles: list[str] = field(default_factory=list)

    def refuse(self, reason: str) -> _Finding:
        self.status = NO
        self.reasons.append(reason)
        return self

    def require(self, requirement: str) -> _Finding:
        if self.status == YES:
            self.status = IF
        self.requirements.append(requirement)
        return self


def _combine(findings: list[_Finding]) -> str:
    return max((f.status for f in findings), key=_RANK.__getitem__, default=YES)


def _status_date(instrument: InstrumentSnap) -> str:
    return _fmt(instrument.as_at) if instrument.as_at is not None else _("an unknown date")


def _stale(who: str, instrument: InstrumentSnap, date: dt.date) -> list[str]:
    if instrument.as_at is None:
        return [
            _("The status of %(who)s is of an unknown date: check the depositary.") % {"who": who},
        ]
    if date <= instrument.as_at:
        return []
    return [
        _(
            "The status of %(who)s is as at %(as_at)s, before %(date)s: check the depositary "
            "for a later ratification or accession."
        )
        % {"who": who, "as_at": _fmt(instrument.as_at), "date": _fmt(date)}
    ]


def _bound(party: PartySnap | None, instrument: InstrumentSnap, who: str, date: dt.date) -> _Finding:
    """Is ``party`` bound on ``date``? YES, IF (what is not recorded) or NO (why not)."""
    found = _Finding()
    if party is None:
        if not instrument.parties_known:
            found.status = NO  # the caller says "parties unknown"
            return found
        if not instrument.parties_complete:
            return found.require(
                _("%(who)s is a party (it is not among the recorded participants, and the recorded list is incomplete)")
                % {"who": who}
            )
        found.warnings += _stale(who, instrument, date)
        return found.refuse(
            _("%(who)s is not a party (status as at %(as_at)s).") % {"who": who, "as_at": _status_date(instrument)}
        )
    if party.kind == TERRITORY_EXCLUDED:
        return found.refuse(
            _("%(parent)s declared that it does not apply to %(who)s.") % {"parent": party.territory_of, "who": who}
        )
    if party.kind == NOT_BOUND:
        return found.refuse(_data(party.note) or _("%(who)s is not bound.") % {"who": who})
    if party.kind == SIGNATURE:
        signed = _fmt(party.signed_on) if party.signed_on else _("an unknown date")
        found.warnings.append(
            _(
                "%(who)s is a signatory only (signed on %(signed)s, no ratification as at %(as_at)s): "
                "a signature does not bind it to cooperate under this instrument."
            )
            % {"who": who, "signed": signed, "as_at": _status_date(instrument)}
        )
        found.warnings += _stale(who, instrument, date)
        return found.refuse(_("%(who)s has signed but not ratified.") % {"who": who})
    if party.kind == TERRITORY_UNKNOWN and (party.in_force_on is None or date >= party.in_force_on):
        return found.require(
            _(
                "%(parent)s has extended it to %(who)s (no declaration on %(who)s is recorded here: "
                "see the depositary's notes on %(parent)s)"
            )
            % {"parent": party.territory_of, "who": who}
        )
    if party.ceases_on is not None and date >= party.ceases_on:
        return found.refuse(
            _("%(who)s is no longer bound since %(date)s.") % {"who": who, "date": _fmt(party.ceases_on)}
        )
    if party.in_force_on is not None:
        if date < party.in_force_on:
            found.warnings.append(
                _("Not yet in force for %(who)s on %(date)s: it enters into force for it on %(eif)s.")
                % {"who": who, "date": _fmt(date), "eif": _fmt(party.in_force_on)}
            )
            return found.refuse(_("Not in force for %(who)s on %(date)s.") % {"who": who, "date": _fmt(date)})
        if party.kind == TERRITORY_EXTENDED:
            found.conditions.append(
                _("Applies to %(who)s by a declaration of %(parent)s.") % {"who": who, "parent": party.territory_of}
            )
        return found
    if party.party_as_at is not None:
        if date >= party.party_as_at:
            found.conditions.append(
                _("Date of entry into force for %(who)s not recorded; the source shows it bound on %(as_at)s.")
                % {"who": who, "as_at": _fmt(party.party_as_at)}
            )
            return found
        return found.require(
            _("%(who)s was already bound on %(date)s (the source shows it bound on %(as_at)s)")
            % {"who": who, "date": _fmt(date), "as_at": _fmt(party.party_as_at)}
        )
    deposited = _fmt(party.deposited_on) if party.deposited_on else _("an unknown date")
    if party.kind == SUCCESSION:
        return found.require(
            _(
                "%(who)s was bound on %(date)s (it notified its succession on %(deposited)s; the date of "
                "succession, from which a successor State is bound, is not recorded)"
            )
            % {"who": who, "date": _fmt(date), "deposited": deposited}
        )
    return found.require(
        _("it was in force for %(who)s on %(date)s (deposited on %(deposited)s; date of entry into force not recorded)")
        % {"who": who, "date": _fmt(date), "deposited": deposited}
    )


def _covers(entry: ScopeEntry) -> str:
    """What one offence entry covers, with what must hold for it ("0101, if the victim is ...")."""
    what = _data(entry.covers) or f"ICCS {entry.iccs} (art. {entry.articles})"
    if entry.requires:
        return _("%(what)s, if %(condition)s") % {"what": what, "condition": _data(entry.requires)}
    return what


def _serious_crime(scope: Scope) -> str:
    return _("Serious crime: punishable by at least %(years)s years (art. %(article)s).") % {
        "years": f"{scope.serious_min_years:g}",
        "article": scope.serious_article,
    }


def _scope(scope: Scope, query: Query) -> _Finding:
    """Does the offence fall within the scope: yes, if (what must hold) or no (why not)."""
    found = _Finding()
    if scope.condition:
        found.conditions.append(_data(scope.condition))
    if scope.kind == "any":
        return _transnational(scope, query, found)
    offence = query.offence
    match: ScopeEntry | None = None
    narrower: list[ScopeEntry] = []
    if offence:
        for entry in scope.entries:
            if offence.startswith(entry.iccs):
                match = entry
                break
            if entry.iccs.startswith(offence):
                narrower.append(entry)
    serious = scope.serious_min_years is not None
    penalty = query.max_penalty_years
    serious_by_penalty = serious and penalty is not None and penalty >= (scope.serious_min_years or 0)
    serious_text = (
        _("the offence is punishable by a maximum of at least %(years)s years (art. %(article)s)")
        % {"years": f"{scope.serious_min_years:g}", "article": scope.serious_article}
        if serious
        else ""
    )
    if match is not None:
        if match.articles:
            found.articles.append(match.articles)
        if match.condition:
            found.conditions.append(_data(match.condition))
        if match.requires and serious_by_penalty:
            found.conditions.append(_serious_crime(scope))
        elif match.requires:
            found.require(_data(match.requires) + (_(", or ") + serious_text if serious and penalty is None else ""))
    elif serious_by_penalty:
        found.conditions.append(_serious_crime(scope))
    elif narrower or not offence:
        # A wider class than the instrument's offences (0601 "drug offences" for the 1988
        # Convention), or no offence at all: it applies if the conduct is one of them.
        what = "; ".join(_covers(e) for e in narrower) if narrower else _data(scope.description)
        requirement = _("the conduct is one of: %(what)s") % {"what": what}
        if serious and penalty is None:
            requirement += _(", or ") + serious_text
        found.require(requirement)
        found.articles += [e.articles for e in narrower if e.articles]
    elif serious and penalty is None:
        found.require(serious_text)
    else:
        found.refuse(
            _("Offence %(offence)s is outside this instrument's scope (%(scope)s).")
            % {"offence": offence, "scope": _data(scope.description)}
        )
        if serious and penalty is not None:
            found.reasons.append(
                _(
                    "The maximum penalty of %(penalty)s years is below the %(years)s years of serious "
                    "crime (art. %(article)s)."
                )
                % {
                    "penalty": f"{penalty:g}",
                    "years": f"{scope.serious_min_years:g}",
                    "article": scope.serious_article,
                }
            )
        return found
    return _transnational(scope, query, found)


def _transnational(scope: Scope, query: Query, found: _Finding) -> _Finding:
    """UNTOC and its Protocols: transnational and involving an organized criminal group, by modality.

    Mutual legal assistance needs only reasonable grounds to suspect both, including that victims,
    witnesses, proceeds, instrumentalities or evidence are in the requested State (art. 18(1));
    extradition needs no transnationality where the offence involves an organized criminal group
    and the person sought is in the requested State (art. 16(1)); the rest follows art. 3(1).
    """
    if not scope.requires_transnational_ocg:
        return found
    transnational, group = query.transnational, query.organized_group
    if transnational is True and group is True:
        found.conditions.append(
            _("Stated: the offence is transnational and involves an organized criminal group (art. %(article)s).")
            % {"article": scope.transnational_article}
        )
        return found
    if query.modality == "mla" and scope.mla_article:
        if transnational is False or group is False:
            return found.refuse(
                _(
                    "Stated that the offence is not transnational or involves no organized criminal group: "
                    "art. %(article)s needs reasonable grounds to suspect both."
                )
                % {"article": scope.mla_article}
            )
        return found.require(
            _(
                "there are reasonable grounds to suspect that the offence is transnational and involves an "
                "organized criminal group, including that victims, witnesses, proceeds, instrumentalities or "
                "evidence are located in the requested State (art. %(article)s)"
            )
            % {"article": scope.mla_article}
        )
    if query.modality == "extradition" and scope.extradition_article:
        if group is False:
            return found.refuse(
                _("Stated that no organized criminal group is involved (art. %(article)s).")
                % {"article": scope.extradition_article}
            )
        if group is True:
            return found.require(
                _("the person sought is located in the requested State (art. %(article)s)")
                % {"article": scope.extradition_article}
            )
        if transnational is False:
            return found.require(
                _(
                    "the offence involves an organized criminal group and the person sought is located in the "
                    "requested State (art. %(article)s)"
                )
                % {"article": scope.extradition_article}
            )
        return found.require(
            _(
                "the offence involves an organized criminal group and is transnational, or the person sought "
                "is located in the requested State (art. %(article)s)"
            )
            % {"article": scope.extradition_article}
        )
    if transnational is False or group is False:
        return found.refuse(
            _(
                "Applies only where the offence is transnational and involves an organized criminal group "
                "(art. %(article)s); stated otherwise."
            )
            % {"article": scope.transnational_article}
        )
    return found.require(
        _("the offence is transnational and involves an organized criminal group (art. %(article)s)")
        % {"article": scope.transnational_article}
    )


def _extradition_basis(party: PartySnap | None, rule: ModalityRule, query: Query) -> _Finding:
    """The requested State's notifications on this instrument as a basis for extradition."""
    found = _Finding()
    if not rule.treaty_basis_article or query.modality != "extradition":
        return found
    who, article = query.requested, rule.treaty_basis_article
    if party is not None and party.accepts_as_extradition_basis is False:
        return found.refuse(
            _(
                "%(who)s has declared that it does not take this instrument as the legal basis for "
                "extradition (art. %(article)s)."
            )
            % {"who": who, "article": article}
        )
    if party is not None and party.extradition_basis_condition:
        return found.require(_data(party.extradition_basis_condition))
    if party is None or party.accepts_as_extradition_basis is None:
        found.conditions.append(
            _(
                "If %(who)s makes extradition conditional on a treaty, check that it has accepted this "
                "instrument as the legal basis (art. %(article)s); no notification is recorded here."
            )
            % {"who": who, "article": article}
        )
    return found


def _option_for_instrument(
    instrument: InstrumentSnap, rule: ModalityRule, query: Query, language: str, organizations: frozenset[str]
) -> tuple[Option, bool] | None:
    req = instrument.parties.get(query.requesting)
    rqd = instrument.parties.get(query.requested)
    if req is None and rqd is None and instrument.parties_known:
        return None  # neither side is a recorded participant: not a candidate
    findings = [
        _bound(req, instrument, query.requesting, query.date),
        _bound(rqd, instrument, query.requested, query.date),
    ]
    both_bound = all(f.status == YES for f in findings)
    for code in (query.requesting, query.requested):
        if code in organizations:
            findings.append(
                _Finding().refuse(
                    _(
                        "%(who)s is a party only within its competence (UNTOC art. 2(j) and 36, UNCAC art. 67): "
                        "it neither requests nor grants this kind of cooperation; its member States do."
                    )
                    % {"who": code}
                )
            )
    if rule.not_a_basis:
        findings.append(_Finding().refuse(_data(rule.not_a_basis)))
    findings.append(_scope(instrument.scope, query))
    findings.append(_extradition_basis(rqd, rule, query))
    status = _combine(findings)
    warnings = [_data(w) for w in rule.warnings]
    conditions = [_data(c) for c in rule.conditions]
    reasons: list[str] = []
    if not instrument.parties_known:
        warnings.append(
            _(
                "Parties unknown: no sourced list of the parties to this instrument is recorded "
                "here (%(note)s). Check with the depositary."
            )
            % {"note": _data(instrument.parties_note)}
        )
        reasons.append(_("Parties unknown."))
        status = NO
    elif not instrument.parties_complete and instrument.parties_note:
        conditions.append(_data(instrument.parties_note))
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
    articles = list(rule.articles)
    requirements: list[str] = []
    for finding in findings:
        reasons += finding.reasons
        warnings += finding.warnings
        conditions += finding.conditions
        requirements += [r for r in finding.requirements if r not in requirements]
        articles += [a for a in finding.articles if a not in articles]
    option = Option(
        code=instrument.code,
        reference=instrument.reference,
        title=instrument.title(language),
        kind=instrument.kind,
        articles=articles,
        in_force_for_requesting=req.in_force_on if req is not None else None,
        in_force_for_requested=rqd.in_force_on if rqd is not None else None,
        applicability=status,
        requirements=requirements if status == IF else [],
        conditions=conditions,
        warnings=warnings,
        reasons=reasons if status == NO else [],
        sources=list(instrument.sources),
        as_at=instrument.as_at,
        url=instrument.url,
        parties_known=instrument.parties_known,
        short_title=_data(instrument.short_title),
        title_language=language if instrument.titles.get(language) else "en",
    )
    return option, both_bound


def _option_for_bilateral(treaty: BilateralSnap, query: Query) -> Option:
    in_force = treaty.in_force_on is not None and query.date >= treaty.in_force_on
    terminated = treaty.terminated_on is not None and query.date >= treaty.terminated_on
    reasons: list[str] = []
    warnings: list[str] = []
    requirements: list[str] = []
    if treaty.in_force_on is None:
        requirements.append(_("it is in force (its date of entry into force is not recorded)"))
    elif not in_force:
        reasons.append(_("Not in force on %(date)s.") % {"date": _fmt(query.date)})
        warnings.append(_("Enters into force on %(eif)s.") % {"eif": _fmt(treaty.in_force_on)})
    if terminated and treaty.terminated_on is not None:
        reasons.append(_("Terminated on %(date)s.") % {"date": _fmt(treaty.terminated_on)})
    if reasons:
        status = NO
    elif requirements:
        status = IF
    else:
        status = YES
    return Option(
        code=treaty.code,
        reference=treaty.reference,
        title=treaty.title,
        kind="bilateral",
        articles=list(treaty.articles),
        in_force_for_requesting=treaty.in_force_on,
        in_force_for_requested=treaty.in_force_on,
        applicability=status,
        requirements=requirements if status == IF else [],
        conditions=[],
        warnings=warnings,
        reasons=reasons,
        sources=list(treaty.sources),
        as_at=treaty.as_at,
        url=treaty.url,
        parties_known=True,
    )


def fallback_text(modality: str, any_applicable: bool, any_conditional: bool = False) -> str:
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
    if any_conditional:
        return _("Where no condition above holds: %(rest)s.") % {"rest": rest}
    return _("No instrument recorded here applies to this request on that date. Fallback: %(rest)s.") % {"rest": rest}


class _Verdictable(Protocol):
    applicability: str
    parties_known: bool
    requirements: list[str]

    @property
    def name(self) -> str: ...


def verdict_text(options: Sequence[_Verdictable]) -> str:
    """The answer's first line, counting the options: what applies, what applies if, how many do not.

    "UNTOC applies; the 1988 Convention applies if the conduct is ...; 12 others do not apply."
    Never "nothing applies" while an option applies if something holds.
    """
    yes = [o for o in options if o.applicability == YES]
    conditional = [o for o in options if o.applicability == IF]
    no = [o for o in options if o.applicability == NO]
    unchecked = [o for o in no if not o.parties_known]
    refused = len(no) - len(unchecked)
    separator = pgettext("verdict", "; ")
    parts: list[str] = []
    if yes:
        names = pgettext("verdict", ", ").join(o.name for o in yes)
        parts.append(ngettext("%(names)s applies", "%(names)s apply", len(yes)) % {"names": names})
    for o in conditional:
        parts.append(
            _("%(name)s applies if %(requirements)s")
            % {"name": o.name, "requirements": pgettext("verdict", " and ").join(o.requirements)}
        )
    if refused:
        if parts:
            parts.append(
                ngettext("%(count)s other does not apply", "%(count)s others do not apply", refused)
                % {"count": refused}
            )
        else:
            parts.append(
                ngettext(
                    "no instrument recorded here applies (%(count)s checked)",
                    "no instrument recorded here applies (%(count)s checked)",
                    refused,
                )
                % {"count": refused}
            )
    elif not parts:
        parts.append(_("no instrument recorded here applies"))
    if unchecked:
        parts.append(
            ngettext(
                "%(count)s could not be checked (no party list recorded)",
                "%(count)s could not be checked (no party list recorded)",
                len(unchecked),
            )
            % {"count": len(unchecked)}
        )
    text = separator.join(parts)
    return text[:1].upper() + text[1:] + pgettext("verdict", ".")


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
        result = _option_for_instrument(
            instrument, instrument.modalities[query.modality], query, language, snapshot.organizations
        )
        if result is None:
            continue
        option, bound = result
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
                        % {"code": instrument.code, "article": rule.article, "note": _data(rule.note)}
                    )
    options.sort(key=lambda o: (_RANK[o.applicability], TIER.get(o.kind, 3), not o.parties_known, o.code))
    dates = [o.as_at for o in options if o.as_at is not None]
    return Resolution(
        query=query,
        options=options,
        fallback=fallback_text(
            query.modality, any(o.applicability == YES for o in options), any(o.applicability == IF for o in options)
        ),
        data_as_at=min(dates) if dates else None,
        verdict=verdict_text(options),
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
    # An article that is not itself a basis (UNTOC art. 17) binds nobody to anything.
    instruments = tuple(i for i in snapshot.by_modality.get(modality, ()) if not i.modalities[modality].not_a_basis)
    masks: dict[str, int] = dict.fromkeys(codes, 0)
    for bit, instrument in enumerate(instruments):
        flag = 1 << bit
        for code, party in instrument.parties.items():
            if (
                code in masks
                and code not in snapshot.organizations
                and _bound(party, instrument, code, date).status == YES
            ):
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
