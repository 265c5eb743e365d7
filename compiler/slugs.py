"""Names made safe for ids and file names: lower-case ASCII letters, digits, '-' and '_'."""
from __future__ import annotations

import hashlib
import os
import re
import unicodedata


def slugify(text: str) -> str:
    """A heading as an id: lower case ASCII letters, digits, '-' and '_' ('Café crème' -> 'cafe-creme')."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9_]+", "-", ascii_text.lower()).strip("-")


def folder_slug(path: str) -> str:
    """A folder's name as a lower-case, hyphenated identifier ('Atención al cliente' ->
    'atencion-al-cliente'). A name with no ASCII letter ('共感') gives 'course-' and a short
    digest of it, so two such courses built into one folder do not overwrite each other."""
    name = os.path.basename(os.path.normpath(os.path.abspath(path)))
    return slugify(name).replace("_", "-").strip("-") or "course-" + hashlib.sha256(name.encode()).hexdigest()[:8]
