"""Forms of the library's pages: a new document, its metadata, a language version."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from entraide.core.i18n import active_language
from entraide.core.sniff import UploadRejected, check_size
from entraide.reference.models import Jurisdiction

from .languages import language_choices
from .models import Document

UPLOAD_HELP = _("PDF, DOCX or ODT (its text is extracted), or an image; checked by its content.")


def _jurisdictions() -> Any:
    return Jurisdiction.objects.order_by("name_en")


class MetadataForm(forms.Form):
    """What is true of a document whatever its language."""

    kind = forms.ChoiceField(label=_("Kind"), choices=Document.Kind.choices, initial=Document.Kind.LAW)
    jurisdiction = forms.ModelChoiceField(
        label=_("Jurisdiction"),
        queryset=_jurisdictions(),
        to_field_name="code",
        required=False,
        empty_label=_("— none (an international instrument) —"),
        help_text=_("The State whose law or practice this is."),
    )
    instrument_code = forms.CharField(
        label=_("Instrument"),
        max_length=60,
        required=False,
        widget=forms.TextInput(attrs={"list": "instrument-codes", "autocomplete": "off"}),
        help_text=_("Its code, such as UNTOC or CETS-030: choose one or type another."),
    )
    article = forms.CharField(label=_("Article"), max_length=60, required=False)
    date = forms.DateField(label=_("Date"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    source = forms.CharField(
        label=_("Source"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("A URL or a citation (official journal, court, publisher)."),
    )
    licence = forms.CharField(label=_("Licence"), max_length=300, required=False)
    visibility = forms.ChoiceField(
        label=_("Who may see it"), choices=Document.Visibility.choices, initial=Document.Visibility.AUTHORITY
    )

    def clean_instrument_code(self) -> str:
        return str(self.cleaned_data.get("instrument_code") or "").strip().upper()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") and data["kind"] != Document.Kind.COUNTRY_NOTE and not (data.get("source") or "").strip():
            self.add_error("source", _("Say where the document comes from: a URL or a citation."))
        return data


class VersionForm(forms.Form):
    """One language version: its title, and its text typed or a file to extract it from."""

    language = forms.ChoiceField(label=_("Language"), choices=())
    title = forms.CharField(label=_("Title"), max_length=500)
    text = forms.CharField(
        label=_("Text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8, "dir": "auto"}),
        help_text=_("Type or paste the text, or upload a file instead."),
    )
    file = forms.FileField(label=_("File"), required=False, help_text=UPLOAD_HELP)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["language"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = language_choices()
        field.initial = active_language()

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if upload:
            try:
                check_size(upload.size, settings.ENTRAIDE_UPLOAD_MAX_BYTES)
            except UploadRejected as exc:
                raise forms.ValidationError(str(exc), code="too_large") from None
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        typed = (data.get("text") or "").strip()
        if "file" in data and "text" in data:
            if typed and data["file"]:
                self.add_error("text", _("Type the text or upload a file, not both."))
            elif not typed and not data["file"]:
                self.add_error("text", _("Type the text or upload a file."))
        return data


class DocumentForm(MetadataForm, VersionForm):
    """A new document: its metadata and its first language version (both ``clean`` run, in turn)."""

    field_order = [
        "kind",
        "title",
        "language",
        "jurisdiction",
        "instrument_code",
        "article",
        "date",
        "source",
        "licence",
        "visibility",
        "text",
        "file",
    ]
