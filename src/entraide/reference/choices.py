"""Words of the glossary that several apps share (DESIGN.md): importable without the app registry."""

from __future__ import annotations

from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _


class Modality(TextChoices):
    """The kinds of cooperation a request or an instrument is about."""

    MLA = "mla", _("Mutual legal assistance")
    EXTRADITION = "extradition", _("Extradition")
    CONFISCATION = "confiscation", _("Confiscation")
    SENTENCED_PERSONS = "sentenced-persons", _("Transfer of sentenced persons")
    PROCEEDINGS = "proceedings", _("Transfer of proceedings")
    JIT = "jit", _("Joint investigation team")
    SPONTANEOUS_INFORMATION = "spontaneous-information", _("Spontaneous information")


MODALITIES: tuple[str, ...] = tuple(Modality.values)
