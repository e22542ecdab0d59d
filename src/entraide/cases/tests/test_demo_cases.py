import pytest
from django.core.management import call_command

from entraide.cases.models import Request
from entraide.testing.factories import JurisdictionFactory

pytestmark = pytest.mark.django_db


def test_demo_requests_are_fictitious_marked_and_created_once(capsys, settings):
    settings.DEMO = True
    JurisdictionFactory.create(code="KEN", iso2="KE", name_en="Kenya")
    JurisdictionFactory.create(code="SOM", iso2="SO", name_en="Somalia")
    call_command("load_demo")
    call_command("load_demo")
    requests = Request.objects.all()
    # Five of the Kenyan authority's, and one it sent through the exchange to the Somali demo
    # authority: acknowledged here, registered there.
    assert requests.count() == 7
    assert all(r.is_demo and "(fictitious)" in r.title for r in requests)
    assert {r.status for r in requests} == {
        "draft",
        "transmitted",
        "assigned",
        "received",
        "executed",
        "acknowledged",
        "registered",
    }
    sent, arrived = requests.get(status="acknowledged"), requests.get(status="registered")
    assert arrived.their_reference == sent.our_reference and arrived.authority == sent.requested_authority
    assigned = requests.get(status="assigned")
    assert assigned.assigned_authority is not None
    assert assigned.assigned_authority.users.filter(role="executor", is_demo=True).exists()
