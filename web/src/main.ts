// The page of `dyad serve`: a filter bar over every view, an event table (keyset pages),
// the time series and the actor network of the filter, a map of the located events of
// the table, the sentence view of one event (source, verb and target highlighted, the
// pattern and its dictionary line named) and a box that codes a text through the server.
// The state lives in the URL's hash (#actor=RUS&event=12), so a view can be linked to and
// the back button works; every view links to the others (an actor → its events, series
// and network; a period → its events; a point or row → its sentence).
import * as echarts from 'echarts/core';
import { BarChart, LineChart, GraphChart, ScatterChart } from 'echarts/charts';
import {
  GridComponent, TooltipComponent, LegendComponent, GeoComponent, DataZoomComponent,
} from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { feature } from 'topojson-client';
import type { Topology, GeometryCollection } from 'topojson-specification';
import world from 'world-atlas/countries-110m.json';
import './style.css';

echarts.use([BarChart, LineChart, GraphChart, ScatterChart, GridComponent, TooltipComponent,
  LegendComponent, GeoComponent, DataZoomComponent, CanvasRenderer]);

// ---- API types (doc/formats/serve-api.md) -------------------------------------------------
interface Actor { code: string | null; root: string; agent: string; text: string; words: [number, number]; dict: string | null }
interface Location { text: string; name: string; country: string; lat: number; lon: number; precision: number }
interface ApiEvent {
  id: number; doc_id: string; date: string; source: Actor | null; target: Actor | null;
  cameo: string; quad_class: number | null; goldstein: number | null;
  plover: { type: string; mode: string } | null; verb: { word: number; text: string };
  pattern: { text: string; dict: string }; location: Location | null; sentence: string;
  mentions: number;
}
interface Span { words: [number, number]; start: number; end: number }
interface Spans { source: Span | null; verb: Span | null; target: Span | null }
interface CodedEvent extends Omit<ApiEvent, 'id'> { spans: Spans | null }
interface SeriesRow { period: string; events: number; goldstein: number | null; by_quad_class: { events: number; goldstein: number | null }[] }

const FILTERS = ['from', 'to', 'actor', 'source', 'target', 'cameo', 'quad_class', 'plover', 'country', 'q'] as const;
type Filter = Record<string, string>;
const CODE_FILTERS: readonly string[] = ['actor', 'source', 'target', 'cameo', 'plover', 'country'];

const $ = <T extends HTMLElement>(sel: string) => document.querySelector(sel) as T;
const QUAD_NAMES = ['verbal cooperation', 'material cooperation', 'verbal conflict', 'material conflict'];
const QUAD_COLORS = ['#4caf50', '#1b5e20', '#ff9800', '#c62828'];

// ---- state in the hash ---------------------------------------------------------------------
function readHash(): { filter: Filter; event: string; interval: string } {
  const params = new URLSearchParams(location.hash.slice(1));
  const filter: Filter = {};
  for (const f of FILTERS) { const v = params.get(f); if (v) filter[f] = v; }
  return { filter, event: params.get('event') ?? '', interval: params.get('interval') ?? 'month' };
}

function writeHash(filter: Filter, event: string, interval: string) {
  const params = new URLSearchParams(filter);
  if (event) params.set('event', event);
  if (interval !== 'month') params.set('interval', interval);
  const hash = '#' + params.toString();
  if (location.hash !== hash) location.hash = hash; // fires hashchange → render
}

// The API takes dates as YYYY-MM-DD (what <input type=date> gives).
function apiQuery(filter: Filter, extra: Record<string, string> = {}): string {
  return new URLSearchParams({ ...filter, ...extra }).toString();
}

async function getJson<T>(url: string, init?: RequestInit): Promise<T> {
  const res = await fetch(url, init);
  const body = await res.json();
  if (!res.ok) {
    const param = body.parameter ? ` (${body.parameter})` : '';
    throw new Error(`${body.error ?? res.statusText}${param}`);
  }
  return body as T;
}

