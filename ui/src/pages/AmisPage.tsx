import { useMemo, useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { api, asAppError } from "../api";
import type { ImageQuery, ImageScope, ImageSummary } from "../bindings";
import { useSession } from "../session";
import { useDebounced } from "../useDebounced";
import { PageHeader } from "../components/PageHeader";
import { EmptyState, ErrorState } from "../components/States";
import { ImageFilters, NO_FILTERS, type ImageSort } from "../components/ImageFilters";
import { ImageList } from "../components/ImageList";
import { ImageDetailPanel } from "../components/ImageDetailPanel";
import { CreateImageWizard } from "../components/CreateImageWizard";
import { RefreshIcon } from "../components/Icons";
import { plural } from "../format";
import { InfoButton } from "../learn/InfoButton";

const TABS: { scope: ImageScope; label: string; empty: string }[] = [
  { scope: "mine", label: "My AMIs", empty: "You have no AMIs here yet. Launch an instance, configure it, and make an image of it: that is your golden image." },
  { scope: "amazon", label: "AWS-provided", empty: "No AWS-provided images match in this region." },
  { scope: "marketplace", label: "Marketplace", empty: "No Marketplace images match in this region." },
  { scope: "shared", label: "Shared with me", empty: "Nobody has shared an AMI with this account in this region." },
  { scope: "public", label: "Public search", empty: "No public images match that name." },
];

/** The same rule as Rust's: a public search needs 3 characters besides the outer `*`s. */
function publicSearchReady(q: ImageQuery): boolean {
  return (q.name ?? "").replace(/^\*+|\*+$/g, "").length >= 3;
}

function sortImages(images: ImageSummary[], sort: ImageSort): ImageSummary[] {
  const sorted = [...images];
  if (sort === "name") sorted.sort((a, b) => a.name.localeCompare(b.name));
  // RFC 3339 strings in UTC sort as dates; undated images go last.
  else sorted.sort((a, b) => (b.created ?? "").localeCompare(a.created ?? ""));
  return sorted;
}

export function AmisPage() {
  const s = useSession();
  const [scope, setScope] = useState<ImageScope>("mine");
  const [query, setQuery] = useState<ImageQuery>(NO_FILTERS);
  const [sort, setSort] = useState<ImageSort>("name");
  const [selected, setSelected] = useState<string | null>(null);
  const [wizard, setWizard] = useState(false);
  const settled = useDebounced(query);
  const ready = scope !== "public" || publicSearchReady(settled);
  // AMIs are regional: an all-regions view would mean one catalogue per region.
  const q = useQuery({
    queryKey: ["images", s.profile, s.region, scope, settled],
    queryFn: () => api.listImages(s.profile, s.region, scope, settled),
    enabled: ready,
  });
  const images = useMemo(() => (q.data ? sortImages(q.data.images, sort) : []), [q.data, sort]);
  const tab = TABS.find((t) => t.scope === scope)!;

  return (
    <section aria-labelledby="amis-title">
      <PageHeader
        id="amis-title"
        title="AMIs"
        actions={
          <div className="row">
            <button type="button" className="button" onClick={() => void q.refetch()} disabled={q.isFetching || !ready}>
              <RefreshIcon /> {q.isFetching ? "Refreshing…" : "Refresh"}
            </button>
            <button type="button" className="button button-primary" data-testid="create-image" onClick={() => setWizard(true)}>
              Create AMI from instance…
            </button>
          </div>
        }
      >
        Amazon Machine Images in <strong>{s.region}</strong>: the templates every instance starts from. An AMI is
        regional; copying it to another region makes a new AMI with a new id.{" "}
        <InfoButton id="why-ami">Why AMIs</InfoButton> <InfoButton id="ami-kinds">Kinds of AMIs</InfoButton>{" "}
        <InfoButton id="trust">Trust</InfoButton>
      </PageHeader>
      {wizard && <CreateImageWizard onClose={() => setWizard(false)} />}
      <div className="tabs" role="tablist" aria-label="Catalogue">
        {TABS.map((t) => (
          <button
            key={t.scope}
            type="button"
            role="tab"
            aria-selected={t.scope === scope}
            className="tab"
            data-testid={`tab-${t.scope}`}
            onClick={() => setScope(t.scope)}
          >
            {t.label}
          </button>
        ))}
      </div>
      <ImageFilters query={query} onQuery={setQuery} sort={sort} onSort={setSort} />
      <div className={selected ? "catalogue with-detail" : "catalogue"}>
        <div className="catalogue-list">
          {!ready ? (
            <EmptyState title="Type a name to search public images">
              <p>
                There are tens of thousands of public AMIs, so a search needs a name of at least 3 characters. Wildcards
                work: <code>*ubuntu*24.04*</code>.
              </p>
            </EmptyState>
          ) : q.error ? (
            <ErrorState error={asAppError(q.error)} onRetry={() => void q.refetch()} />
          ) : q.isLoading || !q.data ? (
            <p className="muted" aria-busy="true" data-testid="loading">Loading images…</p>
          ) : images.length === 0 ? (
            <EmptyState title={`${tab.label}: none in ${s.region}`}>
              <p>{tab.empty}</p>
            </EmptyState>
          ) : (
            <>
              <ImageList images={images} selected={selected} onSelect={setSelected} />
              <p className="footnote">
                {plural(images.length, "image")}
                {q.data.truncated ? " (the first ones only; narrow the search to see more)" : ""}
              </p>
            </>
          )}
        </div>
        {selected && <ImageDetailPanel key={selected} imageId={selected} onClose={() => setSelected(null)} />}
      </div>
    </section>
  );
}
