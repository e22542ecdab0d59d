"""The tenant: the authority every user, every row of case data and every audit event belongs to.

It lives on the ground floor (below accounts, audit and every app of case data) because
everything points at it. The directory keeps what it publishes about authorities
(designations, contact points, networks) and points down here.
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from entraide.core.i18n import active_language

from . import rules
from .policies import TenantManager, TenantPolicy


class Channel(models.TextChoices):
    DIRECT = "direct", _("Direct between central authorities")
    DIPLOMATIC = "diplomatic", _("Diplomatic channel")
    INTERPOL = "interpol", _("INTERPOL")
    EMAIL = "email", _("E-mail")
    SECURE_EXCHANGE = "secure-exchange", _("Secure electronic exchange")


class Verified(models.Model):
    """When and by whom a record's details were last checked (unknown when empty)."""

    last_verified_on = models.DateField(_("last verified on"), null=True, blank=True)
    last_verified_by = models.CharField(_("last verified by"), max_length=200, blank=True)

    class Meta:
        abstract = True


class Authority(Verified):
    """A central or competent authority of a jurisdiction; every user belongs to one."""

    class Kind(models.TextChoices):
        CENTRAL = "central", _("Central authority")
        PROSECUTION = "prosecution", _("Prosecution service")
        COURT = "court", _("Court")
        POLICE = "police", _("Police")
        FIU = "fiu", _("Financial intelligence unit")
        ARO = "aro", _("Asset recovery office")
        FOREIGN_AFFAIRS = "foreign-affairs", _("Ministry of foreign affairs")

    name = models.CharField(_("name"), max_length=300)
    names = models.JSONField(
        _("names in other languages"),
        default=dict,
        blank=True,
        help_text=_('Language code to name, e.g. {"fr": "Bureau du procureur"}.'),
    )
    jurisdiction = models.ForeignKey(
        "reference.Jurisdiction", on_delete=models.PROTECT, related_name="authorities", verbose_name=_("jurisdiction")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    languages = models.ManyToManyField(
        "reference.Language", blank=True, related_name="+", verbose_name=_("languages accepted")
    )
    channels = models.JSONField(
        _("channels accepted"),
        default=list,
        blank=True,
        help_text=_("Codes: direct, diplomatic, interpol, email, secure-exchange."),
    )
    urgent_procedure = models.TextField(_("urgent requests"), blank=True)
    available_24_7 = models.BooleanField(_("available 24/7"), null=True, blank=True, help_text=_("Empty: unknown."))
    office_hours = models.CharField(_("office hours"), max_length=200, blank=True)
    time_zone = models.CharField(_("time zone"), max_length=64, blank=True)
    address = models.TextField(_("address"), blank=True)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    telephone = models.CharField(_("telephone"), max_length=100, blank=True)
    exchange_peer = models.CharField(
        _("exchange peer"),
        max_length=200,
        blank=True,
        help_text=_("The Entraide node this authority can be reached at (filled by the exchange)."),
    )
    source = models.TextField(_("source"), blank=True, help_text=_("Where these details come from."))
    statistics_threshold = models.PositiveSmallIntegerField(
        _("smallest figure shown in exported statistics"),
        default=5,
        help_text=_("Counts below it (but above zero) are suppressed in exports, so no case can be recognised."),
    )
    four_eyes_relaxed = models.BooleanField(
        _("one person may draft and approve"),
        default=False,
        help_text=_("For an authority of one person: its drafter may approve; every request so approved says so."),
    )
    is_demo = models.BooleanField(_("demo"), default=False, help_text=_("Fictitious, created for demonstration."))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = TenantManager()
    tenancy: ClassVar[TenantPolicy] = rules.AUTHORITY

    class Meta:
        verbose_name = _("authority")
        verbose_name_plural = _("authorities")
        ordering = ["name"]
        db_table = "directory_authority"  # the table it had when it lived in the directory
        constraints = [
            models.UniqueConstraint(fields=["jurisdiction", "name"], name="authority_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def local_name(self) -> str:
        """The name in the active language where one is recorded."""
        return str(self.names.get(active_language()) or self.name) if isinstance(self.names, dict) else self.name

    def channel_labels(self) -> list[str]:
        labels = dict(Channel.choices)
        return [str(labels.get(code, code)) for code in self.channels or []]
