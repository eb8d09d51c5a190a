// AWS Signature Version 4 in the browser with WebCrypto, as botocore signs: the dashboard's calls are
// ordinary SageMaker and CloudWatch requests, verified by the server's SigV4 middleware like any client's.

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
}

const encoder = new TextEncoder();

function hex(buffer: ArrayBuffer): string {
  return Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, "0")).join("");
}

async function sha256Hex(data: string): Promise<string> {
  return hex(await crypto.subtle.digest("SHA-256", encoder.encode(data)));
}

async function hmac(key: ArrayBuffer | Uint8Array, data: string): Promise<ArrayBuffer> {
  const cryptoKey = await crypto.subtle.importKey("raw", key as BufferSource, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return crypto.subtle.sign("HMAC", cryptoKey, encoder.encode(data));
}

/** RFC 3986 encoding, as SigV4's canonical query string wants it. */
function uriEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase());
}

function canonicalQuery(query: string): string {
  if (!query) return "";
  return query
    .split("&")
    .filter((part) => part.length > 0)
    .map((part) => {
      const eq = part.indexOf("=");
      const key = decodeURIComponent(eq < 0 ? part : part.slice(0, eq));
      const value = eq < 0 ? "" : decodeURIComponent(part.slice(eq + 1).replace(/\+/g, " "));
      return [uriEncode(key), uriEncode(value)] as const;
    })
    .sort((a, b) => (a[0] === b[0] ? (a[1] < b[1] ? -1 : 1) : a[0] < b[0] ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join("&");
}

export function amzDate(now: Date): string {
  return now.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
}

/**
 * Returns the headers to add to a same-origin request: X-Amz-Date, X-Amz-Content-Sha256 and Authorization.
 * `headers` are the request's own headers to sign (content-type, x-amz-target); host is the page's host.
 */
export async function signRequest(
  credentials: Credentials,
  service: string,
  method: string,
  pathAndQuery: string,
  headers: Record<string, string>,
  body: string,
  now: Date = new Date(),
): Promise<Record<string, string>> {
  // Browsers expose Web Crypto only to secure contexts (https:// or localhost).
  if (!globalThis.crypto?.subtle) {
    throw new Error("This browser cannot sign requests over plain http:// to a remote address. Serve Turnout over TLS (--tls-cert) or open the dashboard through localhost (e.g. an SSH tunnel).");
  }
  const date = amzDate(now);
  const day = date.slice(0, 8);
  const payloadHash = await sha256Hex(body);
  const all: Record<string, string> = { host: location.host, "x-amz-date": date, "x-amz-content-sha256": payloadHash };
  for (const [name, value] of Object.entries(headers)) all[name.toLowerCase()] = value.trim();
  const names = Object.keys(all).sort();
  const q = pathAndQuery.indexOf("?");
  const path = q < 0 ? pathAndQuery : pathAndQuery.slice(0, q);
  const query = q < 0 ? "" : pathAndQuery.slice(q + 1);
  const canonical = [
    method,
    // Non-S3 services encode the (already encoded) path once more, segment by segment.
    path.split("/").map(uriEncode).join("/"),
    canonicalQuery(query),
    names.map((n) => `${n}:${all[n]}\n`).join(""),
    names.join(";"),
    payloadHash,
  ].join("\n");
  const scope = `${day}/${credentials.region}/${service}/aws4_request`;
  const toSign = ["AWS4-HMAC-SHA256", date, scope, await sha256Hex(canonical)].join("\n");
  let key = await hmac(encoder.encode("AWS4" + credentials.secretAccessKey), day);
  key = await hmac(key, credentials.region);
  key = await hmac(key, service);
  key = await hmac(key, "aws4_request");
  const signature = hex(await hmac(key, toSign));
  return {
    "X-Amz-Date": date,
    "X-Amz-Content-Sha256": payloadHash,
    Authorization: `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${scope}, SignedHeaders=${names.join(";")}, Signature=${signature}`,
  };
}
