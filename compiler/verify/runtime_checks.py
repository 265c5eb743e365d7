"""Judging a recorded SCORM session (CONFORMANCE.md 11-19) from what the test LMS saw.

Input is `LMSLaunch.results()`: every call with its error code, every SetValue in order,
and the final flattened CMI. scorm-again enforces most of the data model, but not SCORM
1.2's lengths and formats, so those are checked here.
"""
from __future__ import annotations

import re

from .report import Problem

SESSION_TIME_12 = re.compile(r"^\d{2,4}:\d{2}:\d{2}(\.\d{1,2})?$")
SESSION_TIME_2004 = re.compile(r"^P(?=\d|T\d)(\d+Y)?(\d+M)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d{1,2})?S)?)?$")
TIMESTAMP_2004 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,2})?(Z|[+-]\d{2}(:\d{2})?)?$")
IDENTIFIER_12 = re.compile(r"^[A-Za-z0-9_.:-]{1,255}$")
RESPONSE_ID_2004 = re.compile(r"^[A-Za-z0-9_.:-]{1,250}$")
TYPES_12 = {"true-false", "choice", "fill-in", "matching", "performance", "sequencing", "likert", "numeric"}
RESULTS_12 = {"correct", "wrong", "unanticipated", "neutral"}
TYPES_2004 = {"true-false", "choice", "fill-in", "long-fill-in", "matching", "performance",
              "sequencing", "likert", "numeric", "other"}
RESULTS_2004 = {"correct", "incorrect", "unanticipated", "neutral"}
EXIT_12 = {"", "time-out", "suspend", "logout"}
EXIT_2004 = {"", "time-out", "suspend", "logout", "normal"}

LIMITS = {
    # element -> (1.2 maximum, 2004 maximum) in characters
    "suspend_data": (4096, 64000),
    "location": (255, 1000),
}


class Names:
    """CMI element names of one SCORM version."""

    def __init__(self, version: str):
        self.v12 = version == "1.2"
        core = "cmi.core." if self.v12 else "cmi."
        self.init, self.finish, self.commit, self.set, self.get = (
            ("LMSInitialize", "LMSFinish", "LMSCommit", "LMSSetValue", "LMSGetValue") if self.v12
            else ("Initialize", "Terminate", "Commit", "SetValue", "GetValue"))
        self.location = core + ("lesson_location" if self.v12 else "location")
        self.exit = core + "exit"
        self.session_time = core + "session_time"
        self.score = core + "score."
        self.response = "student_response" if self.v12 else "learner_response"


def check_session(run: dict, *, mastery: float | None, walked_to_end: bool = True) -> list[Problem]:
    """Every problem in one recorded session. MASTERY is the manifest's (0..1)."""
    names = Names(run["version"])
    problems = []
    problems += api_errors(run)
    problems += call_order(run, names, walked_to_end)
    problems += limits(run, names)
    problems += interactions(run, names)
    problems += status_lowered(run, names)
    if walked_to_end:
        problems += final_status(run, names, mastery)
    for line in run.get("console", []):
        problems.append(Problem("runtime", f"browser console error in the SCO: {line}"))
    return problems


def api_errors(run: dict) -> list[Problem]:
    """Every call whose GetLastError was not 0 (CONFORMANCE 12)."""
    return [Problem("runtime", f"{e['fn']}({', '.join(repr(a) for a in e['args'] if a is not None)}) -> error "
                    f"{e['error']} ({e.get('message', '')})", 12)
            for e in run["errors"]]


def call_order(run: dict, names: Names, walked_to_end: bool) -> list[Problem]:
    """Initialize first and once, Terminate last and once, Commit before it (CONFORMANCE 12)."""
    calls = [c["fn"] for c in run["calls"]]
    problems = []
    inits, finishes = calls.count(names.init), calls.count(names.finish)
    if inits != 1:
        problems.append(Problem("runtime", f"{names.init} was called {inits} times, expected once", 12))
    elif calls[0] != names.init:
        problems.append(Problem("runtime", f"the first call was {calls[0]}, not {names.init}", 12))
    # Every session ends with it: Finish pressed, or the window closed (pagehide).
    if walked_to_end or finishes or run.get("left"):
        if finishes != 1:
            how = "" if walked_to_end or finishes else " when the learner closed the window"
            problems.append(Problem("runtime", f"{names.finish} was called {finishes} times{how}, "
                                    "expected once", 12))
        elif calls[-1] != names.finish:
            after = calls[calls.index(names.finish) + 1:]
            problems.append(Problem("runtime", f"calls after {names.finish}: {', '.join(after)}", 12))
        if finishes and names.commit not in calls[:calls.index(names.finish)]:
            problems.append(Problem("runtime", f"no {names.commit} before {names.finish}", 12))
        elif finishes:
            end = calls.index(names.finish)
            sets = [i for i, fn in enumerate(calls[:end]) if fn == names.set]
            if sets and names.commit not in calls[sets[-1]:end]:
                problems.append(Problem("runtime", f"values set after the last {names.commit} are "
                                        f"left for {names.finish} to save", 12))
    return problems


