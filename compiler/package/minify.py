"""Smaller runtime files in packages: the learner's first page has a budget of 10 KB of
JS+CSS gzipped (docs/design.md). The sources in compiler/runtime/ and themes/ stay
readable; packages get them without comments and needless white space.

rjsmin and rcssmin only strip (they never rename or reorder), so the output is
deterministic and behaves exactly like the source.
"""
from __future__ import annotations

import rcssmin
import rjsmin


def minify_js(code: bytes) -> bytes:
    """JavaScript without comments and needless white space (ends with a newline)."""
    text = rjsmin.jsmin(code.decode("utf-8"), keep_bang_comments=False)
    return text.strip().encode("utf-8") + b"\n"


def minify_css(code: bytes) -> bytes:
    """CSS without comments and needless white space (ends with a newline)."""
    text = rcssmin.cssmin(code.decode("utf-8"), keep_bang_comments=False)
    return text.strip().encode("utf-8") + b"\n"
