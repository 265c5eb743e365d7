/* A generic learner: walks any empathy package to its end through the DOM hooks of
 * docs/design.md only (data-act buttons, data-field textareas, data-feeling and
 * data-option inputs). Injected into the SCO's frame by `empathy verify` and the tests.
 *
 *   EmpathyWalker.plan({choices: {PAGE: [ids]}, options: {PAGE: [[ids], ...]}, text: "..."})
 *       choices: per scenario page, the choice ids to take in order when offered (else
 *                the least taken one, so loops in a scenario are left eventually);
 *       options: per page, the option ids to tick in each option group (a quiz question,
 *                a rating dimension), groups in page order (else the first option);
 *       text:    what to type into text fields (repeated up to their minimum length).
 *   EmpathyWalker.step() -> {act, detail, from, page}
 *       does ONE thing a learner would do and says what; act "finish" when the finish
 *       button was pressed, "stuck" when nothing on the page can be done, "wait" (nothing
 *       done) while <main> is aria-busy (a page still loading part of itself).
 *   EmpathyWalker.run(maxSteps) -> Promise<[steps]>
 *       steps until finish, stuck or maxSteps, letting the page settle between steps.
 */
(function () {
  "use strict";
  var plan = {choices: {}, options: {}, text: null};
  var taken = {};          // choice id -> times taken
  // A button is pressed at most once per "epoch", known by its action and its position
  // among the buttons of that action (players re-render, so elements are not stable).
  // The epoch moves on whenever the learner gets somewhere (another page, a choice taken,
  // an answer typed or ticked): a persistent "next" works on every page, and a "submit"
  // whose item was re-rendered after answering is not pressed again.
  var epoch = 0;
  var pressed = {};              // "act:position:epoch" -> true
  var lastPage = null;
  var MIN_TEXT = 160;            // the DOM gives no minimum length unless minlength is set
  var DEFAULT_TEXT = "I noticed the customer was worried and I listened before explaining.";

  function visible(el) {
    if (!el || el.disabled || el.hidden) return false;
    if (el.closest("[hidden],[inert]")) return false;
    var style = window.getComputedStyle(el);
    if (style.visibility === "hidden" || style.display === "none") return false;
    return el.getClientRects().length > 0;
  }

  function all(selector) {
    var scope = document.getElementById("main") || document;
    return Array.prototype.filter.call(scope.querySelectorAll(selector), visible);
  }

  function act(name) { return all('button[data-act="' + name + '"]'); }

  function keyOf(el, position) {
    // The item a button belongs to, when the player marks items (data-item), survives
    // re-rendering and buttons that vanish once answered; else the button's position.
    var holder = el.closest("[data-item]");
    var where = holder ? "item" + holder.getAttribute("data-item") : String(position);
    return el.getAttribute("data-act") + ":" + where + ":" + epoch;
  }

  function fresh(list) {
    return list.filter(function (el, i) { return !pressed[keyOf(el, i)]; });
  }

  function press(el, position) {
    pressed[keyOf(el, position || 0)] = true;
    el.scrollIntoView({block: "center"});
    el.click();
  }

  function group(input) {  // the question or dimension an option/feeling belongs to
    return input.closest("fieldset") || input.closest("[data-item]") || input.closest("form") ||
      input.closest("section") || document.body;
  }

  function fillText() {
    var fields = all("textarea[data-field], input[type=text][data-field]").filter(function (f) {
      var min = Math.max(f.minLength > 0 ? f.minLength : 0, 1);
      return f.value.trim().length < min;
    });
    if (!fields.length) return null;
    var field = fields[0];
    var min = Math.max(field.minLength > 0 ? field.minLength : 0, MIN_TEXT);
    var text = plan.text || DEFAULT_TEXT;
    while (text.length < min) text += " " + (plan.text || DEFAULT_TEXT);
    if (field.maxLength > 0 && text.length > field.maxLength) text = text.slice(0, field.maxLength);
    field.focus();
    field.value = text;
    field.dispatchEvent(new Event("input", {bubbles: true}));
    field.dispatchEvent(new Event("change", {bubbles: true}));
    epoch++;
    return {act: "type", detail: field.getAttribute("data-field")};
  }

  function tickGroups(selector, attr, planned) {
    var inputs = all(selector);
    var groups = [];
    inputs.forEach(function (input) {
      var g = group(input);
      if (groups.indexOf(g) < 0) groups.push(g);
    });
    for (var i = 0; i < groups.length; i++) {
      var members = inputs.filter(function (input) { return group(input) === groups[i]; });
      if (members.some(function (m) { return m.checked; })) continue;
      var preferred = (planned && planned[i]) || [];
      var wanted = members.filter(function (m) { return preferred.indexOf(m.getAttribute(attr)) >= 0; });
      var picks = wanted.length ? wanted : [members[0]];
      picks.forEach(function (m) { m.click(); });
      epoch++;
      return {act: "tick", detail: picks.map(function (m) { return m.getAttribute(attr); }).join(",")};
    }
    return null;
  }

  function chooseChoice() {
    var buttons = act("choice");
    if (!buttons.length) return null;
    var ids = buttons.map(function (b) { return b.getAttribute("data-choice"); });
    var pick = null;
    var queue = plan.choices[lastPage] || [];
    if (queue.length && ids.indexOf(queue[0]) >= 0) {
      pick = buttons[ids.indexOf(queue.shift())];
    }  // a planned choice not offered here: fall back, and keep the plan
    if (pick === null) {
      pick = buttons.slice().sort(function (a, b) {
        return (taken[a.getAttribute("data-choice")] || 0) - (taken[b.getAttribute("data-choice")] || 0);
      })[0];
    }
    var id = pick.getAttribute("data-choice");
    taken[id] = (taken[id] || 0) + 1;
    press(pick);
    epoch++;
    return {act: "choice", detail: id};
  }

  function clickFirst(name) {
    var all = act(name), buttons = fresh(all);
    if (!buttons.length) return null;
    press(buttons[0], all.indexOf(buttons[0]));
    return {act: name, detail: buttons[0].textContent.trim().slice(0, 60)};
  }

  function busy() {
    var main = document.getElementById("main");
    return !!main && main.getAttribute("aria-busy") === "true";
  }

  function step() {
    var page = document.documentElement.dataset.page || null;
    // A page still loading part of itself says so (aria-busy): a learner waits too.
    if (busy()) return {act: "wait", detail: "the page is busy", from: page, page: page};
    if (page !== lastPage) { lastPage = page; epoch++; }
    var result =
      clickFirst("accept-warning") ||
      fillText() ||
      tickGroups("input[data-feeling]", "data-feeling", null) ||
      tickGroups("input[data-option]", "data-option", plan.options[page]) ||
      clickFirst("submit") ||
      clickFirst("continue") ||
      chooseChoice() ||
      clickFirst("next") ||
      clickFirst("finish") ||
      {act: "stuck", detail: "no control a learner could use"};
    result.from = page;  // where the learner was when acting
    result.page = document.documentElement.dataset.page || null;  // and where they are now
    return result;
  }

  function settle() {
    return new Promise(function (resolve) { setTimeout(function () { setTimeout(resolve, 0); }, 0); });
  }

  function run(maxSteps) {
    var steps = [], waited = 0;
    function next() {
      if (busy()) {  // not a step: wait for the page, but not for ever (10 s)
        if (++waited > 500) {
          steps.push({act: "stuck", detail: "the page stayed busy (aria-busy) for 10 s",
                      page: document.documentElement.dataset.page || null});
          return steps;
        }
        return new Promise(function (r) { setTimeout(r, 20); }).then(next);
      }
      if (steps.length >= maxSteps) {
        steps.push({act: "stuck", detail: "still going after " + maxSteps + " steps",
                    page: document.documentElement.dataset.page || null});
        return steps;
      }
      var result = step();
      steps.push(result);
      if (result.act === "finish" || result.act === "stuck") return steps;
      return settle().then(next);
    }
    return Promise.resolve().then(next);
  }

  window.EmpathyWalker = {
    plan: function (p) {
      p = p || {};
      var choices = {};
      Object.keys(p.choices || {}).forEach(function (k) { choices[k] = p.choices[k].slice(); });
      plan = {choices: choices, options: p.options || {}, text: p.text || null};
    },
    step: step,
    run: run,
    taken: function () { return JSON.parse(JSON.stringify(taken)); },
  };
})();
