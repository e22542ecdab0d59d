"""A quality finding cites the article it comes from; the library's text of that article is a click away."""

from __future__ import annotations

import pytest
from django.urls import reverse

from entraide.testing.cases import new_outgoing

pytestmark = pytest.mark.django_db


def test_a_finding_links_its_source_article(rules, treaty_texts, users, languages, client_for):
    request = new_outgoing(users, legal_basis_code="UNTOC")
    html = client_for(users.officer).get(reverse("drafting:findings", args=[request.pk])).content.decode()
    assert 'data-rule="untoc-18-15-b-proceedings"' in html
    link = '<a href="/library/instruments/UNTOC/articles/18/?paragraph=15-b" class="citation">UNTOC art. 18(15)(b)</a>'
    assert link in html
    # A source outside the library (the UN Model Treaty, for a request without a legal basis) stays text.
    other = new_outgoing(users)
    html = client_for(users.officer).get(reverse("drafting:findings", args=[other.pk])).content.decode()
    assert 'Source: <span lang="en">Model Treaty on Mutual Assistance (GA res. 45/117) art. 5(1)(c)</span> —' in html

    landing = client_for(users.officer).get("/library/instruments/UNTOC/articles/18/", {"paragraph": "15-b"})
    assert landing["Location"] == "/library/instruments/UNTOC/#art-18-15-b"


def test_a_findings_detail_is_the_requests_own_words_isolated_from_the_rules(treaty_texts):
    from django.template import Context, Template
    from django.utils import translation

    from entraide.drafting.checks import Finding
    from entraide.drafting.models import QualityRule

    rule = QualityRule(
        code="offence-text",
        source_instrument="UNTOC",
        severity="warning",
        messages={
            "en": "Give the text of the law (UNTOC art. 18(15)) for each offence: {detail}.",
            "ar": "أورد نص القانون لكل جريمة: {detail}.",
        },
    )
    finding = Finding(rule=rule, detail="Penal Code <s. 2> (fictitious)")
    template = Template("{% load findings %}{% finding_message finding %}")
    html = template.render(Context({"finding": finding}))
    assert "<bdi>Penal Code &lt;s. 2&gt; (fictitious)</bdi>." in html
    assert 'class="citation">UNTOC art. 18(15)</a>' in html
    with translation.override("ar"):
        assert (
            template.render(Context({"finding": finding}))
            == "أورد نص القانون لكل جريمة: <bdi>Penal Code &lt;s. 2&gt; (fictitious)</bdi>."
        )
    # A message without a detail is the message alone.
    assert (
        Template("{% load findings %}{% finding_message f %}").render(
            Context({"f": Finding(rule=QualityRule(source_instrument="", messages={"en": "Say by when."}), detail="")})
        )
        == "Say by when."
    )


def test_inside_a_label_the_message_has_no_link_but_keeps_its_detail_apart(treaty_texts):
    from django.template import Context, Template

    from entraide.drafting.checks import Finding
    from entraide.drafting.models import QualityRule

    rule = QualityRule(source_instrument="UNTOC", messages={"en": "See UNTOC art. 18(15): {detail}."})
    html = Template("{% load findings %}{% finding_message f links=False %}").render(
        Context({"f": Finding(rule=rule, detail="R&D (fictitious)")})
    )
    assert html == "See UNTOC art. 18(15): <bdi>R&amp;D (fictitious)</bdi>."
