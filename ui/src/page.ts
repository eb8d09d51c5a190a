export interface Page {
  element: HTMLElement;
  /** Re-reads the server and updates the page in place; called on a timer. */
  refresh(): Promise<void>;
  dispose(): void;
}
