"""The directory: authorities, their contact points, cooperation networks and memberships.

Authorities, contact points and networks are shared, reference-like data: every
signed-in user reads all of it, only administrators change it (through
``services``). An authority's notes on a country are library documents
(``entraide.library``, kind "country note"); the country profile shows them.
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from entraide.core.i18n import localized
from entraide.tenancy import rules
from entraide.tenancy.models import Authority, Verified
from entraide.tenancy.policies import TenantManager, TenantPolicy

# An entry whose details nobody has checked for this long is listed as "not verified for a year".
VERIFICATION_DAYS = 365


class Designation(models.Model):
    """An authority's designation under an instrument (UNTOC 18(13), UNCAC 46(13), a bilateral treaty)."""

    authority = models.ForeignKey(
        Authority, on_delete=models.CASCADE, related_name="designations", verbose_name=_("authority")
    )
    # The instrument's code in the treaties app (UNTOC, UNCAC, ...), kept as a code so the
    # directory does not depend on the treaty tables being loaded.
    instrument_code = models.CharField(_("instrument"), max_length=60)
    articles = models.CharField(_("articles"), max_length=100, blank=True)
    modalities = models.JSONField(_("modalities"), default=list, blank=True)
    source = models.TextField(_("source"))
    as_at = models.DateField(_("as at"), null=True, blank=True)

    class Meta:
        verbose_name = _("designation")
        verbose_name_plural = _("designations")
        ordering = ["instrument_code"]
        constraints = [
            models.UniqueConstraint(fields=["authority", "instrument_code"], name="designation_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.authority} · {self.instrument_code} {self.articles}".strip()


class Network(models.Model):
    """A cooperation network, organisation or treaty regime that connects states."""

    class Kind(models.TextChoices):
        NETWORK = "network", _("Network")
        ORGANISATION = "organisation", _("Organisation")
        TREATY = "treaty", _("Treaty")

    code = models.CharField(_("code"), max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.NETWORK)
    name_en = models.CharField(_("name (English)"), max_length=300)
    name_fr = models.CharField(_("name (French)"), max_length=300, blank=True)
    name_es = models.CharField(_("name (Spanish)"), max_length=300, blank=True)
    scope = models.TextField(_("scope"), blank=True)
    secretariat = models.TextField(_("secretariat"), blank=True)
    founded = models.TextField(_("founded"), blank=True)
    languages = models.ManyToManyField(
        "reference.Language", blank=True, related_name="+", verbose_name=_("working languages")
    )
    observers = models.JSONField(_("observers (organisations)"), default=list, blank=True)
    notes = models.JSONField(_("notes"), default=list, blank=True)

    class Meta:
        verbose_name = _("network")
        verbose_name_plural = _("networks")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code

    @property
    def name(self) -> str:
        """The name in the active language where one is recorded, else English."""
        return localized(self, "name")


class NetworkSource(models.Model):
    """A published list of a network's members, with the date the source gives itself."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="sources", verbose_name=_("network"))
    key = models.CharField(_("key"), max_length=60)
    title = models.CharField(_("title"), max_length=300)
    urls = models.JSONField(_("addresses"), default=list, blank=True)
    source_date = models.TextField(
        _("source date"), help_text=_("As the source dates itself; 'undated' if it does not.")
    )

    class Meta:
        verbose_name = _("network source")
        verbose_name_plural = _("network sources")
        ordering = ["network", "key"]
        constraints = [models.UniqueConstraint(fields=["network", "key"], name="network_source_unique")]

    def __str__(self) -> str:
        return f"{self.network_id} · {self.title}"


class MembershipQuerySet(models.QuerySet["Membership"]):
    def as_at(self, date: dt.date) -> MembershipQuerySet:
        """Memberships in effect on ``date``; an unknown start counts as "already a member"."""
        return self.exclude(status=Membership.Status.UNCONFIRMED).filter(
            Q(since__isnull=True) | Q(since__lte=date), Q(until__isnull=True) | Q(until__gte=date)
        )


class Membership(models.Model):
    """A jurisdiction's place in a network over time, with the sources that list it."""

    class Role(models.TextChoices):
        MEMBER = "member", _("Member")
        OBSERVER = "observer", _("Observer")
        LIAISON = "liaison", _("Liaison (third country)")
        SIGNATORY = "signatory", _("Signatory only")

    class Status(models.TextChoices):
        CURRENT = "current", _("Listed by the latest source")
        ENDED = "ended", _("Ended")
        UNCONFIRMED = "unconfirmed", _("Listed by an older source only; current status unknown")

    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("network")
    )
    jurisdiction = models.ForeignKey(
        "reference.Jurisdiction",
        on_delete=models.PROTECT,
        to_field="code",
        related_name="network_memberships",
        verbose_name=_("jurisdiction"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.CURRENT)
    since = models.DateField(_("since"), null=True, blank=True, help_text=_("Empty: unknown."))
    until = models.DateField(_("until (last day)"), null=True, blank=True)
    name_in_source = models.CharField(_("name in the source"), max_length=200, blank=True)
    note = models.TextField(_("note"), blank=True)
    dates_source = models.TextField(_("source of the dates"), blank=True)
    sources = models.ManyToManyField(NetworkSource, related_name="memberships", verbose_name=_("listed by"))

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["network__code", "jurisdiction__name_en"]
        constraints = [
            models.UniqueConstraint(fields=["network", "jurisdiction", "role"], name="membership_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.jurisdiction_id} · {self.network_id} ({self.role})"


class ContactPoint(Verified):
    """A person or a function in an authority that practitioners can contact."""

    authority = models.ForeignKey(
        Authority, on_delete=models.CASCADE, related_name="contact_points", verbose_name=_("authority")
    )
    name = models.CharField(_("name or function"), max_length=200)
    is_function = models.BooleanField(
        _("a function, not a person"), default=True, help_text=_("E.g. 'Duty officer, international cooperation'.")
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    languages = models.ManyToManyField("reference.Language", blank=True, related_name="+", verbose_name=_("languages"))
    available_24_7 = models.BooleanField(_("available 24/7"), null=True, blank=True, help_text=_("Empty: unknown."))
    email = models.EmailField(_("e-mail"), blank=True)
    telephone = models.CharField(_("telephone"), max_length=100, blank=True)
    networks = models.ManyToManyField(
        Network, through="NetworkRole", related_name="contact_points", blank=True, verbose_name=_("networks")
    )
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("An inactive contact point is kept but no longer offered.")
    )
    is_demo = models.BooleanField(_("demo"), default=False, help_text=_("Fictitious, created for demonstration."))

    objects = TenantManager()
    tenancy: ClassVar[TenantPolicy] = rules.CONTACT_POINT

    class Meta:
        verbose_name = _("contact point")
        verbose_name_plural = _("contact points")
        ordering = ["authority__name", "name"]
        constraints = [models.UniqueConstraint(fields=["authority", "name"], name="contact_point_unique")]

    def __str__(self) -> str:
        return self.name


class NetworkRole(models.Model):
    """A contact point's role in a network (contact person, focal point, liaison officer ...)."""

    contact_point = models.ForeignKey(ContactPoint, on_delete=models.CASCADE, related_name="network_roles")
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="network_roles")
    role = models.CharField(_("role"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("role in a network")
        verbose_name_plural = _("roles in networks")
        constraints = [models.UniqueConstraint(fields=["contact_point", "network"], name="network_role_unique")]

    def __str__(self) -> str:
        return f"{self.contact_point} · {self.network_id}"
