"""Demo library documents: fictitious, in several languages, shared with the node, made once."""

import pytest
from django.core.management import call_command

from entraide.library.models import Document, Version
from entraide.testing.factories import JurisdictionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def countries():
    JurisdictionFactory.create(code="KEN", iso2="KE", name_en="Kenya")
    JurisdictionFactory.create(code="SOM", iso2="SO", name_en="Somalia")


def test_demo_library_documents_in_several_languages_once(countries, capsys):
    call_command("load_demo")
    documents = Document.objects.filter(authority__is_demo=True)
    assert documents.count() == 3
    assert set(documents.values_list("visibility", flat=True)) == {Document.Visibility.NODE}
    versions = Version.objects.filter(document__in=documents)
    assert set(versions.values_list("language", flat=True)) == {"en", "fr", "es", "ar"}
    assert all("(fictitious)" in title for title in versions.values_list("title", flat=True))
    pdf = versions.get(content_type="application/pdf")
    assert pdf.text_status == Version.Text.TEXT and "gel des avoirs" in pdf.sections.get().text
    call_command("load_demo")
    assert Document.objects.filter(authority__is_demo=True).count() == 3
