// One endpoint: variants, deployment progress, live charts, weights editor, evaluation, capture, alarms.
import { cloudWatch, sageMaker, ApiError, type Alarm, type Endpoint, type EndpointConfig, type VariantSummary } from "./api";
import { Chart, palette } from "./charts";
import { badge, confirmDialog, formatNumber, formatPercent, formatTime, h, replace, toast } from "./dom";
import { loadSeries, windowMinutes, type EndpointSeries } from "./metrics";
import { renderReport } from "./report";
import type { Page } from "./page";

const phases = ["Creating", "ActivatingTraffic", "Baking"];

export function endpointPage(name: string): Page {
  const header = h("section", { class: "card header-card" });
  const deployment = h("section", { class: "card deployment", hidden: true, "data-testid": "deployment" });
  const variants = h("section", { class: "card" });
  const chartHosts = ["Invocations per minute", "Error rate (4XX + 5XX)", "Model latency p50", "Model latency p99"].map((title) => {
    const body = h("div", { class: "chart" });
    return { card: h("section", { class: "card chart-card" }, h("h2", null, title), body), body };
  });
  const charts = [new Chart(chartHosts[0].body, "", 0), new Chart(chartHosts[1].body, "%", 2), new Chart(chartHosts[2].body, "ms", 2), new Chart(chartHosts[3].body, "ms", 2)];
  const weights = h("section", { class: "card" }, h("h2", null, "Traffic weights"));
  const capture = h("section", { class: "card" }, h("h2", null, "Data capture"));
  const alarms = h("section", { class: "card" }, h("h2", null, "Alarms"));
  const report = h("section", { class: "card" }, h("h2", null, "Evaluation"), h("p", { class: "empty" }, "Loading…"));
  const element = h(
    "div",
    { class: "page", "data-testid": "endpoint-page" },
    h("nav", { class: "crumbs" }, h("a", { href: "#/" }, "Endpoints"), " / ", h("span", null, name)),
    header,
    deployment,
    variants,
    h("div", { class: "chart-grid" }, chartHosts.map((c) => c.card)),
    h("div", { class: "two-col" }, weights, h("div", { class: "stack" }, capture, alarms)),
    report,
  );

  let editor: WeightsEditor | null = null;
  let lastReport = 0;

  async function refresh(): Promise<void> {
    const endpoint = await sageMaker<Endpoint>("DescribeEndpoint", { EndpointName: name });
    const [config, alarmList] = await Promise.all([
      sageMaker<EndpointConfig>("DescribeEndpointConfig", { EndpointConfigName: endpoint.EndpointConfigName }).catch(() => ({}) as EndpointConfig),
      cloudWatch<{ MetricAlarms?: Alarm[] }>("DescribeAlarms", {}).then((r) => (r.MetricAlarms ?? []).filter((a) => watches(a, endpoint))),
    ]);
    const live = endpoint.ProductionVariants ?? [];
    const pending = endpoint.PendingDeploymentSummary?.ProductionVariants ?? [];
    const names = [...new Set([...live, ...pending].map((v) => v.VariantName))];
    const series = await loadSeries(name, names);

    renderHeader(header, endpoint);
    renderDeployment(deployment, endpoint, alarmList);
    renderVariants(variants, endpoint, config, series);
    renderCharts(charts, series);
    if (!editor) {
      editor = new WeightsEditor(name, weights, () => void refresh());
    }
    editor.update(endpoint);
    renderCapture(capture, endpoint);
    renderAlarms(alarms, alarmList);
    if (Date.now() - lastReport > 15_000) {
      lastReport = Date.now();
      const body = await renderReport(name);
      replace(report, h("h2", null, "Evaluation from live traffic"), h("p", { class: "hint" }, "Captured predictions joined with uploaded ground truth (turnout ground-truth upload)."), body);
    }
  }

  return { element, refresh, dispose: () => charts.forEach((c) => c.destroy()) };
}

function watches(alarm: Alarm, endpoint: Endpoint): boolean {
  const named = endpoint.LastDeploymentConfig?.AutoRollbackConfiguration?.Alarms?.some((a) => a.AlarmName === alarm.AlarmName) ?? false;
  return named || (alarm.Dimensions ?? []).some((d) => d.Name === "EndpointName" && d.Value === endpoint.EndpointName);
}

