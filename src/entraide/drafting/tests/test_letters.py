"""Letters: what they say, in which language and direction, as DOCX (opened by LibreOffice) and
PDF (read by pdftotext), versioned, with templates checked, signed and verified (pyHanko, pdfsig)."""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from django.urls import reverse
from django.utils import translation

from entraide.cases.errors import CaseValidationError
from entraide.cases.models import Measure, Request
from entraide.cases.services import document_read, request_update
from entraide.drafting.letters import render
from entraide.drafting.letters.content import compose, parts_of
from entraide.drafting.models import GeneratedLetter, LetterTemplate, SigningCertificate
from entraide.drafting.services.letters import letter_generate, letter_template_save, signing_certificate_set

from .conftest import complete_mla

pytestmark = pytest.mark.django_db


def need(tool: str) -> str:
    """A system tool the test runs; CI installs it (.ci/run) and fails rather than skips without it."""
    path = shutil.which(tool)
    if path is None:
        if os.environ.get("ENTRAIDE_REQUIRE_BROWSER"):
            pytest.fail(f"{tool} is missing (apt-get install libreoffice-writer-nogui poppler-utils)")
        pytest.skip(f"{tool} is not installed")
    return path


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    source = tmp_path / "letter.pdf"
    source.write_bytes(pdf)
    out = subprocess.run([need("pdftotext"), "-layout", str(source), "-"], capture_output=True, check=True)
    return out.stdout.decode()


@pytest.fixture
def letter_request(users, languages):
    request = complete_mla(users)
    request_update(
        actor=users.officer,
        request=request,
        legal_basis_code="UNTOC",
        legal_basis_articles="18",
        purpose="To trace the proceeds (test).",
    )
    return Request.objects.get(pk=request.pk)


def _latest(request, languages, fmt, users):
    letter = GeneratedLetter.objects.get(request=request, languages=languages, format=fmt)
    return document_read(actor=users.officer, version=letter.document.versions.order_by("-number")[0])


def test_the_pdf_letter_holds_what_the_request_says(letter_request, users, tmp_path):
    version = letter_generate(actor=users.officer, request=letter_request, kind="request", language="en")
    text = " ".join(pdf_text(_latest(letter_request, "en", "pdf", users), tmp_path).split())
    assert "A fictitious company laundered bribes through two accounts (test)." in text  # the facts
    assert "Anti-Corruption Act, s. 46 (test) — maximum penalty: 10 years" in text  # offence, provision, penalty
    assert "Bank records" in text and "SO00 TEST 0001" in text  # each measure with its details
    assert "UNTOC (art. 18)" in text  # legal basis with its articles
    assert "Ministry of Justice, Somalia (test)" in text  # the requested authority
    assert "To trace the proceeds (test)." in text
    assert len(version.sha256) == 64 and version.document.kind == "letter"


def test_the_docx_letter_opens_in_libreoffice(letter_request, users, tmp_path):
    letter_generate(actor=users.officer, request=letter_request, kind="request", language="en", fmt="docx")
    docx = tmp_path / "letter.docx"
    docx.write_bytes(_latest(letter_request, "en", "docx", users))
    soffice = need("soffice")
    profile = tmp_path / "profile"
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(docx),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    text = " ".join(pdf_text((tmp_path / "letter.pdf").read_bytes(), tmp_path).split())
    assert "two accounts (test)" in text and "Anti-Corruption Act, s. 46 (test)" in text


def test_the_arabic_letter_is_right_to_left(letter_request, users, tmp_path):
    parts = parts_of(letter_request)
    letter = compose(parts, "request", "ar")
    assert letter.rtl
    assert '<html lang="ar" dir="rtl">' in render.html([letter])
    with translation.override("ar"):
        heading = translation.gettext("Summary of the facts")
    assert heading != "Summary of the facts"  # the catalogue has it
    letter_generate(actor=users.officer, request=letter_request, kind="request", language="ar")
    assert heading in pdf_text(_latest(letter_request, "ar", "pdf", users), tmp_path)
    letter_generate(actor=users.officer, request=letter_request, kind="request", language="ar", fmt="docx")
    with zipfile.ZipFile(io.BytesIO(_latest(letter_request, "ar", "docx", users))) as docx:
        body = docx.read("word/document.xml").decode()
    assert '<w:bidi w:val="1"/>' in body and '<w:rtl w:val="1"/>' in body and heading in body


