import { capitalise, formatPartialDate, label } from "../format.ts";

const ENGAGEMENT_TEXT: Record<string, string> = {
  HELD: "Held",
  SPECULATED: "Speculated — not confirmed",
  SCHEDULED: "Scheduled",
  CANCELLED: "Cancelled",
  DID_NOT_HAPPEN: "Did not happen",
  DENIED: "Denied",
};

/** An engagement's status: only HELD is drawn as a solid, confirmed badge. */
export function EngagementStatus({ status }: { status: string }) {
  return <span className={`status status-${status.toLowerCase().replace(/_/g, "-")}`}>{ENGAGEMENT_TEXT[status] ?? capitalise(label(status))}</span>;
}

/**
 * How sure an asOf answer is; CERTAIN needs no mark. PRESUMED: nothing recorded ends it, but no
 * source shows it in effect that late (the last confirmation is confirmedUntil).
 */
export function Certainty({ certainty, confirmedUntil }: { certainty?: string | null; confirmedUntil?: string | null }) {
  if (!certainty || certainty === "CERTAIN") return null;
  const text =
    certainty === "POSSIBLE"
      ? "possibly (the dates are partial)"
      : certainty === "PRESUMED"
        ? `presumed: last confirmed ${confirmedUntil ? formatPartialDate(confirmedUntil) : "by no dated source"}`
        : label(certainty);
  return <span className={`certainty certainty-${certainty.toLowerCase()}`}>{text}</span>;
}

export const MEMBERSHIP_COLOURS: Record<string, string> = {
  MEMBER: "#1d4e89",
  OBSERVER: "#0f7b6c",
  DIALOGUE_PARTNER: "#b26a00",
  APPLICANT: "#6b4fa0",
  FORMER_MEMBER: "#6b6b6b",
  SUSPENDED: "#a8323e",
  GUEST_ATTENDANCE: "#7a5c2e",
};

export const ENGAGEMENT_COLOURS: Record<string, string> = {
  HELD: "#1b7a3d",
  SCHEDULED: "#1d4e89",
  SPECULATED: "#b35c00",
  CANCELLED: "#6b6b6b",
  DID_NOT_HAPPEN: "#8b1e2d",
  DENIED: "#8b1e2d",
};
