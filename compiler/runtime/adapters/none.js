/* empathy adapter "none": no LMS. Progress stays in this browser's localStorage (keyed by
   the course id); statements go to an LRS when course.xapi.endpoint or the launch
   parameters ?endpoint=&auth=&actor= name one. Interface: docs/design.md. */
(function (W) {
  "use strict";
  var key = "", X = null, done = false;

  W.EmpathyLMS = {
    name: "none",
    maxStateLength: Infinity,
    start: function (course) {
      key = "empathy:" + course.id;
      var saved = null;
      try { saved = JSON.parse(localStorage.getItem(key)); } catch (e) { /* private mode */ }
      X = W.EmpathyXAPI;
      var x = X && X.settings(course, null);
      if (x && X.configure(x)) X.session("initialized");
      // The player finishes on pagehide; this later listener covers a player that did not.
      setTimeout(function () { W.addEventListener("pagehide", function (ev) { if (!ev.persisted) finish(); }); }, 0);
      return Promise.resolve({
        resume: saved && saved.s || null, location: saved && saved.l || null, learner: null,
        mode: "normal", mastery: course.mastery, moveOn: null, xapi: x || null
      });
    },
    save: function (state, location) {
      try { localStorage.setItem(key, JSON.stringify({ s: state, l: location })); } catch (e) {
        console.error("empathy: cannot keep progress in this browser", e);
      }
    },
    record: function () {},
    setStatus: function () {},
    finish: finish
  };

  function finish() {
    if (done || !X || !X.config()) return Promise.resolve();
    done = true;
    X.session("terminated");
    return X.flush();
  }

})(window);
