import { SearchForm } from "./components/SearchForm.tsx";
import { Country } from "./pages/Country.tsx";
import { Engagement } from "./pages/Engagement.tsx";
import { Incident } from "./pages/Incident.tsx";
import { Organisation } from "./pages/Organisation.tsx";
import { Overview } from "./pages/Overview.tsx";
import { Person } from "./pages/Person.tsx";
import { Search } from "./pages/Search.tsx";
import { Summit } from "./pages/Summit.tsx";
import { Page } from "./components/Page.tsx";
import { Link, matchRoute, useLocation } from "./router.tsx";

function Content() {
  const { path, params } = useLocation();
  const route = matchRoute(path);
  const asOf = params.get("asOf") || null;
  switch (route.page) {
    case "overview":
      return <Overview />;
    case "organisation":
      return <Organisation key={route.acronym} acronym={route.acronym} asOf={asOf} />;
    case "country":
      return <Country key={route.code} code={route.code} asOf={asOf} />;
    case "summit":
      return <Summit key={route.slug} slug={route.slug} />;
    case "person":
      return <Person key={route.slug} slug={route.slug} />;
    case "engagement":
      return <Engagement key={route.slug} slug={route.slug} />;
    case "incident":
      return <Incident key={route.slug} slug={route.slug} />;
    case "search":
      return <Search q={params.get("q")?.trim() ?? ""} />;
    default:
      return (
        <Page title="Page not found" fetching={false}>
          <p>
            There is no page at {path}. Start from the <Link to="/">overview</Link>.
          </p>
        </Page>
      );
  }
}

export function App() {
  const { path } = useLocation();
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="site-header">
        <Link to="/" className="brand">
          Summitry <span>explorer</span>
        </Link>
        {path !== "/" && path !== "/search" ? <SearchForm initial="" compact /> : null}
        <nav aria-label="Service">
          <a href="/graphql">GraphiQL</a>
        </nav>
      </header>
      <main id="main" tabIndex={-1}>
        <Content />
      </main>
      <footer className="site-footer">
        <p>
          Every page is built from the service's own typed GraphQL operations. Partial dates are shown as far as they are known.
        </p>
      </footer>
    </>
  );
}
