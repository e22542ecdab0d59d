"""Demo requests: a handful of fictitious requests of the Kenyan demo authority, in every
kind of state, so the dashboard, the list and a request page have something to show.

Every person, authority, reference and document here is fictitious and marked demo.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from entraide.accounts.models import User
from entraide.cases import lifecycle
from entraide.cases.lifecycle import Direction, Status
from entraide.cases.models import Request
from entraide.cases.services import (
    deadline_add,
    document_upload,
    measure_add,
    measure_transition,
    offence_add,
    person_add,
    request_assign,
    request_create,
    request_transition,
)
from entraide.core import crypto
from entraide.drafting.checks import findings_for
from entraide.drafting.models import Translation
from entraide.drafting.selectors import languages_needed
from entraide.drafting.services.review import request_approve, request_submit, request_transmit
from entraide.drafting.services.translations import translation_set
from entraide.reference.models import Jurisdiction, OffenceClass
from entraide.tenancy.models import Authority
from entraide.tenancy.roles import Role

# The reason the demo gives each move it makes (typed data, in English like the rest of the demo).
DEMO_STEP = "Demo step (fictitious)"
DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n"
    b"(Fictitious bank statement for the Entraide demo. No real person or account.) \n"
    b"trailer << /Root 1 0 R >>\n%%EOF\n"
)


def walk_through_review(request: Request, officer: User, supervisor: User, statuses: list[str]) -> None:
    """Move a demo request on; outgoing ones go through the review like any other."""
    for to in statuses:
        if lifecycle.is_reviewed(request.direction, to):
            _review(request, officer, supervisor, to)
            continue
        actor = supervisor if to in {"approved", "accepted", "refused", "postponed"} else officer
        request_transition(actor=actor, request=request, to=to, reason=DEMO_STEP)


def _review(request: Request, officer: User, supervisor: User, to: str) -> None:
    if to == Status.IN_REVIEW:
        for language in languages_needed(request)[1][:1]:
            translation_set(
                actor=officer,
                request=request,
                language=language,
                status=Translation.Status.RECEIVED,
                translator="Demo Translations Ltd (fictitious)",
            )
        request_submit(actor=officer, request=request, reason=DEMO_STEP)
    elif to == Status.APPROVED:
        warnings = {f.code: f"{DEMO_STEP}: accepted as it stands." for f in findings_for(request) if f.needs_override}
        request_approve(actor=supervisor, request=request, overrides=warnings, reason=DEMO_STEP)
    else:
        request_transmit(actor=officer, request=request, reason=DEMO_STEP)


def _documents_possible() -> bool:
    """Documents are encrypted: without a master key (outside demo mode) the demo has none."""
    try:
        crypto.current_master_key()
    except ImproperlyConfigured:
        return False
    return True


def _offence(code: str) -> OffenceClass | None:
    return OffenceClass.objects.filter(code=code).first()


def demo_cases_load(*, central: Authority, executing: Authority, actor: Any = None) -> None:
    """Create the demo requests of the Kenyan demo authority (once); one incoming request
    is assigned to the Kenyan demo competent authority, so its executor has work."""
    from entraide.demo.services import demo_email

    if Request.objects.filter(authority=central, is_demo=True).exists():
        return
    officer = User.objects.get(email=demo_email("ke", Role.OFFICER))
    supervisor = User.objects.get(email=demo_email("ke", Role.SUPERVISOR))
    kenya = central.jurisdiction
    somalia = Jurisdiction.objects.get(code="SOM")
    others = {j.code: j for j in Jurisdiction.objects.filter(code__in=["TZA", "UGA", "FRA"])}
    today = timezone.localdate()
    made: list[Request] = []

    def new(direction: str, counterpart: Jurisdiction, title: str, **fields: Any) -> Request:
        outgoing = direction == Direction.OUTGOING
        request = request_create(
            actor=officer,
            direction=direction,
            title=f"{title} (fictitious)",
            requesting_jurisdiction=kenya if outgoing else counterpart,
            requested_jurisdiction=counterpart if outgoing else kenya,
            **fields,
        )
        made.append(request)
        return request

    # 1. An outgoing draft with its offence, persons and measures.
    draft = new(
        Direction.OUTGOING,
        somalia,
        "Bank records of a shell company",
        facts="A fictitious company is suspected of laundering bribes through two accounts.",
        national_case_number="DEMO-CR 101/2025",
    )
    offence_add(
        actor=officer,
        request=draft,
        provision="Anti-Corruption and Economic Crimes Act, s. 46 (demo)",
        max_penalty_years=10,
        offence_class=_offence("07031"),
    )
    person_add(
        actor=officer,
        request=draft,
        role="suspect",
        name="Jane Example (fictitious)",
        nationality=kenya,
        location="Nairobi",
    )
    person_add(
        actor=officer,
        request=draft,
        role="owner-of-assets",
        name="Example Trading Ltd (fictitious)",
        is_entity=True,
        location="Mogadishu",
    )
    measure_add(actor=officer, request=draft, kind="bank-records", description="Statements 2022-2024, two accounts")
    measure_add(actor=officer, request=draft, kind="freezing", description="Freeze the balance of both accounts")

    # 2. An outgoing request transmitted long ago, waiting for an answer (reminder).
    waiting = new(
        Direction.OUTGOING,
        others.get("TZA", somalia),
        "Witness hearing by videoconference",
        urgent=True,
        urgency_reason="Trial date set",
        facts="A fictitious witness saw the transfer of cash between two fictitious officials in Nairobi.",
        proceedings="Criminal trial DEMO-CR 88/2025 before the High Court, Nairobi (fictitious).",
        purpose="To hear the witness at the trial by videoconference.",
    )
    measure_add(
        actor=officer,
        request=waiting,
        kind="videoconference-hearing",
        details={
            "person": "John Example (fictitious)",
            "capacity": "witness",
            "questions": "What did you see on 3 March 2025?",
            "why_not_in_person": "The witness is in poor health and cannot travel.",
        },
    )
    walk_through_review(waiting, officer, supervisor, ["in-review", "approved", "transmitted"])
    Request.objects.filter(pk=waiting.pk).update(last_sent_at=timezone.now() - dt.timedelta(days=45))
    deadline_add(
        actor=officer,
        request=waiting,
        kind="court-date",
        due_on=today + dt.timedelta(days=10),
        note="High Court, Nairobi (demo)",
    )

    # 3. An incoming request accepted, one measure overdue.
    incoming = new(
        Direction.INCOMING, somalia, "Search of premises and seizure of phones", their_reference="SOM-MJ/DEMO/77"
    )
    offence_add(
        actor=officer, request=incoming, provision="Penal Code (Somalia), art. 0 (demo)", offence_class=_offence("0903")
    )
    measure_add(actor=officer, request=incoming, kind="search-seizure", due_on=today - dt.timedelta(days=5))
    measure_add(actor=officer, request=incoming, kind="witness-hearing", due_on=today + dt.timedelta(days=20))
    walk_through_review(incoming, officer, supervisor, ["registered", "under-assessment", "accepted"])
    request_assign(actor=supervisor, request=incoming, authority=executing, reason=DEMO_STEP)

    # 4. An urgent incoming request just received, with a detention limit.
    received = new(
        Direction.INCOMING,
        others.get("UGA", somalia),
        "Provisional arrest pending extradition",
        modality="extradition",
        urgent=True,
        urgency_reason="Person located; detention limit",
    )
    deadline_add(actor=officer, request=received, kind="detention-limit", due_on=today + dt.timedelta(days=4))

    # 5. An outgoing request executed, its evidence received under a use limitation.
    done = new(
        Direction.OUTGOING,
        others.get("FRA", somalia),
        "Production of company records",
        use_limitation="Evidence to be used only in case DEMO-CR 55/2024 (UNTOC art. 18(19)).",
        facts="A fictitious Kenyan company paid fictitious invoices of a French supplier that did no work.",
        proceedings="Investigation DEMO-CR 55/2024 by the Office of the Director of Public Prosecutions (fictitious).",
        purpose="To trace the payments and identify who received them.",
    )
    production = measure_add(actor=officer, request=done, kind="production")
    walk_through_review(
        done, officer, supervisor, ["in-review", "approved", "transmitted", "acknowledged", "in-execution"]
    )
    measure_transition(actor=officer, measure=production, to="executed", result="Records received (demo)")
    if _documents_possible():
        document_upload(
            actor=officer,
            request=done,
            filename="company-records-demo.pdf",
            data=DEMO_PDF,
            title="Company records (fictitious)",
            kind="evidence",
        )

    # 6. An outgoing request sent through the secure exchange to the Somali demo central authority,
    # on this same node (the local transport): registered there, and its status shown here.
    somali = Authority.objects.filter(jurisdiction=somalia, kind=Authority.Kind.CENTRAL, is_demo=True).first()
    if somali is not None:
        exchanged = new(
            Direction.OUTGOING,
            somalia,
            "Identification of the holder of a mobile number",
            requested_authority=somali,
            facts="A fictitious extortion gang used a Somali mobile number to demand payments from a Kenyan trader.",
            proceedings="Investigation DEMO-CR 131/2025 by the Directorate of Criminal Investigations (fictitious).",
            purpose="To identify and locate the person who holds the number.",
        )
        offence_add(
            actor=officer,
            request=exchanged,
            provision="Penal Code (Kenya), demanding property with menaces (demo)",
            offence_class=_offence("0201"),
        )
        measure_add(actor=officer, request=exchanged, kind="location", description="Subscriber of +252 00 000 0000")
        walk_through_review(exchanged, officer, supervisor, ["in-review", "approved", "transmitted"])
        _carry()
        theirs = Request.objects.filter(authority=somali, their_reference=exchanged.our_reference).first()
        if theirs is not None:
            somali_officer = User.objects.get(email=demo_email("so", Role.OFFICER))
            request_transition(actor=somali_officer, request=theirs, to="registered", reason=DEMO_STEP)
            Request.objects.filter(pk=theirs.pk).update(is_demo=True)
            _carry()

    Request.objects.filter(pk__in=[r.pk for r in made]).update(is_demo=True)


def _carry() -> None:
    """Carry the exchange's messages between the demo authorities now (the worker would)."""
    from entraide.exchange import services

    for _ in range(10):
        if not services.inbox_drain(worker="demo") + services.outbox_drain(worker="demo"):
            return
