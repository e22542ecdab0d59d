"""A resolution rendered for people (plain text, for the command line) and for programs (JSON,
for the command and the API, with the library's address of each article an option cites)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _

from entraide.library.citations import Citations

from .engine import Resolution


def resolution_json(
    resolution: Resolution, citations: Citations, absolute: Callable[[str], str] | None = None
) -> dict[str, Any]:
    """The JSON of the contract (DESIGN.md), each option with ``links``: the articles it cites that
    the library holds (its ``articles`` first, then those its texts cite), each with its ``url``
    (made absolute by ``absolute``, e.g. ``request.build_absolute_uri``)."""
    data = resolution.as_dict()
    for option, row in zip(resolution.options, data["options"], strict=True):
        texts = [*option.requirements, *option.conditions, *option.warnings, *option.reasons]
        links = citations.links(option.code, option.articles, texts)
        if absolute is not None:
            links = [{**link, "url": absolute(link["url"])} for link in links]
        row["links"] = links
    return data


def resolution_text(resolution: Resolution) -> str:
    """A readable answer: the verdict first, then one block per option (applies, applies if, does not apply)."""
    q = resolution.query
    lines = [
        resolution.verdict,
        "",
        _("Legal basis: %(requesting)s -> %(requested)s, %(modality)s, on %(date)s")
        % {"requesting": q.requesting, "requested": q.requested, "modality": q.modality, "date": q.date.isoformat()},
        _("Offence: %(offence)s; maximum penalty: %(penalty)s years; transnational: %(tn)s; organized group: %(og)s")
        % {
            "offence": q.offence or "-",
            "penalty": "-" if q.max_penalty_years is None else f"{q.max_penalty_years:g}",
            "tn": _yes_no(q.transnational),
            "og": _yes_no(q.organized_group),
        },
        _("Data as at: %(date)s") % {"date": resolution.data_as_at.isoformat() if resolution.data_as_at else "-"},
        "",
    ]
    marks = {"yes": _("APPLIES"), "if": _("APPLIES IF"), "no": _("does not apply")}
    for option in resolution.options:
        mark = marks[option.applicability]
        lines.append(f"[{mark}] {option.code} ({option.reference}) {option.title}")
        if option.articles:
            lines.append("  " + _("articles: %(articles)s") % {"articles": ", ".join(option.articles)})
        lines.append(
            "  "
            + _("in force for %(requesting)s: %(a)s; for %(requested)s: %(b)s")
            % {
                "requesting": q.requesting,
                "requested": q.requested,
                "a": option.in_force_for_requesting or "-",
                "b": option.in_force_for_requested or "-",
            }
        )
        for requirement in option.requirements:
            lines.append("  " + _("applies if: %(text)s") % {"text": requirement})
        for reason in option.reasons:
            lines.append("  " + _("why not: %(text)s") % {"text": reason})
        for condition in option.conditions:
            lines.append("  " + _("condition: %(text)s") % {"text": condition})
        for warning in option.warnings:
            lines.append("  " + _("warning: %(text)s") % {"text": warning})
        lines.append(
            "  "
            + _("source: %(text)s (as at %(date)s)")
            % {"text": "; ".join(option.sources), "date": option.as_at.isoformat() if option.as_at else _("unknown")}
        )
        lines.append("")
    lines.append(_("Fallback: %(text)s") % {"text": resolution.fallback})
    return "\n".join(lines)


def _yes_no(value: bool | None) -> str:
    if value is None:
        return _("not known")
    return _("yes") if value else _("no")
