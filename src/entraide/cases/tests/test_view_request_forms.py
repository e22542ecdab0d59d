"""The request page's forms: a failing form comes back in place with its input and one message by
field (400); a success redirects; ids are unique; a finished request takes nothing; results."""

import datetime as dt
import re
import uuid
from collections import Counter
from html.parser import HTMLParser

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from entraide.cases.models import Document
from entraide.cases.services import document_upload, measure_add
from entraide.reference.models import OffenceClass
from entraide.testing.cases import walk

from .helpers import PDF

pytestmark = pytest.mark.django_db


class _Ids(HTMLParser):
    """Every id of a page, and every label's ``for``."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.fors: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.append(str(found["id"]))
        if tag == "label" and found.get("for"):
            self.fors.append(str(found["for"]))


def assert_ids_unique(html: str) -> None:
    parser = _Ids()
    parser.feed(html)
    twice = [i for i, n in Counter(parser.ids).items() if n > 1]
    assert not twice, f"ids used more than once: {twice}"
    dangling = [f for f in parser.fors if f not in parser.ids]
    assert not dangling, f"labels pointing at no field: {dangling}"


def _page(client, request):
    return client.get(reverse("cases:request-detail", args=[request.pk]))


def _offence(code, provision="Penal Code s. 300"):
    return {"token": str(uuid.uuid4()), "provision": provision, "offence_class": code, "transnational": "unknown"}


def test_a_bad_iccs_code_comes_back_in_place_with_the_input_and_one_message(world, client_for):
    OffenceClass.objects.create(
        code="0903", level=2, name_en="Money laundering", source="test", as_at=dt.date(2024, 1, 1)
    )
    client = client_for(world.users.officer)
    url = reverse("cases:offence-add", args=[world.outgoing.pk])
    response = client.post(url, _offence("9999"))
    html = response.content.decode()
    assert response.status_code == 400
    assert 'data-testid="reference"' in html  # the whole page, not a fragment
    section = re.search(r'<details[^>]*id="add-offence"[^>]*>', html)
    assert section and " open" in section.group(0)
    assert 'value="9999"' in html and 'value="Penal Code s. 300"' in html
    assert html.count('data-testid="field-error"') == 1
    assert html.count("No ICCS offence class has this code") == 1
    assert "offence_class:" not in html and 'aria-invalid="true"' in html
    assert not world.outgoing.offences.exists()
    # Corrected, it is saved and the answer is a redirect: a reload posts nothing again.
    data = _offence("0903")
    saved = client.post(url, data)
    assert saved.status_code == 302 and saved["Location"] == reverse("cases:request-detail", args=[world.outgoing.pk])
    assert world.outgoing.offences.get().offence_class.code == "0903"
    # The same form sent again (its token already used) adds nothing and says so.
    again = client.post(url, data, follow=True)
    assert world.outgoing.offences.count() == 1
    assert "This form was already submitted." in again.content.decode()


def test_a_failed_form_is_not_cached_nor_served_from_the_cache(world, client_for):
    client = client_for(world.users.officer)
    _page(client, world.outgoing)  # the empty forms are cached
    bad = client.post(
        reverse("cases:person-add", args=[world.outgoing.pk]),
        {"token": str(uuid.uuid4()), "role": "suspect", "name": "", "nationality": "ZZZ"},
    )
    assert bad.status_code == 400 and 'value="ZZZ"' in bad.content.decode()
    assert bad.content.decode().count('data-testid="field-error"') == 2  # the name, the nationality
    clean = _page(client, world.outgoing).content.decode()
    assert 'value="ZZZ"' not in clean and 'data-testid="field-error"' not in clean


def test_a_refused_upload_comes_back_in_the_upload_section_with_one_message(world, client_for):
    client = client_for(world.users.officer)
    response = client.post(
        reverse("cases:document-upload", args=[world.outgoing.pk]),
        {
            "token": str(uuid.uuid4()),
            "kind": "letter",
            "title": "My letter",
            "file": SimpleUploadedFile("evil.pdf", b"MZ"),
        },
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert re.search(r'<details[^>]*id="add-document"[^>]*open', html)
    assert 'value="My letter"' in html and html.count('data-testid="field-error"') == 1
    assert html.count("not accepted") == 1


def test_every_id_on_the_request_page_is_unique_and_every_label_points_at_its_field(world, client_for):
    officer = world.users.officer
    for n in range(2):
        document_upload(actor=officer, request=world.outgoing, filename=f"d{n}.pdf", data=PDF, title=f"D{n}")
        measure_add(actor=officer, request=world.outgoing, kind="bank-records")
    assert_ids_unique(_page(client_for(officer), world.outgoing).content.decode())
    measure_add(actor=officer, request=world.incoming, kind="search-seizure")
    executor_page = _page(client_for(world.users.executor), world.incoming).content.decode()
    assert executor_page.count('data-testid="result-form"') == 2
    assert_ids_unique(executor_page)
    walk(world.users, world.unassigned, ["registered", "under-assessment"])
    assert_ids_unique(_page(client_for(world.users.supervisor), world.unassigned).content.decode())


def test_a_finished_request_offers_and_takes_no_upload_nor_addition(world, client_for):
    walk(world.users, world.outgoing, ["withdrawn", "closed"])
    client = client_for(world.users.officer)
    html = _page(client, world.outgoing).content.decode()
    for testid in ["add-document", "add-offence", "add-measure", "new-version"]:
        assert f'data-testid="{testid}"' not in html
    upload = client.post(
        reverse("cases:document-upload", args=[world.outgoing.pk]),
        {"token": str(uuid.uuid4()), "kind": "other", "file": SimpleUploadedFile("a.pdf", PDF)},
    )
    assert upload.status_code == 409 and "This request is finished" in upload.content.decode()
    added = client.post(reverse("cases:offence-add", args=[world.outgoing.pk]), _offence(""))
    assert added.status_code == 409
    assert not Document.objects.filter(request=world.outgoing).exists() and not world.outgoing.offences.exists()


def test_the_executor_records_a_result_that_both_sides_see(world, client_for):
    measure = world.incoming.measures.get()
    url = reverse("cases:measure-result", args=[measure.pk])
    executor = client_for(world.users.executor)
    assert 'data-testid="result-form"' in _page(executor, world.incoming).content.decode()
    # Without a result: the form comes back open by its measure, the note kept.
    missing = executor.post(url, {"token": str(uuid.uuid4()), "result": "", "note": "Court interpreter"})
    html = missing.content.decode()
    assert missing.status_code == 400 and "Court interpreter" in html
    assert html.count('data-testid="field-error"') == 1
    assert re.search(r'<details[^>]*data-testid="record-result"[^>]*open', html)
    ok = executor.post(
        url,
        {
            "token": str(uuid.uuid4()),
            "result": "Statement of the witness obtained",
            "note": "Court interpreter",
            "file": SimpleUploadedFile("statement.pdf", PDF),
        },
    )
    assert ok.status_code == 302
    for user in [world.users.executor, world.users.officer]:
        page = _page(client_for(user), world.incoming).content.decode()
        assert "Statement of the witness obtained" in page and 'data-testid="measure-result"' in page
    assert Document.objects.get(request=world.incoming).kind == "execution"
    # The officer of the central authority does not record the result of a measure it assigned.
    assert 'data-testid="result-form"' not in _page(client_for(world.users.officer), world.incoming).content.decode()


def test_the_central_authority_may_not_record_the_result_of_a_measure_it_assigned(world, client_for):
    measure = world.incoming.measures.get()
    response = client_for(world.users.officer).post(
        reverse("cases:measure-result", args=[measure.pk]), {"token": str(uuid.uuid4()), "result": "Done"}
    )
    assert response.status_code == 403
    measure.refresh_from_db()
    assert measure.status == "pending"


def test_cancelling_a_measure_asks_for_a_confirmation(world, client_for):
    measure = measure_add(actor=world.users.officer, request=world.outgoing, kind="bank-records")
    walk(world.users, world.outgoing, ["in-review", "approved", "transmitted"])
    url = reverse("cases:measure-transition", args=[measure.pk])
    client = client_for(world.users.officer)
    asked = client.post(url, {"to": "cancelled"})
    assert asked.status_code == 200 and 'data-testid="step"' in asked.content.decode()
    measure.refresh_from_db()
    assert measure.status == "pending"
    assert client.post(url, {"to": "cancelled", "confirm": "on"}).status_code == 302
    measure.refresh_from_db()
    assert measure.status == "cancelled"


def test_the_actions_card_has_one_reason_field_and_verbs(world, client_for):
    walk(world.users, world.outgoing, ["in-review", "approved", "transmitted"])
    html = _page(client_for(world.users.officer), world.outgoing).content.decode()
    assert html.count('name="reason"') == 1
    assert ">Withdraw</button>" in html and ">Mark as lapsed</button>" in html and ">Record refusal…</button>" in html
    assert ">Withdrawn</button>" not in html
    assert 'name="ground"' not in html  # the ground is asked once a refusal is chosen


def test_without_javascript_the_confirmation_is_a_page_and_the_confirmed_move_redirects(world, client_for):
    client = client_for(world.users.officer)
    url = reverse("cases:request-transition", args=[world.outgoing.pk])
    asked = client.post(url, {"to": "withdrawn", "reason": "No longer needed"})
    html = asked.content.decode()
    assert asked.status_code == 200 and 'data-testid="reference"' in html and 'data-testid="step"' in html
    assert 'data-testid="cancel"' in html and 'value="No longer needed"' in html
    assert 'data-testid="add-offence"' in html  # the rest of the page is all there
    world.outgoing.refresh_from_db()
    assert world.outgoing.status == "draft"
    done = client.post(url, {"to": "withdrawn", "reason": "No longer needed", "confirm": "on"})
    assert done.status_code == 302
    entry = world.outgoing.timeline.get(new_status="withdrawn")
    assert entry.reason == "No longer needed" and entry.note == ""


def test_the_timeline_note_is_translated_on_display_and_typed_reasons_stay_as_typed(world, client_for, settings):
    walk(world.users, world.outgoing, ["withdrawn"])  # the walk's reason: "test", as typed
    client = client_for(world.users.officer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    html = _page(client, world.outgoing).content.decode()
    assert "Création" in html and "— Created" not in html
    assert '<bdi data-testid="timeline-reason">test</bdi>' in html
    assert '<span class="arrow" aria-hidden="true">→</span>' in html
