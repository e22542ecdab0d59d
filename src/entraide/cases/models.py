"""Requests for cooperation, their measures, offences, persons, deadlines, documents and timeline."""

from __future__ import annotations

import datetime
import uuid
from typing import Any, ClassVar

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.dateparse import parse_datetime
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from entraide.reference.choices import Modality
from entraide.tenancy import rules
from entraide.tenancy.policies import TenantManager, TenantPolicy
from entraide.tenancy.roles import Role

from .lifecycle import MEASURE_OPEN_STATUSES, OPEN_STATUSES, Direction, MeasureStatus, RefusalGround, Status


class Assertion(models.TextChoices):
    """How firmly a fact the legal-basis engine needs is known (UNTOC art. 18(1): reasonable grounds)."""

    STATED = "stated", _("Stated")
    SUSPECTED = "suspected", _("Suspected on reasonable grounds")
    UNKNOWN = "unknown", _("Not known")
    NO = "no", _("No")


# How a request relates to an earlier one.
RELATIONS = [("supplementary", _("Supplementary")), ("follow-up", _("Follow-up"))]


class Request(models.Model):
    """One request for cooperation, outgoing or incoming, owned by one authority (the tenant)."""

    Direction = Direction
    Status = Status
    Modality = Modality

    authority = models.ForeignKey(
        "tenancy.Authority", on_delete=models.PROTECT, related_name="requests", verbose_name=_("authority")
    )
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices)
    modality = models.CharField(_("modality"), max_length=30, choices=Modality.choices, default=Modality.MLA)
    status = models.CharField(_("status"), max_length=30, choices=Status.choices, db_index=True)
    requesting_jurisdiction = models.ForeignKey(
        "reference.Jurisdiction", on_delete=models.PROTECT, related_name="+", verbose_name=_("requesting jurisdiction")
    )
    requested_jurisdiction = models.ForeignKey(
        "reference.Jurisdiction", on_delete=models.PROTECT, related_name="+", verbose_name=_("requested jurisdiction")
    )
    requesting_authority = models.ForeignKey(
        "tenancy.Authority",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requesting authority"),
    )
    requested_authority = models.ForeignKey(
        "tenancy.Authority",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested authority"),
    )
    counterpart = models.ForeignKey(
        "reference.Jurisdiction",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("counterpart"),
        help_text=_("The other jurisdiction: requested for outgoing requests, requesting for incoming ones."),
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("officer in charge"),
    )
    assigned_authority = models.ForeignKey(
        "tenancy.Authority",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_requests",
        verbose_name=_("executing authority"),
    )
    our_reference = models.CharField(_("our reference"), max_length=60, db_index=True)
    their_reference = models.CharField(_("their reference"), max_length=100, blank=True)
    national_case_number = models.CharField(_("national case number"), max_length=100, blank=True)
    title = models.CharField(_("title"), max_length=300)
    facts = models.TextField(_("summary of facts"), blank=True)
    proceedings = models.TextField(
        _("subject matter and nature of the proceedings"),
        blank=True,
        help_text=_("The investigation, prosecution or judicial proceeding, and the authority conducting it."),
    )
    purpose = models.TextField(
        _("purpose of the request"), blank=True, help_text=_("What the evidence, information or action is sought for.")
    )
    procedure = models.TextField(
        _("procedure to be followed"),
        blank=True,
        help_text=_("Any particular procedure the requesting State wishes to be followed; empty if none."),
    )
    details = models.JSONField(
        _("details of the modality"),
        default=dict,
        blank=True,
        help_text=_("What this modality needs beyond the common fields (cases.details names the keys)."),
    )
    legal_basis_code = models.CharField(
        _("legal basis"), max_length=60, blank=True, help_text=_("Instrument code, or 'reciprocity'.")
    )
    legal_basis_articles = models.CharField(_("articles"), max_length=200, blank=True)
    legal_basis_reason = models.TextField(_("reason for a legal basis the engine does not find applicable"), blank=True)
    legal_basis_snapshot = models.JSONField(
        _("legal basis as explained when chosen"),
        default=dict,
        blank=True,
        help_text=_("The engine's option (conditions, warnings, sources) as it was at that moment."),
    )
    urgent = models.BooleanField(_("urgent"), default=False)
    urgency_reason = models.TextField(_("reason for urgency"), blank=True)
    confidential = models.BooleanField(_("confidentiality requested (UNTOC 18(20))"), default=False)
    use_limitation = models.TextField(
        _("use limitation / speciality conditions (UNTOC 18(19))"),
        blank=True,
        help_text=_("Conditions on the use of evidence; empty if none."),
    )
    use_consent_recorded_at = models.DateTimeField(_("consent to other use recorded at"), null=True, blank=True)
    use_consent_note = models.TextField(_("consent to other use"), blank=True)
    refusal_ground = models.CharField(_("ground for refusal"), max_length=30, choices=RefusalGround.choices, blank=True)
    refusal_text = models.TextField(_("refusal explained"), blank=True)
    related_to = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="related_requests",
        verbose_name=_("related to"),
    )
    relation = models.CharField(
        _("relation"),
        max_length=20,
        blank=True,
        choices=RELATIONS,
    )
    received_on = models.DateField(_("received on"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_alone = models.BooleanField(
        _("approved without a second pair of eyes"),
        default=False,
        help_text=_("Approved by its drafter because the authority's administrator relaxed four eyes."),
    )
    last_sent_at = models.DateTimeField(
        _("last sent or asked at"),
        null=True,
        blank=True,
        help_text=_("When we last waited for an answer from the other side."),
    )
    status_changed_at = models.DateTimeField(_("status changed at"), null=True, blank=True)
    idempotency_key = models.UUIDField(_("form token"), null=True, blank=True, editable=False)
    is_demo = models.BooleanField(_("demo"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = TenantManager()

    tenancy: ClassVar[TenantPolicy] = rules.REQUEST

    class Meta:
        verbose_name = _("request")
        verbose_name_plural = _("requests")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["authority", "status", "-created_at"], name="request_tenant_status"),
            models.Index(fields=["authority", "-created_at"], name="request_tenant_created"),
            models.Index(fields=["assigned_authority", "-created_at"], name="request_assigned"),
            # The dashboard reads open requests only, a small part of an authority's history:
            # its queue ("urgent first, longest waiting first") and its count by direction.
            models.Index(
                fields=["authority", "-urgent", "status_changed_at"],
                condition=Q(status__in=OPEN_STATUSES),
                name="request_open_queue",
            ),
            models.Index(
                fields=["authority", "direction"], condition=Q(status__in=OPEN_STATUSES), name="request_open_direction"
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["authority", "our_reference"], name="request_unique_reference"),
            models.UniqueConstraint(fields=["authority", "idempotency_key"], name="request_unique_form_token"),
        ]

    def __str__(self) -> str:
        return f"{self.our_reference} {self.title}"

    @property
    def is_outgoing(self) -> bool:
        return self.direction == Direction.OUTGOING

    @property
    def legal_basis_chosen_at(self) -> datetime.datetime | None:
        """When the legal basis's explanation was kept (stored in ISO 8601 inside the snapshot)."""
        value = (self.legal_basis_snapshot or {}).get("chosen_at")
        return parse_datetime(value) if isinstance(value, str) else None

    @property
    def under_use_limitation(self) -> bool:
        """Evidence of this request may not be used elsewhere until the other side consents."""
        return bool(self.use_limitation.strip()) and self.use_consent_recorded_at is None


class Offence(models.Model):
    """An offence named in a request: national provision, maximum penalty, ICCS class."""

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="offences")
    provision = models.CharField(_("national provision"), max_length=500)
    max_penalty_years = models.DecimalField(
        _("maximum penalty (years)"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    life_imprisonment = models.BooleanField(_("life imprisonment"), default=False)
    offence_class = models.ForeignKey(
        "reference.OffenceClass",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ICCS class"),
    )
    text = models.TextField(_("text of the provision and penalty"), blank=True)
    transnational = models.CharField(
        _("transnational"), max_length=10, choices=Assertion.choices, default=Assertion.UNKNOWN
    )
    organized_group = models.CharField(
        _("involves an organized criminal group"), max_length=10, choices=Assertion.choices, default=Assertion.UNKNOWN
    )

    objects = TenantManager()
    tenancy: ClassVar[TenantPolicy] = rules.REQUEST_PART

    class Meta:
        verbose_name = _("offence")
        verbose_name_plural = _("offences")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(max_penalty_years__gte=0) | models.Q(max_penalty_years__isnull=True),
                name="offence_penalty_not_negative",
            )
        ]

    def __str__(self) -> str:
        return self.provision


class Person(models.Model):
    """A person or entity named in a request, with the role of Directive (EU) 2016/680 art. 6."""

    class Role(models.TextChoices):
        SUSPECT = "suspect", _("Suspect")
        ACCUSED = "accused", _("Accused or convicted")
        WITNESS = "witness", _("Witness")
        VICTIM = "victim", _("Victim")
        OWNER = "owner-of-assets", _("Owner of assets")
        OTHER = "other", _("Other")

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="persons")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    is_entity = models.BooleanField(_("legal person"), default=False)
    name = models.CharField(_("name"), max_length=300)
    identity = models.TextField(_("identity"), blank=True, help_text=_("Date of birth, identity documents, ..."))
    nationality = models.ForeignKey(
        "reference.Jurisdiction",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("nationality"),
    )
    location = models.CharField(_("location"), max_length=300, blank=True)

    objects = TenantManager()
    tenancy: ClassVar[TenantPolicy] = rules.REQUEST_PART

    class Meta:
        verbose_name = _("person or entity")
        verbose_name_plural = _("persons and entities")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class Measure(models.Model):
    """One act requested inside a request, with its own status and executing authority."""

    class Kind(models.TextChoices):
        BANK_RECORDS = "bank-records", _("Bank records")
        WITNESS_HEARING = "witness-hearing", _("Witness hearing")
        VIDEO_HEARING = "videoconference-hearing", _("Videoconference hearing (UNTOC 18(18))")
        SEARCH_SEIZURE = "search-seizure", _("Search and seizure")
        PRODUCTION = "production", _("Production of documents")
        SERVICE = "service", _("Service of documents")
        FREEZING = "freezing", _("Freezing or seizure of assets")
        CONFISCATION = "confiscation", _("Confiscation")
        LOCATION = "location", _("Identification or location of persons")
        TEMPORARY_TRANSFER = "temporary-transfer", _("Temporary transfer of a detained person")
        PROVISIONAL_ARREST = "provisional-arrest", _("Provisional arrest")
        SPONTANEOUS = "spontaneous-information", _("Spontaneous information")
        OTHER = "other", _("Other")

    Status = MeasureStatus

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="measures")
    kind = models.CharField(_("measure"), max_length=30, choices=Kind.choices)
    description = models.TextField(_("description"), blank=True)
    details = models.JSONField(
        _("details"),
        default=dict,
        blank=True,
        help_text=_("What this kind of measure needs (cases.details names the keys)."),
    )
    status = models.CharField(_("status"), max_length=20, choices=MeasureStatus.choices, default=MeasureStatus.PENDING)
    assigned_authority = models.ForeignKey(
        "tenancy.Authority",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_measures",
        verbose_name=_("executing authority"),
    )
    due_on = models.DateField(_("due on"), null=True, blank=True)
    result = models.TextField(_("result"), blank=True)
    result_note = models.TextField(_("note on the execution"), blank=True)
    result_recorded_at = models.DateTimeField(_("result recorded at"), null=True, blank=True)
    result_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("result recorded by"),
    )
    remote_ref = models.CharField(
        _("requesting side's measure reference"),
        max_length=64,
        blank=True,
        help_text=_("On a request received through the secure exchange: the sender's id of this measure."),
    )
    status_changed_at = models.DateTimeField(_("status changed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = TenantManager()
    tenancy: ClassVar[TenantPolicy] = rules.MEASURE

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["id"]
        # The dashboard's overdue measures, earliest due first: open measures only.
        indexes = [
            models.Index(fields=["due_on"], condition=Q(status__in=MEASURE_OPEN_STATUSES), name="measure_open_due"),
        ]

    def __str__(self) -> str:
        return str(self.get_kind_display())


class Deadline(models.Model):
    """A hard date the request must meet: a court date, a detention limit, a limitation period."""

    class Kind(models.TextChoices):
        COURT_DATE = "court-date", _("Court date")
        DETENTION_LIMIT = "detention-limit", _("Detention limit")
        LIMITATION = "limitation", _("Limitation period")
        OTHER = "other", _("Other")

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="deadlines")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    due_on = models.DateField(_("date"), db_index=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    met = models.BooleanField(_("met or no longer relevant"), default=False)

    objects = TenantManager()
    tenancy: ClassVar[TenantPolicy] = rules.REQUEST_PART

    class Meta:
        verbose_name = _("deadline")
        verbose_name_plural = _("deadlines")
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.due_on}"


# What a move made by no user (the worker, a reminder, the demo's loader) is recorded as.
SYSTEM_LABEL = "system"


class TimelineNote(models.TextChoices):
    """What the system says of a move it made or explains, stored as a code and translated on display
    (a reason a user typed stays in ``reason`` as typed)."""

    CREATED = "created", _("Created")
    MEASURE_ADDED = "measure-added", _("Measure added")
    RECEIVED_REMOTE = "received-remote", _("Received through the secure exchange")
    RESULT_REMOTE = "result-remote", _("Result received through the secure exchange")
    FOLLOWS_MEASURES = "follows-measures", _("Follows from its measures")
    ASSIGNED = "assigned", _("Assigned to the executing authority")
    RESULT_RECORDED = "result-recorded", _("Result recorded")
    CHECKED = "checked", _("Submitted with the findings of its quality checks")  # subject: "<blocking> <warnings>"
    APPROVED_ALONE = "approved-alone", _("Approved by its drafter: four eyes relaxed for this authority")
    WARNINGS_LET_GO = "warnings-let-go", _("Warnings let go, each with a reason")
    APPROVED_ALONE_WARNINGS = (
        "approved-alone-warnings",
        _("Approved by its drafter (four eyes relaxed for this authority); warnings let go, each with a reason"),
    )


class TimelineEntry(models.Model):
    """One status change of a request or of one of its measures: old, new, actor, reason, time."""

    Note = TimelineNote

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="timeline")
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, null=True, blank=True, related_name="timeline")
    # The request's authority, kept on each row (a request never changes authority) so that an
    # authority's moves are found by an index, whatever else the node holds (the statistics).
    authority = models.ForeignKey(
        "tenancy.Authority", on_delete=models.PROTECT, related_name="+", editable=False, db_index=False
    )
    old_status = models.CharField(_("from"), max_length=30, blank=True)
    new_status = models.CharField(_("to"), max_length=30)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    actor_label = models.CharField(_("by"), max_length=254)
    reason = models.TextField(_("reason"), blank=True)
    note = models.CharField(_("note"), max_length=30, choices=TimelineNote.choices, blank=True)
    # What the note names, as data (the authority a request was assigned to): never translated.
    note_subject = models.CharField(_("named in the note"), max_length=300, blank=True)
    at = models.DateTimeField(_("at"), db_index=True)

    objects = TenantManager()
    tenancy: ClassVar[TenantPolicy] = rules.TIMELINE_ENTRY

    class Meta:
        verbose_name = _("timeline entry")
        verbose_name_plural = _("timeline")
        ordering = ["at", "id"]
        indexes = [
            models.Index(fields=["request", "at"], name="timeline_request_at"),
            # The statistics: an authority's moves into a status within a period (sent, received, outcomes, spans).
            models.Index(fields=["authority", "new_status", "at"], name="timeline_tenant_status_at"),
        ]

    def __str__(self) -> str:
        return f"{self.old_status} → {self.new_status}"

    def _label(self, value: str) -> str:
        choices = MeasureStatus if self.measure_id else Status
        return str(choices(value).label) if value in choices.values else value

    def note_html(self) -> SafeString:
        """The note in the reader's language; what it names stays as it is, isolated (``<bdi>``)."""
        if self.note == TimelineNote.ASSIGNED and self.note_subject:
            sentence = conditional_escape(gettext("Assigned to %(name)s"))
            # Both parts are escaped: the translated sentence above, the name by format_html.
            return mark_safe(sentence % {"name": format_html("<bdi>{}</bdi>", self.note_subject)})
        if self.note == TimelineNote.CHECKED and self.note_subject:
            blocking, warnings = (int(n) for n in self.note_subject.split())
            return conditional_escape(
                gettext("Quality checks: %(blocking)d blocking, %(warnings)d warnings to let go")
                % {"blocking": blocking, "warnings": warnings}
            )
        return conditional_escape(self.get_note_display())

    @property
    def actor_name(self) -> str:
        """Who moved it, by name: a user of this node by their full name, the other side of the
        exchange by the label it was recorded with, the system in the reader's language."""
        if self.actor is not None:
            return self.actor.full_name or self.actor.email
        if self.actor_label == SYSTEM_LABEL:
            return str(_("System"))
        return self.actor_label

    @property
    def old_label(self) -> str:
        return self._label(self.old_status)

    @property
    def new_label(self) -> str:
        return self._label(self.new_status)


