/* empathy xAPI: player events -> statements (profile: docs/xapi.md) and a persistent
   queue that delivers them without loss. window.EmpathyXAPI, see docs/design.md. */
(function (W) {
  "use strict";
  var ADL = "http://adlnet.gov/expapi/verbs/";
  var EXT = "https://empathy-elearning.org/xapi/extensions/";
  var PROGRESS = "https://w3id.org/xapi/cmi5/result/extensions/progress";
  var STATE_ID = "https://empathy-elearning.org/xapi/state/resume";
  var VERBS = { skipped: "http://id.tincanapi.com/verb/skipped", viewed: "http://id.tincanapi.com/verb/viewed" };
  "experienced answered completed passed failed progressed attempted initialized terminated".split(" ").forEach(function (v) { VERBS[v] = ADL + v; });
  // Browsers refuse keepalive requests once the bodies of all those still in flight
  // would pass 64 KiB (bytes, not characters): statements and state documents share it.
  var KEEPALIVE_MAX = 65536, kept = 0;
  var CMI5_SESSION = "https://w3id.org/xapi/cmi5/context/extensions/sessionid";
  var DEAD_MAX = 200; // statements an LRS refused, kept in this browser for a person to look at
  var LOOKUPS = 5;    // refused statements of an ended session looked up one by one (the LRS may have them)
  var TIMEOUT = 10000; // ms an LRS request may take before it counts as no answer (retried)
  var cfg = null, course = null, key = "", queue = [], inflight = null, solo = 0;
  var busy = null, timer = 0, attempt = 0, lastTs = 0, started = Date.now(), sent = {}, sentKey = "";
  var refused = false; // the LRS answered 401: nothing more is sent from this page

  function store(k, v) {
    try {
      if (v === undefined) return JSON.parse(localStorage.getItem(k));
      localStorage.setItem(k, JSON.stringify(v));
    } catch (e) { if (v !== undefined) console.error("empathy xAPI: cannot persist", e); }
  }

  function uuid() {
    if (W.crypto && crypto.randomUUID) try { return crypto.randomUUID(); } catch (e) { /* http */ }
    var b = crypto.getRandomValues(new Uint8Array(16)), h = "";
    b[6] = b[6] & 15 | 64; b[8] = b[8] & 63 | 128;
    for (var i = 0; i < 16; i++) h += (b[i] + 256).toString(16).slice(1) + (i == 3 || i == 5 || i == 7 || i == 9 ? "-" : "");
    return h;
  }

  // Strictly increasing, so statements of one session sort in the order they happened.
  function now() { lastTs = Math.max(Date.now(), lastTs + 1); return new Date(lastTs).toISOString(); }

  /** ISO 8601 duration since the session started ("PT1H2M3.45S"). */
  function duration(ms) {
    var t = Math.max(0, ms == null ? Date.now() - started : ms) / 1000;
    return "PT" + Math.floor(t / 3600) + "H" + Math.floor(t % 3600 / 60) + "M" + (Math.floor(t % 60 * 100) / 100) + "S";
  }

  /** The id the compiler gave `label` (definitions.py response_id), read from a definition's
      components by the label's index in `labels` (docs/design.md: read, never recompute). */
  function rid(label, labels, components) {
    var i = (labels || []).indexOf(label);
    return components && components[i] ? components[i].id : String(label).toLowerCase().replace(/[^a-z0-9_.:]+/g, "-").replace(/^-+|-+$/g, "") || "x";
  }

  // Feelings ids: the compiler's (course.json feelingIds, at the index of each feeling).
  function feelingIds(names) {
    var ids = course.feelingIds || [];
    return (names || []).map(function (f) { var i = course.feelings.indexOf(f); return ids[i] || rid(f); });
  }

  /** fetch() that gives up after TIMEOUT ms (an LRS that never answers must not hold the
      queue or the launch forever): it then rejects like a network failure. The timer also
      bounds reading the body. Keepalive requests are left alone (the page is gone). */
  function timed(url, init) {
    if (init.keepalive || !W.AbortController) return fetch(url, init);
    var ctl = init.ctl || new AbortController(), t = setTimeout(function () { ctl.abort(); }, TIMEOUT);
    init.signal = ctl.signal;
    return fetch(url, init).catch(function (e) { clearTimeout(t); throw e; });
  }

  function request(method, path, query, body, opt) {
    var c = opt || cfg, h = { "X-Experience-API-Version": c.version || cfg && cfg.version || "1.0.3" };
    if (c.auth) h.Authorization = c.auth;
    if (body != null) h["Content-Type"] = "application/json";
    var qs = query ? "?" + new URLSearchParams(query) : "";
    return timed(c.endpoint + path + qs, { method: method, headers: h, body: body, keepalive: !!c.keepalive, cache: "no-store", ctl: c.ctl });
  }

  /** `promise`, or undefined once `ms` have passed without it settling. */
  function within(promise, ms) {
    return Promise.race([promise, new Promise(function (ok) { setTimeout(ok, ms); })]);
  }

  function bytes(text) { return new Blob([text]).size; }

  /** Claim `n` bytes of the keepalive budget while the page goes away; false when they
      do not fit (the caller keeps its data for the next load instead). */
  function keepalive(n) {
    if (kept + n > KEEPALIVE_MAX) return false;
    kept += n;
    return true;
  }

  function activity(def) {
    var d = {}, k;
    for (k in def) if (k != "id") d[k] = def[k];
    return { objectType: "Activity", id: def.id, definition: d };
  }

  function courseActivity() {
    // cmi5: the AU's id and definition are the LMS's (cmi5.xml), not the course's.
    if (cfg.cmi5) return { objectType: "Activity", id: cfg.activityId };
    var a = activity(course.definition);
    if (cfg.activityId) a.id = cfg.activityId;
    return a;
  }

  /** initialized / terminated of this session (adapters call it; cmi5 builds its own). */
  function session(verb) {
    if (!cfg) return null;
    var st = send({ verb: verb, object: courseActivity(), result: verb == "terminated" ? { duration: duration() } : undefined });
    if (verb == "terminated") cfg.quiet = true; // the session's last statement
    return st;
  }

  function page(id) {
    for (var i = 0; i < course.pages.length; i++) if (course.pages[i].id == id) return course.pages[i];
    return null;
  }

  function find(list, id) { for (var i = 0; list && i < list.length; i++) if (list[i].id == id) return list[i]; }

  /** Build and queue one statement. `s` holds verb (a VERBS key), object, result, and
      optionally page (the parent), cmi5 (true for cmi5-defined statements), category,
      extensions (context extensions added to the template's, never replacing them). */
  function send(s) {
    if (!cfg) return null;
    // The template (cmi5's contextTemplate) is the base: its values are kept, never replaced
    // (cmi5 10.0), and what it lacks is added. xAPI lets a context activity list be one object.
    var ctx = JSON.parse(JSON.stringify(cfg.contextTemplate || {})), k;
    var ca = ctx.contextActivities = ctx.contextActivities || {}, ext = ctx.extensions = ctx.extensions || {};
    for (k in ca) if (!Array.isArray(ca[k])) ca[k] = [ca[k]];
    for (k in s.extensions || {}) if (!(k in ext)) ext[k] = s.extensions[k];
    if (cfg.registration && !ctx.registration) ctx.registration = cfg.registration;
    ctx.language = ctx.language || course.lang;
    ctx.platform = ctx.platform || "empathy";
    // A cmi5 launch names the session in its template (the LMS's sessionid): once is enough.
    if (!cfg.cmi5) ext[EXT + "session-id"] = cfg.sessionId;
    if (!s.cmi5) {
      var top = { objectType: "Activity", id: cfg.activityId || course.id };
      if (s.object.id != top.id) (ca.grouping = ca.grouping || []).push(top);
      if (s.page) (ca.parent = ca.parent || []).push({ objectType: "Activity", id: s.page.definition.id });
    }
    if (s.category) ca.category = (ca.category || []).concat(s.category);
    var st = { id: uuid(), actor: cfg.actor, verb: { id: VERBS[s.verb], display: { "en-US": s.verb } }, object: s.object };
    if (s.result) st.result = s.result;
    st.context = ctx;
    st.timestamp = now();
    // Persisted BEFORE any attempt to send it, one key per statement (saving the whole
    // queue each time would cost O(n^2) while the LRS is away).
    var item = { k: key + ":q:" + st.timestamp + st.id.slice(0, 8), s: JSON.stringify(st) };
    queue.push(item);
    try { localStorage.setItem(item.k, item.s); } catch (e) { console.error("empathy xAPI: cannot persist", e); }
    if (hiding) beacon();
    else if (!timer && !busy) timer = setTimeout(flush, cfg.delay);
    return st;
  }

  // Free text goes out only where the course allows it; its length always does.
  function text(value, res) {
    if (course.xapi.sendReflectionText && value) res.response = value;
    res.extensions[EXT + "length"] = (value || "").length;
  }

  /** A player event -> at most one statement (docs/xapi.md has the table). */
  function record(e) {
    if (!cfg || cfg.quiet || !e) return null;
    var p = e.page != null ? page(e.page) : null, t = e.type, r = {}, x = r.extensions = {}, d;
    if (e.page != null && !p) return null;
    if (t == "course") return courseResult(e);
    if (t == "progress") {
      // Reported progress only rises, and ends with completed (cmi5 9.5.5.1): a page that is
      // no longer finished (the learner went back into a scenario) does not take it back.
      var pc = Math.round(Math.min(1, Math.max(0, e.value)) * 100);
      if (sent.completed || pc <= (sent.progress || 0)) return null;
      sent.progress = x[PROGRESS] = pc; store(sentKey, sent);
      return send({ verb: "progressed", object: courseActivity(), result: r });
    }
    if (!p) return null;
    if (t == "page" || t == "optout" || t == "retry") return send({ verb: { page: "experienced", optout: "skipped", retry: "attempted" }[t], object: activity(p.definition) });
    if (t == "playback") return p.playback ? send({ verb: "viewed", object: activity(p.playback), page: p }) : null;
    if (t == "ending") {
      r.completion = true;
      if (typeof e.score == "number") r.score = { scaled: e.score };
      x[EXT + "ending"] = { id: e.ending, label: e.label || null };
      return send({ verb: "completed", object: activity(p.definition), result: r });
    }
    // An answer: one "answered" statement about the item's interaction activity.
    d = t == "choice" ? p.nodes && p.nodes[e.node] : t == "reflection" ? find(p.prompts, e.prompt)
      : t == "rating" ? find(p.dimensions, e.dimension) : find(p.questions, e.question);
    if (!d || !d.definition) return null;
    if (t == "choice") {
      r.response = String(e.choice);
      x[EXT + "state-before"] = e.before || {};
      x[EXT + "state-after"] = e.after || {};
    } else if (t == "quiz") {
      r.success = !!e.correct;
      r.response = (e.response || []).join("[,]");
    } else if (t == "rating") {
      var scale = e.scale || p.scale;
      r.response = rid(typeof e.value == "number" ? scale[e.value] : e.value, scale, d.definition.scale);
    } else if (t == "coaching") {
      var feelings = feelingIds(e.feelings);
      if (d.definition.interactionType == "choice") r.response = feelings.join("[,]");
      else {
        text(e.text, r);
        if (feelings.length) x[EXT + "feelings"] = feelings;
      }
    } else if (t == "reflection") {
      // Private prompts never leave the browser: not their text, only their length.
      if (e.private || d.private) x[EXT + "length"] = e.text ? e.text.length : e.length || 0;
      else text(e.text, r);
    } else return null;
    if (!Object.keys(x).length) delete r.extensions;
    return send({ verb: "answered", object: activity(d.definition), result: r, page: p });
  }

  // completed/passed/failed of the course, each at most once per registration. cmi5
  // packages leave this to their adapter (the cmi5-defined statements).
  function courseResult(e) {
    if (cfg.cmi5) { // the adapter sent completed: progress ends here too
      if (e.completed && !sent.completed) { sent.completed = true; store(sentKey, sent); }
      return null;
    }
    var verbs = [], out = null, was = JSON.stringify(sent);
    if (e.completed) verbs.push("completed");
    if (e.passed === true && !sent.passed) verbs.push("passed");
    if (e.passed === false && !sent.passed) verbs.push("failed");
    verbs.forEach(function (v) {
      if (sent[v]) return;
      sent[v] = true; store(sentKey, sent);
      var r = { duration: duration() };
      if (v == "completed") r.completion = true; else r.success = v == "passed";
      if (typeof e.scaled == "number") r.score = { scaled: e.scaled };
      out = send({ verb: v, object: courseActivity(), result: r });
    });
    // The adapter keeps them in the LRS too (TinCan: the State API document), so another
    // device does not send them again.
    if (cfg.remember && JSON.stringify(sent) != was) {
      var results = {};
      ["completed", "passed", "failed"].forEach(function (v) { if (sent[v] === true) results[v] = true; });
      cfg.remember(results);
    }
    return out;
  }

  // The head of `list`: at most `max` statements and `bytes` bytes (at least one).
  function take(list, max, bytes) {
    var out = [], size = 2;
    for (var i = 0; i < list.length && out.length < max; i++) {
      size += (list[i].b = list[i].b || new Blob([list[i].s]).size) + 1;
      if (out.length && size > bytes) break;
      out.push(list[i]);
    }
    return out;
  }

  function body(batch) { return "[" + batch.map(function (x) { return x.s; }).join(",") + "]"; }

  function forget(batch) {
    queue = queue.filter(function (x) { return batch.indexOf(x) < 0; });
    batch.forEach(function (x) { try { localStorage.removeItem(x.k); } catch (e) { /* gone */ } });
  }

  // 2xx stored; 409 with one statement: the LRS has it already (delivered). Any other 4xx
  // for a batch: resend its statements one by one to find the bad one; a single bad
  // statement is set aside in the dead-letter key, not retried forever.
  function settle(batch, status) {
    if (!status) return false; // no answer (network down, timed out): retry
    // 401: the credential is refused, not the statements. Resending cannot help while this
    // page has that credential: they stay queued for the next launch (another credential).
    if (status == 401) {
      console.error("empathy xAPI: the LRS refused the credential (401); " + queue.length +
        " statement(s) stay queued in this browser for the next launch");
      refused = true;
      return false;
    }
    if (status < 300 || status == 409 && batch.length == 1) { forget(batch); return true; }
    if (status >= 400 && status < 500 && status != 408 && status != 429) {
      // A cmi5 LMS refuses (403) whatever comes for a session that has ended (cmi5 9.3.8):
      // a batch all of earlier sessions is set aside whole, not resent one by one.
      if (batch.length > 1 && !(status == 403 && batch.every(earlier))) { solo = batch.length; return true; }
      forget(batch);
      bury(batch, true);
      // The adapter hears at once (cmi5 asks the LRS itself, while the session still runs).
      if (cfg.refused) batch.forEach(function (x) { cfg.refused(JSON.parse(x.s)); });
      // An earlier session's may be stored already: its last ones went with keepalive as
      // the page closed, and no answer could be read. Those the LRS has were delivered.
      (batch.length > 1 || earlier(batch[0]) ? stored(batch.slice(0, LOOKUPS)) : Promise.resolve([])).then(function (found) {
        bury(found, false);
        var rest = batch.filter(function (x) { return found.indexOf(x) < 0; });
        if (rest.length) console.error("empathy xAPI: the LRS refused " + (rest.length > 1 ? rest.length + " statements of an ended session" : "a statement") +
          " (" + status + "); set aside", rest.length > 1 ? "" : rest[0].s);
      });
      return true;
    }
    return false;
  }
  /* Keep (or, KEEP false, no longer keep) `batch` in the dead-letter key. */
  function bury(batch, keep) {
    var texts = batch.map(function (x) { return x.s; }), dead = (store(key + ":dead") || []).filter(function (s) { return texts.indexOf(s) < 0; });
    if (keep) dead = dead.concat(texts);
    if (batch.length) store(key + ":dead", dead.slice(-DEAD_MAX)); // the oldest go first: storage is small
  }
  /* Those of `batch` the LRS has (GET statementId answers 200). */
  function stored(batch) {
    return Promise.all(batch.map(function (x) {
      return request("GET", "statements", { statementId: JSON.parse(x.s).id }).then(function (r) { return r.ok; }, function () { return false; });
    })).then(function (has) { return batch.filter(function (x, i) { return has[i]; }); });
  }
  function earlier(x) { // (without the LMS's session ids, nothing is known to be earlier)
    var id = ((JSON.parse(x.s).context || {}).extensions || {})[CMI5_SESSION];
    return cfg.cmi5 && id != null && id != cfg.sessionId;
  }

  function retryLater() {
    if (refused) return;
    var wait = Math.min(60000, 1000 * Math.pow(2, attempt++)) * (0.5 + Math.random() / 2);
    timer = setTimeout(flush, wait);
  }

  /** Send everything queued, batch after batch; resolves when the queue is empty or a
      retry is scheduled. Never rejects. */
  function flush() {
    clearTimeout(timer); timer = 0;
    if (!cfg || busy || hiding || refused) return busy || Promise.resolve();
    if (!queue.length) return Promise.resolve();
    // A retry resends exactly the same batch (same ids, same bytes).
    var batch = inflight || (inflight = take(queue, solo ? 1 : cfg.batch, 1e6));
    busy = request("POST", "statements", null, body(batch)).then(function (res) {
      return res.status;
    }, function () { return 0; }).then(function (status) {
      busy = null;
      if (settle(batch, status)) {
        if (solo && batch.length == 1) solo--; // one of a split batch is settled
        inflight = null; attempt = 0;
        return flush();
      }
      retryLater();
    });
    return busy;
  }

  // Leaving the page: hand what is queued to the browser with keepalive, and so every
  // statement queued after this (the adapter's "terminated"). The statements stay queued
  // until an answer is seen; a resend after reload meets an LRS that already has them
  // (same ids) and is settled as delivered.
  // The budget (`kept`) is shared with the adapter's state document, which claims its part
  // first (its pagehide listener runs before this one).
  var hiding = false, handed = [];
  function beacon() {
    var rest = queue.filter(function (s) { return handed.indexOf(s) < 0; }), k = {}, i;
    for (i in cfg) k[i] = cfg[i];
    k.keepalive = true;
    while (cfg && !refused && rest.length) {
      // One request with all that fits (not batches of cfg.batch): requests sent together
      // may arrive in any order, and cmi5's terminated must come last.
      var batch = take(rest, Infinity, KEEPALIVE_MAX - kept), text = body(batch);
      if (!keepalive(bytes(text))) return; // over the browser's limit: the next load sends them
      handed = handed.concat(batch);
      rest = rest.slice(batch.length);
      request("POST", "statements", null, text, k).then(function (res) {
        // As in settle(): 409 proves only that one of a batch was stored already.
        if (res.ok || res.status == 409 && this.length == 1) forget(this);
      }.bind(batch), function () { /* still queued */ });
    }
  }
  W.addEventListener("pagehide", function () { hiding = true; handed = []; if (cfg) beacon(); });
  W.addEventListener("pageshow", function (ev) { if (ev.persisted) { hiding = false; kept = 0; flush(); } });
  W.addEventListener("online", function () { if (timer) flush(); });

  /** Start sending as `o.actor` to `o.endpoint`; without an endpoint stay idle. */
  function configure(o) {
    if (!o || !o.endpoint || !o.actor || !o.course) return false;
    course = o.course;
    cfg = {
      endpoint: o.endpoint.replace(/\/?$/, "/"), auth: o.auth || null, actor: o.actor,
      registration: o.registration || null, activityId: o.activityId || null, version: o.version || "1.0.3",
      contextTemplate: o.contextTemplate || null, cmi5: !!o.cmi5, quiet: !!o.quiet,
      sessionId: o.sessionId || uuid(), batch: o.batch || 50, delay: o.delay == null ? 200 : o.delay,
      remember: o.remember || null, refused: o.refused || null
    };
    if (o.started) started = o.started;
    refused = false;
    // One queue per endpoint and learner: on a shared browser, one learner's statements
    // never go out with the next learner's credential.
    key = "empathy-xapi:" + cfg.endpoint + "#" + who(cfg.actor);
    queue = [];
    try {
      for (var i = 0; i < localStorage.length; i++) {
        var k = localStorage.key(i);
        if (k.indexOf(key + ":q:") == 0) queue.push({ k: k, s: localStorage.getItem(k) });
      }
    } catch (e) { /* no storage: the queue lives in memory only */ }
    queue.sort(function (a, b) { return a.k < b.k ? -1 : 1; }); // keys start with the timestamp
    sentKey = key + ":sent:" + course.id + ":" + (cfg.registration || "");
    sent = store(sentKey) || {};
    for (var v in o.sent || {}) if (o.sent[v] === true) sent[v] = true; // known to the LRS (State API)
    flush();
    return true;
  }

  /** An actor in xAPI 1.0 form; TinCan's legacy form has arrays (`"mbox": ["mailto:..."]`,
      `"account": [{"accountServiceHomePage", "accountName"}]`). */
  function agent(a) {
    if (!a || typeof a != "object") return null;
    var o = { objectType: "Agent" }, one = function (v) { return Array.isArray(v) ? v[0] : v; };
    if (a.name) o.name = String(one(a.name));
    var acc = one(a.account), mbox = one(a.mbox);
    if (acc) o.account = { homePage: acc.homePage || acc.accountServiceHomePage, name: String(acc.name != null ? acc.name : acc.accountName) };
    else if (mbox) o.mbox = /^mailto:/.test(mbox) ? mbox : "mailto:" + mbox;
    else if (a.mbox_sha1sum) o.mbox_sha1sum = one(a.mbox_sha1sum);
    else if (a.openid) o.openid = one(a.openid);
    else return null;
    return o;
  }

  /** The learner's identifier (IFI) as one string. */
  function who(a) {
    return a.account ? a.account.homePage + "|" + a.account.name : a.mbox || a.openid || a.mbox_sha1sum;
  }

  function remembered(k) { var v = store(k); if (!v) store(k, v = uuid()); return v; }

  /** Settings for SCORM and web packages: launch parameters `?endpoint=&auth=&actor=`
      (and `registration`) win over course.xapi; without an actor the LMS learner becomes
      an account on course.xapi.homePage (an anonymous id kept in this browser when no
      LMS is there). Null when no endpoint is set. */
  function settings(c, learner) {
    var q = new URLSearchParams(location.search), x = c.xapi || {}, actor = null;
    var endpoint = q.get("endpoint") || x.endpoint;
    if (!endpoint) return null;
    try { actor = agent(JSON.parse(q.get("actor"))); } catch (e) { /* no actor given */ }
    if (!actor) {
      actor = { objectType: "Agent", account: { homePage: x.homePage || location.origin,
        name: learner && learner.id || remembered("empathy-learner") } };
      if (learner && learner.name) actor.name = learner.name;
    }
    var learner = actor.account ? actor.account.name : actor.mbox || actor.openid || actor.mbox_sha1sum;
    // The packaged credential goes only to the packaged endpoint, never to one in the address.
    var auth = q.get("auth") || (endpoint == x.endpoint ? x.auth : null);
    return { endpoint: endpoint, auth: auth, actor: actor, course: c, version: x.version,
      registration: q.get("registration") || remembered("empathy-registration:" + c.id + ":" + learner) };
  }

  /** The resume point of a cmi5 or TinCan launch: the State API document STATE_ID
      (`{s, l, t, done}`) named by `where` (activityId, agent, registration) on `lrs`
      ({endpoint, auth, version}), with a copy in localStorage under `copyKey` for when the
      LRS cannot be reached (the newer of the two wins). Without `lrs` only the copy is
      kept. Writes go one after another so the last save wins; while the page goes away
      (`write(true)`) the document is handed to the browser once, within the keepalive
      budget, before the statements claim the rest. */
  function resume(copyKey, lrs, where, name) {
    var doc = { s: null, l: null, done: {} }, writing = Promise.resolve(), handedDoc = null, at = {}, k, flying = null, latest = null;
    for (k in where || {}) at[k] = where[k];
    at.stateId = STATE_ID;
    function put(text, leaving) {
      var opt = { endpoint: lrs.endpoint, auth: lrs.auth, version: lrs.version, keepalive: leaving };
      // An earlier write still on its way could land after the last one and undo it: the
      // last one (the page going away) cancels it first.
      if (leaving && flying) flying.abort();
      else if (!leaving && W.AbortController) opt.ctl = flying = new AbortController();
      return request("PUT", "activities/state", at, text, opt).then(function (r) {
        if (!r.ok) console.error("empathy " + name + ": state not saved (" + r.status + ")");
      }).catch(function (e) { console.error("empathy " + name + ": state not saved", e); });
    }
    return {
      doc: doc,
      load: function () {
        var got = !lrs ? Promise.resolve(null) : request("GET", "activities/state", at, null, lrs)
          .then(function (r) { return r.ok ? r.json() : null; }).catch(function () { return null; });
        return got.then(function (saved) {
          var copy = store(copyKey);
          saved = saved && copy && copy.t > saved.t ? copy : saved || copy;
          if (saved) { doc.s = saved.s || null; doc.l = saved.l || null; doc.done = saved.done || {}; }
          return doc;
        });
      },
      write: function (leaving) {
        doc.t = Date.now();
        store(copyKey, doc);
        if (!lrs) return writing;
        var text = JSON.stringify(doc), same = JSON.stringify([doc.s, doc.l, doc.done]);
        // Writes wait for the one before; when its turn comes, one that a newer write
        // replaced (or the page's last one, handed over as it went) is not sent: landing
        // after the newer one, it would put an older resume point back.
        if (!leaving) {
          latest = text;
          return (writing = writing.then(function () { return text === latest ? put(text, false) : null; }));
        }
        // The page is going: no time to wait for earlier writes.
        if (same == handedDoc) return Promise.resolve();
        if (!keepalive(bytes(text))) {
          console.warn("empathy " + name + ": the resume point is too big to send as the page closes; it stays in this browser");
          return Promise.resolve();
        }
        handedDoc = same;
        latest = text;
        return put(text, true);
      },
      hidden: function () { handedDoc = null; } // a new pagehide: hand the document over again
    };
  }

  W.EmpathyXAPI = {
    agent: agent, settings: settings, session: session,
    configure: configure, record: record, flush: flush, send: send, request: request,
    uuid: uuid, duration: duration, activity: activity, timed: timed, within: within,
    bytes: bytes, keepalive: keepalive, resume: resume,
    pending: function () { return queue.length; },
    key: function () { return key; },
    dead: function () { return store(key + ":dead") || []; },
    config: function () { return cfg; }
  };
})(window);
