/* empathy SCORM 2004 answers: player events -> cmi.interactions (CONFORMANCE.md 15-17).
   Shipped inside assets/kinds.js of SCORM 2004 packages (every answer is given on a page
   kinds.js draws); the adapter (scorm2004.js) hands over COURSE and its GET and SET at the
   first answer. */
(function (W) {
  "use strict";

  W.EmpathyAnswers = function (course, get, set) {
    var n = parseInt(get("cmi.interactions._count"), 10) || 0;
    function stamp() { return new Date().toISOString().replace(/(\.\d\d)\dZ$/, "$1Z"); } // 2026-01-01T10:00:00.00Z
    function rid(s) { return String(s).replace(/[^A-Za-z0-9_.:-]+/g, "-").slice(0, 250) || "x"; }
    // Feeling and scale ids are the compiler's (docs/design.md): read from the definition
    // by the label's index.
    function component(label, labels, comps) {
      var i = (labels || []).indexOf(label);
      return comps && comps[i] ? comps[i].id : rid(label);
    }

    function find1(list, id) { return (list || []).filter(function (x) { return x.id == id; })[0]; }

    // One cmi.interactions.n: id first, then type, then the response (the order the RTE
    // requires); indices stay contiguous because n only moves when the id was accepted.
    function interaction(item, type, response, result, pattern, part) {
      if (!item || !item.definition) return;
      var p = "cmi.interactions." + n + ".", d = item.definition, desc = d.name && d.name[course.lang];
      // An IRI (a course id with 'é') as the URI the RTE asks for: non-ASCII percent-encoded.
      if (!set(p + "id", (d.id + (part || "")).replace(/[^\x00-\x7f]+/g, encodeURIComponent))) return;
      n++;
      set(p + "type", type);
      if (pattern != null) set(p + "correct_responses.0.pattern", pattern);
      if (response != null) set(p + "learner_response", response);
      set(p + "result", result);
      set(p + "timestamp", stamp());
      if (desc) set(p + "description", W.EmpathyState.cut(desc.replace(/[{}]/g, ""), 250));
    }

    function allowed(text, isPrivate) {
      return !isPrivate && course.xapi && course.xapi.sendReflectionText && text ? W.EmpathyState.cut(text, 4000) : null; // whole characters
    }

    return function record(e) {
      if (!e) return;
      var p = find1(course.pages, e.page) || {}, q;
      if (e.type == "choice") {
        q = p.nodes && p.nodes[e.node];
        interaction(q, "choice", rid(e.choice), "neutral");
      } else if (e.type == "quiz") {
        q = find1(p.questions, e.question);
        var right = q ? q.options.filter(function (o) { return o.correct; }).map(function (o) { return rid(o.id); }) : [];
        interaction(q, "choice", (e.response || []).map(rid).join("[,]"), e.correct ? "correct" : "incorrect", right.join("[,]"));
      } else if (e.type == "rating") {
        q = find1(p.dimensions, e.dimension);
        var scale = e.scale || p.scale;
        if (q) interaction(q, "likert", component(typeof e.value == "number" ? scale[e.value] : e.value, scale, q.definition.scale), "neutral");
      } else if (e.type == "coaching") {
        // feelings and text each their own interaction (answer "both": "<id>/feelings" + "<id>");
        // a choice response holds at most 36 ids
        var f = e.feelings || [], fid = course.feelingIds || [];
        q = find1(p.questions, e.question);
        if (q && q.answer != "text" && f.length) interaction(q, "choice", f.slice(0, 36).map(function (x) { return fid[course.feelings.indexOf(x)] || rid(x); }).join("[,]"), "neutral", null, q.answer == "both" ? "/feelings" : "");
        if (q && q.answer != "feelings" && (e.text || !f.length)) interaction(q, "long-fill-in", allowed(e.text, false), "neutral");
      } else if (e.type == "reflection") {
        q = find1(p.prompts, e.prompt);
        interaction(q, "long-fill-in", allowed(e.text, e.private || q && q.private), "neutral");
      }
    };
  };
})(window);
