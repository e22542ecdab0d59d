"""Letters: generate them from the request (a new version each time), keep the authority's
templates and its signing certificate."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from entraide.accounts.models import User
from entraide.audit.services import record
from entraide.cases.errors import CaseValidationError
from entraide.cases.lifecycle import Direction
from entraide.cases.models import Document, DocumentVersion, Request
from entraide.cases.services import document_read, document_upload
from entraide.core import crypto
from entraide.tenancy.models import Authority
from entraide.tenancy.policies import can

from ..letters import render, signing
from ..letters.content import compose, parts_of
from ..letters.placeholders import TemplateError, check
from ..models import LETTER_LANGUAGES, GeneratedLetter, LetterKind, LetterTemplate, SigningCertificate

KIND_FOR_DIRECTION = {
    LetterKind.REQUEST: Direction.OUTGOING,
    LetterKind.ACKNOWLEDGEMENT: Direction.INCOMING,
    LetterKind.EXECUTION_COVER: Direction.INCOMING,
}


LABELS = {
    "letterhead": _l("Letterhead"),
    "opening": _l("Opening"),
    "closing": _l("Closing"),
    "signature": _l("Signature block"),
}


def _key_id(authority: Authority, fingerprint: str) -> str:
    return f"signing-key:{authority.pk}:{fingerprint}"


def _sign(request: Request, pdf: bytes) -> tuple[bytes, str]:
    cert = SigningCertificate.objects.filter(authority_id=request.authority_id).first()
    if cert is None:
        return pdf, ""
    key_pem = crypto.decrypt_file(
        bytes(cert.encrypted_key),
        bytes(cert.wrapped_key),
        _key_id(request.authority, cert.fingerprint),
        cert.master_key_id,
    )
    signed = signing.sign_pdf(
        pdf,
        certificate_pem=cert.certificate_pem.encode(),
        chain_pem=cert.chain_pem.encode(),
        key_pem=key_pem,
        reason=_("Letter of %(authority)s, reference %(ref)s")
        % {"authority": request.authority.name, "ref": request.our_reference},
        name=request.authority.name,
    )
    return signed, cert.fingerprint


@transaction.atomic
def letter_generate(
    *, actor: User, request: Request, kind: str, language: str, second_language: str = "", fmt: str = "pdf"
) -> DocumentVersion:
    """Generate a letter (one language, or two side by side) and keep it as a new version of its document."""
    if kind not in LetterKind.values:
        raise CaseValidationError(_("Unknown kind of letter."))
    if KIND_FOR_DIRECTION[LetterKind(kind)] != request.direction:
        raise CaseValidationError(_("This kind of letter is not for a request in this direction."))
    languages = [language] + ([second_language] if second_language and second_language != language else [])
    if any(code not in LETTER_LANGUAGES for code in languages):
        raise CaseValidationError(_("Letters are written in English, French, Spanish, Portuguese or Arabic."))
    if fmt not in GeneratedLetter.Format.values:
        raise CaseValidationError(_("Choose PDF or DOCX."))
    parts = parts_of(request)
    letters = [compose(parts, kind, code) for code in languages]
    signed_by = ""
    if fmt == GeneratedLetter.Format.PDF:
        try:
            pdf = render.pdf_bytes(letters)
        except (ImportError, OSError) as exc:  # OSError: WeasyPrint without its Pango libraries
            raise CaseValidationError(_("PDF output is not available on this server; choose DOCX.")) from exc
        data, signed_by = _sign(request, pdf)
    else:
        data = render.docx_bytes(letters)
    tag = "+".join(languages)
    existing = GeneratedLetter.objects.filter(request=request, kind=kind, languages=tag, format=fmt).first()
    title = f"{LetterKind(kind).label} ({tag.upper()}, {fmt.upper()})"
    version = document_upload(
        actor=actor,
        request=request,
        filename=f"{request.our_reference}-{kind}-{tag}.{fmt}",
        data=data,
        title=title,
        kind=Document.Kind.LETTER,
        document=existing.document if existing else None,
        generated=True,
    )
    now = timezone.now()
    if existing is None:
        GeneratedLetter.objects.create(
            request=request,
            document=version.document,
            kind=kind,
            languages=tag,
            format=fmt,
            signed_by=signed_by,
            generated_at=now,
        )
    else:
        existing.signed_by, existing.generated_at = signed_by, now
        existing.save(update_fields=["signed_by", "generated_at"])
    record(
        actor,
        "request.letter-generated",
        request,
        detail={
            "kind": kind,
            "languages": tag,
            "format": fmt,
            "version": version.number,
            "sha256": version.sha256,
            "signed_by": signed_by,
        },
    )
    return version


def letter_text(actor: User, letter: GeneratedLetter) -> bytes:
    """The latest version's bytes (read through the documents service, which audits the read)."""
    version = letter.document.versions.order_by("-number").first()
    assert version is not None
    return document_read(actor=actor, version=version)