function renderHeader(target: HTMLElement, endpoint: Endpoint): void {
  replace(
    target,
    h("div", { class: "title-row" }, h("h1", { "data-testid": "endpoint-name" }, endpoint.EndpointName), badge(endpoint.EndpointStatus, "endpoint-status")),
    endpoint.FailureReason ? h("p", { class: "failure", "data-testid": "failure-reason" }, endpoint.FailureReason) : null,
    h(
      "dl",
      { class: "facts" },
      h("dt", null, "Config"),
      h("dd", { "data-testid": "endpoint-config" }, endpoint.EndpointConfigName),
      h("dt", null, "ARN"),
      h("dd", { class: "mono" }, endpoint.EndpointArn),
      h("dt", null, "Created"),
      h("dd", null, formatTime(endpoint.CreationTime)),
      h("dt", null, "Last modified"),
      h("dd", null, formatTime(endpoint.LastModifiedTime)),
    ),
  );
}

function renderDeployment(target: HTMLElement, endpoint: Endpoint, alarms: Alarm[]): void {
  const pending = endpoint.PendingDeploymentSummary;
  target.hidden = !pending && endpoint.EndpointStatus !== "RollingBack";
  if (target.hidden) {
    replace(target);
    return;
  }

  if (!pending) {
    replace(target, h("h2", null, "Deployment"), h("p", null, badge("RollingBack"), " Traffic is back on the previous fleet; the abandoned fleet is draining."));
    return;
  }

  const variants = pending.ProductionVariants ?? [];
  const status = variants[0]?.VariantStatus?.[0];
  const phase = status?.Status ?? "Creating";
  const desired = variants.reduce((a, v) => a + (v.DesiredWeight ?? 0), 0);
  const current = variants.reduce((a, v) => a + (v.CurrentWeight ?? 0), 0);
  const share = desired > 0 ? current / desired : 0;
  const index = phases.indexOf(phase);
  const rollback = h("button", { type: "button", class: "danger", "data-testid": "rollback" }, "Roll back");
  const candidates = alarms.filter((a) => a.StateValue !== "ALARM");
  if (candidates.length === 0) {
    rollback.setAttribute("disabled", "");
    rollback.title = "Turnout rolls a deployment back when one of its AutoRollbackConfiguration alarms goes into ALARM; this endpoint has no alarm to trigger.";
  }
  rollback.addEventListener("click", async () => {
    const select = h("select", { "data-testid": "rollback-alarm" }, candidates.map((a) => h("option", { value: a.AlarmName }, a.AlarmName)));
    const ok = await confirmDialog(
      `Roll back ${endpoint.EndpointName}?`,
      h(
        "div",
        null,
        h("p", null, `All traffic goes back to ${endpoint.EndpointConfigName} at once and the new fleet (${pending.EndpointConfigName}) is abandoned.`),
        h("p", { class: "hint" }, "Turnout rolls back when an alarm named in the deployment's AutoRollbackConfiguration goes into ALARM. This sets the alarm below to ALARM (CloudWatch SetAlarmState), as a rollback drill does."),
        h("label", null, "Alarm ", select),
      ),
      "Roll back",
      true,
    );
    if (!ok) return;
    try {
      await cloudWatch("SetAlarmState", { AlarmName: select.value, StateValue: "ALARM", StateReason: "Rollback requested from the Turnout dashboard." });
      toast(`Alarm ${select.value} set to ALARM; the deployment rolls back.`);
    } catch (e) {
      toast(e instanceof Error ? e.message : String(e), "bad");
    }
  });

  replace(
    target,
    h("div", { class: "title-row" }, h("h2", null, `Deployment to ${pending.EndpointConfigName}`), badge(phase, "deployment-phase"), h("span", { class: "spacer" }), rollback),
    h(
      "ol",
      { class: "steps" },
      phases.map((p, i) => h("li", { class: i < index ? "done" : i === index ? "current" : "" }, p === "ActivatingTraffic" ? "Shifting traffic" : p)),
      h("li", null, "Committed"),
    ),
    h("div", { class: "progress", title: "Share of traffic on the new fleet" }, h("div", { class: "fill", style: `width:${(share * 100).toFixed(1)}%` })),
    h("p", { "data-testid": "deployment-message" }, status?.StatusMessage ?? "", " ", h("span", { class: "hint" }, `Started ${formatTime(pending.StartTime)}.`)),
    h(
      "table",
      { class: "grid compact" },
      h("thead", null, h("tr", null, h("th", null, "new variant"), h("th", { class: "num" }, "weight now / desired"), h("th", { class: "num" }, "instances"))),
      h(
        "tbody",
        null,
        variants.map((v) =>
          h(
            "tr",
            null,
            h("td", null, v.VariantName),
            h("td", { class: "num" }, `${formatNumber(v.CurrentWeight, 2)} / ${formatNumber(v.DesiredWeight, 2)}`),
            h("td", { class: "num" }, `${formatNumber(v.CurrentInstanceCount)} / ${formatNumber(v.DesiredInstanceCount)}`),
          ),
        ),
      ),
    ),
  );
}

