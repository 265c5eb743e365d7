/* empathy runtime: the learner's player (core). Reads course.json from the page, renders one
   page at a time into <main>, keeps the learner state (EmpathyState), and reports to the
   adapter (window.EmpathyLMS) and the statement queue (window.EmpathyXAPI).
   Content pages are rendered here; the interactive kinds (scenario, coaching, reflection,
   self-rating, quiz, example) live in kinds.js, fetched the first time such a page is shown,
   so a learner's first page downloads only what it needs (docs/design.md, Runtime).
   Contracts: docs/design.md (course.json, player events, DOM hooks). Learner text is only
   ever set with textContent or .value; only course HTML rendered at build time uses innerHTML. */
(function () {
  'use strict';
  var doc = document, root = doc.documentElement;
  var LMS = window.EmpathyLMS, ES = window.EmpathyState;
  var course, S, pages, byId = Object.create(null), st, launch = {}, main, live, textKey; // (#constructor is no page)
  var session = {};      // per page, this visit only: {playback, revealed:{}}
  var lastStatus = '', lastProgress = -1, finishing = false;
  // Deferred files sit beside this one: its folder is read now, while this script runs.
  var me = doc.currentScript, assets = me && me.src ? me.src.replace(/[^\/]*$/, '') : 'assets/';
  var KINDS = {};   // kind -> renderer, from kinds.js: every kind but 'page'
  var loads = {}, renders = 0, asking;

  // ------------------------------------------------------------------ small helpers
  function t(key, vars) {
    return String(S[key] || key).replace(/\{(\w+)\}/g, function (m, k) { return vars && k in vars ? vars[k] : m; });
  }
  function h(tag, props, kids) {
    var e = doc.createElement(tag), k, v;
    for (k in props || {}) {
      v = props[k];
      if (v == null || v === false) continue;
      if (k === 'text') e.textContent = v;
      else if (k === 'html') e.innerHTML = v;
      else if (k === 'value') e.value = v;
      else if (k === 'checked' || k === 'disabled') e[k] = true;
      else e.setAttribute(k, v === true ? '' : v);
    }
    (kids || []).forEach(function (c) { if (c) e.appendChild(c); });
    return e;
  }
  function btn(act, text, extra) {
    var p = { type: 'button', 'data-act': act, text: text }, k;
    for (k in extra || {}) p[k] = extra[k];
    return h('button', p);
  }
  // Emptied first so that the same words twice are still announced; a theme may leave the region out.
  /* Announce TEXT (polite). What is said in the same moment is said together: "the course is
     complete" is not replaced 2 ms later by the page's announcement. */
  var saying = null;
  function say(text) {
    if (!live) return;
    if (saying) { if (saying.indexOf(text) < 0) saying.push(text); return; }
    saying = [text];
    live.textContent = '';
    setTimeout(function () { live.textContent = saying.join(' '); saying = null; }, 50);
  }
  function pct(x) { return Math.round(x * 100); }
  function emit(e) {
    try { LMS.record(e); } catch (x) { /* reporting must never break the learner's page */ }
    try { if (window.EmpathyXAPI) window.EmpathyXAPI.record(e); } catch (x) { /* same */ }
  }
  /* The answers of a page, one entry per item (null: not answered). Not stored until the
     learner answers, so unanswered pages cost nothing in the suspend data. */
  function answers(pi) {
    var n = itemsOf(pages[pi]).length, a = (st.answers[pi] || []).slice();
    while (a.length < n) a.push(null);
    return a;
  }
  function itemsOf(p) { return p.questions || p.prompts || p.dimensions || []; }
  function ids(p) { return p._ids || (p._ids = Object.keys(p.nodes || {})); }
  function names(p) { return Object.keys(p.state || {}); }
  function quizRight(q, a) {
    return q.options.every(function (o, k) { return !!o.correct === (a.indexOf(k) >= 0); });
  }

  // ------------------------------------------------------------------ the deferred kinds
  /* Runs the script `file` of the assets folder once, or applies the stylesheet (one retry
     on error); resolves when it has. Also for adapters (EmpathyPlayer.load), e.g. for a
     deferred xapi.js. */
  function load(file) {
    return loads[file] || (loads[file] = new Promise(function (ok, fail) {
      function attempt(left) {
        var css = /css$/.test(file), s = doc.createElement(css ? 'link' : 'script');
        if (css) s.rel = 'stylesheet';
        s[css ? 'href' : 'src'] = assets + file;
        s.onload = ok;
        s.onerror = function () {
          s.parentNode.removeChild(s);
          if (left) attempt(left - 1); else { delete loads[file]; fail(); }   // a later call tries again
        };
        doc.head.appendChild(s);
      }
      attempt(1);
    }));
  }

  /* The deferred kinds: their code, and their stylesheet, waited for at most 3 s (without
     it the page still works, unstyled; the next page asks for it again). */
  function kinds() {
    return Promise.all([load('kinds.js'), new Promise(function (ok) { load('kinds.css').then(ok, ok); setTimeout(ok, 3000); })]);
  }

  // ------------------------------------------------------------------ pages
  /* Renders the current page and returns a Promise that resolves once it is complete and
     usable. A page of a deferred kind first shows its title, text and "Loading…" (main is
     aria-busy), then is rendered again, with the same focus, when kinds.js has arrived. */
  function render(focusSel) {
    var pi = st.page, p = pages[pi], mine = ++renders, wait = p.kind !== 'page' && !KINDS[p.kind];
    session[pi] = session[pi] || { revealed: {} };
    var sec = h('section', { class: 'page', 'data-page': p.id, 'data-kind': p.kind, 'aria-labelledby': 'page-title' }, [
      h('h1', { id: 'page-title', tabindex: '-1', text: p.title })]);
    if (pi === 0 && course.contentWarning) {
      sec.appendChild(h('aside', { class: 'warning', 'aria-labelledby': 'cw0' }, [h('h2', { id: 'cw0', text: t('contentNote') }), h('div', { html: course.contentWarning })]));
    }
    if (p.html) sec.appendChild(h('div', { class: 'body', html: p.html }));
    var note = wait ? h('p', { class: 'notice loading', role: 'status', text: t('loading') }) : null;
    if (note) sec.appendChild(note);
    else if (KINDS[p.kind]) KINDS[p.kind](p, pi, sec);
    var pager = pagerOf(pi), old = doc.getElementById('page-title');
    if (!wait) sec.appendChild(pager);
    if (old && old === doc.activeElement && old.parentNode.getAttribute('data-page') === p.id) {
      // The same page drawn again (kinds.js came) with its title focused: that title stays,
      // and only what follows it is new. A new title taking the focus is read out again.
      sec.removeChild(sec.firstChild);
      while (old.nextSibling) old.parentNode.removeChild(old.nextSibling);
      while (sec.firstChild) old.parentNode.appendChild(sec.firstChild);
      sec = old.parentNode;
    } else {
      main.textContent = '';
      main.appendChild(sec);
    }
    if (wait) main.setAttribute('aria-busy', 'true'); else main.removeAttribute('aria-busy');
    root.setAttribute('data-page', p.id);
    chrome();
    var f = focusSel && main.querySelector(focusSel);
    if (f) f.focus();
    if (!wait) return Promise.resolve();
    return kinds().then(function () {
      // Only if nothing was rendered meanwhile (the learner may have moved on). The focus
      // moves again only from what is redrawn, not from where the learner took it since.
      if (mine === renders) return KINDS[p.kind] ? render(main.contains(doc.activeElement) ? focusSel : null) : failed();
    }, function () { if (mine === renders) failed(); });
    function failed() {
      note.textContent = t('loadFailed');
      note.setAttribute('role', 'alert');
      sec.appendChild(pager);
      main.removeAttribute('aria-busy');
    }
  }
  function pagerOf(pi) {
    return h('div', { class: 'pager' }, [
      pi > 0 ? btn('back', t('back')) : null,
      pi === pages.length - 1 ? btn('finish', t('finish'), { class: 'primary', disabled: finishing }) : btn('next', t('next'), { class: 'primary' })]);
  }

  /* AT: the id of a heading on the page (a link `page#heading`): it gets the focus. */
  function go(pi, focus, at) {
    if (!(pi >= 0 && pi < pages.length)) return Promise.resolve();
    st.page = pi;
    if (st.visited.indexOf(pi) < 0) st.visited.push(pi);
    var p = pages[pi];
    if (target().page !== pi) {
      // a learner's move makes a history entry (Back works); the first page does not
      if (focus) location.hash = '#' + p.id;
      else try { history.replaceState(null, '', '#' + p.id); } catch (x) { location.hash = '#' + p.id; }
    }
    var shown = render(focus && !at ? 'h1' : null).then(function () { reach(at); });
    emit({ type: 'page', page: p.id });
    changed();
    // The title that takes the focus is read out: said again here, it would be heard twice.
    if (focus) say(t(at ? 'pageAnnounce' : 'progress', { title: p.title, n: pi + 1, total: pages.length }));
    return shown;
  }

  // ------------------------------------------------------------------ status
  function finished(pi) {
    var p = pages[pi], r = st.scenarios[pi];
    if (p.kind === 'scenario') return !!r && (r.optedOut || r.best >= 0);
    if (itemsOf(p).length) return answers(pi).every(Boolean);
    return st.visited.indexOf(pi) >= 0;
  }
  function partScore(pi) {
    var p = pages[pi], r = st.scenarios[pi];
    if (p.kind === 'scenario') {
      if (r && r.best >= 0) return p.nodes[ids(p)[r.best]].ending.score;
      return r && r.optedOut ? undefined : null;     // opting out is no penalty: the part drops out
    }
    if (p.kind === 'quiz') {
      if (!finished(pi)) return null;
      var a = answers(pi);
      return p.questions.filter(function (q, i) { return quizRight(q, a[i]); }).length / (p.questions.length || 1);
    }
    return finished(pi) ? 1 : null;
  }
  function status() {
    var c = course.completion || {}, pi, sum = 0, weight = 0, out = 0, open = false, have = 0, need = 0;
    (c.visit || []).forEach(function (id) { need++; if (st.visited.indexOf(byId[id]) >= 0) have++; });
    (c.finish || []).forEach(function (id) { need++; if (byId[id] != null && finished(byId[id])) have++; });
    (course.scoreParts || []).forEach(function (sp) {
      pi = byId[sp.page];
      if (pi == null) return;
      var s = partScore(pi);
      if (s === undefined) return out++;
      weight += sp.weight;
      if (s === null) open = true; else sum += s * sp.weight;
    });
    var scaled = weight > 0 && !open ? Math.round(sum / weight * 10000) / 10000 : null, done = have === need;
    var mastery = launch.mastery != null ? launch.mastery : course.mastery;
    // Every scored part opted out: nothing assessed remains, so the course is passed, with
    // no score, once complete (opting out is no penalty; docs/design.md).
    return { completed: done, passed: mastery == null ? null : scaled != null ? scaled >= mastery - 1e-9 : !weight && out && done || null,
             scaled: scaled, progress: need ? Math.round(have / need * 100) / 100 : 1 };
  }
  /* After every learner action: recompute status, report changes, save; the status. */
  function changed(quiet) {
    st.done = pages.map(function (_, i) { return i; }).filter(finished);
    var s = status(), key = [s.completed, s.passed, s.scaled].join();
    if (!quiet && s.progress !== lastProgress) emit({ type: 'progress', value: s.progress });
    lastProgress = s.progress;
    if (key !== lastStatus) {
      var wasComplete = /^true/.test(lastStatus);
      lastStatus = key;
      if (!quiet) {
        try { LMS.setStatus({ completed: s.completed, passed: s.passed, scaled: s.scaled }); } catch (x) { /* keep going */ }
        emit({ type: 'course', completed: s.completed, passed: s.passed, scaled: s.scaled });
        if (s.completed && !wasComplete) say(t('courseComplete'));
      }
    }
    if (s.completed) root.setAttribute('data-complete', 'true'); else root.removeAttribute('data-complete');
    if (!quiet) save();
    chrome();
    return s;
  }
  function save() {
    if (launch.mode === 'review') return;
    try { LMS.save(ES.encode(shareable(), LMS.maxStateLength), pages[st.page].id); } catch (x) { /* keep going */ }
    try { localStorage.setItem(textKey, JSON.stringify(st.texts)); } catch (x) { /* private mode: shared texts are still in suspend data */ }
  }
  /* Whether the text of item K ("page.item") stays on this device (localStorage only):
     a private reflection's, and every text when the course does not let reflection text
     leave the browser (xapi.send_reflection_text false). */
  function local(k) {
    var at = k.split('.'), p = pages[+at[0]], q = p && p.kind === 'reflection' && p.prompts[+at[1]];
    return !course.xapi.sendReflectionText || !!(q && q.private);
  }
  /* The state as the LMS may see it: texts that stay on this device are left out of
     suspend data and State API documents. */
  function shareable() {
    var copy = {}, k;
    for (k in st) copy[k] = st[k];
    copy.texts = {};
    for (k in st.texts) if (!local(k)) copy.texts[k] = st.texts[k];
    return copy;
  }

  /* Header: "Page n of total", completion bar, menu states. */
  function chrome() {
    var where = doc.getElementById('where'), bar = doc.getElementById('progress'), s = status();
    if (where) where.textContent = t('progress', { n: st.page + 1, total: pages.length });
    var label = t('complete', { percent: pct(s.progress) });
    if (bar) { bar.value = pct(s.progress); bar.textContent = label; bar.setAttribute('aria-label', label); }
    [].forEach.call(doc.querySelectorAll('[data-page-link]'), function (a) {
      var i = byId[a.getAttribute('data-page-link')], state = a.querySelector('.state');
      var word = i === st.page ? 'current' : st.done.indexOf(i) >= 0 ? 'done' : st.visited.indexOf(i) >= 0 ? 'visited' : 'notVisited';
      a.className = word;
      if (i === st.page) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
      if (state) state.textContent = t(word);
    });
  }

  // ------------------------------------------------------------------ events
  function act(e) {
    var b = e.target.closest ? e.target.closest('[data-act]') : null, pi = st.page;
    var a = e.target.closest && e.target.closest('a'), m = openMenu();
    // An open menu closes at a click on a page in it or anywhere outside it. Picking the
    // page one is on moves nothing, so the focus goes to its title, as on any other page.
    if (m && (a || !m.parentNode.contains(e.target))) {
      m.click();
      if (a && a.hasAttribute('aria-current')) main.querySelector('h1').focus();
    }
    if (!b) {
      if (a && a.className === 'skip') { e.preventDefault(); main.querySelector('h1').focus(); }
      return;
    }
    // The other buttons belong to the kinds in kinds.js, which handles them itself.
    switch (b.getAttribute('data-act')) {
      case 'next': return e.detail < 2 && go(pi + 1, true);    // a double click moves one page, not two
      case 'back': return e.detail < 2 && go(pi - 1, true);
      case 'menu':
        var listEl = doc.getElementById(b.getAttribute('aria-controls')), open = b.getAttribute('aria-expanded') !== 'true';
        b.setAttribute('aria-expanded', String(open));
        if (listEl) listEl.hidden = !open;
        return;
      case 'finish':
        // What is left, the confirmation and the read-only course after it wait in kinds.js.
        // Without them (offline), nothing ends: the learner is told, and can try again.
        // Only a press of its own answers "Finish anyway": not the second click of a double
        // click (detail 2), nor a press while the first one waits for kinds.js.
        if (e.detail > 1 || asking) return;
        asking = 1;
        return (kit.finish ? Promise.resolve() : kinds()).then(function () { asking = 0; kit.finish(b); }, function () { asking = 0; say(t('loadFailed')); });
    }
  }
  /* The address's `#page` or `#page/heading`: {page: its index or undefined, at: heading id}. */
  function target() {
    var id = '';
    try { id = decodeURIComponent(location.hash.slice(1)); } catch (x) { /* not ours */ }
    var cut = id.indexOf('/');
    return { page: byId[cut < 0 ? id : id.slice(0, cut)], at: cut < 0 ? null : id.slice(cut + 1) };
  }
  function reach(at) {
    var el = at && doc.getElementById(at);
    if (el) { el.setAttribute('tabindex', '-1'); el.focus(); }
  }
  function openMenu() { return doc.querySelector('[data-act=menu][aria-expanded=true]'); }
  /* Escape closes the open menu and puts focus back on its button. */
  function key(e) {
    var m = openMenu();
    if (e.key === 'Escape' && m) { m.click(); m.focus(); }
  }
  /* The focus leaving the open menu (Tab on from its last page) closes it: the list lies
     over the page and would hide the control the focus went to. */
  function left(e) {
    var m = openMenu();
    if (m && !m.parentNode.contains(e.target)) m.click();
  }
  /* A notice above the page, for the adapters (e.g. the LMS is not recording): the
     player's own notices are inside <main>, which it redraws. */
  function notice(name, role) {
    main.parentNode.insertBefore(h('p', { class: 'notice lms', role: role, text: t(name) }), main);
  }
  function end() {
    if (finishing) return;
    finishing = true;
    try { Promise.resolve(LMS.finish()).catch(function () {}); } catch (x) { /* adapter gone */ }
  }

  // ------------------------------------------------------------------ start
  /* Checks a decoded state against this course: anything that no longer fits is reset. */
  function sanitize() {
    var n = pages.length, ok = function (i) { return i >= 0 && i < n; };
    if (!ok(st.page)) st.page = 0;
    st.visited = st.visited.filter(ok);
    Object.keys(st.scenarios).forEach(function (k) {
      var p = pages[k], r = st.scenarios[k];
      if (!p || p.kind !== 'scenario' || r.node >= ids(p).length || r.vars.length !== names(p).length ||
          (r.best >= 0 && !(p.nodes[ids(p)[r.best]] || {}).ending)) { delete st.scenarios[k]; return; }
      r.seen = r.seen.filter(function (i) { return i < ids(p).length; });
      // A path that no longer replays is dropped by kinds.js when it arrives (it holds the replay).
    });
    Object.keys(st.answers).forEach(function (k) {
      if (!pages[k] || !itemsOf(pages[k]).length) delete st.answers[k];
      else st.answers[k] = st.answers[k].slice(0, itemsOf(pages[k]).length);
    });
  }

  function start() {
    course = JSON.parse(doc.getElementById('course').textContent);
    S = course.strings || {};
    pages = course.pages;
    pages.forEach(function (p, i) { byId[p.id] = i; });
    main = doc.getElementById('main');
    live = doc.getElementById('announce');
    // The statement queue (assets/xapi.js) is fetched only when statements can be sent, so
    // a course without an LRS never loads it; loaded before start, as adapters expect.
    var q = /[?&]endpoint=/.test(location.search) || (course.xapi && course.xapi.endpoint) || LMS.sendsStatements;
    var queue = window.EmpathyXAPI || !q ? Promise.resolve() : load('xapi.js').catch(function () { /* no statements */ });
    return queue.then(function () { return LMS.start(course); }).catch(function () { return {}; }).then(function (l) {
      launch = l || {};
      st = ES.decode(launch.resume);
      sanitize();
      if (!launch.resume && byId[launch.location] != null) st.page = byId[launch.location];
      kit.key = 'empathy:' + course.id + ':' + (launch.learner && launch.learner.id || '') + ':';
      textKey = kit.key + 'texts';
      // Full texts live in localStorage. This device's copy wins only where the suspend data
      // has no text (words that never leave the device) or the beginning of this very copy,
      // cut to fit (state.js marks it); else the LMS's text is newer (from another device).
      try {
        var kept = JSON.parse(localStorage.getItem(textKey) || '{}'), k, c;
        for (k in kept) if (typeof kept[k] === 'string' && ((c = st.texts[k]) == null || c === st.cut[k] && !kept[k].indexOf(c))) st.texts[k] = kept[k];
      } catch (x) { /* nothing kept */ }
      // What the learner had earned already goes to the LMS again: it may never have had it
      // (cmi5: earned while the session was not recorded); adapters never send it twice.
      // Only what was earned: an old "not passed" is no new attempt to report as failed.
      var was = changed(true);
      if (launch.resume) try { LMS.setStatus({ completed: was.completed, passed: was.passed || null, scaled: was.scaled }); } catch (x) { /* keep going */ }
      kit.S = S; kit.launch = launch; kit.course = course; kit.pages = pages; kit.byId = byId; kit.st = st; kit.session = session; kit.main = main;
      if (kit.install) kit.install();   // kinds.js appended to this file (a build that does not defer it)
      var to = target();
      var shown = to.page != null ? go(to.page, false, to.at) : go(st.page, false);
      doc.addEventListener('click', act);
      doc.addEventListener('keydown', key);
      doc.addEventListener('focusin', left);
      window.addEventListener('hashchange', function () {
        var to = target();
        if (to.page == null) return;
        if (to.page !== st.page) go(to.page, true, to.at); else reach(to.at);
        var m = openMenu();
        if (m) m.click();
      });
      // A page going into the back-forward cache may come back: save and commit, but keep
      // the session open (the adapters commit on save); only a real unload ends it.
      window.addEventListener('pagehide', function (e) { save(); if (!e.persisted) end(); });
      // Ready once the first page is complete and usable (a deferred kind has arrived).
      return shown.then(function () { root.setAttribute('data-ready', 'true'); });
    });
  }

  /* The player starts once the page has been painted: its text, rendered at build time,
     shows first. Otherwise, whenever the scripts are there as soon as the style sheet
     (cached, or a fast network), all the start work (course.json, the adapter, rendering
     the same page again) comes before the first paint. A hidden page paints nothing:
     it starts at once, and a timer makes sure any other page does too. */
  var ready = new Promise(function (resolve) {
    var once = 0;
    function go2() { if (!once++) resolve(start()); }
    function painted() {
      if (doc.hidden) return go2();
      requestAnimationFrame(function () { setTimeout(go2, 0); });
      setTimeout(go2, 1000);
    }
    if (doc.readyState === 'loading') doc.addEventListener('DOMContentLoaded', painted); else painted();
  });
  /* What kinds.js uses (its live-state fields are set when the player starts). */
  var kit = { t: t, h: h, btn: btn, say: say, pct: pct, emit: emit, answers: answers,
              itemsOf: itemsOf, ids: ids, names: names, quizRight: quizRight, changed: changed,
              render: render, go: go, local: local, end: end };
  window.EmpathyPlayer = {
    ready: ready,
    state: function () { return JSON.parse(JSON.stringify(st)); },
    // Resolves once the page is shown and usable (after kinds.js arrived, when it had to).
    goTo: function (id) { return byId[id] != null ? go(byId[id], true) : Promise.resolve(); },
    load: load, kinds: KINDS, kit: kit, notice: notice
  };
})();
