"""The base class every target extends."""
from __future__ import annotations

from pathlib import Path
from typing import ClassVar, Mapping

from ..model import Course
from ..package import files as runtime_files
from ..package.zipper import write_zip


class Target:
    """A package format. A target takes the shared web build (index.html, assets, media),
    adds its adapter and its manifest, and zips the result.

    Subclasses set `name` and `adapter` and override `manifest_files`."""

    name: ClassVar[str]
    adapter: ClassVar[str]
    """Which `compiler/runtime/adapters/<adapter>.js` becomes assets/adapter.js."""
    answers: ClassVar[str | None] = None
    """`compiler/runtime/adapters/<answers>.js`, the adapter's code for learner answers,
    shipped inside assets/kinds.js (every answer is given on a page kinds.js draws), or
    inside player.js when the kinds are not deferred: the first page loads none of it."""
    launch_brings_credential: ClassVar[bool] = False
    """True (cmi5, TinCan): the LMS gives the LRS credential at launch, so course.yaml's
    `xapi.auth` is left out of the package."""

    def manifest_files(self, course: Course, content: Mapping[str, bytes]) -> dict[str, bytes]:
        """Files the target adds at the package root (manifest, schemas), given the
        content files (the web build plus the adapter)."""
        return {}

    def package_files(self, course: Course, site: Mapping[str, bytes]) -> dict[str, bytes]:
        """Every file of the package: {path inside the zip: bytes}."""
        content = dict(site)
        if self.launch_brings_credential and course.xapi.auth:
            from ..render.site import without_credential

            content["index.html"] = without_credential(content["index.html"], course.xapi.auth)
        content["assets/adapter.js"] = runtime_files.adapter_js(self.adapter)
        if self.answers:
            holder = "assets/kinds.js" if "assets/kinds.js" in content else "assets/player.js"
            content[holder] = content[holder] + runtime_files.adapter_js(self.answers)
        content.update(self.manifest_files(course, content))
        return content

    def zip_name(self, course: Course) -> str:
        return f"{course.slug}-{self.name}.zip"

    def build(self, course: Course, out_dir: Path, site: Mapping[str, bytes] | None = None) -> Path:
        """Write `out_dir/<slug>-<name>.zip` and return its path. `site` is the shared web
        build; it is rendered here when not given (building several targets renders once)."""
        if site is None:
            from ..render.site import render_site

            site = render_site(course)
        return write_zip(Path(out_dir) / self.zip_name(course), self.package_files(course, site))
