// kvs report: the timeline (a canvas that draws only the visible window), the violations, the plots.
(function () {
  'use strict';
  const timings = { scriptStartMs: Math.round(performance.now()) };
  const D = JSON.parse(document.getElementById('kvs-data').textContent);
  timings.parseMs = Math.round(performance.now()) - timings.scriptStartMs;
  const T = D.timeline;
  /** A column of the data: base64 of a little-endian typed array. */
  function column(text, Type) {
    const bin = atob(text), bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    return new Type(bytes.buffer);
  }
  const index = (text, bytes) => column(text, bytes === 2 ? Uint16Array : Int32Array);
  const lane = index(T.lane, T.laneBytes), start = column(T.start, Int32Array), dur = column(T.dur, Int32Array);
  const flags = column(T.flags, Uint8Array), keyOf = index(T.key, T.keyBytes), replicaOf = index(T.replica, T.replicaBytes);
  const valueEnd = column(T.valueEnd, Int32Array);
  function value(o) { return T.values.substring(o > 0 ? valueEnd[o - 1] : 0, valueEnd[o]); }
  const N = lane.length;
  const UNIT_NS = T.unitNanos;
  const PUT = 0, GET = 1, DELETE = 2;
  const PENDING = 0, OK = 1, FAIL = 2, INFO = 3;
  const FINAL = 16, ATTEMPT = 32, FOUND = 64, UNEXPECTED = 128;
  const KINDS = ['put', 'get', 'delete'];
  const OUTCOMES = ['never completed', 'ok', 'fail', 'info'];

  // ---- data: typed arrays, per-lane operation lists (invocation order = time order in a lane)
  const end = new Float64Array(N), boxStart = new Float64Array(N);
  for (let o = 0; o < N; o++) end[o] = dur[o] < 0 ? T.end : start[o] + dur[o];
  const laneCount = T.lanes.length;
  const laneSize = new Int32Array(laneCount);
  for (let o = 0; o < N; o++) laneSize[lane[o]]++;
  const laneOps = [];
  for (let l = 0; l < laneCount; l++) laneOps.push(new Int32Array(laneSize[l]));
  const fill = new Int32Array(laneCount);
  const pendingFirst = new Float64Array(laneCount).fill(-1);
  for (let o = 0; o < N; o++) {
    const l = lane[o];
    laneOps[l][fill[l]++] = o;
    // A retried attempt's box is part of the next operation's box, which starts at the first attempt.
    boxStart[o] = pendingFirst[l] >= 0 ? pendingFirst[l] : start[o];
    pendingFirst[l] = (flags[o] & ATTEMPT) ? boxStart[o] : -1;
  }
  const laneEnds = laneOps.map(ops => {
    const ends = new Float64Array(ops.length);
    for (let i = 0; i < ops.length; i++) ends[i] = end[ops[i]];
    return ends;
  });

  // ---- time formatting
  function fmtDur(units, digits) {
    const ns = units * UNIT_NS, a = Math.abs(ns);
    if (a >= 60e9) return (ns / 60e9).toFixed(a >= 600e9 ? 0 : 1) + ' min';
    if (a >= 1e9) return trim(ns / 1e9, digits) + ' s';
    if (a >= 1e6) return trim(ns / 1e6, digits) + ' ms';
    if (a >= 1e3) return trim(ns / 1e3, digits) + ' µs';
    return trim(ns, digits) + ' ns';
  }
  function trim(v, digits) { return Number(v.toPrecision(digits || 6)).toString(); }
  /** A tick's label: the unit fits the larger of the time and the step, the decimals fit the step. */
  function fmtTick(units, step) {
    const ns = units * UNIT_NS, stepNs = step * UNIT_NS, big = Math.max(Math.abs(ns), stepNs);
    const [div, name] = big >= 1e9 ? [1e9, ' s'] : big >= 1e6 ? [1e6, ' ms'] : big >= 1e3 ? [1e3, ' µs'] : [1, ' ns'];
    const decimals = Math.min(9, Math.max(0, Math.ceil(-Math.log10(stepNs / div) - 1e-9)));
    return (ns / div).toFixed(decimals) + name;
  }
  function niceStep(units) {
    const ns = units * UNIT_NS;
    const p = Math.pow(10, Math.floor(Math.log10(ns)));
    for (const m of [1, 2, 5, 10]) if (m * p >= ns) return (m * p) / UNIT_NS;
    return (10 * p) / UNIT_NS;
  }

  // ---- timeline state
  const LANE_H = 22, PIN_H = 46, BOX_H = 16, AXIS_H = 30, NAMES_W = 170;
  const scroller = document.getElementById('tl-scroll');
  const canvas = document.getElementById('tl-canvas');
  const spacer = document.getElementById('tl-spacer');
  const tip = document.getElementById('tl-tip');
  const ctx = canvas.getContext('2d');
  const allEnd = Math.max(1, T.end);
  let t0 = 0, t1 = allEnd;
  let pinned = [];          // lanes of the selected violation, drawn on top
  let selected = -1;        // index of the selected violation
  let selectedOps = new Set();
  let width = 0, height = 0, dpr = 1, queued = false;

  function pinnedH() { return pinned.length ? pinned.length * PIN_H + 8 : 0; }
  function contentH() { return AXIS_H + pinnedH() + laneCount * LANE_H + 4; }
  function layout() {
    dpr = window.devicePixelRatio || 1;
    width = scroller.clientWidth;
    const wanted = Math.min(Math.max(260, Math.round(window.innerHeight * 0.66)), contentH());
    height = wanted;
    scroller.style.height = wanted + 'px';
    canvas.style.height = wanted + 'px';
    canvas.width = Math.round(width * dpr);
    canvas.height = Math.round(height * dpr);
    spacer.style.height = Math.max(0, contentH() - wanted) + 'px';
    redraw();
  }
  function redraw() {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => { queued = false; draw(); });
  }
  function X(t) { return NAMES_W + (t - t0) / (t1 - t0) * (width - NAMES_W - 8); }
  function timeAt(x) { return t0 + (x - NAMES_W) / (width - NAMES_W - 8) * (t1 - t0); }
  function laneTop(l) { return AXIS_H + pinnedH() + l * LANE_H - scroller.scrollTop; }

  const FILL = { put: '#6cc486', get: '#7fb2f0', delete: '#b39ddb', fail: '#c9ccd1', info: '#f5c26b', pending: '#eeeeee' };
  function fillOf(o) {
    const f = flags[o], outcome = (f >> 2) & 3;
    if (outcome === OK) return FILL[KINDS[f & 3]];
    if (outcome === FAIL) return FILL.fail;
    if (outcome === INFO) return FILL.info;
    return FILL.pending;
  }
  function label(o) {
    const f = flags[o], k = T.keys[keyOf[o]];
    if ((f & 3) === PUT) return 'put ' + k + '=' + value(o);
    if ((f & 3) === GET) {
      const outcome = (f >> 2) & 3;
      return 'get ' + k + '→' + (outcome !== OK ? '?' : (f & FOUND) ? value(o) : 'absent');
    }
    return 'delete ' + k;
  }

  /** The index in a lane of the first operation that ends at or after t. */
  function firstEndingAfter(l, t) {
    const ends = laneEnds[l];
    let lo = 0, hi = ends.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (ends[mid] < t) lo = mid + 1; else hi = mid; }
    return lo;
  }

  function drawLane(l, y, rowH, highlight) {
    const by = y + (rowH - BOX_H) / 2;
    const ops = laneOps[l];
    let i = firstEndingAfter(l, t0);
    let lastRight = -1e9;
    ctx.font = '11px ui-monospace,monospace';
    ctx.textBaseline = 'middle';
    for (; i < ops.length; i++) {
      const o = ops[i];
      if (boxStart[o] > t1) break;
      const f = flags[o];
      if (f & ATTEMPT) continue; // drawn inside the operation that retried it
      let x1 = X(boxStart[o]), x2 = X(end[o]);
      if (x2 < NAMES_W) continue;
      x1 = Math.max(x1, NAMES_W - 2);
      x2 = Math.min(x2, width + 2);
      if (x2 - x1 < 1) x2 = x1 + 1;
      if (x2 <= lastRight && x2 - x1 < 2) {
        // This pixel is drawn already: jump past every operation that ends within it.
        const j = firstEndingAfter(l, timeAt(lastRight + 0.5));
        if (j > i + 1) i = j - 1;
        continue;
      }
      drawBox(o, x1, x2, by, false);
      if (boxStart[o] < start[o]) { // failed attempts inside: a dark tick for each
        ctx.fillStyle = '#3d444d';
        for (let j = i - 1; j >= 0 && (flags[ops[j]] & ATTEMPT); j--) {
          const a = ops[j];
          const ax1 = Math.max(X(start[a]), x1), ax2 = Math.max(ax1 + 1.5, X(end[a]));
          ctx.fillRect(ax1, by + BOX_H - 5, ax2 - ax1, 4);
        }
      }
      lastRight = Math.max(lastRight, x2);
    }
    // The operations of the selected violation, on top (never merged away).
    if (highlight && selected >= 0) {
      for (const o of D.violations[selected].ops) {
        if (lane[o] !== l || end[o] < t0 || boxStart[o] > t1) continue;
        drawBox(o, Math.max(X(boxStart[o]), NAMES_W - 2), Math.min(Math.max(X(end[o]), X(boxStart[o]) + 1), width + 2), by, true);
      }
    }
  }

  function drawBox(o, x1, x2, by, sel) {
    const f = flags[o];
    ctx.fillStyle = fillOf(o);
    ctx.fillRect(x1, by, x2 - x1, BOX_H);
    if (x2 - x1 >= 6) {
      ctx.strokeStyle = ((f >> 2) & 3) === PENDING ? '#999' : '#0004';
      ctx.lineWidth = 1;
      ctx.strokeRect(x1 + 0.5, by + 0.5, x2 - x1 - 1, BOX_H - 1);
    }
    if (f & UNEXPECTED) {
      ctx.fillStyle = '#6e1b1b';
      ctx.fillRect(x1, by + BOX_H, Math.max(2, x2 - x1), 3);
    }
    if (sel) {
      ctx.strokeStyle = '#cf222e';
      ctx.lineWidth = 2.5;
      ctx.strokeRect(x1 - 1, by - 1, x2 - x1 + 2, BOX_H + 2);
    }
    if (x2 - x1 > 40) {
      const text = label(o);
      const fits = Math.floor((x2 - x1 - 6) / 6.7);
      ctx.fillStyle = '#1f2328';
      ctx.fillText(text.length > fits ? text.slice(0, Math.max(1, fits - 1)) + '…' : text, x1 + 3, by + BOX_H / 2 + 0.5);
    }
  }

  function drawFaults(top, bottom) {
    for (const f of D.faults) {
      const x1 = Math.max(NAMES_W, X(f.from)), x2 = Math.min(width, X(f.to));
      if (x2 < NAMES_W || x1 > width) continue;
      ctx.fillStyle = 'rgba(229,83,75,0.10)';
      ctx.fillRect(x1, top, Math.max(2, x2 - x1), bottom - top);
      ctx.fillStyle = 'rgba(229,83,75,0.75)';
      ctx.fillRect(x1, top, Math.max(2, x2 - x1), 3);
    }
  }

  function drawAxis() {
    ctx.fillStyle = '#f6f8fa';
    ctx.fillRect(0, 0, width, AXIS_H);
    ctx.strokeStyle = '#d0d7de';
    ctx.beginPath(); ctx.moveTo(0, AXIS_H - 0.5); ctx.lineTo(width, AXIS_H - 0.5); ctx.stroke();
    const step = niceStep((t1 - t0) / Math.max(2, (width - NAMES_W) / 110));
    ctx.font = '11px system-ui,sans-serif';
    ctx.textBaseline = 'middle';
    ctx.fillStyle = '#57606a';
    for (let t = Math.ceil(t0 / step) * step; t <= t1; t += step) {
      const x = X(t);
      ctx.fillRect(x, AXIS_H - 7, 1, 6);
      const text = fmtTick(t, step);
      if (x + 3 + ctx.measureText(text).width < width - 2) ctx.fillText(text, x + 3, AXIS_H / 2 - 2);
    }
    let labelsEnd = -1;
    ctx.fillStyle = '#c93c37';
    for (const f of D.faults) { // labels that do not overlap the previous one
      const x1 = X(f.from), text = '⚡' + f.label;
      if (x1 < NAMES_W || x1 > width || x1 < labelsEnd) continue;
      ctx.fillText(text, x1 + 2, AXIS_H - 6);
      labelsEnd = x1 + 2 + ctx.measureText(text).width + 6;
    }
    ctx.fillStyle = '#f6f8fa';
    ctx.fillRect(0, 0, NAMES_W, AXIS_H);
    ctx.fillStyle = '#1f2328';
    ctx.font = '600 11px system-ui,sans-serif';
    ctx.fillText('session', 8, AXIS_H / 2);
  }

  function drawName(l, y, rowH, pinnedRow) {
    ctx.fillStyle = pinnedRow ? '#fff5f5' : (l % 2 ? '#fafbfc' : '#fff');
    ctx.fillRect(0, y, NAMES_W, rowH);
    ctx.fillStyle = pinnedRow ? '#a40e26' : '#1f2328';
    ctx.font = (pinnedRow ? '600 ' : '') + '12px system-ui,sans-serif';
    ctx.textBaseline = 'middle';
    let name = T.lanes[l];
    if (name.length > 22) name = name.slice(0, 21) + '…';
    ctx.fillText(name, 8, y + rowH / 2);
  }

  function draw() {
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, width, height);
    const top = AXIS_H + pinnedH();
    // The scrolling lanes (only the visible ones).
    const first = Math.max(0, Math.floor((scroller.scrollTop) / LANE_H));
    const last = Math.min(laneCount - 1, Math.ceil((scroller.scrollTop + height - top) / LANE_H));
    for (let l = first; l <= last; l++) {
      const y = laneTop(l);
      if (l % 2) { ctx.fillStyle = '#fafbfc'; ctx.fillRect(NAMES_W, y, width - NAMES_W, LANE_H); }
    }
    drawFaults(top, height);
    for (let l = first; l <= last; l++) drawLane(l, laneTop(l), LANE_H, true);
    for (let l = first; l <= last; l++) drawName(l, laneTop(l), LANE_H, false);
    // The pinned lanes of the selected violation, with its edges.
    if (pinned.length) {
      ctx.fillStyle = '#fff';
      ctx.fillRect(0, AXIS_H, width, pinnedH());
      ctx.fillStyle = '#fff5f5';
      ctx.fillRect(NAMES_W, AXIS_H, width - NAMES_W, pinned.length * PIN_H);
      drawFaults(AXIS_H, AXIS_H + pinned.length * PIN_H);
      pinned.forEach((l, i) => drawLane(l, AXIS_H + i * PIN_H, PIN_H, true));
      drawEdges();
      pinned.forEach((l, i) => drawName(l, AXIS_H + i * PIN_H, PIN_H, true));
      ctx.fillStyle = '#cf222e';
      ctx.fillRect(0, AXIS_H + pinned.length * PIN_H + 3, width, 2);
    }
    drawAxis();
    ctx.strokeStyle = '#d0d7de';
    ctx.beginPath(); ctx.moveTo(NAMES_W - 0.5, 0); ctx.lineTo(NAMES_W - 0.5, height); ctx.stroke();
    document.getElementById('tl-range').textContent = 'showing ' + fmtDur(t0, 4) + ' – ' + fmtDur(t1, 4) + ' (' + fmtDur(t1 - t0, 4) + ')';
  }

  function centre(o) {
    const row = pinned.indexOf(lane[o]);
    return [(X(boxStart[o]) + X(end[o])) / 2, AXIS_H + row * PIN_H + PIN_H / 2];
  }

  function drawEdges() {
    if (selected < 0) return;
    const v = D.violations[selected];
    const seen = new Map();
    ctx.save();
    ctx.beginPath();
    ctx.rect(NAMES_W, AXIS_H, width - NAMES_W, pinned.length * PIN_H);
    ctx.clip();
    ctx.font = '10px system-ui,sans-serif';
    ctx.textBaseline = 'middle';
    for (const [from, to, rel, colour] of v.edges) {
      if (from === to) continue;
      const key = Math.min(from, to) + '-' + Math.max(from, to);
      const nth = seen.get(key) || 0;
      seen.set(key, nth + 1);
      const [x1, y1] = centre(from), [x2, y2] = centre(to);
      let cx, cy;
      if (lane[from] === lane[to]) { // arcs within a lane: session order above, the rest below
        const sign = rel === 'session order' ? -1 : 1;
        cx = (x1 + x2) / 2; cy = y1 + sign * (BOX_H + 12 + 10 * nth);
      } else {
        cx = (x1 + x2) / 2 + (nth % 2 ? -1 : 1) * 18 * Math.ceil(nth / 2); cy = (y1 + y2) / 2;
      }
      ctx.strokeStyle = colour;
      ctx.lineWidth = 1.8;
      ctx.setLineDash(rel === 'causal' ? [5, 3] : []);
      ctx.beginPath(); ctx.moveTo(x1, y1); ctx.quadraticCurveTo(cx, cy, x2, y2); ctx.stroke();
      ctx.setLineDash([]);
      // arrow head along the curve's last tangent
      const ang = Math.atan2(y2 - cy, x2 - cx);
      ctx.fillStyle = colour;
      ctx.beginPath();
      ctx.moveTo(x2, y2);
      ctx.lineTo(x2 - 8 * Math.cos(ang - 0.4), y2 - 8 * Math.sin(ang - 0.4));
      ctx.lineTo(x2 - 8 * Math.cos(ang + 0.4), y2 - 8 * Math.sin(ang + 0.4));
      ctx.fill();
      const mx = 0.25 * x1 + 0.5 * cx + 0.25 * x2, my = 0.25 * y1 + 0.5 * cy + 0.25 * y2;
      const w = ctx.measureText(rel).width + 6;
      ctx.fillStyle = '#fff';
      ctx.fillRect(mx - w / 2, my - 6, w, 12);
      ctx.fillStyle = colour;
      ctx.fillText(rel, mx - w / 2 + 3, my);
    }
    ctx.restore();
  }

  // ---- zoom and pan
  const minSpan = Math.max(1e-3, 20 / UNIT_NS); // 20 ns: no closer zoom
  function setWindow(a, b) {
    if (b - a < minSpan) { const m = (a + b) / 2; a = m - minSpan / 2; b = m + minSpan / 2; }
    const span = b - a, margin = allEnd * 0.05 + 1;
    if (span > allEnd + 2 * margin) { a = -margin; b = allEnd + margin; }
    if (a < -margin) { b += -margin - a; a = -margin; }
    if (b > allEnd + margin) { a -= b - allEnd - margin; b = allEnd + margin; }
    t0 = a; t1 = b;
    redraw();
  }
  function zoom(factor, atX) {
    const t = timeAt(atX === undefined ? (NAMES_W + width) / 2 : atX);
    setWindow(t - (t - t0) * factor, t + (t1 - t) * factor);
  }
  function pan(fraction) { const d = (t1 - t0) * fraction; setWindow(t0 + d, t1 + d); }
  function fitAll() { setWindow(-allEnd * 0.01, allEnd * 1.01); }

  function select(i, scrollPage) {
    selected = i;
    document.querySelectorAll('article.v.sel').forEach(e => e.classList.remove('sel'));
    if (i < 0) { pinned = []; selectedOps = new Set(); layout(); return; }
    const v = D.violations[i];
    document.getElementById('v' + i).classList.add('sel');
    document.getElementById('tl-violation').value = String(i);
    pinned = v.lanes.slice();
    selectedOps = new Set(v.ops);
    layout();
    setWindow(v.from, v.to);
    // Below the pinned lanes, scroll to the violation's first lane: lanes are numbered in order of
    // a session's first operation, so its neighbours were active at the same time.
    scroller.scrollTop = Math.max(0, (v.lanes[0] - 2) * LANE_H);
    if (scrollPage) document.getElementById('timeline').scrollIntoView({ block: 'start', behavior: 'auto' });
  }

  // ---- events
  scroller.addEventListener('scroll', redraw);
  window.addEventListener('resize', layout);
  canvas.addEventListener('wheel', e => {
    const r = canvas.getBoundingClientRect();
    const x = e.clientX - r.left, y = e.clientY - r.top;
    if (e.ctrlKey || e.metaKey || (y < AXIS_H && x > NAMES_W)) {
      e.preventDefault();
      zoom(Math.exp(e.deltaY * 0.0025), Math.max(NAMES_W, x));
    } else if (e.shiftKey || Math.abs(e.deltaX) > Math.abs(e.deltaY)) {
      e.preventDefault();
      pan((e.shiftKey ? e.deltaY || e.deltaX : e.deltaX) / Math.max(200, width - NAMES_W));
    }
  }, { passive: false });
  let drag = null;
  canvas.addEventListener('mousedown', e => {
    drag = { x: e.clientX, y: e.clientY, t0, t1, top: scroller.scrollTop };
    canvas.classList.add('drag');
  });
  window.addEventListener('mouseup', () => { drag = null; canvas.classList.remove('drag'); });
  window.addEventListener('mousemove', e => {
    if (drag) {
      const d = (e.clientX - drag.x) / Math.max(1, width - NAMES_W - 8) * (drag.t1 - drag.t0);
      setWindow(drag.t0 - d, drag.t1 - d);
      scroller.scrollTop = drag.top - (e.clientY - drag.y);
      tip.hidden = true;
      return;
    }
    if (e.target !== canvas) { tip.hidden = true; return; }
    const o = hit(e);
    if (o < 0) { tip.hidden = true; return; }
    tip.textContent = describe(o);
    tip.hidden = false;
    tip.style.left = Math.min(window.innerWidth - 470, e.clientX + 14) + 'px';
    tip.style.top = (e.clientY + 16) + 'px';
  });
  canvas.addEventListener('mouseleave', () => { tip.hidden = true; });

  function hit(e) {
    const r = canvas.getBoundingClientRect();
    const x = e.clientX - r.left, y = e.clientY - r.top;
    if (x < NAMES_W || y < AXIS_H) return -1;
    let l;
    if (y < AXIS_H + pinned.length * PIN_H) l = pinned[Math.floor((y - AXIS_H) / PIN_H)];
    else if (y < AXIS_H + pinnedH()) return -1;
    else l = Math.floor((y - AXIS_H - pinnedH() + scroller.scrollTop) / LANE_H);
    if (l === undefined || l < 0 || l >= laneCount) return -1;
    const t = timeAt(x), slack = (t1 - t0) / (width - NAMES_W) * 2;
    const ops = laneOps[l];
    for (let i = firstEndingAfter(l, t - slack); i < ops.length; i++) {
      const o = ops[i];
      if (boxStart[o] > t + slack) break;
      if (!(flags[o] & ATTEMPT)) return o;
    }
    return -1;
  }

  function describe(o) {
    const f = flags[o], outcome = (f >> 2) & 3;
    const lines = ['#' + o + '  ' + label(o) + ((f & FINAL) ? '  (final read)' : ''),
      'session ' + T.lanes[lane[o]] + ', replica ' + T.replicas[replicaOf[o]],
      OUTCOMES[outcome] + ', invoked at ' + fmtDur(start[o]) + (dur[o] >= 0 ? ', took ' + fmtDur(end[o] - boxStart[o]) : '')];
    let attempts = 0;
    const ops = laneOps[lane[o]];
    let i = firstEndingAfter(lane[o], end[o]);
    while (i < ops.length && ops[i] !== o) i++;
    for (let j = i - 1; j >= 0 && (flags[ops[j]] & ATTEMPT); j--) attempts++;
    if (f & UNEXPECTED) lines.push('an answer the API does not allow (see "Unexpected answers")');
    if (attempts) lines.push(attempts + ' failed attempt' + (attempts > 1 ? 's' : '') + ' before (retried), from ' + fmtDur(boxStart[o]));
    for (let v = 0; v < D.violations.length; v++) {
      if (D.violations[v].ops.indexOf(o) >= 0) { lines.push('in violation ' + D.violations[v].title); break; }
    }
    return lines.join('\n');
  }

  document.getElementById('tl-zoom-in').onclick = () => zoom(0.5);
  document.getElementById('tl-zoom-out').onclick = () => zoom(2);
  document.getElementById('tl-left').onclick = () => pan(-0.4);
  document.getElementById('tl-right').onclick = () => pan(0.4);
  document.getElementById('tl-fit-all').onclick = fitAll;
  const fitViolation = document.getElementById('tl-fit-violation');
  fitViolation.onclick = () => { if (selected >= 0) select(selected, false); };
  const chooser = document.getElementById('tl-violation');
  if (D.violations.length === 0) {
    fitViolation.disabled = true;
    chooser.add(new Option('no violations', '-1'));
    chooser.disabled = true;
  } else {
    chooser.add(new Option('(no violation pinned)', '-1'));
    D.violations.forEach((v, i) => chooser.add(new Option(v.title, String(i))));
  }
  chooser.onchange = () => select(Number(chooser.value), false);
  scroller.addEventListener('keydown', e => {
    const keys = { '+': () => zoom(0.5), '=': () => zoom(0.5), '-': () => zoom(2), ArrowLeft: () => pan(-0.2), ArrowRight: () => pan(0.2), '0': fitAll };
    if (keys[e.key]) { keys[e.key](); e.preventDefault(); }
  });

  // ---- violations list
  document.querySelectorAll('article.v').forEach(a => {
    a.addEventListener('click', e => {
      if (e.target.closest('summary')) return;
      select(Number(a.dataset.i), e.target.classList.contains('show'));
    });
  });
  document.querySelectorAll('#v-filters button').forEach(btn => {
    btn.addEventListener('click', () => {
      document.querySelectorAll('#v-filters button').forEach(x => x.classList.remove('on'));
      btn.classList.add('on');
      const c = btn.dataset.check;
      document.querySelectorAll('article.v').forEach(a => {
        a.hidden = c !== '' && a.dataset.checks.indexOf(' ' + c + ' ') < 0;
      });
    });
  });
  document.querySelectorAll('.fault-list li').forEach(li => {
    li.addEventListener('click', () => {
      const a = Number(li.dataset.from), b = Number(li.dataset.to), m = Math.max(1, (b - a) * 0.25);
      setWindow(a - m, b + m);
      document.getElementById('timeline').scrollIntoView({ block: 'start' });
    });
  });
  const confFilter = document.getElementById('conf-failures');
  if (confFilter) {
    confFilter.addEventListener('change', () => {
      document.querySelectorAll('tr.conf-pass').forEach(tr => { tr.hidden = confFilter.checked; });
    });
  }

  // ---- plots (uPlot)
  function plots() {
    const P = D.plots;
    const section = document.getElementById('plots');
    if (!P || typeof uPlot === 'undefined') { section.hidden = true; return; }
    const unitS = P.unitSeconds;
    const faultBands = {
      hooks: {
        drawClear: [u => {
          const c = u.ctx;
          c.save();
          for (const f of D.faults) {
            const a = u.valToPos(f.from * unitS, 'x', true), b = u.valToPos(f.to * unitS, 'x', true);
            const l = Math.max(u.bbox.left, a), r = Math.min(u.bbox.left + u.bbox.width, b);
            if (r <= l) continue;
            c.fillStyle = 'rgba(229,83,75,0.12)';
            c.fillRect(l, u.bbox.top, Math.max(2, r - l), u.bbox.height);
          }
          c.restore();
        }]
      }
    };
    function make(el, plot, yLabel, log) {
      const w = Math.max(400, document.getElementById('plots').clientWidth - 10);
      const series = [{ label: 'time (s)' }];
      plot.series.forEach((s, i) => series.push({
        label: s.label, stroke: s.colour, width: s.label.endsWith('p99') ? 1 : 1.6, spanGaps: false,
        dash: s.label.endsWith('p99') ? [4, 3] : undefined,
        paths: s.points ? () => null : undefined,
        // Lines break at empty buckets; small points keep a lone bucket visible.
        points: s.points ? { show: true, size: 6, fill: s.colour } : { show: true, size: 3, fill: s.colour }
      }));
      const opts = {
        width: w, height: 260, title: yLabel, plugins: [faultBands],
        scales: { x: { time: false }, y: log ? { distr: 3 } : {} },
        axes: [{ label: 'seconds since the start of the history' }, { label: yLabel, size: 78 }],
        series
      };
      const data = [plot.x].concat(plot.series.map(s => s.values.map(v => (log && v !== null && v <= 0) ? null : v)));
      return new uPlot(opts, data, document.getElementById(el));
    }
    const charts = [];
    if (P.latency.series.length) charts.push(make('plot-latency', P.latency, 'latency (ms)', true));
    charts.push(make('plot-throughput', P.throughput, 'operations per second', false));
    window.addEventListener('resize', () => {
      const w = Math.max(400, document.getElementById('plots').clientWidth - 10);
      charts.forEach(c => c.setSize({ width: w, height: 260 }));
    });
  }

  timings.indexMs = Math.round(performance.now()) - timings.scriptStartMs - timings.parseMs;
  // ---- start
  layout();
  if (D.violations.length) select(0, false); else fitAll();
  plots();
  timings.readyMs = Math.round(performance.now());
  window.kvsReport = { select, zoom, pan, fitAll, timings, state: () => ({ t0, t1, minSpan, pinned: pinned.slice(), selected, scrollTop: scroller.scrollTop }) };
  document.body.dataset.ready = 'true';
})();
