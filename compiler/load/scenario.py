"""Scenario pages: `##` sections are nodes, `* words -> target` items are choices."""
from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from yaml.nodes import ScalarNode, SequenceNode

from ..conditions import KEYWORDS, condition_parts, parse_condition, parse_effects
from ..model import (Branch, Choice, Condition, Ending, Location, OptOut, Scenario, ScenarioNode,
                     Segment, Visited)
from .context import LoadContext, feeling_list
from .sections import Field, Grammar, Item, Section, split_blocks
from .yaml_nodes import Mapping, describe, to_int

FRONT_MATTER = ("start", "state", "content_warning", "opt_out")
GRAMMAR = Grammar(section_fields=("feelings", "thinks", "coach", "ending", "score", "felt"),
                  item_fields=("feedback", "set", "if"), items=True, section_name="node",
                  item_name="choice",
                  # A destination: one node id after the arrow, at the end or before `if`.
                  # "- Refund -> only after the fraud check" is prose with an arrow.
                  looks_like_item=re.compile(r"(?:->|\u2192)[ \t]*[A-Za-z0-9_-]+[ \t]*(?:$|\bif\b)"))

_NODE_ID = re.compile(r"^[A-Za-z0-9_-]+$")
_ARROW_TO_ID = re.compile(r"(?:->|\u2192)[ \t]*(?P<id>[A-Za-z0-9_-]+)[ \t]*$")
_VAR = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
# `if` and `else` only count as words on their own, so a node may be called `what-if`.
_KEYWORD = re.compile(r"(?<!\S)(if|else)(?!\S)")
_QUOTES = {'"': '"', "\u201c": "\u201d", "'": "'", "\u2018": "\u2019"}
# Words conditions and destinations use (`trust >= 1 and not visited(listen)`,
# `-> a if trust >= 1 else b`): a variable by one of these names could never be read.
RESERVED = (*KEYWORDS, "if", "else")


def load_scenario(common: dict[str, Any], front: Mapping, sections: list[Section], ctx: LoadContext) -> Scenario:
    """Build a Scenario from its front matter and its sections (one node each)."""
    path = common["path"]
    nodes: dict[str, ScenarioNode] = {}
    for section in sections:
        if section.id in nodes:
            first = nodes[section.id].loc.line
            ctx.error(Location(path, section.line, section.id_col), "E104",
                      f"there is already a node '{section.id}' (line {first}); node ids must be unique")
            continue
        nodes[section.id] = _node(section, path, ctx)
    nodes = _meant_ids(nodes, sections)
    state, state_locs = _state(front, ctx)
    start = front.text("start") or (next(iter(nodes)) if nodes else "")
    warning = front.value("content_warning")
    content_warning = None
    if warning is not None:
        text = front.text("content_warning") or ""
        loc = front.value_loc("content_warning")
        content_warning = ctx.markdown(text, path, loc.line, loc.col, front.source.origin(warning))
    return Scenario(**common, start=start, state=state, state_locs=state_locs, nodes=nodes,
                    content_warning=content_warning, opt_out=_opt_out(front, common["id"], ctx))


def _meant_ids(nodes: dict[str, ScenarioNode], sections: list[Section]) -> dict[str, ScenarioNode]:
    """A node whose `{#id}` is not valid (E006, `{#fetch manager}`) takes the id its choices
    and `visited()` name when exactly one unknown name is that id written validly
    (`fetch_manager`): the author fixes one line, and is not told to change every reference."""
    named = {b.target for n in nodes.values() for c in n.choices for b in c.branches}
    named |= {part.node for n in nodes.values() for c in n.choices
              for cond in (c.offered_if, *(b.condition for b in c.branches), *(s.condition for s in n.segments))
              for part in condition_parts(cond) if isinstance(part, Visited)}
    unknown = named - set(nodes)
    renamed = {}
    for section in sections:
        if section.written_id and section.id in nodes:
            meant = [u for u in unknown if _loose(u) == _loose(section.written_id)]
            if len(meant) == 1:
                renamed[section.id] = meant[0]
    return {renamed.get(k, k): replace(n, id=renamed[k]) if k in renamed else n for k, n in nodes.items()}


