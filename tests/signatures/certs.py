"""Certificates for signature tests, made here with `cryptography`: a test CA, a leader's, a
stranger's (another CA), an expired one; and signing a PDF with pyHanko as a leader's tool would."""

import datetime as dt
import io
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

NOW = dt.datetime.now(dt.UTC)


@dataclass
class Identity:
    cert: x509.Certificate
    key: ec.EllipticCurvePrivateKey
    chain: tuple = ()

    @property
    def pem(self):
        return self.cert.public_bytes(serialization.Encoding.PEM)

    def p12(self, password=None):
        from cryptography.hazmat.primitives.serialization import pkcs12

        enc = serialization.BestAvailableEncryption(password) if password else serialization.NoEncryption()
        return pkcs12.serialize_key_and_certificates(b"seal", self.key, self.cert, [c.cert for c in self.chain], enc)


def _name(cn, org=None):
    attrs = [x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"), x509.NameAttribute(NameOID.COMMON_NAME, cn)]
    if org:
        attrs.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, org))
    return x509.Name(attrs)


def _usage(ca):
    return x509.KeyUsage(
        digital_signature=True,
        content_commitment=not ca,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=ca,
        crl_sign=ca,
        encipher_only=False,
        decipher_only=False,
    )


def make_ca(cn="CA thử nghiệm CCHC"):
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(cn))
        .issuer_name(_name(cn))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(NOW - dt.timedelta(days=3650))
        .not_valid_after(NOW + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(_usage(True), critical=True)
        .sign(key, hashes.SHA256())
    )
    return Identity(cert, key)


def make_person(ca, cn, org="UBND phường Ngô Mây", *, days_left=365, days_since=30):
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(cn, org))
        .issuer_name(ca.cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(NOW - dt.timedelta(days=days_since))
        .not_valid_after(NOW + dt.timedelta(days=days_left))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_usage(False), critical=True)
        .sign(ca.key, hashes.SHA256())
    )
    return Identity(cert, key, (ca,))


def _asn1(identity):
    from asn1crypto import keys
    from asn1crypto import x509 as asn1_x509

    cert = asn1_x509.Certificate.load(identity.cert.public_bytes(serialization.Encoding.DER))
    key = keys.PrivateKeyInfo.load(
        identity.key.private_bytes(
            serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    chain = [asn1_x509.Certificate.load(c.cert.public_bytes(serialization.Encoding.DER)) for c in identity.chain]
    return cert, key, chain


def sign(pdf_bytes, identity, field="Signature1"):
    """`pdf_bytes` signed (PAdES, an incremental update) by `identity`, as a USB-token tool does."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers
    from pyhanko.sign.fields import SigSeedSubFilter
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    cert, key, chain = _asn1(identity)
    signer = signers.SimpleSigner(
        signing_cert=cert, signing_key=key, cert_registry=SimpleCertificateStore.from_certs(chain)
    )
    meta = signers.PdfSignatureMetadata(field_name=field, subfilter=SigSeedSubFilter.PADES)
    # pyHanko runs its own event loop: in a thread of its own beside Playwright's.
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(
            lambda: signers.sign_pdf(IncrementalPdfFileWriter(io.BytesIO(pdf_bytes)), meta, signer=signer).getvalue()
        ).result()


def flip_byte(data, marker):
    """`data` with one byte changed inside the first occurrence of `marker` (a signed region)."""
    i = data.index(marker)
    out = bytearray(data)
    out[i] = ord("X") if out[i] != ord("X") else ord("Y")
    return bytes(out)
