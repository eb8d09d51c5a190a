// The dashboard's only way to the server: the same SageMaker (JSON 1.1), CloudWatch (JSON 1.0) and
// /api/endpoints calls any AWS client makes, signed with SigV4 when the user has logged in.
import { signRequest, type Credentials } from "./sigv4";

const storageKey = "turnout.credentials";

export function loadCredentials(): Credentials | null {
  const raw = sessionStorage.getItem(storageKey);
  if (!raw) return null;
  try {
    const parsed = JSON.parse(raw) as Credentials;
    return parsed.accessKeyId && parsed.secretAccessKey ? parsed : null;
  } catch {
    return null;
  }
}

export function saveCredentials(credentials: Credentials | null): void {
  if (credentials) sessionStorage.setItem(storageKey, JSON.stringify(credentials));
  else sessionStorage.removeItem(storageKey);
}

/** An error in the server's own shape (`__type`, `message`). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }

  /** The server wants a (valid) signature: show the login form. */
  get needsLogin(): boolean {
    return /MissingAuthenticationToken|UnrecognizedClient|InvalidSignature|InvalidClientTokenId|SignatureDoesNotMatch|IncompleteSignature/.test(this.code);
  }
}

async function send(service: string, method: string, pathAndQuery: string, headers: Record<string, string>, body: string, credentials = loadCredentials()): Promise<unknown> {
  const all = { ...headers };
  if (credentials) Object.assign(all, await signRequest(credentials, service, method, pathAndQuery, headers, body));
  const response = await fetch(pathAndQuery, { method, headers: all, body: method === "GET" ? undefined : body, cache: "no-store" });
  const text = await response.text();
  let json: Record<string, unknown> = {};
  try {
    json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    json = { message: text };
  }

  if (!response.ok) {
    const type = String(json.__type ?? response.headers.get("x-amzn-ErrorType") ?? response.headers.get("x-amzn-query-error") ?? `HTTP${response.status}`);
    const code = type.includes("#") ? type.slice(type.indexOf("#") + 1) : type;
    throw new ApiError(response.status, code, String(json.message ?? json.Message ?? json.error ?? text ?? response.statusText));
  }

  return json;
}

export function sageMaker<T>(operation: string, input: object, credentials?: Credentials | null): Promise<T> {
  return send("sagemaker", "POST", "/", { "Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": `SageMaker.${operation}` }, JSON.stringify(input), credentials ?? loadCredentials()) as Promise<T>;
}

export function cloudWatch<T>(operation: string, input: object): Promise<T> {
  return send("monitoring", "POST", "/", { "Content-Type": "application/x-amz-json-1.0", "X-Amz-Target": `GraniteServiceVersion20100801.${operation}` }, JSON.stringify(input)) as Promise<T>;
}

export function turnoutApi<T>(path: string): Promise<T> {
  return send("sagemaker", "GET", path, {}, "") as Promise<T>;
}

// ---- shapes (the members the dashboard reads) ----

export interface EndpointSummary {
  EndpointName: string;
  EndpointArn: string;
  EndpointStatus: string;
  CreationTime: number;
  LastModifiedTime: number;
}

export interface VariantSummary {
  VariantName: string;
  CurrentWeight?: number;
  DesiredWeight?: number;
  CurrentInstanceCount?: number;
  DesiredInstanceCount?: number;
  VariantStatus?: { Status: string; StatusMessage?: string; StartTime?: number }[];
  DeployedImages?: { SpecifiedImage?: string }[];
}

export interface Endpoint extends EndpointSummary {
  EndpointConfigName: string;
  ProductionVariants?: VariantSummary[];
  DataCaptureConfig?: { EnableCapture?: boolean; CaptureStatus?: string; CurrentSamplingPercentage?: number; DestinationS3Uri?: string };
  FailureReason?: string;
  LastDeploymentConfig?: DeploymentConfig;
  PendingDeploymentSummary?: { EndpointConfigName: string; StartTime?: number; ProductionVariants?: VariantSummary[] };
}

export interface DeploymentConfig {
  BlueGreenUpdatePolicy?: { TrafficRoutingConfiguration?: { Type?: string } };
  AutoRollbackConfiguration?: { Alarms?: { AlarmName: string }[] };
}

export interface EndpointConfig {
  ProductionVariants?: { VariantName: string; ModelName: string; InstanceType?: string }[];
}

export interface Alarm {
  AlarmName: string;
  StateValue: string;
  StateReason?: string;
  MetricName?: string;
  Namespace?: string;
  Threshold?: number;
  ComparisonOperator?: string;
  Dimensions?: { Name: string; Value: string }[];
  StateUpdatedTimestamp?: number;
}

export interface MetricDataResult {
  Id: string;
  Timestamps: number[];
  Values: number[];
}
