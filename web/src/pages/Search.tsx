import { useQuery } from "urql";
import { ExplorerSearchDocument } from "../../../client/generated/graphql.ts";
import { CountryLink, DateText, PersonLink } from "../components/Links.tsx";
import { Page } from "../components/Page.tsx";
import { SearchForm } from "../components/SearchForm.tsx";
import { Sources } from "../components/Sources.tsx";
import { EngagementStatus } from "../components/Status.tsx";
import { Link, paths } from "../router.tsx";

export function Search({ q }: { q: string }) {
  const [{ data, fetching, error }] = useQuery({ query: ExplorerSearchDocument, variables: { query: q, first: 30 }, pause: !q });
  const results = data?.search;
  return (
    <Page title={q ? `Search: ${q}` : "Search"} fetching={fetching && !data} error={error}>
      <SearchForm initial={q} />
      {!q ? null : fetching && !results ? (
        <p role="status">Searching…</p>
      ) : results ? (
        <>
          <p role="status" className="help">
            {results.totalCountIsExact
              ? `${results.totalCount} result${results.totalCount === 1 ? "" : "s"}`
              : `More than ${results.totalCount} results`}
            , best match first.
          </p>
          <ol className="facts results">
            {results.edges.map(({ node }, i) => (
              <li key={i} className="fact">
                <p className="fact-head">
                  <span className="type">{node.__typename}</span>
                </p>
                {node.__typename === "Organisation" ? (
                  <p>
                    <Link to={paths.organisation(node.acronym)}>
                      {node.name} ({node.acronym})
                    </Link>
                  </p>
                ) : node.__typename === "Country" ? (
                  <p>
                    <CountryLink country={node} />
                  </p>
                ) : node.__typename === "Person" ? (
                  <p>
                    <PersonLink person={node} />
                    {node.country ? <>, <CountryLink country={node.country} /></> : null}
                  </p>
                ) : node.__typename === "Summit" ? (
                  <>
                    <p>
                      <Link to={paths.summit(node.slug)}>{node.name}</Link>, {node.city}, <DateText value={node.start} />
                    </p>
                    <Sources sources={node.sources} />
                  </>
                ) : node.__typename === "Engagement" ? (
                  <>
                    <p>
                      <Link to={paths.engagement(node.slug)}>{node.title}</Link>, <DateText value={node.date} /> <EngagementStatus status={node.status} />
                      {node.summit ? <> at <Link to={paths.summit(node.summit.slug)}>{node.summit.name}</Link></> : null}
                    </p>
                    <Sources sources={node.sources} />
                  </>
                ) : node.__typename === "Incident" ? (
                  <>
                    <p>
                      <Link to={paths.incident(node.slug)}>{node.name}</Link>, <DateText value={node.start} />
                    </p>
                    <Sources sources={node.sources} />
                  </>
                ) : node.__typename === "Statement" ? (
                  <>
                    <blockquote>{node.summary}</blockquote>
                    <p>
                      <DateText value={node.date} />
                      {node.speaker ? <>, <PersonLink person={node.speaker} /></> : null}
                    </p>
                    <Sources sources={node.sources} />
                  </>
                ) : null}
              </li>
            ))}
          </ol>
        </>
      ) : null}
    </Page>
  );
}
