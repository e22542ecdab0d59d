import pytest

from entraide.cases.errors import CaseValidationError
from entraide.cases.services import RECIPROCITY, request_choose_legal_basis, request_transition
from entraide.reference.models import OffenceClass
from entraide.testing.cases import new_outgoing

pytestmark = pytest.mark.django_db


def test_reciprocity_is_stored_with_the_engine_explanation_of_the_moment(users):
    request = new_outgoing(users)
    request_choose_legal_basis(actor=users.officer, request=request, code=RECIPROCITY)
    request.refresh_from_db()
    snapshot = request.legal_basis_snapshot
    assert request.legal_basis_code == RECIPROCITY
    assert snapshot["query"]["requesting"] == "KEN" and snapshot["query"]["requested"] == "SOM"
    assert snapshot["chosen_at"] and "explanation" in snapshot["option"]


def test_an_option_the_engine_does_not_offer_is_refused(users):
    request = new_outgoing(users)
    with pytest.raises(CaseValidationError):
        request_choose_legal_basis(actor=users.officer, request=request, code="NO-SUCH-TREATY")


def test_legal_basis_is_frozen_once_transmitted(users):
    request = new_outgoing(users)
    for to, actor in [("in-review", users.officer), ("approved", users.supervisor), ("transmitted", users.officer)]:
        request_transition(actor=actor, request=request, to=to, reviewed=True)
    with pytest.raises(CaseValidationError):
        request_choose_legal_basis(actor=users.officer, request=request, code=RECIPROCITY)


# --- the whole request (issue 11) --------------------------------------------------------


def _untoc(answer):
    return next(o for o in answer["options"] if o["code"] == "UNTOC")


def _to_tanzania(users, title="Laundering by an organized group (test)"):
    """Kenya and Tanzania are both parties to UNTOC in the shipped data (Somalia is not)."""
    from entraide.cases.services import request_create
    from entraide.reference.models import Jurisdiction

    return request_create(
        actor=users.officer,
        direction="outgoing",
        requesting_jurisdiction=users.officer.authority.jurisdiction,
        requested_jurisdiction=Jurisdiction.objects.get(code="TZA"),
        title=title,
    )


def test_every_offence_is_weighed_not_only_the_first(users, treaty_data):
    from entraide.cases.services import legal_basis_options, offence_add

    request = _to_tanzania(users)
    offence_add(
        actor=users.officer,
        request=request,
        provision="Proceeds of Crime Act, s. 3 (test)",
        max_penalty_years=14,
        offence_class=OffenceClass.objects.get(code="07041"),
        transnational="stated",
        organized_group="stated",
    )
    alone = legal_basis_options(request=request)
    assert _untoc(alone)["applicable"], _untoc(alone)["reasons"]
    offence_add(
        actor=users.officer,
        request=request,
        provision="Minor Offences Act, s. 1 (test)",
        max_penalty_years=1,
        offence_class=OffenceClass.objects.get(code="0502"),
        transnational="stated",
        organized_group="stated",
    )
    both = legal_basis_options(request=request)
    untoc = _untoc(both)
    assert not untoc["applicable"]  # before issue 11 the second offence was never looked at
    assert any("Minor Offences Act" in reason for reason in untoc["reasons"])
    assert [o["provision"] for o in both["offences"]] == [
        "Proceeds of Crime Act, s. 3 (test)",
        "Minor Offences Act, s. 1 (test)",
    ]
    assert "UNTOC" in both["offences"][0]["applicable"] and "UNTOC" not in both["offences"][1]["applicable"]


@pytest.mark.parametrize(
    ("modality", "assertion", "expected"),
    [
        ("mla", "stated", True),
        ("mla", "suspected", True),
        ("mla", "unknown", None),
        ("extradition", "suspected", None),
        ("mla", "no", False),
        ("extradition", "no", False),
    ],
)
def test_what_the_engine_is_told_of_transnational_and_organized(modality, assertion, expected):
    from entraide.cases.services.requests import engine_fact

    assert engine_fact(assertion, modality) is expected


def test_an_option_not_found_applicable_needs_a_reason_shown_with_it(users, treaty_data, client_for):
    from django.urls import reverse

    from entraide.cases.services import legal_basis_options, offence_add

    request = _to_tanzania(users)
    offence_add(
        actor=users.officer,
        request=request,
        provision="Minor Offences Act, s. 1 (test)",
        max_penalty_years=1,
        offence_class=OffenceClass.objects.get(code="0502"),
    )
    option = _untoc(legal_basis_options(request=request))
    assert not option["applicable"]
    with pytest.raises(CaseValidationError, match="say why"):
        request_choose_legal_basis(actor=users.officer, request=request, code="UNTOC")
    request_choose_legal_basis(
        actor=users.officer, request=request, code="UNTOC", reason="The penalty is being raised to 5 years (test)."
    )
    request.refresh_from_db()
    assert request.legal_basis_reason.startswith("The penalty is being raised")
    assert request.legal_basis_snapshot["reason"] == request.legal_basis_reason
    page = client_for(users.officer).get(reverse("cases:request-detail", args=[request.pk])).content.decode()
    assert 'data-testid="legal-basis-reason"' in page and "being raised to 5 years" in page
    api = client_for(users.officer).get(reverse("api-request-detail", args=[request.pk])).json()
    assert api["legal_basis_reason"].startswith("The penalty is being raised")
    choose = client_for(users.officer).post(reverse("cases:request-legal-basis", args=[request.pk]), {"code": "UNTOC"})
    assert choose.status_code == 400 and b"say why" in choose.content


def test_the_request_says_yes_if_or_no_as_its_offences_are_known(users, treaty_data):
    """Not known is not no (issue 15): the request's answer applies if, with the verdict first."""
    from entraide.cases.services import legal_basis_options, offence_add

    request = _to_tanzania(users)
    offence_add(
        actor=users.officer,
        request=request,
        provision="Fraud Act, s. 2 (test)",
        max_penalty_years=10,
        offence_class=OffenceClass.objects.get(code="0701"),
    )
    answer = legal_basis_options(request=request)
    untoc = _untoc(answer)
    assert untoc["applicability"] == "if" and not untoc["applicable"]
    assert any("reasonable grounds to suspect" in r for r in untoc["requirements"])
    assert "applies if" in answer["verdict"]
    stated_not = _to_tanzania(users, title="Fraud by one person (test)")
    offence_add(
        actor=users.officer,
        request=stated_not,
        provision="Fraud Act, s. 2 (test)",
        max_penalty_years=10,
        offence_class=OffenceClass.objects.get(code="0701"),
        organized_group="no",
    )
    assert _untoc(legal_basis_options(request=stated_not))["applicability"] == "no"
