import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { api, asAppError } from "../api";
import type { ImageScope, ImageSummary } from "../bindings";
import { useSession } from "../session";
import { PageHeader } from "../components/PageHeader";
import { CopyId } from "../components/CopyId";
import { EmptyState, ErrorState } from "../components/States";
import { DataTable } from "../components/DataTable";

const TABS: { scope: ImageScope; label: string; empty: string }[] = [
  { scope: "mine", label: "My AMIs", empty: "You have no AMIs here yet. Launch an instance, configure it, and make an image of it: that is your golden image." },
  { scope: "amazon", label: "AWS-provided", empty: "No AWS-provided images in this region." },
  { scope: "marketplace", label: "Marketplace", empty: "No Marketplace images in this region." },
  { scope: "shared", label: "Shared with me", empty: "Nobody has shared an AMI with this account in this region." },
];

function owner(i: ImageSummary): string {
  if (i.owner_alias === "amazon") return "Amazon";
  if (i.owner_alias === "aws-marketplace") return "Marketplace";
  return i.owner_id;
}

export function AmisPage() {
  const s = useSession();
  const [scope, setScope] = useState<ImageScope>("mine");
  // AMIs are regional: an all-regions view would mean one catalogue per region.
  const q = useQuery({
    queryKey: ["images", s.profile, s.region, scope],
    queryFn: () => api.listImages(s.profile, s.region, scope),
  });
  const tab = TABS.find((t) => t.scope === scope)!;
  return (
    <section aria-labelledby="amis-title">
      <PageHeader id="amis-title" title="AMIs">
        Amazon Machine Images in <strong>{s.region}</strong>: the templates every instance starts from. An AMI is
        regional; copying it to another region makes a new AMI with a new id.
      </PageHeader>
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
      {q.error ? (
        <ErrorState error={asAppError(q.error)} onRetry={() => void q.refetch()} />
      ) : q.data && q.data.images.length === 0 ? (
        <EmptyState title={`${tab.label}: none in ${s.region}`}>
          <p>{tab.empty}</p>
        </EmptyState>
      ) : (
        <>
          <DataTable testid="images-table" headers={["Name", "ID", "Owner", "Architecture", "Platform", "State", "Created"]} loading={q.isLoading || !q.data}>
            {q.data?.images.map((i) => (
              <tr key={i.image_id} data-testid="image-row" data-name={i.name}>
                <td className="name image-name" title={i.description ?? i.name}>{i.name}</td>
                <td><CopyId value={i.image_id} label="image id" /></td>
                <td>{owner(i)}</td>
                <td>{i.architecture}</td>
                <td>{i.platform_details ?? (i.platform === "windows" ? "Windows" : "Linux/UNIX")}</td>
                <td>
                  <span className={`pill state-${i.state}`}>{i.state}</span>
                  {i.deprecation_time && <span className="pill state-deprecated" title={i.deprecation_time}>deprecated</span>}
                </td>
                <td>{i.created ? new Date(i.created).toLocaleDateString(undefined, { year: "numeric", month: "short", day: "numeric" }) : "—"}</td>
              </tr>
            ))}
          </DataTable>
          {q.data && (
            <p className="footnote">
              {q.data.images.length} image{q.data.images.length === 1 ? "" : "s"}
              {q.data.truncated ? " (the first ones only; narrow the search to see more)" : ""}
            </p>
          )}
        </>
      )}
    </section>
  );
}
