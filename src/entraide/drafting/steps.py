"""The request writer's steps: which step asks what, what is still missing, which measures a modality offers."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from entraide.cases.details import Field, measure_fields, modality_fields
from entraide.cases.models import Measure, Request
from entraide.reference.choices import Modality


@dataclass(frozen=True)
class Step:
    slug: str
    label: str | Promise


STEPS: tuple[Step, ...] = (
    Step("basics", _("The request")),
    Step("case", _("The case")),
    Step("offences", _("Offences")),
    Step("persons", _("Persons")),
    Step("measures", _("Measures")),
    Step("details", _("Modality")),
    Step("legal-basis", _("Legal basis")),
    Step("review", _("Review")),
)
SLUGS = tuple(step.slug for step in STEPS)

K = Measure.Kind
MLA_KINDS = tuple(k for k in K.values if k != K.PROVISIONAL_ARREST)
# The measures each modality asks for (the last is always "other").
OFFERED: dict[str, tuple[str, ...]] = {
    Modality.MLA: MLA_KINDS,
    Modality.EXTRADITION: (K.PROVISIONAL_ARREST, K.SEARCH_SEIZURE, K.OTHER),
    Modality.CONFISCATION: (K.FREEZING, K.CONFISCATION, K.OTHER),
    Modality.SENTENCED_PERSONS: (K.OTHER,),
    Modality.PROCEEDINGS: (K.PRODUCTION, K.OTHER),
    Modality.JIT: (K.OTHER,),
    Modality.SPONTANEOUS_INFORMATION: (K.SPONTANEOUS, K.OTHER),
}


def offered_kinds(modality: str) -> list[tuple[str, str]]:
    return [(kind, str(K(kind).label)) for kind in OFFERED.get(modality, (K.OTHER,))]


@dataclass
class Progress:
    step: Step
    missing: list[str] = field(default_factory=list)

    @property
    def done(self) -> bool:
        return not self.missing


def _blank(obj: Any, *names: str) -> list[str]:
    return [str(obj._meta.get_field(n).verbose_name) for n in names if not str(getattr(obj, n) or "").strip()]


def progress(request: Request, offences: list[Any], persons: list[Any], measures: list[Measure]) -> list[Progress]:
    """What each step still lacks: a draft is kept whatever is missing, and says what."""
    missing_measures = [
        f"{m.get_kind_display()}: {', '.join(str(f.label) for f in measure_fields(m.kind) if not m.details.get(f.key))}"
        for m in measures
        if any(not m.details.get(f.key) for f in measure_fields(m.kind))
    ]
    own = [f for f in modality_fields(request.modality) if f.key != "dual_criminality"]
    return [
        Progress(STEPS[0], _blank(request, "title")),
        Progress(STEPS[1], _blank(request, "proceedings", "facts", "purpose")),
        Progress(STEPS[2], [] if offences else [str(_("at least one offence"))]),
        Progress(STEPS[3], [] if persons else [str(_("the persons concerned, where known"))]),
        Progress(STEPS[4], missing_measures if measures else [str(_("at least one measure"))]),
        Progress(STEPS[5], [str(f.label) for f in own if not request.details.get(f.key)]),
        Progress(STEPS[6], [] if request.legal_basis_code else [str(_("the legal basis"))]),
        Progress(STEPS[7], []),
    ]


def details_form(fields: tuple[Field, ...], data: Any = None, initial: dict[str, Any] | None = None) -> forms.Form:
    """A form of exactly these fields, every one optional: a draft is saved with what it has."""
    form = forms.Form(data=data, initial=initial or {})
    for f in fields:
        if f.kind == "textarea":
            form.fields[f.key] = forms.CharField(
                label=str(f.label), required=False, widget=forms.Textarea(attrs={"rows": 3}), help_text=str(f.help)
            )
        elif f.kind == "date":
            form.fields[f.key] = forms.DateField(
                label=str(f.label),
                required=False,
                widget=forms.DateInput(attrs={"type": "date"}),
                help_text=str(f.help),
            )
        elif f.kind == "choice":
            form.fields[f.key] = forms.ChoiceField(
                label=str(f.label), required=False, choices=[("", "—"), *f.choices], help_text=str(f.help)
            )
        else:
            form.fields[f.key] = forms.CharField(
                label=str(f.label), required=False, max_length=500, help_text=str(f.help)
            )
    return form


def cleaned_details(form: forms.Form) -> dict[str, str]:
    """The form's values as stored in ``details``: text, dates in ISO form, blanks left out."""
    out: dict[str, str] = {}
    for key, value in form.cleaned_data.items():
        text = value.isoformat() if hasattr(value, "isoformat") else str(value or "").strip()
        if text:
            out[key] = text
    return out
