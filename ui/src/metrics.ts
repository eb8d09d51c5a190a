// Per-variant series for the last hour, from one CloudWatch GetMetricData call (per-minute periods).
import { cloudWatch, type MetricDataResult } from "./api";

export interface VariantSeries {
  variant: string;
  invocations: (number | null)[];
  errorRate: (number | null)[];
  p50: (number | null)[];
  p99: (number | null)[];
  totalInvocations: number;
  totalErrors: number;
}

export interface EndpointSeries {
  times: number[];
  variants: VariantSeries[];
}

export const windowMinutes = 60;

function stat(id: string, endpoint: string, variant: string, metric: string, statistic: string) {
  return {
    Id: id,
    ReturnData: true,
    MetricStat: {
      Metric: { Namespace: "AWS/SageMaker", MetricName: metric, Dimensions: [{ Name: "EndpointName", Value: endpoint }, { Name: "VariantName", Value: variant }] },
      Period: 60,
      Stat: statistic,
    },
  };
}

export async function loadSeries(endpoint: string, variants: string[], now = Date.now()): Promise<EndpointSeries> {
  const end = Math.floor(now / 60000) * 60 + 60;
  const start = end - windowMinutes * 60;
  const queries = variants.flatMap((variant, i) => [
    stat(`inv${i}`, endpoint, variant, "Invocations", "Sum"),
    stat(`ea${i}`, endpoint, variant, "Invocation4XXErrors", "Sum"),
    stat(`eb${i}`, endpoint, variant, "Invocation5XXErrors", "Sum"),
    stat(`pa${i}`, endpoint, variant, "ModelLatency", "p50"),
    stat(`pb${i}`, endpoint, variant, "ModelLatency", "p99"),
  ]);
  const results = new Map<string, Map<number, number>>();
  let token: string | undefined;
  do {
    const page: { MetricDataResults?: MetricDataResult[]; NextToken?: string } = await cloudWatch("GetMetricData", {
      StartTime: start,
      EndTime: end,
      MetricDataQueries: queries,
      NextToken: token,
    });
    for (const result of page.MetricDataResults ?? []) {
      const points = results.get(result.Id) ?? new Map<number, number>();
      result.Timestamps.forEach((t, k) => points.set(Math.round(t), result.Values[k]));
      results.set(result.Id, points);
    }
    token = page.NextToken;
  } while (token);

  const times: number[] = [];
  for (let t = start; t < end; t += 60) times.push(t);
  const at = (id: string) => times.map((t) => results.get(id)?.get(t) ?? null);
  return {
    times,
    variants: variants.map((variant, i) => {
      const invocations = at(`inv${i}`);
      const e4 = at(`ea${i}`);
      const e5 = at(`eb${i}`);
      const errors = e4.map((v, k) => (v ?? 0) + (e5[k] ?? 0));
      const sum = (xs: (number | null)[]) => xs.reduce<number>((a, b) => a + (b ?? 0), 0);
      return {
        variant,
        invocations: invocations.map((v) => v ?? 0),
        errorRate: invocations.map((n, k) => (n && n > 0 ? (100 * errors[k]) / n : null)),
        // ModelLatency is in microseconds; charts show milliseconds.
        p50: at(`pa${i}`).map((v) => (v === null ? null : v / 1000)),
        p99: at(`pb${i}`).map((v) => (v === null ? null : v / 1000)),
        totalInvocations: sum(invocations),
        totalErrors: sum(errors),
      };
    }),
  };
}
