import { useQuery } from "urql";
import { ExplorerCountryDocument } from "../../../client/generated/graphql.ts";
import { AsOfControl } from "../components/AsOf.tsx";
import { CounterpartGraph, counterparts } from "../components/CounterpartGraph.tsx";
import { CountryLink, DateText, PersonLink, RangeText } from "../components/Links.tsx";
import { Page, Section } from "../components/Page.tsx";
import { Sources } from "../components/Sources.tsx";
import { Certainty, EngagementStatus } from "../components/Status.tsx";
import { capitalise, formatPartialDate, label } from "../format.ts";
import { Link, paths } from "../router.tsx";

export function Country({ code, asOf }: { code: string; asOf: string | null }) {
  const [{ data, fetching, error, operation }] = useQuery({ query: ExplorerCountryDocument, variables: { code, countries: [code], asOf } });
  // While a new date loads, urql keeps the previous answer on screen: label it with the date it
  // answers for (its operation's asOf), never the date just asked for.
  const shownAsOf = data ? ((operation?.variables as { asOf?: string | null } | undefined)?.asOf ?? null) : asOf;
  const c = data?.country;
  const path = paths.country(code);
  const others = c ? counterparts(c.code, data.counterparts.groups) : [];
  return (
    <Page
      title={c?.name}
      kicker="Country"
      fetching={fetching && !data}
      error={error}
      missing={data && !c && `No country has the code ${code}.`}
    >
      {c ? (
        <>
          <dl className="facts-list">
            <dt>ISO codes</dt>
            <dd>
              {c.code} / {c.alpha3}
            </dd>
            <dt>Region</dt>
            <dd>{c.region}</dd>
          </dl>
          <AsOfControl path={path} asOf={asOf} />

          <Section title="Memberships" id="memberships" empty={c.memberships.edges.length === 0 && `No membership${shownAsOf ? ` in effect in ${formatPartialDate(shownAsOf)}` : " recorded"}.`}>
            <ul className="facts">
              {c.memberships.edges.map(({ node: m, certainty, confirmedUntil }, i) => (
                <li key={i} className="fact">
                  <p>
                    <Link to={paths.organisation(m.organisation.acronym)}>{m.organisation.name}</Link>: {label(m.status)},{" "}
                    {m.from || m.to ? <RangeText from={m.from} to={m.to} /> : m.attested ? <>attested <DateText value={m.attested} /></> : "dates unknown"}{" "}
                    <Certainty certainty={certainty} confirmedUntil={confirmedUntil} />
                  </p>
                  <Sources sources={m.sources} />
                </li>
              ))}
            </ul>
          </Section>

          <Section title="Office-holders" id="office-holders" empty={c.officeHolders.edges.length === 0 && `No office-holder${shownAsOf ? ` in office in ${formatPartialDate(shownAsOf)}` : " recorded"}.`}>
            <ul className="facts">
              {c.officeHolders.edges.map(({ node: t, certainty, confirmedUntil }, i) => (
                <li key={i} className="fact">
                  <p>
                    <PersonLink person={t.person} />, {t.title}
                    {t.title.toLowerCase().includes(label(t.portfolio)) ? "" : ` (${label(t.portfolio)})`},{" "}
                    {t.from || t.to ? <RangeText from={t.from} to={t.to} /> : t.attested ? <>in office on <DateText value={t.attested} /></> : "dates unknown"}{" "}
                    <Certainty certainty={certainty} confirmedUntil={confirmedUntil} />
                  </p>
                  <Sources sources={t.sources} />
                </li>
              ))}
            </ul>
          </Section>

          <Section title="Counterparts" id="counterparts" empty={others.length === 0 && "No engagements with other countries recorded."}>
            <CounterpartGraph centre={c} items={others} />
            <ul className="counterpart-list">
              {others.map((o) => (
                <li key={o.code}>
                  <CountryLink country={o} />: {o.byStatus.map((s) => `${s.count} ${label(s.status)}`).join(", ")}
                </li>
              ))}
            </ul>
          </Section>

          <Section title="Timeline" id="timeline" empty={data.timeline.edges.length === 0 && "Nothing recorded."}>
            <p className="help">Summits, engagements, incidents and statements involving {c.name}, newest first.</p>
            <ol className="timeline">
              {data.timeline.edges.map(({ node }, i) => (
                <li key={i} className={`fact timeline-${node.__typename.toLowerCase()}`}>
                  {node.__typename === "Summit" ? (
                    <>
                      <p className="fact-head">
                        <RangeText from={node.start} to={node.end ?? node.start} /> · Summit
                      </p>
                      <p>
                        <Link to={paths.summit(node.slug)}>{node.name}</Link>, {node.city}
                      </p>
                      <Sources sources={node.sources} />
                    </>
                  ) : node.__typename === "Engagement" ? (
                    <>
                      <p className="fact-head">
                        <DateText value={node.date} /> · {capitalise(label(node.kind))} <EngagementStatus status={node.status} />
                      </p>
                      <p>
                        <Link to={paths.engagement(node.slug)}>{node.title}</Link>
                      </p>
                      <Sources sources={node.sources} />
                    </>
                  ) : node.__typename === "Incident" ? (
                    <>
                      <p className="fact-head">
                        <RangeText from={node.start} to={node.end} open="from" /> · Incident ({label(node.incidentKind)})
                      </p>
                      <p>
                        <Link to={paths.incident(node.slug)}>{node.name}</Link>
                      </p>
                      <Sources sources={node.sources} />
                    </>
                  ) : node.__typename === "Statement" ? (
                    <>
                      <p className="fact-head">
                        <DateText value={node.date} /> · Statement{node.speaker ? <> by <PersonLink person={node.speaker} /></> : null}
                      </p>
                      <blockquote>{node.summary}</blockquote>
                      <Sources sources={node.sources} />
                    </>
                  ) : null}
                </li>
              ))}
            </ol>
          </Section>
        </>
      ) : null}
    </Page>
  );
}