function showError(e: unknown) {
  const box = $('#error');
  if (e) {
    box.textContent = e instanceof Error ? e.message : String(e);
    box.hidden = false;
  } else {
    box.hidden = true;
  }
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> = {},
  ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const e = Object.assign(document.createElement(tag), props);
  e.append(...children);
  return e;
}

const isoDate = (d: string) => `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}`;

// A link that narrows every view to an actor.
function actorLink(code: string | null | undefined): Node {
  if (!code) return document.createTextNode('—');
  const a = el('a', { href: '#', className: 'actor', textContent: code, title: `events of ${code}` });
  a.dataset.actor = code;
  a.addEventListener('click', (ev) => {
    ev.preventDefault();
    const { interval } = readHash();
    writeHash({ ...currentFilter(), actor: code, source: '', target: '' }, '', interval);
  });
  return a;
}

function currentFilter(): Filter {
  const f: Filter = {};
  for (const [k, v] of Object.entries(readHash().filter)) if (v) f[k] = v;
  return f;
}

// ---- filter bar ---------------------------------------------------------------------------
function fillForm(filter: Filter) {
  for (const f of FILTERS) {
    const input = $<HTMLInputElement>(`#f-${f}`);
    input.value = filter[f] ?? '';
  }
}

function formFilter(): Filter {
  const f: Filter = {};
  for (const name of FILTERS) {
    let v = $<HTMLInputElement>(`#f-${name}`).value.trim();
    if (CODE_FILTERS.includes(name)) v = v.toUpperCase();
    if (v) f[name] = v;
  }
  return f;
}

// ---- event table --------------------------------------------------------------------------
let nextCursor: string | null = null;
let tableEvents: ApiEvent[] = [];

async function loadEvents(filter: Filter, append: boolean) {
  const extra: Record<string, string> = { limit: '100' };
  if (append && nextCursor) extra.after = nextCursor;
  const page = await getJson<{ events: ApiEvent[]; next: string | null }>(`/api/events?${apiQuery(filter, extra)}`);
  nextCursor = page.next;
  tableEvents = append ? tableEvents.concat(page.events) : page.events;
  const body = $('#events-table tbody');
  if (!append) body.replaceChildren();
  for (const e of page.events) {
    const row = el('tr');
    row.dataset.id = String(e.id);
    if (String(e.id) === readHash().event) row.classList.add('selected');
    const open = el('a', { href: `#`, textContent: `${e.cameo} ${e.verb.text}`, className: 'open-event' });
    open.addEventListener('click', (ev) => { ev.preventDefault(); openEvent(e.id); });
    row.append(
      el('td', {}, isoDate(e.date)),
      el('td', {}, actorLink(e.source?.code)),
      el('td', {}, open),
      el('td', {}, actorLink(e.target?.code)),
      el('td', { className: `qc qc${e.quad_class ?? 0}` }, String(e.quad_class ?? '')),
      el('td', {}, e.goldstein == null ? '' : e.goldstein.toFixed(1)),
      el('td', {}, e.location ? `${e.location.name}, ${e.location.country}` : ''),
    );
    row.addEventListener('click', (ev) => {
      if ((ev.target as HTMLElement).closest('a')) return;
      openEvent(e.id);
    });
    body.append(row);
  }
  $('#events-count').textContent = `${tableEvents.length} shown${nextCursor ? ', more' : ''}`;
  $<HTMLButtonElement>('#more').hidden = !nextCursor;
  drawMap(tableEvents);
}

function openEvent(id: number) {
  const { filter, interval } = readHash();
  writeHash(filter, String(id), interval);
}

// ---- sentence view ------------------------------------------------------------------------
// The sentence with source, verb and target marked (spans in UTF-16 units, as JS strings).
function highlighted(sentence: string, spans: Spans | null): HTMLElement {
  const p = el('p', { className: 'sentence' });
  const marks: { start: number; end: number; role: string }[] = [];
  if (spans) {
    for (const role of ['source', 'verb', 'target'] as const) {
      const s = spans[role];
      if (s) marks.push({ start: s.start, end: s.end, role });
    }
  }
  marks.sort((a, b) => a.start - b.start);
  let pos = 0;
  for (const m of marks) {
    if (m.start < pos) continue; // overlapping spans: keep the first
    p.append(sentence.slice(pos, m.start));
    p.append(el('mark', { className: `span-${m.role}`, title: m.role, textContent: sentence.slice(m.start, m.end) }));
    pos = m.end;
  }
  p.append(sentence.slice(pos));
  return p;
}

