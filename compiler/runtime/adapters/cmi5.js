/* empathy adapter "cmi5": an Assignable Unit launched by a cmi5 LMS (CONFORMANCE.md 20-24).
   Launch: ?endpoint&fetch&actor&registration&activityId. Resume data lives in the xAPI
   State API (document STATE_ID). Without launch parameters it behaves like "none". */
(function (W) {
  "use strict";
  var CAT = "https://w3id.org/xapi/cmi5/context/categories/";
  var STATE_ID = "https://empathy-elearning.org/xapi/state/resume";
  var X = null, lrs = null, where = null, launch = {}, doc = { s: null, l: null, done: {} };
  var mode = "normal", mastery = null, ended = false, failed = false, session = null, writing = Promise.resolve(), key = "", docKey = "";

  function json(r) { return r.ok ? r.json() : r.status == 404 ? null : Promise.reject(new Error("LRS answered " + r.status)); }
  function remember() { try { sessionStorage.setItem(key, JSON.stringify(session)); } catch (e) { /* private mode */ } }
  function local(v) {
    try {
      if (v === undefined) return JSON.parse(localStorage.getItem(docKey));
      localStorage.setItem(docKey, JSON.stringify(v));
    } catch (e) { return null; }
  }

  // The fetch URL answers once per launch; a reload of the same launch reuses the token
  // (kept for this tab only) and continues the same session.
  function token(url) {
    try { session = JSON.parse(sessionStorage.getItem(key)); } catch (e) { session = null; }
    if (session) return Promise.resolve(session);
    return fetch(url, { method: "POST", cache: "no-store" }).then(function (r) { return r.json(); }).then(function (j) {
      if (!j || !j["auth-token"]) throw new Error("cmi5 fetch refused: " + (j && j["error-text"]));
      session = { token: j["auth-token"], started: Date.now(), initialized: false };
      remember();
      return session;
    });
  }

  function cmi5(verb, result, moveOn) {
    var cat = [{ objectType: "Activity", id: CAT + "cmi5" }];
    if (moveOn) cat.push({ objectType: "Activity", id: CAT + "moveon" });
    return X.send({ verb: verb, object: { objectType: "Activity", id: where.activityId }, result: result, cmi5: true, category: cat });
  }

  // State document writes go one after another so the last save wins; a copy stays in
  // localStorage for when the LRS cannot be reached.
  function write(keepalive) {
    doc.t = Date.now();
    local(doc);
    var body = JSON.stringify(doc), opt = { endpoint: lrs.endpoint, auth: lrs.auth, keepalive: keepalive && body.length < 60000 };
    function put() {
      return X.request("PUT", "activities/state", where, body, opt).then(function (r) {
        if (!r.ok) console.error("empathy cmi5: state not saved (" + r.status + ")");
      }).catch(function (e) { console.error("empathy cmi5: state not saved", e); });
    }
    if (keepalive) return put(); // the page is going: no time to wait for earlier writes
    return (writing = writing.then(put));
  }

  function start(course) {
    var q = new URLSearchParams(location.search), fetchUrl = q.get("fetch"), actor = null;
    X = W.EmpathyXAPI;
    mastery = course.mastery;
    try { actor = X.agent(JSON.parse(q.get("actor"))); } catch (e) { /* not launched by a cmi5 LMS */ }
    key = "empathy-cmi5:" + (fetchUrl || course.id);
    var out = { resume: null, location: null, learner: null, mode: "normal", mastery: mastery, moveOn: null, xapi: null };
    if (!q.get("endpoint") || !fetchUrl || !actor || !q.get("registration") || !q.get("activityId")) {
      console.warn("empathy cmi5: no cmi5 launch parameters; progress stays in this browser");
      lrs = null;
      docKey = "empathy:" + course.id;
      doc = local() || doc;
      out.resume = doc.s; out.location = doc.l;
      return Promise.resolve(out);
    }
    where = { activityId: q.get("activityId"), agent: JSON.stringify(actor), registration: q.get("registration") };
    docKey = "empathy-cmi5:" + where.registration + ":doc"; // this device's copy, per registration
    return token(fetchUrl).then(function (s) {
      lrs = { endpoint: q.get("endpoint").replace(/\/?$/, "/"), auth: "Basic " + s.token };
      var get = function (path, query) { return X.request("GET", path, query, null, lrs).then(json); };
      var state = {}, k;
      for (k in where) state[k] = where[k];
      state.stateId = "LMS.LaunchData";
      // LaunchData before anything is sent: it says how (and whether) to report.
      return get("activities/state", state).then(function (data) {
        if (!data) throw new Error("cmi5 LMS.LaunchData is missing");
        launch = data;
        return get("agents/profile", { agent: where.agent, profileId: "cmi5LearnerPreferences" }).catch(function () { return null; });
      }).then(function (prefs) {
        out.preferences = prefs; // languagePreference / audioPreference (404 tolerated: null)
        state.stateId = STATE_ID;
        return get("activities/state", state).catch(function () { return null; });
      }).then(function (saved) {
        var copy = local();
        saved = saved && copy && copy.t > saved.t ? copy : saved || copy;
        if (saved) doc = { s: saved.s || null, l: saved.l || null, done: saved.done || {} };
        where.stateId = STATE_ID;
        mode = String(launch.launchMode || "Normal").toLowerCase();
        if (typeof launch.masteryScore == "number") mastery = launch.masteryScore;
        var template = launch.contextTemplate || {}, ext = template.extensions || {};
        var x = { endpoint: lrs.endpoint, auth: lrs.auth, actor: actor, registration: where.registration,
          activityId: where.activityId, contextTemplate: template, course: course, cmi5: true,
          quiet: mode != "normal", started: s.started, sessionId: ext["https://w3id.org/xapi/cmi5/context/extensions/sessionid"] };
        X.configure(x);
        if (!s.initialized) { cmi5("initialized"); s.initialized = true; remember(); }
        out.resume = doc.s; out.location = doc.l; out.mode = mode; out.mastery = mastery;
        out.moveOn = launch.moveOn || null; out.xapi = x;
        out.learner = { id: actor.account ? actor.account.name : actor.mbox, name: actor.name || null };
        return out;
      });
    }).catch(function (e) {
      // The learner can still work through the course; nothing is reported.
      console.error("empathy cmi5: launch failed", e);
      lrs = null;
      out.resume = (local() || {}).s || null;
      return out;
    });
  }

  function save(state, location) {
    doc.s = state; doc.l = location;
    if (lrs) write(leaving); else local(doc);
  }

  // completed / passed / failed: each at most once per registration (remembered in the
  // state document across launches), never in browse or review mode, no failed after
  // passed, and passed only at or above the mastery score.
  function setStatus(s) {
    if (!lrs || ended || mode != "normal" || !s) return;
    var done = doc.done, changed = false, d = X.duration();
    var score = typeof s.scaled == "number" ? { scaled: Math.max(-1, Math.min(1, s.scaled)) } : null;
    if (s.completed && !done.completed) {
      cmi5("completed", { completion: true, duration: d }, true);
      done.completed = changed = true;
    }
    if (s.passed === true && !done.passed && (mastery == null || score && score.scaled >= mastery)) {
      cmi5("passed", score ? { success: true, score: score, duration: d } : { success: true, duration: d }, true);
      done.passed = changed = true;
    } else if (s.passed === false && !done.passed && !failed) {
      cmi5("failed", score ? { success: false, score: score, duration: d } : { success: false, duration: d }, true);
      failed = changed = true;
    }
    if (changed) write();
  }

  // The learner pressed "finish": terminated, then back to the LMS (returnURL). The
  // player also finishes on pagehide; then only the resume point is kept: the session
  // stays open so a reload of this launch continues it (the fetch URL answers once),
  // and a closed window is left to the LMS, which abandons the session.
  function finish() {
    if (ended || !lrs) return Promise.resolve();
    if (leaving) return write(true);
    ended = true;
    cmi5("terminated", { duration: X.duration() });
    X.config().quiet = true; // terminated is the session's last statement
    write();
    return Promise.all([X.flush(), writing]).then(function () {
      try { sessionStorage.removeItem(key); } catch (e) { /* ignore */ }
      if (launch.returnURL) W.location.assign(launch.returnURL);
    });
  }

  // Registered before player.js, so the player's save and finish on pagehide see it.
  var leaving = false;
  W.addEventListener("pagehide", function (ev) { leaving = !ev.persisted; });
  W.addEventListener("pageshow", function () { leaving = false; });

  W.EmpathyLMS = { name: "cmi5", sendsStatements: true, maxStateLength: Infinity, start: start, save: save, record: function () {}, setStatus: setStatus, finish: finish };
})(window);
