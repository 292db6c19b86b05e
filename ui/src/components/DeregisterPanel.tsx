import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, asAppError } from "../api";
import { useSession } from "../session";
import { formatUsd, plural } from "../format";
import { ErrorState } from "./States";
import { InfoButton } from "../learn/InfoButton";

/** Retire an image: what goes (snapshots and their cost), what stays, and who still uses it. */
export function DeregisterPanel({ imageId, onClose, onGone }: { imageId: string; onClose: () => void; onGone: () => void }) {
  const s = useSession();
  const queryClient = useQueryClient();
  const preview = useQuery({ queryKey: ["deregister-preview", s.profile, s.region, imageId], queryFn: () => api.deregisterPreview(s.profile, s.region, imageId) });
  const [deleteSnapshots, setDeleteSnapshots] = useState(true);
  const retire = useMutation({
    mutationFn: () => api.deregisterImage(s.profile, s.region, imageId, deleteSnapshots),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ["images"] });
      void queryClient.invalidateQueries({ queryKey: ["snapshots"] });
    },
  });
  const p = preview.data;

  if (retire.data) {
    return (
      <div className="panel" data-testid="deregister-result">
        <h2>{retire.data.image_id} is deregistered</h2>
        <p className="muted">Instances already running from it keep running.</p>
        <ul className="plain">
          {retire.data.snapshots.map((r) => (
            <li key={r.snapshot_id} className={r.result === "success" ? "ok-text" : "error-text"}>
              {r.snapshot_id}: {r.result === "success" ? "deleted" : r.result}
            </li>
          ))}
        </ul>
        <button type="button" className="button" onClick={onGone}>Done</button>
      </div>
    );
  }
  return (
    <div className="panel panel-danger" data-testid="deregister-panel">
      <h2>Deregister {p ? `“${p.name}”` : imageId}?</h2>
      <p className="muted">
        Nobody can launch it any more. This cannot be undone: a deregistered AMI cannot be restored. Deprecating or
        disabling it is gentler. <InfoButton id="retire" />
      </p>
      {preview.error && <ErrorState error={asAppError(preview.error)} />}
      {p && (
        <>
          {p.protected && (
            <p className="error-text" data-testid="deregister-protected">
              It has deregistration protection. Turn protection off first (with cooldown, AWS waits 24 hours).
            </p>
          )}
          {p.instances.length > 0 && (
            <p className="warn-text" data-testid="deregister-instances">
              {plural(p.instances.length, "instance")} still run from it ({p.instances.join(", ")}); they keep running.
            </p>
          )}
          {p.launch_templates.length > 0 && (
            <p className="warn-text" data-testid="deregister-templates">
              Used by launch template{p.launch_templates.length > 1 ? "s" : ""} {p.launch_templates.join(", ")}: launches from{" "}
              {p.launch_templates.length > 1 ? "them" : "it"} will fail.
            </p>
          )}
          <label className="radio">
            <input type="checkbox" data-testid="deregister-delete-snapshots" checked={deleteSnapshots} onChange={(e) => setDeleteSnapshots(e.target.checked)} /> Delete
            its snapshots too (otherwise they stay, and keep costing money)
          </label>
          {deleteSnapshots && p.deleted.length > 0 && (
            <div data-testid="deregister-deleted">
              <p>Snapshots that will be deleted:</p>
              <ul className="plain">
                {p.deleted.map((f) => (
                  <li key={f.snapshot_id}>
                    <code>{f.snapshot_id}</code> · {f.size_gib} GiB
                  </li>
                ))}
              </ul>
              {p.monthly_cost_freed_usd !== null && <p className="ok-text">Saves about {formatUsd(p.monthly_cost_freed_usd)} per month.</p>}
            </div>
          )}
          {p.kept.length > 0 && (
            <div data-testid="deregister-kept">
              <p>Kept, because other AMIs of yours use them:</p>
              <ul className="plain">
                {p.kept.map((f) => (
                  <li key={f.snapshot_id}>
                    <code>{f.snapshot_id}</code> · {f.size_gib} GiB · used by {f.kept_for.join(", ")}
                  </li>
                ))}
              </ul>
            </div>
          )}
        </>
      )}
      {retire.error && <ErrorState error={asAppError(retire.error)} />}
      <div className="row">
        <button type="button" className="button button-danger" data-testid="confirm-deregister" disabled={!p || p.protected || retire.isPending} onClick={() => retire.mutate()}>
          {retire.isPending ? "Deregistering…" : "Deregister"}
        </button>
        <button type="button" className="button" onClick={onClose}>Cancel</button>
      </div>
    </div>
  );
}
