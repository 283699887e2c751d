// charts.js - the three ECharts panels (window.echarts): the 30-day trend
// of intake and closures, the categories of the period, and the ranking
// by composite score (communities and villages, or the best and the last
// grids). Tooltips are drawn in the canvas (renderMode richText), so no
// server text is ever put into the page as HTML.

import { t, lang } from '/common/i18n.js';

const CATEGORIES_SHOWN = 8;  // the busiest categories in the chart
const GRIDS_EACH_END = 5;    // grids shown at each end of the ranking
const FONT = 15;             // px of axis and label text
const COLOURS = { intake: '#4fa3ff', closed: '#3ddc97', bar: '#ffb547', score: '#7fd1ff',
  low: '#ff7a6b', axis: '#a9b4c4', grid: '#1f3352' };
const SCORE_LOW = 80;        // a composite below this is drawn in the warning colour

const charts = new Map();

function chart(el) {
  let c = charts.get(el.id);
  if (!c) {
    c = window.echarts.init(el, null, { renderer: 'canvas' });
    charts.set(el.id, c);
  }
  return c;
}

export function resizeCharts() {
  for (const c of charts.values()) c.resize();
}

const textStyle = { color: COLOURS.axis, fontSize: FONT, fontFamily: 'Noto Sans CJK SC, sans-serif' };
const tooltip = (trigger) => ({ trigger, renderMode: 'richText', backgroundColor: '#0f1d33',
  borderColor: '#3a5a8a', textStyle: { color: '#e8edf5', fontSize: FONT } });
const axisLine = { lineStyle: { color: COLOURS.grid } };
const splitLine = { lineStyle: { color: COLOURS.grid, type: 'dashed' } };

// series: GET /api/v1/stats?by=day's series.
export function drawTrend(el, series) {
  const days = series.map((s) => s.key.slice(5).replace('-', '/'));
  chart(el).setOption({
    backgroundColor: 'transparent', textStyle, animationDuration: 600,
    grid: { left: 44, right: 16, top: 38, bottom: 28 },
    legend: { top: 0, right: 8, textStyle: { color: '#e8edf5', fontSize: FONT }, itemWidth: 18 },
    tooltip: tooltip('axis'),
    xAxis: { type: 'category', data: days, axisLine, axisTick: { show: false },
      axisLabel: { color: COLOURS.axis, fontSize: FONT - 2, interval: 6 } },
    yAxis: { type: 'value', minInterval: 1, splitLine, axisLabel: { color: COLOURS.axis, fontSize: FONT - 2 } },
    series: [
      { name: t('chart.intake'), type: 'bar', data: series.map((s) => s.counts.intake), barMaxWidth: 10,
        itemStyle: { color: COLOURS.intake, borderRadius: [3, 3, 0, 0] } },
      { name: t('chart.closed'), type: 'line', smooth: true, smoothMonotone: 'x', symbol: 'circle', symbolSize: 5,
        data: series.map((s) => s.counts.closed), lineStyle: { width: 3, color: COLOURS.closed },
        itemStyle: { color: COLOURS.closed } },
    ],
  }, true);
}

// series: GET /api/v1/stats?by=category's series; names: code → {name, name_en}.
export function drawCategories(el, series, names) {
  const top = series.filter((s) => s.counts.intake > 0)
    .sort((a, b) => b.counts.intake - a.counts.intake).slice(0, CATEGORIES_SHOWN).reverse();
  const label = (s) => {
    const n = names && names.get(s.key);
    return lang() === 'en' && n && n.name_en ? n.name_en : s.name;
  };
  chart(el).setOption({
    backgroundColor: 'transparent', textStyle, animationDuration: 600,
    grid: { left: 8, right: 48, top: 6, bottom: 6, containLabel: true },
    tooltip: tooltip('item'),
    xAxis: { type: 'value', show: false },
    yAxis: { type: 'category', data: top.map(label), axisLine, axisTick: { show: false },
      axisLabel: { color: '#e8edf5', fontSize: FONT, width: 150, overflow: 'truncate', interval: 0 } },
    series: [{ name: t('chart.intake'), type: 'bar', data: top.map((s) => s.counts.intake), barMaxWidth: 18,
      itemStyle: { color: COLOURS.bar, borderRadius: [0, 4, 4, 0] },
      label: { show: true, position: 'right', color: '#e8edf5', fontSize: FONT } }],
    graphic: top.length ? [] : [noData()],
  }, true);
}

function noData() {
  return { type: 'text', left: 'center', top: 'middle',
    style: { text: t('chart.no_data'), fill: COLOURS.axis, fontSize: FONT + 2 } };
}

// The ranking: rows [{rank, name, score}] best first, drawn top down.
// A row with rank null is the gap between the best and the last grids.
export function drawRanking(el, rows) {
  const shown = rows.slice().reverse();
  const name = (r) => (r.gap ? '⋯' : r.rank ? `${r.rank}. ${r.name}` : r.name);
  chart(el).setOption({
    backgroundColor: 'transparent', textStyle, animationDuration: 600,
    grid: { left: 8, right: 56, top: 6, bottom: 6, containLabel: true },
    tooltip: tooltip('item'),
    xAxis: { type: 'value', show: false, max: 100 },
    yAxis: { type: 'category', data: shown.map(name), axisLine, axisTick: { show: false },
      axisLabel: { color: '#e8edf5', fontSize: FONT - (shown.length > 12 ? 1 : 0), width: 190, overflow: 'truncate',
        interval: 0 } },
    series: [{ name: t('chart.score'), type: 'bar', barMaxWidth: 16,
      data: shown.map((r) => ({ value: r.score ?? 0,
        itemStyle: { color: r.score !== null && r.score < SCORE_LOW ? COLOURS.low : COLOURS.score,
          borderRadius: [0, 4, 4, 0] },
        label: { show: !r.gap, formatter: r.note ? t(r.note) : r.score.toFixed(1) } })),
      label: { show: true, position: 'right', color: '#e8edf5', fontSize: FONT - 1 } }],
    graphic: rows.length ? [] : [noData()],
  }, true);
}

// The ranking rows of GET /api/v1/stats?by=unit (best first): all of them,
// a unit the API does not rank marked 样本不足 (fewer than 10 requests in
// the period) or 无数据, with no score.
export function rankRows(series) {
  return series.map((s) => ({ rank: s.rank, name: s.name, score: s.rank ? s.rates.composite : null,
    note: s.rank ? null : s.sample_too_small ? 'chart.small_sample' : 'chart.no_score' }));
}

// The grids' ranking among those the API would rank (a score from enough
// requests): the best GRIDS_EACH_END and the last, with a gap row between.
export function gridRankRows(all) {
  const sorted = all.filter((s) => s.rates.composite !== null && !s.sample_too_small).sort(rankOrder);
  const rows = sorted.map((s, i) => ({ rank: i + 1, name: s.name, score: s.rates.composite, note: null }));
  if (rows.length <= 2 * GRIDS_EACH_END) return rows;
  return [...rows.slice(0, GRIDS_EACH_END), { gap: true, rank: null, name: '', score: null },
    ...rows.slice(-GRIDS_EACH_END)];
}

// Best composite first, ties by id (as the API ranks).
function rankOrder(a, b) {
  return b.rates.composite - a.rates.composite || a.id - b.id;
}
