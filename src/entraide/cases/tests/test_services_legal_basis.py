import pytest

from entraide.cases.errors import CaseValidationError
from entraide.cases.services import RECIPROCITY, request_choose_legal_basis, request_transition
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
