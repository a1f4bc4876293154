// The countries a country has engaged with: one node per counterpart around it, one edge per
// status, its width the number of engagements and its colour (and dash) the status. Each node
// links to that country's page.
import { label } from "../format.ts";
import { navigate, paths } from "../router.tsx";
import { ENGAGEMENT_COLOURS } from "./Status.tsx";
import { useWidth } from "./useWidth.ts";

export interface CounterpartGroup {
  country?: { code: string; name: string } | null;
  status?: string | null;
  count: number;
}

export interface Counterpart {
  code: string;
  name: string;
  total: number;
  byStatus: { status: string; count: number }[];
}

const STATUS_ORDER = ["HELD", "SCHEDULED", "SPECULATED", "CANCELLED", "DID_NOT_HAPPEN", "DENIED"];

/** Counterparts of `code` from engagementStats grouped by COUNTRY and STATUS (the country itself left out). */
export function counterparts(code: string, groups: readonly CounterpartGroup[]): Counterpart[] {
  const map = new Map<string, Counterpart>();
  for (const g of groups) {
    if (!g.country || g.country.code === code || !g.status) continue;
    const c = map.get(g.country.code) ?? { code: g.country.code, name: g.country.name, total: 0, byStatus: [] };
    c.total += g.count;
    c.byStatus.push({ status: g.status, count: g.count });
    map.set(c.code, c);
  }
  for (const c of map.values()) c.byStatus.sort((a, b) => STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status));
  return [...map.values()].sort((a, b) => b.total - a.total || a.name.localeCompare(b.name));
}

export function CounterpartGraph({ centre, items }: { centre: { code: string; name: string }; items: readonly Counterpart[] }) {
  const [ref, width] = useWidth<HTMLDivElement>();
  const height = Math.min(420, Math.max(260, width * 0.6));
  const cx = width / 2;
  const cy = height / 2;
  const radius = Math.min(cx, cy) - 46;
  const max = Math.max(1, ...items.flatMap((c) => c.byStatus.map((s) => s.count)));
  const stroke = (count: number) => 2 + (count / max) * 8;
  const statuses = [...new Set(items.flatMap((c) => c.byStatus.map((s) => s.status)))];
  return (
    <figure className="chart" ref={ref}>
      <svg width={width} height={height} role="group" aria-labelledby="counterparts-title" data-testid="counterpart-graph">
        <title id="counterparts-title">{`Countries ${centre.name} has engaged with`}</title>
        {items.map((c, i) => {
          const angle = -Math.PI / 2 + (i * 2 * Math.PI) / Math.max(1, items.length);
          const nx = cx + radius * Math.cos(angle);
          const ny = cy + radius * Math.sin(angle);
          // Parallel curves, one per status, bowed apart so each stays visible.
          const mx = (cx + nx) / 2;
          const my = (cy + ny) / 2;
          const px = -Math.sin(angle);
          const py = Math.cos(angle);
          return (
            <g key={c.code} className="edge-group">
              {c.byStatus.map((s, j) => {
                const offset = (j - (c.byStatus.length - 1) / 2) * 18;
                return (
                  <path
                    key={s.status}
                    d={`M${cx},${cy} Q${mx + px * offset},${my + py * offset} ${nx},${ny}`}
                    fill="none"
                    stroke={ENGAGEMENT_COLOURS[s.status] ?? "#555"}
                    strokeWidth={stroke(s.count)}
                    strokeDasharray={s.status === "HELD" ? undefined : "6 4"}
                    strokeLinecap="round"
                    data-status={s.status}
                    data-count={s.count}
                  >
                    <title>{`${centre.name} – ${c.name}: ${s.count} ${label(s.status)}`}</title>
                  </path>
                );
              })}
            </g>
          );
        })}
        <g className="node node-centre" aria-hidden="true">
          <circle cx={cx} cy={cy} r={24} />
          <text x={cx} y={cy + 5} textAnchor="middle">
            {centre.code}
          </text>
        </g>
        {items.map((c, i) => {
          const angle = -Math.PI / 2 + (i * 2 * Math.PI) / Math.max(1, items.length);
          const nx = cx + radius * Math.cos(angle);
          const ny = cy + radius * Math.sin(angle);
          const below = Math.sin(angle) > 0.3;
          const href = paths.country(c.code);
          return (
            <a
              key={c.code}
              href={href}
              className="node"
              data-label={`${c.name}: ${c.total} engagement${c.total === 1 ? "" : "s"}`}
              onClick={(e) => {
                if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
                e.preventDefault();
                navigate(href);
              }}
            >
              {/* An SVG link's <title> is its accessible name; it contains the visible name. */}
              <title>{`${c.name}: ${c.total} engagement${c.total === 1 ? "" : "s"}`}</title>
              <circle cx={nx} cy={ny} r={20} />
              <text x={nx} y={ny + 5} textAnchor="middle" className="node-code" aria-hidden="true">
                {c.code}
              </text>
              <text x={nx} y={below ? ny + 38 : ny - 28} textAnchor="middle" className="node-name">
                {c.name}
              </text>
            </a>
          );
        })}
      </svg>
      <figcaption>
        <ul className="legend">
          {statuses.map((s) => (
            <li key={s}>
              <span className={`swatch swatch-line${s === "HELD" ? "" : " swatch-dashed"}`} style={{ borderColor: ENGAGEMENT_COLOURS[s] ?? "#555" }} aria-hidden="true" />
              {label(s)}
            </li>
          ))}
          <li>line width: number of engagements</li>
        </ul>
      </figcaption>
    </figure>
  );
}
