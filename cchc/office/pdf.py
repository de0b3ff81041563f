"""PDF signatures (ký số) through pyHanko and pyhanko-certvalidator — no cryptography of our own.

Three things, with no knowledge of models:
- `stamp`: the document-information entries that tie an exported PDF to the stored report it shows
  (unit, period, revision, digest), written into a fresh single-revision PDF;
- `inspect`: who signed, whether the file is intact (pyHanko's modification analysis: after signing
  only what PAdES allows — more signatures, validation data, timestamps), whether the signer's chain
  reaches one of the trusted roots today, and the entries of the revision the signature covers;
- `seal`: sign a PDF with an organisation's PKCS#12 (the office's own seal on the consolidated report).
"""

import datetime as dt
import io
import logging
from dataclasses import dataclass, field
from pathlib import Path

from asn1crypto import pem
from asn1crypto import x509 as asn1_x509

# pyHanko logs every failed path building with a traceback; a refusal here is an answer, not an error.
for _name in ("pyhanko", "pyhanko_certvalidator"):
    logging.getLogger(_name).setLevel(logging.CRITICAL)

# Document-information keys of our own (PDF 32000 §14.3.3 allows any second-class name).
PREFIX = "/CCHC"


class NotPdf(Exception):
    """Not a PDF that can be read (or an encrypted one)."""


class Unsigned(Exception):
    """A readable PDF with no signature in it."""


class BadTrustRoots(Exception):
    """CCHC_TRUST_ROOTS names something that holds no certificate we can read."""


@dataclass
class Signer:
    name: str
    organisation: str
    serial: str
    issuer: str
    not_after: dt.datetime | None = None

    def as_dict(self):
        return {"name": self.name, "organisation": self.organisation, "serial": self.serial, "issuer": self.issuer}


@dataclass
class SignatureCheck:
    """What one signed PDF says for itself. `problems` are the reasons, in Vietnamese, that it is
    not intact or not trusted."""

    intact: bool
    trusted: bool
    signer: Signer
    signed_at: dt.datetime | None
    covers_whole_file: bool
    fields: dict = field(default_factory=dict)
    problems: list = field(default_factory=list)
    expired: bool = False


def _outside_event_loop(fn, *args, **kwargs):
    """pyHanko's synchronous calls run their own asyncio loop; where one is already running in this
    thread (an async server, a browser driver), run them in a thread of their own."""
    import asyncio

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return fn(*args, **kwargs)
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(fn, *args, **kwargs).result()


# --- reading -----------------------------------------------------------------------------------


def _reader(data):
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.pdf_utils.reader import PdfFileReader

    if b"%PDF-" not in data[:1024]:  # the header may follow a little garbage (PDF 32000 tolerates it)
        raise NotPdf("Tệp không phải PDF.")
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        if reader.encrypted:
            raise NotPdf("Tệp PDF được mã hóa (đặt mật khẩu), không đọc được.")
        reader.root  # noqa: B018 — forces the catalogue to be read: a broken file fails here
    except NotPdf:
        raise
    except (PdfError, ValueError, KeyError, TypeError, IndexError, AttributeError) as exc:
        raise NotPdf(f"Tệp PDF hỏng, không đọc được ({exc}).") from None
    return reader


def _text(value):
    return str(value) if value is not None else ""


def info_fields(info):
    """Our own entries of a document-information dictionary: {"unit": …, "period": …}."""
    out = {}
    if info is None:
        return out
    for key, value in info.items():
        if isinstance(key, str) and key.startswith(PREFIX) and len(key) > len(PREFIX):
            out[key[len(PREFIX) :].lower()] = _text(value)
    return out


def read_fields(data):
    """Our entries of the PDF as it stands (an unsigned export)."""
    try:
        info = _reader(data).trailer_view.get("/Info")
    except (KeyError, TypeError):
        info = None
    return info_fields(info.get_object() if info is not None else None)


def _signed_fields(reader, revision):
    """Our entries as of the revision a signature covers (what the signer saw and signed), looking
    back to earlier revisions when the signing tool wrote a new information dictionary without them."""
    for rev in range(revision, -1, -1):
        try:
            info = reader.get_historical_resolver(rev).trailer_view.get("/Info")
            found = info_fields(info.get_object() if info is not None else None)
        except Exception:  # noqa: BLE001 — an unreadable old revision simply has no entries
            found = {}
        if found:
            return found
    return {}