function eventDetails(e: Omit<ApiEvent, 'id'>, spans: Spans | null): HTMLElement {
  const box = el('div', { className: 'event-detail' });
  box.append(highlighted(e.sentence, spans));
  const dl = el('dl');
  const row = (k: string, ...v: (Node | string)[]) => dl.append(el('dt', {}, k), el('dd', {}, ...v));
  row('who', actorLink(e.source?.code), ' → ', e.cameo, ` (${e.verb.text}) → `, actorLink(e.target?.code));
  row('pattern', el('code', { className: 'pattern', textContent: e.pattern.text }));
  row('dictionary', el('code', { className: 'pattern-loc', textContent: e.pattern.dict }));
  row('date', isoDate(e.date));
  row('QuadClass', e.quad_class ? `${e.quad_class} ${QUAD_NAMES[e.quad_class - 1]}` : '—',
    e.goldstein == null ? '' : `, Goldstein ${e.goldstein}`);
  if (e.plover) row('PLOVER', `${e.plover.type}${e.plover.mode ? ' / ' + e.plover.mode : ''}`);
  if (e.location) row('where', `${e.location.name} (${e.location.country}), named “${e.location.text}”`);
  if (e.source?.dict) row('source entry', el('code', { textContent: e.source.dict }));
  if (e.target?.dict) row('target entry', el('code', { textContent: e.target.dict }));
  row('document', e.doc_id);
  box.append(dl);
  return box;
}

async function loadSentence(id: string) {
  const view = $('#sentence-view');
  if (!id) return;
  const r = await getJson<{ event: ApiEvent; spans: Spans | null }>(`/api/events/${encodeURIComponent(id)}`);
  view.replaceChildren(eventDetails(r.event, r.spans));
  view.dataset.event = id;
  for (const row of document.querySelectorAll<HTMLElement>('#events-table tbody tr')) {
    row.classList.toggle('selected', row.dataset.id === id);
  }
}

// ---- time series --------------------------------------------------------------------------
let seriesChart: echarts.ECharts;
async function loadSeries(filter: Filter, interval: string) {
  const answer = await getJson<{ series: SeriesRow[] }>(`/api/series?${apiQuery(filter, { interval })}`);
  const r = { series: fillGaps(answer.series, interval) };
  const periods = r.series.map((s) => s.period);
  performance.mark('series-answer');
  seriesChart.setOption({
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 45, right: 40, top: 60, bottom: 60 },
    xAxis: { type: 'category', data: periods },
    yAxis: [{ type: 'value', name: 'events', nameGap: 8 }, { type: 'value', name: 'Goldstein', nameGap: 8, min: -10, max: 10 }],
    dataZoom: [{ type: 'slider', bottom: 10 }],
    series: [
      ...QUAD_NAMES.map((name, i) => ({
        name, type: 'bar', stack: 'events', itemStyle: { color: QUAD_COLORS[i] },
        data: r.series.map((s) => s.by_quad_class[i].events),
      })),
      { name: 'mean Goldstein', type: 'line', yAxisIndex: 1, showSymbol: false,
        data: r.series.map((s) => s.goldstein) },
    ],
  }, true);
  performance.mark('series-drawn');
  seriesChart.off('click');
  // A period → the events of that period.
  seriesChart.on('click', (p) => {
    const period = periods[p.dataIndex as number];
    const [from, to] = periodRange(period, interval);
    writeHash({ ...currentFilter(), from, to }, '', interval);
  });
}

