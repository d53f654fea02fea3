"""Digital signatures of uploaded PDFs (Decree 30/2020: signed with a USB token).

pyHanko validates each embedded signature offline against the roots an
administrator added (TrustedRoot): is the document still what was signed,
and does the signer's certificate chain to one of those roots. Nothing is
fetched from the network (no OCSP, no CRL): the intranet has no way out.
"""

import io
import logging
from dataclasses import dataclass
from datetime import datetime

logger = logging.getLogger(__name__)

MAX_SIGNATURES = 20


@dataclass(frozen=True)
class Verdict:
    status: str  # attachments.models.SignatureStatus values
    signer: str = ""
    organisation: str = ""
    signed_at: datetime | None = None
    detail: str = ""


def _name_part(certificate, key: str) -> str:
    return str(certificate.subject.native.get(key, "") or "")[:255]


def _one(embedded, context) -> Verdict:
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.errors import SignatureValidationError
    from pyhanko.sign.validation.status import ModificationLevel

    try:
        status = validate_pdf_signature(embedded, context)
    except SignatureValidationError as error:
        return Verdict("modified", detail=f"chữ ký không hợp lệ: {error}"[:255])
    certificate = status.signing_cert
    found = {
        "signer": _name_part(certificate, "common_name"),
        "organisation": _name_part(certificate, "organization_name"),
        "signed_at": status.signer_reported_dt or getattr(status, "timestamp_validity", None),
    }
    if not isinstance(found["signed_at"], datetime):
        found["signed_at"] = status.signer_reported_dt
    if not status.intact or not status.valid:
        return Verdict("modified", detail="nội dung không khớp với chữ ký", **found)
    changed = status.modification_level not in (None, ModificationLevel.NONE)
    if changed and (status.modification_level == ModificationLevel.OTHER or not status.docmdp_ok):
        return Verdict("modified", detail="tệp bị thay đổi sau khi ký", **found)
    if not status.trusted:
        return Verdict(
            "untrusted", detail="chứng thư không thuộc nguồn tin cậy đã khai báo", **found
        )
    return Verdict("intact", **found)


def load_certificate(data: bytes):
    """An X.509 certificate from a .cer/.crt/.pem file, PEM or DER; ValueError otherwise."""
    from asn1crypto import pem, x509

    try:
        if pem.detect(data):
            _kind, _headers, data = pem.unarmor(data)
        certificate = x509.Certificate.load(data)
        certificate.native  # noqa: B018 - parses every field now, not when first used
    except Exception as error:  # asn1crypto raises many types for a bad file
        raise ValueError("not an X.509 certificate") from error
    return certificate


# Worst first: a file with two signatures shows the one that fails.
_SEVERITY = ["modified", "untrusted", "intact"]


def verify(data: bytes, roots: list[bytes]) -> Verdict:
    """The file's verdict: its worst signature, or "unsigned"."""
    from pyhanko.pdf_utils.misc import PdfReadError
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko_certvalidator import ValidationContext

    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        signatures = reader.embedded_signatures[:MAX_SIGNATURES]
    except (PdfReadError, ValueError, KeyError, TypeError) as error:
        logger.info("Cannot read a PDF for its signatures: %r", error)
        return Verdict("unsigned", detail="không đọc được tệp PDF để kiểm tra chữ ký")
    if not signatures:
        return Verdict("unsigned")
    trust = []
    for root in roots:
        try:
            trust.append(load_certificate(root))
        except ValueError:
            logger.warning("A trusted root could not be loaded; skipped")
    context = ValidationContext(
        trust_roots=trust, allow_fetching=False, revocation_mode="soft-fail"
    )
    verdicts = []
    for embedded in signatures:
        try:
            verdicts.append(_one(embedded, context))
        except Exception as error:  # noqa: BLE001 - a hostile file must not stop the worker
            logger.warning("Signature check failed: %r", error)
            verdicts.append(Verdict("modified", detail="không kiểm tra được chữ ký"))
    return min(verdicts, key=lambda verdict: _SEVERITY.index(verdict.status))
