"""Forms of the request writer."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from entraide.cases.models import Document, Request
from entraide.reference.models import Language

from .models import Translation


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
