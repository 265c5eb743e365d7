/* empathy adapter "tincan": a TinCan (xAPI) package launched with
   ?endpoint&auth&actor&registration&activity_id (CONFORMANCE.md 29). Resume data lives
   in the xAPI State API (EmpathyXAPI.resume). Without launch parameters it behaves like "none". */
(function (W) {
  "use strict";
  var FINISH_WAIT = 4000; // ms finish() waits for the queue; the rest stays queued
  var X = null, lrs = null, res = null, doc = { s: null, l: null, done: {} }, ended = false;

  function start(course) {
    var q = new URLSearchParams(location.search), actor = null;
    X = W.EmpathyXAPI;
    try { actor = X.agent(JSON.parse(q.get("actor"))); } catch (e) { /* not launched with an actor */ }
    var out = { resume: null, location: null, learner: null, mode: "normal", mastery: course.mastery, moveOn: null, xapi: null };
    var endpoint = q.get("endpoint");
    if (!endpoint || !actor) {
      console.warn("empathy TinCan: no launch parameters; progress stays in this browser");
      res = X.resume("empathy:" + course.id, null, null, "TinCan");
      return res.load().then(function (d) { doc = d; out.resume = d.s; out.location = d.l; return out; });
    }
    // The auth parameter is the Authorization header, verbatim (the launch document says so).
    lrs = { endpoint: endpoint.replace(/\/?$/, "/"), auth: q.get("auth"), version: course.xapi && course.xapi.version };
    var where = { activityId: q.get("activity_id") || course.id, agent: JSON.stringify(actor) };
    if (q.get("registration")) where.registration = q.get("registration");
    res = X.resume("empathy:" + course.id + ":" + (where.registration || ""), lrs, where, "TinCan");
    out.learner = { id: actor.account ? actor.account.name : actor.mbox, name: actor.name || null };
    return res.load().then(function (d) {
      doc = d;
      out.resume = d.s; out.location = d.l;
      // completed/passed/failed of this registration live in the State API document too,
      // so another device (or a cleared browser) does not send them again.
      var x = out.xapi = { endpoint: lrs.endpoint, auth: lrs.auth, version: lrs.version, actor: actor,
        registration: where.registration, activityId: where.activityId, course: course, sent: d.done,
        remember: function (sent) { doc.done = sent; res.write(leaving); } };
      if (X.configure(x)) X.session("initialized");
      // The player finishes on pagehide; this later listener covers a player that did not.
      setTimeout(function () { W.addEventListener("pagehide", function (ev) { if (!ev.persisted) finish(); }); }, 0);
      return out;
    });
  }

  function save(state, location) { doc.s = state; doc.l = location; if (res) res.write(leaving); }

  function finish() {
    if (ended || !lrs || !X.config()) return Promise.resolve();
    ended = true;
    X.session("terminated");
    return X.within(Promise.all([X.flush(), res.write(leaving)]), FINISH_WAIT);
  }

  // Registered before player.js and xapi.js: the resume point is handed to the browser
  // first as the page goes, then the statements share what is left of the keepalive budget.
  var leaving = false;
  W.addEventListener("pagehide", function (ev) {
    leaving = !ev.persisted;
    if (!res) return;
    res.hidden();
    if (leaving && lrs) res.write(true);
  });
  W.addEventListener("pageshow", function () { leaving = false; });

  W.EmpathyLMS = { name: "tincan", sendsStatements: true, maxStateLength: Infinity, start: start, save: save, record: function () {}, setStatus: function () {}, finish: finish };
})(window);
