/* empathy adapter "scorm12": SCORM 1.2 run-time API (CONFORMANCE.md 11-17, 19).
   Without an API it behaves like the "none" adapter. */
(function (W) {
  "use strict";
  var api = null, X = null, course = null, key = "", box, learner, started = Date.now(), ended = false, review = false, status = "", raw = -1; // raw: the score the LMS has (-1: none)

  // Walk parent frames (at most 500, each access guarded: a cross-origin frame throws),
  // then the opener's frames (a popup launched by the LMS).
  function find(w) {
    for (var i = 0; w && i < 500; i++) {
      try { if (w.API) return w.API; } catch (e) { /* cross-origin */ }
      var p = null;
      try { p = w.parent; } catch (e) { /* detached */ }
      if (!p || p === w) break;
      w = p;
    }
    return null;
  }
  function discover() {
    var a = find(W);
    try { a = a || find(W.opener) || find(W.top.opener); } catch (e) { /* cross-origin */ }
    return a;
  }

  // An LMS error is logged, never thrown: the learner's page keeps working.
  function call(fn, a, b) {
    try {
      var r = api[fn](a, b), code = String(api.LMSGetLastError());
      if (code != "0") console.warn("empathy SCORM:", fn, a, "error", code, api.LMSGetErrorString(code));
      return r;
    } catch (e) { console.warn("empathy SCORM:", fn, e); return ""; }
  }
  function get(el) { return String(call("LMSGetValue", el) || ""); }
  function set(el, v) { return !review && String(call("LMSSetValue", el, String(v))) == "true"; } // browse, review: read only
  // What the LMS holds is never lowered (docs/design.md); a failed quiz after completing
  // the rest is failed, and a pass after a fail (a retake) is passed.
  function rank(s) { return ["", "incomplete", "completed", "failed", "passed"].indexOf(s); }

  function two(x) { return (x < 10 ? "0" : "") + x; }
  function timespan(ms) { // HHHH:MM:SS.SS
    var t = Math.floor(ms / 10), h = Math.floor(t / 360000);
    return ("000" + h).slice(-Math.max(4, String(h).length)) + ":" + two(Math.floor(t / 6000) % 60) + ":" + two(Math.floor(t / 100) % 60) + "." + two(t % 100);
  }
  // Answers become cmi.interactions in scorm12-answers.js, shipped inside assets/kinds.js:
  // every answer is given on a page kinds.js draws, so the first page loads none of it.
  var answer = null;
  function record(e) {
    if (api && !ended && e && W.EmpathyAnswers) (answer = answer || W.EmpathyAnswers(course, get, set))(e);
  }

  // This tab's copy of the last save, with the learner (BOX: sessionStorage with an LMS,
  // localStorage without): what a refused Initialize goes on from.
  function keep(state, location) {
    try { box.setItem(key, JSON.stringify({ s: state, l: location, u: learner })); } catch (e) { /* full or private */ }
  }

  function start(c) {
    course = c; key = "empathy:" + c.id; X = W.EmpathyXAPI;
    api = discover();
    var saved, out = { mode: "normal", mastery: c.mastery, moveOn: null, xapi: null };
    try { box = api ? W.sessionStorage : W.localStorage; } catch (e) { /* storage blocked */ }
    if (api && String(call("LMSInitialize", "")) == "true") {
      learner = { id: get("cmi.core.student_id"), name: get("cmi.core.student_name") };
      // Saved data is read whatever cmi.core.entry says: "" also follows the course's own
      // exit in the same attempt (a learner reopening a finished course). Mastery stays the
      // course's: the manifest gives the LMS the same number.
      out.resume = get("cmi.suspend_data") || null;
      out.location = get("cmi.core.lesson_location") || null;
      // Browse and review launches record nothing (the LMS says "browsed" itself).
      review = (out.mode = get("cmi.core.lesson_mode") || "normal") != "normal";
      raw = get("cmi.core.score.raw") || -1;
      if (rank(status = get("cmi.core.lesson_status")) < 1) set("cmi.core.lesson_status", status = "incomplete");
      set("cmi.core.exit", "suspend"); // resumable until the course is completed
      keep(out.resume, out.location);
    } else {
      // No LMS: progress stays in this browser. An LMS that refuses Initialize has ended
      // this launch's session (the page was reloaded after the unload finished it) or is
      // failing: nothing more is written to it, the learner goes on from this tab's last
      // save, and is told that this is not recorded and how to go on.
      try { saved = JSON.parse(box.getItem(key)) || {}; } catch (e) { saved = {}; }
      if (api) W.EmpathyPlayer.notice(saved.u ? "sessionEnded" : "lmsUnreachable", "alert");
      api = null;
      learner = saved.u || null;
      out.resume = saved.s || null; out.location = saved.l || null;
    }
    out.learner = learner;
    setTimeout(function () { W.addEventListener("pagehide", leave); }, 0);
    var x = X && X.settings(c, learner);
    if (x && X.configure(x)) { X.session("initialized"); out.xapi = x; }
    return Promise.resolve(out);
  }

  function save(state, location) {
    if (ended) return;
    keep(state, location);
    if (!api) return;
    // SCORM 1.2 limits (the LMS may not enforce them, a conformant one truncates or refuses).
    if (state != null && String(state).length <= 4096) set("cmi.suspend_data", state);
    else console.error("empathy SCORM: suspend data over 4096 characters, not saved");
    if (location != null && String(location).length <= 255) set("cmi.core.lesson_location", location);
    call("LMSCommit", "");
  }

  function setStatus(s) {
    if (!api || ended || !s) return;
    var now = !s.completed ? "incomplete" : s.passed === true ? "passed" : s.passed === false ? "failed" : "completed",
        r = Math.round(Math.max(0, Math.min(1, s.scaled)) * 10000) / 100; // 69.6, not 70: as exact as the pass mark
    if (rank(now) > rank(status)) set("cmi.core.lesson_status", status = now);
    // Only a better score replaces one; after a pass none below the mastery score (an LMS
    // applying it would make the status failed), e.g. a poor ending played after opting out.
    // None before the course is complete: an LMS applying the manifest's masteryscore
    // would judge an unfinished course passed or failed from it (1.2 RTE 3.4.4).
    if (typeof s.scaled == "number" && s.completed && r > raw && (s.passed !== false || status != "passed")) {
      set("cmi.core.score.raw", raw = r);
      set("cmi.core.score.min", 0);
      set("cmi.core.score.max", 100);
    }
    set("cmi.core.exit", rank(status) > 1 ? "" : "suspend"); // 1.2 has no "normal"
    call("LMSCommit", "");
  }

  // Leaving the page: commit, and end the session unless the page may come back from
  // the back-forward cache. The player saves and finishes on pagehide itself; this runs
  // after it (registered later) and only matters when it did not.
  function leave(ev) {
    if (ended) return;
    if (!ev.persisted) finish(true); else if (api) call("LMSCommit", "");
  }

  function finish() {
    if (ended) return Promise.resolve();
    ended = true;
    if (api) {
      set("cmi.core.session_time", timespan(Date.now() - started));
      call("LMSCommit", "");
      call("LMSFinish", "");
    }
    if (!X || !X.config()) return Promise.resolve();
    X.session("terminated");
    return X.flush();
  }

  W.EmpathyLMS = { name: "scorm12", maxStateLength: 4096, start: start, save: save, record: record, setStatus: setStatus, finish: finish };
})(window);
