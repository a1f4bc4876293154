import { useQuery } from "urql";
import { ExplorerOrganisationDocument } from "../../../client/generated/graphql.ts";
import { AsOfControl } from "../components/AsOf.tsx";
import { CountryLink, DateText, PersonLink, RangeText } from "../components/Links.tsx";
import { MembershipChart } from "../components/MembershipChart.tsx";
import { Page, Section } from "../components/Page.tsx";
import { Sources } from "../components/Sources.tsx";
import { Certainty } from "../components/Status.tsx";
import { capitalise, formatPartialDate, label } from "../format.ts";
import { Link, paths } from "../router.tsx";

type Summit = {
  slug: string;
  name: string;
  start: string;
  end?: string | null;
  city: string;
  hostCountry: { code: string; name: string };
  sources: { url: string; title: string; publisher: string; published?: string | null }[];
};

function SummitList({ summits }: { summits: readonly Summit[] }) {
  return (
    <ul className="facts">
      {summits.map((s) => (
        <li key={s.slug} className="fact">
          <p className="fact-head">
            <RangeText from={s.start} to={s.end ?? s.start} />
          </p>
          <h4>
            <Link to={paths.summit(s.slug)}>{s.name}</Link>
          </h4>
          <p>
            {s.city}, <CountryLink country={s.hostCountry} />
          </p>
          <Sources sources={s.sources} />
        </li>
      ))}
    </ul>
  );
}

export function Organisation({ acronym, asOf }: { acronym: string; asOf: string | null }) {
  const [{ data, fetching, error, operation }] = useQuery({ query: ExplorerOrganisationDocument, variables: { acronym, asOf } });
  // While a new date loads, urql keeps the previous answer on screen: label it with the date it
  // answers for (its operation's asOf), never the date just asked for.
  const shownAsOf = data ? ((operation?.variables as { asOf?: string | null } | undefined)?.asOf ?? null) : asOf;
  const o = data?.organisation;
  const path = paths.organisation(acronym);
  const inSeries = new Set(o?.series.flatMap((s) => s.summits.edges.map((e) => e.node.slug)) ?? []);
  const otherSummits = o?.summits.edges.map((e) => e.node).filter((s) => !inSeries.has(s.slug)) ?? [];
  const memberships = o?.memberships.edges ?? [];
  return (
    <Page
      title={o ? `${o.name} (${o.acronym})` : undefined}
      kicker="Organisation"
      fetching={fetching && !data}
      error={error}
      missing={data && !o && `No organisation has the acronym ${acronym}.`}
    >
      {o ? (
        <>
          <dl className="facts-list">
            <dt>Kind</dt>
            <dd>{capitalise(label(o.kind))}</dd>
            {o.founded ? (
              <>
                <dt>Founded</dt>
                <dd>
                  <DateText value={o.founded} />
                </dd>
              </>
            ) : null}
            {o.seatCity ? (
              <>
                <dt>Seat</dt>
                <dd>
                  {o.seatCity}
                  {o.seatCountry ? (
                    <>
                      , <CountryLink country={o.seatCountry} />
                    </>
                  ) : null}
                  {o.seatSince ? <> (since {formatPartialDate(o.seatSince)})</> : null}
                </dd>
              </>
            ) : null}
          </dl>
          <Sources sources={o.sources} />

          <Section title="Membership over time" id="memberships">
            <AsOfControl path={path} asOf={asOf} />
            <div aria-busy={fetching}>
              <MembershipChart
                title={`${o.acronym} membership by country${shownAsOf ? ` as of ${formatPartialDate(shownAsOf)}` : ""}`}
                asOf={shownAsOf}
                memberships={memberships.map((e) => ({ ...e.node, certainty: e.certainty }))}
              />
              <div className="table-wrap">
                <table>
                  <caption>
                    {o.memberships.totalCount} membership{o.memberships.totalCount === 1 ? "" : "s"}
                    {shownAsOf ? ` in effect in ${formatPartialDate(shownAsOf)}` : ""}
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col">Country</th>
                      <th scope="col">Status</th>
                      <th scope="col">Dates</th>
                      <th scope="col">Sources</th>
                    </tr>
                  </thead>
                  <tbody>
                    {memberships.map(({ node: m, certainty, confirmedUntil }, i) => (
                      <tr key={`${m.country.code}-${m.status}-${i}`}>
                        <th scope="row">
                          <CountryLink country={m.country} />
                        </th>
                        <td>
                          {label(m.status)}
                          {m.founding ? " (founding)" : ""} <Certainty certainty={certainty} confirmedUntil={confirmedUntil} />
                        </td>
                        <td>
                          {m.from || m.to ? <RangeText from={m.from} to={m.to} /> : m.attested ? <>attested <DateText value={m.attested} /></> : "dates unknown"}
                          {m.note ? <p className="note">{m.note}</p> : null}
                        </td>
                        <td>
                          <Sources sources={m.sources} />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </div>
          </Section>

          <Section title="Office-holders" id="office-holders" empty={o.officeHolders.edges.length === 0 && `No office-holder${shownAsOf ? ` in office in ${formatPartialDate(shownAsOf)}` : " recorded"}.`}>
            <ul className="facts">
              {o.officeHolders.edges.map(({ node: t, certainty, confirmedUntil }, i) => (
                <li key={i} className="fact">
                  <p>
                    <PersonLink person={t.person} />, {t.title},{" "}
                    {t.from || t.to ? <RangeText from={t.from} to={t.to} /> : t.attested ? <>in office on <DateText value={t.attested} /></> : "dates unknown"}{" "}
                    <Certainty certainty={certainty} confirmedUntil={confirmedUntil} />
                  </p>
                  {t.note ? <p className="note">{t.note}</p> : null}
                  <Sources sources={t.sources} />
                </li>
              ))}
            </ul>
          </Section>

          <Section title="Summits by series" id="summits" empty={o.summits.totalCount === 0 && "No summits recorded."}>
            {o.series.map((series) => (
              <section key={series.slug} aria-labelledby={`series-${series.slug}`}>
                <h3 id={`series-${series.slug}`}>
                  {series.name} <span className="count">({series.summits.totalCount})</span>
                </h3>
                <SummitList summits={series.summits.edges.map((e) => e.node)} />
              </section>
            ))}
            {otherSummits.length ? (
              <section aria-labelledby="series-none">
                <h3 id="series-none">Other summits</h3>
                <SummitList summits={otherSummits} />
              </section>
            ) : null}
          </Section>
        </>
      ) : null}
    </Page>
  );
}
