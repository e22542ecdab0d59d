"""The preferences form: for each kind of notification, by e-mail and in the page; the language of e-mails."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from entraide.core.widgets import AutonymSelect

from .models import Kind


def field_names(kind: str) -> tuple[str, str]:
    slug = kind.replace("-", "_")
    return f"{slug}__email", f"{slug}__in_page"


class PreferencesForm(forms.Form):
    language = forms.ChoiceField(label=_("Language of e-mails"), choices=settings.LANGUAGES, widget=AutonymSelect)

    def __init__(self, *args: Any, current: dict[str, tuple[bool, bool]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows = []
        for kind in Kind:
            email, in_page = field_names(kind.value)
            self.fields[email] = forms.BooleanField(label=_("By e-mail"), required=False, initial=current[kind][0])
            self.fields[in_page] = forms.BooleanField(label=_("In the page"), required=False, initial=current[kind][1])
            self.rows.append((kind, self[email], self[in_page]))

    def choices(self) -> dict[str, tuple[bool, bool]]:
        data = self.cleaned_data
        return {kind.value: tuple(bool(data[name]) for name in field_names(kind.value)) for kind in Kind}  # type: ignore[misc]
