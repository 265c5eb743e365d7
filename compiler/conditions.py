"""Conditions and effects in scenarios: a tiny tokenizer and recursive-descent parser.

Grammar (loosest binding first)::

    condition  := and_expr ("or" and_expr)*
    and_expr   := not_expr ("and" not_expr)*
    not_expr   := "not" not_expr | comparison
    comparison := atom (("==" | "!=" | "<" | "<=" | ">" | ">=") atom)?
    atom       := INTEGER | NAME | "visited" "(" NODE ")" | "(" condition ")"

    effects    := effect ("," effect)*
    effect     := NAME ("+" | "-" | "=") INTEGER

Every parsed node carries the column of its first token inside the author's line,
so a later check (unknown variable, unknown node) can point at the exact word.
Syntax errors become E006 diagnostics with the column of the offending token.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

from .diagnostics import Diagnostic, error, suggest
from .model import BinOp, Condition, Effect, Location, Not, Num, Var, Visited

COMPARISONS = ("==", "!=", "<=", ">=", "<", ">")
KEYWORDS = ("and", "or", "not", "visited")

# Node ids may contain hyphens (`visited(listen-more)`); a hyphen is only part of a
# name when a letter, digit or underscore follows it.
_TOKEN = re.compile(
    r"\s*(?:"
    r"(?P<num>-?\d+)"
    r"|(?P<name>[A-Za-z_][A-Za-z0-9_]*(?:-[A-Za-z0-9_]+)*)"
    r"|(?P<op>==|!=|<=|>=|<|>|\(|\))"
    r"|(?P<bad>\S)"
    r")"
)

_HINTS = {"=": "use '==' to compare", "&": "use 'and'", "|": "use 'or'", "!": "use 'not'"}
# Comparisons written the other way round, as people say them ("equal or greater").
_REVERSED = {"=>": ">=", "=<": "<=", "=!": "!="}


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str  # "num", "name", "op", "end"
    text: str
    col: int  # 0-based offset in the parsed text


class ConditionError(Exception):
    """A syntax error at `offset` (0-based) in the condition text."""

    def __init__(self, message: str, offset: int, suggestion: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset
        self.suggestion = suggestion


def _tokenize(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    pos = 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None or m.end() == pos:  # only trailing whitespace left
            break
        kind = m.lastgroup or "bad"
        start = m.start(kind)
        value = m.group(kind)
        if kind == "bad":
            if (pair := text[start:start + 2]) in _REVERSED:
                raise ConditionError(f"'{pair}' is not a comparison: the '=' comes second", start,
                                     _REVERSED[pair])
            hint = _HINTS.get(value)
            raise ConditionError(f"unexpected '{value}' in condition" + (f": {hint}" if hint else ""), start)
        tokens.append(_Token(kind, value, start))
        pos = m.end()
    tokens.append(_Token("end", "", len(text.rstrip())))
    return tokens


class _Parser:
    def __init__(self, text: str, path: str, line: int, col: int) -> None:
        self.tokens = _tokenize(text)
        self.i = 0
        self.text, self.path, self.line, self.col = text, path, line, col

    def loc(self, token: _Token) -> Location:
        return _place(self.text, token.col, self.path, self.line, self.col)

    def peek(self) -> _Token:
        return self.tokens[self.i]

    def take(self) -> _Token:
        token = self.tokens[self.i]
        if token.kind != "end":
            self.i += 1
        return token

    def expect(self, text: str, what: str) -> _Token:
        token = self.peek()
        if token.text != text or token.kind not in ("op", "name"):
            raise ConditionError(f"expected {what}, found {_describe(token)}", token.col)
        return self.take()

    def parse(self) -> Condition:
        if self.peek().kind == "end":
            raise ConditionError("the condition is empty", 0)
        cond = self.or_expr()
        token = self.peek()
        if token.kind != "end":
            raise ConditionError(f"unexpected {_describe(token)}: expected 'and', 'or' or the end", token.col)
        return cond

    def or_expr(self) -> Condition:
        left = self.and_expr()
        while self.peek().kind == "name" and self.peek().text == "or":
            tok = self.take()
            left = BinOp("or", left, self.and_expr(), self.loc(tok))
        return left

    def and_expr(self) -> Condition:
        left = self.not_expr()
        while self.peek().kind == "name" and self.peek().text == "and":
            tok = self.take()
            left = BinOp("and", left, self.not_expr(), self.loc(tok))
        return left

    def not_expr(self) -> Condition:
        token = self.peek()
        if token.kind == "name" and token.text == "not":
            self.take()
            return Not(self.not_expr(), self.loc(token))
        return self.comparison()

    def comparison(self) -> Condition:
        left = self.atom()
        token = self.peek()
        if token.kind == "op" and token.text in COMPARISONS:
            self.take()
            right = self.atom()
            return BinOp(token.text, left, right, self.loc(token))
        return left

    def atom(self) -> Condition:
        token = self.take()
        if token.kind == "num":
            return Num(int(token.text), self.loc(token))
        if token.kind == "op" and token.text == "(":
            inner = self.or_expr()
            self.expect(")", "')'")
            return inner
        if token.kind == "name" and token.text == "visited":
            self.expect("(", "'(' after visited")
            node = self.take()
            if node.kind not in ("name", "num") or node.text in KEYWORDS:
                raise ConditionError(f"expected a node id inside visited(...), found {_describe(node)}", node.col)
            self.expect(")", "')'")
            return Visited(node.text, self.loc(node))
        if token.kind == "name" and token.text not in KEYWORDS:
            if self.peek().text == "(":  # `visted(upset)`: the only word before '(' is visited
                raise ConditionError(f"'{token.text}(...)' is not something a condition can ask: write "
                                     "visited(node) to ask whether the learner has been at a node", token.col,
                                     suggest(token.text.lower(), ["visited"]))
            return Var(token.text, self.loc(token))
        raise ConditionError(f"expected a variable, a number, visited(node) or '(', found {_describe(token)}",
                             token.col)


def _describe(token: _Token) -> str:
    return "the end of the condition" if token.kind == "end" else f"'{token.text}'"


def parse_condition(text: str, path: str, line: int, col: int) -> tuple[Condition | None, list[Diagnostic]]:
    """Parse `text`, which starts at column `col` (1-based) of `line` in `path`.

    Returns the condition, or None and one E006 diagnostic at the bad token.
    """
    try:
        return _Parser(text, path, line, col).parse(), []
    except ConditionError as exc:
        return None, [error(_place(text, exc.offset, path, line, col), "E006", exc.message, exc.suggestion)]
    except RecursionError:
        return None, [error(Location(path, line, col), "E006", "the condition is nested too deeply")]


_EFFECT = re.compile(r"^\s*(?P<var>[A-Za-z_][A-Za-z0-9_]*)\s*(?P<op>\+=|-=|[+\-=])\s*(?P<num>[+-]?\d+)\s*$")


def parse_effects(text: str, path: str, line: int, col: int) -> tuple[tuple[Effect, ...], list[Diagnostic]]:
    """Parse `trust + 1, calm - 2, fair = 0`; `text` starts at column `col` of `line`."""
    effects: list[Effect] = []
    diags: list[Diagnostic] = []
    offset = 0
    for part in text.split(","):
        lead = len(part) - len(part.lstrip())
        here = _place(text, offset + lead, path, line, col)
        m = _EFFECT.match(part)
        if m is None:
            shown = " ".join(part.split()) or "(nothing)"  # one line, even for a value that wraps
            diags.append(error(here, "E006", f"cannot read the effect '{shown}': "
                                             "write it like 'trust + 1', 'calm - 2' or 'fair = 0'"))
        else:
            effects.append(Effect(m["var"], m["op"][0], int(m["num"]), here))
        offset += len(part) + 1
    return tuple(effects), diags


def _place(text: str, offset: int, path: str, line: int, col: int) -> Location:
    """Where `text[offset]` is, for a value whose later lines were indented continuations."""
    before = text[:offset]
    newlines = before.count("\n")
    if not newlines:
        return Location(path, line, col + offset)
    return Location(path, line + newlines, offset - before.rfind("\n"))


def to_json(cond: Condition | None) -> list | None:
    """The runtime form of a condition (docs/design.md, COND); None stays None."""
    if cond is None:
        return None
    if isinstance(cond, Var):
        return ["var", cond.name]
    if isinstance(cond, Num):
        return ["num", cond.value]
    if isinstance(cond, Visited):
        return ["visited", cond.node]
    if isinstance(cond, Not):
        return ["not", to_json(cond.operand)]
    return [cond.op, to_json(cond.left), to_json(cond.right)]


def effect_to_json(effect: Effect) -> list:
    """The runtime form of an effect: [var, op, amount]."""
    return [effect.var, effect.op, effect.amount]


def variables(cond: Condition | None) -> list[Var]:
    """Every variable read in a condition, in reading order (for the checks)."""
    if cond is None or isinstance(cond, (Num, Visited)):
        return []
    if isinstance(cond, Var):
        return [cond]
    if isinstance(cond, Not):
        return variables(cond.operand)
    return variables(cond.left) + variables(cond.right)


def visited_nodes(cond: Condition | None) -> list[Visited]:
    """Every visited(node) in a condition, in reading order (for the checks)."""
    if cond is None or isinstance(cond, (Num, Var)):
        return []
    if isinstance(cond, Visited):
        return [cond]
    if isinstance(cond, Not):
        return visited_nodes(cond.operand)
    return visited_nodes(cond.left) + visited_nodes(cond.right)


def condition_parts(condition: Condition | None) -> Iterator[Condition]:
    """A condition and all its sub-expressions."""
    stack = [condition]
    while stack:
        part = stack.pop()
        if part is None:
            continue
        yield part
        if isinstance(part, Not):
            stack.append(part.operand)
        elif isinstance(part, BinOp):
            stack.extend((part.right, part.left))
