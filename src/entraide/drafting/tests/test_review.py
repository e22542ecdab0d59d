"""Four eyes: submission runs the checks; blocking findings stop approval and transmission (409);
warnings are let go by the approver with a reason; the approver is never the drafter."""

from __future__ import annotations

import pytest
from django.urls import reverse

from entraide.audit.models import AuditEvent
from entraide.cases.errors import CaseValidationError, TransitionError
from entraide.cases.models import Request
from entraide.cases.services import request_transition
from entraide.drafting.models import FindingOverride, Translation
from entraide.drafting.services.review import (
    ReviewBlocked,
    authority_four_eyes_set,
    request_approve,
    request_submit,
    request_transmit,
)
from entraide.drafting.services.translations import translation_set
from entraide.testing.cases import new_outgoing

from .conftest import complete_mla

pytestmark = pytest.mark.django_db


def _translated(request, users, languages, status="received"):
    return translation_set(
        actor=users.officer,
        request=request,
        language=languages["so"],
        status=status,
        translator="A sworn translator (test)",
    )


def _warnings(request):
    from entraide.drafting.checks import findings_for

    return {f.code: "Accepted for the test." for f in findings_for(request) if f.needs_override}


def test_an_empty_request_is_submitted_but_never_approved(rules, users, languages):
    request = new_outgoing(users)
    findings = request_submit(actor=users.officer, request=request)
    assert {"untoc-18-15-c-facts", "model-mla-5-1-c-facts"} & {f.code for f in findings} or any(
        f.blocking for f in findings
    )
    assert "blocking" in request.timeline.get(new_status="in-review").note_html()
    with pytest.raises(ReviewBlocked) as info:
        request_approve(actor=users.supervisor, request=request)
    codes = {f.code for f in info.value.findings}
    assert "model-mla-5-1-b-purpose" in codes and "model-mla-5-1-c-facts" in codes
    assert "summary of the relevant facts" in info.value.message
    request.refresh_from_db()
    assert request.status == "in-review" and request.approved_by is None


def test_the_drafter_may_not_approve_unless_four_eyes_are_relaxed(rules, users, languages):
    request = complete_mla(users)
    _translated(request, users, languages)
    request_submit(actor=users.supervisor, request=request)  # a supervisor drafting becomes a drafter
    with pytest.raises(TransitionError, match="four eyes"):
        request_approve(actor=users.supervisor, request=request, overrides=_warnings(request))
    authority_four_eyes_set(
        actor=users.administrator, authority=users.officer.authority, relaxed=True, reason="One-person office"
    )
    request_approve(actor=users.supervisor, request=request, overrides=_warnings(request))
    request.refresh_from_db()
    assert request.status == "approved" and request.approved_alone and request.approved_by == users.supervisor
    entry = request.timeline.get(new_status="approved")
    assert entry.note == "approved-alone-warnings" and "four eyes relaxed" in entry.get_note_display()
    assert AuditEvent.objects.filter(action="authority.four-eyes-relaxed").count() == 1


def test_only_the_administrator_relaxes_four_eyes_and_says_why(users):
    with pytest.raises(PermissionError):
        authority_four_eyes_set(actor=users.supervisor, authority=users.officer.authority, relaxed=True, reason="x")
    with pytest.raises(CaseValidationError):
        authority_four_eyes_set(actor=users.administrator, authority=users.officer.authority, relaxed=True, reason=" ")
    with pytest.raises(PermissionError):
        authority_four_eyes_set(actor=users.administrator, authority=users.outsider.authority, relaxed=True, reason="x")


