// A few helpers instead of a framework: the dashboard is a handful of tables, forms and charts.

type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, string | number | boolean | EventListener | null | undefined>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs | null = null, ...children: (Child | Child[])[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (typeof value === "function") element.addEventListener(name.replace(/^on/, ""), value);
    else if (value === true) element.setAttribute(name, "");
    else element.setAttribute(name, String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : String(child));
  }
  return element;
}

export function replace(target: Element, ...children: (Child | Child[])[]): void {
  target.replaceChildren(...children.flat().filter((c): c is Node | string | number => c !== null && c !== undefined && c !== false).map((c) => (c instanceof Node ? c : String(c))));
}

const statusTone: Record<string, string> = {
  InService: "ok",
  OK: "ok",
  Creating: "busy",
  Updating: "busy",
  SystemUpdating: "busy",
  RollingBack: "warn",
  ActivatingTraffic: "busy",
  Baking: "busy",
  Deleting: "warn",
  INSUFFICIENT_DATA: "muted",
  Failed: "bad",
  ALARM: "bad",
  OutOfService: "bad",
};

export function badge(status: string, testId?: string): HTMLElement {
  return h("span", { class: `badge ${statusTone[status] ?? "muted"}`, "data-testid": testId }, status);
}

export function formatNumber(value: number | null | undefined, digits = 0): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "–";
  return value.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function formatTime(epochSeconds: number | undefined): string {
  if (!epochSeconds) return "–";
  return new Date(epochSeconds * 1000).toISOString().replace("T", " ").slice(0, 19) + " UTC";
}

export function formatPercent(fraction: number): string {
  return Number.isFinite(fraction) ? `${(fraction * 100).toFixed(1)}%` : "–";
}

/** A modal confirm built on <dialog>; resolves true on Confirm. */
export function confirmDialog(title: string, body: Node, confirmLabel: string, danger = false): Promise<boolean> {
  return new Promise((resolve) => {
    const dialog = h(
      "dialog",
      { class: "confirm", "data-testid": "confirm-dialog" },
      h("h3", null, title),
      body,
      h(
        "div",
        { class: "actions" },
        h("button", { type: "button", class: "secondary", "data-testid": "confirm-cancel", onclick: () => dialog.close("cancel") }, "Cancel"),
        h("button", { type: "button", class: danger ? "danger" : "primary", "data-testid": "confirm-ok", onclick: () => dialog.close("ok") }, confirmLabel),
      ),
    );
    dialog.addEventListener("close", () => {
      dialog.remove();
      resolve(dialog.returnValue === "ok");
    });
    document.body.append(dialog);
    dialog.showModal();
  });
}

export function toast(message: string, tone: "ok" | "bad" = "ok"): void {
  const element = h("div", { class: `toast ${tone}`, role: "status", "data-testid": "toast" }, message);
  document.body.append(element);
  setTimeout(() => element.remove(), 6000);
}
