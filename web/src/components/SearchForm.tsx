import { type FormEvent, useEffect, useId, useState } from "react";
import { navigate, paths } from "../router.tsx";

export function SearchForm({ initial, compact = false }: { initial: string; compact?: boolean }) {
  const id = useId();
  const [value, setValue] = useState(initial);
  useEffect(() => setValue(initial), [initial]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (value.trim()) navigate(paths.search(value.trim()));
  };
  return (
    <form role="search" className={compact ? "search search-compact" : "search"} onSubmit={submit}>
      <label htmlFor={`${id}-q`} className={compact ? "visually-hidden" : undefined}>
        Search people, summits, meetings, incidents and statements
      </label>
      <div className="search-row">
        <input id={`${id}-q`} type="search" name="q" value={value} onChange={(e) => setValue(e.target.value)} placeholder="e.g. Qingdao defence" />
        <button type="submit">Search</button>
      </div>
    </form>
  );
}
