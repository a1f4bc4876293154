// One row per country, one bar per status it held, coloured by status, on a time axis. A start or
// end known only to the year or month is drawn as a faded stretch over the days it may stand for.
import { scaleLinear } from "d3-scale";
import { endYear, formatPartialDate, formatRange, label, startYear } from "../format.ts";
import { MEMBERSHIP_COLOURS } from "./Status.tsx";
import { useWidth } from "./useWidth.ts";

export interface ChartMembership {
  status: string;
  from?: string | null;
  to?: string | null;
  attested?: string | null;
  certainty?: string | null;
  country: { code: string; name: string };
}

const ROW = 26;
const BAR = 14;
const AXIS = 28;

function nowYear() {
  const d = new Date();
  return d.getUTCFullYear() + d.getUTCMonth() / 12 + (d.getUTCDate() - 1) / 365;
}

export function MembershipChart({ memberships, asOf, title }: { memberships: readonly ChartMembership[]; asOf: string | null; title: string }) {
  const [ref, width] = useWidth<HTMLDivElement>();
  const now = nowYear();
  const rows = new Map<string, { name: string; code: string; items: ChartMembership[]; first: number }>();
  for (const m of memberships) {
    const row = rows.get(m.country.code) ?? { name: m.country.name, code: m.country.code, items: [], first: Infinity };
    row.items.push(m);
    const at = m.from ? startYear(m.from) : m.attested ? startYear(m.attested) : Infinity;
    row.first = Math.min(row.first, at);
    rows.set(m.country.code, row);
  }
  const ordered = [...rows.values()].sort((a, b) => a.first - b.first || a.name.localeCompare(b.name));
  const known = memberships.flatMap((m) => [m.from, m.to, m.attested].filter((d): d is string => !!d));
  const minYear = Math.floor(Math.min(now - 1, ...known.map(startYear), ...(asOf ? [startYear(asOf)] : [])));
  const maxYear = Math.ceil(Math.max(now, ...(asOf ? [endYear(asOf)] : [])));
  const labelWidth = width < 480 ? 92 : 150;
  const height = AXIS + ordered.length * ROW + 6;
  const x = scaleLinear().domain([minYear, maxYear]).range([labelWidth, width - 12]);
  const ticks = x.ticks(Math.max(2, Math.floor((width - labelWidth) / 70))).filter(Number.isInteger);
  const statuses = [...new Set(memberships.map((m) => m.status))];

  const summary = ordered
    .map((r) => `${r.name}: ${r.items.map((m) => `${label(m.status)} ${formatRange(m.from, m.to)}`).join(", ")}`)
    .join("; ");

  return (
    <figure className="chart" ref={ref}>
      {ordered.length === 0 ? (
        <p className="empty">No membership in effect{asOf ? ` in ${formatPartialDate(asOf)}` : ""}.</p>
      ) : (
        <svg width={width} height={height} role="img" aria-labelledby="membership-chart-title membership-chart-desc" data-testid="membership-chart">
          <title id="membership-chart-title">{title}</title>
          <desc id="membership-chart-desc">{summary}</desc>
          <g className="axis" aria-hidden="true">
            {ticks.map((t) => (
              <g key={t} transform={`translate(${x(t)},0)`}>
                <line y1={AXIS - 6} y2={height} className="gridline" />
                <text y={AXIS - 10} textAnchor="middle">
                  {t}
                </text>
              </g>
            ))}
          </g>
          {asOf ? (
            <g className="asof-marker" aria-hidden="true">
              <rect x={x(startYear(asOf))} width={Math.max(2, x(endYear(asOf)) - x(startYear(asOf)))} y={AXIS - 6} height={height - AXIS + 6} />
            </g>
          ) : null}
          {ordered.map((row, i) => {
            const y = AXIS + i * ROW;
            return (
              <g key={row.code} className="chart-row" data-country={row.code}>
                <text x={labelWidth - 8} y={y + ROW / 2 + 4} textAnchor="end" className="row-label">
                  {row.name}
                </text>
                {row.items.map((m, j) => {
                  const colour = MEMBERSHIP_COLOURS[m.status] ?? "#555";
                  const tip = `${row.name}: ${label(m.status)}, ${m.from || m.to ? formatRange(m.from, m.to) : m.attested ? `attested ${formatPartialDate(m.attested)}` : "dates unknown"}${m.certainty === "POSSIBLE" ? " (possibly in effect)" : m.certainty === "PRESUMED" ? " (presumed in effect)" : ""}`;
                  const barY = y + (ROW - BAR) / 2;
                  if (!m.from) {
                    // Start unknown: a hollow mark where a source shows it held (or at today).
                    const at = m.attested ? startYear(m.attested) : Math.min(now, maxYear);
                    return (
                      <g key={j} data-status={m.status}>
                        <title>{tip}</title>
                        <circle cx={x(at)} cy={y + ROW / 2} r={BAR / 2 - 1} fill="#fff" stroke={colour} strokeWidth={2.5} strokeDasharray={m.attested ? undefined : "3 2"} />
                      </g>
                    );
                  }
                  const start = startYear(m.from);
                  const startKnown = endYear(m.from);
                  const end = m.to ? endYear(m.to) : now;
                  const endKnown = m.to ? startYear(m.to) : now;
                  const solidFrom = Math.min(startKnown, end);
                  const solidTo = Math.max(solidFrom, endKnown);
                  return (
                    <g key={j} data-status={m.status} opacity={m.certainty === "POSSIBLE" || m.certainty === "PRESUMED" ? 0.55 : 1}>
                      <title>{tip}</title>
                      {solidFrom > start ? <rect x={x(start)} y={barY} width={x(solidFrom) - x(start)} height={BAR} fill={colour} opacity={0.35} /> : null}
                      <rect x={x(solidFrom)} y={barY} width={Math.max(2, x(solidTo) - x(solidFrom))} height={BAR} fill={colour} />
                      {end > solidTo ? <rect x={x(solidTo)} y={barY} width={x(end) - x(solidTo)} height={BAR} fill={colour} opacity={0.35} /> : null}
                    </g>
                  );
                })}
              </g>
            );
          })}
        </svg>
      )}
      <figcaption>
        <ul className="legend">
          {statuses.map((s) => (
            <li key={s}>
              <span className="swatch" style={{ background: MEMBERSHIP_COLOURS[s] ?? "#555" }} aria-hidden="true" />
              {label(s)}
            </li>
          ))}
          <li>
            <span className="swatch swatch-faded" aria-hidden="true" />
            date known only to the year or month
          </li>
          <li>
            <span className="swatch swatch-hollow" aria-hidden="true" />
            start unknown
          </li>
        </ul>
      </figcaption>
    </figure>
  );
}
