"""Deterministic zips: the same files give the same bytes, every time.

Entries are sorted, every entry gets the same timestamp (SOURCE_DATE_EPOCH when set,
else 1980-01-01, the earliest date a zip can hold) and the same permissions, and
everything is deflated at level 9. No directory entries: LMSs do not need them and
they would only add ordering questions.
"""
from __future__ import annotations

import io
import os
import time
import zipfile
from pathlib import Path
from typing import Mapping

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
FILE_MODE = 0o644


def fixed_timestamp(environ: Mapping[str, str] | None = None) -> tuple[int, int, int, int, int, int]:
    """The timestamp every entry gets: SOURCE_DATE_EPOCH (UTC) or 1980-01-01.

    Zips cannot hold dates before 1980 or after 2107, so the epoch is clamped.
    A malformed SOURCE_DATE_EPOCH is ignored rather than failing the build.
    """
    env = os.environ if environ is None else environ
    raw = env.get("SOURCE_DATE_EPOCH", "").strip()
    if not raw:
        return ZIP_EPOCH
    try:
        seconds = int(raw)
    except ValueError:
        return ZIP_EPOCH
    stamp = tuple(time.gmtime(max(seconds, 315532800))[:6])  # 315532800 = 1980-01-01
    if stamp[0] > 2107:
        return (2107, 12, 31, 23, 59, 58)
    return stamp  # type: ignore[return-value]


def zip_bytes(files: Mapping[str, bytes], environ: Mapping[str, str] | None = None) -> bytes:
    """The zip of `files` ({path inside the zip: content}) as bytes."""
    stamp = fixed_timestamp(environ)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # unix, so external_attr means the same everywhere
            info.external_attr = (0o100000 | FILE_MODE) << 16
            archive.writestr(info, files[name], compresslevel=9)
    return buffer.getvalue()


def write_zip(path: Path, files: Mapping[str, bytes], environ: Mapping[str, str] | None = None) -> Path:
    """Write the deterministic zip of `files` to `path` (parents created) and return it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(zip_bytes(files, environ))
    return path
