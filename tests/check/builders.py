"""Small builders for hand-made course models, so rule tests read like the course they test."""
from __future__ import annotations

from compiler.feelings import vocabulary
from compiler.model import (Branch, Choice, Course, Effect, Ending, FeelingRef, Image, Location,
                            Markdown, ScenarioNode, Scenario, XAPISettings)

PAGE = "course/scenario.md"


def at(line: int = 1, col: int = 1, path: str = PAGE) -> Location:
    return Location(path, line, col)


def text(source: str = "Some words.", *, images=(), links=(), line: int = 1) -> Markdown:
    return Markdown(source, f"<p>{source}</p>", at(line), tuple(images), tuple(links))


def image(src: str, alt: str = "A description", line: int = 1) -> Image:
    return Image(src, alt, at(line, 3))


def choice(cid: str, *targets: str | tuple, line: int = 1, feedback: str | None = "Why.",
           effects: tuple[Effect, ...] = (), offered_if=None) -> Choice:
    """`targets`: node ids, or (condition, node id) pairs for conditional branches."""
    branches = []
    for target in targets:
        condition, target = target if isinstance(target, tuple) else (None, target)
        branches.append(Branch(target, condition, at(line, 20)))
    return Choice(cid, text(f"say {cid}"), tuple(branches),
                  text(feedback) if feedback is not None else None, effects, offered_if,
                  at(line))


def node(nid: str, *choices: Choice, line: int = 1, ending: Ending | None = None,
         feelings: tuple[str, ...] = (), segments=()) -> ScenarioNode:
    refs = tuple(FeelingRef(name, at(line + 1, 11)) for name in feelings)
    return ScenarioNode(nid, nid, tuple(segments), refs, None, None, tuple(choices), ending,
                        at(line))


def ending(score: float = 1.0, line: int = 1, felt: tuple[str, ...] = ()) -> Ending:
    return Ending("Done", score, tuple(FeelingRef(f, at(line, 7)) for f in felt), at(line, 1))


def scenario(*nodes: ScenarioNode, pid: str = "talk", start: str | None = None,
             state: dict[str, int] | None = None, warning: str | None = "Role-play.",
             opt_out=None) -> Scenario:
    state = state or {}
    return Scenario(id=pid, kind="scenario", title="Talk", body=text(), loc=at(1),
                    path=PAGE, start=start or nodes[0].id, state=state,
                    state_locs={name: at(4, 10 + i) for i, name in enumerate(state)},
                    nodes={n.id: n for n in nodes},
                    content_warning=text(warning) if warning else None, opt_out=opt_out)


def course(*pages, root: str = "course", **overrides) -> Course:
    fields = dict(id="https://example.org/c", title="C", description="", language="en",
                  version="1", authors=(), page_order=tuple((p.id, at(5, 5, "course/course.yaml"))
                                                            for p in pages),
                  pages={p.id: p for p in pages}, visit=(), finish=(), mastery=None,
                  score_parts=(), theme="default", xapi=XAPISettings(), content_warning=None,
                  support=None, feelings=vocabulary(), allow_html=False, root=root,
                  loc=at(1, 1, "course/course.yaml"))
    fields.update(overrides)
    return Course(**fields)
