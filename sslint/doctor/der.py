"""Just enough DER to read an X.509 certificate's names and validity.

The standard library hands out certificates as DER bytes when verification is
off; these few functions read the fields a diagnosis names (RFC 5280 4.1).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Optional

SEQUENCE = 0x30
SET = 0x31
OID = 0x06
UTC_TIME = 0x17
GENERALIZED_TIME = 0x18
EXPLICIT_0 = 0xA0
EXPLICIT_3 = 0xA3
BOOLEAN = 0x01

# Attribute types a reader expects in a name, by dotted OID.
NAME_ATTRIBUTES = {
    "2.5.4.3": "CN",
    "2.5.4.6": "C",
    "2.5.4.7": "L",
    "2.5.4.8": "ST",
    "2.5.4.10": "O",
    "2.5.4.11": "OU",
}
BASIC_CONSTRAINTS = "2.5.29.19"
SUBJECT_ALT_NAME = "2.5.29.17"
DNS_NAME = 0x82


class DerError(ValueError):
    """The bytes are not the DER structure expected."""


@dataclass(frozen=True)
class Element:
    """One tag-length-value: its tag, where its content lies, and where it ends."""

    tag: int
    start: int
    end: int


def element(data: bytes, offset: int) -> Element:
    """The element that starts at `offset`."""
    if offset + 2 > len(data):
        raise DerError("truncated element")
    tag = data[offset]
    length = data[offset + 1]
    offset += 2
    if length & 0x80:
        count = length & 0x7F
        if count == 0 or count > 4 or offset + count > len(data):
            raise DerError("bad length")
        length = int.from_bytes(data[offset : offset + count], "big")
        offset += count
    if offset + length > len(data):
        raise DerError("truncated content")
    return Element(tag, offset, offset + length)


def children(data: bytes, parent: Element) -> list[Element]:
    """The elements inside a constructed element."""
    items = []
    offset = parent.start
    while offset < parent.end:
        item = element(data, offset)
        items.append(item)
        offset = item.end
    return items


def oid_text(content: bytes) -> str:
    """A dotted object identifier."""
    if not content:
        raise DerError("empty OID")
    parts = [content[0] // 40, content[0] % 40]
    value = 0
    for byte in content[1:]:
        value = (value << 7) | (byte & 0x7F)
        if not byte & 0x80:
            parts.append(value)
            value = 0
    return ".".join(str(part) for part in parts)


def name_text(data: bytes, name: Element) -> str:
    """A distinguished name as `CN=…, O=…` (most specific first, as OpenSSL prints)."""
    parts = []
    for rdn in children(data, name):
        for attribute in children(data, rdn):
            kind, value = children(data, attribute)[:2]
            label = NAME_ATTRIBUTES.get(oid_text(data[kind.start : kind.end]))
            if label is None:
                continue
            raw = data[value.start : value.end]
            text = raw.decode("utf-16-be" if value.tag == 0x1E else "utf-8", "replace")
            parts.append(f"{label}={text}")
    return ", ".join(reversed(parts))


def time_value(data: bytes, item: Element) -> datetime:
    """A UTCTime or GeneralizedTime as an aware datetime."""
    text = data[item.start : item.end].decode("ascii", "replace").rstrip("Z")
    layout = "%y%m%d%H%M%S" if item.tag == UTC_TIME else "%Y%m%d%H%M%S"
    try:
        return datetime.strptime(text, layout).replace(tzinfo=timezone.utc)
    except ValueError as exc:
        raise DerError(f"bad time {text!r}") from exc


@dataclass(frozen=True)
class CertificateFields:
    """The fields of one certificate a diagnosis names."""

    subject: str
    issuer: str
    subject_der: bytes
    issuer_der: bytes
    not_before: datetime
    not_after: datetime
    is_ca: bool
    dns_names: tuple[str, ...]


def certificate_fields(der: bytes) -> CertificateFields:
    """Subject, issuer, validity and whether it is a CA, read from DER."""
    certificate = element(der, 0)
    tbs = children(der, certificate)[0]
    fields = children(der, tbs)
    if fields and fields[0].tag == EXPLICIT_0:
        fields = fields[1:]
    if len(fields) < 6:
        raise DerError("short TBSCertificate")
    issuer, validity, subject = fields[2], fields[3], fields[4]
    not_before, not_after = children(der, validity)[:2]
    extensions = _extensions(der, fields[6:])
    return CertificateFields(
        subject=name_text(der, subject),
        issuer=name_text(der, issuer),
        subject_der=der[subject.start : subject.end],
        issuer_der=der[issuer.start : issuer.end],
        not_before=time_value(der, not_before),
        not_after=time_value(der, not_after),
        is_ca=_is_ca(der, extensions.get(BASIC_CONSTRAINTS)),
        dns_names=_dns_names(der, extensions.get(SUBJECT_ALT_NAME)),
    )


def _extensions(der: bytes, rest: list[Element]) -> dict[str, Element]:
    """Each extension's OID and the element its OCTET STRING wraps."""
    found = {}
    for item in rest:
        if item.tag != EXPLICIT_3:
            continue
        for extension in children(der, children(der, item)[0]):
            parts = children(der, extension)
            oid = oid_text(der[parts[0].start : parts[0].end])
            found[oid] = element(der, parts[-1].start)
    return found


def _is_ca(der: bytes, constraints: Optional[Element]) -> bool:
    if constraints is None:
        return False
    inner = children(der, constraints)
    return bool(inner) and inner[0].tag == BOOLEAN and der[inner[0].start] != 0


def _dns_names(der: bytes, names: Optional[Element]) -> tuple[str, ...]:
    if names is None:
        return ()
    return tuple(
        der[item.start : item.end].decode("ascii", "replace")
        for item in children(der, names)
        if item.tag == DNS_NAME
    )
