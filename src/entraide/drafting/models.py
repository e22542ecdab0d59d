"""Quality rules (data, with their sources), the approver's overrides of warnings, translations."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from entraide.core.i18n import active_language
from entraide.reference.choices import Modality
from entraide.tenancy import rules
from entraide.tenancy.policies import TenantManager, TenantPolicy


class Severity(models.TextChoices):
    BLOCKING = "blocking", _("Blocking")
    WARNING = "warning", _("Warning")
    ADVICE = "advice", _("Advice")


class QualityRule(models.Model):
    """One check a request must pass, with the instrument and article it comes from.

    Rules are data (``data/drafting/quality-rules.json``, loaded by ``entraide load-quality-rules``):
    ``test`` names one test of ``drafting.checks`` and ``params`` configures it; the code knows
    a handful of tests, the rules say which field, for which modality, how severe, and why.
    """

    code = models.SlugField(_("code"), max_length=80, unique=True)
    source_instrument = models.CharField(_("instrument"), max_length=60)
    source_article = models.CharField(_("article"), max_length=60, blank=True)
    source_text = models.TextField(_("what the source says"), blank=True)
    field = models.CharField(_("field"), max_length=120)
    test = models.CharField(_("test"), max_length=40)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    modalities = models.JSONField(_("modalities"), default=list, blank=True, help_text=_("Empty: every modality."))
    directions = models.JSONField(
        _("directions"), default=list, blank=True, help_text=_("Empty: outgoing and incoming.")
    )
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices)
    messages = models.JSONField(_("message"), default=dict, help_text=_("Language code to message."))
    as_at = models.DateField(_("as at"))
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("quality rule")
        verbose_name_plural = _("quality rules")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code

    @property
    def message(self) -> str:
        return str(self.messages.get(active_language()) or self.messages.get("en") or self.code)

    @property
    def message_language(self) -> str:
        """The language ``message`` answers in (the reader's where the rule has it, else English)."""
        return active_language() if self.messages.get(active_language()) else "en"

    @property
    def source(self) -> str:
        return (
            f"{self.source_instrument} art. {self.source_article}".strip()
            if self.source_article
            else self.source_instrument
        )


class FindingOverride(models.Model):
    """An approver's decision to let a request go despite a warning, with the reason."""

    request = models.ForeignKey("cases.Request", on_delete=models.CASCADE, related_name="finding_overrides")
    rule = models.ForeignKey(QualityRule, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("reason"))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("at"), auto_now_add=True)

    objects = TenantManager()
    tenancy: ClassVar[TenantPolicy] = rules.REQUEST_PART

    class Meta:
        verbose_name = _("finding overridden")
        verbose_name_plural = _("findings overridden")
        ordering = ["at", "id"]
        constraints = [models.UniqueConstraint(fields=["request", "rule"], name="finding_override_unique")]

    def __str__(self) -> str:
        return f"{self.rule_id}: {self.reason}"


