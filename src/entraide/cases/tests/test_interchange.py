"""Requests between nodes: the body of request.submit and back, and what the other side did."""

import base64
import datetime as dt
import hashlib
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from entraide.audit.models import AuditEvent
from entraide.cases.errors import CaseValidationError, SpecialityBlocked
from entraide.cases.lifecycle import Status
from entraide.cases.models import Document, DocumentVersion, Measure, Request
from entraide.cases.services import (
    deadline_add,
    document_copy,
    document_upload,
    documents_receive,
    measure_add,
    measure_result_remote,
    measure_transition,
    offence_add,
    person_add,
    request_export,
    request_move_remote,
    request_receive,
    request_transition,
    request_update,
)
from entraide.cases.signals import measure_moved, request_moved, request_viewed
from entraide.reference.models import OffenceClass
from entraide.testing.cases import new_incoming, new_outgoing, walk

from .helpers import docx_bytes, pdf_with

pytestmark = pytest.mark.django_db

BY = "Kenya — ODPP (via secure exchange)"


def _sent(users):
    """A Kenyan request to Somalia with every part and two documents, as the Kenyan node holds it."""
    officer = users.officer
    fraud = OffenceClass.objects.create(code="0701", level=2, name_en="Fraud", source="test", as_at=dt.date(2024, 1, 1))
    request = new_outgoing(users, title="Funds of a shell company")
    request_update(
        actor=officer,
        request=request,
        facts="Transfers from Nairobi to Mogadishu.",
        proceedings="Investigation by the ODPP.",
        purpose="Evidence for the trial.",
        procedure="Certified copies.",
        national_case_number="ODPP/12/2024",
        legal_basis_code="UNTOC",
        legal_basis_articles="18",
        urgent=True,
        urgency_reason="Trial on 1 March.",
        confidential=True,
        use_limitation="Only for case ODPP/12/2024.",
    )
    offence_add(
        actor=officer,
        request=request,
        provision="Penal Code s. 317",
        max_penalty_years=Decimal("10.0"),
        offence_class=fraud,
        text="Fraud, up to ten years.",
        transnational="stated",
        organized_group="suspected",
    )
    offence_add(actor=officer, request=request, provision="POCAMLA s. 3", life_imprisonment=True)
    person_add(
        actor=officer,
        request=request,
        role="suspect",
        name="A. Suspect",
        identity="born 1 January 1980",
        nationality=users.officer.authority.jurisdiction,
        location="Mogadishu",
    )
    person_add(actor=officer, request=request, role="owner-of-assets", name="Shell Ltd", is_entity=True)
    measure_add(
        actor=officer, request=request, kind="bank-records", description="Account 123", due_on=dt.date(2030, 1, 1)
    )
    measure_add(actor=officer, request=request, kind="witness-hearing")
    deadline_add(actor=officer, request=request, kind="court-date", due_on=dt.date(2030, 3, 1), note="Trial")
    document_upload(actor=officer, request=request, filename="letter.pdf", data=pdf_with("letter"), kind="letter")
    evidence = document_upload(actor=officer, request=request, filename="old.docx", data=docx_bytes("v1"))
    document_upload(
        actor=officer, request=request, filename="notes.docx", data=docx_bytes("v2"), document=evidence.document
    )
    return request


def _received(users, body):
    return request_receive(
        authority=users.outsider.authority,
        body=json.loads(json.dumps(body)),  # what travels is JSON
        by=BY,
        requesting_authority=users.officer.authority,
    )


def _parts(request):
    return {
        "offences": list(
            request.offences.values_list(
                "provision",
                "max_penalty_years",
                "life_imprisonment",
                "offence_class__code",
                "text",
                "transnational",
                "organized_group",
            )
        ),
        "persons": list(
            request.persons.values_list("role", "is_entity", "name", "identity", "nationality__code", "location")
        ),
        "measures": list(request.measures.values_list("kind", "description", "due_on")),
        "deadlines": list(request.deadlines.values_list("kind", "due_on", "note")),
    }


def _contents(request):
    from entraide.cases.services.documents import _plaintext

    return [
        (d.title, d.kind, v.filename, v.content_type, _plaintext(v))
        for d in request.documents.order_by("id")
        for v in [d.versions.order_by("-number").first()]
    ]