def test_warnings_are_let_go_by_the_approver_with_a_reason_on_the_timeline_and_in_the_audit(rules, users, languages):
    request = complete_mla(users)
    _translated(request, users, languages)
    request_submit(actor=users.officer, request=request)
    warnings = _warnings(request)
    assert "legal-basis-chosen" in warnings
    with pytest.raises(ReviewBlocked) as info:
        request_approve(actor=users.supervisor, request=request)
    assert {f.code for f in info.value.findings} == set(warnings)
    with pytest.raises(CaseValidationError, match="not-a-rule"):
        request_approve(actor=users.supervisor, request=request, overrides={**warnings, "not-a-rule": "x"})
    request_approve(actor=users.supervisor, request=request, overrides=warnings)
    request.refresh_from_db()
    assert request.status == "approved" and not request.approved_alone
    assert set(FindingOverride.objects.filter(request=request).values_list("rule__code", flat=True)) == set(warnings)
    entry = request.timeline.get(new_status="approved")
    # The note is a code translated on display; the reasons typed stay as typed, after their rule.
    assert entry.note == "warnings-let-go"
    assert all(f"{code} — {text}" in entry.reason for code, text in warnings.items())
    events = AuditEvent.objects.filter(action="request.finding-overridden", object_id=str(request.pk))
    assert events.count() == len(warnings) and all(e.justification for e in events)


def test_sending_an_approved_request_back_to_draft_voids_its_approval(rules, users, languages):
    request = complete_mla(users)
    _translated(request, users, languages)
    request_submit(actor=users.officer, request=request)
    request_approve(actor=users.supervisor, request=request, overrides=_warnings(request))
    request_transition(actor=users.officer, request=request, to="draft", reason="A new account to add")
    request.refresh_from_db()
    assert request.status == "draft" and request.approved_by is None and not request.approved_alone


def test_a_stale_instance_does_not_erase_the_approval(rules, users, languages):
    request = complete_mla(users)
    _translated(request, users, languages)
    request_submit(actor=users.officer, request=request)
    stale = Request.objects.get(pk=request.pk)  # read before the approval
    request_approve(actor=users.supervisor, request=request, overrides=_warnings(request))
    request_transmit(actor=users.officer, request=stale)
    stale.refresh_from_db()
    assert stale.status == "transmitted" and stale.approved_by == users.supervisor


def test_transmission_checks_again(rules, users, languages):
    request = complete_mla(users)
    _translated(request, users, languages)
    request_submit(actor=users.officer, request=request)
    request_approve(actor=users.supervisor, request=request, overrides=_warnings(request))
    _translated(request, users, languages, status=Translation.Status.NEEDED)  # the translation was sent back
    with pytest.raises(ReviewBlocked, match="translation"):
        request_transmit(actor=users.officer, request=request)
    _translated(request, users, languages, status=Translation.Status.CERTIFIED)
    request_transmit(actor=users.officer, request=request)
    assert Request.objects.get(pk=request.pk).status == "transmitted"


def test_the_plain_transition_refuses_the_reviewed_moves(users):
    request = new_outgoing(users)
    with pytest.raises(TransitionError, match="review"):
        request_transition(actor=users.officer, request=request, to="in-review")


def test_a_wrong_role_learns_the_table_s_answer_first(rules, users):
    request = new_outgoing(users)
    request_submit(actor=users.officer, request=request)
    with pytest.raises(TransitionError, match="role"):
        request_approve(actor=users.officer, request=request)


def test_a_received_translation_names_its_translator(users, languages):
    request = new_outgoing(users)
    with pytest.raises(CaseValidationError, match="translator"):
        translation_set(actor=users.officer, request=request, language=languages["so"], status="received")
    assert not Translation.objects.exists()


# --- pages and API --------------------------------------------------------------------------


def test_the_review_page_refuses_approval_with_409_naming_the_findings(rules, users, languages, client_for):
    request = new_outgoing(users)
    request_submit(actor=users.officer, request=request)
    response = client_for(users.supervisor).post(reverse("drafting:approve", args=[request.pk]))
    assert response.status_code == 409
    html = response.content.decode()
    assert 'data-testid="review-error"' in html
    assert "Model Treaty on Mutual Assistance" in html and "5(1)(c)" in html


def test_the_review_page_offers_what_the_user_may_do(rules, users, languages, client_for):
    request = new_outgoing(users)
    page = client_for(users.officer).get(reverse("drafting:review", args=[request.pk])).content.decode()
    assert 'data-testid="submit-form"' in page and 'data-testid="approve-form"' not in page
    request_submit(actor=users.officer, request=request)
    page = client_for(users.supervisor).get(reverse("drafting:review", args=[request.pk])).content.decode()
    assert 'data-testid="approve-form"' in page
    assert client_for(users.outsider).get(reverse("drafting:review", args=[request.pk])).status_code == 404
    detail = client_for(users.officer).get(reverse("cases:request-detail", args=[request.pk])).content.decode()
    assert 'data-action="approved"' not in detail and reverse("drafting:findings", args=[request.pk]) in detail


