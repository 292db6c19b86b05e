import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, asAppError, type AppError } from "../api";
import type { ImageProgress, TrackedImage } from "../bindings";

interface Followed {
  tracked: TrackedImage;
  progress: ImageProgress | null;
  error: AppError | null;
}

/** Images being created or copied, from Rust's saved list: it survives page changes and
 *  restarts. Checked every 3 s while any is still pending; a finished one shows a banner
 *  until the user dismisses it, and only then is it forgotten. */
export function ProgressTray() {
  const queryClient = useQueryClient();
  const q = useQuery({
    queryKey: ["tracked-progress"],
    queryFn: async (): Promise<Followed[]> => {
      const tracked = await api.trackedImages();
      return Promise.all(
        tracked.map((t) =>
          api.imageProgress(t.profile, t.region, t.image_id).then(
            (progress) => ({ tracked: t, progress, error: null }),
            (e: unknown) => ({ tracked: t, progress: null, error: asAppError(e) }),
          ),
        ),
      );
    },
    // Poll while something is still in progress; an item whose check fails (expired
    // credentials, a disabled region) does not keep the tray polling.
    refetchInterval: (query) => (query.state.data?.some((f) => !f.error && !f.progress?.done) ? 3000 : false),
  });
  const dismiss = useMutation({
    mutationFn: (t: TrackedImage) => api.untrackImage(t.image_id, t.region),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: ["tracked-progress"] }),
  });
  const items = q.data ?? [];
  if (items.length === 0) return null;
  const running = items.filter((f) => !f.progress?.done);
  const finished = items.filter((f) => f.progress?.done);
  return (
    <div className="tray" data-testid="progress-tray">
      {finished.map(({ tracked: t, progress: p }) => (
        <div key={`${t.region}/${t.image_id}`} className={`banner ${p!.state === "available" ? "banner-info" : "banner-warn"}`} role="status" data-testid="image-done">
          {t.action === "copy" ? "Copy" : "AMI"} “{p!.name}” ({t.image_id}, {t.region}) is <strong>{p!.state}</strong>
          {p!.state_reason ? `: ${p!.state_reason}` : "."}{" "}
          <button type="button" className="link-button" data-testid="image-done-dismiss" onClick={() => dismiss.mutate(t)}>
            Dismiss
          </button>
        </div>
      ))}
      {running.length > 0 && (
        <ul className="tray-list" aria-label="Images in progress">
          {running.map(({ tracked: t, progress: p, error }) => (
            <li key={`${t.region}/${t.image_id}`} data-testid="tray-item">
              {t.action === "copy" ? "Copying" : "Creating"} {p?.name ?? t.image_id} <span className="mono-soft">{t.region}</span>:{" "}
              {error ? (
                <>
                  <span className="error-text">{error.message}</span>{" "}
                  <button type="button" className="link-button" onClick={() => dismiss.mutate(t)}>
                    Stop following
                  </button>
                </>
              ) : (
                <>{p?.state === "not_found" ? "waiting for EC2 to list it" : (p?.state ?? "…")} {snapshotPercent(p)}</>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** The slowest snapshot decides when the image is ready. */
function snapshotPercent(p: ImageProgress | null): string {
  if (!p || p.snapshots.length === 0) return "";
  const lowest = Math.min(...p.snapshots.map((s) => parseFloat(s.progress) || 0));
  return `· snapshots ${lowest}%`;
}
