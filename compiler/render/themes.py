"""Themes: a folder with `theme.yaml` (optional `extends: NAME-or-PATH`), `templates/`
(Jinja2, at least `index.html.j2` somewhere in the chain), `player.css` and `kinds.css`
(the rules of the interactive page kinds, loaded with them: see `Theme.css`).

A child theme's templates are searched before its parent's (a template reaches the one
it replaces as `parent/NAME` or `THEME/NAME`: see `html.environment`), and the CSS is the
parent's followed by the child's. Built-in themes live in the installed package `compiler.themes`
(the repository's `themes/` folder).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from yaml.nodes import MappingNode

from ..diagnostics import ERROR, Diagnostic, error, suggest
from ..load.files import display_path, read_source
from ..load.yaml_nodes import Mapping, YamlSource, describe, is_null
from ..model import Location

MAX_DEPTH = 10
THEME_KEYS = ("extends", "name")
"""What a theme.yaml may say: the theme it builds on, and its own name (for readers)."""


class ThemeError(Exception):
    """A theme cannot be found or is malformed; the message is for the author."""


def builtin_themes_dir() -> Path:
    """The folder of built-in themes, in a checkout or a pip install alike."""
    try:
        import compiler.themes as package  # installed: compiler.themes -> themes/

        return Path(package.__file__).resolve().parent
    except ImportError:  # running from a checkout without installing
        return Path(__file__).resolve().parents[2] / "themes"


@dataclass(frozen=True)
class Theme:
    """A resolved theme: its folders, the child first, the root parent last."""

    chain: tuple[Path, ...]

    @property
    def template_dirs(self) -> list[str]:
        return [str(folder / "templates") for folder in self.chain if (folder / "templates").is_dir()]

    def css(self, part: str = "all") -> bytes:
        """The theme's CSS, parent first so the child wins. Each theme may have player.css
        (what every page needs) and kinds.css (the interactive page kinds).

        part "all": every theme's player.css then kinds.css, in one stylesheet;
        "first": only the player.css files (assets/player.css when the kinds are deferred);
        "kinds": the stylesheet loaded after it with kinds.js: the root theme's kinds.css,
        then each child's player.css again and its kinds.css, so that a child's rules
        still come after its parent's kinds.css and win, as in "all"."""
        parts = []
        for depth, folder in enumerate(reversed(self.chain)):
            names = {"all": ("player.css", "kinds.css"), "first": ("player.css",),
                     "kinds": ("player.css", "kinds.css") if depth else ("kinds.css",)}[part]
            for name in names:
                path = folder / name
                if path.is_file():
                    code = _stylesheet(path)
                    parts.append(code if code.endswith("\n") else code + "\n")
        return "".join(parts).encode("utf-8")


def _stylesheet(path: Path) -> str:
    """A theme's CSS file as text, without a byte order mark: the files are joined into
    one stylesheet, where a mark would sit before the child's first selector and make
    that rule match nothing."""
    text, problems = read_source(str(path))
    if text is None:
        if problems[0].code == "E004":  # an empty stylesheet adds nothing
            return ""
        raise ThemeError(problems_text(problems))
    return text


def _locate(reference: str, relative_to: Path | None) -> Path:
    """A theme folder from a name (`default`) or a path (absolute, or relative to
    RELATIVE_TO: the course folder or the theme that extends it; the working directory
    only for `--theme`, so a course builds the same from wherever it is built)."""
    as_path = Path(reference).expanduser()
    if not as_path.is_absolute():
        as_path = (Path.cwd() if relative_to is None else relative_to) / as_path
    candidates = [as_path]
    if "/" not in reference and "\\" not in reference:
        candidates.append(builtin_themes_dir() / reference)
    for folder in candidates:
        if folder.is_dir():
            return folder.resolve()
    known = sorted(p.name for p in builtin_themes_dir().iterdir()
                   if p.is_dir() and not p.name.startswith(("_", ".")))
    meant = suggest(reference, known)
    raise ThemeError(f"theme '{reference}' not found: no folder {display_path(str(as_path))} "
                     f"(a built-in theme name: {', '.join(known) or 'none'}; or a path to a theme "
                     "folder)" + (f" (did you mean '{meant}'?)" if meant else ""))


def _parent(folder: Path) -> tuple[Path, Location] | None:
    """The folder of the theme FOLDER extends, and where its theme.yaml says so; None
    when it extends nothing. Every mistake in the file is reported at once, each at its
    place."""
    config = folder / "theme.yaml"
    if not config.is_file():
        return None
    text, problems = read_source(str(config))
    if text is None:
        if problems[0].code == "E004":  # an empty theme.yaml extends nothing
            return None
        raise ThemeError(problems_text(problems))
    source = YamlSource(display_path(str(config)))
    node, problems = source.compose(text)
    problems = [p for p in problems if p.severity == ERROR]
    located = where = None
    if isinstance(node, MappingNode):
        keys = Mapping(node, source, THEME_KEYS, "theme.yaml", problems)
        parent, where = keys.text("extends"), keys.value_loc("extends")
        if parent is not None and not parent.strip():
            problems.append(error(where, "E102", "'extends' in theme.yaml is empty: write a "
                                                 "theme's name or a path to its folder"))
        elif parent is not None:
            try:
                located = _locate(parent, folder)
            except ThemeError as exc:
                problems.append(error(where, "E112", str(exc)))
    elif node is not None and not is_null(node):
        problems.append(error(source.loc(node), "E103", "theme.yaml expects keys like "
                              f"'extends: default', got {describe(node)}"))
    if problems:
        raise ThemeError(problems_text(problems))
    return None if located is None or where is None else (located, where)


def problems_text(problems: list[Diagnostic]) -> str:
    """Problems of a theme file as one message: `path:line:col: what (did you mean 'x'?)`."""
    return "; ".join(f"{p.loc}: {p.message}" + (f" (did you mean '{p.suggestion}'?)" if p.suggestion else "")
                     for p in problems)


def resolve_theme(reference: str, course_root: str | Path | None = None) -> Theme:
    """The theme named or located by `reference` (a `--theme PATH` or course.yaml `theme`),
    with every theme it extends."""
    chain: list[Path] = []
    folder = _locate(reference, Path(course_root) if course_root else None)
    where: Location | str = folder
    while True:
        if folder in chain:
            raise ThemeError(f"{where}: themes extend each other in a circle")
        chain.append(folder)
        if len(chain) > MAX_DEPTH:
            raise ThemeError(f"{where}: more than {MAX_DEPTH} themes extend each other")
        parent = _parent(folder)
        if parent is None:
            break
        folder, where = parent
    theme = Theme(tuple(chain))
    if not any((Path(d) / "index.html.j2").is_file() for d in theme.template_dirs):
        raise ThemeError(f"theme '{reference}' has no templates/index.html.j2 "
                         "(extend a theme that has one: 'extends: default' in theme.yaml)")
    return theme