// Every period from the first to the last, those without events as zeros: a time axis.
function fillGaps(rows: SeriesRow[], interval: string): SeriesRow[] {
  if (rows.length < 2) return rows;
  const empty = (period: string): SeriesRow => ({
    period, events: 0, goldstein: null, by_quad_class: [0, 1, 2, 3].map(() => ({ events: 0, goldstein: null })),
  });
  const byPeriod = new Map(rows.map((r) => [r.period, r]));
  const out: SeriesRow[] = [];
  const last = rows[rows.length - 1].period;
  let p = rows[0].period;
  for (let guard = 0; guard < 20000; guard++) {
    out.push(byPeriod.get(p) ?? empty(p));
    if (p >= last) break;
    p = nextPeriod(p, interval);
  }
  return out;
}

function nextPeriod(p: string, interval: string): string {
  if (interval === 'month') {
    const [y, m] = p.split('-').map(Number);
    return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  }
  const d = new Date(p + 'T00:00:00Z');
  d.setUTCDate(d.getUTCDate() + (interval === 'week' ? 7 : 1));
  return d.toISOString().slice(0, 10);
}

function periodRange(period: string, interval: string): [string, string] {
  if (interval === 'day') return [period, period];
  if (interval === 'month') {
    const [y, m] = period.split('-').map(Number);
    const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
    return [`${period}-01`, `${period}-${String(last).padStart(2, '0')}`];
  }
  const start = new Date(period + 'T00:00:00Z');
  const end = new Date(start.getTime() + 6 * 86400000);
  return [period, end.toISOString().slice(0, 10)];
}

// ---- actor network ------------------------------------------------------------------------
let networkChart: echarts.ECharts;
async function loadNetwork(filter: Filter) {
  const r = await getJson<{ nodes: { id: string; events: number }[]; edges: { source: string; target: string; events: number; goldstein: number | null }[] }>(
    `/api/network?${apiQuery(filter, { limit: '60' })}`);
  const max = Math.max(1, ...r.nodes.map((n) => n.events));
  const maxEdge = Math.max(1, ...r.edges.map((e) => e.events));
  performance.mark('network-answer');
  networkChart.setOption({
    tooltip: {},
    series: [{
      type: 'graph', layout: 'force', roam: true, draggable: true,
      force: { repulsion: 180, edgeLength: [40, 140] },
      label: { show: true, position: 'right', fontSize: 11 },
      edgeSymbol: ['none', 'arrow'], edgeSymbolSize: 6,
      data: r.nodes.map((n) => ({ id: n.id, name: n.id, value: n.events, symbolSize: 8 + 28 * Math.sqrt(n.events / max) })),
      links: r.edges.map((e) => ({
        source: e.source, target: e.target, value: e.events,
        lineStyle: { width: 0.5 + 5 * e.events / maxEdge, curveness: 0.15,
          color: e.goldstein == null ? '#999' : e.goldstein >= 0 ? '#2e7d32' : '#c62828', opacity: 0.7 },
      })),
    }],
  }, true);
  performance.mark('network-drawn');
  networkChart.off('click');
  // An actor → its events and series; an edge → the dyad's.
  networkChart.on('click', (p) => {
    const { interval } = readHash();
    const d = p.data as { id?: string; source?: string; target?: string };
    if (p.dataType === 'node' && d.id) writeHash({ ...currentFilter(), actor: d.id, source: '', target: '' }, '', interval);
    if (p.dataType === 'edge' && d.source && d.target) writeHash({ ...currentFilter(), actor: '', source: d.source, target: d.target }, '', interval);
  });
}

// ---- map ----------------------------------------------------------------------------------
let mapChart: echarts.ECharts;
function drawMap(events: ApiEvent[]) {
  performance.mark('map-start');
  const placed = events.filter((e) => e.location);
  mapChart.setOption({
    tooltip: { formatter: (p: { data: { name: string } }) => p.data.name },
    geo: { map: 'world', roam: true, itemStyle: { areaColor: '#eceff1', borderColor: '#b0bec5' }, emphasis: { disabled: true } },
    series: [{
      type: 'scatter', coordinateSystem: 'geo', symbolSize: 7,
      data: placed.map((e) => ({
        name: `${isoDate(e.date)} ${e.source?.code ?? '—'} ${e.cameo} ${e.target?.code ?? '—'} · ${e.location!.name}`,
        value: [e.location!.lon, e.location!.lat], id: e.id,
        itemStyle: { color: QUAD_COLORS[(e.quad_class ?? 1) - 1] },
      })),
    }],
  }, true);
  performance.mark('map-drawn');
  mapChart.off('click');
  mapChart.on('click', (p) => { const d = p.data as { id?: number }; if (d?.id) openEvent(d.id); });
}