function renderVariants(target: HTMLElement, endpoint: Endpoint, config: EndpointConfig, series: EndpointSeries): void {
  const live = endpoint.ProductionVariants ?? [];
  const total = live.reduce((a, v) => a + (v.CurrentWeight ?? 0), 0);
  const byName = new Map(series.variants.map((s) => [s.variant, s]));
  const model = (v: VariantSummary) => config.ProductionVariants?.find((p) => p.VariantName === v.VariantName)?.ModelName ?? "–";
  const last = (xs: (number | null)[]) => [...xs].reverse().find((x) => x !== null) ?? null;
  replace(
    target,
    h("h2", null, "Production variants"),
    h(
      "table",
      { class: "grid", "data-testid": "variants" },
      h(
        "thead",
        null,
        h(
          "tr",
          null,
          ["variant", "model", "weight", "traffic share", "instances", "status", `invocations (${windowMinutes} min)`, "errors", "p50 / p99 (last min)"].map((t, i) => h("th", { class: i >= 2 && i !== 5 ? "num" : "" }, t)),
        ),
      ),
      h(
        "tbody",
        null,
        live.map((v, i) => {
          const s = byName.get(v.VariantName);
          const weightChanging = v.DesiredWeight !== undefined && v.DesiredWeight !== v.CurrentWeight;
          return h(
            "tr",
            { "data-testid": `variant-row-${v.VariantName}` },
            h("td", null, h("span", { class: "swatch", style: `background:${palette[series.variants.findIndex((x) => x.variant === v.VariantName) % palette.length] ?? palette[i]}` }), v.VariantName),
            h("td", null, model(v)),
            h("td", { class: "num", "data-testid": `weight-${v.VariantName}` }, formatNumber(v.CurrentWeight, 2), weightChanging ? h("span", { class: "hint" }, ` → ${formatNumber(v.DesiredWeight, 2)}`) : null),
            h("td", { class: "num", "data-testid": `share-${v.VariantName}` }, total > 0 ? formatPercent((v.CurrentWeight ?? 0) / total) : "–"),
            h("td", { class: "num", "data-testid": `instances-${v.VariantName}` }, formatNumber(v.CurrentInstanceCount), v.DesiredInstanceCount !== v.CurrentInstanceCount ? h("span", { class: "hint" }, ` → ${formatNumber(v.DesiredInstanceCount)}`) : null),
            h("td", null, badge(v.VariantStatus?.[0]?.Status ?? (endpoint.EndpointStatus === "InService" ? "InService" : endpoint.EndpointStatus))),
            h("td", { class: "num", "data-testid": `invocations-${v.VariantName}` }, formatNumber(s?.totalInvocations ?? 0)),
            h("td", { class: "num", "data-testid": `errors-${v.VariantName}` }, formatNumber(s?.totalErrors ?? 0)),
            h("td", { class: "num" }, s ? `${formatNumber(last(s.p50), 2)} / ${formatNumber(last(s.p99), 2)} ms` : "–"),
          );
        }),
      ),
    ),
  );
}

function renderCharts(charts: Chart[], series: EndpointSeries): void {
  const pick = (f: (s: EndpointSeries["variants"][number]) => (number | null)[]) => series.variants.map((s) => ({ label: s.variant, values: f(s) }));
  charts[0].update(series.times, pick((s) => s.invocations));
  charts[1].update(series.times, pick((s) => s.errorRate));
  charts[2].update(series.times, pick((s) => s.p50));
  charts[3].update(series.times, pick((s) => s.p99));
}

