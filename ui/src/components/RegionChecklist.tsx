import { useQuery } from "@tanstack/react-query";
import { api } from "../api";
import { useSession } from "../session";

/** Checkboxes for the enabled regions (the same query as the top bar's picker). */
export function RegionChecklist({
  legend,
  selected,
  onChange,
  exclude,
  testid,
}: {
  legend: string;
  selected: string[];
  onChange: (regions: string[]) => void;
  /** A region not to offer (e.g. the one a copy comes from). */
  exclude?: string;
  testid?: string;
}) {
  const s = useSession();
  const regions = useQuery({ queryKey: ["regions", s.profile, s.region], queryFn: () => api.listRegions(s.profile, s.region) });
  const names = (regions.data?.map((r) => r.name) ?? [s.region]).filter((r) => r !== exclude);
  const toggle = (r: string) => onChange(selected.includes(r) ? selected.filter((x) => x !== r) : [...selected, r]);
  return (
    <fieldset className="field">
      <legend>{legend}</legend>
      <div className="region-grid" data-testid={testid}>
        {names.map((r) => (
          <label key={r} className="radio">
            <input type="checkbox" checked={selected.includes(r)} onChange={() => toggle(r)} /> {r}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