def _files(settings):
    return sorted(p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file())


def test_export_then_receive_reproduces_the_request(users):
    sent = _sent(users)
    body = request_export(sent)
    assert body["requesting_jurisdiction"] == "KEN" and body["requested_jurisdiction"] == "SOM"
    assert body["offences"][0]["iccs"] == "0701" and body["offences"][0]["max_penalty_years"] == "10.0"
    assert [m["ref"] for m in body["measures"]] == [str(m.pk) for m in sent.measures.order_by("id")]
    assert len(body["documents"]) == 2  # the latest version of each document
    received = _received(users, body)

    assert received.authority == users.outsider.authority and received.direction == "incoming"
    assert received.status == Status.RECEIVED and received.received_on == timezone.localdate()
    assert received.their_reference == sent.our_reference and received.our_reference.startswith("IN-")
    assert received.requested_authority == users.outsider.authority
    assert received.requesting_authority == users.officer.authority
    assert received.counterpart.code == "KEN" and received.officer is None and received.created_by is None
    for field in (
        "modality",
        "title",
        "facts",
        "proceedings",
        "purpose",
        "procedure",
        "urgent",
        "urgency_reason",
        "confidential",
        "use_limitation",
        "national_case_number",
        "legal_basis_code",
        "legal_basis_articles",
    ):
        assert getattr(received, field) == getattr(sent, field), field
    assert _parts(received) == _parts(sent)
    assert list(received.measures.values_list("remote_ref", flat=True)) == [m["ref"] for m in body["measures"]]
    assert _contents(received) == _contents(sent)  # byte for byte
    assert not received.documents.filter(shared_with_executor=True).exists()
    assert not received.documents.exclude(created_by=None).exists()

    timeline = list(received.timeline.values_list("measure", "new_status", "actor", "actor_label"))
    assert timeline[0] == (None, Status.RECEIVED, None, BY)
    assert {row[2:] for row in timeline} == {(None, BY)}
    events = AuditEvent.objects.filter(authority_id=users.outsider.authority.pk)
    assert events.filter(action="request.created", object_id=str(received.pk)).exists()
    assert events.filter(action="document.uploaded").count() == 2
    assert not events.exclude(actor=None).exists()


def test_a_tampered_digest_or_size_is_refused_and_nothing_is_stored(users, settings):
    body = request_export(_sent(users))
    files, requests, versions = _files(settings), Request.objects.count(), DocumentVersion.objects.count()
    tampered = json.loads(json.dumps(body))
    tampered["documents"][1]["sha256"] = hashlib.sha256(b"something else").hexdigest()
    with pytest.raises(CaseValidationError, match="SHA-256"):
        _received(users, tampered)
    tampered = json.loads(json.dumps(body))
    tampered["documents"][1]["size"] += 1
    with pytest.raises(CaseValidationError, match="size"):
        _received(users, tampered)
    assert Request.objects.count() == requests and DocumentVersion.objects.count() == versions
    assert _files(settings) == files  # the first document's file was removed again


def test_documents_receive_refuses_content_an_upload_would_refuse(users, settings):
    request = new_incoming(users)
    files = _files(settings)
    data = b"MZ\x90\x00 windows executable"
    good = {
        "title": "Letter",
        "kind": "letter",
        "filename": "a.pdf",
        "content_type": "application/pdf",
        "size": len(pdf_with("a")),
        "sha256": hashlib.sha256(pdf_with("a")).hexdigest(),
        "content": base64.b64encode(pdf_with("a")).decode(),
    }
    bad = {
        **good,
        "filename": "evil.pdf",
        "size": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
        "content": base64.b64encode(data).decode(),
    }
    with pytest.raises(CaseValidationError, match=r"Document 2 \(Letter\)"):
        documents_receive(request=request, documents=[good, bad], by=BY)
    assert not request.documents.exists() and _files(settings) == files
    [document] = documents_receive(request=request, documents=[good], by=BY, kind="execution")
    assert document.kind == "execution" and document.shared_with_executor and document.created_by is None


