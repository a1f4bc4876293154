// Dates as the API knows them: a PartialDate is "2018", "2025-06" or "2025-06-26", and is shown
// as exactly that much ("2018", "June 2025", "26 June 2025"), never as a made-up day.

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

export interface ParsedDate {
  year: number;
  month?: number;
  day?: number;
}

export function parsePartialDate(value: string): ParsedDate | null {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(value);
  if (!m) return null;
  return { year: Number(m[1]), month: m[2] ? Number(m[2]) : undefined, day: m[3] ? Number(m[3]) : undefined };
}

export function formatPartialDate(value: string | null | undefined): string {
  if (!value) return "";
  const d = parsePartialDate(value);
  if (!d) return value;
  if (d.month === undefined) return String(d.year);
  const month = MONTHS[d.month - 1] ?? String(d.month);
  if (d.day === undefined) return `${month} ${d.year}`;
  return `${d.day} ${month} ${d.year}`;
}

/** "25–26 June 2025", "June 2025 – 2026", "since 2017", or one date when both ends are equal. */
export function formatRange(from: string | null | undefined, to: string | null | undefined, { open = "since" } = {}): string {
  if (!from && !to) return "dates unknown";
  if (from && !to) return `${open} ${formatPartialDate(from)}`;
  if (!from && to) return `until ${formatPartialDate(to)}`;
  if (from === to) return formatPartialDate(from);
  const a = parsePartialDate(from!);
  const b = parsePartialDate(to!);
  if (a?.day !== undefined && b?.day !== undefined && a.year === b.year && a.month === b.month) {
    return `${a.day}–${b.day} ${MONTHS[a.month! - 1]} ${a.year}`;
  }
  return `${formatPartialDate(from)} – ${formatPartialDate(to)}`;
}

/** First day a partial date may stand for, in fractional years (for chart positions). */
export function startYear(value: string): number {
  const d = parsePartialDate(value);
  if (!d) return NaN;
  return d.year + ((d.month ?? 1) - 1) / 12 + ((d.day ?? 1) - 1) / 365;
}

/** Last day a partial date may stand for, in fractional years. */
export function endYear(value: string): number {
  const d = parsePartialDate(value);
  if (!d) return NaN;
  if (d.month === undefined) return d.year + 1;
  if (d.day === undefined) return d.year + d.month / 12;
  return d.year + (d.month - 1) / 12 + d.day / 365;
}

const LABELS: Record<string, string> = {
  DIALOGUE_PARTNER: "dialogue partner",
  DID_NOT_HAPPEN: "did not happen",
  REPRESENTED_BY_DEPUTY: "represented by a deputy",
  IN_PERSON: "in person",
  FORMER_MEMBER: "former member",
  GUEST_ATTENDANCE: "guest attendance",
  SECRETARY_GENERAL: "secretary-general",
  PUBLIC_SECURITY: "public security",
  FOREIGN_AFFAIRS: "foreign affairs",
  NATIONAL_SECURITY_ADVISER: "national security adviser",
  SAME_SUMMIT: "same summit",
};

/** An enum value in words: "DIALOGUE_PARTNER" -> "dialogue partner". */
export function label(value: string | null | undefined): string {
  if (!value) return "";
  return LABELS[value] ?? value.toLowerCase().replace(/_/g, " ");
}

export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The asOf control's input: a partial date, or nothing. */
export function isPartialDate(value: string): boolean {
  const d = parsePartialDate(value);
  if (!d) return false;
  if (d.month !== undefined && (d.month < 1 || d.month > 12)) return false;
  if (d.day !== undefined) {
    const last = new Date(Date.UTC(d.year, d.month!, 0)).getUTCDate();
    if (d.day < 1 || d.day > last) return false;
  }
  return true;
}
