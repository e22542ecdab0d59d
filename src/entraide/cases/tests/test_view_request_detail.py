import pytest
from django.urls import reverse

from entraide.audit.models import AuditEvent
from entraide.cases.models import Request
from entraide.testing.cases import walk

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def test_page_shows_timeline_measures_documents_and_allowed_actions(world, client_for):
    response = client_for(world.users.officer).get(reverse("cases:request-detail", args=[world.outgoing.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    # Submission, approval and transmission are offered by the review (drafting), not as plain moves.
    assert 'data-action="withdrawn"' in html and 'data-action="in-review"' not in html
    assert 'data-testid="timeline"' in html and 'data-testid="measures"' in html and 'data-testid="documents"' in html
    assert AuditEvent.objects.filter(action="request.viewed", object_id=str(world.outgoing.pk)).exists()


def test_supervisor_sees_back_to_draft_once_in_review_and_approval_in_the_review(world, client_for):
    walk(world.users, world.outgoing, ["in-review"])
    html = client_for(world.users.supervisor).get(reverse("cases:request-detail", args=[world.outgoing.pk])).content
    assert b'data-action="draft"' in html and b'data-action="approved"' not in html
    assert reverse("drafting:review", args=[world.outgoing.pk]).encode() in html


def test_htmx_transition_returns_the_new_state_panel(world, client_for):
    url = reverse("cases:request-transition", args=[world.outgoing.pk])
    client = client_for(world.users.officer)
    # Withdrawing cannot be undone: the first answer asks for a confirmation, in the panel.
    asked = client.post(url, {"to": "withdrawn", "reason": "ready"}, **HTMX)
    assert asked.status_code == 200 and b'data-testid="step"' in asked.content
    assert b'name="confirm"' in asked.content and b'value="ready"' in asked.content
    assert Request.objects.get(pk=world.outgoing.pk).status == "draft"
    response = client.post(url, {"to": "withdrawn", "reason": "ready", "confirm": "on"}, **HTMX)
    assert response.status_code == 200
    assert b'id="request-state"' in response.content and b'data-status="withdrawn"' in response.content
    assert b"<html" not in response.content


def test_illegal_transition_is_409_naming_the_allowed_ones(world, client_for):
    url = reverse("cases:request-transition", args=[world.outgoing.pk])
    response = client_for(world.users.officer).post(url, {"to": "executed"}, **HTMX)
    assert response.status_code == 409
    assert "In review" in response.content.decode() and "Withdrawn" in response.content.decode()
    plain = client_for(world.users.officer).post(url, {"to": "closed"})
    assert plain.status_code == 409 and b"Allowed now" in plain.content
    assert Request.objects.get(pk=world.outgoing.pk).status == "draft"


def test_double_submitted_transition_moves_once(world, client_for):
    url = reverse("cases:request-transition", args=[world.outgoing.pk])
    client = client_for(world.users.officer)
    assert client.post(url, {"to": "withdrawn", "confirm": "on"}).status_code == 302
    assert client.post(url, {"to": "withdrawn", "confirm": "on"}).status_code == 409
    assert world.outgoing.timeline.filter(new_status="withdrawn").count() == 1


def test_refusal_without_ground_is_400(world, client_for):
    walk(world.users, world.unassigned, ["registered", "under-assessment"])
    url = reverse("cases:request-transition", args=[world.unassigned.pk])
    client = client_for(world.users.supervisor)
    # The button asks for the ground: a select whose first option is empty, nothing pre-selected.
    asked = client.post(url, {"to": "refused"}, **HTMX)
    assert asked.status_code == 200 and b'<option value="" selected>' in asked.content
    missing = client.post(url, {"to": "refused", "ground": ""}, **HTMX)
    assert missing.status_code == 400 and missing.content.count(b'data-testid="field-error"') == 1
    confirm = client.post(url, {"to": "refused", "ground": "double-jeopardy"}, **HTMX)
    assert confirm.status_code == 200 and b'name="confirm"' in confirm.content
    assert Request.objects.get(pk=world.unassigned.pk).status == "under-assessment"
    ok = client.post(url, {"to": "refused", "ground": "double-jeopardy", "confirm": "on"}, **HTMX)
    assert ok.status_code == 200 and b"Double jeopardy" in ok.content
    assert Request.objects.get(pk=world.unassigned.pk).refusal_ground == "double-jeopardy"


def test_measure_transition_by_executor_moves_the_request(world, client_for):
    measure = world.incoming.measures.get()
    url = reverse("cases:measure-transition", args=[measure.pk])
    response = client_for(world.users.executor).post(url, {"to": "executed", "result": "Heard"}, **HTMX)
    assert response.status_code == 200
    world.incoming.refresh_from_db()
    assert world.incoming.status == "executed"


def test_detail_page_query_count_is_constant(world, client_for, django_assert_max_num_queries):
    from entraide.cases.services import measure_add, offence_add

    client = client_for(world.users.officer)
    url = reverse("cases:request-detail", args=[world.outgoing.pk])
    assert client.get(url).status_code == 200
    with django_assert_max_num_queries(40) as few:
        assert client.get(url).status_code == 200
    for i in range(15):
        measure_add(actor=world.users.officer, request=world.outgoing, kind="bank-records", description=str(i))
        offence_add(actor=world.users.officer, request=world.outgoing, provision=f"s. {i}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def test_upload_then_new_version_through_the_page(world, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from entraide.cases.models import Document

    from .helpers import PDF, pdf_with

    client = client_for(world.users.officer)
    url = reverse("cases:document-upload", args=[world.outgoing.pk])
    first = client.post(
        url,
        {
            "token": "0b7e1a0c-2f4d-4e8a-9c1b-3d5e7f9a1b21",
            "kind": "letter",
            "title": "Letter",
            "file": SimpleUploadedFile("letter.pdf", PDF),
        },
    )
    assert first.status_code == 302
    document = Document.objects.get(request=world.outgoing)
    page = client.get(reverse("cases:request-detail", args=[world.outgoing.pk])).content.decode()
    assert 'data-testid="new-version"' in page
    client.post(
        url,
        {
            "token": "0b7e1a0c-2f4d-4e8a-9c1b-3d5e7f9a1b22",
            "kind": "letter",
            "document": document.pk,
            "file": SimpleUploadedFile("letter-v2.pdf", pdf_with("v2")),
        },
    )
    assert list(document.versions.values_list("number", flat=True)) == [1, 2]
    bad = client.post(
        url,
        {
            "token": "0b7e1a0c-2f4d-4e8a-9c1b-3d5e7f9a1b23",
            "kind": "letter",
            "file": SimpleUploadedFile("evil.pdf", b"MZ executable"),
        },
    )
    assert bad.status_code == 400 and b"not accepted" in bad.content
    assert Document.objects.filter(request=world.outgoing).count() == 1


def test_request_page_lists_each_part_in_its_models_order(world):
    """Each part of the request page comes in its model's own order."""
    import datetime as dt

    from entraide.cases import selectors
    from entraide.cases.services import deadline_add, measure_add, offence_add

    officer, request = world.users.officer, world.outgoing
    for day in [20, 3, 3, 11]:
        deadline_add(actor=officer, request=request, kind="court-date", due_on=dt.date(2031, 1, day))
        measure_add(actor=officer, request=request, kind="bank-records", description=str(day))
        offence_add(actor=officer, request=request, provision=f"s. {day}")
    walk(world.users, request, ["in-review"])
    request.timeline.update(at=dt.datetime(2030, 1, 1, tzinfo=dt.UTC))  # equal times: the id decides
    page = selectors.request_page(officer, request)
    for part, queryset in {
        "measures": request.measures.all(),
        "offences": request.offences.all(),
        "deadlines": request.deadlines.all(),
        "timeline": request.timeline.all(),
    }.items():
        assert [row.pk for row in page[part]] == list(queryset.values_list("pk", flat=True)), part
    assert [d.due_on.day for d in page["deadlines"]] == [3, 3, 11, 20]
    shown = {m.pk: m for m in page["measures"]}
    assert all(e.measure == shown[e.measure_id] for e in page["timeline"] if e.measure_id)