def test_a_bilingual_letter_sets_both_languages_side_by_side(letter_request, users, tmp_path):
    letter_generate(actor=users.officer, request=letter_request, kind="request", language="en", second_language="fr")
    text = pdf_text(_latest(letter_request, "en+fr", "pdf", users), tmp_path)
    with translation.override("fr"):
        french = translation.gettext("Summary of the facts")
    assert "Summary of the facts" in text and french in text and french != "Summary of the facts"
    html = render.html([compose(parts_of(letter_request), "request", c) for c in ("en", "ar")])
    assert 'lang="en" dir="ltr"' in html and 'lang="ar" dir="rtl"' in html


def test_a_letter_is_regenerated_as_a_new_version_never_edited(letter_request, users, client_for):
    first = letter_generate(actor=users.officer, request=letter_request, kind="request", language="en")
    request_update(actor=users.officer, request=letter_request, purpose="A changed purpose (test).")
    page = client_for(users.officer).get(reverse("drafting:letters", args=[letter_request.pk])).content.decode()
    assert "generate them again" in page and "the request changed since" in page
    second = letter_generate(actor=users.officer, request=letter_request, kind="request", language="en")
    assert second.document_id == first.document_id and second.number == first.number + 1
    assert second.sha256 != first.sha256


def test_an_incoming_request_gets_an_acknowledgement_and_a_cover_letter_not_a_request(world, users, tmp_path):
    incoming = world.incoming
    with pytest.raises(CaseValidationError):
        letter_generate(actor=users.officer, request=incoming, kind="request", language="en")
    Measure.objects.filter(request=incoming).update(status="executed", result="Statement taken (test).")
    letter_generate(actor=users.officer, request=incoming, kind="acknowledgement", language="fr")
    letter_generate(actor=users.officer, request=incoming, kind="execution-cover", language="en")
    cover = GeneratedLetter.objects.get(request=incoming, kind="execution-cover")
    version = cover.document.versions.get()
    assert "Statement taken (test)." in pdf_text(document_read(actor=users.officer, version=version), tmp_path)


def test_a_template_with_an_unknown_placeholder_is_refused_naming_it(users, letter_request, tmp_path):
    with pytest.raises(CaseValidationError, match=r"\{reference\}"):
        letter_template_save(
            actor=users.administrator,
            authority=users.administrator.authority,
            kind="request",
            modality="",
            language="en",
            opening="Our {reference} is attached.",
        )
    assert not LetterTemplate.objects.exists()
    letter_template_save(
        actor=users.administrator,
        authority=users.administrator.authority,
        kind="request",
        modality="mla",
        language="en",
        letterhead="REPUBLIC OF KENYA (test)\n{authority}",
        signature="For the Director, {officer}",
    )
    with pytest.raises(PermissionError):
        letter_template_save(
            actor=users.officer, authority=users.officer.authority, kind="request", modality="", language="en"
        )
    letter_generate(actor=users.officer, request=letter_request, kind="request", language="en")
    text = pdf_text(_latest(letter_request, "en", "pdf", users), tmp_path)
    assert "REPUBLIC OF KENYA (test)" in text and "For the Director, Officer (test)" in text


def test_the_template_page_names_the_bad_placeholder(users, client_for):
    response = client_for(users.administrator).post(
        reverse("drafting:letter-templates"), {"kind": "request", "language": "fr", "opening": "Vu {bogus}."}
    )
    assert response.status_code == 400 and "{bogus}" in response.content.decode()
    assert client_for(users.officer).get(reverse("drafting:letter-templates")).status_code == 403


# --- signing ----------------------------------------------------------------------------------


def _name(common: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common)])


def _ca():
    key = ec.generate_private_key(ec.SECP256R1())
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name("Entraide test CA"))
        .issuer_name(_name("Entraide test CA"))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=365))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return cert, key


def _leaf(ca, ca_key, *, signing=True, days=(-1, 30), key=None):
    key = key or ec.generate_private_key(ec.SECP256R1())
    now = dt.datetime.now(dt.UTC)
    usage = (
        x509.KeyUsage(True, True, False, False, False, False, False, False, False)
        if signing
        else x509.KeyUsage(False, False, True, False, False, False, False, False, False)
    )
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name("Office of the Director of Public Prosecutions, Kenya (test)"))
        .issuer_name(ca.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now + dt.timedelta(days=days[0]))
        .not_valid_after(now + dt.timedelta(days=days[1]))
        .add_extension(usage, critical=True)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    pem = cert.public_bytes(serialization.Encoding.PEM)
    key_pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    return pem, key_pem


