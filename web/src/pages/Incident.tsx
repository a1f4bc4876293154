import { useQuery } from "urql";
import { ExplorerIncidentDocument } from "../../../client/generated/graphql.ts";
import { CountryLink, RangeText, joined } from "../components/Links.tsx";
import { Page, Section } from "../components/Page.tsx";
import { Sources } from "../components/Sources.tsx";
import { capitalise, label } from "../format.ts";

export function Incident({ slug }: { slug: string }) {
  const [{ data, fetching, error }] = useQuery({ query: ExplorerIncidentDocument, variables: { slug } });
  const i = data?.incident;
  return (
    <Page title={i?.name} kicker="Incident" fetching={fetching && !data} error={error} missing={data && !i && `No incident has the slug ${slug}.`}>
      {i ? (
        <>
          {i.retraction ? (
            <p className="retracted" role="note">
              Retracted: {i.retraction.reason}
            </p>
          ) : null}
          <dl className="facts-list">
            <dt>Kind</dt>
            <dd>{capitalise(label(i.kind))}</dd>
            <dt>When</dt>
            <dd>
              <RangeText from={i.start} to={i.end} open="from" />
            </dd>
            {i.location ? (
              <>
                <dt>Where</dt>
                <dd>{i.location}</dd>
              </>
            ) : null}
            <dt>Parties</dt>
            <dd>{joined(i.parties.map((c) => <CountryLink key={c.code} country={c} />))}</dd>
          </dl>
          {i.summary ? <p className="summary">{i.summary}</p> : null}
          <Section title="Names" id="names" empty={i.names.length === 0 && "No other names recorded."}>
            <ul className="plain">
              {i.names.map((n, k) => (
                <li key={k}>
                  “{n.name}”{" "}
                  {n.usedBy ? (
                    <>
                      used by <CountryLink country={n.usedBy} />
                    </>
                  ) : (
                    "(neutral)"
                  )}
                </li>
              ))}
            </ul>
          </Section>
          <Section title="Sources" id="sources">
            <Sources sources={i.citations.map((c) => c.source)} notes={i.citations.map((c) => c.note)} />
          </Section>
        </>
      ) : null}
    </Page>
  );
}