# What a status may become, in order: a later write never goes back down (an LMS keeps
# every commit, so passed -> incomplete -> passed is a course that was un-passed a while).
RANKS = {"cmi.core.lesson_status": ("not attempted", "browsed", "incomplete", "completed", "failed", "passed"),
         "cmi.completion_status": ("unknown", "not attempted", "incomplete", "completed"),
         "cmi.success_status": ("unknown", "failed", "passed")}


def status_lowered(run: dict, names: Names) -> list[Problem]:
    """A status written lower than the SCO itself wrote it before in the session (CONFORMANCE 17)."""
    best: dict[str, str] = {}
    problems = []
    for element, value, code in run["sets"]:
        order = RANKS.get(element)
        if code != "0" or order is None or value not in order:
            continue
        before = best.get(element)
        if before is not None and order.index(value) < order.index(before):
            problems.append(Problem("runtime", f"{element} went from {before!r} down to {value!r} "
                                    "during the session: an LMS records every commit", 17))
        elif before is None or order.index(value) > order.index(before):
            best[element] = value
    return problems


def limits(run: dict, names: Names) -> list[Problem]:
    """suspend_data and location within the edition's limits at every write (CONFORMANCE 14)."""
    col = 0 if names.v12 else 1
    checks = {"cmi.suspend_data": LIMITS["suspend_data"][col], names.location: LIMITS["location"][col]}
    problems = []
    worst: dict[str, int] = {}
    for element, value, _ in run["sets"]:
        if element in checks:
            worst[element] = max(worst.get(element, 0), len(value))
    for element, longest in sorted(worst.items()):
        if longest > checks[element]:
            problems.append(Problem("runtime", f"{element} reached {longest} characters; "
                                    f"SCORM {run['version']} allows {checks[element]}", 14))
    return problems


def interactions(run: dict, names: Names) -> list[Problem]:
    """Interaction writes: order, vocabulary, formats and lengths (CONFORMANCE 18, 19)."""
    problems: list[Problem] = []
    pattern = re.compile(r"^cmi\.interactions\.(\d+)\.([a-z_]+)$")
    first_field: dict[int, str] = {}
    seen_fields: dict[int, list[str]] = {}
    ids: dict[int, str] = {}
    types: dict[int, str] = {}
    for element, value, code in run["sets"]:
        m = pattern.match(element)
        if not m or code != "0":
            continue
        n, field = int(m.group(1)), m.group(2)
        seen_fields.setdefault(n, []).append(field)
        first_field.setdefault(n, field)
        where = f"interaction {n}"
        if field == "id":
            if n in ids and ids[n] != value:
                problems.append(Problem("runtime", f"{where}: id changed from {ids[n]!r} to {value!r}", 18))
            ids[n] = value
            if names.v12 and not IDENTIFIER_12.match(value):
                problems.append(Problem("runtime", f"{where}: id {value!r} is not a SCORM 1.2 "
                                        "identifier (letters, digits, _ . : -, at most 255)", 19))
        elif field == "type":
            types[n] = value
            allowed = TYPES_12 if names.v12 else TYPES_2004
            if value not in allowed:
                problems.append(Problem("runtime", f"{where}: type {value!r} is not a SCORM "
                                        f"{run['version']} interaction type", 19 if names.v12 else 18))
        elif field == "result":
            allowed = RESULTS_12 if names.v12 else RESULTS_2004
            if value not in allowed and not re.fullmatch(r"-?\d+(\.\d+)?", value):
                problems.append(Problem("runtime", f"{where}: result {value!r} is not one of "
                                        + ", ".join(sorted(allowed)), 19 if names.v12 else 18))
        elif field == names.response:
            problems += _response(where, types.get(n), value, names)
        elif field == "timestamp" and not TIMESTAMP_2004.match(value):
            problems.append(Problem("runtime", f"{where}: timestamp {value!r} is not "
                                    "YYYY-MM-DDThh:mm:ss[.s]Z", 18))
    for n, field in sorted(first_field.items()):
        if not names.v12 and field != "id":
            problems.append(Problem("runtime", f"interaction {n}: {field} was written before its id", 18))
        fields = seen_fields[n]
        if not names.v12 and names.response in fields and "type" in fields \
                and fields.index(names.response) < fields.index("type"):
            problems.append(Problem("runtime", f"interaction {n}: learner_response written before type", 18))
    indices = sorted(first_field)
    if indices and indices != list(range(len(indices))):
        problems.append(Problem("runtime", f"interaction indices are not contiguous from 0: {indices}", 18))
    return problems


