"""Reading the author's files safely: size limit, UTF-8 with a located error, display paths."""
from __future__ import annotations

import os

from ..diagnostics import Diagnostic, error
from ..model import Location

MAX_BYTES = 2 * 1024 * 1024
"""Source files larger than this are refused unread (nobody writes a 2 MB page by hand)."""


def display_path(path: str) -> str:
    """`path` relative to the working directory when it lies under it, else absolute."""
    absolute = os.path.abspath(path)
    cwd = os.getcwd()
    if absolute == cwd:
        return "."
    if absolute.startswith(cwd.rstrip(os.sep) + os.sep):
        return os.path.relpath(absolute, cwd)
    return absolute


def read_source(path: str) -> tuple[str | None, list[Diagnostic]]:
    """The text of a source file with LF line ends and no BOM, or None and an E002/E004."""
    shown = display_path(path)
    here = Location(shown, 1, 1)
    try:
        if not os.path.isfile(path):
            return None, [error(here, "E002", "not a regular file")]
        size = os.path.getsize(path)
        if size > MAX_BYTES:
            return None, [error(here, "E002",
                                f"file is too large ({size / 1048576:.1f} MB; the limit is 2 MB)")]
        with open(path, "rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        return None, [error(here, "E002", f"cannot read the file: {exc.strerror or exc}")]
    if not data.strip():
        return None, [error(here, "E004", "the file is empty")]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _position(data, exc.start)
        return None, [error(Location(shown, line, col), "E002",
                            f"the file is not UTF-8 text (byte 0x{data[exc.start]:02x} here); "
                            "save it as UTF-8")]
    nul = text.find("\0")
    if nul >= 0:
        line, col = _position(data, len(text[:nul].encode("utf-8")))
        return None, [error(Location(shown, line, col), "E002",
                            "the file contains a NUL byte: it looks like a binary file, not text")]
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return text, []


def _position(data: bytes, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of byte `offset`."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    line = data.count(b"\n", 0, offset) + 1
    col = len(data[line_start:offset].decode("utf-8", errors="replace")) + 1
    return line, col


def list_files(root: str) -> tuple[str, ...]:
    """Every file under `root` as a sorted relative POSIX path; hidden files and folders skipped."""
    found: list[str] = []
    for folder, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        rel = os.path.relpath(folder, root)
        for name in names:
            if name.startswith("."):
                continue
            found.append(name if rel == "." else f"{rel}/{name}".replace(os.sep, "/"))
    return tuple(sorted(found))
