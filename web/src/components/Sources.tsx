import { formatPartialDate } from "../format.ts";

export interface SourceLink {
  url: string;
  title: string;
  publisher: string;
  published?: string | null;
}

/** A fact's sources, each a link: publisher, title, date. */
export function Sources({ sources, notes }: { sources: readonly SourceLink[]; notes?: readonly (string | null | undefined)[] }) {
  if (!sources.length) return <p className="sources sources-none">No source recorded.</p>;
  return (
    <ul className="sources" aria-label="Sources">
      {sources.map((s, i) => (
        <li key={`${s.url}-${i}`}>
          {/^https?:\/\//.test(s.url) ? (
            <a href={s.url} rel="noreferrer noopener" target="_blank">
              <span className="source-publisher">{s.publisher}</span>: <span className="source-title">{s.title}</span>
            </a>
          ) : (
            // A report with no public address is recorded under a URN: named, but not a link.
            <span className="source-unlinked" title={s.url}>
              <span className="source-publisher">{s.publisher}</span>: <span className="source-title">{s.title}</span> <span className="source-urn">[no public link]</span>
            </span>
          )}
          {s.published ? <span className="source-date"> ({formatPartialDate(s.published)})</span> : null}
          {notes?.[i] ? <span className="source-note"> — {notes[i]}</span> : null}
        </li>
      ))}
    </ul>
  );
}
