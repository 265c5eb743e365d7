/* empathy runtime: the interactive page kinds (scenario, coaching, reflection, self-rating,
   quiz, example). The core (player.js) loads this file on demand the first time it must show
   a page of one of these kinds, so a learner's first page does not download it; it then
   registers its renderers and button handlers on the core:
     EmpathyPlayer.kinds[kind](page, pageIndex, section)   renders the kind's part of a page
     EmpathyPlayer.kit                                      the core's helpers and live state
   and listens to clicks on its own buttons (data-act) and to typing (the length counter).
   A build may also append this file to player.js (not deferred): it then installs itself
   when the player has started, since it works on the live state.
   Contracts: docs/design.md. Learner text only ever goes in with textContent or .value. */
(function () {
  'use strict';
  var P = window.EmpathyPlayer, K = P.kit;
  if (K.st) install(); else K.install = install;   // st is set when the player starts

  function install() {
    var doc = document;
    var t = K.t, h = K.h, btn = K.btn, say = K.say, pct = K.pct, emit = K.emit;
    var answers = K.answers, itemsOf = K.itemsOf, ids = K.ids, names = K.names, quizRight = K.quizRight;
    var changed = K.changed, render = K.render, go = K.go;
    var course = K.course, pages = K.pages, byId = K.byId, st = K.st, session = K.session, main = K.main;
    /* Drafts: what the learner has typed or ticked in a coaching question or a reflection
       and not submitted, {"page.item": {t: text, f: [feeling index..]}}. Kept in memory and
       in localStorage on this device as they type, never in suspend data (its length is
       limited, and a draft may be words that must not leave the browser). Read afresh each
       time, and one key written at a time, so two tabs of the course keep each other's. */
    var mem = {}, DRAFTS = K.key + 'drafts';
    // Review mode (the LMS shows a finished attempt) records nothing: read-only from the start.
    var review = K.launch.mode === 'review', ended = review;
    function drafts() {
      try { return JSON.parse(localStorage.getItem(DRAFTS)) || {}; } catch (x) { return mem; }
    }
    function keepDraft(key, value) {
      var all = drafts();
      if (value) all[key] = value; else delete all[key];
      mem = all;
      try { localStorage.setItem(DRAFTS, JSON.stringify(all)); } catch (x) { /* private mode: memory only */ }
    }
    // "Saved"; or, when the box holds changes not submitted yet, that they are not; or, when
    // this device has none of the words (WORDS: the answer is words) or only their beginning
    // (cut to fit the suspend data), that they are on the device where they were written.
    function savedOrChanged(pi, i, words) {
      var k = pi + '.' + i;
      return t(drafts()[k] ? 'notSubmitted' : words && st.texts[k] == null || k in st.cut && st.cut[k] === st.texts[k] ? 'savedElsewhere' : 'saved');
    }

    // Inline HTML for places that only take phrasing content (labels): drop a lone <p>.
    function inline(html) { var m = /^\s*<p>([\s\S]*?)<\/p>\s*$/.exec(html || ''); return m && m[1].indexOf('<p>') < 0 ? m[1] : (html || ''); }
    function tags(list, cls) {
      return h('ul', { class: 'tags ' + (cls || '') }, (list || []).map(function (f) { return h('li', { text: f }); }));
    }

    // ------------------------------------------------------------------ scenarios
    function fresh(p) {
      var start = Math.max(0, ids(p).indexOf(p.start));
      return { accepted: false, optedOut: false, feedback: false, node: start, best: -1, tries: 0,
               vars: names(p).map(function (n) { return p.state[n] | 0; }), seen: [start], path: [] };
    }
    function rec(pi) { return st.scenarios[pi] || (st.scenarios[pi] = fresh(pages[pi])); }
    function env(p, r) {
      var v = {}, ns = names(p);
      ns.forEach(function (n, i) { v[n] = r.vars[i] | 0; });
      return { vars: v, seen: r.seen.map(function (i) { return ids(p)[i]; }) };
    }
    function ev(c, e) {
      if (!c) return true;
      var a = c[1], b = c[2];
      switch (c[0]) {
        case 'var': return e.vars[a] | 0;
        case 'num': return a;
        case 'visited': return e.seen.indexOf(a) >= 0;
        case 'not': return !ev(a, e);
        case 'and': return !!(ev(a, e) && ev(b, e));
        case 'or': return !!(ev(a, e) || ev(b, e));
        case '==': return ev(a, e) == ev(b, e);
        case '!=': return ev(a, e) != ev(b, e);
        case '<': return ev(a, e) < ev(b, e);
        case '<=': return ev(a, e) <= ev(b, e);
        case '>': return ev(a, e) > ev(b, e);
        case '>=': return ev(a, e) >= ev(b, e);
      }
      return false;
    }
    /* One move: effects first, then the first branch whose condition holds (docs/design.md). */
    function step(e, ch) {
      (ch.set || []).forEach(function (s) {
        var cur = e.vars[s[0]] | 0;
        e.vars[s[0]] = s[1] === '+' ? cur + s[2] : s[1] === '-' ? cur - s[2] : s[2];
      });
      for (var i = 0; i < (ch.to || []).length; i++) if (ev(ch.to[i][0], e)) return ch.to[i][1];
      return null;
    }
    /* Replays a path of choice indices from the start: the steps (for playback and the
       feedback shown after a resume), or null when the path no longer fits the course. */
    function replay(p, path) {
      var e = env(p, fresh(p)), id = p.start, steps = [];
      for (var i = 0; i < path.length; i++) {
        var node = p.nodes[id], ch = node && node.choices[path[i]];
        if (!ch) return null;
        var s = { node: id, env: { vars: JSON.parse(JSON.stringify(e.vars)), seen: e.seen.slice() }, choice: ch };
        id = step(e, ch);
        if (!p.nodes[id]) return null;
        if (e.seen.indexOf(id) < 0) e.seen.push(id);
        steps.push(s);
      }
      return { steps: steps, last: { node: id, env: e } };
    }

    function choose(pi, choiceId) {
      var p = pages[pi], r = rec(pi), nid = ids(p)[r.node], node = p.nodes[nid], e = env(p, r), ci = -1;
      node.choices.forEach(function (c, i) { if (c.id === choiceId) ci = i; });
      var ch = node.choices[ci];
      if (!ch || !ev(ch.if, e) || r.feedback) return;
      var before = JSON.parse(JSON.stringify(e.vars)), to = step(e, ch), k = ids(p).indexOf(to);
      if (k < 0) return;
      r.vars = names(p).map(function (n) { return e.vars[n]; });
      r.node = k;
      if (r.seen.indexOf(k) < 0) r.seen = r.seen.concat(k).sort(function (x, y) { return x - y; });   // as decoded
      if (r.path) r.path.push(ci);
      r.feedback = true;
      emit({ type: 'choice', page: p.id, node: nid, choice: ch.id, before: before, after: JSON.parse(JSON.stringify(e.vars)), response: ch.id });
      var end = p.nodes[to].ending;
      if (end) {
        if (r.best < 0 || end.score > p.nodes[ids(p)[r.best]].ending.score) r.best = k;
        emit({ type: 'ending', page: p.id, ending: to, score: end.score, label: end.label });
      }
      session[pi].lastChoice = ch;
      changed(); render('.feedback');
    }

    function segments(p, id, e) {
      var node = p.nodes[id];
      return h('div', { class: 'line', html: node.segments.filter(function (s) { return ev(s.if, e); })
        .map(function (s) { return s.html; }).join('') });
    }
    function feelingsOf(list) {
      return list && list.length ? h('div', { class: 'feels' }, [h('span', { text: t('customerFeels') + ': ' }), tags(list)]) : null;
    }

    function renderScenario(p, pi, sec) {
      var r = rec(pi), ss = session[pi];
      if (!r.accepted) {
        if (r.optedOut) {
          sec.appendChild(h('p', { class: 'notice', tabindex: '-1', text: t('optedOut') }));
          sec.appendChild(btn('accept-warning', t('startAnyway')));
          return;
        }
        var warn = p.contentWarning || course.contentWarning;
        sec.appendChild(h('div', { class: 'warning', role: 'region', 'aria-labelledby': 'cw' }, [
          h('h2', { id: 'cw', text: t('beforeYouStart') }),
          warn ? h('div', { html: warn }) : h('p', { text: t('warningDefault') }),
          h('div', { class: 'actions' }, [btn('accept-warning', t('accept'), { class: 'primary' }),
            btn('opt-out', p.optOut ? p.optOut.label : t('optOut'))])]));
        return;
      }
      var id = ids(p)[r.node], node = p.nodes[id], e = env(p, r);
      if (r.feedback) {
        var ch = ss.lastChoice;
        if (!ch && r.path && r.path.length) {
          var rp = replay(p, r.path);
          ch = rp && rp.steps.length ? rp.steps[rp.steps.length - 1].choice : null;
        }
        if (ch) {
          sec.appendChild(h('div', { class: 'feedback', tabindex: '-1', role: 'region', 'aria-labelledby': 'fb' }, [
            h('h2', { id: 'fb', text: t('youSaid') }),
            h('p', { class: 'words', text: ch.text }),
            ch.feedback ? h('div', { class: 'note', html: ch.feedback }) : null,
            btn('continue', t('continue'), { class: 'primary' })]));
          return;
        }
        r.feedback = false;
      }
      sec.appendChild(h('div', { class: 'node', tabindex: '-1', 'data-node': id }, [
        segments(p, id, e), feelingsOf(node.feelings),
        node.coach ? h('p', { class: 'coach' }, [h('strong', { text: t('coach') + ': ' }), doc.createTextNode(node.coach)]) : null]));
      if (node.ending) {
        var end = node.ending;
        sec.appendChild(h('div', { class: 'ending', role: 'region', 'aria-labelledby': 'end' }, [
          h('h2', { id: 'end', text: t('ending', { label: end.label }) }),
          h('p', { class: 'score', text: t('score', { score: pct(end.score) }) }),
          h('h3', { text: t('howFelt') }), tags(end.felt),
          h('div', { class: 'actions' }, [btn('playback', t('playback')), btn('retry', t('retry'))])]));
        if (ss.playback) sec.appendChild(playback(p, r));
        return;
      }
      var offered = node.choices.filter(function (c) { return ev(c.if, e); });
      sec.appendChild(h('div', { class: 'choices', role: 'group', 'aria-labelledby': 'say' }, [
        h('h2', { id: 'say', text: t('whatDoYouSay') }),
        h('ul', {}, offered.map(function (c) {
          return h('li', {}, [btn('choice', c.text, { 'data-choice': c.id, class: 'choice' })]);
        }))]));
      sec.appendChild(h('p', { class: 'aside' }, [btn('opt-out', p.optOut ? p.optOut.label : t('optOut'), { class: 'quiet' })]));
    }

    /* The learner's path told from the customer's side: what they said, felt and thought. */
    function playback(p, r) {
      var rp = r.path ? replay(p, r.path) : null, list = h('ol', { class: 'playback-steps' });
      var box = h('div', { class: 'playback', id: 'playback', tabindex: '-1', role: 'region', 'aria-labelledby': 'pb' },
        [h('h2', { id: 'pb', text: t('playbackTitle') })]);
      if (!rp) {
        box.appendChild(h('p', { class: 'notice', text: t('playbackShort') }));
        rp = { steps: [], last: { node: ids(p)[r.node], env: env(p, r) } };
      }
      rp.steps.forEach(function (s) { list.appendChild(turn(p, s.node, s.env, s.choice)); });
      list.appendChild(turn(p, rp.last.node, rp.last.env, null));
      box.appendChild(list);
      return box;
    }
    function turn(p, id, e, ch) {
      var node = p.nodes[id], felt = node.ending ? node.ending.felt : node.feelings, line = segments(p, id, e);
      // Callouts (an ending's debrief) speak to the learner: out of the customer's box.
      var notes = [].slice.call(line.querySelectorAll('.callout')).map(function (n) { return n.parentNode.removeChild(n); });
      return h('li', {}, [
        h('div', { class: 'customer' }, [h('h3', { text: t('customer') }), line,
          felt && felt.length ? h('div', { class: 'feels' }, [h('span', { text: t('felt') + ': ' }), tags(felt)]) : null,
          node.thinks ? h('p', { class: 'thinks' }, [h('strong', { text: t('thought') + ': ' }), doc.createTextNode(node.thinks)]) : null]),
        notes.length ? h('div', { class: 'debrief' }, [h('h3', { text: t('debrief') })].concat(notes)) : null,
        ch ? h('div', { class: 'you' }, [h('h3', { text: t('you') }), h('p', { text: ch.text })]) : null]);
    }

    // ------------------------------------------------------------------ questions
    /* A question's prompt as [title, text]: the title is the <h2> its HTML starts with (the
       author's `##` heading; null when it has none), given the id PID + 'h', and the text
       under it is div.prompt#PID. An item's controls are named after the title (NAMED),
       since every page has many a "Submit" and "Your answer". */
    function prompt(html, pid) {
      var text = h('div', { class: 'prompt', id: pid, html: html }), title = text.firstElementChild;
      if (!title || title.tagName !== 'H2') return [null, text];
      text.removeChild(title);
      title.id = pid + 'h';
      return [title, text];
    }
    function item(pi, i, kids, named) {
      var sid = 's' + pi + '-' + i;
      return h('div', { class: 'item', 'data-item': String(i) }, kids.concat([
        btn('submit', t('submit'), { class: 'primary', id: sid, 'aria-labelledby': sid + ' ' + named }),
        h('p', { class: 'msg', tabindex: '-1' })]));
    }
    /* The item's message: saved (or a change not submitted; see savedOrChanged) or, for a
       draft of an answer never submitted, that it is not submitted yet. */
    function told(box, pi, i, words) {
      var msg = box.querySelector('.msg'), d = drafts()[pi + '.' + i];
      if (answers(pi)[i]) msg.textContent = savedOrChanged(pi, i, words);
      else if (d) msg.textContent = t('notSubmittedYet');
      if (d) msg.className = 'msg draft';
      return box;
    }
    // What an item's boxes show ticked: the learner's draft, else the answer (indices).
    function ticks(pi, i) {
      var d = drafts()[pi + '.' + i];
      return d ? d.f : answers(pi)[i] || [];
    }
    // What an item's box shows: the learner's draft, else the text they submitted.
    function typed(pi, i) {
      var d = drafts()[pi + '.' + i];
      return d ? d.t : st.texts[pi + '.' + i] || '';
    }
    function textArea(pi, i, field, label, described, min, named) {
      var id = 'f' + pi + '-' + i;
      return h('div', { class: 'field' }, [
        h('label', { for: id, id: 'l' + id, text: label }),
        h('textarea', { id: id, 'data-field': field, rows: '5', minlength: min || null, 'aria-labelledby': named + ' l' + id,
          'aria-describedby': described || null, value: typed(pi, i) })]);
    }
    /* Where the learner's words go, said truly: kept on this device (a private prompt, or a
       course that does not send reflection text) or shared. WHAT: '' (the answer) or 'Words'. */
    function privacy(pi, i, pid, what) {
      var here = K.local(pi + '.' + i) ? 'private' : 'shared';
      return h('p', { class: 'privacy ' + here, id: pid + 'v', text: t(here + what) });
    }
    function picked(box, sel) {
      return [].slice.call(box.querySelectorAll(sel)).filter(function (x) { return x.checked; });
    }
    function feelingsTicked(box) {
      return picked(box, '[data-feeling]').map(function (x) { return x.getAttribute('data-feeling'); });
    }
    function indices(feelings) { return feelings.map(function (f) { return course.feelings.indexOf(f); }); }

    var ITEMS = {
      coaching: function (p, pi, i) {
        var q = p.questions[i], a = answers(pi)[i], pid = 'p' + pi + '-' + i, kids = prompt(q.html, pid), named = kids[0] ? pid + 'h' : pid;
        var ticked = ticks(pi, i);
        if (q.answer !== 'text') {      // feelings first: naming them comes before the words
          // One Tab stop for the whole list (see `rove`): the first ticked feeling, else the first.
          var stop = ticked.length ? ticked[0] : 0;
          kids.push(h('fieldset', { class: 'feelings', 'aria-labelledby': named + ' ' + pid + 'l', 'aria-describedby': pid + 'k' }, [
            h('legend', { id: pid + 'l', text: t('pickFeelings') }),
            h('p', { class: 'hint', id: pid + 'k', text: t('feelingsKeys') })].concat(
            course.feelings.map(function (f, k) {
              return h('label', {}, [h('input', { type: 'checkbox', 'data-feeling': f, checked: ticked.indexOf(k) >= 0, tabindex: k === stop ? null : '-1' }), h('span', { text: f })]);
            }))));
        }
        if (q.answer !== 'feelings') kids.push(privacy(pi, i, pid, 'Words'), textArea(pi, i, q.id, t('yourAnswer'), pid + ' ' + pid + 'v', 0, named));
        var box = told(item(pi, i, kids, named), pi, i, q.answer === 'text'), mid = 'm' + pi + '-' + i;
        if (a && q.model) {
          box.appendChild(session[pi].revealed[i]
            ? h('div', { class: 'model', tabindex: '-1' }, [h('h3', { text: t('modelAnswer') }), h('div', { html: q.model })])
            : btn('reveal', t('reveal'), { id: mid, 'aria-labelledby': mid + ' ' + named }));
        }
        return box;
      },
      reflection: function (p, pi, i) {
        var q = p.prompts[i], pid = 'p' + pi + '-' + i, cid = 'c' + pi + '-' + i, text = typed(pi, i).trim();
        var count = q.minLength && !(answers(pi)[i] && !text);   // no "0 written" beside a saved answer
        var head = prompt(q.html, pid), named = head[0] ? pid + 'h' : pid;
        return told(item(pi, i, [
          q.stage && K.S['stage_' + q.stage] ? h('p', { class: 'stage', text: t('stage_' + q.stage) }) : null,
          head[0], head[1],
          privacy(pi, i, pid, ''),
          textArea(pi, i, q.id, t('yourAnswer'), pid + ' ' + pid + 'v' + (count ? ' ' + cid : ''), q.minLength, named),
          count ? h('p', { class: 'counter', id: cid, text: counter(text.length, q.minLength) }) : null], named), pi, i, true);
      },
      'self-rating': function (p, pi, i) {
        var d = p.dimensions[i], name = 'r' + pi + '-' + i, sel = ticks(pi, i);
        // The dimension's label is the group's name and the item's heading.
        return told(item(pi, i, [h('fieldset', {}, [h('legend', {}, [h('h2', { id: name + 'h', text: d.label })]),
          d.html ? h('div', { class: 'prompt', html: d.html }) : null,
          h('div', { class: 'scale' }, p.scale.map(function (label, k) {
            return h('label', {}, [h('input', { type: 'radio', name: name, 'data-option': label, checked: sel.indexOf(k) >= 0 }), h('span', { text: label })]);
          }))])], name + 'h'), pi, i, false);
      },
      quiz: function (p, pi, i) {
        // An answered question is locked: it shows the answer, never a draft (another device's).
        var q = p.questions[i], a = answers(pi)[i], pid = 'p' + pi + '-' + i, sel = a || ticks(pi, i);
        var opts = h('ul', { class: 'options' }, q.options.map(function (o, k) {
          var mine = sel.indexOf(k) >= 0, marks = [];
          if (a && o.correct) marks.push(t('rightAnswer'));
          if (a && mine) marks.push(t('yourChoice'));
          return h('li', { class: a ? (o.correct ? 'right' : mine ? 'wrong' : '') : '' }, [
            h('label', {}, [h('input', { type: q.multiple ? 'checkbox' : 'radio', name: 'q' + pid, 'data-option': o.id, checked: mine, disabled: !!a }),
              h('span', { html: inline(o.html) })]),
            marks.length ? h('span', { class: 'mark', text: ' (' + marks.join(t('listSeparator')) + ')' }) : null,
            // An option's feedback speaks to who chose it: a right option left unticked is only marked.
            a && mine && o.feedback ? h('div', { class: 'note', html: o.feedback }) : null]);
        }));
        var head = prompt(q.html, pid), named = head[0] ? pid + 'h' : pid;
        var set = h('fieldset', { 'aria-labelledby': named, 'aria-describedby': head[0] ? pid : null }, [head[1], opts]);
        if (!a) return told(item(pi, i, [head[0], set], named), pi, i, false);
        return h('div', { class: 'item', 'data-item': String(i) }, [head[0], set,
          h('p', { class: 'msg result', tabindex: '-1', text: t(quizRight(q, a) ? 'correct' : 'incorrect') })]);
      }
    };
    function counter(n, min) { return n >= min ? t('countMet', { n: n }) : t('count', { n: n, min: min }); }
    /* The score once every question is answered; with a wrong one (and `retake`, the
       default), a way to answer them all again. */
    function quizSummary(p, pi) {
      var a = answers(pi), right = 0, n = p.questions.length;
      if (a.some(function (x) { return !x; })) return h('div', { class: 'summary' });
      p.questions.forEach(function (q, i) { if (quizRight(q, a[i])) right++; });
      return h('div', { class: 'summary' }, [h('p', { text: t('quizScore', { correct: right, total: n }) }),
        p.retake && right < n && !ended ? btn('retake', t('retake')) : null]);
    }

    function submit(pi, box) {
      var p = pages[pi], i = +box.getAttribute('data-item'), msg = box.querySelector('.msg');
      var ta = box.querySelector('textarea'), text = ta ? ta.value.trim() : '', key = pi + '.' + i, a;
      // The message takes the focus; a text box it is about is marked invalid and described
      // by it, so a screen reader names the problem there too (until the learner types).
      function refuse(m, about) {
        msg.textContent = m; msg.focus();
        if (!about || !ta) return;
        msg.id = 'm' + ta.id;
        ta.setAttribute('aria-invalid', 'true');
        ta.setAttribute('aria-describedby', ((ta.getAttribute('aria-describedby') || '') + ' ' + msg.id).trim());
      }
      if (p.kind === 'coaching') {
        var q = p.questions[i], fs = feelingsTicked(box);
        if (!text && !fs.length) return refuse(t({ text: 'writeOne', both: 'pickOrWrite' }[q.answer] || 'pickOne'), q.answer !== 'feelings');
        a = indices(fs);
        emit({ type: 'coaching', page: p.id, question: q.id, feelings: fs, text: text });
      } else if (p.kind === 'reflection') {
        var r = p.prompts[i], here = K.local(key);
        if (!text || text.length < (r.minLength || 0)) return refuse(t('tooShort', { min: r.minLength || 1 }), true);
        a = [];
        // Text kept on this device never goes into an event: only that it was answered, and its length.
        emit({ type: 'reflection', page: p.id, prompt: r.id, text: here ? null : text, length: text.length, private: here });
      } else if (p.kind === 'self-rating') {
        var v = picked(box, '[data-option]')[0];
        if (!v) return refuse(t('pickOne'));
        a = [p.scale.indexOf(v.getAttribute('data-option'))];
        emit({ type: 'rating', page: p.id, dimension: p.dimensions[i].id, value: p.scale[a[0]], scale: p.scale.slice() });
      } else if (p.kind === 'quiz') {
        var qq = p.questions[i], ch = picked(box, '[data-option]').map(function (x) { return x.getAttribute('data-option'); });
        if (!ch.length) return refuse(t('pickOne'));
        a = qq.options.map(function (o, k) { return ch.indexOf(o.id) >= 0 ? k : -1; }).filter(function (k) { return k >= 0; });
        emit({ type: 'quiz', page: p.id, question: qq.id, response: ch, correct: quizRight(qq, a) });
      }
      if (ta) st.texts[key] = text; else delete st.texts[key];
      keepDraft(key, null);    // submitted: the answer is the draft now
      var all = answers(pi);
      all[i] = a;
      st.answers[pi] = all;
      changed();
      var fresh = ITEMS[p.kind](p, pi, i);
      box.parentNode.replaceChild(fresh, box);
      var sum = main.querySelector('.summary'), score = sum && quizSummary(p, pi);
      if (sum) sum.parentNode.replaceChild(score, sum);
      // The message takes the focus, so it is read; the live region has the quiz's score
      // when this answer completed it (and what changed() said, e.g. the course is complete).
      fresh.querySelector('.msg').focus();
      if (score && score.firstChild && !sum.firstChild) say(score.firstChild.textContent);
    }


    // ------------------------------------------------------------------ pages
    function list(p, pi, sec) {
      itemsOf(p).forEach(function (_, i) { sec.appendChild(ITEMS[p.kind](p, pi, i)); });
    }
    var KINDS = {
      scenario: renderScenario,
      coaching: list, reflection: list, quiz: function (p, pi, sec) { list(p, pi, sec); sec.appendChild(quizSummary(p, pi)); },
      'self-rating': function (p, pi, sec) {
        var k = byId[p.scenario], r = k == null ? null : st.scenarios[k], out;
        if (k != null) {
          var sp = pages[k], best = r && r.best >= 0 ? sp.nodes[ids(sp)[r.best]].ending : null;
          out = h('aside', { class: 'outcome', 'aria-labelledby': 'oc' }, [h('h2', { id: 'oc', text: t('outcome') }),
            h('p', { class: 'strong', text: sp.title }),
            best ? h('p', { text: t('ending', { label: best.label }) }) : h('p', { text: t(r && r.optedOut ? 'outcomeOptOut' : 'outcomeNone') }),
            best ? h('p', { text: t('score', { score: pct(best.score) }) }) : null]);
        }
        var items = h('div', { class: 'items' });
        list(p, pi, items);
        sec.appendChild(h('div', { class: 'rating' }, [out, items]));
      },
      example: function (p, pi, sec) {
        sec.appendChild(h('ol', { class: 'turns' }, (p.turns || []).map(function (tn) {
          return h('li', { class: 'turn' }, [h('p', { class: 'speaker', text: tn.speaker }), h('div', { html: tn.html }),
            tn.skill ? h('p', { class: 'skill' }, [h('span', { text: t('skill') + ': ' }), h('strong', { text: tn.skill })]) : null,
            tn.note ? h('div', { class: 'note' }, [h('p', { class: 'strong', text: t('note') }), h('div', { html: tn.note })]) : null]);
        })));
      }
    };
    for (var kind in KINDS) P.kinds[kind] = readOnlyOnceEnded(KINDS[kind]);
    function readOnlyOnceEnded(renderKind) {
      return function (p, pi, sec) { renderKind(p, pi, sec); if (ended) lock(sec, true); };
    }

    // ------------------------------------------------------------------ finishing
    /* After the session has ended nothing the learner answers can reach the LMS (the
       adapters drop it), so the course becomes read-only: answer controls off, the text
       boxes read-only, and (NOTE) a notice at the top saying how to go on. Moving between
       pages, the replay and model answers still work. */
    function lock(sec, note) {
      [].forEach.call(sec.querySelectorAll('input, textarea, button'), function (x) {
        if (x.tagName === 'TEXTAREA') x.readOnly = true;
        else if (!/^(next|back|playback|reveal)$/.test(x.getAttribute('data-act'))) x.disabled = true;
      });
      if (note) sec.insertBefore(h('p', { class: 'notice ended', text: t(review ? 'reviewing' : window.EmpathyLMS.name === 'none' ? 'sessionEndedHere' : 'sessionEnded') }), sec.firstChild.nextSibling);
    }
    /* The Finish button (the core hands it over). Required parts left: say which, with
       links to them, and ask again (the button becomes "Finish anyway"). Else, or when
       asked again: save, end the session, put focus on the thank-you notice, lock. */
    K.finish = function (b) {
      var c = course.completion || {}, old = main.querySelector('#left');
      var left = ended || b.hasAttribute('data-sure') ? [] : pages.filter(function (p, i) {
        return (c.visit || []).indexOf(p.id) >= 0 && st.visited.indexOf(i) < 0 || (c.finish || []).indexOf(p.id) >= 0 && st.done.indexOf(i) < 0;
      });
      if (old) { old.parentNode.removeChild(old); b.removeAttribute('aria-describedby'); }
      if (left.length) {
        var pager = b.parentNode;
        pager.parentNode.insertBefore(h('div', { class: 'notice', id: 'left' }, [h('p', { text: t('unfinished') }),
          h('ul', {}, left.map(function (p) { return h('li', {}, [h('a', { href: '#' + p.id, text: p.title })]); }))]), pager);
        b.textContent = t('finishAnyway');
        b.setAttribute('data-sure', '');
        b.setAttribute('aria-describedby', 'left');
        return say(t('unfinished') + ' ' + left.map(function (p) { return p.title; }).join(t('listSeparator')));
      }
      changed();
      ended = true;
      var thanks = h('p', { class: 'notice', tabindex: '-1', text: t(review ? 'reviewing' : 'finished') });
      b.insertAdjacentElement('afterend', thanks);
      lock(b.closest('section'), false);
      thanks.focus();      // the button it replaces is disabled: focus must not fall to <body>
      K.end();
    };

    // ------------------------------------------------------------------ buttons
    var ACTS = {
      'accept-warning': function (b, pi) {
        var r = rec(pi); r.accepted = true; r.optedOut = false;
        changed(); return render('.node');
      },
      'opt-out': function (b, pi, p) {
        var r = rec(pi); r.accepted = false; r.optedOut = true; r.feedback = false;
        emit({ type: 'optout', page: p.id });
        changed();
        var to = p.optOut && byId[p.optOut.to] != null ? byId[p.optOut.to] : pi + 1;
        if (to < pages.length) return go(to, true);
        // The last page: the notice says what happened, read out as it takes the focus.
        return render('.notice');
      },
      choice: function (b, pi) { return choose(pi, b.getAttribute('data-choice')); },
      'continue': function (b, pi) {
        rec(pi).feedback = false; session[pi].lastChoice = null;
        changed(); return render('.node');
      },
      playback: function (b, pi, p) {
        session[pi].playback = true;
        emit({ type: 'playback', page: p.id });
        return render('#playback');
      },
      retry: function (b, pi, p) {
        var old = rec(pi), nr = fresh(p);
        nr.accepted = true; nr.best = old.best; nr.tries = Math.min(old.tries + 1, 1023);
        st.scenarios[pi] = nr; session[pi].playback = false;
        emit({ type: 'retry', page: p.id });
        changed(); render('.node'); return say(t('retried'));
      },
      submit: function (b, pi) { return submit(pi, b.closest('[data-item]')); },
      // The quiz again: its answers (and drafts) cleared, the score open until all are
      // answered again; the LMS keeps the better result (adapters never lower one).
      retake: function (b, pi, p) {
        delete st.answers[pi];
        p.questions.forEach(function (q, i) { keepDraft(pi + '.' + i, null); });
        emit({ type: 'retry', page: p.id });
        changed(); render('input[data-option]'); return say(t('retaken'));
      },
      reveal: function (b, pi, p) {
        var box = b.closest('[data-item]'), i = +box.getAttribute('data-item');
        session[pi].revealed[i] = true;
        var nb = ITEMS[p.kind](p, pi, i);
        if (ended) lock(nb, false);
        box.parentNode.replaceChild(nb, box);
        return nb.querySelector('.model').focus();
      }
    };
    // The core handles next, back, menu and finish; these are the buttons of these kinds.
    // Not the second click of a double click (detail 2): the page has changed under the
    // pointer by then, and it would press a choice or Submit the learner never meant.
    doc.addEventListener('click', function (e) {
      var b = e.detail < 2 && e.target.closest && e.target.closest('[data-act]'), name = b && b.getAttribute('data-act');
      if (ACTS.hasOwnProperty(name)) ACTS[name](b, st.page, pages[st.page]);
    });

    /* The feelings picker, a group of native checkboxes with a roving tabindex: Tab enters
       it on one feeling and leaves it, the arrow keys (mirrored right to left) move between
       feelings, Home and End go to the ends, Space ticks. The feeling last focused, by key
       or by pointer, is the group's Tab stop. */
    function rove(box) {
      var set = box.closest && box.closest('.feelings');
      if (!set || !box.matches('[data-feeling]')) return null;
      var all = [].slice.call(set.querySelectorAll('[data-feeling]'));
      all.forEach(function (x) { x.tabIndex = x === box ? 0 : -1; });
      return all;
    }
    doc.addEventListener('focusin', function (e) { rove(e.target); });
    doc.addEventListener('keydown', function (e) {
      var step = { ArrowDown: 1, ArrowUp: -1, ArrowRight: 1, ArrowLeft: -1 }[e.key];
      if (!step && e.key !== 'Home' && e.key !== 'End') return; // typing elsewhere costs nothing
      var all = !e.altKey && !e.ctrlKey && !e.metaKey && rove(e.target);
      if (!all) return;
      if (step && /Left|Right/.test(e.key) && getComputedStyle(e.target).direction === 'rtl') step = -step;
      var n = all.length, i = e.key === 'Home' ? 0 : e.key === 'End' ? n - 1 : step ? (all.indexOf(e.target) + step + n) % n : -1;
      if (i < 0) return;
      e.preventDefault();
      all[i].focus();
    });

    /* Typing or ticking in an item (a question, prompt or rating dimension): keep the draft
       and say it is not submitted; and in a reflection, the length counter. */
    doc.addEventListener('input', function (e) {
      var ta = e.target, box = ta.closest && ta.closest('[data-item]'), p = pages[st.page];
      if (!box || !itemsOf(p).length) return;
      var i = +box.getAttribute('data-item'), area = box.querySelector('textarea'), c = box.querySelector('.counter');
      var a = answers(st.page)[i], msg = box.querySelector('.msg');
      if (area && area.getAttribute('aria-invalid')) {    // the refusal is over: the message says something else now
        area.removeAttribute('aria-invalid');
        area.setAttribute('aria-describedby', area.getAttribute('aria-describedby').split(' ')
          .filter(function (id) { return id !== msg.id; }).join(' '));
      }
      // Ticks by their place in the item: a feeling's is its index in course.feelings, an
      // option's or a scale step's its index, as in the answer.
      var f = [].slice.call(box.querySelectorAll('[data-feeling], [data-option]'))
        .map(function (x, k) { return x.checked ? k : -1; }).filter(function (k) { return k >= 0; });
      var same = !area && a && f.join() === a.join();    // ticked back to the answer: no draft
      keepDraft(st.page + '.' + i, same ? null : { t: area ? area.value : '', f: f });
      if (msg) {
        msg.textContent = t(same ? 'saved' : a ? 'notSubmitted' : 'notSubmittedYet');
        msg.className = same ? 'msg' : 'msg draft';
      }
      if (!c) return;
      var q = p.prompts[i], n = area.value.trim().length;
      var was = c.classList.contains('met');
      c.textContent = counter(n, q.minLength);
      c.className = 'counter' + (n >= q.minLength ? ' met' : '');
      if (n >= q.minLength && !was) say(c.textContent);   // announce once, when the length is reached
    });

    /* A resumed scenario path that no longer fits the course is dropped (the core cannot
       replay paths; it checked everything else when it started). */
    Object.keys(st.scenarios).forEach(function (k) {
      var r = st.scenarios[k];
      if (r.path && !replay(pages[k], r.path)) r.path = null;
    });
  }
})();
