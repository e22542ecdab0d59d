import pytest

from entraide.audit.models import AuditEvent
from entraide.cases.errors import SpecialityBlocked
from entraide.cases.models import Document
from entraide.cases.services import document_copy, document_export, document_upload, request_record_use_consent
from entraide.testing.cases import new_outgoing

from .helpers import pdf_with

pytestmark = pytest.mark.django_db


def _evidence(users):
    source = new_outgoing(users, use_limitation="Only for the proceedings in case 12/2024 (UNTOC 18(19))")
    version = document_upload(
        actor=users.officer, request=source, filename="bank.pdf", data=pdf_with("records"), kind="evidence"
    )
    return source, version


def test_evidence_under_use_limitation_cannot_be_attached_elsewhere(users):
    _source, version = _evidence(users)
    other = new_outgoing(users, title="Another case")
    with pytest.raises(SpecialityBlocked):
        document_copy(actor=users.officer, document=version.document, target=other)
    assert not Document.objects.filter(request=other).exists()
    assert AuditEvent.objects.filter(action="document.copy-blocked").count() == 1


def test_export_blocked_until_consent_then_allowed(users):
    source, version = _evidence(users)
    with pytest.raises(SpecialityBlocked):
        document_export(actor=users.officer, version=version)
    assert AuditEvent.objects.filter(action="document.export-blocked").count() == 1
    request_record_use_consent(actor=users.officer, request=source, note="Letter of 2 May 2024")
    assert b"records" in document_export(actor=users.officer, version=version)
    other = new_outgoing(users, title="Another case")
    copy = document_copy(actor=users.officer, document=version.document, target=other)
    assert copy.request == other and copy.derived_from == version.document


def test_a_copy_stays_under_the_source_limitation(users):
    source = new_outgoing(users, use_limitation="speciality")
    version = document_upload(actor=users.officer, request=source, filename="a.pdf", data=pdf_with("x"))
    request_record_use_consent(actor=users.officer, request=source, note="consent")
    other = new_outgoing(users, title="other")
    copy = document_copy(actor=users.officer, document=version.document, target=other)
    # A request without its own limitation: the copy can be exported (consent was given for the source).
    assert document_export(actor=users.officer, version=copy.versions.get())
