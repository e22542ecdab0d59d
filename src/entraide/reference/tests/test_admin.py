import pytest
from django.forms.models import model_to_dict
from django.urls import reverse

from entraide.audit.models import AuditEvent
from entraide.reference.models import Jurisdiction

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(users, client_for):
    users.administrator.is_staff = True
    users.administrator.is_superuser = True
    users.administrator.save()
    return client_for(users.administrator)


def test_admin_lists_and_searches_every_reference_table(reference_data, staff_client):
    for model in ["jurisdiction", "language", "offenceclass"]:
        response = staff_client.get(reverse(f"admin:reference_{model}_changelist"), {"q": "ke"})
        assert response.status_code == 200
    response = staff_client.get(reverse("admin:reference_jurisdiction_changelist"), {"q": "KEN"})
    assert "Kenya" in response.content.decode()


def test_an_admin_edit_is_audit_logged(reference_data, staff_client, users):
    kenya = Jurisdiction.objects.get(code="KEN")
    data = {k: v for k, v in model_to_dict(kenya).items() if k != "id"}
    data.update(name_en="Kenya (edited)", as_at="2023-09-25")
    response = staff_client.post(reverse("admin:reference_jurisdiction_change", args=[kenya.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    event = AuditEvent.objects.filter(action="jurisdiction.changed").get()
    assert (event.actor_label, event.object_id, event.detail) == (
        users.administrator.email,
        str(kenya.pk),
        {"fields": ["name_en"]},
    )
