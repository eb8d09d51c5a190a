// The A/B evaluation from live traffic (GET /api/endpoints/{name}/report): per-variant quality, each
// difference with its 95% interval, and the recommendation.
import { ApiError, turnoutApi } from "./api";
import { h, formatNumber } from "./dom";

interface Recommendation {
  verdict: string;
  variant: string;
  metric: string;
  message: string;
}

interface Report {
  problem: string;
  baseline: string;
  primary_metric: string;
  confidence: number;
  variants: { name: string; count: number; metrics: Record<string, number>; recommendation?: Recommendation }[];
  comparisons: {
    variant: string;
    baseline: string;
    metric: string;
    higher_is_better: boolean;
    baseline_value: number;
    variant_value: number;
    difference: number;
    ci: [number, number];
    p_value: number;
    sequential?: { always_valid_p_value: number; rejects_null: boolean };
  }[];
}

const verdictTone: Record<string, string> = { baseline: "muted", keep_collecting: "busy", winner: "ok", better: "ok", worse: "bad", loser: "bad" };

function intervalBar(ci: [number, number], scale: number): HTMLElement {
  // A small forest-plot cell: the interval against zero on a shared scale.
  const pos = (x: number) => 50 + (50 * Math.max(-scale, Math.min(scale, x))) / scale;
  const left = pos(ci[0]);
  const right = pos(ci[1]);
  const tone = ci[0] > 0 ? "ok" : ci[1] < 0 ? "bad" : "muted";
  return h("div", { class: "ci" }, h("span", { class: "zero" }), h("span", { class: `bar ${tone}`, style: `left:${left}%;width:${Math.max(right - left, 0.8)}%` }));
}

export async function renderReport(endpoint: string): Promise<HTMLElement> {
  let report: Report;
  try {
    report = await turnoutApi<Report>(`/api/endpoints/${encodeURIComponent(endpoint)}/report`);
  } catch (e) {
    if (e instanceof ApiError && !e.needsLogin) {
      return h("p", { class: "empty", "data-testid": "report-empty" }, e.message);
    }
    throw e;
  }

  const metricNames = Object.keys(report.variants[0]?.metrics ?? {});
  const scale = Math.max(1e-6, ...report.comparisons.flatMap((c) => c.ci.map(Math.abs)));
  const primary = report.comparisons.filter((c) => c.metric === report.primary_metric);
  return h(
    "div",
    { "data-testid": "report" },
    h(
      "div",
      { class: "recommendations" },
      report.variants
        .filter((v) => v.recommendation)
        .map((v) =>
          h(
            "div",
            { class: "recommendation", "data-testid": `recommendation-${v.name}` },
            h("span", { class: `badge ${verdictTone[v.recommendation!.verdict] ?? "muted"}` }, v.recommendation!.verdict.replace(/_/g, " ")),
            h("strong", null, v.name),
            h("span", null, v.recommendation!.message),
          ),
        ),
    ),
    h(
      "table",
      { class: "grid compact" },
      h("thead", null, h("tr", null, h("th", null, "variant"), h("th", { class: "num" }, "labelled rows"), metricNames.map((m) => h("th", { class: m === report.primary_metric ? "num primary" : "num" }, m.replace(/_/g, " "))))),
      h(
        "tbody",
        null,
        report.variants.map((v) =>
          h(
            "tr",
            null,
            h("td", null, v.name, v.name === report.baseline ? h("span", { class: "tag" }, "baseline") : null),
            h("td", { class: "num", "data-testid": `report-count-${v.name}` }, formatNumber(v.count)),
            metricNames.map((m) => h("td", { class: m === report.primary_metric ? "num primary" : "num" }, formatNumber(v.metrics[m], 3))),
          ),
        ),
      ),
    ),
    h("h3", { class: "sub" }, `Differences vs ${report.baseline} (${Math.round(report.confidence * 100)}% intervals)`),
    h(
      "table",
      { class: "grid compact" },
      h("thead", null, h("tr", null, ["variant", "metric", "baseline", "variant value", "difference", "interval", "", "p", "always-valid p"].map((t, i) => h("th", { class: i >= 2 && i !== 6 ? "num" : "" }, t)))),
      h(
        "tbody",
        null,
        [...primary, ...report.comparisons.filter((c) => c.metric !== report.primary_metric)].map((c) =>
          h(
            "tr",
            { class: c.metric === report.primary_metric ? "primary-row" : "" },
            h("td", null, c.variant),
            h("td", null, c.metric.replace(/_/g, " ")),
            h("td", { class: "num" }, formatNumber(c.baseline_value, 3)),
            h("td", { class: "num" }, formatNumber(c.variant_value, 3)),
            h("td", { class: "num" }, (c.difference >= 0 ? "+" : "") + formatNumber(c.difference, 3)),
            h("td", { class: "num mono" }, `[${formatNumber(c.ci[0], 3)}, ${formatNumber(c.ci[1], 3)}]`),
            h("td", { class: "ci-cell" }, intervalBar(c.ci, scale)),
            h("td", { class: "num" }, formatNumber(c.p_value, 3)),
            h("td", { class: "num" }, c.sequential ? formatNumber(c.sequential.always_valid_p_value, 3) : "–"),
          ),
        ),
      ),
    ),
  );
}
