"""The knowledge library: treaty texts, laws, guides, case law, model forms and country notes.

A :class:`Document` carries what is true whatever its language (kind, jurisdiction, instrument
and article, date, source, licence, who may see it); each of its language versions
(:class:`Version`) has its own title, its own uploaded file (encrypted at rest, as request
documents are) and its text, cut into :class:`Section` rows: an article of a treaty, or the
whole text of an uploaded file. Sections are what search finds and what a citation links to.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from entraide.tenancy import rules
from entraide.tenancy.models import Authority
from entraide.tenancy.policies import TenantManager, TenantPolicy


class Document(models.Model):
    class Kind(models.TextChoices):
        TREATY = "treaty", _("Treaty text")
        LAW = "law", _("Law or provision")
        GUIDE = "guide", _("Guideline or manual")
        CASE_LAW = "case_law", _("Case law")
        FORM = "form", _("Model form")
        COUNTRY_NOTE = "country_note", _("Country note")

    class Visibility(models.TextChoices):
        AUTHORITY = "authority", _("My authority only")
        NODE = "node", _("Every authority of this node")
        PUBLIC = "public", _("Public")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    jurisdiction = models.ForeignKey(
        "reference.Jurisdiction",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("jurisdiction"),
        help_text=_("The State whose law or practice this is; empty for an international instrument."),
    )
    # The instrument's code in the treaties app (UNTOC, CETS-030 ...), kept as a code so that the
    # library can hold texts of instruments the treaty tables do not describe.
    instrument_code = models.CharField(_("instrument"), max_length=60, blank=True, db_index=True)
    article = models.CharField(_("article"), max_length=60, blank=True)
    date = models.DateField(_("date"), null=True, blank=True)
    source = models.TextField(_("source"), blank=True, help_text=_("A URL or a citation."))
    licence = models.CharField(_("licence"), max_length=300, blank=True)
    visibility = models.CharField(
        _("who may see it"), max_length=20, choices=Visibility.choices, default=Visibility.AUTHORITY
    )
    authority = models.ForeignKey(
        Authority,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="library_documents",
        verbose_name=_("kept by"),
        help_text=_("Empty for the texts that ship with Entraide."),
    )
    # A stable key for what a command loads ("treaty-text:UNTOC"), so loading again updates it.
    key = models.CharField(max_length=100, unique=True, null=True, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = TenantManager()
    tenancy: ClassVar[TenantPolicy] = rules.LIBRARY_DOCUMENT

    class Meta:
        verbose_name = _("library document")
        verbose_name_plural = _("library documents")
        ordering = ["id"]
        indexes = [models.Index(fields=["kind", "jurisdiction"], name="library_doc_kind_jur")]
        constraints = [
            # An authority keeps one note per country, in as many languages as it likes.
            models.UniqueConstraint(
                fields=["authority", "jurisdiction"],
                condition=models.Q(kind="country_note"),
                name="library_one_country_note",
            )
        ]

    def __str__(self) -> str:
        version = next(iter(self.versions.all()), None)
        return version.title if version else f"{self.get_kind_display()} {self.pk}"


class Version(models.Model):
    """One language version of a document: its title, its file if one was uploaded, its text."""

    class Text(models.TextChoices):
        TEXT = "text", _("Text")
        NONE = "none", _("No text")

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="versions")
    language = models.CharField(_("language"), max_length=8, help_text=_("ISO 639-1 code, such as en or fr."))
    title = models.CharField(_("title"), max_length=500)
    text_status = models.CharField(_("text"), max_length=10, choices=Text.choices, default=Text.TEXT)
    text_problem = models.CharField(_("why there is no text"), max_length=300, blank=True)
    filename = models.CharField(_("file name"), max_length=255, blank=True)
    content_type = models.CharField(_("content type"), max_length=100, blank=True)
    size = models.PositiveBigIntegerField(_("size (bytes)"), null=True, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    storage_name = models.CharField(max_length=255, blank=True)
    wrapped_key = models.BinaryField(null=True, blank=True)
    master_key_id = models.CharField(max_length=16, blank=True, db_index=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    uploaded_at = models.DateTimeField(_("added at"), auto_now_add=True)

    objects = TenantManager()
    tenancy: ClassVar[TenantPolicy] = rules.LIBRARY_PART

    class Meta:
        verbose_name = _("language version")
        verbose_name_plural = _("language versions")
        ordering = ["document", "language"]
        constraints = [models.UniqueConstraint(fields=["document", "language"], name="library_version_unique")]

    def __str__(self) -> str:
        return f"{self.title} [{self.language}]"

    @property
    def has_file(self) -> bool:
        return bool(self.storage_name)


class Section(models.Model):
    """A part of a version's text: an article (``number`` "18", its heading "Mutual legal
    assistance") or, for an uploaded file, its whole text. Search finds sections."""

    version = models.ForeignKey(Version, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveIntegerField(_("position"))
    number = models.CharField(_("article"), max_length=20, blank=True)
    heading = models.CharField(_("heading"), max_length=300, blank=True)
    text = models.TextField(_("text"), blank=True)

    objects = TenantManager()
    tenancy: ClassVar[TenantPolicy] = rules.LIBRARY_PART_OF_VERSION

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["version", "position"]
        constraints = [models.UniqueConstraint(fields=["version", "position"], name="library_section_unique")]
        indexes = [models.Index(fields=["version", "number"], name="library_section_number")]

    def __str__(self) -> str:
        return f"{self.number} {self.heading}".strip() or f"§{self.position}"

    @property
    def anchor(self) -> str:
        """The fragment that addresses this section on its document's page."""
        return "art-" + self.number.replace(" ", "-") if self.number else f"s-{self.position}"
