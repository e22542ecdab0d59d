"""The legal-basis question as a form (GET, so an answer has a shareable address)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from entraide.core.widgets import MarkedOptionsSelect
from entraide.reference.models import Jurisdiction, OffenceClass

from .models import Modality

# A fact of the question is yes, no or not known; not known is the default, never "no".
FACTS = [("", _("Not known")), ("yes", _("Yes")), ("no", _("No"))]


def jurisdiction_choices() -> list[tuple[str, Any]]:
    """Every jurisdiction by its name in the active language (with its code), in order of name,
    after a blank "choose" line: the lists of the legal-basis and routing questions."""
    jurisdictions = [
        (j.code, f"{j.name} ({j.code})")
        for j in Jurisdiction.objects.only("code", "name_en", "name_fr", "name_es", "name_pt", "name_ar")
    ]
    jurisdictions.sort(key=lambda item: item[1])
    return [("", _("— choose —")), *jurisdictions]


class LegalBasisForm(forms.Form):
    """Two jurisdictions, a modality, an offence and a date."""

    requesting = forms.ChoiceField(label=_("Requesting jurisdiction"))
    requested = forms.ChoiceField(label=_("Requested jurisdiction"))
    modality = forms.ChoiceField(label=_("Modality"), choices=Modality.choices, initial=Modality.MLA)
    offence = forms.ChoiceField(label=_("Offence (ICCS)"), required=False, widget=MarkedOptionsSelect)
    max_penalty_years = forms.DecimalField(
        label=_("Maximum penalty (years)"), required=False, min_value=0, max_value=1000, decimal_places=2
    )
    date = forms.DateField(
        label=_("Date of the request"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    transnational = forms.ChoiceField(
        label=_("Is the offence transnational?"), required=False, choices=FACTS, initial="", widget=forms.RadioSelect
    )
    organized_group = forms.ChoiceField(
        label=_("Is an organized criminal group involved?"),
        required=False,
        choices=FACTS,
        initial="",
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        jurisdictions = jurisdiction_choices()
        self.fields["requesting"].choices = jurisdictions  # type: ignore[attr-defined]
        self.fields["requested"].choices = jurisdictions  # type: ignore[attr-defined]
        classes = list(OffenceClass.objects.only("code", "level", "name_en", "name_es", "name_fr").order_by("code"))
        offences = [(o.code, f"{o.code} {'· ' * (o.level - 1)}{o.name}") for o in classes]
        self.fields["offence"].choices = [("", _("— not stated —")), *offences]  # type: ignore[attr-defined]
        # ICCS names without an official label in the reader's language are shown in English, and say so.
        self.fields["offence"].widget.option_attrs = {
            o.code: {"lang": "en"} for o in classes if not o.has_official_label
        }
        for name, field in self.fields.items():
            if isinstance(field.widget, forms.RadioSelect):
                field.widget.attrs.setdefault("class", "form-check-input")
                continue
            css = (
                "form-check-input"
                if isinstance(field, forms.BooleanField)
                else ("form-select" if isinstance(field, forms.ChoiceField) else "form-control")
            )
            field.widget.attrs.setdefault("class", css)
            field.widget.attrs.setdefault("id", f"id_{name}")
