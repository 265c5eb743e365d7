/* empathy adapter "scorm2004": SCORM 2004 (3rd and 4th edition) run-time API
   (CONFORMANCE.md 11-18). Without an API it behaves like the "none" adapter. */
(function (W) {
  "use strict";
  var api = null, X = null, course = null, key = "", box, learner, started = Date.now(), ended = false,
      review = false, completion = "", success = "", held = -2; // held: the score the LMS has (-2: none)

  // Walk parent frames (at most 500, each access guarded: a cross-origin frame throws),
  // then the opener's frames (a popup launched by the LMS).
  function find(w) {
    for (var i = 0; w && i < 500; i++) {
      try { if (w.API_1484_11) return w.API_1484_11; } catch (e) { /* cross-origin */ }
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
      var r = api[fn](a, b), code = String(api.GetLastError());
      if (code != "0") console.warn("empathy SCORM:", fn, a, "error", code, api.GetErrorString(code));
      return r;
    } catch (e) { console.warn("empathy SCORM:", fn, e); return ""; }
  }
  function get(el) { return String(call("GetValue", el) || ""); }
  function set(el, v) { return !review && String(call("SetValue", el, String(v))) == "true"; } // browse, review: read only

  function duration(ms) { // PT#H#M#.##S
    var t = ms / 1000;
    return "PT" + Math.floor(t / 3600) + "H" + Math.floor(t % 3600 / 60) + "M" + (Math.floor(t % 60 * 100) / 100) + "S";
  }
  // Answers become cmi.interactions in scorm2004-answers.js, shipped inside assets/kinds.js:
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
    var saved, out = { resume: null, location: null, mode: "normal", mastery: c.mastery, moveOn: null, xapi: null };
    try { box = api ? W.sessionStorage : W.localStorage; } catch (e) { /* storage blocked */ }
    if (api && String(call("Initialize", "")) == "true") {
      learner = { id: get("cmi.learner_id"), name: get("cmi.learner_name") };
      // Reading an element never set is error 403, so the saved data is read when the LMS
      // says there is some: a status in this attempt (the SCO sets one at its first start),
      // as after the course's own exit or when a finished course is reopened (entry ""), or
      // entry=resume; the score when there is a result to keep (never lowered: docs/design.md). Mastery stays the course's: the manifest gives the LMS the same number.
      review = (out.mode = get("cmi.mode") || "normal") != "normal"; // browse: "without the intent of recording
      success = get("cmi.success_status");
      var begun = /complete/.test(completion = get("cmi.completion_status")); // completed or incomplete
      if (!begun) set("cmi.completion_status", "incomplete");
      // (passed/failed always come with a score; a completed course may have none: 403)
      if ((c.scoreParts || []).length && /passed|failed/.test(success)) held = get("cmi.score.scaled") || -2;
      if (begun || get("cmi.entry") == "resume") {
        out.resume = get("cmi.suspend_data") || null;
        out.location = get("cmi.location") || null;
      }
      set("cmi.exit", "suspend"); // resumable until the course is completed
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
    if (state != null && String(state).length <= 64000) set("cmi.suspend_data", state);
    else console.error("empathy SCORM: suspend data over 64000 characters, not saved");
    if (location != null && String(location).length <= 1000) set("cmi.location", location);
    call("Commit", "");
  }

  function setStatus(s) {
    if (!api || ended || !s) return;
    var scaled = s.scaled;
    // With a mastery score (the manifest's, as cmi.scaled_passing_score) the LMS judges
    // success from score.scaled alone and reads "unknown" without one (RTE 4.2.21). A pass
    // with nothing assessed left (every scored part opted out) is reported at the mastery
    // score: the lowest passing score, never above a learner who played and passed.
    if (s.passed === true && typeof scaled != "number" && course.mastery != null) scaled = course.mastery;
    var now = s.passed === true ? "passed" : s.passed === false ? "failed" : "";
    if (completion != "completed") set("cmi.completion_status", completion = s.completed ? "completed" : "incomplete");
    if (now && success != "passed") set("cmi.success_status", success = now);
    // Only a better score replaces one; after a pass none below the mastery score (the
    // LMS would judge it failed from the score), e.g. a poor ending played after opting out.
    if (typeof scaled == "number" && scaled > held && (s.passed !== false || success != "passed")) {
      held = scaled = Math.max(-1, Math.min(1, scaled));
      set("cmi.score.scaled", Math.round(scaled * 1e4) / 1e4);
      set("cmi.score.raw", Math.round(scaled * 1e4) / 100);
      set("cmi.score.min", 0);
      set("cmi.score.max", 100);
    }
    set("cmi.exit", completion == "completed" ? "normal" : "suspend");
    call("Commit", "");
  }

  // Leaving the page: commit, and end the session unless the page may come back from
  // the back-forward cache. The player saves and finishes on pagehide itself; this runs
  // after it (registered later) and only matters when it did not.
  function leave(ev) {
    if (ended) return;
    if (!ev.persisted) finish(true); else if (api) call("Commit", "");
  }

  function finish() {
    if (ended) return Promise.resolve();
    ended = true;
    if (api) {
      set("cmi.session_time", duration(Date.now() - started));
      call("Commit", "");
      call("Terminate", "");
    }
    if (!X || !X.config()) return Promise.resolve();
    X.session("terminated");
    return X.flush();
  }

  W.EmpathyLMS = { name: "scorm2004", maxStateLength: 64000, start: start, save: save, record: record, setStatus: setStatus, finish: finish };
})(window);
