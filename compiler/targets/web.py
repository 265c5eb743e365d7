"""`web`: the plain player for any web server; keeps progress in localStorage."""
from __future__ import annotations

from .base import Target
from .registry import register


@register
class WebTarget(Target):
    name = "web"
    adapter = "none"
