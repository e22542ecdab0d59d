"""The authority's signing certificate: checked before it is kept, used to sign letters (PAdES)."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from django.utils import timezone
from django.utils.translation import gettext as _


class CertificateRefused(ValueError):
    """The certificate or its key cannot sign letters; the message says why."""


@dataclass(frozen=True)
class Checked:
    certificate: x509.Certificate
    chain: list[x509.Certificate]
    key_pem: bytes  # PKCS#8, unencrypted: it is encrypted at rest with the master key
    subject: str
    issuer: str
    not_before: dt.datetime
    not_after: dt.datetime
    fingerprint: str


def check(certificate_pem: bytes, key_pem: bytes, passphrase: str = "", *, now: dt.datetime | None = None) -> Checked:
    """Refuse a certificate that does not parse, does not match its key, is not valid now, or is not for signing."""
    try:
        certs = x509.load_pem_x509_certificates(certificate_pem)
    except ValueError as exc:
        raise CertificateRefused(_("The certificate is not a PEM X.509 certificate.")) from exc
    certificate, chain = certs[0], certs[1:]
    try:
        key = serialization.load_pem_private_key(key_pem, password=passphrase.encode() or None)
    except (ValueError, TypeError) as exc:
        raise CertificateRefused(
            _("The private key cannot be read (not PEM, or the passphrase is wrong or missing).")
        ) from exc
    if not isinstance(key, rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey | ed25519.Ed25519PrivateKey):
        raise CertificateRefused(_("Only RSA, EC and Ed25519 keys can sign PDF letters."))
    public = serialization.PublicFormat.SubjectPublicKeyInfo
    encoding = serialization.Encoding.DER
    if key.public_key().public_bytes(encoding, public) != certificate.public_key().public_bytes(encoding, public):
        raise CertificateRefused(_("The private key does not match the certificate."))
    now = now or timezone.now()
    if now < certificate.not_valid_before_utc:
        raise CertificateRefused(
            _("The certificate is not valid before %(date)s.") % {"date": certificate.not_valid_before_utc.date()}
        )
    if now > certificate.not_valid_after_utc:
        raise CertificateRefused(
            _("The certificate expired on %(date)s.") % {"date": certificate.not_valid_after_utc.date()}
        )
    try:
        usage = certificate.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        usage = None
    if usage is not None and not (usage.digital_signature or usage.content_commitment):
        raise CertificateRefused(
            _("The certificate is not for signing (its key usage has neither digital signature nor non-repudiation).")
        )
    if usage is None:
        raise CertificateRefused(
            _("The certificate states no key usage: a signing certificate names digital signature.")
        )
    return Checked(
        certificate=certificate,
        chain=chain,
        key_pem=key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        ),
        subject=certificate.subject.rfc4514_string(),
        issuer=certificate.issuer.rfc4514_string(),
        not_before=certificate.not_valid_before_utc,
        not_after=certificate.not_valid_after_utc,
        fingerprint=certificate.fingerprint(hashes.SHA256()).hex(),
    )


def sign_pdf(pdf: bytes, *, certificate_pem: bytes, chain_pem: bytes, key_pem: bytes, reason: str, name: str) -> bytes:
    """Sign ``pdf`` as PAdES B-B with the authority's key (pyHanko); the certificate travels in the signature."""
    from asn1crypto import keys as asn1_keys
    from asn1crypto import x509 as asn1_x509
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    def asn1(cert: x509.Certificate) -> asn1_x509.Certificate:
        return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))

    certificate = x509.load_pem_x509_certificate(certificate_pem)
    chain = x509.load_pem_x509_certificates(chain_pem) if chain_pem.strip() else []
    key = serialization.load_pem_private_key(key_pem, password=None)
    der_key = key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    signer = signers.SimpleSigner(
        signing_cert=asn1(certificate),
        signing_key=asn1_keys.PrivateKeyInfo.load(der_key),
        cert_registry=SimpleCertificateStore.from_certs([asn1(c) for c in chain]),
    )
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    meta = signers.PdfSignatureMetadata(
        field_name="Signature", reason=reason, name=name, subfilter=fields.SigSeedSubFilter.PADES
    )
    out = io.BytesIO()
    signers.PdfSigner(meta, signer=signer).sign_pdf(writer, output=out)
    return out.getvalue()
