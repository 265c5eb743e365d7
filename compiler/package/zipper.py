"""Deterministic zips: the same files give the same bytes, every time.

Entries are sorted, every entry gets the same timestamp (SOURCE_DATE_EPOCH when set,
else 1980-01-01, the earliest date a zip can hold) and the same permissions, and
everything is deflated at level 9. No directory entries: LMSs do not need them and
they would only add ordering questions.
"""
from __future__ import annotations

import io
import os
import re
import time
import zipfile
from pathlib import Path
from typing import Mapping

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
FIRST_SECOND = 315532800
"""1980-01-01 00:00:00 UTC in seconds since 1970: the earliest date a zip can hold."""
LAST_SECOND = 4354819198
"""2107-12-31 23:59:58 UTC: the latest (zips count years from 1980 in 7 bits, seconds in twos)."""
FILE_MODE = 0o644


class BadSourceDateEpoch(ValueError):
    """SOURCE_DATE_EPOCH is set to something that is not a whole number of seconds."""


def fixed_timestamp(environ: Mapping[str, str] | None = None) -> tuple[int, int, int, int, int, int]:
    """The timestamp every entry gets: SOURCE_DATE_EPOCH (UTC) or 1980-01-01.

    Zips cannot hold dates before 1980 or after 2107, so the epoch is clamped to them.
    A SOURCE_DATE_EPOCH that is not a whole number raises BadSourceDateEpoch: the
    reproducible-builds specification asks a build to stop then, not to pick a date.
    """
    env = os.environ if environ is None else environ
    raw = env.get("SOURCE_DATE_EPOCH", "").strip()
    if not raw:
        return ZIP_EPOCH
    if not re.fullmatch(r"-?[0-9]+", raw):
        raise BadSourceDateEpoch(
            f"SOURCE_DATE_EPOCH is '{raw}', not a whole number of seconds since "
            "1970-01-01 UTC: set it to one (e.g. `git log -1 --format=%ct`) or unset it")
    seconds = min(max(int(raw), FIRST_SECOND), LAST_SECOND)
    return tuple(time.gmtime(seconds)[:6])  # type: ignore[return-value]


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
