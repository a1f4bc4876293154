import { useQuery } from "urql";
import { ExplorerOverviewDocument } from "../../../client/generated/graphql.ts";
import { SearchForm } from "../components/SearchForm.tsx";
import { Page, Section } from "../components/Page.tsx";
import { CountryLink, DateText, PersonLink, joined } from "../components/Links.tsx";
import { Sources } from "../components/Sources.tsx";
import { EngagementStatus } from "../components/Status.tsx";
import { capitalise, formatPartialDate, label } from "../format.ts";
import { Link, paths } from "../router.tsx";

export function Overview() {
  const [{ data, fetching, error }] = useQuery({ query: ExplorerOverviewDocument });
  return (
    <Page title={data ? "Summitry explorer" : undefined} fetching={fetching} error={error}>
      <p className="lede">Organisations, their member states, summits and the meetings on their sidelines. Every fact links its sources.</p>
      <SearchForm initial="" />
      <Section title="Organisations" id="organisations">
        <ul className="cards">
          {data?.organisations.edges.map(({ node: o }) => (
            <li key={o.acronym} className="card">
              <h3>
                <Link to={paths.organisation(o.acronym)}>
                  {o.name} ({o.acronym})
                </Link>
              </h3>
              <p>
                {capitalise(label(o.kind))}
                {o.founded ? <>, founded {formatPartialDate(o.founded)}</> : null}
                {o.seatCity ? (
                  <>
                    , seat: {o.seatCity}
                    {o.seatCountry ? (
                      <>
                        {" "}
                        (<CountryLink country={o.seatCountry} />)
                      </>
                    ) : null}
                  </>
                ) : null}
              </p>
              <Sources sources={o.sources} />
            </li>
          ))}
        </ul>
      </Section>
      <Section title="Newest engagements" id="engagements" empty={data?.engagements.edges.length === 0 && "No engagements recorded."}>
        <ul className="facts">
          {data?.engagements.edges.map(({ node: e }) => (
            <li key={e.slug} className={`fact engagement engagement-${e.status.toLowerCase()}`}>
              <p className="fact-head">
                <DateText value={e.date} /> <EngagementStatus status={e.status} />
              </p>
              <h3>
                <Link to={paths.engagement(e.slug)}>{e.title}</Link>
              </h3>
              <p>
                {capitalise(label(e.kind))}: {joined(e.participants.edges.map(({ node: p }) => (
                  <span key={p.country.code}>
                    {p.person ? <PersonLink person={p.person} /> : null}
                    {p.person ? " (" : null}
                    <CountryLink country={p.country} />
                    {p.person ? ")" : null}
                  </span>
                )))}
                {e.summit ? (
                  <>
                    , at <Link to={paths.summit(e.summit.slug)}>{e.summit.name}</Link>
                  </>
                ) : null}
              </p>
              <Sources sources={e.sources} />
            </li>
          ))}
        </ul>
      </Section>
      <Section title="Newest statements" id="statements" empty={data?.statements.edges.length === 0 && "No statements recorded."}>
        <ul className="facts">
          {data?.statements.edges.map(({ node: s }) => (
            <li key={s.slug} className="fact statement">
              <p className="fact-head">
                <DateText value={s.date} />
                {s.summit ? (
                  <>
                    {" · "}
                    <Link to={paths.summit(s.summit.slug)}>{s.summit.name}</Link>
                  </>
                ) : null}
              </p>
              <blockquote>{s.summary}</blockquote>
              <p>
                {s.speaker ? <PersonLink person={s.speaker} /> : null}
                {s.speaker && s.country ? ", " : null}
                <CountryLink country={s.country} />
              </p>
              <Sources sources={s.sources} />
            </li>
          ))}
        </ul>
      </Section>
    </Page>
  );
}