def test_a_signed_letter_validates_with_pyhanko_and_pdfsig(letter_request, users, tmp_path):
    from asn1crypto import x509 as asn1_x509
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    ca, ca_key = _ca()
    pem, key_pem = _leaf(ca, ca_key)
    signing_certificate_set(
        actor=users.administrator, authority=users.administrator.authority, certificate_pem=pem, key_pem=key_pem
    )
    letter_generate(actor=users.officer, request=letter_request, kind="request", language="en")
    assert GeneratedLetter.objects.get(request=letter_request).signed_by
    pdf = _latest(letter_request, "en", "pdf", users)
    signature = PdfFileReader(io.BytesIO(pdf)).embedded_signatures[0]
    trust = asn1_x509.Certificate.load(ca.public_bytes(serialization.Encoding.DER))
    status = validate_pdf_signature(signature, ValidationContext(trust_roots=[trust]))
    assert status.intact and status.valid and status.trusted, status.pretty_print_details()
    assert "Director of Public Prosecutions" in status.signing_cert.subject.human_friendly
    # pdfsig checks the signature itself; it cannot trust our test CA (not in its NSS database),
    # so it proves integrity and the signer's name, not the chain: pyHanko proves that above.
    signed = tmp_path / "signed.pdf"
    signed.write_bytes(pdf)
    out = subprocess.run([need("pdfsig"), str(signed)], capture_output=True).stdout.decode()
    assert "Signature Validation: Signature is Valid." in out, out
    assert "Director of Public Prosecutions" in out


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("mismatch", "does not match"),
        ("expired", "expired"),
        ("not-yet", "not valid before"),
        ("not-for-signing", "not for signing"),
        ("garbage", "not a PEM"),
    ],
)
def test_a_bad_certificate_is_refused_and_nothing_stored(users, case, message):
    ca, ca_key = _ca()
    if case == "mismatch":
        pem, _key = _leaf(ca, ca_key)
        _other, key_pem = _leaf(ca, ca_key)
    elif case == "expired":
        pem, key_pem = _leaf(ca, ca_key, days=(-30, -1))
    elif case == "not-yet":
        pem, key_pem = _leaf(ca, ca_key, days=(5, 30))
    elif case == "not-for-signing":
        pem, key_pem = _leaf(ca, ca_key, signing=False)
    else:
        pem, key_pem = b"not a certificate", b"nor a key"
    with pytest.raises(CaseValidationError, match=message):
        signing_certificate_set(
            actor=users.administrator, authority=users.administrator.authority, certificate_pem=pem, key_pem=key_pem
        )
    assert not SigningCertificate.objects.exists()


def test_the_certificate_page_refuses_with_400_and_is_the_administrator_s(users, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = reverse("drafting:certificate")
    response = client_for(users.administrator).post(
        url,
        {
            "certificate": SimpleUploadedFile("cert.pem", b"-----BEGIN CERTIFICATE-----\nbad\n"),
            "key": SimpleUploadedFile("key.pem", b"bad"),
        },
    )
    assert response.status_code == 400 and "not a PEM" in response.content.decode()
    assert client_for(users.officer).get(url).status_code == 403


def test_letters_page_scope(letter_request, users, client_for):
    url = reverse("drafting:letters", args=[letter_request.pk])
    assert client_for(users.outsider).get(url).status_code == 404
    assert client_for(users.executor).get(url).status_code == 404
    assert client_for(users.auditor).get(url).status_code == 200
    assert (
        client_for(users.auditor).post(url, {"kind": "request", "language": "en", "format": "pdf"}).status_code == 403
    )
    made = client_for(users.officer).post(url, {"kind": "request", "language": "en", "format": "pdf"})
    assert made.status_code == 302 and GeneratedLetter.objects.filter(request=letter_request).count() == 1


def test_a_generated_letter_is_not_replaced_by_an_upload(letter_request, users):
    from entraide.cases.services import document_upload

    version = letter_generate(actor=users.officer, request=letter_request, kind="request", language="en")
    with pytest.raises(CaseValidationError, match="generated again"):
        document_upload(
            actor=users.officer,
            request=letter_request,
            filename="edited.pdf",
            data=_latest(letter_request, "en", "pdf", users),
            document=version.document,
        )
    assert version.document.versions.count() == 1


def test_the_api_lists_and_generates_letters(letter_request, users, client_for):
    url = reverse("api-request-letters", args=[letter_request.pk])
    made = client_for(users.officer).post(
        url,
        {"kind": "request", "language": "en", "second_language": "fr", "format": "docx"},
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    body = made.json()
    assert body["languages"] == "en+fr" and len(body["sha256"]) == 64 and body["version"] == 1
    listed = client_for(users.auditor).get(url).json()
    assert [row["languages"] for row in listed["results"]] == ["en+fr"]
    bad = client_for(users.officer).post(url, {"kind": "request", "language": "xx"}, content_type="application/json")
    assert bad.status_code == 400
    assert client_for(users.auditor).post(url, {"kind": "request", "language": "en"}).status_code == 403
    assert client_for(users.outsider).get(url).status_code == 404