function renderCapture(target: HTMLElement, endpoint: Endpoint): void {
  const c = endpoint.DataCaptureConfig;
  replace(
    target,
    h("h2", null, "Data capture"),
    c
      ? h(
          "dl",
          { class: "facts" },
          h("dt", null, "Status"),
          h("dd", { "data-testid": "capture-status" }, badge(c.CaptureStatus ?? (c.EnableCapture ? "Started" : "Stopped"))),
          h("dt", null, "Sampling"),
          h("dd", null, `${formatNumber(c.CurrentSamplingPercentage)}%`),
          h("dt", null, "Destination"),
          h("dd", { class: "mono" }, c.DestinationS3Uri ?? "–"),
        )
      : h("p", { class: "empty", "data-testid": "capture-status" }, "Off: the endpoint config has no DataCaptureConfig."),
  );
}

function renderAlarms(target: HTMLElement, alarms: Alarm[]): void {
  replace(
    target,
    h("h2", null, "Alarms"),
    alarms.length === 0
      ? h("p", { class: "empty" }, "No CloudWatch alarm watches this endpoint.")
      : h(
          "table",
          { class: "grid compact", "data-testid": "alarms" },
          h("tbody", null, alarms.map((a) => h("tr", null, h("td", null, badge(a.StateValue, `alarm-${a.AlarmName}`)), h("td", null, h("strong", null, a.AlarmName), h("div", { class: "hint" }, `${a.MetricName} ${a.ComparisonOperator?.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase() ?? ""} ${a.Threshold ?? ""}`), h("div", { class: "hint" }, a.StateReason ?? ""))))),
        ),
  );
}

/** Weights are relative: small weights (1, 2) get a 0–10 slider, percentages a 0–100 one. */
function sliderMax(variants: VariantSummary[]): number {
  const largest = Math.max(0, ...variants.map((v) => v.DesiredWeight ?? 0));
  return largest <= 10 ? 10 : Math.max(100, Math.ceil(largest));
}

/** Sliders per variant, a preview of the traffic split, a confirm dialog, then UpdateEndpointWeightsAndCapacities. */
class WeightsEditor {
  private rows = new Map<string, { slider: HTMLInputElement; number: HTMLInputElement; instances: HTMLInputElement; share: HTMLElement; weight: number; count: number }>();
  private dirty = false;
  private readonly body = h("div");
  private readonly apply = h("button", { type: "button", class: "primary", "data-testid": "apply-weights" }, "Apply…");
  private readonly reset = h("button", { type: "button", class: "secondary" }, "Reset");
  private readonly note = h("p", { class: "hint" });
  private key = "";

  constructor(
    private readonly endpoint: string,
    target: HTMLElement,
    private readonly changed: () => void,
  ) {
    target.append(this.body, h("div", { class: "actions" }, this.note, h("span", { class: "spacer" }), this.reset, this.apply));
    this.apply.addEventListener("click", () => void this.submit());
    this.reset.addEventListener("click", () => {
      this.dirty = false;
      this.rows.forEach((r) => this.set(r, r.weight, r.count));
      this.preview();
    });
  }

  update(endpoint: Endpoint): void {
    const variants = endpoint.ProductionVariants ?? [];
    const key = variants.map((v) => v.VariantName).join("|");
    const inService = endpoint.EndpointStatus === "InService";
    this.apply.toggleAttribute("disabled", !inService);
    this.note.textContent = inService ? "Weights are relative; the share is what each variant gets." : `The endpoint is ${endpoint.EndpointStatus}; weights can change once it is InService.`;
    if (key !== this.key) {
      this.key = key;
      this.dirty = false;
      this.rows.clear();
      replace(
        this.body,
        variants.map((v) => {
          const max = sliderMax(variants);
          const slider = h("input", { type: "range", min: 0, max, step: max / 100, "data-testid": `slider-${v.VariantName}`, "aria-label": `${v.VariantName} weight` });
          const number = h("input", { type: "number", min: 0, step: "any", class: "weight-number", "data-testid": `weight-input-${v.VariantName}`, "aria-label": `${v.VariantName} weight value` });
          const instances = h("input", { type: "number", min: 1, step: 1, class: "count-number", "data-testid": `instances-input-${v.VariantName}`, "aria-label": `${v.VariantName} instances` });
          const share = h("span", { class: "share", "data-testid": `preview-share-${v.VariantName}` });
          const row = { slider, number, instances, share, weight: v.DesiredWeight ?? 0, count: v.DesiredInstanceCount ?? 1 };
          slider.addEventListener("input", () => {
            number.value = slider.value;
            this.dirty = true;
            this.preview();
          });
          number.addEventListener("input", () => {
            slider.value = number.value;
            this.dirty = true;
            this.preview();
          });
          instances.addEventListener("input", () => {
            this.dirty = true;
            this.preview();
          });
          this.rows.set(v.VariantName, row);
          return h("div", { class: "weight-row" }, h("label", null, v.VariantName), slider, number, h("span", { class: "hint" }, "×"), instances, share);
        }),
      );
    }

    for (const v of variants) {
      const row = this.rows.get(v.VariantName)!;
      row.weight = v.DesiredWeight ?? 0;
      row.count = v.DesiredInstanceCount ?? 1;
      if (!this.dirty) this.set(row, row.weight, row.count);
    }
    this.preview();
  }

