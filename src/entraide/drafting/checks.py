"""Quality control of a request: the rules are data (``QualityRule``), the tests are these few functions.

A rule names one test and a field path; a test answers ``None`` when the request passes, or the
detail of what is missing (the items or languages concerned) when it does not. Field paths:
``request.<field>``, ``request.details.<key>``, ``request.<collection>`` (measures, offences,
persons), ``offences.<field>`` and ``measures[<kind>].details.<key>``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from entraide.cases.lifecycle import Direction
from entraide.cases.models import Document, Measure, Offence, Person, Request
from entraide.directory.selectors import authorities_of
from entraide.reference.models import Language
from entraide.tenancy.models import Authority
from entraide.treaties.selectors import dual_criminality_article

from .models import FindingOverride, QualityRule, Severity, Translation


@dataclass
class Subject:
    """Everything the tests read about one request, read once."""

    request: Request
    offences: list[Offence]
    measures: list[Measure]
    persons: list[Person]
    has_deadline: bool
    translations: list[Translation]
    addressee: Authority | None  # the requested authority, or the requested State's central authority
    our_languages: list[Language]
    accepted_languages: list[Language] | None  # None: not known here
    overrides: dict[str, FindingOverride] = field(default_factory=dict)


def _languages(authorities: Iterable[Authority]) -> list[Language]:
    seen: dict[int, Language] = {}
    for authority in authorities:
        for language in authority.languages.all():
            seen.setdefault(language.pk, language)
    return list(seen.values())


def subject_of(request: Request) -> Subject:
    """Read what the checks need (a fixed number of queries, whatever the request's size)."""
    measures = list(request.measures.all())
    requested = request.requested_authority
    if requested is not None:
        addressees = [requested]
    else:
        central = [
            a
            for a in authorities_of(request.requested_jurisdiction).prefetch_related("languages")
            if a.kind == Authority.Kind.CENTRAL
        ]
        addressees = central
    accepted = _languages(addressees)
    return Subject(
        request=request,
        offences=list(request.offences.all()),
        measures=measures,
        persons=list(request.persons.all()),
        has_deadline=request.deadlines.filter(met=False).exists(),
        translations=list(Translation.objects.filter(request=request).select_related("language", "document")),
        addressee=addressees[0] if addressees else None,
        our_languages=list(request.authority.languages.all()),
        accepted_languages=accepted or None,
        overrides={
            o.rule.code: o for o in FindingOverride.objects.filter(request=request).select_related("rule", "actor")
        },
    )


# --- field paths ------------------------------------------------------------------------

_ITEMS = re.compile(r"^(?P<collection>measures|offences|persons)(\[(?P<kind>[\w-]+)\])?\.(?P<rest>.+)$")


def _value(obj: Any, path: str) -> Any:
    """``details.key`` reads a JSON detail, anything else an attribute."""
    if path.startswith("details."):
        details = getattr(obj, "details", None) or {}
        return details.get(path.removeprefix("details."))
    return getattr(obj, path, None)


def _filled(value: Any, params: dict[str, Any]) -> bool:
    if "equals" in params:
        return bool(value == params["equals"])
    if isinstance(value, str):
        return bool(value.strip())
    return value not in (None, "", [], {})


def _label(item: Any, number: int) -> str:
    if isinstance(item, Offence):
        return item.provision
    if isinstance(item, Measure):
        return f"{item.get_kind_display()} #{number}"
    return str(item)


# --- the tests ----------------------------------------------------------------------------

Test = Callable[[Subject, QualityRule], "str | None"]


def present(s: Subject, rule: QualityRule) -> str | None:
    path = rule.field.removeprefix("request.")
    return None if _filled(_value(s.request, path), rule.params) else ""


def at_least_one(s: Subject, rule: QualityRule) -> str | None:
    collection = rule.field.removeprefix("request.")
    collections: dict[str, list[Any]] = {"measures": s.measures, "offences": s.offences, "persons": s.persons}
    return None if collections[collection] else ""


def each_present(s: Subject, rule: QualityRule) -> str | None:
    match = _ITEMS.match(rule.field)
    if match is None:
        raise ValueError(f"{rule.code}: field {rule.field!r} names no items")
    collections: dict[str, list[Any]] = {"measures": s.measures, "offences": s.offences, "persons": s.persons}
    items = collections[match["collection"]]
    if match["kind"]:
        items = [i for i in items if getattr(i, "kind", None) == match["kind"]]
    missing = [
        _label(item, n) for n, item in enumerate(items, 1) if not _filled(_value(item, match["rest"]), rule.params)
    ]
    return ", ".join(missing) if missing else None


def time_limit(s: Subject, rule: QualityRule) -> str | None:
    return None if s.has_deadline or any(m.due_on for m in s.measures) else ""


def legal_basis_chosen(s: Subject, rule: QualityRule) -> str | None:
    return None if s.request.legal_basis_code else ""


def legal_basis_applicable(s: Subject, rule: QualityRule) -> str | None:
    if not s.request.legal_basis_code:
        return None
    option = (s.request.legal_basis_snapshot or {}).get("option") or {}
    if option.get("applicable", True):
        return None
    return s.request.legal_basis_reason or _("none")


def _names(languages: Iterable[Language]) -> str:
    return ", ".join(sorted(language.name_en for language in languages))


def language_accepted(s: Subject, rule: QualityRule) -> str | None:
    """Passes when we write in a language the requested State accepts, or a translation into one is in."""
    if s.accepted_languages is None:
        return None  # unknown: the languages_known rule says so
    accepted = {language.pk for language in s.accepted_languages}
    if accepted & {language.pk for language in s.our_languages}:
        return None
    # The request as a whole, or its letter, translated: an annex alone does not translate the request.
    if any(
        t.language_id in accepted and t.done and (t.document is None or t.document.kind == Document.Kind.LETTER)
        for t in s.translations
    ):
        return None
    return _names(s.accepted_languages)


def languages_known(s: Subject, rule: QualityRule) -> str | None:
    return None if s.accepted_languages is not None else ""


def requested_authority(s: Subject, rule: QualityRule) -> str | None:
    if s.request.requested_authority_id:
        return None
    if s.addressee is not None:
        return _("The directory names %(name)s.") % {"name": s.addressee.name}
    return _("The directory names no central authority of %(state)s.") % {"state": s.request.requested_jurisdiction}


def channels_known(s: Subject, rule: QualityRule) -> str | None:
    return None if s.addressee is not None and s.addressee.channels else ""


def dual_criminality(s: Subject, rule: QualityRule) -> str | None:
    code = s.request.legal_basis_code
    article = dual_criminality_article(code, s.request.modality) if code else ""
    if not article or _filled((s.request.details or {}).get("dual_criminality"), {}):
        return None
    return f"{code} art. {article}"


TESTS: dict[str, Test] = {
    "present": present,
    "at_least_one": at_least_one,
    "each_present": each_present,
    "time_limit": time_limit,
    "legal_basis_chosen": legal_basis_chosen,
    "legal_basis_applicable": legal_basis_applicable,
    "language_accepted": language_accepted,
    "languages_known": languages_known,
    "requested_authority": requested_authority,
    "channels_known": channels_known,
    "dual_criminality": dual_criminality,
}


# --- findings -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    """A rule the request does not pass, and what the approver did about it (warnings only)."""

    rule: QualityRule
    detail: str
    override: FindingOverride | None = None

    @property
    def code(self) -> str:
        return self.rule.code

    @property
    def severity(self) -> str:
        return self.rule.severity

    @property
    def blocking(self) -> bool:
        return self.rule.severity == Severity.BLOCKING

    @property
    def needs_override(self) -> bool:
        """A warning stops approval until an approver lets it go with a reason."""
        return self.rule.severity == Severity.WARNING and self.override is None

    @property
    def message(self) -> str:
        return self.rule.message.replace("{detail}", self.detail).strip()

    @property
    def message_parts(self) -> tuple[str, str, str]:
        """The message around its detail (before, detail, after), so a page can mark the detail
        (the request's own words, in whatever language they were typed) apart from the rule's."""
        before, placeholder, after = self.rule.message.partition("{detail}")
        if not placeholder:
            return before.strip(), "", ""
        return before.lstrip(), self.detail, after.rstrip()

    def as_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule.code,
            "severity": self.rule.severity,
            "field": self.rule.field,
            "message": self.message,
            "source": self.rule.source,
            "source_text": self.rule.source_text,
            "overridden": None
            if self.override is None
            else {
                "reason": self.override.reason,
                "by": self.override.actor.email,
                "at": self.override.at.isoformat(),
            },
        }


def applies(rule: QualityRule, s: Subject) -> bool:
    request = s.request
    if rule.modalities and request.modality not in rule.modalities:
        return False
    if rule.directions and request.direction not in rule.directions:
        return False
    params = rule.params or {}
    basis = request.legal_basis_code
    if "when_legal_basis" in params and basis not in params["when_legal_basis"]:
        return False
    if basis and basis in params.get("unless_legal_basis", ()):
        return False
    only = params.get("unless_all_measures")
    return not (only and s.measures and all(m.kind in only for m in s.measures))


_ORDER = {Severity.BLOCKING: 0, Severity.WARNING: 1, Severity.ADVICE: 2}


def findings_for(request: Request) -> list[Finding]:
    """The request's findings, blocking first. Incoming requests are checked by their sender."""
    if request.direction != Direction.OUTGOING:
        return []
    s = subject_of(request)
    found = []
    for rule in QualityRule.objects.filter(active=True):
        if not applies(rule, s):
            continue
        detail = TESTS[rule.test](s, rule)
        if detail is not None:
            found.append(Finding(rule=rule, detail=detail, override=s.overrides.get(rule.code)))
    return sorted(found, key=lambda f: (_ORDER.get(Severity(f.severity), 3), f.code))
