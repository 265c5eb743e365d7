/* empathy adapter "tincan": a TinCan (xAPI) package launched with
   ?endpoint&auth&actor&registration&activity_id (CONFORMANCE.md 29). Resume data lives
   in the xAPI State API (document STATE_ID). Without launch parameters it behaves like "none". */
(function (W) {
  "use strict";
  var STATE_ID = "https://empathy-elearning.org/xapi/state/resume";
  var X = null, lrs = null, where = null, doc = { s: null, l: null }, ended = false, writing = Promise.resolve(), key = "";

  function local(v) {
    try {
      if (v === undefined) return JSON.parse(localStorage.getItem(key));
      localStorage.setItem(key, JSON.stringify(v));
    } catch (e) { return null; }
  }

  // Writes go one after another so the last save wins; a copy stays in localStorage for
  // when the LRS cannot be reached.
  function write(keepalive) {
    doc.t = Date.now();
    local(doc);
    if (!lrs) return writing;
    var body = JSON.stringify(doc), opt = { endpoint: lrs.endpoint, auth: lrs.auth, keepalive: keepalive && body.length < 60000 };
    function put() {
      return X.request("PUT", "activities/state", where, body, opt).then(function (r) {
        if (!r.ok) console.error("empathy TinCan: state not saved (" + r.status + ")");
      }).catch(function (e) { console.error("empathy TinCan: state not saved", e); });
    }
    if (keepalive) return put();
    return (writing = writing.then(put));
  }

  function start(course) {
    var q = new URLSearchParams(location.search), actor = null;
    X = W.EmpathyXAPI;
    try { actor = X.agent(JSON.parse(q.get("actor"))); } catch (e) { /* not launched with an actor */ }
    var out = { resume: null, location: null, learner: null, mode: "normal", mastery: course.mastery, moveOn: null, xapi: null };
    key = "empathy:" + course.id;
    var endpoint = q.get("endpoint");
    if (!endpoint || !actor) {
      console.warn("empathy TinCan: no launch parameters; progress stays in this browser");
      doc = local() || doc;
      out.resume = doc.s; out.location = doc.l;
      return Promise.resolve(out);
    }
    // The auth parameter is the Authorization header, verbatim (the launch document says so).
    lrs = { endpoint: endpoint.replace(/\/?$/, "/"), auth: q.get("auth") };
    where = { activityId: q.get("activity_id") || course.id, agent: JSON.stringify(actor), stateId: STATE_ID };
    if (q.get("registration")) where.registration = q.get("registration");
    key += ":" + (where.registration || "");
    var x = { endpoint: lrs.endpoint, auth: lrs.auth, actor: actor, registration: where.registration,
      activityId: where.activityId, course: course };
    out.learner = { id: actor.account ? actor.account.name : actor.mbox, name: actor.name || null };
    out.xapi = x;
    return X.request("GET", "activities/state", where, null, lrs).then(function (r) {
      return r.ok ? r.json() : null;
    }).catch(function () { return null; }).then(function (saved) {
      var copy = local();
      saved = saved && copy && copy.t > saved.t ? copy : saved || copy;
      if (saved) doc = { s: saved.s || null, l: saved.l || null };
      out.resume = doc.s; out.location = doc.l;
      if (X.configure(x)) X.session("initialized");
      // The player finishes on pagehide; this later listener covers a player that did not.
      setTimeout(function () { W.addEventListener("pagehide", function (ev) { if (!ev.persisted) finish(); }); }, 0);
      return out;
    });
  }

  function save(state, location) { doc.s = state; doc.l = location; write(leaving); }

  function finish() {
    if (ended || !lrs || !X.config()) return Promise.resolve();
    ended = true;
    X.session("terminated");
    return Promise.all([X.flush(), write(leaving)]);
  }

  // Registered before player.js, so the player's save and finish on pagehide see it and
  // write with keepalive.
  var leaving = false;
  W.addEventListener("pagehide", function (ev) { leaving = !ev.persisted; });
  W.addEventListener("pageshow", function () { leaving = false; });

  W.EmpathyLMS = { name: "tincan", sendsStatements: true, maxStateLength: Infinity, start: start, save: save, record: function () {}, setStatus: function () {}, finish: finish };
})(window);