  private set(row: { slider: HTMLInputElement; number: HTMLInputElement; instances: HTMLInputElement }, weight: number, count: number): void {
    row.slider.value = String(weight);
    row.number.value = String(weight);
    row.instances.value = String(count);
  }

  private values(): { name: string; weight: number; count: number; oldWeight: number; oldCount: number }[] {
    return [...this.rows].map(([name, r]) => ({ name, weight: Number(r.number.value), count: Number(r.instances.value), oldWeight: r.weight, oldCount: r.count }));
  }

  private preview(): void {
    const values = this.values();
    const total = values.reduce((a, v) => a + (Number.isFinite(v.weight) ? v.weight : 0), 0);
    for (const v of values) this.rows.get(v.name)!.share.textContent = total > 0 ? formatPercent(v.weight / total) : "–";
  }

  private async submit(): Promise<void> {
    const values = this.values();
    const invalid = values.find((v) => !Number.isFinite(v.weight) || v.weight < 0 || !Number.isInteger(v.count) || v.count < 1);
    if (invalid) {
      toast(`${invalid.name}: the weight must be a number ≥ 0 and the instance count a whole number ≥ 1.`, "bad");
      return;
    }
    const total = values.reduce((a, v) => a + v.weight, 0);
    const oldTotal = values.reduce((a, v) => a + v.oldWeight, 0);
    if (total <= 0) {
      toast("At least one variant needs a weight above 0.", "bad");
      return;
    }
    const changes = values.filter((v) => v.weight !== v.oldWeight || v.count !== v.oldCount);
    if (changes.length === 0) {
      toast("Nothing to change.");
      return;
    }

    const ok = await confirmDialog(
      `Change traffic on ${this.endpoint}?`,
      h(
        "table",
        { class: "grid compact" },
        h("thead", null, h("tr", null, h("th", null, "variant"), h("th", { class: "num" }, "weight"), h("th", { class: "num" }, "share"), h("th", { class: "num" }, "instances"))),
        h(
          "tbody",
          null,
          values.map((v) =>
            h(
              "tr",
              { class: changes.includes(v) ? "changed" : "" },
              h("td", null, v.name),
              h("td", { class: "num" }, `${formatNumber(v.oldWeight, 2)} → ${formatNumber(v.weight, 2)}`),
              h("td", { class: "num" }, `${oldTotal > 0 ? formatPercent(v.oldWeight / oldTotal) : "–"} → ${formatPercent(v.weight / total)}`),
              h("td", { class: "num" }, `${v.oldCount} → ${v.count}`),
            ),
          ),
        ),
      ),
      "Update endpoint",
    );
    if (!ok) return;
    try {
      await sageMaker("UpdateEndpointWeightsAndCapacities", {
        EndpointName: this.endpoint,
        DesiredWeightsAndCapacities: changes.map((v) => ({ VariantName: v.name, DesiredWeight: v.weight, DesiredInstanceCount: v.count })),
      });
      this.dirty = false;
      toast(`Updating ${this.endpoint}: ${changes.map((v) => `${v.name} ${formatPercent(v.weight / total)}`).join(", ")}.`);
      this.changed();
    } catch (e) {
      toast(e instanceof ApiError ? `${e.code}: ${e.message}` : String(e), "bad");
    }
  }
}