def _loose(node_id: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", node_id.lower()).strip("-")


def _state(front: Mapping, ctx: LoadContext) -> tuple[dict[str, int], dict[str, Location]]:
    state: dict[str, int] = {}
    locs: dict[str, Location] = {}
    listed = front.value("state")
    words = [w.strip() for w in listed.value.split(",")] if isinstance(listed, ScalarNode) else []
    if words and all(_VAR.match(w) for w in words):  # `state: trust, calm` is as clear as `[trust, calm]`
        listed = SequenceNode(listed.tag, [ScalarNode(listed.tag, w, listed.start_mark, listed.end_mark)
                                           for w in words])
    if isinstance(listed, SequenceNode) and all(isinstance(n, ScalarNode) for n in listed.value):
        # `state: [trust, calm]`: the names are clear, the starting values are missing. Say
        # so once, and go on with 0 (every use of them would otherwise be an error too).
        names = [n.value for n in listed.value]
        ctx.error(front.value_loc("state"), "E103",
                  "'state' gives each variable its starting value: write state: {"
                  + ", ".join(f"{n}: 0" for n in names) + "}")
        for n in listed.value:
            if _variable_name(n.value, front.source.loc(n), ctx):
                state[n.value], locs[n.value] = 0, front.source.loc(n)
        return state, locs
    table = front.mapping("state", None, "state", "state: {trust: 0, calm: 0}")
    if table is None:
        return state, locs
    for name, (key_node, value_node) in table.entries.items():
        here = table.source.loc(key_node)
        if not _variable_name(name, here, ctx):
            continue
        value = to_int(value_node)
        if value is None:
            ctx.error(table.source.loc(value_node), "E103",
                      f"the starting value of '{name}' must be a whole number, got {describe(value_node)}")
            value = 0
        state[name] = value
        locs[name] = here
    return state, locs


def _variable_name(name: str, here: Location, ctx: LoadContext) -> bool:
    """True when NAME can be a state variable; otherwise E006 says why not."""
    if not _VAR.match(name):
        ctx.error(here, "E006", f"'{name}' cannot be a variable name: use the letters a-z and A-Z (without "
                                f"accents), digits and '_'")
    elif name in RESERVED:
        ctx.error(here, "E006", f"'{name}' cannot be a variable name: conditions use it as a word "
                                f"({', '.join(RESERVED)}), so no condition could read it: choose another name")
    else:
        return True
    return False


def _opt_out(front: Mapping, page_id: str, ctx: LoadContext) -> OptOut | None:
    written = front.value("opt_out")  # `opt_out: summary` names the page: show it in the example
    page = written.value.strip() if isinstance(written, ScalarNode) else ""
    page = page if _NODE_ID.match(page) else "summary"
    table = front.mapping("opt_out", ("label", "to"), "opt_out", f"opt_out: {{label: Skip this scenario, to: {page}}}")
    if table is None:
        return None
    label = table.text("label", "", required=True) or ""
    to = table.text("to", "", required=True) or ""
    if to.strip() == page_id:
        ctx.error(table.value_loc("to"), "E110", f"the opt-out leads to this scenario itself ('{page_id}'): "
                                                 "lead it to the page learners read instead, such as a summary "
                                                 "or the next page")
    return OptOut(label, to, table.loc)


def _node(section: Section, path: str, ctx: LoadContext) -> ScenarioNode:
    fields = section.fields
    feelings = _feelings(fields.get("feelings"), path)
    thinks = fields["thinks"].value if "thinks" in fields else None
    coach = fields["coach"].value if "coach" in fields else None
    segments = _segments(section, path, ctx)
    choices = tuple(_choice(f"{section.id}-{n}", item, path, ctx) for n, item in enumerate(section.items, 1))
    return ScenarioNode(section.id, section.title, segments, feelings, thinks, coach, choices,
                        _ending(section, path, ctx), Location(path, section.line, 1))


def _feelings(found: Field | None, path: str):
    if found is None:
        return ()
    return feeling_list(found.value, path, found.line, found.value_col)


def _segments(section: Section, path: str, ctx: LoadContext) -> tuple[Segment, ...]:
    segments: list[Segment] = []
    for block in split_blocks(section.prose, section.prose_line, ("if",), path, ctx.diags):
        condition: Condition | None = None
        if block.name == "if":
            if not block.args.strip():
                ctx.error(Location(path, block.open_line, 1), "E006",
                          "'::: if' needs a condition, like '::: if trust >= 2'")
                continue
            condition, found = parse_condition(block.args, path, block.open_line, block.args_col)
            ctx.diags.extend(found)
            if condition is None:
                continue
        text = "\n".join(block.lines)
        if text.strip():
            segments.append(Segment(ctx.markdown(text, path, block.line), condition))
    return tuple(segments)


def _ending(section: Section, path: str, ctx: LoadContext) -> Ending | None:
    fields = section.fields
    if not any(key in fields for key in ("ending", "score", "felt")):
        return None
    here = Location(path, section.line, 1)
    label = fields["ending"].value if "ending" in fields else ""
    if "ending" not in fields or label.strip() in ("", '""', "''"):  # `ending: ""` is empty too
        where = Location(path, fields["ending"].line, 1) if "ending" in fields else here
        ctx.error(where, "E102", "an ending needs a label: 'ending: Calm and satisfied'")
    score = 0.0
    if "score" not in fields:
        ctx.error(here, "E102", "an ending needs a score between 0 and 1: 'score: 0.8'")
    else:
        found = fields["score"]
        try:
            score = float(found.value)
            if score != score:
                raise ValueError
        except ValueError:
            shown = f"'{found.value}'" if found.value.strip() else "nothing"
            ctx.error(Location(path, found.line, found.value_col), "E103",
                      f"'score' expects a number between 0 and 1, got {shown}")
        else:
            if not 0 <= score <= 1:
                ctx.error(Location(path, found.line, found.value_col), "E110",
                          f"'score' must be between 0 and 1, got {found.value}")
                score = min(max(score, 0.0), 1.0)
    loc = Location(path, fields["ending"].line, 1) if "ending" in fields else here
    return Ending(label.strip(), score, _feelings(fields.get("felt"), path), loc)


# Characters that show as nothing: zero-width spaces and joiners, word joiner, BOM.
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"


def _choice(choice_id: str, item: Item, path: str, ctx: LoadContext) -> Choice:
    loc = Location(path, item.line, 1)
    words, words_col, branches = _split_choice(item, path, ctx)
    source = "\n".join([words, *item.extra_lines])
    text = ctx.markdown(source, path, item.line, words_col)
    fields = item.fields
    feedback = None
    if "feedback" in fields:
        f = fields["feedback"]
        feedback = ctx.optional_markdown(f.value, path, f.line, f.value_col)
    effects: tuple = ()
    if "set" in fields:
        f = fields["set"]
        effects, found = parse_effects(f.value, path, f.line, f.value_col)
        ctx.diags.extend(found)
    offered_if = None
    if "if" in fields:
        f = fields["if"]
        offered_if, found = parse_condition(f.value, path, f.line, f.value_col)
        ctx.diags.extend(found)
    return Choice(choice_id, text, branches, feedback, effects, offered_if, loc)


def _split_choice(item: Item, path: str, ctx: LoadContext) -> tuple[str, int, tuple[Branch, ...]]:
    """`"words" -> target` into the words (unquoted), their column, and the branches."""
    text = item.text
    search_from = 0
    close = _QUOTES.get(text[:1])
    if close:
        end = text.find(close, 1)
        if end > 0:
            search_from = end
    arrow = max(text.rfind("->", search_from), text.rfind("\u2192", search_from))
    if arrow < 0:
        ctx.error(Location(path, item.line, item.col), "E006",
                  "a choice needs a destination: '* What the learner says -> node-id'")
        return text, item.col, ()
    width = 1 if text[arrow] == "\u2192" else 2
    words = text[:arrow].rstrip()
    if words.endswith("-"):  # `-->`, `--->`
        ctx.error(Location(path, item.line, item.col + len(text[:arrow].rstrip("-"))), "E006",
                  "an arrow is one dash and '>': '->'", "->")
        words = words.rstrip("-").rstrip()
    earlier = _ARROW_TO_ID.search(words, search_from)
    if earlier:  # `"Hi" -> old-node -> new-node`: a destination left in place
        ctx.error(Location(path, item.line, item.col + earlier.start()), "E006",
                  f"this choice has two destinations ('{earlier['id']}' and '{text[arrow + width:].strip()}'): "
                  "keep one, or write the words in quotes if they contain an arrow")
        words = words[:earlier.start()].rstrip()
    words_col = item.col
    if close and len(words) >= 2 and words.endswith(close):
        words = words[1:-1]
        words_col += 1
    if not words.strip():
        ctx.error(Location(path, item.line, item.col), "E102",
                  "a choice needs the learner's words before the arrow: '* What the learner says -> node-id'")
    expr = text[arrow + width:]
    branches = _branches(expr, path, item.line, item.col + arrow + width, ctx)
    return words, words_col, branches


def _branches(expr: str, path: str, line: int, col: int, ctx: LoadContext) -> tuple[Branch, ...]:
    """`a if COND else b if COND2 else c` into branches (COND, a), (COND2, b), (None, c)."""
    parts: list[tuple[str, int]] = []  # alternating target, condition, target, ...
    keywords: list[tuple[str, int]] = []
    start = 0
    for m in _KEYWORD.finditer(expr):
        parts.append((expr[start:m.start()], start))
        keywords.append((m.group(1), m.start()))
        start = m.end()
    parts.append((expr[start:], start))
    expected = ["if", "else"] * (len(keywords) // 2)
    if [k for k, _ in keywords] != expected:
        at = keywords[-1][1] if len(keywords) % 2 else keywords[0][1] if keywords else 0
        ctx.error(Location(path, line, col + at), "E006",
                  "write a conditional destination as 'node-a if CONDITION else node-b' (the last 'else' is required)")
        return ()
    branches: list[Branch] = []
    for index in range(0, len(parts), 2):
        target_text, offset = parts[index]
        target = target_text.strip()
        target_col = col + offset + len(target_text) - len(target_text.lstrip())
        if not _NODE_ID.match(target):
            hidden = next((c for c in target if c in _INVISIBLE), None)
            problem = (f"'{target}' is not a node id: a destination is a section id like 'listen-first'"
                       if target else "a destination is missing here: a destination is a section id like "
                       "'listen-first'")
            if hidden:  # pasted along with the text, it shows as nothing
                problem = (f"'{target}' holds an invisible character (U+{ord(hidden):04X}, pasted with the "
                           "text), so it is no node id: delete it")
            ctx.error(Location(path, line, target_col), "E006", problem,
                      "".join(c for c in target if c not in _INVISIBLE) if hidden else None)
            return ()
        condition = None
        if index + 1 < len(parts):
            cond_text, cond_offset = parts[index + 1]
            condition, found = parse_condition(cond_text, path, line, col + cond_offset)
            ctx.diags.extend(found)
            if condition is None:
                return ()
        branches.append(Branch(target, condition, Location(path, line, target_col)))
    return tuple(branches)
