"""Generate a large, valid empathy course for benchmarks and stress tests.

    python bench/generate_course.py OUT [--pages 200] [--nodes 500]

writes a course folder with `pages` pages of every kind (content pages, small
scenarios, coaching, reflection, self-rating, quiz, annotated example) and one big
scenario of `nodes` nodes with branching, conditional branches, conditional text,
`visited()` and many endings. It passes `empathy check --strict`.

Other benchmarks and tests import `generate(out_dir, pages, nodes)`.
Output is deterministic: the same arguments give byte-identical files.
"""
from __future__ import annotations

import argparse
import re
import shutil
from pathlib import Path

FEELINGS = ("frustrated", "anxious", "embarrassed", "confused", "disappointed", "hurt",
            "relieved", "reassured", "understood", "calm", "hopeful", "respected")
# Cycled for the `pages - 1` pages beside the big scenario.
KINDS = ("page", "scenario", "coaching", "reflection", "self-rating", "quiz", "example")

COURSE_ID = "https://courses.example.org/bench/large"
IMAGE = ('<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20" viewBox="0 0 40 20">'
         '<rect width="40" height="20" fill="#3b6e8f"/></svg>\n')


def _feelings(i: int, n: int = 2) -> str:
    return ", ".join(FEELINGS[(i + k) % len(FEELINGS)] for k in range(n))


def _front(kind: str, title: str, **extra: str) -> list[str]:
    lines = ["---", f"kind: {kind}", f'title: "{title}"']
    lines += [f"{key}: {value}" for key, value in extra.items()]
    return lines + ["---", ""]


def big_scenario(nodes: int, opt_out_to: str) -> str:
    """One scenario of `nodes` nodes: a forward chain with skips; every 10th node an ending."""
    nodes = max(nodes, 3)
    ids = [f"n{i:04d}" for i in range(nodes)]

    def is_ending(i: int) -> bool:
        return i % 10 == 9 or i == nodes - 1

    out = _front("scenario", "The long shift", start=ids[0], state="{trust: 0, calm: 0}",
                 content_warning="A long run of upset customers, one after another.",
                 opt_out=f"{{label: Skip the long shift, to: {opt_out_to}}}")
    out += ["A whole Saturday at the front desk, one customer after another.", ""]
    for i, node_id in enumerate(ids):
        out += [f"## Moment {i} {{#{node_id}}}", f"feelings: {_feelings(i)}",
                f"thinks: Will anyone listen to me this time? ({i})"]
        if is_ending(i):
            score = round((i % 7) / 6, 2)
            out += [f"ending: Outcome {i}", f"score: {score}", f"felt: {_feelings(i + 3)}", "",
                    f"The conversation ends here. Debrief for outcome {i}: what helped and what hurt.", ""]
            continue
        out += [f"coach: Name the feeling you hear at moment {i}.", "",
                f"The customer at moment {i} says what went wrong, in their own words.", ""]
        if i > 1:
            out += ["::: if trust >= 2", "They glance at you with a little more patience.", ":::", ""]
        if i > 2 and not is_ending(i - 2):
            out += [f"::: if visited({ids[i - 2]})", "They remember what you said a moment ago.",
                    ":::", ""]
        nxt = ids[i + 1]
        skip = ids[i + 2] if i + 2 < nodes else nxt
        out += [f'* "That sounds really frustrating. Tell me more about {i}." -> {nxt}',
                "  feedback: You named the feeling before fixing anything.",
                "  set: trust + 1, calm + 1",
                f'* "Let me check the policy first." -> {skip} if trust >= 2 and calm > 0 else {nxt}',
                "  feedback: Policy matters, but it came before the person.",
                "  set: trust - 1"]
        if i % 4 == 0:
            out += [f'* "I hear you, and I will stay with this until it is sorted." -> {nxt}',
                    "  if: calm >= 1",
                    "  feedback: Ownership, offered once they were calm enough to hear it.",
                    "  set: calm + 1"]
        out.append("")
    return "\n".join(out)


