"""Every page and action of the requests app: outsider 404, wrong role 403, executor scope."""

import datetime as dt

import pytest
from django.urls import reverse

from entraide.cases.models import Measure
from entraide.cases.services import document_upload, reminders_raise
from entraide.testing.cases import assert_executor_scope, new_incoming, walk
from entraide.testing.tenancy import assert_tenant_isolation

from .helpers import PDF, Rereadable, shared_and_private_documents

pytestmark = pytest.mark.django_db

OFFICE = {"officer", "supervisor"}
VIEW = {"officer", "supervisor", "auditor"}
# 409/400: the second allowed user finds the request already moved or the token used,
# which proves it went through the tenancy and role checks (404/403 are asserted apart).
WRITE_OK = (200, 201, 204, 302, 303, 409)


def test_request_detail(world):
    url = reverse("cases:request-detail", args=[world.outgoing.pk])
    assert_tenant_isolation(world.users, url, allowed=VIEW)
    assert_executor_scope(
        world.users, hidden=[url], visible=[reverse("cases:request-detail", args=[world.incoming.pk])]
    )


def test_request_edit(world):
    url = reverse("cases:request-edit", args=[world.outgoing.pk])
    assert_tenant_isolation(world.users, url, allowed=OFFICE)
    assert_executor_scope(world.users, hidden=[url], refused=[reverse("cases:request-edit", args=[world.incoming.pk])])


def test_request_transition(world):
    url = reverse("cases:request-transition", args=[world.outgoing.pk])
    assert_tenant_isolation(
        world.users, url, allowed=OFFICE, method="post", data={"to": "in-review"}, expected_ok=WRITE_OK
    )
    assert_executor_scope(world.users, hidden=[url], method="post", data={"to": "in-review"})
    assert_executor_scope(
        world.users,
        method="post",
        data={"to": "in-execution"},
        visible=[reverse("cases:request-transition", args=[world.incoming.pk])],
    )


def test_request_assign(world):
    request = walk(world.users, new_incoming(world.users), ["registered", "under-assessment", "accepted"])
    url = reverse("cases:request-assign", args=[request.pk])
    data = {"authority": world.users.executor.authority_id}
    assert_tenant_isolation(world.users, url, allowed=OFFICE, method="post", data=data, expected_ok=WRITE_OK)
    assert_executor_scope(
        world.users, method="post", data=data, refused=[reverse("cases:request-assign", args=[world.incoming.pk])]
    )


@pytest.mark.parametrize(
    "name,data",
    [
        ("request-consent", {"note": "Consent by letter of 3 May"}),
        ("measure-add", {"token": "8b0f7f5e-37a4-4f7a-9d8e-1f0c6e5f3a11", "kind": "bank-records"}),
        ("offence-add", {"token": "8b0f7f5e-37a4-4f7a-9d8e-1f0c6e5f3a12", "provision": "Penal Code s. 3"}),
        ("person-add", {"token": "8b0f7f5e-37a4-4f7a-9d8e-1f0c6e5f3a13", "role": "witness", "name": "A. Witness"}),
        (
            "deadline-add",
            {"token": "8b0f7f5e-37a4-4f7a-9d8e-1f0c6e5f3a14", "kind": "court-date", "due_on": "2030-01-01"},
        ),
    ],
)
def test_office_actions_on_a_request(world, name, data):
    world.outgoing.use_limitation = "Only for case 12/2024"
    world.outgoing.save()
    url = reverse(f"cases:{name}", args=[world.outgoing.pk])
    assert_tenant_isolation(world.users, url, allowed=OFFICE, method="post", data=data, expected_ok=WRITE_OK)
    assert_executor_scope(
        world.users,
        method="post",
        data=data,
        hidden=[url],
        refused=[reverse(f"cases:{name}", args=[world.incoming.pk])],
    )


def test_legal_basis_page(world):
    url = reverse("cases:request-legal-basis", args=[world.outgoing.pk])
    assert_tenant_isolation(world.users, url, allowed=OFFICE)
    assert_executor_scope(
        world.users, hidden=[url], refused=[reverse("cases:request-legal-basis", args=[world.incoming.pk])]
    )


