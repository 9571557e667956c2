/** A binding's lifetime as typed: "600" (seconds), "90m", "12h", "2d" -> seconds within 1..max. */
export function parseLifetime(text: string, maxSeconds: number): number | undefined {
  const m = /^\s*(\d{1,7})\s*(s|m|min|h|d)?\s*$/i.exec(text);
  if (!m) return undefined;
  const n = Number(m[1]);
  const unit = (m[2] ?? 's').toLowerCase();
  const s = unit === 'd' ? n * 86_400 : unit === 'h' ? n * 3600 : unit === 'm' || unit === 'min' ? n * 60 : n;
  return s >= 1 && s <= maxSeconds ? s : undefined;
}