def _response(where: str, kind: str | None, value: str, names: Names) -> list[Problem]:
    if names.v12:
        if kind == "choice" and not re.fullmatch(r"[0-9a-z](,[0-9a-z])*", value):
            return [Problem("runtime", f"{where}: 1.2 choice response {value!r} must be single "
                            "characters (0-9, a-z) separated by commas", 19)]
        if kind == "likert" and not re.fullmatch(r"[0-9a-z]?", value):
            return [Problem("runtime", f"{where}: 1.2 likert response {value!r} must be one character", 19)]
        if len(value) > 255:
            return [Problem("runtime", f"{where}: response is {len(value)} characters; "
                            "SCORM 1.2 allows 255", 19)]
        return []
    if kind == "fill-in" and len(value) > 250:
        return [Problem("runtime", f"{where}: fill-in response is {len(value)} characters; "
                        "at most 250", 18)]
    if kind == "long-fill-in" and len(value) > 4000:
        return [Problem("runtime", f"{where}: long-fill-in response is {len(value)} characters; "
                        "at most 4000", 18)]
    if kind in ("choice", "likert"):
        bad = [v for v in (value.split("[,]") if kind == "choice" else [value])
               if not RESPONSE_ID_2004.match(v)]
        if bad:
            return [Problem("runtime", f"{where}: {kind} response {value!r} holds ids that are not "
                            "short identifiers", 18)]
    return []


def final_status(run: dict, names: Names, mastery: float | None) -> list[Problem]:
    """After a full walk: completion, success, score, session time, exit (CONFORMANCE 13, 15, 17)."""
    cmi = run["cmi"]
    problems = []
    sets = {element: value for element, value, code in run["sets"] if code == "0"}
    session_time = sets.get(names.session_time)
    if not session_time:
        problems.append(Problem("runtime", f"{names.session_time} was never set", 13))
    else:
        pattern = SESSION_TIME_12 if names.v12 else SESSION_TIME_2004
        if not pattern.match(session_time):
            problems.append(Problem("runtime", f"{names.session_time} {session_time!r} is not in "
                                    + ("HHHH:MM:SS.SS" if names.v12 else "ISO 8601 PT#H#M#.##S")
                                    + " format", 13))
    exit_value = sets.get(names.exit)
    allowed_exit = EXIT_12 if names.v12 else EXIT_2004
    if exit_value is not None and exit_value not in allowed_exit:
        problems.append(Problem("runtime", f"{names.exit} {exit_value!r} is not allowed in SCORM "
                                f"{run['version']}", 15))
    if names.v12:
        status = cmi.get("cmi.core.lesson_status", "")
        if status not in ("completed", "passed", "failed"):
            problems.append(Problem("runtime", f"after walking to the end, lesson_status is {status!r}", 17))
        elif mastery is not None and status == "completed":
            problems.append(Problem("runtime", "the course has a mastery score but lesson_status "
                                    "is 'completed', not passed/failed", 17))
    else:
        if cmi.get("cmi.completion_status") != "completed":
            problems.append(Problem("runtime", "after walking to the end, completion_status is "
                                    f"{cmi.get('cmi.completion_status')!r}", 17))
        success = cmi.get("cmi.success_status")
        if mastery is not None and success not in ("passed", "failed"):
            problems.append(Problem("runtime", f"the course has a mastery score but success_status "
                                    f"is {success!r}", 17))
    problems += _score(cmi, names, mastery)
    return problems


def _score(cmi: dict, names: Names, mastery: float | None) -> list[Problem]:
    raw, low, high = (cmi.get(names.score + k, "") for k in ("raw", "min", "max"))
    if mastery is None and raw == "":
        return []
    problems = []
    if raw == "":
        return [Problem("runtime", "the course has a mastery score but no score was reported", 17)]
    try:
        raw_f, low_f, high_f = float(raw), float(low or 0), float(high or 100)
    except ValueError:
        return [Problem("runtime", f"score raw/min/max {raw!r}/{low!r}/{high!r} are not numbers", 17)]
    if names.v12 and not 0 <= raw_f <= 100:
        problems.append(Problem("runtime", f"1.2 score.raw {raw} is outside 0-100", 17))
    if names.v12:
        status = cmi.get("cmi.core.lesson_status")
        if mastery is not None and status in ("passed", "failed"):
            should = "passed" if raw_f + 1e-9 >= mastery * 100 else "failed"
            if status != should:
                problems.append(Problem("runtime", f"lesson_status is {status!r} with score {raw} and "
                                        f"manifest masteryscore {mastery * 100:g}", 17))
        return problems
    scaled = cmi.get("cmi.score.scaled", "")
    if scaled == "":
        problems.append(Problem("runtime", "score.scaled was not set", 17))
        return problems
    expected = (raw_f - low_f) / (high_f - low_f) if high_f != low_f else None
    if expected is not None and abs(float(scaled) - expected) > 0.001:
        problems.append(Problem("runtime", f"score.scaled {scaled} != (raw-min)/(max-min) = {expected:.4f}", 17))
    success = cmi.get("cmi.success_status")
    if mastery is not None and success in ("passed", "failed"):
        should = "passed" if float(scaled) + 1e-9 >= mastery else "failed"
        if success != should:
            problems.append(Problem("runtime", f"success_status is {success!r} with scaled {scaled} "
                                    f"and manifest minNormalizedMeasure {mastery:g}", 17))
    return problems
