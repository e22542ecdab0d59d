"""Treaty knowledge: instruments, participations, declarations, bilateral treaties.

Every record carries its source and the date its data is "as at". The legal-basis
engine never reads these models directly: it resolves over a snapshot built from
them (``selectors.get_snapshot``), rebuilt whenever ``TreatyDataState.version`` moves.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from entraide.core.i18n import localized, localized_language
from entraide.reference.choices import MODALITIES as MODALITIES
from entraide.reference.choices import Modality as Modality
from entraide.reference.models import Sourced


class Instrument(Sourced):
    """A treaty, convention, protocol, scheme or EU act that can be a legal basis."""

    class Kind(models.TextChoices):
        MULTILATERAL = "multilateral", _("Multilateral")
        REGIONAL = "regional", _("Regional")
        SCHEME = "scheme", _("Scheme (not a treaty)")
        EU_ACT = "eu-act", _("EU act")

    class EntryIntoForceRule(models.TextChoices):
        DAYS_AFTER_DEPOSIT = "days-after-deposit", _("A number of days after deposit")
        MONTHS_THEN_FIRST_DAY = (
            "first-day-after-months",
            _("First day of the month after a number of months from deposit"),
        )
        ON_DEPOSIT = "on-deposit", _("On deposit")
        UNKNOWN = "unknown", _("Unknown")

    code = models.CharField(_("code"), max_length=40, unique=True)
    reference = models.CharField(_("depositary reference"), max_length=60, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title_en = models.CharField(_("title (English)"), max_length=400)
    title_fr = models.CharField(_("title (French)"), max_length=400, blank=True)
    title_es = models.CharField(_("title (Spanish)"), max_length=400, blank=True)
    title_pt = models.CharField(_("title (Portuguese)"), max_length=400, blank=True)
    title_ar = models.CharField(_("title (Arabic)"), max_length=400, blank=True)
    short_title = models.CharField(_("short title"), max_length=120, blank=True)
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    entry_into_force = models.DateField(_("entry into force"), null=True, blank=True)
    eif_rule = models.CharField(
        _("entry into force for later parties"),
        max_length=30,
        choices=EntryIntoForceRule.choices,
        default=EntryIntoForceRule.UNKNOWN,
    )
    eif_rule_value = models.PositiveIntegerField(_("days or months"), null=True, blank=True)
    eif_rule_article = models.CharField(_("article of the rule"), max_length=60, blank=True)
    modalities = models.JSONField(
        _("modalities"),
        default=dict,
        blank=True,
        help_text=_('{"mla": {"articles": ["18"], "conditions": [...], "warnings": [...]}, ...}'),
    )
    offence_scope = models.JSONField(
        _("offence scope"),
        default=dict,
        blank=True,
        help_text=_('{"kind": "any|listed", "offences": [{"iccs": "0905", "articles": "5"}], ...}'),
    )
    supersedes = models.JSONField(
        _("replaces between its parties"),
        default=list,
        blank=True,
        help_text=_('[{"modality": "mla", "instruments": ["CETS-030"], "article": "34", "note": "..."}]'),
    )
    parties_known = models.BooleanField(_("party list known"), default=True)
    parties_complete = models.BooleanField(_("party list complete"), default=True)
    parties_note = models.TextField(_("note on the party list"), blank=True)
    url = models.URLField(_("depositary page"), max_length=400, blank=True)
    text_url = models.URLField(_("text"), max_length=400, blank=True)
    # The date of the newest fact recorded (a status table's newest action); unknown where the
    # sources are undated, never the day the data was compiled.
    as_at = models.DateField(_("as at"), null=True, blank=True)  # type: ignore[assignment]

    class Meta:
        verbose_name = _("instrument")
        verbose_name_plural = _("instruments")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code

    @property
    def title(self) -> str:
        """The title in the active language where an official one is recorded, else English."""
        return localized(self, "title")

    @property
    def title_language(self) -> str:
        return localized_language(self, "title")


class Participation(Sourced):
    """A jurisdiction's signature, ratification, accession, succession ... to an instrument."""

    class Kind(models.TextChoices):
        SIGNATURE = "signature", _("Signature only")
        RATIFICATION = "ratification", _("Ratification")
        ACCESSION = "accession", _("Accession")
        ACCEPTANCE = "acceptance", _("Acceptance")
        APPROVAL = "approval", _("Approval")
        SUCCESSION = "succession", _("Succession")
        FORMAL_CONFIRMATION = "formal-confirmation", _("Formal confirmation")
        MEMBERSHIP = "membership", _("Bound as EU member state")
        PARTICIPANT = "participant", _("Party (instrument not recorded)")
        NOT_BOUND = "not-bound", _("Not bound (opt-out)")

    instrument = models.ForeignKey(
        Instrument, on_delete=models.CASCADE, related_name="participations", verbose_name=_("instrument")
    )
    jurisdiction = models.ForeignKey(
        "reference.Jurisdiction",
        on_delete=models.PROTECT,
        to_field="code",
        related_name="treaty_participations",
        verbose_name=_("jurisdiction"),
    )
    name_in_source = models.CharField(_("name in the source"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    deposited_on = models.DateField(_("deposited on"), null=True, blank=True)
    in_force_on = models.DateField(
        _("in force for this party from"),
        null=True,
        blank=True,
        help_text=_("Computed from the deposit date and the instrument's rule, unless given by the source."),
    )
    in_force_given = models.BooleanField(
        _("entry into force given by the source"),
        default=False,
        help_text=_("Keep the source's date instead of computing it."),
    )
    party_as_at = models.DateField(
        _("known to be bound on"),
        null=True,
        blank=True,
        help_text=_("Where no date of entry into force is known: a date on which the source shows it bound."),
    )
    succession_on = models.DateField(
        _("date of succession"),
        null=True,
        blank=True,
        help_text=_("A successor State is bound from the date of succession, not from its notification."),
    )
    denounced_on = models.DateField(_("denounced on"), null=True, blank=True)
    ceases_on = models.DateField(_("no longer bound from"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        ordering = ["instrument__code", "jurisdiction__name_en"]
        constraints = [
            models.UniqueConstraint(fields=["instrument", "jurisdiction"], name="participation_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.jurisdiction_id} · {self.instrument}"

    @property
    def is_party(self) -> bool:
        return self.kind not in (self.Kind.SIGNATURE, self.Kind.NOT_BOUND)


class Declaration(Sourced):
    """A party's declaration or reservation that matters for cooperation."""

    class Kind(models.TextChoices):
        CENTRAL_AUTHORITY = "central-authority", _("Central authority designation")
        LANGUAGES = "languages", _("Accepted languages")
        EXTRADITION_BASIS = "extradition-basis", _("Legal basis for extradition")
        CHANNELS = "channels", _("Channels of communication")
        OTHER = "other", _("Other")

    participation = models.ForeignKey(
        Participation, on_delete=models.CASCADE, related_name="declarations", verbose_name=_("participation")
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    articles = models.CharField(_("articles"), max_length=100, blank=True)
    text = models.TextField(_("text"))
    extradition_requires_treaty = models.BooleanField(
        _("makes extradition conditional on a treaty"), null=True, blank=True
    )
    accepts_as_extradition_basis = models.BooleanField(
        _("accepts this instrument as the legal basis for extradition"), null=True, blank=True
    )
    extradition_basis_condition = models.CharField(
        _("accepts it as the legal basis for extradition only if"),
        max_length=300,
        blank=True,
        help_text=_('What must hold, as a clause: "the person sought is not a national of Lithuania (art. 6(3))".'),
    )

    class Meta:
        verbose_name = _("declaration")
        verbose_name_plural = _("declarations")
        ordering = ["participation", "kind", "pk"]

    def __str__(self) -> str:
        return f"{self.participation} · {self.get_kind_display()}"


class TerritorialApplication(Sourced):
    """A party's declaration that an instrument applies, or does not apply, to one of its territories."""

    instrument = models.ForeignKey(
        Instrument, on_delete=models.CASCADE, related_name="territorial_applications", verbose_name=_("instrument")
    )
    party = models.ForeignKey(
        "reference.Jurisdiction",
        on_delete=models.PROTECT,
        to_field="code",
        related_name="+",
        verbose_name=_("party"),
    )
    territory = models.ForeignKey(
        "reference.Jurisdiction",
        on_delete=models.PROTECT,
        to_field="code",
        related_name="territorial_applications",
        verbose_name=_("territory"),
    )
    applies = models.BooleanField(_("applies to the territory"))
    applies_from = models.DateField(_("from"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("territorial application")
        verbose_name_plural = _("territorial applications")
        ordering = ["instrument__code", "territory__code"]
        constraints = [
            models.UniqueConstraint(fields=["instrument", "territory"], name="territorial_application_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.instrument} · {self.territory_id}"


class Territory(Sourced):
    """A territory with its own system of cooperation, and the party it belongs to (Hong Kong: China)."""

    territory = models.OneToOneField(
        "reference.Jurisdiction",
        on_delete=models.PROTECT,
        to_field="code",
        related_name="territory_of",
        verbose_name=_("territory"),
    )
    party = models.ForeignKey(
        "reference.Jurisdiction",
        on_delete=models.PROTECT,
        to_field="code",
        related_name="territories",
        verbose_name=_("party"),
    )

    class Meta:
        verbose_name = _("territory")
        verbose_name_plural = _("territories")
        ordering = ["territory"]

    def __str__(self) -> str:
        return f"{self.territory_id} ({self.party_id})"


class BilateralTreaty(Sourced):
    """A treaty between two jurisdictions for one modality."""

    code = models.CharField(_("code"), max_length=60, unique=True)
    first = models.ForeignKey(
        "reference.Jurisdiction",
        on_delete=models.PROTECT,
        to_field="code",
        related_name="+",
        verbose_name=_("first party"),
    )
    second = models.ForeignKey(
        "reference.Jurisdiction",
        on_delete=models.PROTECT,
        to_field="code",
        related_name="+",
        verbose_name=_("second party"),
    )
    modality = models.CharField(_("modality"), max_length=30, choices=Modality.choices)
    title = models.CharField(_("title"), max_length=400)
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    articles = models.CharField(_("articles"), max_length=100, blank=True)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    in_force_on = models.DateField(_("in force from"), null=True, blank=True)
    terminated_on = models.DateField(_("terminated on"), null=True, blank=True)
    url = models.URLField(_("text"), max_length=400, blank=True)

    class Meta:
        verbose_name = _("bilateral treaty")
        verbose_name_plural = _("bilateral treaties")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.title


class TreatyDataState(models.Model):
    """One row: a counter that every treaty-data write moves, so snapshots know when to rebuild."""

    version = models.PositiveBigIntegerField(default=0)
    token = models.CharField(max_length=32, blank=True, help_text="Random per change: survives rollbacks.")
    changed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("treaty data state")
        verbose_name_plural = _("treaty data state")

    def __str__(self) -> str:
        return f"treaty data v{self.version}"
