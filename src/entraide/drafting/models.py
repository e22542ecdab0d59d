"""Quality rules (data, with their sources), the approver's overrides of warnings, translations."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from entraide.core.i18n import active_language
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
