"""Forms of the request writer."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from entraide.cases.models import Document, Request
from entraide.core.widgets import AutonymSelect
from entraide.reference.choices import Modality
from entraide.reference.models import Language

from .models import LETTER_LANGUAGE_CHOICES, GeneratedLetter, LetterKind, Translation
from .services.letters import KIND_FOR_DIRECTION


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), required=False, max_length=2000)


class TranslationForm(forms.Form):
    language = forms.ModelChoiceField(label=_("Language"), queryset=Language.objects.order_by("name_en"))
    document = forms.ModelChoiceField(
        label=_("Document"),
        queryset=Document.objects.none(),
        required=False,
        empty_label=_("The request as a whole (its letter and annexes)"),
    )
    status = forms.ChoiceField(label=_("Status"), choices=Translation.Status.choices)
    translator = forms.CharField(label=_("Translator"), required=False, max_length=200)
    due_on = forms.DateField(label=_("Due on"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, request_obj: Request, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["document"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Document.objects.filter(request=request_obj).order_by("pk")


class FourEyesForm(forms.Form):
    relaxed = forms.BooleanField(label=_("One person may draft and approve a request"), required=False)
    reason = forms.CharField(label=_("Why"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class LetterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Letter"), choices=LetterKind.choices)
    language = forms.ChoiceField(label=_("Language"), choices=LETTER_LANGUAGE_CHOICES, widget=AutonymSelect)
    second_language = forms.ChoiceField(
        label=_("Side by side with"),
        choices=[("", "—"), *LETTER_LANGUAGE_CHOICES],
        required=False,
        widget=AutonymSelect,
    )
    format = forms.ChoiceField(label=_("Format"), choices=GeneratedLetter.Format.choices)

    def __init__(self, *args: Any, request_obj: Request, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["kind"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [
            (k, label) for k, label in LetterKind.choices if KIND_FOR_DIRECTION[LetterKind(k)] == request_obj.direction
        ]


class LetterTemplateForm(forms.Form):
    kind = forms.ChoiceField(label=_("Letter"), choices=LetterKind.choices)
    modality = forms.ChoiceField(
        label=_("Modality"), choices=[("", _("Every modality")), *Modality.choices], required=False
    )
    language = forms.ChoiceField(label=_("Language"), choices=LETTER_LANGUAGE_CHOICES, widget=AutonymSelect)
    letterhead = forms.CharField(label=_("Letterhead"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    opening = forms.CharField(label=_("Opening"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    closing = forms.CharField(label=_("Closing"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    signature = forms.CharField(label=_("Signature block"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class CertificateForm(forms.Form):
    certificate = forms.FileField(label=_("Certificate (PEM; intermediate certificates may follow)"))
    key = forms.FileField(label=_("Private key (PEM)"))
    passphrase = forms.CharField(label=_("Passphrase of the key"), required=False, widget=forms.PasswordInput)
