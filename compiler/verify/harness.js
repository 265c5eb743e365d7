/* A test LMS: the page an SCO is launched from, built on scorm-again.
 *
 * Loaded by lms.html after scorm-again's browser bundle. Query parameters:
 *   sco     URL of the SCO to launch (relative to this page), required
 *   api     "1.2" (window.API, Scorm12API) or "2004" (window.API_1484_11, Scorm2004API)
 *   depth   frames between this page and the SCO (default 1: the SCO in one iframe)
 *   popup   "1": open the SCO in a popup window instead (it finds the API via opener)
 *   cmi     JSON object of flattened CMI loaded before the SCO starts (or window.harnessCMI,
 *           set by an init script when it is too long for a URL): what the LMS
 *           knows (mastery from the manifest, entry=resume and saved data on a relaunch)
 *   learner_id, learner_name   the learner (defaults: "learner-1", "Rivera, Sam")
 *   role    "frame": an intermediate frame of a nested launch (no API here)
 *
 * Every call the SCO makes is wrapped and recorded with its GetLastError code, because
 * scorm-again's own listeners fire even for rejected values and do not say why.
 * Results are on window.harness (read by compiler/verify/browser.py and the tests).
 */
(function () {
  "use strict";
  var query = new URLSearchParams(location.search);
  var sco = query.get("sco");
  var depth = parseInt(query.get("depth") || "1", 10);

  function launchFrame(src) {
    var frame = document.createElement("iframe");
    frame.src = src;
    frame.title = "Course";
    frame.name = "sco-frame-" + depth;
    frame.style.cssText = "border:0;width:100%;height:100%;display:block";
    document.body.style.cssText = "margin:0;height:100vh";
    document.body.appendChild(frame);
    return frame;
  }

  function childSrc() {
    if (depth <= 1) return sco;
    var next = new URLSearchParams();
    next.set("role", "frame");
    next.set("sco", sco);
    next.set("depth", String(depth - 1));
    return location.pathname.split("/").pop() + "?" + next.toString();
  }

  function whenReady(fn) {
    if (document.body) fn(); else document.addEventListener("DOMContentLoaded", fn);
  }

  if (query.get("role") === "frame") {  // a plain frame in the chain: no API here
    whenReady(function () { launchFrame(childSrc()); });
    return;
  }

  var version = query.get("api") === "2004" ? "2004" : "1.2";
  var settings = {autocommit: false, lmsCommitUrl: false, logLevel: 5};
  var api = version === "2004" ? new window.Scorm2004API(settings) : new window.Scorm12API(settings);
  var names = version === "2004"
    ? {init: "Initialize", finish: "Terminate", get: "GetValue", set: "SetValue", commit: "Commit",
       err: "GetLastError", errString: "GetErrorString", diag: "GetDiagnostic"}
    : {init: "LMSInitialize", finish: "LMSFinish", get: "LMSGetValue", set: "LMSSetValue",
       commit: "LMSCommit", err: "LMSGetLastError", errString: "LMSGetErrorString",
       diag: "LMSGetDiagnostic"};

  var harness = {
    version: version,
    api: api,
    calls: [],      // [{fn, args, result, error, at}] for every API function the SCO calls
    sets: [],       // [element, value, errorCode] for every SetValue
    errors: [],     // calls whose GetLastError was not "0": {fn, args, error, message}
    terminated: false,
    launched: false,
    popup: null,
    cmi: function () { return api.getFlattenedCMI(); },
    count: function (fn) {
      return harness.calls.filter(function (c) { return c.fn === names[fn] || c.fn === fn; }).length;
    },
  };
  window.harness = harness;

  var known = {};
  var learnerId = query.get("learner_id") || "learner-1";
  var learnerName = query.get("learner_name") || "Rivera, Sam";
  if (version === "2004") {
    known["cmi.learner_id"] = learnerId;
    known["cmi.learner_name"] = learnerName;
  } else {
    known["cmi.core.student_id"] = learnerId;
    known["cmi.core.student_name"] = learnerName;
  }
  // (or window.harnessCMI, set before this page loads: a relaunch's CMI may be too long for a URL)
  if (window.harnessCMI || query.get("cmi")) {
    var given = window.harnessCMI || JSON.parse(query.get("cmi"));
    Object.keys(given).forEach(function (k) { known[k] = given[k]; });
  }
  api.loadFromFlattenedJSON(known);

  // Wrap each API function the SCO may call; error queries are not recorded (the SCO
  // asking what went wrong is not itself a call that can fail).
  ["init", "finish", "get", "set", "commit"].forEach(function (key) {
    var fn = names[key];
    var original = api[fn].bind(api);
    api[fn] = function () {
      var args = Array.prototype.slice.call(arguments);
      var result = original.apply(null, args);
      var code = String(api[names.err]());
      var call = {fn: fn, args: args, result: String(result), error: code, at: Date.now()};
      harness.calls.push(call);
      if (key === "set") harness.sets.push([String(args[0]), String(args[1]), code]);
      if (code !== "0") {
        harness.errors.push({fn: fn, args: args, error: code,
                             message: String(api[names.errString](code)),
                             diagnostic: String(api[names.diag](code))});
      }
      if (key === "finish" && String(result) === "true") harness.terminated = true;
      return result;
    };
  });

  if (version === "2004") window.API_1484_11 = api; else window.API = api;

  function launch() {
    harness.launched = true;
    if (query.get("popup") === "1") {
      harness.popup = window.open(sco, "sco-popup");
      if (!harness.popup) harness.errors.push({fn: "window.open", args: [sco], error: "popup blocked"});
    } else {
      launchFrame(childSrc());
    }
  }
  whenReady(launch);
})();
