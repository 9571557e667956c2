/**
 * Messages between the extension and the binding details webview. Shared by both sides
 * (no vscode or DOM import); each side ignores a message whose `type` it doesn't know.
 */

/** Everything the panel shows, already computed by the extension (plain data, JSON-safe). */
export interface BindingView {
  bindId: string;
  phoneA: string;
  phoneB: string;
  pnsNumberA: string;
  pnsNumberB: string;
  mode: 'AXB' | 'AXXB';
  /** expireTime exactly as the vendor sent it. */
  expireTime: string;
  /** Epoch ms, or null when expireTime could not be read. */
  expiresAt: number | null;
  /** The expiry written in the configured vendor time zone, e.g. "2023-10-22 09:00:00 +08:00". */
  expiresInVendorZone: string | null;
  vendorZone: string;
  expiringSoonHours: number;
  app: { appId: string | null; label: string };
  /** The page the binding was on (where Refresh looks first). */
  page: number;
  /** The raw record, formatted JSON. */
  rawJson: string;
  /** When the extension last read this binding from the server (epoch ms). */
  fetchedAt: number;
}

export type CopyField = 'phoneA' | 'phoneB' | 'pnsNumberA' | 'pnsNumberB' | 'bindId' | 'json';

/** Extension -> webview. */
export type ToWebview =
  | { type: 'show'; binding: BindingView; note?: string }
  /** Nothing to show (e.g. a panel restored without a usable state). */
  | { type: 'empty' }
  | { type: 'copied'; field: CopyField }
  | { type: 'refreshing' }
  | { type: 'gone'; bindId: string; text: string }
  | { type: 'error'; text: string };

/** Webview -> extension. */
export type FromWebview =
  | { type: 'ready' }
  | { type: 'copy'; field: CopyField }
  | { type: 'refresh' }
  /** Sent after each render: what the panel now shows (used by tests and for the title). */
  | { type: 'rendered'; bindId: string | null; state: 'binding' | 'gone' | 'empty' };

const FIELDS: readonly CopyField[] = ['phoneA', 'phoneB', 'pnsNumberA', 'pnsNumberB', 'bindId', 'json'];

/** Narrows an unknown posted value to a FromWebview message, or undefined. */
export function parseFromWebview(m: unknown): FromWebview | undefined {
  if (typeof m !== 'object' || m === null) return undefined;
  const o = m as Record<string, unknown>;
  switch (o.type) {
    case 'ready':
    case 'refresh':
      return { type: o.type };
    case 'copy':
      return typeof o.field === 'string' && (FIELDS as readonly string[]).includes(o.field) ? { type: 'copy', field: o.field as CopyField } : undefined;
    case 'rendered':
      return (typeof o.bindId === 'string' || o.bindId === null) && (o.state === 'binding' || o.state === 'gone' || o.state === 'empty')
        ? { type: 'rendered', bindId: o.bindId, state: o.state }
        : undefined;
    default:
      return undefined;
  }
}

/** Persisted with the webview's setState and given back to the serializer after a reload. */
export interface DetailsState {
  binding?: BindingView;
}
