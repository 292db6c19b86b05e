import { useQueries, useMutation } from "@tanstack/react-query";
import { api, asAppError } from "../api";
import { useSession } from "../session";
import { ErrorState } from "./States";
import { CopyId } from "./CopyId";

/** How to log in to each instance that uses a key pair: a ready ssh command. */
export function SshPanel({ keyName, region, instances, onClose }: { keyName: string; region: string; instances: string[]; onClose: () => void }) {
  const s = useSession();
  const advice = useQueries({
    queries: instances.map((id) => ({ queryKey: ["ssh", s.profile, region, id], queryFn: () => api.sshCommand(s.profile, region, id) })),
  });
  const save = useMutation({
    mutationFn: (name: string) => api.saveKeyForSsh(name),
    onSuccess: () => advice.forEach((a) => void a.refetch()),
  });
  return (
    <div className="panel" data-testid="ssh-panel">
      <h2>Connect with “{keyName}”</h2>
      {advice.map((q, i) => (
        <div key={instances[i]} className="ssh-item" data-testid="ssh-item">
          <h3>
            {q.data?.instance_name ?? "Instance"} <span className="mono-soft">{instances[i]}</span>
            {q.data && <span className="muted"> · {q.data.state}{q.data.host ? ` · ${q.data.host}` : ""}</span>}
          </h3>
          {q.error && <ErrorState error={asAppError(q.error)} />}
          {q.data && (
            <>
              {q.data.command && (
                <p data-testid="ssh-command">
                  <CopyId value={q.data.command} label="ssh command" />
                </p>
              )}
              {q.data.needs_saved_key && q.data.vault_name && (
                <p>
                  ssh reads keys from files. Save a copy readable only by you as ~/.ssh/{q.data.vault_name}:{" "}
                  <button type="button" className="button" data-testid="save-for-ssh" onClick={() => save.mutate(q.data!.vault_name!)} disabled={save.isPending}>
                    Save key for SSH
                  </button>
                </p>
              )}
              {!q.data.windows && <p className="muted">User {q.data.user} is the default for this AMI's operating system.</p>}
              {q.data.notes.map((n) => (
                <p key={n} className="warn-text">{n}</p>
              ))}
            </>
          )}
        </div>
      ))}
      {save.error && <ErrorState error={asAppError(save.error)} />}
      <button type="button" className="button" onClick={onClose}>Close</button>
    </div>
  );
}
