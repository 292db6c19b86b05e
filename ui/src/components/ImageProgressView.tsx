import { useQuery } from "@tanstack/react-query";
import { api, asAppError } from "../api";
import { useSession } from "../session";
import { ErrorState } from "./States";

/** A new image's state and its snapshots' progress, checked every 2 s until it is done. */
export function ImageProgressView({ imageId }: { imageId: string }) {
  const s = useSession();
  const q = useQuery({
    queryKey: ["image-progress", s.profile, s.region, imageId],
    queryFn: () => api.imageProgress(s.profile, s.region, imageId),
    refetchInterval: (query) => (query.state.data?.done ? false : 2000),
  });
  const p = q.data;
  return (
    <div className="field-stack" data-testid="image-progress">
      <p>
        <code>{imageId}</code>:{" "}
        <span className={`pill state-${p?.state ?? "pending"}`} data-testid="progress-state">{p?.state ?? "pending"}</span>
        {p?.state_reason && <span className="muted"> ({p.state_reason})</span>}
      </p>
      {p && !p.done && <p className="muted">EC2 is copying the volumes into snapshots. Large disks take a while; you can close this and keep working, the progress stays in the tray.</p>}
      {p?.state === "available" && <p className="ok-text">Ready: you can launch instances from it.</p>}
      <ul className="plain">
        {p?.snapshots.map((sn) => (
          <li key={sn.snapshot_id}>
            <code>{sn.snapshot_id}</code> <progress max={100} value={parseFloat(sn.progress) || 0} aria-label={`${sn.snapshot_id} progress`} /> {sn.progress || "0%"} · {sn.state}
          </li>
        ))}
      </ul>
      {q.error && <ErrorState error={asAppError(q.error)} />}
    </div>
  );
}
