import { useQuery } from "@tanstack/react-query";
import { api, asAppError } from "../api";
import type { Identity } from "../bindings";
import { useSession } from "../session";
import { ErrorState } from "../components/States";
import { PageHeader } from "../components/PageHeader";

export function SettingsPage({ identity }: { identity: Identity | null }) {
  const s = useSession();
  const profiles = useQuery({ queryKey: ["profiles"], queryFn: api.listProfiles });
  return (
    <section aria-labelledby="settings-title">
      <PageHeader id="settings-title" title="Settings">
        Where Amikey gets its credentials. It reads the same files as the AWS CLI.
      </PageHeader>
      <dl className="facts">
        <dt>Profile</dt>
        <dd>{s.profile ?? "Default credential chain"}</dd>
        <dt>Region</dt>
        <dd><code>{s.region}</code></dd>
        <dt>Account</dt>
        <dd>{identity ? <code>{identity.account}</code> : "Not connected"}</dd>
        <dt>Identity</dt>
        <dd>{identity ? <code>{identity.arn}</code> : "—"}</dd>
        <dt>Endpoint</dt>
        <dd>{identity?.endpoint_url ? <code>{identity.endpoint_url}</code> : "AWS (standard endpoints)"}</dd>
      </dl>
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
