"""Shared helpers of the player's browser tests: the test-course paths, the `Learner`
driver and the axe-core runner. (Kept out of conftest.py so test modules can import them
by a unique module name.)"""
from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
TEST_COURSES = HERE / "courses"
EXAMPLE_COURSES = sorted(p for p in (REPO / "courses").iterdir() if (p / "course.yaml").is_file())

# Wraps the adapter's and the statement queue's methods as the scripts define them, so
# the tests see every call the player makes (the real adapter still runs).
SPY = """
window.__calls = {record: [], xapi: [], save: [], setStatus: [], finish: 0};
function __spy(name, wrap) {
  var value;
  Object.defineProperty(window, name, {configurable: true,
    get: function () { return value; },
    set: function (v) { value = v; if (v) wrap(v); }});
}
__spy('EmpathyLMS', function (lms) {
  if (window.__maxState) lms.maxStateLength = window.__maxState;   // pretend a stricter LMS
  ['record', 'save', 'setStatus'].forEach(function (k) {
    var f = lms[k];
    lms[k] = function () {
      __calls[k].push(JSON.parse(JSON.stringify(Array.prototype.slice.call(arguments))));
      return f.apply(this, arguments);
    };
  });
  var fin = lms.finish;
  lms.finish = function () { __calls.finish++; return fin.apply(this, arguments); };
});
__spy('EmpathyXAPI', function (x) {
  var f = x.record;
  x.record = function (e) { __calls.xapi.push(JSON.parse(JSON.stringify(e))); return f.apply(this, arguments); };
});
"""


class Learner:
    """A learner at the keyboard and mouse of one browser page."""

    def __init__(self, page, base: str):
        self.page = page
        self.base = base
        page.add_init_script(SPY)
        self.errors: list[str] = []
        page.on("pageerror", lambda exc: self.errors.append(str(exc)))

    def open(self, hash_: str = "", query: str = "") -> "Learner":
        self.page.goto(self.base + "index.html" + (f"?{query}" if query else "")
                       + (f"#{hash_}" if hash_ else ""))
        self.page.evaluate("EmpathyPlayer.ready")
        return self

    def reload(self) -> "Learner":
        self.page.reload()
        self.page.evaluate("EmpathyPlayer.ready")
        return self

    # ------------------------------------------------------------ reading
    @property
    def current(self) -> str:
        return self.page.evaluate("document.documentElement.dataset.page")

    def text(self, selector: str = "main") -> str:
        return self.page.inner_text(selector)

    def state(self) -> dict:
        return self.page.evaluate("EmpathyPlayer.state()")

    def events(self, kind: str | None = None) -> list[dict]:
        found = [args[0] for args in self.page.evaluate("__calls.record")]
        return [e for e in found if kind is None or e["type"] == kind]

    def xapi_events(self) -> list[dict]:
        return self.page.evaluate("__calls.xapi")

    def calls(self, name: str):
        return self.page.evaluate(f"__calls.{name}")

    # ------------------------------------------------------------ acting
    def act(self, name: str, nth: int = 0) -> None:
        self.page.locator(f"[data-act={name}]").nth(nth).click()

    def choose(self, words: str) -> None:
        """Clicks the choice whose words contain `words`, then Continue after the feedback."""
        self.page.locator("[data-act=choice]", has_text=words).click()
        self.page.locator("[data-act=continue]").click()

    def go(self, page_id: str) -> None:
        self.page.evaluate("id => EmpathyPlayer.goTo(id)", page_id)

    def item(self, index: int):
        return self.page.locator(f"main [data-item='{index}']")


def axe_violations(page, axe_source: str) -> list[dict]:
    """axe-core violations of WCAG 2.0 and 2.1, levels A and AA, on the page as it is now."""
    page.add_script_tag(content=axe_source)
    result = page.evaluate("""() => axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})
        .then(r => r.violations.map(v => ({id: v.id, help: v.help, nodes: v.nodes.map(n => n.html).slice(0, 3)})))""")
    return json.loads(json.dumps(result))
