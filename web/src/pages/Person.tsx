import { useQuery } from "urql";
import { ExplorerPersonDocument } from "../../../client/generated/graphql.ts";
import { CountryLink, DateText, RangeText } from "../components/Links.tsx";
import { Page, Section } from "../components/Page.tsx";
import { Sources } from "../components/Sources.tsx";
import { EngagementStatus } from "../components/Status.tsx";
import { capitalise, label } from "../format.ts";
import { Link, paths } from "../router.tsx";

export function Person({ slug }: { slug: string }) {
  const [{ data, fetching, error }] = useQuery({ query: ExplorerPersonDocument, variables: { slug } });
  const p = data?.person;
  return (
    <Page title={p?.name} kicker="Person" fetching={fetching && !data} error={error} missing={data && !p && `No person has the slug ${slug}.`}>
      {p ? (
        <>
          <dl className="facts-list">
            {p.country ? (
              <>
                <dt>Country</dt>
                <dd>
                  <CountryLink country={p.country} />
                </dd>
              </>
            ) : null}
            {p.alternateNames.length ? (
              <>
                <dt>Also known as</dt>
                <dd>{p.alternateNames.join(", ")}</dd>
              </>
            ) : null}
          </dl>
          <Section title="Offices held" id="tenures" empty={p.tenures.edges.length === 0 && "No office recorded."}>
            <ul className="facts">
              {p.tenures.edges.map(({ node: t }, i) => (
                <li key={i} className="fact">
                  <p>
                    {t.title} ({label(t.portfolio)}
                    {t.country ? <>, <CountryLink country={t.country} /></> : null}
                    {t.organisation ? <>, <Link to={paths.organisation(t.organisation.acronym)}>{t.organisation.acronym}</Link></> : null}),{" "}
                    {t.from || t.to ? <RangeText from={t.from} to={t.to} /> : t.attested ? <>in office on <DateText value={t.attested} /></> : "dates unknown"}
                  </p>
                  {t.note ? <p className="note">{t.note}</p> : null}
                  <Sources sources={t.sources} />
                </li>
              ))}
            </ul>
          </Section>
          <Section title="Engagements" id="engagements" empty={p.engagements.totalCount === 0 && "No engagement recorded."}>
            <ul className="facts">
              {p.engagements.edges.map(({ node: e, role }) => (
                <li key={e.slug} className={`fact engagement engagement-${e.status.toLowerCase()}`}>
                  <p className="fact-head">
                    <DateText value={e.date} /> · {capitalise(label(e.kind))}, as {label(role)} <EngagementStatus status={e.status} />
                  </p>
                  <p>
                    <Link to={paths.engagement(e.slug)}>{e.title}</Link>
                    {e.summit ? <> at <Link to={paths.summit(e.summit.slug)}>{e.summit.name}</Link></> : null}
                  </p>
                  <Sources sources={e.sources} />
                </li>
              ))}
            </ul>
          </Section>
          <Section title="Statements" id="statements" empty={data.statements.edges.length === 0 && "No statement recorded."}>
            <ul className="facts">
              {data.statements.edges.map(({ node: s }) => (
                <li key={s.slug} className="fact statement">
                  <p className="fact-head">
                    <DateText value={s.date} />
                    {s.summit ? <> · <Link to={paths.summit(s.summit.slug)}>{s.summit.name}</Link></> : s.place ? ` · ${s.place}` : null}
                  </p>
                  <blockquote>{s.summary}</blockquote>
                  <Sources sources={s.sources} />
                </li>
              ))}
            </ul>
          </Section>
        </>
      ) : null}
    </Page>
  );
}
