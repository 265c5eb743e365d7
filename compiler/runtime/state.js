/* empathy runtime: compact suspend-data codec (see docs/design.md, "Suspend data encoding").
   EmpathyState.encode(state, maxLength?) -> string, EmpathyState.decode(string) -> state,
   EmpathyState.fresh() -> an empty state, EmpathyState.cut(text, n) -> its first n code units
   on whole characters. decode never throws: garbage gives a fresh state. */
(function () {
  'use strict';
  var A = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  var VERSION = 'e1';

  function fresh() {
    return { page: 0, visited: [], done: [], scenarios: {}, answers: {}, texts: {}, cut: {} };
  }

  /* The first N code units of S, never half a character: a surrogate pair (an emoji) is
     kept whole or left out, so the result is always valid UTF-16 (encodeURIComponent
     throws on half a pair). For every cut of learner text, adapters' too. */
  function cut(s, n) {
    s = String(s);
    return s.slice(0, n - /[\uD800-\uDBFF]/.test(s.charAt(n - 1)));   // true counts 1
  }

  /* Writer: non-negative integers as base-32 digits, least significant first; a digit
     with more to follow is written as A[32 + d], the last one as A[d]. So 0..31 cost one
     character, 32..1023 two. Signed numbers go through zigzag first. */
  function Out() { this.s = ''; }
  Out.prototype.n = function (v) {
    v = Math.max(0, Math.floor(v)) || 0;
    while (v >= 32) { this.s += A[32 + (v % 32)]; v = Math.floor(v / 32); }
    this.s += A[v];
  };
  Out.prototype.z = function (v) { this.n(v < 0 ? -2 * v - 1 : 2 * v); };
  /* A set of small integers as a bitset, six bits a character, length first. */
  function bits(list) {
    var b = [], i, c = '';
    for (i = 0; i < list.length; i++) if (list[i] >= 0) b[list[i] / 6 | 0] |= 1 << list[i] % 6;
    for (i = 0; i < b.length; i++) c += A[b[i] | 0];
    return c;
  }
  Out.prototype.set = function (list) { var c = bits(list); this.n(c.length); this.s += c; };
  /* An answer: 0 = not answered, else 1 + the length of the bitset of chosen indices. */
  Out.prototype.answer = function (list) {
    if (!list) return this.n(0);
    var c = bits(list); this.n(c.length + 1); this.s += c;
  };

  function In(s) { this.s = s; this.i = 0; }
  In.prototype.c = function () {
    var k = A.indexOf(this.s.charAt(this.i++));
    if (k < 0) throw new Error('bad suspend data');
    return k;
  };
  In.prototype.n = function () {
    var v = 0, m = 1, k;
    for (;;) {
      k = this.c();
      if (k < 32) return v + k * m;
      v += (k - 32) * m; m *= 32;
      if (m > 1e15) throw new Error('bad number');
    }
  };
  In.prototype.z = function () { var v = this.n(); return v % 2 ? -(v + 1) / 2 : v / 2; };
  In.prototype.set = function (len) {
    if (len === undefined) len = this.n();
    var out = [], i, b, k;
    for (i = 0; i < len; i++) {
      k = this.c();
      for (b = 0; b < 6; b++) if (k & (1 << b)) out.push(i * 6 + b);
    }
    return out;
  };
  In.prototype.answer = function () {
    var len = this.n();
    return len ? this.set(len - 1) : null;
  };

  function keys(o) { return Object.keys(o).map(Number).filter(function (k) { return k >= 0; }).sort(function (a, b) { return a - b; }); }

  /* The structural part: position, scenarios, answers. `withPaths` false writes every
     scenario path as lost (the snapshot node/vars/seen still restores the learner). */
  function core(st, withPaths) {
    var o = new Out();
    o.n(st.page); o.set(st.visited); o.set(st.done);
    var sk = keys(st.scenarios);
    o.n(sk.length);
    sk.forEach(function (p) {
      var r = st.scenarios[p], path = withPaths === true || (withPaths && withPaths.indexOf(p) < 0) ? r.path : null;
      o.n(p);
      o.n((r.accepted ? 1 : 0) | (r.optedOut ? 2 : 0) | (r.feedback ? 4 : 0));
      o.n(r.node); o.n(r.best + 1); o.n(r.tries);
      o.n(r.vars.length); r.vars.forEach(function (v) { o.z(v); });
      o.set(r.seen);
      if (path) { o.n(path.length + 1); path.forEach(function (c) { o.n(c); }); } else o.n(0);
    });
    var ak = keys(st.answers);
    o.n(ak.length);
    ak.forEach(function (p) {
      var items = st.answers[p];
      o.n(p); o.n(items.length);
      items.forEach(function (it) { o.answer(it); });
    });
    return o.s;
  }

  /* Encode, fitting into maxLength: texts are cut first, then scenario paths are dropped
     (longest first), then answers; the position and scenario snapshots always stay.
     Texts share the room fairly: each is cut to the same, longest length that fits (a
     shorter one stays whole), on whole characters; a cut text is written as [beginning],
     and so is a text that came cut (st.cut) and is unchanged, so a reader can tell it from
     a whole one. When not even 8 characters each fit, the last text is dropped, and so on.
     The player keeps full copies in localStorage (docs/design.md). */
  function encode(st, maxLength) {
    var max = maxLength > 0 ? maxLength : Infinity, texts = {}, was = st.cut || {}, k, lo, hi, mid;
    for (k in st.texts) if (st.texts[k]) texts[k] = String(st.texts[k]);
    var head = VERSION + core(st, true), s = at(Infinity);
    function at(c) {
      var o = {}, j;
      for (k in texts) o[k] = texts[k].length > c || was[k] === texts[k] ? [cut(texts[k], c)] : texts[k];
      return head + ((j = JSON.stringify(o)) == '{}' ? '' : '~' + j);
    }
    while (s.length > max && Object.keys(texts).length) {
      lo = 8; hi = max;
      if (at(8).length > max) { delete texts[Object.keys(texts).pop()]; lo = Infinity; }
      else while (hi - lo > 1) if (at(mid = (lo + hi) >> 1).length > max) hi = mid; else lo = mid;
      s = at(lo);
    }
    if (s.length <= max) return s;
    var dropped = [], byLength = keys(st.scenarios).filter(function (p) { return st.scenarios[p].path; })
      .sort(function (a, b) { return st.scenarios[b].path.length - st.scenarios[a].path.length; });
    while (s.length > max && byLength.length) {
      dropped.push(byLength.shift());
      s = VERSION + core(st, dropped);
    }
    if (s.length <= max) return s;
    s = VERSION + core({ page: st.page, visited: st.visited, done: st.done, scenarios: st.scenarios, answers: {} }, false);
    if (s.length <= max) return s;
    return VERSION + core({ page: st.page, visited: [], done: st.done, scenarios: {}, answers: {} }, false);
  }

  function decode(s) {
    try {
      if (typeof s !== 'string' || s.slice(0, 2) !== VERSION) return fresh();
      var tilde = s.indexOf('~'), body = tilde < 0 ? s.slice(2) : s.slice(2, tilde);
      var r = new In(body), st = fresh(), n, p, f, len, i;
      st.page = r.n(); st.visited = r.set(); st.done = r.set();
      n = r.n();
      while (n--) {
        p = r.n(); f = r.n();
        var sc = { accepted: !!(f & 1), optedOut: !!(f & 2), feedback: !!(f & 4),
                   node: r.n(), best: r.n() - 1, tries: r.n(), vars: [], seen: [], path: null };
        len = r.n(); for (i = 0; i < len; i++) sc.vars.push(r.z());
        sc.seen = r.set();
        len = r.n();
        if (len) { sc.path = []; for (i = 1; i < len; i++) sc.path.push(r.n()); }
        st.scenarios[p] = sc;
      }
      n = r.n();
      while (n--) {
        p = r.n(); len = r.n();
        var items = [];
        for (i = 0; i < len; i++) items.push(r.answer());
        st.answers[p] = items;
      }
      if (r.i !== body.length) return fresh();
      if (tilde >= 0) {
        try {
          var t = JSON.parse(s.slice(tilde + 1));
          for (var k in t) {
            var v = t[k], c = Array.isArray(v);      // [beginning]: a text cut to fit
            if (c) v = v[0];
            if (typeof v === 'string' && /^\d+\.\d+$/.test(k)) { st.texts[k] = v; if (c) st.cut[k] = v; }
          }
        } catch (e) { /* texts are also kept in localStorage: keep the rest */ }
      }
      return st;
    } catch (e) {
      return fresh();
    }
  }

  window.EmpathyState = { encode: encode, decode: decode, fresh: fresh, cut: cut };
})();
