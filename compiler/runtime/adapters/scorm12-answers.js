/* empathy SCORM 1.2 answers: player events -> cmi.interactions (CONFORMANCE.md 15-17).
   Shipped inside assets/kinds.js of SCORM 1.2 packages (every answer is given on a page
   kinds.js draws); the adapter (scorm12.js) hands over COURSE and its GET and SET at the
   first answer. */
(function (W) {
  "use strict";
  var CHARS = "0123456789abcdefghijklmnopqrstuvwxyz"; // 1.2 choice/likert responses are single characters

  W.EmpathyAnswers = function (course, get, set) {
    var n = parseInt(get("cmi.interactions._count"), 10) || 0;
    function two(x) { return (x < 10 ? "0" : "") + x; }
    function clock() { var d = new Date(); return two(d.getUTCHours()) + ":" + two(d.getUTCMinutes()) + ":" + two(d.getUTCSeconds()); }
    // Index characters of a response among ALL (at most 36 entries); an id not among them is left out.
    function chars(ids, all) {
      return ids.map(function (id) { return CHARS[all.indexOf(id)]; }).filter(Boolean).join(",");
    }

    function find1(list, id) { return (list || []).filter(function (x) { return x.id == id; })[0]; }
    function ids(list) { return (list || []).map(function (x) { return x.id; }); }

    // One cmi.interactions.n. The 1.2 id is a CMIIdentifier: the activity's path under the
    // course (+ PART), with only letters, digits, "_" and "-" (at most 255).
    function interaction(item, type, response, result, pattern, part) {
      if (!item || !item.definition) return;
      var p = "cmi.interactions." + n + ".", id = item.definition.id.replace(course.activityBase, "") + (part || "");
      if (!set(p + "id", id.replace(/[^A-Za-z0-9_-]+/g, "_").slice(-255))) return;
      n++;
      set(p + "type", type);
      if (pattern) set(p + "correct_responses.0.pattern", pattern);
      if (response != null) set(p + "student_response", W.EmpathyState.cut(response, 255)); // whole characters
      set(p + "result", result);
      set(p + "time", clock());
    }

    function allowed(text, isPrivate) {
      return !isPrivate && course.xapi && course.xapi.sendReflectionText && text ? String(text) : null;
    }

    // A choice among ALL (ids). 1.2 choice responses are single characters, so an item of
    // more than 36 possibilities (the feelings vocabulary) is always a fill-in of the ids,
    // cut at an id within 255 characters: decided by the item alone, never by the answer.
    // IDS, when given, are the ids to write for ALL (feelings: the compiler's feelingIds).
    function choice(q, picked, all, result, right, part, ids) {
      if (all.length <= CHARS.length) return interaction(q, "choice", chars(picked, all), result, right && chars(right, all), part);
      var s = picked.map(function (x) { return ids ? ids[all.indexOf(x)] : x; }).join(",");
      interaction(q, "fill-in", s.length > 255 ? s.slice(0, 256).replace(/,[^,]*$/, "") : s, result, null, part);
    }

    return function record(e) {
      if (!e) return;
      var p = find1(course.pages, e.page) || {}, q, f = e.feelings || [];
      if (e.type == "choice") {
        q = p.nodes && p.nodes[e.node];
        if (q) choice(q, [e.choice], ids(q.choices), "neutral");
      } else if (e.type == "quiz") {
        q = find1(p.questions, e.question);
        if (q) choice(q, e.response || [], ids(q.options), e.correct ? "correct" : "wrong",
                      ids(q.options.filter(function (o) { return o.correct; })));
      } else if (e.type == "rating") {
        q = find1(p.dimensions, e.dimension);
        var scale = e.scale || p.scale || [], v = typeof e.value == "number" ? scale[e.value] : e.value;
        interaction(q, "likert", chars([v], scale), "neutral");
      } else if (e.type == "coaching") {
        // feelings and text each their own interaction (answer "both": "<id>_feelings" + "<id>")
        q = find1(p.questions, e.question);
        if (q && q.answer != "text" && f.length) choice(q, f, course.feelings, "neutral", null, q.answer == "both" ? "/feelings" : "", course.feelingIds);
        if (q && q.answer != "feelings" && (e.text || !f.length)) interaction(q, "fill-in", allowed(e.text, false), "neutral");
      } else if (e.type == "reflection") {
        q = find1(p.prompts, e.prompt);
        interaction(q, "fill-in", allowed(e.text, e.private || q && q.private), "neutral");
      }
    };
  };
})(window);
