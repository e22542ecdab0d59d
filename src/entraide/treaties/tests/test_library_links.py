"""The legal answer links to the articles it rests on: the legal-basis page, its JSON (API and
command) and the instrument page all point into the library's treaty texts."""

from __future__ import annotations

import json
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from entraide.library.models import Document

pytestmark = pytest.mark.django_db
QUESTION = {
    "requesting": "KEN",
    "requested": "TZA",
    "modality": "mla",
    "offence": "0903",
    "max_penalty_years": "10",
    "date": "2024-05-01",
    "transnational": "yes",
    "organized_group": "yes",
}
ARTICLE_18 = "/library/instruments/UNTOC/articles/18/"


def _option(body: str, code: str) -> str:
    match = re.search(rf'<article class="[^"]*" data-code="{code}".*?</article>', body, re.S)
    assert match is not None, code
    return match.group(0)


def test_the_answer_links_art_18_to_its_text(treaty_data, treaty_texts, users, client_for):
    client = client_for(users.officer)
    body = client.get("/treaties/", QUESTION).content.decode()
    untoc = _option(body, "UNTOC")
    assert f'<a href="{ARTICLE_18}" class="citation">art. 18</a>' in untoc
    # Its conditions and warnings cite paragraphs of article 18 and link them too.
    assert re.search(r'href="/library/instruments/UNTOC/articles/18/\?paragraph=\d+"', untoc)

    article = client.get(ARTICLE_18, follow=True)
    assert article.redirect_chain == [("/library/instruments/UNTOC/#art-18", 302)]
    text = article.content.decode()
    assert '<section id="art-18"' in text and "shall afford one another the widest measure" in text


def test_without_the_texts_the_answer_cites_without_links(treaty_data, treaty_texts, users, client_for):
    Document.objects.all().delete()  # rolled back with the test
    body = client_for(users.officer).get("/treaties/", QUESTION).content.decode()
    untoc = _option(body, "UNTOC")
    assert "art. 18" in untoc and "/library/instruments/" not in untoc


def test_the_answer_reads_the_library_once(treaty_data, treaty_texts, users, client_for):
    with CaptureQueriesContext(connection) as queries:
        client_for(users.officer).get("/treaties/", QUESTION)
    sections = [q for q in queries.captured_queries if "library_section" in q["sql"]]
    assert len(sections) == 1


def test_the_api_and_the_command_give_each_option_its_links(treaty_data, treaty_texts, users, client_for):
    params = {"from": "KEN", "to": "TZA", "modality": "mla", "offence": "0903", "max_penalty_years": "10"}
    data = client_for(users.officer).get("/api/treaties/legal-basis/", {**params, "date": "2024-05-01"}).json()
    untoc = next(o for o in data["options"] if o["code"] == "UNTOC")
    assert untoc["articles"] == ["18"]  # the contract's keys stay
    assert untoc["links"][0] == {
        "instrument": "UNTOC",
        "article": "18",
        "paragraph": "",
        "url": f"http://testserver{ARTICLE_18}",
    }
    assert all(link["url"].startswith("http://testserver/library/instruments/") for link in untoc["links"])

    out = StringIO()
    call_command(
        "legal_basis", "--from", "KEN", "--to", "TZA", "--modality", "mla", "--date", "2024-05-01", "--format", "json",
        stdout=out,
    )  # fmt: skip
    untoc = next(o for o in json.loads(out.getvalue())["options"] if o["code"] == "UNTOC")
    assert untoc["links"][0]["url"] == ARTICLE_18


def test_the_instrument_page_lists_the_articles_of_its_text(treaty_data, treaty_texts, users, client_for):
    body = client_for(users.officer).get("/treaties/instruments/UNTOC/").content.decode()
    listed = re.search(r'<ol [^>]*id="instrument-articles".*?</ol>', body, re.S)
    assert listed is not None
    assert (
        '<a href="/library/instruments/UNTOC/#art-18">art. 18</a> <span lang="en">Mutual legal assistance</span>'
        in (listed.group(0))
    )
    assert listed.group(0).count("<li ") == 41
    assert 'href="/library/instruments/UNTOC/" id="library-text"' in body
    # The modalities' articles link too: mla is art. 18, extradition art. 16.
    assert f'<a href="{ARTICLE_18}" class="citation">art. 18</a>' in body
    assert '<a href="/library/instruments/UNTOC/articles/16/" class="citation">art. 16</a>' in body


def test_an_instrument_without_a_text_says_so(treaty_data, treaty_texts, users, client_for):
    body = client_for(users.officer).get("/treaties/instruments/OAS-A-55/").content.decode()
    assert 'id="no-library-text"' in body and 'id="instrument-articles"' not in body
