"""Authorities: the tenants of Entraide. The directory issue extends this model."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Authority(models.Model):
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
    jurisdiction = models.ForeignKey(
        "reference.Jurisdiction", on_delete=models.PROTECT, related_name="authorities", verbose_name=_("jurisdiction")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    is_demo = models.BooleanField(
        _("demo"), default=False, help_text=_("Fictitious, created for demonstration.")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("authority")
        verbose_name_plural = _("authorities")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["jurisdiction", "name"], name="authority_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name