def test_the_findings_pane_shows_each_source(rules, users, languages, client_for):
    request = new_outgoing(users)
    html = client_for(users.officer).get(reverse("drafting:findings", args=[request.pk])).content.decode()
    assert 'data-rule="model-mla-5-1-c-facts"' in html and "GA res. 45/117" in html
    assert client_for(users.outsider).get(reverse("drafting:findings", args=[request.pk])).status_code == 404


def test_the_queue_lists_what_awaits_approval_in_my_authority(rules, users, languages, client_for):
    mine = new_outgoing(users, title="Awaiting approval (test)")
    request_submit(actor=users.officer, request=mine)
    new_outgoing(users, title="Still a draft (test)")
    page = client_for(users.supervisor).get(reverse("drafting:queue"))
    assert page.status_code == 200
    html = page.content.decode()
    assert f'data-request="{mine.pk}"' in html and "Still a draft" not in html
    assert client_for(users.officer).get(reverse("drafting:queue")).status_code == 403
    assert client_for(users.outsider).get(reverse("drafting:queue")).status_code == 403
    api = client_for(users.supervisor).get(reverse("api-review-queue"))
    assert [row["id"] for row in api.json()["results"]] == [mine.pk]


def test_the_api_approve_answers_409_with_the_findings(rules, users, languages, client_for):
    request = new_outgoing(users)
    submitted = client_for(users.officer).post(
        reverse("api-request-submit", args=[request.pk]), {}, content_type="application/json"
    )
    assert submitted.status_code == 200 and any(f["severity"] == "blocking" for f in submitted.json())
    refused = client_for(users.supervisor).post(
        reverse("api-request-approve", args=[request.pk]), {"overrides": {}}, content_type="application/json"
    )
    assert refused.status_code == 409
    body = refused.json()
    assert body["current"] == "in-review" and {f["rule"] for f in body["findings"]} >= {"model-mla-5-1-c-facts"}
    assert all(f["source"] for f in body["findings"])
    plain = client_for(users.supervisor).post(
        reverse("api-request-transition", args=[request.pk]), {"to": "approved"}, content_type="application/json"
    )
    assert plain.status_code == 409 and "review" in plain.json()["detail"]
    findings = client_for(users.officer).get(reverse("api-request-findings", args=[request.pk]))
    assert findings.status_code == 200 and findings.json()[0]["severity"] == "blocking"
    assert client_for(users.outsider).get(reverse("api-request-findings", args=[request.pk])).status_code == 404


def test_the_api_records_translations(users, languages, client_for):
    request = new_outgoing(users)
    url = reverse("api-request-translations", args=[request.pk])
    bad = client_for(users.officer).post(
        url, {"language": "som", "status": "certified"}, content_type="application/json"
    )
    assert bad.status_code == 400 and "translator" in bad.json()["detail"]
    made = client_for(users.officer).post(
        url, {"language": "som", "status": "sent", "translator": "T (test)"}, content_type="application/json"
    )
    assert made.status_code == 201 and made.json()["status"] == "sent"
    listed = client_for(users.auditor).get(url).json()
    assert [row["language"] for row in listed["results"]] == ["som"]
    assert client_for(users.auditor).post(url, {"language": "som", "status": "sent"}).status_code == 403
    assert client_for(users.outsider).get(url).status_code == 404


def test_the_four_eyes_page_is_the_administrator_s(users, client_for):
    url = reverse("drafting:four-eyes")
    assert client_for(users.officer).get(url).status_code in (403, 404)
    assert client_for(users.administrator).post(url, {"relaxed": "on", "reason": ""}).status_code == 400
    assert client_for(users.administrator).post(url, {"relaxed": "on", "reason": "One person"}).status_code == 302
    users.officer.authority.refresh_from_db()
    assert users.officer.authority.four_eyes_relaxed
