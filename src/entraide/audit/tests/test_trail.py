"""The audit trail as a reader sees it: sentences, names, links, what changed, filters."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from entraide.audit import actions
from entraide.audit.models import AuditEvent
from entraide.audit.services import record
from entraide.testing.cases import make_world, new_outgoing, walk

pytestmark = pytest.mark.django_db


def test_a_read_shows_a_sentence_the_actors_name_and_a_link_to_the_request(users, client_for):
    request = new_outgoing(users)
    record(users.officer, "request.viewed", request)
    html = client_for(users.auditor).get(reverse("audit:event-list")).content.decode()
    assert "Viewed a request" in html
    assert "Officer (test)" in html
    assert 'title="officer@test.entraide.example"' in html
    assert ">officer@test.entraide.example<" not in html  # the address is a tooltip, not the name
    assert f'href="{reverse("cases:request-detail", args=[request.pk])}"' in html
    assert f"<bdi>{request.our_reference}</bdi>" in html
    assert "cases.request " not in html and ">cases.request<" not in html


def test_an_unknown_code_shows_as_itself_isolated(users, client_for):
    record(users.officer, "something.new", users.officer)
    html = client_for(users.auditor).get(reverse("audit:event-list")).content.decode()
    assert "<bdi><code>something.new</code></bdi>" in html


def test_a_status_move_shows_before_and_after_in_words(users, client_for):
    request = walk(users, new_outgoing(users), ["in-review"])
    event = AuditEvent.objects.get(action="request.in-review", object_id=str(request.pk))
    html = client_for(users.auditor).get(reverse("audit:event-detail", args=[event.pk])).content.decode()
    assert "Moved a request to “In review”" in html
    arrow = '<span class="arrow" aria-hidden="true">→</span>'
    assert f"<bdi>Draft</bdi></td><td>{arrow}</td><td><bdi>In review</bdi>" in html


def test_changes_written_by_services_read_before_and_after(users, client_for):
    request = new_outgoing(users)
    event = record(users.officer, "request.updated", request, detail={"changes": {"title": ["Old title", "New"]}})
    html = client_for(users.auditor).get(reverse("audit:event-detail", args=[event.pk])).content.decode()
    assert '<th scope="row">Title</th><td><bdi>Old title</bdi>' in html
    list_html = client_for(users.auditor).get(reverse("audit:event-list")).content.decode()
    assert 'data-testid="audit-changes"' in list_html


def test_other_detail_keys_read_in_words(users, client_for):
    event = record(users.officer, "request.shown", None, detail={"ids": [1, 2], "where": "cases:dashboard", "x_y": 3})
    html = client_for(users.auditor).get(reverse("audit:event-detail", args=[event.pk])).content.decode()
    assert "Records shown" in html and "<bdi>1, 2</bdi>" in html
    assert "<bdi><code>x_y</code></bdi>" in html


@pytest.mark.parametrize(
    ("action", "parts", "english", "french"),
    [
        ("library_document.shown", ["title"], "Title", "Intitulé"),
        ("request.shown", ["request", "deadline", "offence"], "Requests, Deadlines, Offences", "Demandes"),
        ("request.shown", ["timeline"], "Timeline", ""),
    ],
)
def test_the_parts_a_list_showed_read_in_words_in_the_readers_language(
    users, client_for, action, parts, english, french
):
    event = record(users.officer, action, None, detail={"ids": [1], "parts": parts})
    client = client_for(users.auditor)
    html = client.get(reverse("audit:event-detail", args=[event.pk])).content.decode()
    assert f"<bdi>{english}</bdi>" in html
    with translation.override("fr"):
        html = client.get(reverse("audit:event-detail", args=[event.pk]), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    for part in parts:
        assert f">{part}<" not in html and f" {part}," not in html
    assert french in html


def test_an_object_the_reader_may_not_open_stays_plain_text(users, client_for):
    theirs = make_world(users).theirs
    event = record(users.officer, "request.viewed", theirs)
    html = client_for(users.auditor).get(reverse("audit:event-detail", args=[event.pk])).content.decode()
    assert reverse("cases:request-detail", args=[theirs.pk]) not in html
    assert theirs.our_reference not in html
    assert f"<bdi>#{theirs.pk}</bdi>" in html


def test_the_system_is_named(users, client_for):
    record(None, "reminder.raised", None, authority_id=users.officer.authority_id)
    html = client_for(users.auditor).get(reverse("audit:event-list")).content.decode()
    assert "Entraide (automatic)" in html


def test_times_have_no_microseconds_and_no_slashes(users, client_for):
    record(users.officer, "request.viewed", new_outgoing(users))
    html = client_for(users.auditor).get(reverse("audit:event-list")).content.decode()
    shown = html.split('data-testid="audit-row"')[1].split("</time>")[0].rsplit(">", 1)[1]
    assert "/" not in shown and "." not in shown.split(",")[-1]
    assert str(timezone.now().year) in shown


def test_filters_narrow_the_list(users, client_for):
    request = new_outgoing(users, title="Filtered")
    record(users.officer, "request.viewed", request)
    record(users.supervisor, "statistics.viewed", None)
    client = client_for(users.auditor)
    url = reverse("audit:event-list")

    def actions_of(query):
        response = client.get(url, query)
        assert response.status_code == 200
        return {row.event.action for row in response.context["rows"]}

    assert actions_of({"actor": users.supervisor.pk}) == {"statistics.viewed"}
    assert actions_of({"action": "statistics.viewed"}) == {"statistics.viewed"}
    assert "statistics.viewed" not in actions_of({"object_type": "cases.request"})
    assert "request.viewed" in actions_of({"reference": request.our_reference[-4:]})
    assert "statistics.viewed" not in actions_of({"reference": request.our_reference})
    today = timezone.localdate().isoformat()
    assert "statistics.viewed" in actions_of({"start": today, "end": today})
    assert actions_of({"start": "2001-01-01", "end": "2001-01-02"}) == set()


@pytest.mark.parametrize(
    "query",
    [{"start": "yesterday"}, {"action": "no.such"}, {"actor": "x"}, {"start": "2026-05-02", "end": "2026-05-01"}],
)
def test_a_bad_filter_is_answered_with_a_message(users, client_for, query):
    response = client_for(users.auditor).get(reverse("audit:event-list"), query)
    assert response.status_code == 400
    assert b"Some filters could not be used" in response.content
    assert b'class="invalid-feedback' in response.content


def test_the_filters_stay_within_my_authority(users, client_for):
    theirs = record(users.outsider, "request.viewed", None)
    response = client_for(users.auditor).get(reverse("audit:event-list"), {"actor": users.outsider.pk})
    assert response.status_code == 400  # not one of my authority's people
    assert theirs.pk not in {row.event.pk for row in response.context["rows"]}


def test_the_list_reads_a_fixed_number_of_queries(users, client_for):
    client = client_for(users.auditor)
    client.get(reverse("audit:event-list"))

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("audit:event-list"))
        return len(queries)

    request = new_outgoing(users)
    record(users.officer, "request.viewed", request)
    before = count()
    for _ in range(5):
        record(users.supervisor, "request.viewed", new_outgoing(users))
        record(users.officer, "measure.created", request)
    assert count() <= before + 1


def test_labels_follow_the_language(users):
    with translation.override("fr"):
        assert actions.label("request.in-review") is not None
    assert actions.label("request.no-such-status") is None
    assert actions.label("request.viewed") == "Viewed a request"
