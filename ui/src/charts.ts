// Small uPlot line charts, one series per variant, resized with their card and updated in place.
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";

export const palette = ["#2563eb", "#f97316", "#16a34a", "#9333ea", "#dc2626", "#0891b2", "#ca8a04", "#db2777"];

export class Chart {
  private plot: uPlot | null = null;
  private seriesKey = "";
  private readonly resize = new ResizeObserver(() => this.fit());

  constructor(
    private readonly host: HTMLElement,
    private readonly unit: string,
    private readonly digits: number,
  ) {
    this.resize.observe(host);
  }

  update(times: number[], series: { label: string; values: (number | null)[] }[]): void {
    const key = series.map((s) => s.label).join("|");
    const data = [times, ...series.map((s) => s.values)] as uPlot.AlignedData;
    if (this.plot && key === this.seriesKey) {
      this.plot.setData(data);
      return;
    }

    this.plot?.destroy();
    this.seriesKey = key;
    const format = (v: number | null) => (v === null || v === undefined ? "–" : `${v.toFixed(this.digits)} ${this.unit}`.trim());
    this.plot = new uPlot(
      {
        width: Math.max(this.host.clientWidth, 200),
        height: 180,
        legend: { show: true, live: true },
        cursor: { drag: { x: false, y: false } },
        scales: { x: { time: true }, y: { range: (_u, min, max) => [Math.min(0, min ?? 0), max !== null && max > 0 ? max * 1.1 : 1] } },
        axes: [
          { stroke: "#64748b", grid: { stroke: "#eef2f7" }, ticks: { stroke: "#e2e8f0" }, values: (_u, splits) => splits.map((t) => new Date(t * 1000).toISOString().slice(11, 16)) },
          { stroke: "#64748b", grid: { stroke: "#eef2f7" }, ticks: { stroke: "#e2e8f0" }, size: 52 },
        ],
        series: [
          { value: (_u, v) => (v ? new Date(v * 1000).toISOString().slice(11, 16) + " UTC" : "–") },
          ...series.map((s, i) => ({ label: s.label, stroke: palette[i % palette.length], width: 2, spanGaps: false, points: { size: 6, show: true, filter: isolated }, value: (_u: uPlot, v: number | null) => format(v) })),
        ],
      },
      data,
      this.host,
    );
  }

  private fit(): void {
    if (this.plot && this.host.clientWidth > 0) this.plot.setSize({ width: this.host.clientWidth, height: 180 });
  }

  destroy(): void {
    this.resize.disconnect();
    this.plot?.destroy();
    this.plot = null;
  }
}

// A minute with data between two without draws no line segment, so mark such lone values with a dot.
function isolated(u: uPlot, seriesIdx: number): number[] {
  const values = u.data[seriesIdx] as (number | null | undefined)[];
  const idxs: number[] = [];
  for (let i = 0; i < values.length; i++) {
    if (values[i] != null && values[i - 1] == null && values[i + 1] == null) idxs.push(i);
  }
  return idxs;
}
