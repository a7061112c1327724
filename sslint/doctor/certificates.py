"""Certificates as the doctor shows them: names, validity, fingerprint, PEM."""

from __future__ import annotations

import hashlib
import re
import ssl
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from sslint.doctor.der import CertificateFields, DerError, certificate_fields

PEM_BLOCK = re.compile(
    rb"-----BEGIN (?:TRUSTED )?CERTIFICATE-----.+?-----END (?:TRUSTED )?CERTIFICATE-----",
    re.DOTALL,
)


@dataclass(frozen=True)
class Certificate:
    """One certificate and the fields read from it."""

    der: bytes
    fields: CertificateFields

    @property
    def subject(self) -> str:
        return self.fields.subject

    @property
    def issuer(self) -> str:
        return self.fields.issuer

    @property
    def fingerprint(self) -> str:
        """SHA-256 of the DER bytes, as colon-separated upper-case hex."""
        digest = hashlib.sha256(self.der).hexdigest().upper()
        return ":".join(digest[i : i + 2] for i in range(0, len(digest), 2))

    @property
    def self_signed(self) -> bool:
        return self.fields.subject_der == self.fields.issuer_der

    @property
    def pem(self) -> str:
        return ssl.DER_cert_to_PEM_cert(self.der)

    def expired(self, now: datetime) -> bool:
        return now > self.fields.not_after

    def not_yet_valid(self, now: datetime) -> bool:
        return now < self.fields.not_before

    def issued(self, other: Certificate) -> bool:
        """Whether `other` names this certificate's subject as its issuer."""
        return other.fields.issuer_der == self.fields.subject_der


def from_der(der: bytes) -> Certificate:
    return Certificate(der, certificate_fields(der))


def now_utc() -> datetime:
    return datetime.now(timezone.utc)


def read_bundle(path: Path) -> list[Certificate]:
    """Every certificate in a PEM file (entries that do not decode are left out)."""
    certificates = []
    for block in PEM_BLOCK.findall(path.read_bytes()):
        text = block.decode("ascii", "replace")
        text = text.replace("TRUSTED CERTIFICATE", "CERTIFICATE")
        try:
            certificates.append(from_der(ssl.PEM_cert_to_DER_cert(text)))
        except (ValueError, DerError):
            continue
    return certificates


def read_directory(path: Path) -> list[Certificate]:
    """Every certificate in the PEM files of an OpenSSL hashed directory."""
    certificates = []
    for entry in sorted(path.iterdir()):
        if entry.is_file():
            try:
                certificates.extend(read_bundle(entry))
            except OSError:
                continue
    return certificates
