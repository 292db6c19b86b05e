import type { ImageQuery } from "../bindings";

export type ImageSort = "name" | "newest";

export const NO_FILTERS: ImageQuery = {
  name: null,
  architecture: null,
  platform: null,
  state: null,
  owner: null,
  include_deprecated: false,
  include_disabled: false,
};

const ARCHITECTURES = ["x86_64", "arm64", "i386", "x86_64_mac", "arm64_mac"];
const STATES = ["available", "pending", "failed", "disabled", "deregistered"];

/** The catalogue's filters (sent to EC2) and its sort order (applied here). */
export function ImageFilters({
  query,
  onQuery,
  sort,
  onSort,
}: {
  query: ImageQuery;
  onQuery: (q: ImageQuery) => void;
  sort: ImageSort;
  onSort: (s: ImageSort) => void;
}) {
  const set = (patch: Partial<ImageQuery>) => onQuery({ ...query, ...patch });
  // An emptied field means "no filter", not "match the empty string".
  const text = (v: string) => (v.trim() === "" ? null : v);
  return (
    <div className="filters" data-testid="image-filters">
      <label className="field">
        <span>Name</span>
        <input
          data-testid="filter-name"
          value={query.name ?? ""}
          onChange={(e) => set({ name: text(e.target.value) })}
          placeholder="e.g. al2023-ami-*"
          title="Wildcards: * matches anything, ? one character"
        />
      </label>
      <label className="field">
        <span>Architecture</span>
        <select data-testid="filter-arch" value={query.architecture ?? ""} onChange={(e) => set({ architecture: text(e.target.value) })}>
          <option value="">Any</option>
          {ARCHITECTURES.map((a) => (
            <option key={a} value={a}>{a}</option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>Platform</span>
        <select data-testid="filter-platform" value={query.platform ?? ""} onChange={(e) => set({ platform: text(e.target.value) })}>
          <option value="">Any</option>
          <option value="linux">Linux/UNIX</option>
          <option value="windows">Windows</option>
        </select>
      </label>
      <label className="field">
        <span>State</span>
        <select data-testid="filter-state" value={query.state ?? ""} onChange={(e) => set({ state: text(e.target.value) })}>
          <option value="">Any</option>
          {STATES.map((st) => (
            <option key={st} value={st}>{st}</option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>Owner account</span>
        <input data-testid="filter-owner" value={query.owner ?? ""} onChange={(e) => set({ owner: text(e.target.value) })} placeholder="12-digit id" />
      </label>
      <label className="field">
        <span>Sort by</span>
        <select data-testid="sort" value={sort} onChange={(e) => onSort(e.target.value as ImageSort)}>
          <option value="name">Name</option>
          <option value="newest">Newest first</option>
        </select>
      </label>
      <div className="filter-checks">
        <label className="radio" title="Deprecated images are hidden from listings after their deprecation date, but still launch.">
          <input type="checkbox" data-testid="filter-deprecated" checked={query.include_deprecated} onChange={(e) => set({ include_deprecated: e.target.checked })} /> Include deprecated
        </label>
        <label className="radio" title="Disabled images cannot be launched until their owner enables them.">
          <input type="checkbox" data-testid="filter-disabled" checked={query.include_disabled} onChange={(e) => set({ include_disabled: e.target.checked })} /> Include disabled
        </label>
      </div>
    </div>
  );
}
