// uPlot charts for the webviews, in the editor's theme colours (read from the --vscode-* CSS
// variables the webview gets, and read again when the theme changes), sized to their box so
// they stay readable in a narrow panel.
import uPlot from 'uplot';

/** A colour of the current theme, by --vscode-* variable, with a fallback. */
export function themeColor(name: string, fallback: string): string {
  return getComputedStyle(document.body).getPropertyValue(`--vscode-${name}`).trim() || fallback;
}

/** Series colours: the theme's chart colours. */
export function palette(): string[] {
  return [
    themeColor('charts-blue', '#3794ff'),
    themeColor('charts-orange', '#d18616'),
    themeColor('charts-green', '#89d185'),
    themeColor('charts-purple', '#b180d7'),
    themeColor('charts-red', '#f14c4c'),
    themeColor('charts-yellow', '#cca700'),
  ];
}

function axes(xLabel: string, yLabel: string, xValues?: uPlot.Axis['values']): uPlot.Axis[] {
  const fg = themeColor('foreground', '#ccc');
  const grid = { stroke: themeColor('editorWidget-border', 'rgba(128,128,128,.3)'), width: 1 };
  const font = `11px ${getComputedStyle(document.body).fontFamily || 'sans-serif'}`;
  return [
    { stroke: fg, grid, ticks: grid, label: xLabel, font, labelFont: font, values: xValues },
    { stroke: fg, grid, ticks: grid, label: yLabel, font, labelFont: font, size: 50 },
  ];
}

/** How many values a series has (nulls are gaps). */
function known(values: ArrayLike<number | null | undefined> | undefined): number {
  let n = 0;
  for (let i = 0; i < (values?.length ?? 0); i++) if (values![i] !== null && values![i] !== undefined) n++;
  return n;
}

/** One chart in a box; redrawn with new data, resized with its box, rebuilt when the theme changes. */
export class Chart {
  private plot: uPlot | undefined;
  private data: uPlot.AlignedData = [[]];
  private series: { label: string; bars?: boolean; dash?: boolean; sparse?: boolean }[] = [];

  constructor(
    private readonly box: HTMLElement,
    private readonly opts: {
      xLabel: string;
      yLabel: string;
      time?: boolean;
      logX?: boolean;
      height?: number;
      xValues?: uPlot.Axis['values'];
    },
  ) {
    new ResizeObserver(() => this.plot?.setSize(this.size())).observe(box);
    new MutationObserver(() => this.rebuild()).observe(document.body, { attributes: true, attributeFilter: ['class'] });
  }

  /** Sets the series and their data (x first). */
  set(given: { label: string; bars?: boolean; dash?: boolean }[], data: uPlot.AlignedData): void {
    // A series with few values (a queue seen for a minute in an hour) is drawn with its points, or it would not show.
    const series = given.map((s, i) => ({ ...s, sparse: known(data[i + 1]) < 30 }));
    const same =
      series.length === this.series.length &&
      series.every(
        (s, i) =>
          s.label === this.series[i].label && s.bars === this.series[i].bars && s.sparse === this.series[i].sparse,
      );
    this.data = data;
    this.series = series;
    if (same && this.plot) this.plot.setData(data);
    else this.rebuild();
  }

  private size(): { width: number; height: number } {
    return { width: Math.max(200, this.box.clientWidth), height: this.opts.height ?? 220 };
  }

  private rebuild(): void {
    this.plot?.destroy();
    const colors = palette();
    const bars = uPlot.paths.bars?.({ size: [0.9, 40] });
    this.plot = new uPlot(
      {
        ...this.size(),
        // Latency bins are log-spaced: a log axis gives each the same width.
        scales: { x: { time: !!this.opts.time, ...(this.opts.logX ? { distr: 3 } : {}) } },
        axes: axes(this.opts.xLabel, this.opts.yLabel, this.opts.xValues),
        legend: { show: true },
        cursor: { drag: { x: false, y: false } },
        series: [
          { label: this.opts.xLabel },
          ...this.series.map((s, i) => ({
            label: s.label,
            stroke: colors[i % colors.length],
            width: 2,
            dash: s.dash ? [6, 4] : undefined,
            ...(s.bars
              ? { paths: bars, fill: `${colors[i % colors.length]}88`, points: { show: false } }
              : s.sparse
                ? { points: { show: true, size: 6 } }
                : {}),
          })),
        ],
      },
      this.data,
      this.box,
    );
  }
}

/** Sets the text of the element with `id` (text only: nothing from the wire becomes markup). */
export function setText(id: string, text: string): void {
  const el = document.getElementById(id);
  if (el) el.textContent = text;
}

/** Replaces the rows of a table body with text cells. */
export function setRows(id: string, rows: (string | number)[][]): void {
  const body = document.getElementById(id);
  if (!body) return;
  body.replaceChildren(
    ...rows.map((r) => {
      const tr = document.createElement('tr');
      for (const c of r) {
        const td = document.createElement('td');
        td.textContent = String(c);
        tr.append(td);
      }
      return tr;
    }),
  );
}