@pytest.mark.parametrize(
    "change",
    [
        lambda body: body.update(requesting_jurisdiction="ZZZ"),
        lambda body: body["persons"][0].update(nationality="XYZ"),
        lambda body: body["offences"][0].update(iccs="9999"),
        lambda body: body["measures"][0].update(kind="torture"),
        lambda body: body.update(requested_jurisdiction="KEN"),  # not the receiving authority's
        lambda body: body["offences"][0].update(max_penalty_years="a lot"),
    ],
)
def test_what_this_node_cannot_take_is_refused(users, change):
    body = json.loads(json.dumps(request_export(_sent(users))))
    change(body)
    requests = Request.objects.count()
    with pytest.raises(CaseValidationError):
        _received(users, body)
    assert Request.objects.count() == requests


def test_unknown_iso3_is_named_in_the_message(users):
    body = json.loads(json.dumps(request_export(_sent(users))))
    body["persons"][0]["nationality"] = "XYZ"
    with pytest.raises(CaseValidationError, match="XYZ"):
        _received(users, body)


def test_remote_moves_follow_the_table(users):
    request = walk(users, new_outgoing(users), ["in-review", "approved", "transmitted"])
    assert request_move_remote(request=request, to="registered", by=BY) is False  # not an outgoing status
    assert request_move_remote(request=request, to="closed", by=BY) is False
    assert request.status == Status.TRANSMITTED
    assert request_move_remote(request=request, to="acknowledged", by=BY, reason="Registered as 12/SOM") is True
    assert request_move_remote(request=request, to="acknowledged", by=BY) is False  # already there
    assert request_move_remote(request=request, to="executed", by=BY) is True  # through in execution
    request.refresh_from_db()
    assert request.status == Status.EXECUTED
    rows = list(request.timeline.filter(actor_label=BY).values_list("new_status", "actor"))
    assert rows == [("acknowledged", None), ("in-execution", None), ("executed", None)]
    actions = ["request.acknowledged", "request.executed"]
    moves = AuditEvent.objects.filter(object_id=str(request.pk), action__in=actions)
    assert moves.count() == 2 and not moves.exclude(actor=None).exists()
    assert moves.filter(authority_id=request.authority_id).count() == 2


def test_a_remote_refusal_keeps_its_ground(users):
    request = walk(users, new_outgoing(users), ["in-review", "approved", "transmitted"])
    assert request_move_remote(request=request, to="refused", by=BY, ground="double-jeopardy", ground_text="Tried")
    request.refresh_from_db()
    assert (request.status, request.refusal_ground, request.refusal_text) == ("refused", "double-jeopardy", "Tried")
    other = walk(users, new_outgoing(users), ["in-review", "approved", "transmitted"])
    assert request_move_remote(request=other, to="refused", by=BY, ground="new-ground", ground_text="Why")
    other.refresh_from_db()
    assert (other.refusal_ground, other.refusal_text) == ("other", "new-ground: Why")


def test_a_remote_withdrawal_moves_the_incoming_request(users):
    request = new_incoming(users)
    assert request_move_remote(request=request, to="withdrawn", by=BY, reason="No longer needed")
    assert Request.objects.get(pk=request.pk).status == Status.WITHDRAWN