class Translation(models.Model):
    """The translation of one document of a request into one language the requested State accepts."""

    class Status(models.TextChoices):
        NEEDED = "needed", _("Needed")
        SENT = "sent", _("Sent to the translator")
        RECEIVED = "received", _("Received")
        CERTIFIED = "certified", _("Certified")

    request = models.ForeignKey("cases.Request", on_delete=models.CASCADE, related_name="translations")
    document = models.ForeignKey(
        "cases.Document", on_delete=models.CASCADE, null=True, blank=True, related_name="translations"
    )
    language = models.ForeignKey("reference.Language", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.NEEDED)
    translator = models.CharField(_("translator"), max_length=200, blank=True)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    translated = models.ForeignKey(
        "cases.Document",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("the translation"),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = TenantManager()
    tenancy: ClassVar[TenantPolicy] = rules.REQUEST_PART

    class Meta:
        verbose_name = _("translation")
        verbose_name_plural = _("translations")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "document", "language"],
                condition=models.Q(document__isnull=False),
                name="translation_unique_document",
            ),
            # Without a document: the request as a whole (its letter and annexes).
            models.UniqueConstraint(
                fields=["request", "language"], condition=models.Q(document__isnull=True), name="translation_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document_id} → {self.language_id}: {self.status}"

    @property
    def done(self) -> bool:
        return self.status in (self.Status.RECEIVED, self.Status.CERTIFIED)


class LetterKind(models.TextChoices):
    REQUEST = "request", _("Letter of request")
    ACKNOWLEDGEMENT = "acknowledgement", _("Acknowledgement of receipt")
    EXECUTION_COVER = "execution-cover", _("Cover letter of the execution results")


# The languages letters are written in: ISO 639-1 code -> Django's language code.
LETTER_LANGUAGES: dict[str, str] = {"en": "en", "fr": "fr", "es": "es", "pt": "pt-pt", "ar": "ar"}
LETTER_LANGUAGE_CHOICES = [
    ("en", "English"),
    ("fr", "Français"),
    ("es", "Español"),
    ("pt", "Português"),
    ("ar", "العربية"),
]


class LetterTemplate(models.Model):
    """An authority's own wording around the generated body of a letter: letterhead, opening,
    closing and signature block, per kind, modality (or any) and language.

    Placeholders such as ``{our_reference}`` are filled from the request; an unknown one is
    refused when the template is saved (drafting.letters.PLACEHOLDERS lists them).
    """

    authority = models.ForeignKey("tenancy.Authority", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=20, choices=LetterKind.choices)
    modality = models.CharField(
        _("modality"), max_length=30, blank=True, choices=Modality.choices, help_text=_("Empty: every modality.")
    )
    language = models.CharField(_("language"), max_length=2, choices=LETTER_LANGUAGE_CHOICES)
    letterhead = models.TextField(_("letterhead"), blank=True)
    opening = models.TextField(_("opening"), blank=True)
    closing = models.TextField(_("closing"), blank=True)
    signature = models.TextField(_("signature block"), blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = TenantManager()
    tenancy: ClassVar[TenantPolicy] = rules.LETTER_TEMPLATE

    class Meta:
        verbose_name = _("letter template")
        verbose_name_plural = _("letter templates")
        ordering = ["kind", "modality", "language"]
        constraints = [
            models.UniqueConstraint(fields=["authority", "kind", "modality", "language"], name="letter_template_unique")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.modality or '*'} {self.language}"


class SigningCertificate(models.Model):
    """The authority's certificate and private key for signing its letters (PAdES).

    The key is stored encrypted with the node's master key, like documents.
    """

    authority = models.OneToOneField("tenancy.Authority", on_delete=models.CASCADE, related_name="+")
    certificate_pem = models.TextField(_("certificate (PEM)"))
    chain_pem = models.TextField(_("intermediate certificates (PEM)"), blank=True)
    encrypted_key = models.BinaryField()
    wrapped_key = models.BinaryField()
    master_key_id = models.CharField(max_length=16)
    subject = models.CharField(_("subject"), max_length=500)
    issuer = models.CharField(_("issuer"), max_length=500)
    not_before = models.DateTimeField(_("valid from"))
    not_after = models.DateTimeField(_("valid until"))
    fingerprint = models.CharField(_("SHA-256 fingerprint"), max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    objects = TenantManager()
    tenancy: ClassVar[TenantPolicy] = rules.SIGNING_CERTIFICATE

    class Meta:
        verbose_name = _("signing certificate")
        verbose_name_plural = _("signing certificates")

    def __str__(self) -> str:
        return self.subject


class GeneratedLetter(models.Model):
    """A letter generated from a request: which kind, languages and format, kept as a document.

    Generating it again adds a version to the same document; nobody edits a generated letter.
    """

    class Format(models.TextChoices):
        PDF = "pdf", "PDF"
        DOCX = "docx", "DOCX"

    request = models.ForeignKey("cases.Request", on_delete=models.CASCADE, related_name="letters")
    document = models.OneToOneField("cases.Document", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=20, choices=LetterKind.choices)
    languages = models.CharField(_("languages"), max_length=5, help_text=_("e.g. en, or en+fr side by side"))
    format = models.CharField(_("format"), max_length=4, choices=Format.choices)
    signed_by = models.CharField(_("signed with"), max_length=64, blank=True, help_text=_("Certificate fingerprint."))
    generated_at = models.DateTimeField(_("generated at"))

    objects = TenantManager()
    tenancy: ClassVar[TenantPolicy] = rules.REQUEST_PART

    class Meta:
        verbose_name = _("generated letter")
        verbose_name_plural = _("generated letters")
        ordering = ["kind", "languages", "format"]
        constraints = [
            models.UniqueConstraint(fields=["request", "kind", "languages", "format"], name="generated_letter_unique")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.languages} {self.format}"
