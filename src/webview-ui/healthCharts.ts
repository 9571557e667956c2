/**
 * The dashboard's charts: Chart.js 4 on canvas, only the parts it draws registered (bars, lines,
 * category and linear scales, tooltip, legend), no animation. Its colours are the theme's: the
 * --vscode-charts-* variables and the foreground, read with getComputedStyle, read again and
 * every chart redrawn when the theme changes. Chart.js sets canvas sizes through the CSSOM (no
 * style element, no inline style attribute parsed), which the page's CSP allows.
 */
import { BarController, BarElement, CategoryScale, Chart, type ChartConfiguration, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip } from 'chart.js';
import type { ChartReport } from '../shared/healthMessages';
import type { HealthChart } from '../shared/healthView';

Chart.register(BarController, BarElement, LineController, LineElement, PointElement, CategoryScale, LinearScale, Tooltip, Legend);

const charts = new Map<string, { chart: Chart; spec: HealthChart }>();

function cssVar(name: string, fallback: string): string {
  const v = getComputedStyle(document.body).getPropertyValue(name).trim();
  return v === '' ? fallback : v;
}

function colours(): { fg: string; grid: string; font: string; of: (c: string) => string } {
  const fg = cssVar('--vscode-foreground', '#cccccc');
  return {
    fg,
    grid: cssVar('--vscode-charts-lines', cssVar('--vscode-widget-border', 'rgba(128,128,128,0.35)')),
    font: cssVar('--vscode-font-family', 'sans-serif'),
    of: (c) => cssVar(`--vscode-charts-${c}`, fg),
  };
}

function config(spec: HealthChart): ChartConfiguration {
  const c = colours();
  const stacked = spec.kind === 'stacked';
  const line = spec.kind === 'line';
  return {
    type: line ? 'line' : 'bar',
    data: {
      labels: [...spec.labels],
      datasets: spec.datasets.map((d) => ({ label: d.label, data: [...d.data], backgroundColor: c.of(d.colour), borderColor: c.of(d.colour), borderWidth: line ? 2 : 0, pointRadius: line ? 2 : 0, spanGaps: false })),
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      color: c.fg,
      font: { family: c.font },
      plugins: { legend: { display: spec.datasets.length > 1, labels: { color: c.fg } }, tooltip: { enabled: true } },
      scales: {
        x: { stacked, ticks: { color: c.fg, autoSkip: true, maxRotation: 0 }, grid: { color: c.grid } },
        y: { stacked, beginAtZero: true, max: spec.percent ? 100 : undefined, ticks: { color: c.fg, precision: spec.percent ? undefined : 0 }, grid: { color: c.grid } },
      },
    },
  } as ChartConfiguration;
}

/** Draws `spec` on `canvas` (a chart drawn before under the same id is destroyed first). */
export function drawChart(canvas: HTMLCanvasElement, spec: HealthChart): void {
  charts.get(spec.id)?.chart.destroy();
  charts.set(spec.id, { chart: new Chart(canvas, config(spec)), spec });
}

export function clearCharts(): void {
  for (const { chart } of charts.values()) chart.destroy();
  charts.clear();
}

/** Every chart's labels and values as Chart.js holds them (what the tests compare with the tables). */
export function chartReports(): ChartReport[] {
  return [...charts.entries()].map(([id, { chart }]) => ({
    id,
    labels: (chart.data.labels ?? []).map(String),
    datasets: chart.data.datasets.map((d) => ({ label: String(d.label ?? ''), data: (d.data as Array<number | null>).map((v) => (typeof v === 'number' ? v : null)) })),
  }));
}

/** The theme's colours of every chart, read again (after a theme change). */
export function recolour(): void {
  for (const [id, { chart, spec }] of charts) {
    const canvas = chart.canvas;
    chart.destroy();
    charts.set(id, { chart: new Chart(canvas, config(spec)), spec });
  }
}

/** Redraws the charts when VS Code switches the theme (it changes the body's class and the variables). */
export function followTheme(): void {
  let pending: ReturnType<typeof setTimeout> | undefined;
  const again = () => {
    if (pending) clearTimeout(pending);
    pending = setTimeout(recolour, 50);
  };
  const mo = new MutationObserver(again);
  mo.observe(document.body, { attributes: true, attributeFilter: ['class', 'data-vscode-theme-id'] });
  mo.observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });
}
