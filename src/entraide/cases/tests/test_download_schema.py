"""A download answers a content type the OpenAPI schema documents (issue 17, finding 10: the schema
said application/octet-stream, downloads answered their own type)."""

import pytest
from django.urls import reverse
from drf_spectacular.generators import SchemaGenerator

from entraide.cases.services import document_upload
from entraide.testing.cases import new_outgoing

from .helpers import PDF

pytestmark = pytest.mark.django_db


def test_a_download_answers_a_content_type_the_schema_documents(users, client_for):
    version = document_upload(actor=users.officer, request=new_outgoing(users), filename="a.pdf", data=PDF)
    response = client_for(users.officer).get(reverse("api-document-download", args=[version.document_id]))
    raw = SchemaGenerator().get_schema(request=None, public=True)
    documented = raw["paths"]["/api/requests/documents/{id}/download/"]["get"]["responses"]["200"]["content"]
    assert response.status_code == 200 and response["Content-Type"] in documented
