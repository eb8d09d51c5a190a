// Hash routes (#/ and #/endpoints/NAME), a refresh timer, and a login form when the server wants SigV4.
import "./style.css";
import { ApiError, loadCredentials, sageMaker, saveCredentials } from "./api";
import { h, replace } from "./dom";
import { endpointPage } from "./endpointPage";
import { endpointsPage } from "./endpointsPage";
import type { Page } from "./page";

const refreshMs = 5000;
const main = document.getElementById("main")!;
const status = document.getElementById("refresh-status")!;
const identity = document.getElementById("identity")!;

let current: Page | null = null;
let timer: number | undefined;
let generation = 0;

function route(): Page {
  const match = /^#\/endpoints\/([^/]+)$/.exec(location.hash);
  return match ? endpointPage(decodeURIComponent(match[1])) : endpointsPage();
}

function renderIdentity(): void {
  const credentials = loadCredentials();
  replace(
    identity,
    credentials
      ? [
          h("span", { class: "who", "data-testid": "signed-in-as" }, credentials.accessKeyId),
          h("button", { type: "button", class: "link", "data-testid": "sign-out", onclick: () => { saveCredentials(null); void show(); } }, "Sign out"),
        ]
      : [],
  );
}

async function tick(page: Page, mine: number): Promise<void> {
  try {
    await page.refresh();
    if (mine !== generation) return;
    status.textContent = `Updated ${new Date().toISOString().slice(11, 19)} UTC · every ${refreshMs / 1000} s`;
    status.className = "ok";
    main.dataset.loaded = "true";
  } catch (e) {
    if (mine !== generation) return;
    if (e instanceof ApiError && e.needsLogin) {
      showLogin(loadCredentials() ? `The server refused these credentials: ${e.message}` : null);
      return;
    }
    status.textContent = `Refresh failed: ${e instanceof Error ? e.message : String(e)}`;
    status.className = "bad";
  }
  if (mine === generation) timer = window.setTimeout(() => void tick(page, mine), refreshMs);
}

async function show(): Promise<void> {
  generation++;
  window.clearTimeout(timer);
  current?.dispose();
  renderIdentity();
  const page = route();
  current = page;
  main.dataset.loaded = "false";
  replace(main, page.element);
  await tick(page, generation);
}

function showLogin(problem: string | null): void {
  generation++;
  window.clearTimeout(timer);
  current?.dispose();
  current = null;
  renderIdentity();
  status.textContent = "Sign in required";
  status.className = "";
  const keyId = h("input", { name: "accessKeyId", autocomplete: "username", required: true, spellcheck: "false", "data-testid": "login-key" });
  const secret = h("input", { name: "secretAccessKey", type: "password", autocomplete: "current-password", required: true, "data-testid": "login-secret" });
  const region = h("input", { name: "region", value: "us-east-1", required: true, "data-testid": "login-region" });
  const error = h("p", { class: "failure", "data-testid": "login-error", hidden: !problem }, problem ?? "");
  const form = h(
    "form",
    { class: "card login", "data-testid": "login" },
    h("h1", null, "Sign in to Turnout"),
    h("p", { class: "hint" }, "This server requires AWS Signature Version 4. Use an access key from its --credentials file; the dashboard signs each request in this tab and keeps the key in session storage until you sign out or close the tab."),
    h("label", null, "Access key ID", keyId),
    h("label", null, "Secret access key", secret),
    h("label", null, "Region", region),
    error,
    h("button", { type: "submit", class: "primary", "data-testid": "login-submit" }, "Sign in"),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const credentials = { accessKeyId: keyId.value.trim(), secretAccessKey: secret.value, region: region.value.trim() || "us-east-1" };
    try {
      await sageMaker("ListEndpoints", { MaxResults: 1 }, credentials);
      saveCredentials(credentials);
      await show();
    } catch (e) {
      error.hidden = false;
      error.textContent = e instanceof ApiError ? `${e.code}: ${e.message}` : String(e);
    }
  });
  replace(main, form);
  keyId.focus();
}

window.addEventListener("hashchange", () => void show());
void show();
