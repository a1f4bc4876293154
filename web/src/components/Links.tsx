import { Fragment, type ReactNode } from "react";
import { formatPartialDate, formatRange } from "../format.ts";
import { Link, paths } from "../router.tsx";

export function CountryLink({ country }: { country: { code: string; name: string } | null | undefined }) {
  if (!country) return null;
  return <Link to={paths.country(country.code)}>{country.name}</Link>;
}

export function PersonLink({ person }: { person: { slug: string; name: string } | null | undefined }) {
  if (!person) return null;
  return <Link to={paths.person(person.slug)}>{person.name}</Link>;
}

/** A partial date as what is known, machine-readable in <time> (which accepts "2018" and "2025-06"). */
export function DateText({ value }: { value: string | null | undefined }) {
  if (!value) return null;
  return <time dateTime={value}>{formatPartialDate(value)}</time>;
}

export function RangeText({ from, to, open }: { from?: string | null; to?: string | null; open?: string }) {
  return <span className="range">{formatRange(from, to, open ? { open } : undefined)}</span>;
}

/** Two or more items joined in prose: "India, Pakistan and China". */
export function joined(items: readonly ReactNode[]): ReactNode[] {
  return items.map((item, i) => (
    <Fragment key={i}>
      {i === 0 ? null : i === items.length - 1 ? " and " : ", "}
      {item}
    </Fragment>
  ));
}
