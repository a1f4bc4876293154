// A small history-API router: the service answers every page route with index.html, and links
// between pages change the URL without reloading.
import { type AnchorHTMLAttributes, type MouseEvent, useEffect, useSyncExternalStore } from "react";

const listeners = new Set<() => void>();
function subscribe(listener: () => void) {
  listeners.add(listener);
  window.addEventListener("popstate", listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener("popstate", listener);
  };
}
if (typeof window !== "undefined") window.addEventListener("popstate", () => (focus.pending = true));
const snapshot = () => window.location.pathname + window.location.search;

/** Set by a client-side navigation: the next page moves focus to its heading. */
export const focus = { pending: false };

export function navigate(to: string, { replace = false } = {}) {
  if (to === snapshot()) return;
  focus.pending = true;
  if (replace) window.history.replaceState(null, "", to);
  else window.history.pushState(null, "", to);
  window.scrollTo(0, 0);
  for (const listener of listeners) listener();
}

export interface Location {
  path: string;
  params: URLSearchParams;
}

export function useLocation(): Location {
  const href = useSyncExternalStore(subscribe, snapshot);
  const url = new URL(href, window.location.origin);
  return { path: decodeURIComponent(url.pathname), params: url.searchParams };
}

export type Route =
  | { page: "overview" }
  | { page: "organisation"; acronym: string }
  | { page: "country"; code: string }
  | { page: "summit"; slug: string }
  | { page: "person"; slug: string }
  | { page: "engagement"; slug: string }
  | { page: "incident"; slug: string }
  | { page: "search" }
  | { page: "not-found" };

export function matchRoute(path: string): Route {
  if (path === "/" || path === "") return { page: "overview" };
  if (path === "/search") return { page: "search" };
  const m = /^\/(organisations|countries|summits|people|engagements|incidents)\/([^/]+)\/?$/.exec(path);
  if (!m) return { page: "not-found" };
  const value = m[2]!;
  switch (m[1]) {
    case "organisations":
      return { page: "organisation", acronym: value };
    case "countries":
      return { page: "country", code: value.toUpperCase() };
    case "summits":
      return { page: "summit", slug: value };
    case "people":
      return { page: "person", slug: value };
    case "engagements":
      return { page: "engagement", slug: value };
    default:
      return { page: "incident", slug: value };
  }
}

export function Link({ to, children, ...rest }: { to: string } & AnchorHTMLAttributes<HTMLAnchorElement>) {
  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    rest.onClick?.(event);
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(to);
  };
  return (
    <a href={to} {...rest} onClick={onClick}>
      {children}
    </a>
  );
}

/** Names the page for the browser and screen readers, and moves focus to its heading. */
export function usePageTitle(title: string | undefined) {
  useEffect(() => {
    if (!title) return;
    document.title = `${title} · Summitry explorer`;
  }, [title]);
}

export const paths = {
  organisation: (acronym: string) => `/organisations/${encodeURIComponent(acronym)}`,
  country: (code: string) => `/countries/${encodeURIComponent(code)}`,
  summit: (slug: string) => `/summits/${encodeURIComponent(slug)}`,
  person: (slug: string) => `/people/${encodeURIComponent(slug)}`,
  engagement: (slug: string) => `/engagements/${encodeURIComponent(slug)}`,
  incident: (slug: string) => `/incidents/${encodeURIComponent(slug)}`,
  search: (q: string) => `/search?q=${encodeURIComponent(q)}`,
};
