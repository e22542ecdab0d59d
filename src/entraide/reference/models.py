"""Reference data: jurisdictions, languages, ICCS offence classes.

Every record carries its source and the date its data is "as at".
"""

from __future__ import annotations

import re

from django.db import models
from django.utils.translation import gettext_lazy as _

from entraide.core.i18n import active_language, localized

from .choices import Modality as Modality


class Sourced(models.Model):
    source = models.TextField(_("source"))
    as_at = models.DateField(_("as at"))

    class Meta:
        abstract = True


# UNTERM short names carry the article in brackets: "Afghanistan (l')", "Bahamas (the)".
_TRAILING_ARTICLE = re.compile(r"\s*\((?:the|l'|l\u2019|le|la|les|el|los|las)\)\s*$")


def short_name(text: str) -> str:
    """A UNTERM short name without its bracketed article, as the interface shows it."""
    return _TRAILING_ARTICLE.sub("", text)


class Jurisdiction(Sourced):
    """A state or territory (ISO 3166-1), or a non-ISO treaty party such as the EU."""

    class Kind(models.TextChoices):
        STATE = "state", _("State")
        TERRITORY = "territory", _("Territory")
        ORGANISATION = "organisation", _("International organisation")

    code = models.CharField(
        _("code"), max_length=3, unique=True, help_text=_("ISO 3166-1 alpha-3, or Entraide's code for a non-ISO party")
    )
    iso2 = models.CharField(_("ISO alpha-2"), max_length=2, unique=True)
    iso_numeric = models.CharField(_("ISO numeric"), max_length=3, blank=True)
    m49 = models.CharField(_("UN M49"), max_length=3, blank=True)
    is_iso = models.BooleanField(_("in ISO 3166-1"), default=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_fr = models.CharField(_("name (French)"), max_length=200, blank=True)
    name_es = models.CharField(_("name (Spanish)"), max_length=200, blank=True)
    name_pt = models.CharField(_("name (Portuguese)"), max_length=200, blank=True)
    name_ar = models.CharField(_("name (Arabic)"), max_length=200, blank=True)
    formal_name_en = models.CharField(_("formal name (English)"), max_length=300, blank=True)
    formal_name_fr = models.CharField(_("formal name (French)"), max_length=300, blank=True)
    formal_name_es = models.CharField(_("formal name (Spanish)"), max_length=300, blank=True)
    formal_name_ar = models.CharField(_("formal name (Arabic)"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("jurisdiction")
        verbose_name_plural = _("jurisdictions")
        ordering = ["name_en"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """The short name in the active language, English where none is known."""
        return short_name(localized(self, "name"))

    @property
    def formal_name(self) -> str:
        return localized(self, "formal_name") or self.name


class Language(Sourced):
    """A language (ISO 639), as accepted for requests and documents."""

    code = models.CharField(_("ISO 639-3"), max_length=3, unique=True)
    iso639_1 = models.CharField(_("ISO 639-1"), max_length=2, blank=True, db_index=True)
    iso639_2b = models.CharField(_("ISO 639-2/B"), max_length=3, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=100)
    name_fr = models.CharField(_("name (French)"), max_length=100, blank=True)
    name_es = models.CharField(_("name (Spanish)"), max_length=100, blank=True)
    name_pt = models.CharField(_("name (Portuguese)"), max_length=100, blank=True)
    name_ar = models.CharField(_("name (Arabic)"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("language")
        verbose_name_plural = _("languages")
        ordering = ["name_en"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized(self, "name")


class OffenceClass(Sourced):
    """A category of the UNODC International Classification of Crime for Statistical Purposes."""

    code = models.CharField(_("ICCS code"), max_length=6, unique=True)
    level = models.PositiveSmallIntegerField(_("level"))
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("parent")
    )
    name_en = models.CharField(_("name (English)"), max_length=300)
    name_es = models.CharField(_("name (Spanish)"), max_length=300, blank=True)
    name_fr = models.CharField(_("name (French)"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("offence class (ICCS)")
        verbose_name_plural = _("offence classes (ICCS)")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def name(self) -> str:
        """The label in the active language where UNODC publishes one, else English."""
        return localized(self, "name")

    @property
    def has_official_label(self) -> bool:
        return bool(getattr(self, f"name_{active_language()}", "")) or active_language() == "en"