// ---- code box -----------------------------------------------------------------------------
async function codeText() {
  const text = $<HTMLTextAreaElement>('#code-text').value;
  const date = $<HTMLInputElement>('#code-date').value;
  const out = $('#code-result');
  out.replaceChildren(el('p', { className: 'hint', textContent: 'coding…' }));
  try {
    const r = await getJson<{ events: CodedEvent[] }>('/api/code', {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(date ? { text, date } : { text }),
    });
    out.replaceChildren(el('p', { className: 'code-count', textContent: `${r.events.length} event${r.events.length === 1 ? '' : 's'}` }));
    for (const e of r.events) out.append(eventDetails(e, e.spans));
  } catch (e) {
    out.replaceChildren(el('p', { className: 'error', textContent: e instanceof Error ? e.message : String(e) }));
  }
}

// ---- wiring -------------------------------------------------------------------------------
let shownFilter: string | null = null;
let shownInterval: string | null = null;
async function render() {
  const { filter, event, interval } = readHash();
  fillForm(filter);
  $<HTMLSelectElement>('#interval').value = interval;
  showError(null);
  // Opening an event keeps the other views as they are; a new filter redraws them all.
  const key = apiQuery(filter);
  const jobs: Promise<void>[] = [];
  if (key !== shownFilter) {
    nextCursor = null;
    jobs.push(loadEvents(filter, false), loadNetwork(filter));
  }
  if (key !== shownFilter || interval !== shownInterval) jobs.push(loadSeries(filter, interval));
  shownFilter = key;
  shownInterval = interval;
  if (event) jobs.push(loadSentence(event));
  const results = await Promise.allSettled(jobs);
  performance.mark('views-drawn');
  const failed = results.find((r) => r.status === 'rejected') as PromiseRejectedResult | undefined;
  if (failed) {
    showError(failed.reason);
    shownFilter = null; // try again on the next change
  }
  // When every view was first drawn, in ms since navigation start (the browser test's
  // "first render").
  if (!document.body.dataset.firstRenderMs) document.body.dataset.firstRenderMs = String(Math.round(performance.now()));
  document.body.dataset.ready = 'true';
}

async function main() {
  performance.mark('script-start');
  const topo = world as unknown as Topology<{ countries: GeometryCollection }>;
  echarts.registerMap('world', feature(topo, topo.objects.countries) as never);
  performance.mark('map-registered');
  seriesChart = echarts.init($('#series-chart'));
  networkChart = echarts.init($('#network-chart'));
  mapChart = echarts.init($('#map-chart'));
  window.addEventListener('resize', () => { seriesChart.resize(); networkChart.resize(); mapChart.resize(); });

  $('#filters').addEventListener('submit', (ev) => {
    ev.preventDefault();
    writeHash(formFilter(), '', readHash().interval);
  });
  $('#reset').addEventListener('click', () => writeHash({}, '', 'month'));
  $('#more').addEventListener('click', () => loadEvents(readHash().filter, true).catch(showError));
  $('#interval').addEventListener('change', () => {
    const { filter, event } = readHash();
    writeHash(filter, event, $<HTMLSelectElement>('#interval').value);
  });
  $('#code-submit').addEventListener('click', () => { void codeText(); });
  window.addEventListener('hashchange', () => { document.body.dataset.ready = 'false'; void render(); });

  getJson<{ last_event_id: number; documents: number; first_date: string | null; last_date: string | null; full_text: boolean }>('/api/summary')
    .then((s) => {
      $('#summary').textContent = `${s.documents.toLocaleString()} documents, events to #${s.last_event_id.toLocaleString()}, ${s.first_date ?? '?'} – ${s.last_date ?? '?'}`;
      if (!s.full_text) $<HTMLInputElement>('#f-q').placeholder = 'no full-text index: dyad index STORE';
    })
    .catch(showError);
  await render();
}

void main();
