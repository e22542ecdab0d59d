"""Search of the library: folded text, the user's language first, facets, marked passages with
their citation, and nothing of another authority's private documents, whoever searches."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.utils import translation

from entraide.audit.models import AuditEvent
from entraide.library import selectors, services
from entraide.library.models import Document
from entraide.library.search import UnknownFilters
from entraide.reference.models import Jurisdiction
from entraide.tenancy.roles import Role
from entraide.testing.factories import UserFactory, activate_totp

pytestmark = pytest.mark.django_db

TEST_SOURCE = "Test data, fictitious"


def _document(user, title: str, text: str, language: str = "en", **metadata) -> Document:
    metadata.setdefault("kind", Document.Kind.GUIDE)
    metadata.setdefault("visibility", Document.Visibility.NODE)
    metadata.setdefault("source", TEST_SOURCE)
    return services.document_create(actor=user, title=title, language=language, text=text, **metadata)


def _labels(result) -> list[str]:
    return [hit.label for hit in result.hits]


# --- The shipped treaty texts ---------------------------------------------------------------


def test_bank_secrecy_finds_the_paragraphs_of_untoc_and_uncac(treaty_texts: None) -> None:
    result = selectors.search(AnonymousUser(), "bank secrecy")

    hits = {hit.label: hit for hit in result.hits}
    untoc, uncac = hits["UNTOC art. 18(8)"], hits["UNCAC art. 46(8)"]
    assert untoc.anchor == "art-18-8" and uncac.anchor == "art-46-8"
    assert untoc.url == f"/library/documents/{untoc.document.pk}/#art-18-8"
    assert "on the ground of <mark>bank</mark> <mark>secrecy</mark>" in untoc.passage
    # The article headed "Bank secrecy" ranks first: headings weigh more than text.
    assert result.hits[0].label == "UNCAC art. 40"
    assert "<mark>Bank</mark> <mark>secrecy</mark>" in result.hits[0].heading
    assert {v.value for v in result.facets["instrument"]} >= {"UNTOC", "UNCAC"}
    assert result.total == sum(v.count for v in result.facets["instrument"])


def test_a_phrase_an_alternative_and_an_exclusion(treaty_texts: None) -> None:
    anyone = AnonymousUser()
    phrase = selectors.search(anyone, '"bank secrecy"').total
    words = selectors.search(anyone, "bank secrecy").total
    assert 0 < phrase <= words
    excluded = selectors.search(anyone, "bank secrecy -UNCAC -corruption")
    assert excluded.total < words
    assert all(hit.document.instrument_code != "UNCAC" for hit in excluded.hits)
    either = selectors.search(anyone, "seizure OR confiscation")
    assert either.total > max(selectors.search(anyone, "seizure").total, selectors.search(anyone, "confiscation").total)


def test_a_filter_narrows_the_results_and_is_marked_selected(treaty_texts: None) -> None:
    result = selectors.search(AnonymousUser(), "bank secrecy", instrument="untoc")
    assert set(_labels(result)) == {"UNTOC art. 12(6)", "UNTOC art. 18(8)"}
    assert [(v.value, v.selected) for v in result.facets["instrument"]] == [("UNTOC", True)]


def test_the_search_makes_a_fixed_number_of_queries(treaty_texts: None, django_assert_max_num_queries) -> None:
    with django_assert_max_num_queries(3):  # facets and total, the page of results, jurisdictions' names
        result = selectors.search(AnonymousUser(), "assistance")
    assert len(result.hits) == 20 and result.pages > 1


# --- Languages -----------------------------------------------------------------------------


def test_a_french_query_finds_a_french_document(users) -> None:
    _document(
        users.officer,
        "Note sur l'entraide avec le Kenya (test)",
        "La demande ne peut être refusée au motif du secret bancaire (fictif, test).",
        language="fr",
    )
    result = selectors.search(users.officer, "secret bancaire")
    assert [hit.version.language for hit in result.hits] == ["fr"]
    assert "<mark>secret</mark> <mark>bancaire</mark>" in result.hits[0].passage
    # Accents are folded: the query need not type them.
    assert selectors.search(users.officer, "refusee").total == 1


def test_arabic_is_found_whatever_its_diacritics_and_letter_variants(users) -> None:
    vowelled = _document(
        users.officer, "مذكرة اختبار أولى", "لا يجوز رفض الطلب بسبب السِّرِّيَّة المَصْرِفِيَّة (اختبار).", language="ar"
    )
    plain = _document(
        users.officer, "مذكرة اختبار ثانية", "المساعدة القانونية المتبادلة الى الدولة (اختبار).", language="ar"
    )
    variants = _document(users.officer, "مذكرة اختبار ثالثة", "أحكام الإتفاقية واجبة التطبيق (اختبار).", language="ar")

    def found(query: str) -> set[int]:
        return {hit.document.pk for hit in selectors.search(users.officer, query).hits}

    assert found("السرية المصرفية") == {vowelled.pk}
    assert found("المُسَاعَدَة القـانُونِيَّة") == {plain.pk}  # harakat and a tatweel in the query
    assert found("إلى") == {plain.pk}  # a hamza the text does not write
    assert found("احكام الاتفاقيه") == {variants.pk}  # no hamza, heh for teh marbuta
    passage = selectors.search(users.officer, "السرية").hits[0].passage
    assert "<mark>السِّرِّيَّة</mark>" in passage  # marked in the text as written


def test_results_in_the_readers_language_come_first(users) -> None:
    word = "zephyrquill"
    english = _document(users.officer, "A guide (test)", f"{word} {word} {word} in English (test).")
    french = _document(users.officer, "Un guide (test)", f"Le mot {word} en français (test).", language="fr")

    def order() -> list[int]:
        return [hit.document.pk for hit in selectors.search(users.officer, word).hits]

    assert order() == [english.pk, french.pk]
    with translation.override("fr"):
        assert order() == [french.pk, english.pk]


def test_a_title_match_ranks_before_a_text_match(users) -> None:
    in_text = _document(users.officer, "Practice note (test)", "The word wolframite appears here, wolframite (test).")
    in_title = _document(users.officer, "Wolframite seizures (test)", "Nothing else of note (test).")
    result = selectors.search(users.officer, "wolframite")
    assert [hit.document.pk for hit in result.hits] == [in_title.pk, in_text.pk]
    assert result.hits[0].title == "<mark>Wolframite</mark> seizures (test)"


# --- Facets and passages -------------------------------------------------------------------


def test_facets_count_the_matching_sections_by_jurisdiction_instrument_kind_language_year(users) -> None:
    kenya = Jurisdiction.objects.get(code="KEN")
    _document(
        users.officer,
        "Mutual Legal Assistance Act (test)",
        "Section 1. Tarnwhistle requests (test).",
        kind=Document.Kind.LAW,
        jurisdiction=kenya,
        date=dt.date(2011, 1, 1),
    )
    _document(
        users.officer, "Guide (test)", "Tarnwhistle again (test).", instrument_code="UNTOC", date=dt.date(2019, 5, 2)
    )
    _document(users.officer, "Guide (test)", "Tarnwhistle en français (test).", language="fr")

    result = selectors.search(users.officer, "tarnwhistle")

    def counts(name: str) -> dict[str, int]:
        return {v.value: v.count for v in result.facets[name]}

    assert result.total == 3
    assert counts("jurisdiction") == {"KEN": 1}
    assert result.facets["jurisdiction"][0].label == "Kenya"
    assert counts("instrument") == {"UNTOC": 1}
    assert counts("kind") == {"law": 1, "guide": 2}
    assert counts("language") == {"en": 2, "fr": 1}
    assert counts("year") == {"2011": 1, "2019": 1}
    assert selectors.search(users.officer, "tarnwhistle", jurisdiction="KE").total == 1
    assert selectors.search(users.officer, "tarnwhistle", year="2019").total == 1
    assert selectors.search(users.officer, "tarnwhistle", kind="guide", language="fr").total == 1


def test_a_passage_is_escaped_except_its_marks(users) -> None:
    text = "Before <script>alert(1)</script> glimmerquartz & after (test)."
    _document(users.officer, "Note <b>bold</b> (test)", text)
    hit = selectors.search(users.officer, "glimmerquartz").hits[0]
    assert hit.passage == "Before &lt;script&gt;alert(1)&lt;/script&gt; <mark>glimmerquartz</mark> &amp; after (test)."
    assert hit.title == "Note &lt;b&gt;bold&lt;/b&gt; (test)"


def test_a_document_changed_or_deleted_is_found_as_it_now_is(users) -> None:
    document = _document(users.officer, "Note (test)", "First text: obsidianharp (test).")
    services.version_save(
        actor=users.officer, document=document, language="en", title="Note (test)", text="Now: basaltlyre (test)."
    )
    assert selectors.search(users.officer, "obsidianharp").total == 0
    assert selectors.search(users.officer, "basaltlyre").total == 1
    services.document_delete(actor=users.officer, document=document)
    assert selectors.search(users.officer, "basaltlyre").total == 0


# --- Bad input -----------------------------------------------------------------------------

OPERATORS_ONLY = ['"" OR - ()*', "-", "OR", "***", '"', "-secret", "()", "^ : ;", "*:-()"]


@pytest.mark.parametrize("query", OPERATORS_ONLY)
def test_a_query_of_operators_only_answers_nothing_with_a_hint(users, query: str) -> None:
    result = selectors.search(users.officer, query)
    assert (result.total, result.hits) == (0, [])
    assert not any(result.facets.values())
    assert result.hint


def test_the_page_and_the_api_answer_a_hint_to_operators_only(users, client_for) -> None:
    client = client_for(users.officer)
    page = client.get("/library/", {"q": '"" OR - ()*'})
    assert page.status_code == 200
    assert b'data-testid="search-hint"' in page.content
    api = client.get("/api/library/search/", {"q": '"" OR - ()*'})
    assert api.status_code == 200
    assert api.json()["results"] == [] and api.json()["hint"]


def test_unknown_filter_values_are_named(users, client_for) -> None:
    with pytest.raises(UnknownFilters) as caught:
        selectors.search(users.officer, "x", kind="poem", jurisdiction="XXQ", year="20x4")
    assert set(caught.value.unknown) == {"kind", "jurisdiction", "year"}
    client = client_for(users.officer)
    response = client.get(
        "/api/library/search/",
        {"q": "secrecy", "kind": "poem", "language": "xx", "instrument": "NOPE", "year": "0", "jurisdiction": "ZZZ"},
    )
    assert response.status_code == 400
    body = response.json()
    assert set(body) == {"detail", "kind", "language", "instrument", "year", "jurisdiction"}
    assert "poem" in body["kind"] and "NOPE" in body["instrument"]
    assert client.get("/api/library/search/", {"q": "x", "page": "²"}).status_code == 400
    assert client.get("/api/library/search/", {"q": "x", "jurisdiction": "K\x00E"}).status_code == 400
    page = client.get("/library/", {"q": "secrecy", "kind": "poem"})
    assert page.status_code == 400
    assert b"poem" in page.content


# --- Who sees what -------------------------------------------------------------------------


def test_a_private_document_is_never_returned_counted_or_quoted_for_anyone_else(users, authorities, client_for) -> None:
    planted = "vexillumquartz"
    kenya = Jurisdiction.objects.get(code="KEN")
    private = _document(
        users.officer,
        f"Internal note {planted} (test)",
        f"The {planted} is kept by the Kenyan central authority only (test). Shared word: lanternfish.",
        visibility=Document.Visibility.AUTHORITY,
        kind=Document.Kind.COUNTRY_NOTE,
        jurisdiction=kenya,
        instrument_code="PRIVATE-TEST",
        date=dt.date(2031, 1, 1),
    )
    _document(users.supervisor, "Shared note (test)", "Shared word: lanternfish (test).", language="fr")
    others = [users.executor, users.outsider] + [
        UserFactory.create(authority=authorities[name], role=role)
        for name in ("ke_prosecution", "so_central")
        for role in Role
    ]
    for user in others:
        if not user.authenticator_set.exists():
            activate_totp(user)
    for user in [*others, AnonymousUser()]:
        assert selectors.search(user, planted).total == 0
        shared = selectors.search(user, "lanternfish")
        assert all(hit.document.pk != private.pk for hit in shared.hits)
        assert planted not in "".join(hit.passage + hit.title for hit in shared.hits)
        counted = {name: {v.value for v in values} for name, values in shared.facets.items()}
        assert "PRIVATE-TEST" not in counted.get("instrument", set())
        assert "2031" not in counted.get("year", set()) and "country_note" not in counted.get("kind", set())
        with pytest.raises(UnknownFilters):  # the private document's instrument is not confirmed either
            selectors.search(user, "lanternfish", instrument="PRIVATE-TEST")
    for client in [*(client_for(user) for user in others), Client()]:
        page = client.get("/library/", {"q": planted}).content.decode()
        assert "Internal note" not in page and 'data-testid="search-results"' not in page
        assert "PRIVATE-TEST" not in client.get("/library/", {"q": "lanternfish"}).content.decode()
    for user in others:
        assert client_for(user).get("/api/library/search/", {"q": planted}).json()["total"] == 0
    # Its own authority finds it, whatever the role; and a change of visibility applies at once.
    for colleague in (users.officer, users.supervisor, users.auditor, users.administrator):
        assert selectors.search(colleague, planted).total == 1
    services.document_update(actor=users.officer, document=private, visibility=Document.Visibility.PUBLIC)
    assert selectors.search(AnonymousUser(), planted).total == 1


# --- The page and the API ------------------------------------------------------------------


def test_an_anonymous_visitor_searches_the_treaty_texts(treaty_texts: None) -> None:
    response = Client().get("/library/", {"q": "bank secrecy"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "UNTOC art. 18(8)" in content and "#art-18-8" in content
    assert "<mark>bank</mark> <mark>secrecy</mark>" in content
    assert 'data-testid="facet-instrument"' in content
    assert "Add a document" not in content
    narrowed = Client().get("/library/", {"q": "bank secrecy", "instrument": "UNTOC"}).content.decode()
    assert "UNCAC art. 46(8)" not in narrowed and "UNTOC art. 18(8)" in narrowed


def test_the_page_offers_to_add_a_document_to_those_who_may(users, client_for) -> None:
    assert b"/library/documents/new/" in client_for(users.officer).get("/library/").content
    assert b"/library/documents/new/" not in client_for(users.executor).get("/library/").content
    assert b'href="/library/"' in client_for(users.executor).get("/").content  # in the navigation


def test_the_page_marks_a_passage_of_another_language(users, client_for) -> None:
    _document(users.officer, "Note (test)", "Le mot quenouillard en français (test).", language="fr")
    content = client_for(users.officer).get("/library/", {"q": "quenouillard"}).content.decode()
    assert 'dir="auto" lang="fr"' in content


def test_the_api_answers_results_facets_and_pages(treaty_texts: None, users, client_for) -> None:
    client = client_for(users.officer)
    body = client.get("/api/library/search/", {"q": "bank secrecy", "instrument": "UNTOC"}).json()
    assert body["filters"] == {"instrument": "UNTOC"}
    citations = {hit["citation"]: hit for hit in body["results"]}
    hit = citations["UNTOC art. 18(8)"]
    assert hit["anchor"] == "art-18-8" and hit["url"].endswith("#art-18-8")
    assert hit["kind"] == "treaty" and hit["language"] == "en" and hit["jurisdiction"] is None
    assert "<mark>bank</mark>" in hit["passage_html"]
    assert body["facets"]["instrument"] == [{"value": "UNTOC", "name": "UNTOC", "count": 2, "selected": True}]
    second = client.get("/api/library/search/", {"q": "assistance", "page": "2"}).json()
    assert second["page"] == 2 and second["pages"] >= 2 and len(second["results"]) == 20
    assert Client().get("/api/library/search/", {"q": "bank"}).status_code == 403  # the API is for members


def test_passages_of_kept_documents_shown_are_on_the_record(users, client_for) -> None:
    kept = _document(
        users.officer, "Kept guidance (test)", "The ornithopter rule applies (test).", visibility="authority"
    )
    shared = _document(
        users.officer, "Shared guidance (test)", "The ornithopter rule, shared (test).", visibility="node"
    )
    public = _document(
        users.officer, "Public guidance (test)", "The ornithopter rule, public (test).", visibility="public"
    )

    client_for(users.supervisor).get("/library/", {"q": "ornithopter"})
    client_for(users.outsider).get("/api/library/search/", {"q": "ornithopter"})

    page = AuditEvent.objects.filter(action="library_document.shown", actor=users.supervisor).get()
    assert page.detail["ids"] == sorted([kept.pk, shared.pk]) and page.detail["where"] == "library:search"
    api = AuditEvent.objects.filter(action="library_document.shown", actor=users.outsider).get()
    assert api.detail["ids"] == [shared.pk]  # the public one is not on the record, the kept one not shown
    assert public.pk not in page.detail["ids"]


def test_before_any_search_the_library_lists_what_the_user_may_see(treaty_texts: None, users, client_for) -> None:
    mine = _document(users.officer, "Our checklist (test)", "A checklist (test).", visibility="authority")
    theirs = _document(users.outsider, "Their private memo (test)", "A memo (test).", visibility="authority")
    shared = _document(users.outsider, "Their shared guide (test)", "A guide (test).", visibility="node")

    home = client_for(users.supervisor).get("/library/")

    page = home.content.decode()
    assert home.status_code == 200
    assert "Our checklist (test)" in page and "Their shared guide (test)" in page
    assert "Their private memo (test)" not in page
    assert 'href="/library/instruments/UNTOC/"' in page  # the shipped texts, listed apart
    event = AuditEvent.objects.filter(action="library_document.shown", actor=users.supervisor).get()
    assert event.detail["ids"] == sorted([mine.pk, shared.pk]) and event.detail["parts"] == ["title"]
    assert theirs.pk not in event.detail["ids"]


def test_filters_alone_list_the_documents_they_keep(users, client_for) -> None:
    _document(users.officer, "A guide (test)", "A guide (test).")
    uganda = Jurisdiction.objects.create(
        code="UGA", iso2="UG", kind="state", name_en="Uganda", source="Test data", as_at=dt.date(2026, 1, 1)
    )
    services.country_note_save(
        actor=users.officer,
        jurisdiction=uganda,
        language="en",
        requirements="Annexes in English (test).",
        practical_tips="",
    )

    notes = client_for(users.officer).get("/library/", {"kind": "country_note"}).content.decode()

    assert "Uganda: notes of" in notes
    assert "A guide (test)" not in notes
    assert 'href="/library/instruments/' not in notes
