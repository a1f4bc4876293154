import { type FormEvent, useEffect, useId, useState } from "react";
import { formatPartialDate, isPartialDate } from "../format.ts";
import { navigate } from "../router.tsx";

/** The "as of" control: a partial date kept in the URL (?asOf=2017), sent as the API's asOf. */
export function AsOfControl({ path, asOf }: { path: string; asOf: string | null }) {
  const id = useId();
  const [value, setValue] = useState(asOf ?? "");
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => setValue(asOf ?? ""), [asOf]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const v = value.trim();
    if (v && !isPartialDate(v)) {
      setProblem("Use a year (2017), a month (2017-06) or a day (2017-06-09).");
      return;
    }
    setProblem(null);
    navigate(v ? `${path}?asOf=${encodeURIComponent(v)}` : path);
  };
  return (
    <form className="asof" onSubmit={submit} role="search" aria-label="As of a date">
      <label htmlFor={`${id}-asof`}>As of</label>
      <input
        id={`${id}-asof`}
        name="asOf"
        inputMode="numeric"
        placeholder="YYYY, YYYY-MM or YYYY-MM-DD"
        value={value}
        onChange={(e) => setValue(e.target.value)}
        aria-describedby={`${id}-asof-help`}
        aria-invalid={problem ? true : undefined}
      />
      <button type="submit">Show</button>
      {asOf ? (
        <button type="button" className="secondary" onClick={() => navigate(path)}>
          All dates
        </button>
      ) : null}
      <p id={`${id}-asof-help`} className={problem ? "error" : "help"} aria-live="polite">
        {problem ?? (asOf ? `Showing what was in effect in ${formatPartialDate(asOf)}.` : "Showing every date.")}
      </p>
    </form>
  );
}
