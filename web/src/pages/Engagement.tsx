import { useQuery } from "urql";
import { ExplorerEngagementDocument } from "../../../client/generated/graphql.ts";
import { CountryLink, DateText, PersonLink } from "../components/Links.tsx";
import { Page, Section } from "../components/Page.tsx";
import { Sources } from "../components/Sources.tsx";
import { EngagementStatus } from "../components/Status.tsx";
import { capitalise, label } from "../format.ts";
import { Link, paths } from "../router.tsx";

export function Engagement({ slug }: { slug: string }) {
  const [{ data, fetching, error }] = useQuery({ query: ExplorerEngagementDocument, variables: { slug } });
  const e = data?.engagement;
  return (
    <Page title={e?.title} kicker="Engagement" fetching={fetching && !data} error={error} missing={data && !e && `No engagement has the slug ${slug}.`}>
      {e ? (
        <>
          {e.retraction ? (
            <p className="retracted" role="note">
              Retracted: {e.retraction.reason}
            </p>
          ) : null}
          <p className={`status-line engagement-${e.status.toLowerCase()}`}>
            <EngagementStatus status={e.status} />
            {e.status === "SPECULATED" ? " Reported as possible; no source confirms that it took place." : null}
          </p>
          <dl className="facts-list">
            <dt>When</dt>
            <dd>
              <DateText value={e.date} />
            </dd>
            <dt>Kind</dt>
            <dd>
              {capitalise(label(e.kind))}, {label(e.formality)}
            </dd>
            {e.place || e.placeCountry ? (
              <>
                <dt>Where</dt>
                <dd>
                  {e.place}
                  {e.place && e.placeCountry ? ", " : null}
                  <CountryLink country={e.placeCountry} />
                </dd>
              </>
            ) : null}
            {e.summit ? (
              <>
                <dt>Sidelines of</dt>
                <dd>
                  <Link to={paths.summit(e.summit.slug)}>{e.summit.name}</Link>
                </dd>
              </>
            ) : null}
            {e.organisation ? (
              <>
                <dt>Framework</dt>
                <dd>
                  <Link to={paths.organisation(e.organisation.acronym)}>{e.organisation.name}</Link>
                </dd>
              </>
            ) : null}
          </dl>
          {e.summary ? <p className="summary">{e.summary}</p> : null}
          <Section title="Participants" id="participants">
            <ul className="plain">
              {e.participants.edges.map(({ node: p }, i) => (
                <li key={i}>
                  <CountryLink country={p.country} />
                  {p.person ? (
                    <>
                      : <PersonLink person={p.person} />
                    </>
                  ) : null}{" "}
                  ({label(p.role)})
                </li>
              ))}
            </ul>
          </Section>
          <Section title="Sources" id="sources">
            <Sources sources={e.citations.map((c) => c.source)} notes={e.citations.map((c) => c.note)} />
          </Section>
          <Section title="Status history" id="status-history" empty={e.statusHistory.length === 0 && "The status has not changed since it was recorded."}>
            <ol className="facts">
              {e.statusHistory.map((h, i) => (
                <li key={i} className="fact">
                  <p>
                    {h.from ? <EngagementStatus status={h.from} /> : "recorded as"} → <EngagementStatus status={h.to} />{" "}
                    <span className="meta">
                      on <time dateTime={h.at}>{new Date(h.at).toISOString().slice(0, 10)}</time> by {h.actor}
                    </span>
                  </p>
                  {h.note ? <p className="note">{h.note}</p> : null}
                  <Sources sources={[h.source]} />
                </li>
              ))}
            </ol>
          </Section>
        </>
      ) : null}
    </Page>
  );
}
