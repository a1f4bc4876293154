import { type ReactNode, useEffect, useRef } from "react";
import type { CombinedError } from "@urql/core";
import { focus, usePageTitle } from "../router.tsx";

/** The frame of every page: its heading (focused after navigation), loading and error states. */
export function Page({
  title,
  kicker,
  fetching,
  error,
  missing,
  children,
}: {
  title?: string;
  kicker?: string;
  fetching: boolean;
  error?: CombinedError;
  missing?: string | false;
  children?: ReactNode;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  const shown = error ? "Something went wrong" : missing ? "Not found" : title;
  usePageTitle(fetching && !shown ? undefined : shown);
  useEffect(() => {
    // After a client-side navigation, screen-reader and keyboard users start at the new heading.
    if (shown && focus.pending) {
      focus.pending = false;
      heading.current?.focus();
    }
  }, [shown]);
  if (fetching && !title && !error) {
    return (
      <p className="loading" role="status">
        Loading…
      </p>
    );
  }
  return (
    <article>
      {kicker ? <p className="kicker">{kicker}</p> : null}
      <h1 ref={heading} tabIndex={-1}>
        {shown}
      </h1>
      {error ? (
        <p role="alert" className="error">
          {error.graphQLErrors[0]?.message ?? error.message}
        </p>
      ) : missing ? (
        <p className="error">{missing}</p>
      ) : (
        children
      )}
    </article>
  );
}

export function Section({ title, id, children, empty }: { title: string; id: string; children?: ReactNode; empty?: string | false }) {
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {empty ? <p className="empty">{empty}</p> : children}
    </section>
  );
}