# --- writing the entries -----------------------------------------------------------------------


def stamp(data, fields, *, title="", author="", subject=""):
    """The PDF rewritten as one clean revision, its information dictionary carrying `fields` as
    /CCHCKey entries (strings) beside the title, author and subject."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.writer import copy_into_new_writer

    reader = _reader(data)
    info = generic.DictionaryObject()
    try:
        old = reader.trailer_view["/Info"].get_object()
    except (KeyError, TypeError):
        old = {}
    for key in ("/Creator", "/Producer", "/CreationDate"):
        if key in old:
            info[generic.NameObject(key)] = generic.TextStringObject(_text(old[key]))
    for key, value in (("/Title", title), ("/Author", author), ("/Subject", subject)):
        if value:
            info[generic.NameObject(key)] = generic.TextStringObject(value)
    for key, value in fields.items():
        info[generic.NameObject(PREFIX + key[:1].upper() + key[1:])] = generic.TextStringObject(str(value))
    writer = copy_into_new_writer(reader, writer_kwargs={"info": info})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# --- trust roots -------------------------------------------------------------------------------


def load_trust_roots(path):
    """The certificates of a PEM (or DER) file, or of every .pem/.crt/.cer/.der file in a folder."""
    path = Path(path)
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix.lower() in (".pem", ".crt", ".cer", ".der"))
    elif path.is_file():
        files = [path]
    else:
        raise BadTrustRoots(f"CCHC_TRUST_ROOTS: không có tệp hoặc thư mục «{path}».")
    roots = []
    for file in files:
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise BadTrustRoots(f"CCHC_TRUST_ROOTS: không đọc được «{file}» ({exc.strerror}).") from None
        try:
            if pem.detect(data):
                roots += [
                    asn1_x509.Certificate.load(der)
                    for kind, _, der in pem.unarmor(data, multiple=True)
                    if kind == "CERTIFICATE"
                ]
            else:
                cert = asn1_x509.Certificate.load(data)
                cert.native  # noqa: B018 — parses the whole certificate now, not at first use
                roots.append(cert)
        except (ValueError, TypeError) as exc:
            raise BadTrustRoots(f"CCHC_TRUST_ROOTS: «{file.name}» không phải chứng thư số X.509 ({exc}).") from None
    if not roots and files:
        raise BadTrustRoots(f"CCHC_TRUST_ROOTS: «{path}» không chứa chứng thư số nào.")
    return roots


def describe(cert):
    """Signer of an asn1crypto certificate: common name, organisation, serial (hex), issuer."""
    subject = cert.subject.native
    issuer = cert.issuer.native
    organisation = subject.get("organization_name") or subject.get("organizational_unit_name") or ""
    if isinstance(organisation, list):
        organisation = ", ".join(organisation)
    return Signer(
        name=_first(subject.get("common_name")) or cert.subject.human_friendly,
        organisation=organisation,
        serial=format(cert.serial_number, "X"),
        issuer=_first(issuer.get("common_name")) or cert.issuer.human_friendly,
        not_after=cert.not_valid_after,
    )


def _first(value):
    return value[0] if isinstance(value, list) and value else (value or "")


# --- checking ----------------------------------------------------------------------------------


def inspect(data, trust_roots, *, now=None):
    """SignatureCheck of the first signature of `data` (the signer: a leader signs before any
    seal of the office is added), with every signature of the file required intact.

    Raises NotPdf or Unsigned. The chain is judged at `now` (today by default): a certificate that
    has expired or is not yet valid is not trusted. No revocation data is fetched (no network)."""
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.settings import KeyUsageConstraints
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext
    from pyhanko_certvalidator.registry import SimpleTrustManager

    reader = _reader(data)
    try:
        signatures = list(reader.embedded_regular_signatures)
    except Exception as exc:  # noqa: BLE001 — a malformed form tree: unreadable, not a crash
        raise NotPdf(f"Không đọc được chữ ký trong tệp PDF ({exc}).") from None
    if not signatures:
        raise Unsigned("Tệp PDF chưa được ký số.")
    now = now or dt.datetime.now(dt.UTC)
    # Vietnamese personal certificates carry digitalSignature and usually nonRepudiation; either will do.
    usage = KeyUsageConstraints(key_usage={"digital_signature", "non_repudiation"}, match_all_key_usages=False)
    statuses, problems = [], []
    for sig in signatures:
        context = ValidationContext(
            trust_manager=SimpleTrustManager.build(trust_roots=list(trust_roots)), moment=now, allow_fetching=False
        )
        try:
            statuses.append(_outside_event_loop(validate_pdf_signature, sig, context, key_usage_settings=usage))
        except Exception:  # noqa: BLE001 — a signature pyHanko cannot even evaluate is not intact
            statuses.append(None)
    first_sig, first = signatures[0], statuses[0]
    signer = describe(first_sig.signer_cert)
    intact = all(
        s is not None
        and s.intact
        and s.valid
        and s.docmdp_ok
        and s.coverage is not None
        and s.coverage >= SignatureCoverageLevel.ENTIRE_REVISION
        for s in statuses
    )
    if not intact:
        problems.append("Tệp PDF đã bị sửa sau khi ký: chữ ký số không còn nguyên vẹn.")
    expired = signer.not_after is not None and signer.not_after < now
    trusted = bool(first is not None and first.trusted) and not expired
    if expired:
        problems.append(f"Chứng thư số của {signer.name} đã hết hạn từ {_vn(signer.not_after)}.")
    elif first is not None and not first.trusted:
        problems.append(_trust_problem(first, signer, trust_roots, now))
    signed_at = None
    if first is not None:
        ts = first.timestamp_validity
        signed_at = ts.timestamp if ts is not None and ts.intact and ts.valid else first.signer_reported_dt
    return SignatureCheck(
        intact=intact,
        trusted=trusted,
        signer=signer,
        signed_at=signed_at,
        covers_whole_file=bool(first is not None and first.coverage == SignatureCoverageLevel.ENTIRE_FILE),
        fields=_signed_fields(reader, first_sig.signed_revision),
        problems=problems,
        expired=expired,
    )


def _trust_problem(status, signer, roots, now):
    indic = getattr(status.trust_problem_indic, "name", "") or ""
    if status.revoked:
        return f"Chứng thư số của {signer.name} đã bị thu hồi."
    if not roots:
        return "Máy chủ chưa cấu hình tổ chức chứng thực tin cậy (CCHC_TRUST_ROOTS) nên không xác nhận được người ký."
    if indic == "NOT_YET_VALID" or (status.signing_cert.not_valid_before > now):
        return f"Chứng thư số của {signer.name} chưa đến thời hạn sử dụng."
    if indic in ("NO_CERTIFICATE_CHAIN_FOUND", "CHAIN_CONSTRAINTS_FAILURE"):
        return (
            f"Chứng thư số của {signer.name} do «{signer.issuer}» cấp, không thuộc tổ chức chứng thực "
            f"được tin cậy (CCHC_TRUST_ROOTS)."
        )
    if status.validation_path is not None and not status.valid:
        return "Chữ ký số không hợp lệ."
    return f"Không xác nhận được chứng thư số của {signer.name} (cấp bởi «{signer.issuer}»)" + (
        f": {indic}." if indic else "."
    )


def _vn(at):
    from zoneinfo import ZoneInfo

    return at.astimezone(ZoneInfo("Asia/Ho_Chi_Minh")).strftime("%d/%m/%Y")


# --- the office's seal ---------------------------------------------------------------------------


def seal(data, p12, password=None, *, reason="", location=""):
    """`data` signed (PAdES) with the key and certificate of a PKCS#12 archive. Raises ValueError
    when the archive cannot be opened (wrong password, not PKCS#12)."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers
    from pyhanko.sign.fields import SigSeedSubFilter

    signer = signers.SimpleSigner.load_pkcs12_data(p12, other_certs=(), passphrase=password)
    if signer is None:
        raise ValueError("Không mở được tệp PKCS#12 (sai mật khẩu hoặc không phải PKCS#12).")
    _reader(data)
    meta = signers.PdfSignatureMetadata(
        field_name="CCHC-Seal", reason=reason or None, location=location or None, subfilter=SigSeedSubFilter.PADES
    )
    out = _outside_event_loop(
        signers.sign_pdf, IncrementalPdfFileWriter(io.BytesIO(data), strict=False), meta, signer=signer
    )
    return out.getvalue()
