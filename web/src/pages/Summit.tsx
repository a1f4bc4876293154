import { useQuery } from "urql";
import { ExplorerSummitDocument, ExplorerSummitStatementsDocument } from "../../../client/generated/graphql.ts";
import { CountryLink, DateText, PersonLink, RangeText, joined } from "../components/Links.tsx";
import { Page, Section } from "../components/Page.tsx";
import { Sources } from "../components/Sources.tsx";
import { EngagementStatus } from "../components/Status.tsx";
import { capitalise, label } from "../format.ts";
import { Link, paths } from "../router.tsx";

export function Summit({ slug }: { slug: string }) {
  const [{ data, fetching, error }] = useQuery({ query: ExplorerSummitDocument, variables: { slug } });
  const s = data?.summit;
  const [statements] = useQuery({ query: ExplorerSummitStatementsDocument, variables: { summit: s?.id ?? "" }, pause: !s });
  return (
    <Page title={s?.name} kicker="Summit" fetching={fetching && !data} error={error} missing={data && !s && `No summit has the slug ${slug}.`}>
      {s ? (
        <>
          <dl className="facts-list">
            <dt>Dates</dt>
            <dd>
              <RangeText from={s.start} to={s.end ?? s.start} />
            </dd>
            <dt>Host</dt>
            <dd>
              {s.city}
              {s.region ? `, ${s.region}` : ""}, <CountryLink country={s.hostCountry} />
              {s.hostPerson ? (
                <>
                  ; hosted by <PersonLink person={s.hostPerson} />
                </>
              ) : null}
            </dd>
            <dt>Organisation</dt>
            <dd>
              <Link to={paths.organisation(s.organisation.acronym)}>{s.organisation.name}</Link>
              {s.series ? `, ${s.series.name}` : ""}
            </dd>
          </dl>
          {s.note ? <p className="note">{s.note}</p> : null}
          <Sources sources={s.sources} />

          <Section title="Attendance" id="attendance" empty={s.attendance.totalCount === 0 && "No attendance recorded."}>
            <div className="table-wrap">
              <table>
                <caption>{s.attendance.totalCount} delegations</caption>
                <thead>
                  <tr>
                    <th scope="col">Country</th>
                    <th scope="col">Person</th>
                    <th scope="col">Role</th>
                    <th scope="col">Mode</th>
                    <th scope="col">Sources</th>
                  </tr>
                </thead>
                <tbody>
                  {s.attendance.edges.map(({ node: a }, i) => (
                    <tr key={i}>
                      <th scope="row">
                        <CountryLink country={a.country} />
                      </th>
                      <td>
                        {a.person ? <PersonLink person={a.person} /> : <span className="unknown">not named</span>}
                        {a.note ? <p className="note">{a.note}</p> : null}
                      </td>
                      <td>{label(a.role)}</td>
                      <td>{label(a.mode)}</td>
                      <td>
                        <Sources sources={a.sources} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </Section>

          <Section title="On the sidelines" id="engagements" empty={s.engagements.totalCount === 0 && "No engagements recorded at this summit."}>
            <ul className="facts">
              {s.engagements.edges.map(({ node: e }) => (
                <li key={e.slug} className={`fact engagement engagement-${e.status.toLowerCase()}`} data-status={e.status}>
                  <p className="fact-head">
                    <DateText value={e.date} /> · {capitalise(label(e.kind))}, {label(e.formality)} <EngagementStatus status={e.status} />
                  </p>
                  <h3>
                    <Link to={paths.engagement(e.slug)}>{e.title}</Link>
                  </h3>
                  <p>
                    {joined(
                      e.participants.edges.map(({ node: p }) => (
                        <span key={p.country.code}>
                          {p.person ? (
                            <>
                              <PersonLink person={p.person} /> (<CountryLink country={p.country} />)
                            </>
                          ) : (
                            <CountryLink country={p.country} />
                          )}
                        </span>
                      )),
                    )}
                  </p>
                  {e.summary ? <p className="summary">{e.summary}</p> : null}
                  <Sources sources={e.sources} />
                </li>
              ))}
            </ul>
          </Section>

          <Section title="Statements" id="statements" empty={statements.data?.statements.edges.length === 0 && "No statements recorded at this summit."}>
            <ul className="facts">
              {statements.data?.statements.edges.map(({ node: st }) => (
                <li key={st.slug} className="fact statement">
                  <p className="fact-head">
                    <DateText value={st.date} />
                    {st.place ? ` · ${st.place}` : ""}
                  </p>
                  <blockquote>{st.summary}</blockquote>
                  <p>
                    {st.speaker ? <PersonLink person={st.speaker} /> : null}
                    {st.speaker && st.country ? ", " : null}
                    <CountryLink country={st.country} />
                  </p>
                  <Sources sources={st.sources} />
                </li>
              ))}
            </ul>
          </Section>
        </>
      ) : null}
    </Page>
  );
}