def test_document_upload(world):
    url = reverse("cases:document-upload", args=[world.outgoing.pk])

    def data():
        return {"token": "8b0f7f5e-37a4-4f7a-9d8e-1f0c6e5f3a15", "title": "Letter", "kind": "letter", "file": _file()}

    def _file():
        return Rereadable("letter.pdf", PDF)

    assert_tenant_isolation(world.users, url, allowed=OFFICE, method="post", data=data(), expected_ok=WRITE_OK)
    assert_executor_scope(world.users, method="post", data=data(), hidden=[url])
    assert_executor_scope(
        world.users,
        method="post",
        data={**data(), "token": "8b0f7f5e-37a4-4f7a-9d8e-1f0c6e5f3a16"},
        visible=[reverse("cases:document-upload", args=[world.incoming.pk])],
    )


def test_measure_transition(world):
    measure = Measure.objects.get(request=world.incoming)
    url = reverse("cases:measure-transition", args=[measure.pk])
    assert_tenant_isolation(
        world.users, url, allowed=OFFICE, method="post", data={"to": "in-execution"}, expected_ok=WRITE_OK
    )
    other = new_incoming(world.users, assign=False)
    walk(world.users, other, ["registered"])
    from entraide.cases.services import measure_add

    hidden = measure_add(actor=world.users.officer, request=other, kind="search-seizure")
    assert_executor_scope(
        world.users,
        method="post",
        data={"to": "executed"},
        visible=[url],
        hidden=[reverse("cases:measure-transition", args=[hidden.pk])],
    )


def test_document_download_and_office_actions(world):
    shared, private = shared_and_private_documents(world)
    download = reverse("cases:document-download", args=[private])
    assert_tenant_isolation(world.users, download, allowed=OFFICE)
    assert_executor_scope(world.users, visible=[reverse("cases:document-download", args=[shared])], hidden=[download])
    for name, data in [
        ("document-share", {"shared": "0"}),
        ("document-export", None),
        ("document-copy", {"target": world.outgoing.our_reference}),
    ]:
        url = reverse(f"cases:{name}", args=[private])
        assert_tenant_isolation(world.users, url, allowed=OFFICE, method="post", data=data, expected_ok=WRITE_OK)
        assert_executor_scope(
            world.users, method="post", data=data, hidden=[url], refused=[reverse(f"cases:{name}", args=[shared])]
        )


def test_reminder_dismiss(world):
    Measure.objects.filter(request=world.incoming).update(due_on=dt.date(2000, 1, 1))
    reminders_raise()
    reminder = world.incoming.reminders.get()
    url = reverse("cases:reminder-dismiss", args=[reminder.pk])
    assert_tenant_isolation(world.users, url, allowed=OFFICE, method="post", expected_ok=WRITE_OK)
    assert_executor_scope(world.users, method="post", visible=[url])


@pytest.mark.parametrize("name", ["dashboard", "request-list", "request-create"])
def test_pages_without_an_object_refuse_the_wrong_roles(users, client_for, name):
    allowed = (
        {"officer", "supervisor"} if name == "request-create" else {"officer", "supervisor", "executor", "auditor"}
    )
    for user in users.all():
        code = client_for(user).get(reverse(f"cases:{name}")).status_code
        assert code == (200 if user.role in allowed else 403), (name, user.role, code)


def test_lists_show_only_my_scope(world, client_for):
    document_upload(actor=world.users.officer, request=world.incoming, filename="a.pdf", data=PDF)
    for name in ["dashboard", "request-list"]:
        url = reverse(f"cases:{name}")
        mine = client_for(world.users.officer).get(url).content.decode()
        assert world.outgoing.our_reference in mine and world.theirs.our_reference not in mine
        executor = client_for(world.users.executor).get(url).content.decode()
        if name == "request-list":
            assert world.incoming.our_reference in executor
        assert world.outgoing.our_reference not in executor
        assert world.unassigned.our_reference not in executor
        outsider = client_for(world.users.outsider).get(url).content.decode()
        assert world.outgoing.our_reference not in outsider
