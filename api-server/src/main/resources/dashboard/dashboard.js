// The tally dashboard: reads dashboard.json once a second and draws it. No library, nothing fetched
// from elsewhere. With API_TOKEN set, the API answers 401: the page asks for the token, keeps it in
// this tab's sessionStorage and sends it as Authorization: Bearer on its data requests.
'use strict';

const REFRESH_MS = 1000;
const TOKEN_KEY = 'tally-api-token';
const $ = id => document.getElementById(id);

function escape(value) {
  return String(value).replace(/[&<>"']/g, c => ({'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'}[c]));
}

function list(values) {
  return values && values.length ? values.join(', ') : '–';
}

function table(id, headings, rows) {
  const head = '<tr>' + headings.map(h => `<th>${escape(h)}</th>`).join('') + '</tr>';
  $(id).innerHTML = head + (rows.length ? rows.join('') : `<tr><td colspan="${headings.length}">none</td></tr>`);
}

function state(good, yes, no) {
  return good ? `<td class="${yes.replace(' ', '-')}">${yes}</td>` : `<td class="${no.replace(' ', '-')}">${no}</td>`;
}

function rate(value) {
  return value >= 100 ? Math.round(value).toLocaleString('en') : (Math.round(value * 10) / 10).toString();
}

function drawFigures(view) {
  const totals = view.traffic.totals;
  const seconds = view.traffic.perSecond;
  const last = seconds.length ? seconds[seconds.length - 1] : null;
  $('increments-rate').textContent = last ? rate(last.increments) : '–';
  $('reads-rate').textContent = last ? rate(last.reads) : '–';
  $('increments-total').textContent = totals.increments;
  $('reads-total').textContent = totals.reads;
  $('too-many-total').textContent = totals.tooMany;
  $('unavailable-total').textContent = totals.unavailable;
}

function drawChart(seconds) {
  // Drawn at the chart's real width, so that its text is not stretched.
  const width = $('chart').clientWidth || 900, height = 180, top = 14, window = 180;
  $('chart').setAttribute('viewBox', `0 0 ${width} ${height}`);
  const now = seconds.length ? seconds[seconds.length - 1].second : 0;
  const max = Math.max(1, ...seconds.map(s => Math.max(s.increments, s.reads, s.tooMany + s.unavailable)));
  const x = second => width - (now - second) * width / window;
  const y = value => height - value * (height - top) / max;
  const line = (pick, css) => {
    const points = seconds.map(s => `${x(s.second).toFixed(1)},${y(pick(s)).toFixed(1)}`).join(' ');
    return `<polyline class="${css}" fill="none" stroke-width="2" points="${points}"/>`;
  };
  $('chart').innerHTML =
      `<text x="4" y="12" font-size="11" fill="#5b6578">${escape(rate(max))}/s</text>`
      + `<text x="4" y="${height - 4}" font-size="11" fill="#5b6578">${window} s ago</text>`
      + line(s => s.increments, 'increments') + line(s => s.reads, 'reads')
      + line(s => s.tooMany + s.unavailable, 'refused');
}

function drawCluster(view) {
  const status = view.status;
  table('brokers', ['broker', 'state', 'partitions led'], status.brokers.map(b =>
      `<tr data-broker="${b.id}"><td>${b.id}</td>${state(b.up, 'up', 'down')}<td>${b.partitionsLed}</td></tr>`));
  table('processors', ['processor', 'state', 'ready', 'active', 'standby'], withThoseSeenBefore(view.processors).map(p =>
      `<tr data-processor="${escape(p.endpoint)}"><td>${escape(p.endpoint)}</td>${state(p.up, 'up', 'down')}`
      + `${state(p.ready, 'ready', 'not ready')}<td>${list(p.active)}</td><td>${list(p.standby)}</td></tr>`));
  table('replicas', ['API replica', 'state'], status.apiReplicas.map(r =>
      `<tr><td>${r.id}${r.id === status.answeredBy ? ' (answered)' : ''}</td>${state(r.up, 'up', 'down')}</tr>`));
  drawPartitions(status);
  table('queues', ['queue', 'topic', 'backlog', 'limit', '', 'in flight', '429s'], status.queues.map(q => {
    const full = Math.min(100, Math.round(100 * q.backlog / Math.max(1, q.limit)));
    return `<tr><td>${escape(q.queue)}</td><td>${escape(q.topic)}</td><td>${q.backlog}</td><td>${q.limit}</td>`
        + `<td><span class="bar" style="width:${full}px"></span> ${full} %</td><td>${q.inFlight}</td><td>${q.rejected}</td></tr>`;
  }));
  table('hot-keys', ['key', 'increments in window', 'spilled to excess'], status.hotKeys.map(k =>
      `<tr><td>${escape(k.key)}</td><td>${k.incrementsInWindow}</td><td>${k.spilledToExcess}</td></tr>`));
  $('rate-limit').textContent = status.rateLimit.perSecond > 0
      ? `rate limit ${status.rateLimit.perSecond}/s per client, ${status.rateLimit.rejected} refused` : 'no rate limit per client';
}

// Every processor this page has seen: one that left the group stays listed as down, also when the
// next refresh reaches an API replica that never saw it.
const seenProcessors = new Set();

function withThoseSeenBefore(processors) {
  processors.forEach(p => seenProcessors.add(p.endpoint));
  const listed = new Set(processors.map(p => p.endpoint));
  const gone = [...seenProcessors].filter(e => !listed.has(e)).map(e => ({endpoint: e, up: false, ready: false, active: [], standby: []}));
  return processors.concat(gone).sort((a, b) => a.endpoint.localeCompare(b.endpoint));
}

/** One row per queue partition; the processors hold the counts of the main queue's partitions. */
function drawPartitions(status) {
  const copies = (partition, role) => status.processors.filter(p => (p[role] || []).includes(partition)).map(p => {
    const lag = p.stats && p.stats.storeLag ? p.stats.storeLag[partition] : undefined;
    return `${escape(p.endpoint)} (lag ${lag === undefined ? '?' : lag})`;
  });
  const rows = [];
  status.queues.forEach((q, index) => {
    Object.entries(q.partitions).sort((a, b) => a[0] - b[0]).forEach(([partition, p]) => {
      const held = index === 0;
      rows.push(`<tr><td>${escape(q.queue)}</td><td>${partition}</td><td class="${p.leader < 0 ? 'down' : ''}">`
          + `${p.leader < 0 ? 'none' : p.leader}</td><td>${list(p.isr)} of ${list(p.replicas)}</td>`
          + `<td>${held ? list(copies(Number(partition), 'active')) : '–'}</td>`
          + `<td>${held ? list(copies(Number(partition), 'standby')) : '–'}</td><td>${p.backlog}</td></tr>`);
    });
  });
  table('partitions', ['queue', 'partition', 'leader', 'ISR', 'active (store lag)', 'standby (store lag)', 'backlog'], rows);
}

function draw(view) {
  $('answered-by').textContent = `answered by API replica ${view.answeredBy}; traffic of replicas ${list(view.trafficOf)}`;
  $('refreshed').textContent = 'refreshed ' + new Date().toLocaleTimeString('en-GB');
  drawFigures(view);
  drawChart(view.traffic.perSecond);
  drawCluster(view);
  $('problem').hidden = true;
  $('board').hidden = false;
}

function showProblem(text) {
  $('problem').textContent = text;
  $('problem').hidden = false;
}

function askForToken() {
  $('board').hidden = true;
  $('token-form').hidden = false;
}

async function refresh() {
  const token = sessionStorage.getItem(TOKEN_KEY);
  try {
    const response = await fetch('dashboard.json', {cache: 'no-store', headers: token ? {Authorization: 'Bearer ' + token} : {}});
    if (response.status === 401) {
      askForToken();
      return; // until a token is entered
    }
    const body = await response.json();
    if (!response.ok) {
      showProblem(`the API answered ${response.status}: ${body.message || body.error}`);
    } else {
      draw(body);
    }
  } catch (e) {
    showProblem('the API does not answer: ' + e.message);
  }
  setTimeout(refresh, REFRESH_MS);
}

$('token-form').addEventListener('submit', event => {
  event.preventDefault();
  sessionStorage.setItem(TOKEN_KEY, $('token').value.trim());
  $('token-form').hidden = true;
  refresh();
});

refresh();
