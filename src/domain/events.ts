// Change events, published after a write commits. Subscriptions listen on one topic; with
// REDIS_URL the pub/sub crosses service instances (src/pubsub.ts).
export interface ChangeEvent {
  /** The ChangeLog row id, as a string (it is a bigint). */
  changeId: string;
  entityType: string;
  entityId: number;
  action: "CREATE" | "UPDATE" | "RETRACT" | "STATUS_CHANGE";
  /** ISO alpha-2 codes of the countries the fact involves, when it involves any. */
  countries: string[];
  at: string;
}

type Listener = (events: ChangeEvent[]) => void | Promise<void>;
let publisher: Listener | undefined;

/** Set by the server (src/pubsub.ts) so that domain code can publish without knowing transport. */
export function setChangePublisher(listener: Listener | undefined) {
  publisher = listener;
}

export async function publishChanges(events: ChangeEvent[]) {
  if (events.length && publisher) await publisher(events);
}
