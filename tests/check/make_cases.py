"""Write tests/check/clean/course and every tests/check/broken/<case>/course.

Each broken case is the clean course with one small edit, listed in CASES below, so a
reader sees exactly what each case breaks. The course folders are committed; rerun this
after changing BASE or CASES, then `regen_golden.py` for the expected output (and read it).

    .venv/bin/python tests/check/make_cases.py
"""
from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent
BASE = {
"course.yaml": """id: https://courses.example.org/tests/returns
title: A returns desk conversation
description: A small course that the checker's golden tests break in one way each.
language: en
version: 1.0.0
authors:
  - {name: Test Author}
pages: [welcome, desk, done]
completion:
  visit: all
  finish: [desk]
mastery:
  score: 0.5
  counts:
    - {page: desk, weight: 1}
theme: default
content_warning: One customer is upset and raises her voice.
support: Talk to your team lead if anything here is hard.
""",
"welcome.md": """---
kind: page
title: Before you start
---

![A returns desk with three customers waiting in line.](media/desk.svg)

You will meet a customer at the [returns desk](desk).
""",
"desk.md": """---
kind: scenario
title: At the returns desk
state: {trust: 0}
content_warning: The customer is upset and raises her voice.
opt_out:
  label: Skip this conversation
  to: done
---

A customer puts a broken kettle on the counter.

## The kettle {#kettle}
feelings: frustrated, embarrassed
thinks: They will think I broke it.
coach: Name the feeling first.

"This broke after two days. I want my money back."

* "That's annoying after two days. Let me look at it with you." -> listen
  feedback: You named the feeling and offered to help.
  set: trust + 1
* "Do you have the receipt?" -> receipt
  feedback: A fair question, but it came before any sign that you heard her.

## Listening {#listen}
feelings: relieved

She nods. "Thank you. I just want it sorted."

* "I'll refund it now." -> sorted if trust >= 1 else okay
  feedback: Clear and quick.

## The receipt {#receipt}
feelings: annoyed

"Yes, here. Do you think I'm lying?"

* "Not at all. I'll refund it now." -> okay
  feedback: A late repair, but a repair.

## Sorted {#sorted}
ending: Sorted with goodwill
score: 1
felt: relieved, respected

She thanks you and leaves smiling.

## Sorted, grudgingly {#okay}
ending: Sorted
score: 0.5
felt: calm

She takes the refund without a word.
""",
"done.md": """---
kind: page
title: What we learned
---

Naming the feeling first made the rest of the conversation easier.
""",
"media/desk.svg": '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="40" height="20" fill="#456"/></svg>\n',
}

def write(folder, files):
    if folder.exists():
        shutil.rmtree(folder)
    for name, content in files.items():
        if content is None:
            continue
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")

def edit(file, old, new, count=1):
    def apply(files):
        assert old in files[file], (file, old)
        files[file] = files[file].replace(old, new, count)
    return apply

def add(file, content):
    def apply(files):
        files[file] = content
    return apply

def remove(file):
    def apply(files):
        files[file] = None
    return apply

