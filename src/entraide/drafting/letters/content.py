"""What a letter says, block by block, in one language.

The fixed wording (headings, standard sentences) is in the letter's language; what comes from the
request (facts, provisions, names) stays as the officer wrote it: nothing is machine-translated.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from entraide.cases.details import measure_fields, modality_fields
from entraide.cases.models import Measure, Offence, Person, Request

from ..models import LETTER_LANGUAGES, LetterKind, LetterTemplate
from .placeholders import fill

RTL = frozenset({"ar"})


@dataclass(frozen=True)
class Block:
    kind: str  # letterhead, meta, subject, heading, para, items, signature
    text: str = ""
    items: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Letter:
    language: str
    rtl: bool
    title: str
    blocks: list[Block]


@dataclass(frozen=True)
class Parts:
    """The request's data, read once for every language of the letter."""

    request: Request
    offences: list[Offence]
    persons: list[Person]
    measures: list[Measure]
    templates: dict[tuple[str, str, str], LetterTemplate]  # (kind, modality or "", language) -> template


def default_wording(kind: str) -> dict[str, str]:
    """The wording used when the authority has no template of its own (in the active language)."""
    if kind == LetterKind.ACKNOWLEDGEMENT:
        opening = _(
            "We acknowledge receipt of your request {their_reference}. It is registered under our reference "
            "{our_reference}; please quote it in any correspondence."
        )
    elif kind == LetterKind.EXECUTION_COVER:
        opening = _("We transmit the results of the execution of your request {their_reference} ({our_reference}).")
    else:
        opening = _(
            "The {authority} presents its compliments to the {requested_authority} and has the honour to request "
            "its assistance in the matter described below."
        )
    return {
        "letterhead": "{authority}",
        "opening": opening,
        "closing": _("We remain at your disposal for any further information and thank you for your cooperation."),
        "signature": "{officer}\n{authority}",
    }


def _values(request: Request, today: dt.date) -> dict[str, str]:
    officer = request.officer or request.created_by
    return {
        "authority": request.authority.local_name,
        "our_reference": request.our_reference,
        "their_reference": request.their_reference or "—",
        "national_case_number": request.national_case_number or "—",
        "date": formats.date_format(today, "DATE_FORMAT"),
        "title": request.title,
        "requesting_state": request.requesting_jurisdiction.name,
        "requested_state": request.requested_jurisdiction.name,
        "requested_authority": (
            request.requested_authority.local_name
            if request.requested_authority
            else request.requested_jurisdiction.name
        ),
        "officer": (getattr(officer, "full_name", "") or getattr(officer, "email", "")) if officer else "",
    }


def _penalty(offence: Offence) -> str:
    if offence.life_imprisonment:
        return _("maximum penalty: life imprisonment")
    if offence.max_penalty_years is not None:
        years = offence.max_penalty_years
        shown = formats.number_format(int(years) if years == int(years) else years)
        return _("maximum penalty: %(years)s years") % {"years": shown}
    return _("maximum penalty: not stated")


def _request_body(parts: Parts) -> list[Block]:
    request = parts.request
    blocks: list[Block] = []
    if request.urgent:
        blocks.append(Block("para", _("URGENT: %(reason)s") % {"reason": request.urgency_reason}))
    basis = request.legal_basis_code
    if basis:
        articles = f" ({_('art.')} {request.legal_basis_articles})" if request.legal_basis_articles else ""
        text = _("reciprocity and our domestic law") if basis == "reciprocity" else f"{basis}{articles}"
        blocks += [Block("heading", _("Legal basis")), Block("para", text)]
    if request.proceedings:
        blocks += [Block("heading", _("Proceedings and authority conducting them")), Block("para", request.proceedings)]
    if request.facts:
        blocks += [Block("heading", _("Summary of the facts")), Block("para", request.facts)]
    if parts.offences:
        items = []
        for offence in parts.offences:
            line = f"{offence.provision} — {_penalty(offence)}"
            if offence.text:
                line += f". {offence.text}"
            items.append(line)
        blocks += [Block("heading", _("Offences")), Block("items", items=tuple(items))]
    if parts.persons:
        items = []
        for person in parts.persons:
            bits = [person.name, str(person.get_role_display())]
            if person.nationality:
                bits.append(person.nationality.name)
            if person.location:
                bits.append(person.location)
            items.append(", ".join(bits))
        blocks += [Block("heading", _("Persons concerned")), Block("items", items=tuple(items))]
    if parts.measures:
        items = []
        for n, measure in enumerate(parts.measures, 1):
            labels = {f.key: str(f.label) for f in measure_fields(measure.kind)}
            detail = "; ".join(f"{labels.get(k, k)}: {v}" for k, v in measure.details.items())
            line = f"{n}. {measure.get_kind_display()}"
            if measure.description:
                line += f" — {measure.description}"
            if detail:
                line += f" ({detail})"
            items.append(line)
        blocks += [Block("heading", _("Assistance requested")), Block("items", items=tuple(items))]
    own = [(str(f.label), request.details.get(f.key)) for f in modality_fields(request.modality)]
    own = [(label, value) for label, value in own if value]
    if own:
        blocks += [
            Block("heading", str(request.get_modality_display())),
            Block("items", items=tuple(f"{label}: {value}" for label, value in own)),
        ]
    if request.purpose:
        blocks += [Block("heading", _("Purpose of the request")), Block("para", request.purpose)]
    if request.procedure:
        blocks += [Block("heading", _("Procedure to be followed")), Block("para", request.procedure)]
    if request.confidential:
        blocks.append(
            Block(
                "para", _("We ask that the request and its contents be kept confidential (UNTOC art. 18(20)).").strip()
            )
        )
    if request.use_limitation:
        blocks += [Block("heading", _("Use of the evidence")), Block("para", request.use_limitation)]
    return blocks


