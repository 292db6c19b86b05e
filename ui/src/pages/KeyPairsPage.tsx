import { useState } from "react";
import { useMutation, useQuery } from "@tanstack/react-query";
import { api, asAppError } from "../api";
import type { KeyPair, LocalStatus } from "../bindings";
import { CreateKeyPanel } from "../components/CreateKeyPanel";
import { DeleteKeyPanel } from "../components/DeleteKeyPanel";
import { useSession } from "../session";
import { CopyId } from "../components/CopyId";
import { EmptyState, ErrorState } from "../components/States";
import { DataTable } from "../components/DataTable";
import { RefreshIcon } from "../components/Icons";
import { PageHeader } from "../components/PageHeader";

const TYPE_LABEL: Record<KeyPair["key_type"], string> = { rsa: "RSA", ed25519: "ED25519", unknown: "Unknown" };
const LOCAL_LABEL: Record<LocalStatus, string> = { in_vault: "In vault", not_on_this_machine: "Not on this machine" };
const LOCAL_HELP: Record<LocalStatus, string> = {
  in_vault: "The private key is in your OS keychain on this computer.",
  not_on_this_machine: "No private key for this key pair on this computer. If nobody has it, nobody can log in with it.",
};

export function KeyPairsPage() {
  const s = useSession();
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<{ name: string; region: string } | null>(null);
  const exporter = useMutation({ mutationFn: (k: { name: string; rsa: boolean }) => api.exportKey(k.name, k.rsa) });
  const q = useQuery({
    queryKey: ["key-pairs", s.profile, s.region, s.allRegions],
    queryFn: () => api.listKeyPairs(s.profile, s.region, s.allRegions),
  });
  const where = s.allRegions ? "all regions" : s.region;
  // The Tags column only when some key pair has tags: the row actions stay in view.
  const showTags = q.data?.key_pairs.some((k) => k.tags.length > 0) ?? false;

  return (
    <section aria-labelledby="keys-title">
      <PageHeader
        id="keys-title"
        title="Key pairs"
        actions={
          <div className="row">
            <button type="button" className="button" onClick={() => void q.refetch()} disabled={q.isFetching}>
              <RefreshIcon /> {q.isFetching ? "Refreshing…" : "Refresh"}
            </button>
            {!s.allRegions && (
              <button type="button" className="button button-primary" data-testid="create-key" onClick={() => setCreating(true)}>
                Create key pair
              </button>
            )}
          </div>
        }
      >
        The SSH keys EC2 knows about in <strong>{where}</strong>. AWS keeps the public half; the private half exists
        only where you saved it.
      </PageHeader>

      {q.data?.pending.map((i) => (
        <div key={`${i.region}/${i.name}`} className="banner banner-warn" role="alert" data-testid="pending-intent">
          Key pair “{i.name}” in {i.region} was being created when Amikey stopped ({i.started}); its private key may be
          lost. If it is not marked “In vault” below, delete it and create it again.
        </div>
      ))}
      {creating && <CreateKeyPanel onClose={() => setCreating(false)} />}
      {exporter.data && (
        <div className="banner banner-info" role="status" data-testid="export-done">
          Saved to <code>{exporter.data}</code>, readable by you only. Use it with <code>ssh -i {exporter.data} …</code>
        </div>
      )}
      {exporter.error && <ErrorState error={asAppError(exporter.error)} />}
      {deleting && <DeleteKeyPanel name={deleting.name} region={deleting.region} onClose={() => setDeleting(null)} />}
      {q.error ? (
        <ErrorState error={asAppError(q.error)} onRetry={() => void q.refetch()} />
      ) : q.data && q.data.key_pairs.length === 0 && q.data.failures.length === 0 ? (
        <EmptyState title={`No key pairs in ${where}`}>
          <p>
            Key pairs are regional: a key pair made in one region does not exist in another.
            {s.allRegions ? "" : " Try All regions to look everywhere at once."}
          </p>
          <p>To log in to a Linux instance over SSH you need one. Create it here and its private key goes straight into your keychain.</p>
        </EmptyState>
      ) : (
        <>
          {q.data && q.data.failures.length > 0 && (
            <div className="banner banner-warn" role="status" data-testid="region-failures">
              Could not list {q.data.failures.length} region{q.data.failures.length > 1 ? "s" : ""}:{" "}
              {q.data.failures.map((f) => `${f.region} (${f.error.message})`).join("; ")}
            </div>
          )}
          <DataTable
            testid="key-pairs-table"
            headers={[...(s.allRegions ? ["Region"] : []), "Name", "ID", "Type", "Private key", "Fingerprint", "Created", ...(showTags ? ["Tags"] : [])]}
            loading={q.isLoading || !q.data}
          >
            {q.data?.key_pairs.map((k) => (
              <tr key={`${k.region}/${k.key_pair_id}`} data-testid="key-pair-row" data-name={k.name}>
                {s.allRegions && <td className="mono-soft">{k.region}</td>}
                <td className="name">
                  {k.name}
                  <div className="actions">
                  {k.vault_name && (
                    <button
                      type="button"
                      className="link-button"
                      data-testid="export-key"
                      onClick={() => exporter.mutate({ name: k.vault_name!, rsa: k.key_type === "rsa" })}
                    >
                      Export…
                    </button>
                  )}
                  <button type="button" className="link-button" data-testid="delete-key" onClick={() => setDeleting({ name: k.name, region: k.region })}>
                    Delete…
                  </button>
                  </div>
                </td>
                <td><CopyId value={k.key_pair_id} label="key pair id" /></td>
                <td><span className={`pill pill-${k.key_type}`}>{TYPE_LABEL[k.key_type]}</span></td>
                <td>
                  <span className={`pill pill-${k.local_status}`} title={LOCAL_HELP[k.local_status]} data-testid="local-status">
                    {LOCAL_LABEL[k.local_status]}
                  </span>
                </td>
                <td className="fingerprint" title={k.fingerprint}><code>{k.fingerprint}</code></td>
                <td>{k.created ? <time dateTime={k.created} title={k.created}>{formatDate(k.created)}</time> : "—"}</td>
                {showTags && (
                  <td className="tags">
                    {k.tags.length === 0 ? (
                      <span className="muted">—</span>
                    ) : (
                      k.tags.map((t) => (
                        <span key={t.key} className="tag">{t.key}{t.value ? `=${t.value}` : ""}</span>
                      ))
                    )}
                  </td>
                )}
              </tr>
            ))}
          </DataTable>
          {q.data && q.data.local_only.length > 0 && (
            <p className="footnote" data-testid="local-only">
              In your vault but not on AWS here: {q.data.local_only.map((e) => e.name).join(", ")}.
            </p>
          )}
          {q.data && (
            <p className="footnote">
              {q.data.key_pairs.length} key pair{q.data.key_pairs.length === 1 ? "" : "s"} in {q.data.regions.length}{" "}
              region{q.data.regions.length === 1 ? "" : "s"}
            </p>
          )}
        </>
      )}
    </section>
  );
}

function formatDate(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime())
    ? iso
    : d.toLocaleDateString(undefined, { year: "numeric", month: "short", day: "numeric" });
}