D = "desk.md"; C = "course.yaml"; W = "welcome.md"
D_NODES = BASE[D][BASE[D].index("## The kettle"):]
CASES = {
 "unknown-target-typo": [edit(D, "lying?\"\n\n* \"Not at all. I'll refund it now.\" -> okay", "lying?\"\n\n* \"Not at all. I'll refund it now.\" -> oaky")],
 "unknown-start-node": [edit(D, "state: {trust: 0}", "start: kettel\nstate: {trust: 0}")],
 "unreachable-node": [edit(D, "## Sorted {#sorted}", "## An aside {#aside}\nfeelings: calm\n\nNobody ever gets here.\n\n* \"Goodbye.\" -> okay\n  feedback: Polite.\n\n## Sorted {#sorted}")],
 "address-with-space": [edit(W, "(media/desk.svg)", "(media/returns desk.svg)"), remove("media/desk.svg"),
                        add("media/returns desk.svg", BASE["media/desk.svg"])],
 "address-with-backslash": [edit(W, "(media/desk.svg)", "(media\\desk.svg)")],
 "list-as-commas": [edit(C, "finish: [desk]", "finish: desk, done")],
 "state-as-list": [edit(D, "state: {trust: 0}", "state: [trust]")],
 "misspelt-choice-field": [edit(D, "  feedback: You named the feeling and offered to help.", "  feedbak: You named the feeling and offered to help.")],
 "node-id-with-space": [edit(D, "-> receipt", "-> the_receipt"), edit(D, "{#receipt}", "{#the receipt}")],
 "stuck-learner": [edit(D, "  feedback: A late repair, but a repair.\n", "  feedback: A late repair, but a repair.\n  if: trust >= 1\n")],
 "dead-end-loop": [edit(D, "  feedback: A late repair, but a repair.\n", "  feedback: A late repair, but a repair.\n* \"Rules are rules.\" -> argue\n  feedback: She hears a wall.\n"),
                   edit(D, "## Sorted {#sorted}", "## Arguing {#argue}\nfeelings: angry\n\n\"Rules?\"\n\n* \"Yes, rules.\" -> argue_more\n  feedback: Round and round.\n\n## Arguing more {#argue_more}\nfeelings: angry\n\n\"Unbelievable.\"\n\n* \"As I said, rules.\" -> argue\n  feedback: Still round and round.\n\n## Sorted {#sorted}")],
 "node-without-choices": [edit(D, "  feedback: A late repair, but a repair.\n", "  feedback: A late repair, but a repair.\n* \"...\" -> silence\n  feedback: You say nothing.\n"),
                          edit(D, "## Sorted {#sorted}", "## Silence {#silence}\nfeelings: confused\n\nShe waits for you to say something.\n\n## Sorted {#sorted}")],
 "scenario-without-nodes": [edit(D, D_NODES, "")],
 "empty-quiz": [edit(C, "pages: [welcome, desk, done]", "pages: [welcome, desk, quiz, done]"),
                add("quiz.md", "---\nkind: quiz\ntitle: Check yourself\n---\n\nNo questions yet.\n")],
 "no-ending": [edit(D, "-> sorted if trust >= 1 else okay", "-> kettle"),
               edit(D, "I'll refund it now.\" -> okay", "I'll refund it now.\" -> kettle"),
               edit(D, "## Sorted {#sorted}\nending: Sorted with goodwill\nscore: 1\nfelt: relieved, respected\n\nShe thanks you and leaves smiling.\n\n## Sorted, grudgingly {#okay}\nending: Sorted\nscore: 0.5\nfelt: calm\n\nShe takes the refund without a word.\n", ""),
               edit(D, "  set: trust + 1\n", "  set: trust + 1\n  if: trust < 3\n")],
 "unknown-variable": [edit(D, "if trust >= 1 else", "if trsut >= 1 else")],
 "effect-on-undeclared-variable": [edit(D, "  set: trust + 1", "  set: trust + 1, patience + 1")],
 "unknown-visited-node": [edit(D, "She nods. \"Thank you. I just want it sorted.\"\n", "She nods. \"Thank you. I just want it sorted.\"\n\n::: if visited(recipt)\nShe puts the receipt away.\n:::\n")],
 "unread-variable": [edit(D, "state: {trust: 0}", "state: {trust: 0, calm: 0}"), edit(D, "  set: trust + 1", "  set: trust + 1, calm + 1")],
 "duplicate-node-id": [edit(D, "## The receipt {#receipt}", "## Listening again {#listen}\nfeelings: calm\n\nShe waits.\n\n* \"Sorry, where was I?\" -> okay\n  feedback: A pause.\n\n## The receipt {#receipt}")],
 "ending-score-out-of-range": [edit(D, "score: 1\n", "score: 1.5\n")],
 "missing-feedback": [edit(D, "  feedback: Clear and quick.\n", "")],
 "no-content-warning": [edit(D, "content_warning: The customer is upset and raises her voice.\n", ""), edit(C, "content_warning: One customer is upset and raises her voice.\n", "")],
 "unknown-feeling": [edit(D, "feelings: frustrated, embarrassed", "feelings: frustated, embarrassed"), edit(D, "felt: calm", "felt: calm, meh")],
 "feelings-without-commas": [edit(D, "feelings: frustrated, embarrassed", "feelings: frustrated; embarrassed"),
                             edit(D, "felt: relieved, respected", "felt: relieved and respected")],
 "missing-alt-text": [edit(W, "![A returns desk with three customers waiting in line.]", "![]")],
 "missing-media": [edit(W, "media/desk.svg", "media/desk.png")],
 "unused-file": [add("notes.md", "---\nkind: page\ntitle: Notes\n---\n\nDraft notes.\n"), add("media/old-photo.svg", BASE["media/desk.svg"])],
 "unknown-link": [edit(W, "(desk)", "(dsek)")],
 "unknown-opt-out-page": [edit(D, "  to: done", "  to: dnoe")],
 "unknown-completion-page": [edit(C, "finish: [desk]", "finish: [dsek]")],
 "mastery-out-of-range": [edit(C, "score: 0.5", "score: 1.5")],
 "mastery-nothing-to-score": [edit(C, "mastery:\n  score: 0.5\n  counts:\n    - {page: desk, weight: 1}\n", "mastery: 0.5\n"),
                              edit(C, "pages: [welcome, desk, done]", "pages: [welcome, done]"), edit(C, "finish: [desk]", "finish: []"),
                              edit(W, "You will meet a customer at the [returns desk](desk).", "You will meet a customer at the returns desk."), remove(D)],
 "ending-with-choices": [edit(D, "felt: calm\n\nShe takes the refund without a word.\n", "felt: calm\n\nShe takes the refund without a word.\n\n* \"Anything else?\" -> kettle\n  feedback: She has already gone.\n")],
 "mastery-counts-content-page": [edit(C, "    - {page: desk, weight: 1}", "    - {page: desk, weight: 1}\n    - {page: welcome, weight: 1}")],
 "self-rating-not-a-scenario": [edit(C, "pages: [welcome, desk, done]", "pages: [welcome, desk, rating, done]"),
                                add("rating.md", "---\nkind: self-rating\ntitle: How did it go?\nscale: [good, fair, poor]\nscenario: welcome\n---\n\n## Calm {#calm}\n\nHow calm were you?\n")],
 "bad-iri": [edit(C, "id: https://courses.example.org/tests/returns", "id: courses.example.org/tests/returns"),
             edit(C, "theme: default\n", "theme: default\nxapi:\n  endpoint: https://lrs example.org/xapi/\n")],
 "language-without-player-strings": [edit(C, "language: en", "language: fr")],
 "bad-language": [edit(C, "language: en", "language: english")],
 "lrs-credential": [edit(C, "theme: default\n", "theme: default\nxapi:\n  endpoint: https://lrs.example.org/xapi/\n  auth: Basic dGVzdDp0ZXN0\n")],
 "unknown-key-course-yaml": [edit(C, "title: A returns desk", "titel: A returns desk")],
 "unknown-key-front-matter": [edit(D, "content_warning:", "content_warnig:")],
 "tab-in-yaml": [edit(C, "  - {name: Test Author}", "\t- {name: Test Author}")],
 "not-utf8": [lambda f: f.__setitem__(W, f[W].replace("You will meet", "Vous allez rencontrer\xe9").encode("latin-1"))],
 "tab-in-front-matter": [edit(D, "opt_out:\n  label:", "opt_out:\n\tlabel:")],
 "yaml-syntax-error": [edit(C, "pages: [welcome, desk, done]", "pages: [welcome, desk, done")],
 "course-yaml-not-a-mapping": [add(C, "- welcome\n- desk\n")],
 "page-without-front-matter": [edit("done.md", "---\nkind: page\ntitle: What we learned\n---\n\n", "")],
 "unknown-page-kind": [edit("done.md", "kind: page", "kind: pgae")],
 "empty-course-yaml": [add(C, "")],
 "missing-course-yaml": [remove(C)],
 "bad-condition-syntax": [edit(D, "if trust >= 1 else", "if trust >>= 1 else")],
 "condition-slips": [edit(D, "if trust >= 1 else", "if trust => 1 else"),
                     edit(D, "She nods. \"Thank you. I just want it sorted.\"\n",
                          "She nods. \"Thank you. I just want it sorted.\"\n\n::: if visted(kettle)\nShe smiles.\n:::\n")],
 "page-file-missing": [remove("done.md")],
 "missing-id-and-language": [edit(C, "id: https://courses.example.org/tests/returns\n", ""), edit(C, "language: en\n", "")],
 "opt-out-without-page": [edit(D, "  to: done\n", "")],
 "unclosed-callout": [edit(W, "You will meet", "::: tip\nTake your time.\n\nYou will meet")],
 "colon-in-title": [edit("done.md", "title: What we learned", "title: Debrief: what we learned")],
 # the body of a page whose front matter does not read is still checked (not what needs `state:`)
 "front-matter-unread-body-checked": [edit(D, "title: At the returns desk", "title: At the desk: returns"),
                                      edit(D, "-> receipt", "-> reciept")],
 "page-file-name-with-space": [edit(C, "pages: [welcome, desk, done]", "pages: [welcome, desk, \"well done\"]"),
                               edit(D, "  to: done", "  to: welcome"), lambda f: f.__setitem__("well done.md", f.pop("done.md"))],
 "page-id-claimed-twice": [edit(W, "title: Before you start\n", "title: Before you start\nid: desk\n")],
 "page-listed-twice": [edit(C, "pages: [welcome, desk, done]", "pages: [welcome, desk, done, desk]")],
 "wrong-types": [edit(C, "version: 1.0.0", "version: [1, 0]"), edit(C, "visit: all", "visit: everything"),
                 edit(D, "state: {trust: 0}", "state: {trust: high}")],
 "unknown-targets-cascade": [edit(D, "-> listen", "-> lisen"), edit(D, "-> receipt", "-> reciept")],
 "pages-not-a-list": [edit(C, "pages: [welcome, desk, done]", "pages: welcome")],
 "remote-image": [edit(W, "(media/desk.svg)", "(https://images.example.org/desk.svg)")],
 # slips in the line grammar: each must be reported at its line, never shown as text
 "field-after-blank-line": [edit(D, "## The kettle {#kettle}\n", "## The kettle {#kettle}\n\n"),
                            edit(D, "feelings: annoyed\n", "feelings: annoyed\n\nthinks: Here we go.\n")],
 "unindented-choice-field": [edit(D, "  feedback: You named the feeling", "feedback: You named the feeling")],
 "node-headings-written-wrongly": [edit(D, "## Sorted {#sorted}", "## Sorted {sorted}"),
                                   edit(D, "## Sorted, grudgingly {#okay}", "###Sorted, grudgingly {#okay}")],
 "near-miss-choices": [edit(D, "* \"Do you have the receipt?\" -> receipt", "- \"Do you have the receipt?\" -> receipt"),
                       edit(D, "  feedback: Clear and quick.\n", "  feedback: Clear and quick.\n  * \"Or a voucher?\" -> okay\n  feedback: Second best.\n")],
 # one mistake must not hide unrelated ones ("all errors at once")
 "page-listed-twice-hides-nothing": [edit(C, "pages: [welcome, desk, done]", "pages: [welcome, desk, done, desk]"),
                                     edit(W, "(desk)", "(dsek)"), add("media/old-photo.svg", BASE["media/desk.svg"])],
 "unknown-target-hides-nothing": [edit(D, "-> listen", "-> lisen"),
                                  edit(D, "## Sorted {#sorted}", "## An aside {#aside}\nfeelings: calm\n\nNobody ever gets here.\n\n* \"Goodbye.\" -> okay\n  feedback: Polite.\n\n## Sorted {#sorted}")],
 "empty-required-values": [edit(C, "title: A returns desk conversation", "title: \"  \""), edit(C, "language: en", "language: \"\""),
                           edit("done.md", "title: What we learned", "title: ''")],
 "empty-page-list": [edit(C, "pages: [welcome, desk, done]", "pages: []"), edit(C, "finish: [desk]", "finish: []"),
                     edit(C, "mastery:\n  score: 0.5\n  counts:\n    - {page: desk, weight: 1}\n", "")],
 "course-feelings-not-words": [edit(C, "theme: default\n", "theme: default\nfeelings: [vindicated, 3, \"\"]\n")],
 "scale-steps-clash": [edit(C, "pages: [welcome, desk, done]", "pages: [welcome, desk, rating, done]"),
                       add("rating.md", "---\nkind: self-rating\ntitle: How did it go?\nscale: [Good, good, \"good!\", \"\"]\nscenario: desk\n---\n\n## Calm {#calm}\n\nHow calm were you?\n")],
 "links": [edit(W, "You will meet a customer at the [returns desk](desk).",
                "## Why we practise\n\nYou will meet a customer at the [returns desk](desk). See [why](#why-we-practise), "
                "[the desk again](desk?from=welcome) and [nothing](#why-we-practice).")],
 "unsafe-link": [edit(W, "[returns desk](desk)", "[returns desk](javascript:alert(1)) and [a note](data:text/html,hi)")],
 "near-miss-if-blocks": [edit(D, "She nods. \"Thank you. I just want it sorted.\"\n",
                               "She nods. \"Thank you. I just want it sorted.\"\n\n:: if trust >= 1\nShe smiles.\n:::\n\n::: iff trust < 1\nShe frowns.\n:::\n")],
 "variable-never-changed": [edit(D, "state: {trust: 0}", "state: {trust: 0, patience: 0}"),
                            edit(D, "She nods. \"Thank you. I just want it sorted.\"\n",
                                 "She nods. \"Thank you. I just want it sorted.\"\n\n::: if patience >= 1\nShe waits calmly.\n:::\n")],
 # addresses as authors write them on their own computers
 "file-on-authors-computer": [edit(W, "(media/desk.svg)", "(C:\\Users\\ana\\Pictures\\desk.svg)"),
                              edit(W, "[returns desk](desk).", "[returns desk](desk). Take [the notes](D:\\docs\\notes.pdf) "
                                                               "and [the form](C:/x/form.pdf).")],
 "media-address-slips": [edit(W, "![A returns desk with three customers waiting in line.](media/desk.svg)",
                              "![A returns desk with three customers waiting in line.](media/Desk.svg)\n\n"
                              "![The same desk.](desk.svg) ![The desk again.](/media/desk.svg)")],
 "link-slips": [edit(W, "[returns desk](desk).", "[returns desk](desk). See [below](#nope), [more](#café-more-now) "
                                                 "and [the story](Where is my order?).")],
 "indented-choice-after-set": [edit(D, "  set: trust + 1\n* \"Do you", "  set: trust + 1\n  * \"Do you")],
 # YAML that parses but does not mean what the author wrote
 "hash-cuts-value": [edit(D, "title: At the returns desk", "title: Order #4471 at the returns desk"),
                     edit(D, "  label: Skip this conversation", "  label: Skip #2"),
                     edit(C, "title: A returns desk conversation", "title: Lesson #1 of 3"),
                     edit(C, "theme: default", "theme: default # a note, left alone")],
 "pages-entry-indented-further": [edit(C, "pages: [welcome, desk, done]", "pages:\n  - welcome\n   - desk\n  - done")],
 "state-reserved-words": [edit(D, "state: {trust: 0}", "state: {trust: 0, and: 1, visited: 0}")],
 "opt-out-not-pairs": [edit(D, "opt_out:\n  label: Skip this conversation\n  to: done", "opt_out: done")],
 "opt-out-to-itself": [edit(D, "  to: done", "  to: desk")],
}


def main() -> None:
    write(ROOT / "clean" / "course", dict(BASE))
    for case, edits in CASES.items():
        files = dict(BASE)
        for apply in edits:
            apply(files)
        write(ROOT / "broken" / case / "course", files)
    print(len(CASES), "cases")


if __name__ == "__main__":
    main()
