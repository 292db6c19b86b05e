import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, asAppError } from "../api";
import type { Identity } from "../bindings";
import { useSession } from "../session";
import { ErrorState } from "../components/States";
import { PageHeader } from "../components/PageHeader";

export function SettingsPage({ identity }: { identity: Identity | null }) {
  const s = useSession();
  const profiles = useQuery({ queryKey: ["profiles"], queryFn: api.listProfiles });
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const reset = useMutation({
    mutationFn: api.resetPractice,
    onSuccess: () => {
      setConfirming(false);
      void queryClient.invalidateQueries();
    },
  });
  return (
    <section aria-labelledby="settings-title">
      <PageHeader id="settings-title" title="Settings">
        Where Amikey gets its credentials. It reads the same files as the AWS CLI.
      </PageHeader>
      <dl className="facts">
        <dt>Profile</dt>
        <dd>{identity?.practice ? "Practice mode" : (s.profile ?? "Default credential chain")}</dd>
        <dt>Region</dt>
        <dd><code>{s.region}</code></dd>
        <dt>Account</dt>
        <dd>{identity ? <code>{identity.account}</code> : "Not connected"}</dd>
        <dt>Identity</dt>
        <dd>{identity ? <code>{identity.arn}</code> : "—"}</dd>
        <dt>Endpoint</dt>
        <dd>
          {identity?.practice ? "The practice sandbox on this computer" : identity?.endpoint_url ? <code>{identity.endpoint_url}</code> : "AWS (standard endpoints)"}
        </dd>
      </dl>
      {identity?.practice && (
        <>
          <h2 className="section-title">Practice world</h2>
          <div className="card practice-card">
            <p>
              Everything you made in practice mode (key pairs, instances, images) lives on this computer. Resetting brings
              back the fresh world with its example images and key pairs.
            </p>
            {reset.error && <ErrorState error={asAppError(reset.error)} />}
            {reset.isSuccess && !confirming && <p className="ok-text" data-testid="reset-done">The practice world is fresh again.</p>}
            {confirming ? (
              <div className="row">
                <button type="button" className="button button-danger" data-testid="confirm-reset" onClick={() => reset.mutate()} disabled={reset.isPending}>
                  {reset.isPending ? "Resetting…" : "Yes, reset everything"}
                </button>
                <button type="button" className="button" onClick={() => setConfirming(false)}>Cancel</button>
              </div>
            ) : (
              <button type="button" className="button" data-testid="reset-practice" onClick={() => setConfirming(true)}>
                Reset practice world…
              </button>
            )}
          </div>
        </>
      )}
      <h2 className="section-title">Profiles in your AWS config</h2>
      {profiles.error ? (
        <ErrorState error={asAppError(profiles.error)} />
      ) : profiles.data && profiles.data.profiles.length === 0 ? (
        <p className="muted">No profiles in ~/.aws/config or ~/.aws/credentials.</p>
      ) : (
        <table className="table compact">
          <thead>
            <tr><th scope="col">Name</th><th scope="col">Credentials</th><th scope="col">Region</th></tr>
          </thead>
          <tbody>
            {profiles.data?.profiles.map((p) => (
              <tr key={p.name}>
                <td>{p.name}</td>
                <td>{p.kind.replace("_", " ")}</td>
                <td>{p.region ? <code>{p.region}</code> : <span className="muted">—</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