def small_scenario(k: int, opt_out_to: str) -> str:
    out = _front("scenario", f"Short call {k}", state="{trust: 0}",
                 content_warning="A caller who is upset about a bill.",
                 opt_out=f"{{label: Skip this call, to: {opt_out_to}}}")
    out += [f"Call number {k} comes in.", "",
            "## The caller {#open}", f"feelings: {_feelings(k)}", "thinks: Here we go again.",
            "coach: Listen first.", "",
            '"Why was I charged twice?"', "",
            '* "That must be worrying. Let me look right now." -> look',
            "  feedback: Feeling first, then action.", "  set: trust + 1",
            '* "Charges are final." -> cold',
            "  feedback: A rule, with no person behind it.", "  set: trust - 1", "",
            "## Looking {#look}", f"feelings: {_feelings(k + 1)}", "",
            "You find the duplicate charge.", "",
            '* "I have found it and reversed it." -> good if trust >= 1 else okay',
            "  feedback: Clear and concrete.", "",
            "## Cold {#cold}", "feelings: frustrated, hurt", "",
            '"Great. Thanks for nothing."', "",
            '* "Sorry, let me look again." -> okay', "  feedback: A late repair still helps.", "",
            "## Sorted {#good}", "ending: Sorted and reassured", "score: 1", "felt: relieved, reassured", "",
            "The caller thanks you.", "",
            "## Sorted, grudgingly {#okay}", "ending: Sorted", "score: 0.5", "felt: calm", "",
            "The caller hangs up, still a little annoyed.", ""]
    return "\n".join(out)


def content_page(k: int, next_page: str | None) -> str:
    out = _front("page", f"Notes {k}")
    out += [f"![A small blue rectangle standing for chart {k % 5}.](media/chart-{k % 5}.svg)", "",
            f"Page {k} explains one idea about **empathy** at the front desk.", "",
            "::: tip", "Listen for the feeling as well as the facts.", ":::", ""]
    if next_page:
        out += [f"Read on in [the next page]({next_page}).", ""]
    return "\n".join(out)


def coaching(k: int) -> str:
    out = _front("coaching", f"Coaching {k}")
    out += [f"**The situation.** Caller {k} has been on hold for forty minutes.", ""]
    steps = [("thinking", "text"), ("saying", "text"), ("feeling", "both"),
             ("identify", "text"), ("goal", "feelings"), ("action", "text")]
    for step, answer in steps:
        out += [f"## Step {step} {{#{step}}}", f"step: {step}", f"answer: {answer}",
                f"model answer: A model answer for the {step} step.", "",
                f"What about the {step} step for caller {k}?", ""]
    return "\n".join(out)


def reflection(k: int) -> str:
    out = _front("reflection", f"Looking back {k}", framework="ORID")
    out += ["Four short questions.", ""]
    for stage in ("objective", "reflective", "interpretive", "decisional"):
        out += [f"## {stage.capitalize()} {{#{stage}}}", f"stage: {stage}", "min length: 10",
                *(["private: true"] if stage == "reflective" else []), "",
                f"The {stage} question for reflection {k}.", ""]
    return "\n".join(out)


def self_rating(k: int, scenario: str) -> str:
    out = _front("self-rating", f"How did it go {k}", scale="[excellent, good, fair, poor, very poor]",
                 scenario=scenario)
    out += ["Rate yourself honestly.", ""]
    for dim in ("calm", "empathy", "clarity"):
        out += [f"## {dim.capitalize()} {{#{dim}}}", "", f"How was your {dim}?", ""]
    return "\n".join(out)


def quiz(k: int) -> str:
    out = _front("quiz", f"Check yourself {k}")
    out += ["Three quick questions.", ""]
    for q in range(3):
        out += [f"## Question {q + 1} {{#q{q + 1}}}", *(["multiple: true"] if q == 2 else []), "",
                f"Which reply names the customer's feeling best (question {q + 1})?", "",
                '* [x] "That sounds really frustrating."',
                "  feedback: It names the feeling in plain words.",
                f'* [{"x" if q == 2 else " "}] "I can see why that upset you."',
                "  feedback: It acknowledges the feeling.",
                '* [ ] "Calm down, please."', "  feedback: It tells them how to feel.", ""]
    return "\n".join(out)