def _execution_body(parts: Parts) -> list[Block]:
    items = []
    for measure in parts.measures:
        line = f"{measure.get_kind_display()}: {measure.get_status_display()}"
        if measure.result:
            line += f" — {measure.result}"
        items.append(line)
    return [Block("heading", _("Results of execution")), Block("items", items=tuple(items or ["—"]))]


def _acknowledgement_body(parts: Parts) -> list[Block]:
    request = parts.request
    blocks = []
    if request.assigned_authority:
        blocks.append(
            Block(
                "para",
                _("It has been assigned for execution to %(name)s.") % {"name": request.assigned_authority.local_name},
            )
        )
    if parts.measures:
        blocks += [
            Block("heading", _("Assistance requested")),
            Block("items", items=tuple(str(m.get_kind_display()) for m in parts.measures)),
        ]
    return blocks


SUBJECTS = {
    LetterKind.REQUEST: lambda r: (
        _("Request for %(modality)s: %(title)s") % {"modality": str(r.get_modality_display()).lower(), "title": r.title}
    ),
    LetterKind.ACKNOWLEDGEMENT: lambda r: _("Acknowledgement of receipt: %(title)s") % {"title": r.title},
    LetterKind.EXECUTION_COVER: lambda r: _("Results of execution: %(title)s") % {"title": r.title},
}
BODIES = {
    LetterKind.REQUEST: _request_body,
    LetterKind.ACKNOWLEDGEMENT: _acknowledgement_body,
    LetterKind.EXECUTION_COVER: _execution_body,
}


def compose(parts: Parts, kind: str, language: str, *, today: dt.date | None = None) -> Letter:
    """The letter of ``kind`` in ``language`` (an ISO 639-1 code of LETTER_LANGUAGES)."""
    request = parts.request
    with translation.override(LETTER_LANGUAGES[language]):
        template = parts.templates.get((kind, request.modality, language)) or parts.templates.get((kind, "", language))
        wording = default_wording(kind)
        if template is not None:
            own: dict[str, Any] = {
                key: getattr(template, key) for key in ("letterhead", "opening", "closing", "signature")
            }
            wording.update({key: value for key, value in own.items() if value.strip()})
        values = _values(request, today or timezone.localdate())
        addressee = values["requested_authority"]
        if kind != LetterKind.REQUEST:
            addressee = (
                request.requesting_authority.local_name
                if request.requesting_authority
                else request.requesting_jurisdiction.name
            )
        blocks = [
            Block("letterhead", items=tuple(fill(wording["letterhead"], values).splitlines())),
            Block(
                "meta",
                items=(
                    values["date"],
                    _("Our reference: %(ref)s") % {"ref": values["our_reference"]},
                    *(
                        [_("Your reference: %(ref)s") % {"ref": request.their_reference}]
                        if request.their_reference
                        else []
                    ),
                    _("To: %(addressee)s") % {"addressee": addressee},
                ),
            ),
            Block("subject", SUBJECTS[LetterKind(kind)](request)),
            Block("para", fill(wording["opening"], values)),
            *BODIES[LetterKind(kind)](parts),
            Block("para", fill(wording["closing"], values)),
            Block("signature", items=tuple(fill(wording["signature"], values).splitlines())),
        ]
        title = str(LetterKind(kind).label)
    return Letter(language=language, rtl=language in RTL, title=title, blocks=blocks)


def parts_of(request: Request) -> Parts:
    return Parts(
        request=request,
        offences=list(request.offences.all()),
        persons=list(request.persons.select_related("nationality")),
        measures=list(request.measures.all()),
        templates={
            (t.kind, t.modality, t.language): t
            for t in LetterTemplate.objects.filter(authority_id=request.authority_id)
        },
    )
