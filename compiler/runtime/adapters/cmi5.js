/* empathy adapter "cmi5": an Assignable Unit launched by a cmi5 LMS (CONFORMANCE.md 20-24).
   Launch: ?endpoint&fetch&actor&registration&activityId. Resume data lives in the xAPI
   State API (EmpathyXAPI.resume). Without launch parameters it behaves like "none". */
(function (W) {
  "use strict";
  var CAT = "https://w3id.org/xapi/cmi5/context/categories/";
  var CMI5X = "https://w3id.org/xapi/cmi5/context/extensions/";
  var START_WAIT = 20000;  // ms the launch (token, LaunchData, preferences, resume) may take
  var FINISH_WAIT = 4000;  // ms "finish" waits for the queue before going to returnURL
  var X = null, lrs = null, where = null, launch = {}, res = null, doc = { s: null, l: null, done: {} };
  var mode = "normal", mastery = null, ended = false, session = null, sessionId = null, key = "";
  var last = null, asked = {}, mine = {}; // the player's latest status; completed/passed looked up in the LRS; sent by this session
  var ENDED = new Error("this launch's session has ended");

  function remember() { try { sessionStorage.setItem(key, JSON.stringify(session)); } catch (e) { /* private mode */ } }
  function json(r) { return r.ok ? r.json() : r.status == 404 ? null : Promise.reject(new Error("LRS answered " + r.status)); }

  // The fetch URL answers once per launch: the token is kept for this tab. Once terminated (finish, or the window went away: a reload is a new page), the session
  // is over: the LMS takes nothing more from it and the fetch URL does not answer again.
  function token(url) {
    try { session = JSON.parse(sessionStorage.getItem(key)); } catch (e) { session = null; }
    if (session && session.ended) return Promise.reject(ENDED);
    if (session) return Promise.resolve(session);
    return X.timed(url, { method: "POST", cache: "no-store" }).then(function (r) { return r.json(); }).then(function (j) {
      if (!j || !j["auth-token"]) throw new Error("cmi5 fetch refused: " + (j && j["error-text"]));
      session = { token: j["auth-token"], started: Date.now(), initialized: false };
      remember();
      return session;
    });
  }

  // A cmi5-defined statement about the AU. passed/failed judged against the LMS's
  // masteryScore name it (cmi5 9.6.3.2).
  function cmi5(verb, result, moveOn) {
    mine[verb] = true;
    var cat = [{ objectType: "Activity", id: CAT + "cmi5" }], ext = {};
    if (moveOn) cat.push({ objectType: "Activity", id: CAT + "moveon" });
    if ((verb == "passed" || verb == "failed") && typeof launch.masteryScore == "number") ext[CMI5X + "masteryscore"] = launch.masteryScore;
    return X.send({ verb: verb, object: { objectType: "Activity", id: where.activityId }, result: result, cmi5: true, category: cat, extensions: ext });
  }

  // cmi5 11.2: audio off at startup when the learner asked for it (this page's media and
  // any the player adds later).
  function mute() {
    function all(root) { [].forEach.call(root.querySelectorAll("audio, video"), function (m) { m.muted = true; }); }
    all(document);
    if (W.MutationObserver) new MutationObserver(function (changes) {
      changes.forEach(function (c) {
        [].forEach.call(c.addedNodes, function (n) {
          if (n.nodeType != 1) return;
          if (/^(AUDIO|VIDEO)$/.test(n.nodeName)) n.muted = true;
          all(n);
        });
      });
    }).observe(document.documentElement, { childList: true, subtree: true });
  }

  function start(course) {
    var q = new URLSearchParams(location.search), fetchUrl = q.get("fetch"), actor = null, late = false, timer = 0;
    X = W.EmpathyXAPI;
    mastery = course.mastery;
    // cmi5 8.1: the actor is used as the LMS gave it, not rebuilt.
    try { actor = JSON.parse(q.get("actor")); } catch (e) { /* not launched by a cmi5 LMS */ }
    if (!actor || typeof actor != "object" || !(actor.account || actor.mbox || actor.openid || actor.mbox_sha1sum)) actor = null;
    key = "empathy-cmi5:" + (fetchUrl || course.id);
    var out = { resume: null, location: null, learner: null, mode: "normal", mastery: mastery, moveOn: null, xapi: null };
    if (!q.get("endpoint") || !fetchUrl || !actor || !q.get("registration") || !q.get("activityId")) {
      console.warn("empathy cmi5: no cmi5 launch parameters; progress stays in this browser");
      res = X.resume("empathy:" + course.id, null, null, "cmi5");
      return res.load().then(function (d) { doc = d; out.resume = d.s; out.location = d.l; return out; });
    }
    where = { activityId: q.get("activityId"), agent: q.get("actor"), registration: q.get("registration") };
    var copyKey = "empathy-cmi5:" + where.registration + ":doc"; // this device's copy, per registration
    var launched = token(fetchUrl).then(function (s) {
      var conn = { endpoint: q.get("endpoint").replace(/\/?$/, "/"), auth: "Basic " + s.token, version: course.xapi && course.xapi.version };
      var get = function (path, query) { return X.request("GET", path, query, null, conn).then(json); }, stored = null;
      var state = {}, k;
      for (k in where) state[k] = where[k];
      state.stateId = "LMS.LaunchData";
      // LaunchData before anything is sent: it says how (and whether) to report.
      return get("activities/state", state).then(function (data) {
        if (!data) throw new Error("cmi5 LMS.LaunchData is missing");
        launch = data;
        return get("agents/profile", { agent: where.agent, profileId: "cmi5LearnerPreferences" }).catch(function () { return null; });
      }).then(function (prefs) {
        out.preferences = prefs; // 404 tolerated: null
        stored = X.resume(copyKey, conn, where, "cmi5");
        return stored.load();
      }).then(function (d) {
        if (late) throw new Error("too late"); // the learner was told already; stay offline
        clearTimeout(timer);
        lrs = conn; res = stored; doc = d;
        mode = String(launch.launchMode || "Normal").toLowerCase();
        if (typeof launch.masteryScore == "number") mastery = launch.masteryScore;
        var template = launch.contextTemplate || {}, ext = template.extensions || {};
        // The LMS must name the session; if one does not, the launch's fetch URL (one per
        // launch) still tells this session from the next, so passed/failed stay once each.
        sessionId = ext[CMI5X + "sessionid"] || "fetch:" + fetchUrl;
        var x = { endpoint: lrs.endpoint, auth: lrs.auth, version: lrs.version, actor: actor, registration: where.registration,
          activityId: where.activityId, contextTemplate: template, course: course, cmi5: true,
          quiet: mode != "normal", started: s.started, sessionId: sessionId, refused: refused,
          sent: { completed: doc.done.completed === true } }; // (on another device too: no progressed after it)
        X.configure(x);
        if (!s.initialized) { cmi5("initialized"); s.initialized = true; remember(); }
        if (out.preferences && out.preferences.audioPreference == "off") mute();
        judge(course);
        out.resume = doc.s; out.location = doc.l; out.mode = mode; out.mastery = mastery;
        out.moveOn = launch.moveOn || null; out.xapi = x;
        out.learner = { id: actor.account ? actor.account.name : actor.mbox || actor.openid || actor.mbox_sha1sum, name: actor.name || null };
        return out;
      });
    });
    // The LMS may never answer (each request gives up after a while, and all of them
    // together after START_WAIT): the learner is told, rather than left waiting.
    var waited = new Promise(function (ok, fail) {
      timer = setTimeout(function () { late = true; fail(new Error("no answer from the LMS in " + START_WAIT / 1000 + " s")); }, START_WAIT);
    });
    return Promise.race([launched, waited]).catch(function (e) {
      clearTimeout(timer);
      late = true;
      if (e === ENDED) {
        console.warn("empathy cmi5: this launch's session has ended; open the course again from the LMS");
        W.EmpathyPlayer.notice("sessionEnded", "alert");
      } else {
        console.error("empathy cmi5: launch failed", e);
        W.EmpathyPlayer.notice("lmsUnreachable", "alert");
      }
      lrs = null;
      res = X.resume(copyKey, null, null, "cmi5");
      return res.load().then(function (d) { doc = d; out.resume = d.s; out.location = d.l; return out; });
    });
  }

  // moveOn (LaunchData) is the LMS's rule for when this AU is done. A rule that needs a
  // pass from a course that cannot be passed (no mastery score, or nothing scored) can
  // never be met: say so (cmi5 best practice), and report what can be reported.
  function judge(course) {
    if (mode != "normal") return;
    var scored = mastery != null && (course.scoreParts || []).length > 0;
    if (/^(Passed|CompletedAndPassed)$/.test(launch.moveOn) && !scored) {
      console.warn("empathy cmi5: moveOn " + launch.moveOn + " needs a pass, but this course has no score");
      W.EmpathyPlayer.notice("cannotPass", "status");
    }
  }

  function pass(scaled) {
    var r = { success: true, duration: X.duration() };
    if (typeof scaled == "number") r.score = { scaled: scaled };
    cmi5("passed", r, true);
    doc.done.passed = true;
  }

  // Browse and Review launches leave the resume point as it was: what a learner does
  // there does not count (cmi5 10.0), and must not turn into credit at the next Normal launch.
  function save(state, location) {
    if (mode != "normal") return;
    doc.s = state; doc.l = location;
    if (res) res.write(leaving);
  }

  // completed / passed: at most once per registration (remembered in the state document
  // across launches), never in browse or review mode, passed only at or above the mastery
  // score. failed waits for the end of the session (end): a learner who fails, tries again
  // and passes in the same session has passed, and cmi5 allows one of the two a session (9.3).
  function setStatus(s) {
    if (s) last = s;
    if (!lrs || ended || mode != "normal" || !s) return;
    var done = doc.done, changed = false, score = scoreOf(s);
    if (s.completed && !done.completed) {
      cmi5("completed", { completion: true, duration: X.duration() }, true);
      done.completed = changed = true;
    }
    // Passed with no score (every scored part opted out of, without penalty) is allowed:
    // only a score that is sent must reach the mastery score (cmi5 9.3.4).
    if (s.passed === true && !done.passed && (mastery == null || !score || score.scaled >= mastery)) {
      pass(score && score.scaled);
      changed = true;
    }
    if (changed) res.write();
  }
  function scoreOf(s) { return typeof s.scaled == "number" ? { scaled: Math.max(-1, Math.min(1, s.scaled)) } : null; }
  // At the end of a session that ends failed: failed, once a session, never after passed.
  function fail() {
    var done = doc.done, score = scoreOf(last || {});
    if (mode != "normal" || !last || last.passed !== false || done.passed || done.failed == sessionId) return;
    var r = { success: false, duration: X.duration() };
    if (score) r.score = score;
    cmi5("failed", r, true);
    done.failed = sessionId;
  }

  // A completed or passed of an earlier session that the LMS refused (it takes nothing more
  // for a session that has ended, cmi5 9.3.8) either never arrived (sent while the LMS was
  // away) or arrived before (the page closed before the answer came). The LRS says which:
  // if it has none, this session sends it; if it cannot tell, nothing is sent twice.
  function refused(st) {
    var verb = /\/(completed|passed)$/.exec(st.verb && st.verb.id || ""), of = ((st.context || {}).extensions || {})[CMI5X + "sessionid"];
    // (the AU's own: a scenario page is "completed" too)
    if (!verb || !lrs || ended || mode != "normal" || asked[verb[1]] || mine[verb[1]] || of == null || of == sessionId ||
        (st.object || {}).id != where.activityId || (st.context || {}).registration != where.registration) return;
    asked[verb[1]] = true;
    looking.push(X.request("GET", "statements", { agent: where.agent, verb: st.verb.id, activity: where.activityId,
      registration: where.registration, limit: 1 }, null, lrs).then(json).then(function (found) {
      // (this session may have sent its own meanwhile: the LRS cannot know of it yet)
      if (!found || !found.statements || found.statements.length || mine[verb[1]]) return;
      delete doc.done[verb[1]];
      res.write();
      setStatus(last);
    }).catch(function (e) { console.warn("empathy cmi5: cannot tell whether the LMS has the " + verb[1] + " of an earlier session", e); }));
  }
  var looking = []; // those lookups: Finish waits for them (what they find is sent before terminated)

  // The session ends with terminated (cmi5 9.3.8), whichever way the learner leaves:
  // - "finish": terminated, then back to the LMS (returnURL), waiting at most FINISH_WAIT
  //   for the queue; what is not delivered by then stays queued in localStorage;
  // - the window closes or reloads (pagehide, not for a page kept in the back-forward
  //   cache): terminated is queued before xapi.js hands the queue to the browser, so it
  //   goes last in the same keepalive batch, after the resume point. A reload then finds
  //   the session ended (`token`) and says so.
  function end() {
    ended = true;
    fail();
    cmi5("terminated", { duration: X.duration() });
    X.config().quiet = true; // terminated is the session's last statement
    session.ended = true;
    remember();
  }

  function finish() {
    if (ended || !lrs) return Promise.resolve();
    return X.within(Promise.all(looking), FINISH_WAIT).then(function () {
      if (ended) return;
      end();
      return X.within(Promise.all([X.flush(), mode == "normal" ? res.write() : null]), FINISH_WAIT);
    }).then(function () {
      if (launch.returnURL) W.location.assign(launch.returnURL);
    });
  }

  // Registered before player.js and xapi.js: the resume point is handed to the browser
  // first, then the statements (xapi.js) share what is left of the keepalive budget.
  var leaving = false;
  W.addEventListener("pagehide", function (ev) {
    leaving = !ev.persisted;
    if (!res) return;
    res.hidden();
    if (leaving && lrs && mode == "normal") res.write(true);
    if (leaving && lrs && !ended) end();
  });
  W.addEventListener("pageshow", function () { leaving = false; });

  W.EmpathyLMS = { name: "cmi5", sendsStatements: true, maxStateLength: Infinity, start: start, save: save, record: function () {}, setStatus: setStatus, finish: finish };
})(window);
