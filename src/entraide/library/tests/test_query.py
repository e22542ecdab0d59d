"""The search box's syntax: parsed once, rendered for FTS5 and PostgreSQL, never an error."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from entraide.library import selectors
from entraide.library.query import MAX_TERMS, Term, parse
from entraide.library.text import fold, words

# Text with what the syntax and both databases treat specially, mixed with any text.
SYNTAX = st.sampled_from(['"', "-", "OR", "AND", "NOT", "NEAR", "(", ")", "*", "^", ":", "'", "\\", "\x00", " ", "é"])
QUERIES = st.one_of(st.text(), st.lists(st.one_of(SYNTAX, st.text(max_size=8)), max_size=30).map("".join))


def test_words_phrases_alternatives_and_exclusions() -> None:
    query = parse('bank "dual criminality" freezing OR seizure -tax -"fiscal offence"')
    assert query.groups == (
        (Term(("bank",)),),
        (Term(("dual", "criminality")),),
        (Term(("freezing",)), Term(("seizure",))),
    )
    assert query.excluded == (Term(("tax",)), Term(("fiscal", "offence")))
    assert query.fts5() == (
        '("bank" AND "dual criminality" AND ("freezing" OR "seizure")) NOT "tax" NOT "fiscal offence"'
    )


def test_what_is_not_syntax_is_read_as_words() -> None:
    assert parse("art.18(8)").groups == ((Term(("art", "18", "8")),),)  # a phrase: the words follow each other
    assert parse("or NEAR AND").groups == ((Term(("or",)),), (Term(("near",)),), (Term(("and",)),))
    assert parse('"unterminated phrase').groups == ((Term(("unterminated", "phrase")),),)
    assert parse("OR bank OR").groups == ((Term(("bank",)),),)


@pytest.mark.parametrize("text", ['"" OR - ()*', "-secret", "", "   ", "*", '"-"', "\x00"])
def test_nothing_to_look_for(text: str) -> None:
    assert parse(text).empty


def test_a_long_query_is_cut() -> None:
    query = parse(" ".join(f"word{n}" for n in range(100)))
    assert len(query.groups) == MAX_TERMS


def test_folding() -> None:
    assert fold("Données") == "donnees"
    assert fold("ﬁnancière") == "financiere"  # NFKC: the ligature is two letters
    assert words("السِّرِّيَّة المَصْرِفِيَّة") == words("السرية المصرفية")
    assert words("إلى أحكام الإتفاقية آخر ٱلله مؤسسة هيئة") == words("الى احكام الاتفاقيه اخر الله موسسه هييه")
    assert words("القـــانون") == words("القانون")  # tatweel


@given(QUERIES)
def test_the_parser_never_raises_and_renders_only_quoted_terms(text: str) -> None:
    query = parse(text)
    expression = query.fts5()
    sql, params = query.tsquery()
    if query.empty:
        return
    # Outside the quoted terms, only the operators and parentheses the renderer writes.
    outside = "".join(part for n, part in enumerate(expression.split('"')) if n % 2 == 0)
    assert set(outside.replace("AND", "").replace("OR", "").replace("NOT", "")) <= set("() ")
    assert sql.count("%s") == len(params)


@pytest.mark.django_db
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(QUERIES)
def test_the_database_never_refuses_a_rendered_query(treaty_texts: None, text: str) -> None:
    result = selectors.search(AnonymousUser(), text)
    if parse(text).empty:
        assert result.total == 0 and (result.hint or not text.strip())
