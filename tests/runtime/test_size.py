"""The player's share of the first page's bytes (issue 3 goal: adapter + player.js + CSS
at most 10 KB gzipped for the whole first page). state.js + player.js + the default
theme's CSS measured 14.0 KB gzipped when this guard was written; it keeps them from
growing while the rest of the budget (xapi.js, adapters, minification) is worked on."""
from __future__ import annotations

import gzip

from player_helpers import REPO

BUDGET = 14_500  # bytes, gzip -9


def gzipped(*paths: str) -> int:
    return sum(len(gzip.compress((REPO / p).read_bytes(), 9)) for p in paths)


def test_player_state_and_css_stay_within_their_share():
    size = gzipped("compiler/runtime/state.js", "compiler/runtime/player.js", "themes/default/player.css")
    assert size <= BUDGET, f"{size} bytes gzipped"