class Document(models.Model):
    """A document of a request; its content lives in encrypted versions."""

    class Kind(models.TextChoices):
        LETTER = "letter", _("Letter of request")
        EVIDENCE = "evidence", _("Evidence")
        CORRESPONDENCE = "correspondence", _("Correspondence")
        EXECUTION = "execution", _("Execution report")
        OTHER = "other", _("Other")

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    title = models.CharField(_("title"), max_length=300)
    shared_with_executor = models.BooleanField(_("shared with the executing authority"), default=False)
    generated = models.BooleanField(
        _("generated"),
        default=False,
        help_text=_("Made by Entraide from the request (a letter): regenerated, never replaced by an upload."),
    )
    derived_from = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("copied from")
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = TenantManager()
    tenancy: ClassVar[TenantPolicy] = rules.DOCUMENT

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.title


class DocumentVersion(models.Model):
    """One uploaded version: AES-GCM ciphertext in storage, its file key wrapped by the master key."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    filename = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    storage_name = models.CharField(max_length=255)
    wrapped_key = models.BinaryField()
    master_key_id = models.CharField(max_length=16, db_index=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("document version")
        verbose_name_plural = _("document versions")
        ordering = ["document", "number"]
        constraints = [models.UniqueConstraint(fields=["document", "number"], name="document_version_unique")]

    def __str__(self) -> str:
        return f"{self.filename} v{self.number}"


class ReminderPolicy(models.Model):
    """How many days my authority waits for an answer from one counterpart before a reminder."""

    authority = models.ForeignKey("tenancy.Authority", on_delete=models.CASCADE, related_name="+")
    counterpart = models.ForeignKey(
        "reference.Jurisdiction", on_delete=models.CASCADE, related_name="+", verbose_name=_("counterpart")
    )
    days_without_answer = models.PositiveIntegerField(_("days without an answer"))

    objects = TenantManager()
    tenancy: ClassVar[TenantPolicy] = rules.REMINDER_POLICY

    class Meta:
        verbose_name = _("reminder policy")
        verbose_name_plural = _("reminder policies")
        constraints = [models.UniqueConstraint(fields=["authority", "counterpart"], name="reminder_policy_unique")]

    def __str__(self) -> str:
        return f"{self.counterpart_id}: {self.days_without_answer}"


class Reminder(models.Model):
    """Something that needs attention, raised by the worker; shown on the dashboard and e-mailed."""

    class Kind(models.TextChoices):
        NO_ANSWER = "no-answer", _("No answer")
        MEASURE_OVERDUE = "measure-overdue", _("Measure overdue")
        DEADLINE = "deadline", _("Hard deadline approaching")

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="reminders")
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    deadline = models.ForeignKey(Deadline, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    key = models.CharField(max_length=120, help_text="Deduplicates reminders: one per cause and period.")
    message = models.CharField(_("message"), max_length=500)
    created_at = models.DateTimeField(_("raised at"), auto_now_add=True)
    claimed_by = models.CharField(max_length=64, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)
    # Each side dismisses for itself: the authority that owns the request, and the executing
    # authority that sees the reminder about its measure or its assigned request.
    dismissed_at = models.DateTimeField(_("dismissed at"), null=True, blank=True)
    executor_dismissed_at = models.DateTimeField(_("dismissed by the executing authority at"), null=True, blank=True)

    objects = TenantManager()
    tenancy: ClassVar[TenantPolicy] = rules.REMINDER

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["key"], name="reminder_unique_key")]
        indexes = [models.Index(fields=["emailed_at", "claimed_at"], name="reminder_to_send")]

    def __str__(self) -> str:
        return self.message

    @staticmethod
    def dismissed_field(user: Any) -> str:
        """The field that records ``user``'s side dismissing a reminder."""
        return "executor_dismissed_at" if getattr(user, "role", None) == Role.EXECUTOR else "dismissed_at"


class FormToken(models.Model):
    """A form's one-time token: the same form submitted twice creates one object."""

    token = models.UUIDField(primary_key=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    used_at = models.DateTimeField(auto_now_add=True)
    # What the first submission made (the API answers a repeated Idempotency-Key with it).
    object_id = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("form token")
        verbose_name_plural = _("form tokens")

    def __str__(self) -> str:
        return str(self.token)