def test_measure_result_remote_sets_result_status_and_use_limitation(users):
    request = new_outgoing(users)
    bank = measure_add(actor=users.officer, request=request, kind="bank-records")
    hearing = measure_add(actor=users.officer, request=request, kind="witness-hearing")
    walk(users, request, ["in-review", "approved", "transmitted"])
    assert measure_result_remote(request=request, measure_ref="999999", status="executed", result="", by=BY) is None
    assert measure_result_remote(request=request, measure_ref="abc", status="executed", result="", by=BY) is None

    measure = measure_result_remote(
        request=request,
        measure_ref=str(bank.pk),
        status="executed",
        result="Statements of 2023 attached.",
        by=BY,
        use_limitation="Not for tax purposes.",
    )
    assert measure is not None and (measure.status, measure.result) == ("executed", "Statements of 2023 attached.")
    request.refresh_from_db()
    assert request.use_limitation == "Not for tax purposes."
    assert request.status == Status.PARTIALLY_EXECUTED  # the other measure is still open
    row = request.timeline.get(measure=bank, new_status="executed")
    assert (row.actor, row.actor_label) == (None, BY)

    # Evidence received with that result is under the limitation (speciality).
    [document] = documents_receive(
        request=request,
        documents=[
            {
                "title": "Statements",
                "kind": "evidence",
                "filename": "s.pdf",
                "content_type": "application/pdf",
                "size": len(pdf_with("s")),
                "sha256": hashlib.sha256(pdf_with("s")).hexdigest(),
                "content": base64.b64encode(pdf_with("s")).decode(),
            }
        ],
        by=BY,
        kind="execution",
    )
    with pytest.raises(SpecialityBlocked):
        document_copy(actor=users.officer, document=document, target=new_outgoing(users, title="Another"))

    measure_result_remote(
        request=request,
        measure_ref=str(hearing.pk),
        status="partially-executed",
        result="Heard once.",
        by=BY,
        use_limitation="Not for tax purposes.",
    )
    hearing.refresh_from_db()
    assert (hearing.status, hearing.result) == ("in-execution", "Heard once.")
    measure_result_remote(request=request, measure_ref=str(hearing.pk), status="executed", result="Heard.", by=BY)
    request.refresh_from_db()
    assert request.status == Status.EXECUTED
    assert request.use_limitation == "Not for tax purposes."  # added once
    assert Measure.objects.get(pk=hearing.pk).result == "Heard."


def test_signals_say_whether_the_move_is_remote(users, client_for):
    moved, measures, viewed = [], [], []

    def on_request(sender, request, old, new, actor, reason, remote, **kwargs):
        moved.append((new, remote, actor))

    def on_measure(sender, measure, old, new, actor, result, remote, **kwargs):
        measures.append((new, remote, result))

    def on_view(sender, request, actor, **kwargs):
        viewed.append((request.pk, actor))

    request_moved.connect(on_request)
    measure_moved.connect(on_measure)
    request_viewed.connect(on_view)
    try:
        request = new_outgoing(users)
        measure = measure_add(actor=users.officer, request=request, kind="bank-records")
        walk(users, request, ["in-review"])
        assert moved == [("in-review", False, users.officer)]
        walk(users, request, ["approved", "transmitted"])
        request_move_remote(request=request, to="acknowledged", by=BY)
        assert moved[-1] == ("acknowledged", True, None)
        measure_result_remote(request=request, measure_ref=str(measure.pk), status="executed", result="Done", by=BY)
        assert measures == [("executed", True, "Done")]
        assert moved[-2:] == [("in-execution", True, None), ("executed", True, None)]

        incoming = new_incoming(users, assign=True)
        hearing = incoming.measures.get()
        measure_transition(actor=users.executor, measure=hearing, to="in-execution")
        assert measures[-1] == ("in-execution", False, "")
        assert moved[-1] == ("in-execution", False, users.executor)
        request_transition(actor=users.officer, request=incoming, to="withdrawn", reason="test")
        assert moved[-1] == ("withdrawn", False, users.officer)

        client_for(users.officer).get(reverse("cases:request-detail", args=[incoming.pk]))
        client_for(users.officer).get(reverse("api-request-detail", args=[incoming.pk]))
        assert [pk for pk, _actor in viewed] == [incoming.pk, incoming.pk]
        assert all(actor == users.officer for _pk, actor in viewed)
        # The executing authority's reads are not the receiving authority's.
        other = new_incoming(users, assign=True)
        assert client_for(users.executor).get(reverse("cases:request-detail", args=[other.pk])).status_code == 200
        assert len(viewed) == 2
    finally:
        request_moved.disconnect(on_request)
        measure_moved.disconnect(on_measure)
        request_viewed.disconnect(on_view)


def test_document_upload_by_the_system_shares_only_execution_reports(users):
    request = new_incoming(users)
    letter = document_upload(actor=None, request=request, filename="a.pdf", data=pdf_with("a"), kind="letter")
    report = document_upload(actor=None, request=request, filename="b.pdf", data=pdf_with("b"), kind="execution")
    assert not letter.document.shared_with_executor and report.document.shared_with_executor
    assert letter.document.created_by is None and letter.uploaded_by is None
    uploads = AuditEvent.objects.filter(action="document.uploaded", actor=None, authority_id=request.authority_id)
    assert uploads.count() == 2
    assert Document.objects.filter(request=request).count() == 2
