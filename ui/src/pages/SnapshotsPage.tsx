import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, asAppError } from "../api";
import { useSession } from "../session";
import { PageHeader } from "../components/PageHeader";
import { DataTable } from "../components/DataTable";
import { EmptyState, ErrorState } from "../components/States";
import { CopyId } from "../components/CopyId";
import { RefreshIcon } from "../components/Icons";
import { formatDate, formatUsd, plural } from "../format";
import { InfoButton } from "../learn/InfoButton";

/** EBS snapshots of the region: what each costs, and the orphans no AMI uses any more. */
export function SnapshotsPage() {
  const s = useSession();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState<string | null>(null);
  const q = useQuery({ queryKey: ["snapshots", s.profile, s.region], queryFn: () => api.listSnapshots(s.profile, s.region) });
  const del = useMutation({
    mutationFn: (id: string) => api.deleteSnapshot(s.profile, s.region, id),
    onSuccess: () => {
      setConfirming(null);
      void queryClient.invalidateQueries({ queryKey: ["snapshots"] });
    },
  });
  const d = q.data;
  const orphans = d?.snapshots.filter((sn) => sn.orphan).length ?? 0;
  return (
    <section aria-labelledby="snapshots-title">
      <PageHeader
        id="snapshots-title"
        title="Snapshots"
        actions={
          <button type="button" className="button" onClick={() => void q.refetch()} disabled={q.isFetching}>
            <RefreshIcon /> {q.isFetching ? "Refreshing…" : "Refresh"}
          </button>
        }
      >
        Your EBS snapshots in <strong>{s.region}</strong>: the saved disks behind your AMIs. They cost money every month
        until deleted; an <em>orphan</em> was made for an AMI that is gone.{" "}
        <InfoButton id="ami-vs-snapshot">AMI or snapshot?</InfoButton>
      </PageHeader>
      {d && (
        <p className="banner banner-info" data-testid="snapshot-totals">
          {plural(d.snapshots.length, "snapshot")}
          {d.monthly_cost_usd !== null && <>, about <strong>{formatUsd(d.monthly_cost_usd)}</strong> per month</>}
          {orphans > 0 && d.orphan_monthly_cost_usd !== null && (
            <>; {plural(orphans, "orphan")} cost <strong>{formatUsd(d.orphan_monthly_cost_usd)}</strong> of that</>
          )}
          .
          {d.usd_per_gb_month !== null && (
            <span className="muted"> An upper-bound estimate at ${d.usd_per_gb_month} per GB-month, EBS standard (incremental snapshots usually cost less).</span>
          )}
        </p>
      )}
      {del.error && <ErrorState error={asAppError(del.error)} />}
      {q.error ? (
        <ErrorState error={asAppError(q.error)} onRetry={() => void q.refetch()} />
      ) : d && d.snapshots.length === 0 ? (
        <EmptyState title={`No snapshots in ${s.region}`}>
          <p>Creating an AMI makes one snapshot per volume. They appear here.</p>
        </EmptyState>
      ) : (
        <DataTable testid="snapshots-table" headers={["Snapshot", "Size", "State", "Encrypted", "Used by", "Started", "Per month", ""]} loading={q.isLoading || !d}>
          {d?.snapshots.map((sn) => (
            <tr key={sn.snapshot_id} data-testid="snapshot-row" data-id={sn.snapshot_id} className={sn.orphan ? "orphan" : undefined}>
              <td>
                <CopyId value={sn.snapshot_id} label="snapshot id" />
                {sn.description && <div className="muted ellipsis" title={sn.description}>{sn.description}</div>}
              </td>
              <td>{sn.volume_size_gib} GiB</td>
              <td>
                <span className={`pill state-${sn.state === "completed" ? "available" : sn.state}`}>{sn.state}</span>
                {sn.state === "pending" && <span className="muted"> {sn.progress}</span>}
              </td>
              <td>{sn.encrypted ? "Yes" : "No"}</td>
              <td>{sn.orphan ? <span className="pill pill-orphan" data-testid="orphan">Orphan: its AMI ({sn.made_for}) is gone</span> : sn.used_by.length > 0 ? sn.used_by.join(", ") : <span className="muted" title="Not made for an AMI: it may be a backup">No AMI (a backup?)</span>}</td>
              <td>{sn.started ? formatDate(sn.started) : "—"}</td>
              <td className={sn.orphan ? "warn-text" : undefined}>{sn.monthly_cost_usd === null ? "—" : formatUsd(sn.monthly_cost_usd)}</td>
              <td>
                {confirming === sn.snapshot_id ? (
                  <span className="row" data-testid="delete-snapshot-confirm">
                    <button type="button" className="button button-danger" data-testid="confirm-delete-snapshot" disabled={del.isPending} onClick={() => del.mutate(sn.snapshot_id)}>
                      {del.isPending ? "Deleting…" : "Delete for good"}
                    </button>
                    <button type="button" className="button" onClick={() => setConfirming(null)}>Keep</button>
                  </span>
                ) : (
                  <button
                    type="button"
                    className="link-button"
                    data-testid="delete-snapshot"
                    title={sn.orphan ? "Its AMI is gone: deleting it stops its cost." : sn.used_by.length > 0 ? "An AMI uses it: AWS refuses until that AMI is deregistered." : "Not made for an AMI: check it is not a backup you need."}
                    onClick={() => setConfirming(sn.snapshot_id)}
                  >
                    Delete…
                  </button>
                )}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </section>
  );
}
