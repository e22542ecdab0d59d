"""Forms of the directory pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from entraide.core.widgets import AutonymSelect
from entraide.library.models import Document
from entraide.library.services import NOTE_VISIBILITIES
from entraide.reference.choices import Modality
from entraide.reference.models import Jurisdiction, Language
from entraide.reference.selectors import UnknownCode, resolve_jurisdiction
from entraide.tenancy.models import Authority, Channel
from entraide.treaties.forms import jurisdiction_choices

from .models import ContactPoint
from .services import AUTHORITY_FORM_FIELDS, CONTACT_POINT_FORM_FIELDS


class JurisdictionField(forms.CharField):
    """A jurisdiction chosen from a list by its name; an address may still carry an ISO alpha-3 or
    alpha-2 code (KEN or KE), and a bad code says what was meant."""

    widget = forms.Select

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 10)
        super().__init__(**kwargs)

    def clean(self, value: Any) -> Jurisdiction | None:
        value = super().clean(value)
        if not value:
            return None
        try:
            return resolve_jurisdiction(value)
        except UnknownCode as exc:
            raise forms.ValidationError(str(exc), code="unknown") from None


class _JurisdictionsForm(forms.Form):
    """A form whose jurisdictions are chosen from a list of names."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = None
        for name, field in self.fields.items():
            if not isinstance(field, JurisdictionField):
                continue
            choices = choices or jurisdiction_choices()
            field.widget.choices = choices
            # A code given another way (KE, ken) shows as its line of the list.
            given = self.data.get(name) if self.is_bound else None
            if given and "\x00" not in given:
                try:
                    code = resolve_jurisdiction(given).code
                except UnknownCode:
                    continue
                if code != given:
                    self.data = {**{key: self.data.get(key) for key in self.data}, name: code}


class RouteForm(_JurisdictionsForm):
    requesting = JurisdictionField(label=_("Requesting state"))
    requested = JurisdictionField(label=_("Requested state"))
    modality = forms.ChoiceField(label=_("Modality"), choices=Modality.choices, initial=Modality.MLA)
    date = forms.DateField(
        label=_("Date"), required=False, widget=forms.DateInput(attrs={"type": "date"}), help_text=_("Today if empty.")
    )


class SharedNetworksForm(_JurisdictionsForm):
    a = JurisdictionField(label=_("First state"))
    b = JurisdictionField(label=_("Second state"))


class AsAtForm(forms.Form):
    as_at = forms.DateField(label=_("As at"), required=False, help_text=_("YYYY-MM-DD; today if empty."))

    def date(self) -> dt.date:
        if self.is_valid() and self.cleaned_data.get("as_at"):
            return self.cleaned_data["as_at"]
        return timezone.localdate()


class ImportForm(forms.Form):
    KINDS = [("authorities", _("Authorities")), ("contact_points", _("Contact points"))]
    kind = forms.ChoiceField(label=_("What the file holds"), choices=KINDS)
    file = forms.FileField(label=_("CSV file (UTF-8)"))

    def clean_file(self) -> bytes:
        upload = self.cleaned_data["file"]
        if upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        content: bytes = upload.read()
        try:
            content.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError(_("The file is not UTF-8 text.")) from None
        return content


def _language_choices() -> list[tuple[str, str]]:
    return [(code.split("-")[0], name) for code, name in settings.LANGUAGES]


class CountryNoteForm(forms.Form):
    """My authority's note on a country: kept in the library as one document with a version per language."""

    requirements = forms.CharField(
        label=_("Requirements"), widget=forms.Textarea(attrs={"rows": 6}), required=False, max_length=20000
    )
    practical_tips = forms.CharField(
        label=_("Practical tips"), widget=forms.Textarea(attrs={"rows": 6}), required=False, max_length=20000
    )
    language = forms.ChoiceField(label=_("Language of the note"), choices=_language_choices, widget=AutonymSelect)
    visibility = forms.ChoiceField(
        label=_("Who may see it"),
        choices=[(v, Document.Visibility(v).label) for v in NOTE_VISIBILITIES],
        initial=Document.Visibility.AUTHORITY,
    )


def _languages() -> forms.ModelMultipleChoiceField:
    return forms.ModelMultipleChoiceField(
        label=_("Languages"),
        queryset=Language.objects.order_by("name_en"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("Hold Ctrl (or Cmd) to choose several."),
    )


class _FreeTextForm(forms.ModelForm):
    """Free text is typed in any language: its inputs follow the direction of what is typed."""

    # Addresses and numbers read left to right whatever the page's direction.
    LEFT_TO_RIGHT = frozenset({"email", "website", "telephone"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name in self.LEFT_TO_RIGHT:
                field.widget.attrs.setdefault("dir", "ltr")
            elif isinstance(field.widget, (forms.TextInput, forms.Textarea)):
                field.widget.attrs.setdefault("dir", "auto")


class AuthorityForm(_FreeTextForm):
    """What the administrator keeps of their own authority."""

    languages = _languages()
    channels = forms.MultipleChoiceField(
        label=_("Channels accepted"),
        choices=Channel.choices,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": len(Channel.choices)}),
    )

    class Meta:
        model = Authority
        fields = list(AUTHORITY_FORM_FIELDS)
        widgets = {
            "address": forms.Textarea(attrs={"rows": 3}),
            "urgent_procedure": forms.Textarea(attrs={"rows": 3}),
            "source": forms.Textarea(attrs={"rows": 2}),
        }


class ContactPointForm(_FreeTextForm):
    """One contact point of the administrator's own authority."""

    languages = _languages()

    class Meta:
        model = ContactPoint
        fields = list(CONTACT_POINT_FORM_FIELDS)

    def __init__(self, *args: Any, authority: Authority, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.authority = authority

    def clean_name(self) -> str:
        name: str = self.cleaned_data["name"].strip()
        others = ContactPoint.objects.filter(authority=self.authority, name=name).exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError(_("Your authority already has a contact point of this name."))
        return name

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("email") and not data.get("telephone") and not self.has_error("email"):
            self.add_error("email", _("Give an e-mail address or a telephone number."))
        return data