def example(k: int) -> str:
    out = _front("example", f"A call that worked {k}")
    out += ["Read the call turn by turn.", "",
            "* **Customer**: I have been charged twice and nobody will help me.",
            "* **Agent**: That sounds really frustrating. I will look at it with you now.",
            "  skill: naming the emotion",
            "  note: The agent names the feeling before asking for details.",
            "* **Customer**: Thank you. Finally someone listens.", ""]
    return "\n".join(out)


def course_yaml(page_ids: list[str], scored: list[str]) -> str:
    lines = [f"id: {COURSE_ID}",
             "title: A very large course",
             "description: Generated for benchmarks.",
             "language: en",
             "version: 1.0.0",
             "authors:",
             "  - {name: Bench Generator}",
             "pages:"]
    lines += [f"  - {page_id}" for page_id in page_ids]
    lines += ["completion:", "  visit: all", "  finish: [long-shift]",
              "mastery:", "  score: 0.7", "  counts:"]
    lines += [f"    - {{page: {page_id}, weight: {1 + i % 3}}}" for i, page_id in enumerate(scored)]
    lines += ["theme: default",
              "xapi:",
              "  activity_base: https://courses.example.org/bench/large/",
              "  homepage: https://lms.example.org",
              "content_warning: Role-plays of upset customers.",
              "support: Talk to your team lead at any time.",
              ""]
    return "\n".join(lines)


def generate(out_dir: str | Path, pages: int = 200, nodes: int = 500) -> Path:
    """Write the course into `out_dir` and return its path.

    `out_dir` must not exist, be empty, or hold an earlier generated course (replaced);
    anything else is refused, so a wrong argument never deletes someone's work.
    """
    out = Path(out_dir)
    if out.exists() and any(out.iterdir()):
        marker = out / "course.yaml"
        if not (marker.is_file() and COURSE_ID in marker.read_text(encoding="utf-8", errors="replace")):
            raise FileExistsError(f"{out} exists and is not a generated course; not replacing it")
        shutil.rmtree(out)
    (out / "media").mkdir(parents=True)
    files: dict[str, str] = {}
    page_ids = ["welcome", "long-shift"]
    # The first content page doubles as every scenario's opt-out destination.
    scored = ["long-shift"]
    last_scenario = "long-shift"
    others = max(pages - 2, 0)
    ids_by_position = [f"{KINDS[i % len(KINDS)]}-{i:03d}" for i in range(others)]
    page_ids += ids_by_position
    for i, page_id in enumerate(ids_by_position):
        kind = KINDS[i % len(KINDS)]
        following = page_ids[page_ids.index(page_id) + 1] if i + 1 < others else None
        if kind == "page":
            files[page_id] = content_page(i, following)
        elif kind == "scenario":
            files[page_id] = small_scenario(i, "welcome")
            scored.append(page_id)
            last_scenario = page_id
        elif kind == "coaching":
            files[page_id] = coaching(i)
        elif kind == "reflection":
            files[page_id] = reflection(i)
        elif kind == "self-rating":
            files[page_id] = self_rating(i, last_scenario)
        elif kind == "quiz":
            files[page_id] = quiz(i)
            scored.append(page_id)
        else:
            files[page_id] = example(i)
    files["welcome"] = content_page(len(ids_by_position), "long-shift")
    files["long-shift"] = big_scenario(nodes, "welcome")
    for page_id, text in files.items():
        (out / f"{page_id}.md").write_text(text, encoding="utf-8")
    # Only the charts some page shows: an unused file would be a warning.
    for chart in sorted({name for text in files.values() for name in re.findall(r"chart-\d+\.svg", text)}):
        (out / "media" / chart).write_text(IMAGE, encoding="utf-8")
    (out / "course.yaml").write_text(course_yaml(page_ids, scored), encoding="utf-8")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", help="folder to write (replaced if it exists)")
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--nodes", type=int, default=500)
    args = parser.parse_args()
    try:
        path = generate(args.out, args.pages, args.nodes)
    except FileExistsError as exc:
        parser.error(str(exc))
    print(f"wrote {path} ({args.pages} pages, a scenario of {args.nodes} nodes)")


if __name__ == "__main__":
    main()
