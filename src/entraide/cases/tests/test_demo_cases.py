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
    assert requests.count() == 5
    assert all(r.is_demo and "(fictitious)" in r.title for r in requests)
    assert {r.status for r in requests} == {"draft", "transmitted", "assigned", "received", "executed"}
    assigned = requests.get(status="assigned")
    assert assigned.assigned_authority is not None
    assert assigned.assigned_authority.users.filter(role="executor", is_demo=True).exists()
