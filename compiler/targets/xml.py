"""Small helpers shared by the manifest writers (all XML is built with lxml)."""
from __future__ import annotations

import re
from typing import Iterable

from lxml import etree

XSI = "http://www.w3.org/2001/XMLSchema-instance"
DECLARATION = b'<?xml version="1.0" encoding="UTF-8"?>\n'
_NOT_ID = re.compile(r"[^A-Za-z0-9_.-]+")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_id(prefix: str, iri: str) -> str:
    """An xs:ID (`^[A-Za-z_][A-Za-z0-9_.-]*$`) made from an IRI, starting with `prefix`
    (which must start with a letter): `https://a.org/calm` -> `MANIFEST-a.org-calm`."""
    without_scheme = re.sub(r"^[A-Za-z][A-Za-z0-9+.-]*:/*", "", iri)
    return prefix + (_NOT_ID.sub("-", without_scheme).strip("-.")[:80] or "course")


def decimal(value: float, places: int = 4) -> str:
    """A number as an xs:decimal without trailing zeros: 0.7 -> "0.7", 1.0 -> "1"."""
    text = f"{value:.{places}f}".rstrip("0").rstrip(".")
    return text if text not in ("", "-0") else "0"


def xml_text(text: str) -> str:
    """`text` without the characters XML 1.0 cannot hold (control characters an author
    may have typed through a YAML escape), instead of failing the build."""
    return _NOT_XML.sub("", text)


def sub(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    """Append a child element with optional text and attributes, and return it."""
    child = etree.SubElement(parent, tag, {k: xml_text(v) for k, v in attrs.items()})
    if text is not None:
        child.text = xml_text(text)
    return child


def to_bytes(root: etree._Element) -> bytes:
    """The document as UTF-8 bytes with an XML declaration, indented for humans.

    The declaration is written with double quotes, the form every LMS parser expects
    (lxml's own uses single quotes, which some old LMS importers reject)."""
    etree.indent(root, space="  ")
    return DECLARATION + etree.tostring(root, encoding="UTF-8", pretty_print=True)


def file_list(content: Iterable[str]) -> list[str]:
    """The package's content paths in a stable order (index.html first, then sorted)."""
    paths = sorted(content)
    if "index.html" in paths:
        paths.remove("index.html")
        paths.insert(0, "index.html")
    return paths