@transaction.atomic
def letter_template_save(
    *,
    actor: User,
    authority: Authority,
    kind: str,
    modality: str,
    language: str,
    letterhead: str = "",
    opening: str = "",
    closing: str = "",
    signature: str = "",
) -> LetterTemplate:
    """Save an authority's template; a text naming an unknown placeholder is refused, naming it."""
    if not can(actor, "change", LetterTemplate) or actor.authority_id != authority.pk:
        raise PermissionError(_("Only the authority's administrator edits its letter templates."))
    texts = {"letterhead": letterhead, "opening": opening, "closing": closing, "signature": signature}
    for name, text in texts.items():
        try:
            check(text)
        except TemplateError as exc:
            raise CaseValidationError(f"{LABELS[name]}: {exc}") from exc
    template, created = LetterTemplate.objects.update_or_create(
        authority=authority, kind=kind, modality=modality, language=language, defaults={**texts, "updated_by": actor}
    )
    record(
        actor,
        "letter-template.saved",
        template,
        detail={"kind": kind, "modality": modality, "language": language, "created": created},
    )
    return template


@transaction.atomic
def signing_certificate_set(
    *, actor: User, authority: Authority, certificate_pem: bytes, key_pem: bytes, passphrase: str = ""
) -> SigningCertificate:
    """Keep the authority's signing certificate once it is checked; a refused one stores nothing."""
    if not can(actor, "change", SigningCertificate) or actor.authority_id != authority.pk:
        raise PermissionError(_("Only the authority's administrator sets its signing certificate."))
    try:
        checked = signing.check(certificate_pem, key_pem, passphrase)
    except signing.CertificateRefused as exc:
        raise CaseValidationError(str(exc)) from exc
    from cryptography.hazmat.primitives import serialization

    blob, wrapped, kid = crypto.encrypt_file(checked.key_pem, _key_id(authority, checked.fingerprint))
    cert, _created = SigningCertificate.objects.update_or_create(
        authority=authority,
        defaults={
            "certificate_pem": checked.certificate.public_bytes(serialization.Encoding.PEM).decode(),
            "chain_pem": "".join(c.public_bytes(serialization.Encoding.PEM).decode() for c in checked.chain),
            "encrypted_key": blob,
            "wrapped_key": wrapped,
            "master_key_id": kid,
            "subject": checked.subject[:500],
            "issuer": checked.issuer[:500],
            "not_before": checked.not_before,
            "not_after": checked.not_after,
            "fingerprint": checked.fingerprint,
            "uploaded_by": actor,
        },
    )
    record(actor, "signing-certificate.set", cert, detail={"subject": cert.subject, "fingerprint": cert.fingerprint})
    return cert


@transaction.atomic
def signing_certificate_remove(*, actor: User, authority: Authority) -> None:
    if not can(actor, "change", SigningCertificate) or actor.authority_id != authority.pk:
        raise PermissionError(_("Only the authority's administrator sets its signing certificate."))
    cert = SigningCertificate.objects.filter(authority=authority).first()
    if cert is not None:
        record(actor, "signing-certificate.removed", cert, detail={"fingerprint": cert.fingerprint})
        cert.delete()
