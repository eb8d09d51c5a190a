// Every endpoint with its status, variants, traffic split and last hour's invocations.
import { sageMaker, type Endpoint, type EndpointSummary } from "./api";
import { badge, formatNumber, formatPercent, formatTime, h, replace } from "./dom";
import { loadSeries, windowMinutes } from "./metrics";
import type { Page } from "./page";

export function endpointsPage(): Page {
  const body = h("tbody");
  const empty = h("p", { class: "empty", hidden: true }, "No endpoints yet. Create one with boto3, the AWS CLI or `turnout demo`.");
  const element = h(
    "div",
    { class: "page", "data-testid": "endpoints-page" },
    h("section", { class: "card" },
      h("h1", null, "Endpoints"),
      h(
        "table",
        { class: "grid", "data-testid": "endpoints" },
        h("thead", null, h("tr", null, ["endpoint", "status", "variants and traffic", "instances", `invocations (${windowMinutes} min)`, "last modified"].map((t, i) => h("th", { class: i === 3 || i === 4 ? "num" : "" }, t)))),
        body,
      ),
      empty,
    ),
  );

  async function refresh(): Promise<void> {
    const summaries: EndpointSummary[] = [];
    let token: string | undefined;
    do {
      const page: { Endpoints: EndpointSummary[]; NextToken?: string } = await sageMaker("ListEndpoints", { MaxResults: 100, SortBy: "Name", SortOrder: "Ascending", NextToken: token });
      summaries.push(...page.Endpoints);
      token = page.NextToken;
    } while (token);

    const rows = await Promise.all(
      summaries.map(async (summary) => {
        const endpoint = await sageMaker<Endpoint>("DescribeEndpoint", { EndpointName: summary.EndpointName }).catch(() => null);
        const variants = endpoint?.ProductionVariants ?? [];
        const series = variants.length > 0 ? await loadSeries(summary.EndpointName, variants.map((v) => v.VariantName)).catch(() => null) : null;
        return { summary, endpoint, variants, invocations: series?.variants.reduce((a, s) => a + s.totalInvocations, 0) ?? null };
      }),
    );
    empty.hidden = rows.length > 0;
    replace(
      body,
      rows.map(({ summary, endpoint, variants, invocations }) => {
        const total = variants.reduce((a, v) => a + (v.CurrentWeight ?? 0), 0);
        return h(
          "tr",
          { "data-testid": `endpoint-row-${summary.EndpointName}` },
          h("td", null, h("a", { href: `#/endpoints/${encodeURIComponent(summary.EndpointName)}`, "data-testid": `endpoint-link-${summary.EndpointName}` }, summary.EndpointName)),
          h("td", null, badge(summary.EndpointStatus, `endpoint-status-${summary.EndpointName}`)),
          h(
            "td",
            null,
            h(
              "div",
              { class: "split" },
              variants.map((v) => h("span", { class: "chip", "data-testid": `split-${summary.EndpointName}-${v.VariantName}` }, `${v.VariantName} ${total > 0 ? formatPercent((v.CurrentWeight ?? 0) / total) : "–"}`)),
            ),
            endpoint?.PendingDeploymentSummary ? h("div", { class: "hint" }, `deploying ${endpoint.PendingDeploymentSummary.EndpointConfigName}`) : null,
          ),
          h("td", { class: "num" }, formatNumber(variants.reduce((a, v) => a + (v.CurrentInstanceCount ?? 0), 0))),
          h("td", { class: "num", "data-testid": `endpoint-invocations-${summary.EndpointName}` }, formatNumber(invocations)),
          h("td", null, formatTime(summary.LastModifiedTime)),
        );
      }),
    );
  }

  return { element, refresh, dispose: () => {} };
}
