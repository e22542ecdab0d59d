import pytest
from django.utils import translation

from entraide.reference.selectors import (
    UnknownCode,
    jurisdictions_for_choice,
    languages_for_choice,
    offence_class_tree,
    resolve_jurisdiction,
    resolve_offence_class,
    search_jurisdictions,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("value", ["KEN", "KE", "ken", "ke", " Ken "])
def test_resolve_jurisdiction_accepts_alpha_2_and_alpha_3_in_any_case(reference_data, value):
    assert resolve_jurisdiction(value).code == "KEN"


def test_resolve_jurisdiction_finds_namibia_and_the_eu(reference_data):
    assert resolve_jurisdiction("NA").code == "NAM"
    assert resolve_jurisdiction("eu").name_en == "European Union"


def test_resolving_a_known_code_takes_one_query(reference_data, django_assert_num_queries):
    with django_assert_num_queries(1):
        resolve_jurisdiction("SOM")


def test_unknown_jurisdiction_suggests_close_matches(reference_data):
    with pytest.raises(UnknownCode) as exc:
        resolve_jurisdiction("KNE")
    assert str(exc.value) == "unknown jurisdiction 'KNE'; did you mean KEN (Kenya)?"
    assert (exc.value.kind, exc.value.value, exc.value.suggestions) == (
        "jurisdiction",
        "KNE",
        [("KEN", "Kenya")],
    )


@pytest.mark.parametrize(("value", "suggested"), [("Somlia", "SOM"), ("kenya", "KEN"), ("UK", "GBR"), ("Côte", "CIV")])
def test_names_and_common_mistakes_lead_to_the_code(reference_data, value, suggested):
    with pytest.raises(UnknownCode) as exc:
        resolve_jurisdiction(value)
    assert exc.value.suggestions[0][0] == suggested


def test_unknown_code_without_close_match_says_so_in_one_line(reference_data):
    with pytest.raises(UnknownCode) as exc:
        resolve_jurisdiction("ZZZ")
    assert str(exc.value) == "unknown jurisdiction 'ZZZ'"
    with pytest.raises(UnknownCode):
        resolve_jurisdiction("")


def test_resolve_offence_class(reference_data):
    assert resolve_offence_class("0903").name_en == "Acts against computer systems"
    assert resolve_offence_class("ICCS 07041").name_en == "Money laundering"
    with pytest.raises(UnknownCode) as exc:
        resolve_offence_class("903")
    assert str(exc.value).startswith("unknown offence class '903'; did you mean 0903 (Acts against computer systems)")
    with pytest.raises(UnknownCode) as exc:
        resolve_offence_class("money laundering")
    assert exc.value.suggestions == [("07041", "Money laundering")]


def test_jurisdictions_for_choice_follow_the_active_language(reference_data):
    choices = jurisdictions_for_choice()
    assert len(choices) == 250
    assert ("KEN", "Kenya (KEN)") in choices
    with translation.override("es"):
        spanish = dict(jurisdictions_for_choice())
    assert spanish["DEU"] == "Alemania (DEU)"
    assert languages_for_choice()[0][0]  # sorted, non-empty


def test_search_by_name_in_any_language_or_code(reference_data):
    assert set(search_jurisdictions("allemagne").values_list("code", flat=True)) == {"DEU"}
    assert search_jurisdictions("KE").values_list("code", flat=True).first() == "KEN"
    assert list(search_jurisdictions("", kind="organisation").values_list("code", flat=True)) == ["EU"]


def test_offence_class_tree_nests_divisions_under_sections(reference_data, django_assert_num_queries):
    with django_assert_num_queries(1):
        tree = offence_class_tree()
    assert [section.code for section, _ in tree] == [f"{n:02d}" for n in range(1, 12)]
    section_09 = dict((s.code, d) for s, d in tree)["09"]
    codes = [d.code for d in section_09]
    assert codes.index("0903") < codes.index("09031") < codes.index("090321") < codes.index("0904")
