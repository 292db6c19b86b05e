import { useEffect, useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { getCurrentWebview } from "@tauri-apps/api/webview";
import { api, asAppError } from "../api";
import type { KeyPair, LocalStatus } from "../bindings";
import { CreateKeyPanel } from "../components/CreateKeyPanel";
import { DeleteKeyPanel } from "../components/DeleteKeyPanel";
import { ImportPrivateKey, ImportPublicKey } from "../components/ImportKeyPanel";
import { ScanPanel } from "../components/ScanPanel";
import { SshPanel } from "../components/SshPanel";
import { useSession } from "../session";
import { CopyId } from "../components/CopyId";
import { EmptyState, ErrorState } from "../components/States";
import { DataTable } from "../components/DataTable";
import { RefreshIcon } from "../components/Icons";
import { PageHeader } from "../components/PageHeader";
import { formatDate } from "../format";
import { InfoButton } from "../learn/InfoButton";

const TYPE_LABEL: Record<KeyPair["key_type"], string> = { rsa: "RSA", ed25519: "ED25519", unknown: "Unknown" };
const LOCAL_LABEL: Record<LocalStatus, string> = { in_vault: "In vault", not_on_this_machine: "Not on this machine" };
const LOCAL_HELP: Record<LocalStatus, string> = {
  in_vault: "The private key is in your OS keychain on this computer.",
  not_on_this_machine: "No private key for this key pair on this computer. If nobody has it, nobody can log in with it.",
};

type Panel =
  | { kind: "create" }
  | { kind: "scan" }
  | { kind: "import-private"; path: string }
  | { kind: "import-public"; path: string }
  | { kind: "delete"; name: string; region: string }
  | { kind: "ssh"; name: string; region: string; instances: string[] };

/** Files dropped on the window: the web view learns only their paths. */
function useDroppedFiles(onDrop: (paths: string[]) => void) {
  useEffect(() => {
    let stop: (() => void) | undefined;
    let live = true;
    getCurrentWebview()
      .onDragDropEvent((e) => {
        if (e.payload.type === "drop" && e.payload.paths.length > 0) onDrop(e.payload.paths);
      })
      .then((un) => (live ? (stop = un) : un()))
      .catch(() => undefined);
    return () => {
      live = false;
      stop?.();
    };
  }, [onDrop]);
}

export function KeyPairsPage() {
  const s = useSession();
  const queryClient = useQueryClient();
  const [panel, setPanel] = useState<Panel | null>(null);
  const close = () => setPanel(null);
  const refresh = () => void queryClient.invalidateQueries({ queryKey: ["key-pairs"] });
  const exporter = useMutation({ mutationFn: (k: { name: string; rsa: boolean }) => api.exportKey(k.name, k.rsa) });
  const sshSave = useMutation({ mutationFn: (name: string) => api.saveKeyForSsh(name), onSuccess: refresh });
  const retry = useMutation({ mutationFn: (name: string) => api.importPublicKey(s.profile, [s.region], name), onSettled: refresh });
  const dismiss = useMutation({ mutationFn: (i: { name: string; region: string }) => api.dismissPendingKey(i.name, i.region), onSettled: refresh });
  const forget = useMutation({ mutationFn: (name: string) => api.deleteKey(s.profile, s.region, name, false, true), onSettled: refresh });
  const pick = async (purpose: "private_key" | "public_key") => {
    const path = await api.pickPath(purpose);
    if (path) setPanel(purpose === "private_key" ? { kind: "import-private", path } : { kind: "import-public", path });
  };
  useDroppedFiles((paths) => setPanel(paths[0].endsWith(".pub") ? { kind: "import-public", path: paths[0] } : { kind: "import-private", path: paths[0] }));
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
            <button type="button" className="button" data-testid="scan-keys" onClick={() => setPanel({ kind: "scan" })}>
              Find loose keys…
            </button>
            <button type="button" className="button" data-testid="import-key-file" onClick={() => void pick("private_key")}>
              Import key file…
            </button>
            {!s.allRegions && (
              <button type="button" className="button" data-testid="import-public-file" onClick={() => void pick("public_key")}>
                Import .pub…
              </button>
            )}
            {!s.allRegions && (
              <button type="button" className="button button-primary" data-testid="create-key" onClick={() => setPanel({ kind: "create" })}>
                Create key pair
              </button>
            )}
          </div>
        }
      >
        The SSH keys EC2 knows about in <strong>{where}</strong>. AWS keeps the public half; the private half exists
        only where you saved it. Drop a key file on the window to move it into your vault.{" "}
        <InfoButton id="key-pair">Key pairs</InfoButton> <InfoButton id="regions">Regions</InfoButton>
      </PageHeader>

      {q.data?.pending.map((i) => (
        <div key={`${i.region}/${i.name}`} className="banner banner-warn" role="alert" data-testid="pending-intent">
          Key pair “{i.name}” in {i.region} was being created on AWS when Amikey stopped ({i.started}), before its private
          key reached the vault: nobody has that private key.{" "}
          <button type="button" className="link-button" data-testid="pending-delete" onClick={() => setPanel({ kind: "delete", name: i.name, region: i.region })}>
            Delete the key pair…
          </button>{" "}
          <button type="button" className="link-button" onClick={() => dismiss.mutate(i)}>
            I have its key: dismiss
          </button>
        </div>
      ))}
      {q.data?.lost_from_keychain.map((name) => (
        <div key={name} className="banner banner-warn" role="alert" data-testid="lost-from-keychain">
          Your keychain no longer holds the private key of “{name}” (it was removed or damaged outside Amikey). If you have
          another copy, import it again.{" "}
          <button type="button" className="link-button" onClick={() => forget.mutate(name)}>
            Forget “{name}”
          </button>
        </div>
      ))}
      {panel?.kind === "create" && <CreateKeyPanel onClose={close} />}
      {panel?.kind === "scan" && <ScanPanel onClose={close} onImport={(path) => setPanel({ kind: "import-private", path })} />}
      {panel?.kind === "import-private" && <ImportPrivateKey key={panel.path} path={panel.path} onClose={close} />}
      {panel?.kind === "import-public" && <ImportPublicKey key={panel.path} path={panel.path} onClose={close} />}
      {panel?.kind === "delete" && <DeleteKeyPanel name={panel.name} region={panel.region} onClose={close} />}
      {panel?.kind === "ssh" && <SshPanel keyName={panel.name} region={panel.region} instances={panel.instances} onClose={close} />}
      {(exporter.data || sshSave.data) && (
        <div className="banner banner-info" role="status" data-testid="export-done">
          Saved to <code>{exporter.data ?? sshSave.data}</code>, readable by you only. Use it with{" "}
          <code>ssh -i {exporter.data ?? sshSave.data} …</code>
        </div>
      )}
      {[exporter.error, sshSave.error, retry.error, dismiss.error, forget.error].map((e, i) => (e ? <ErrorState key={i} error={asAppError(e)} /> : null))}
      {q.error ? (
        <ErrorState error={asAppError(q.error)} onRetry={() => void q.refetch()} />
      ) : q.data && q.data.key_pairs.length === 0 && q.data.failures.length === 0 ? (
        <EmptyState title={`No key pairs in ${where}`}>
          <p>
            Key pairs are regional: a key pair made in one region does not exist in another.
            {s.allRegions ? "" : " Try All regions to look everywhere at once."}
          </p>
          <p>To log in to a Linux instance over SSH you need one. Create it here and its private key goes straight into your keychain. <InfoButton id="why-key-pairs">Why keys?</InfoButton></p>
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
            headers={[...(s.allRegions ? ["Region"] : []), "Name", "ID", "Type · fingerprint", "Private key", "Used by", "Created", ...(showTags ? ["Tags"] : [])]}
            loading={q.isLoading || !q.data}
          >
            {q.data?.key_pairs.map((k) => (
              <tr key={`${k.region}/${k.key_pair_id}`} data-testid="key-pair-row" data-name={k.name}>
                {s.allRegions && <td className="mono-soft">{k.region}</td>}
                <td className="name">
                  {k.name}
                  <div className="actions">
                  {k.instances.length > 0 && (
                    <button
                      type="button"
                      className="link-button"
                      data-testid="ssh-key"
                      onClick={() => setPanel({ kind: "ssh", name: k.name, region: k.region, instances: k.instances })}
                    >
                      Connect…
                    </button>
                  )}
                  {k.vault_name && (
                    <button
                      type="button"
                      className="link-button"
                      data-testid="save-key-ssh"
                      title="Save as ~/.ssh/NAME, readable by you only, for ssh -i"
                      onClick={() => sshSave.mutate(k.vault_name!)}
                    >
                      Save for SSH
                    </button>
                  )}
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
                  <button type="button" className="link-button" data-testid="delete-key" onClick={() => setPanel({ kind: "delete", name: k.name, region: k.region })}>
                    Delete…
                  </button>
                  </div>
                </td>
                <td><CopyId value={k.key_pair_id} label="key pair id" /></td>
                <td className="fingerprint" title={k.fingerprint}>
                  <span className={`pill pill-${k.key_type}`}>{TYPE_LABEL[k.key_type]}</span>
                  <br />
                  <code>{k.fingerprint}</code>
                </td>
                <td>
                  <span className={`pill pill-${k.local_status}`} title={LOCAL_HELP[k.local_status]} data-testid="local-status">
                    {LOCAL_LABEL[k.local_status]}
                  </span>
                </td>
                <td data-testid="instance-count" title={k.instances.join(", ")}>
                  {k.instances.length === 0 ? <span className="muted">none</span> : `${k.instances.length} instance${k.instances.length === 1 ? "" : "s"}`}
                </td>
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
            <div className="footnote" data-testid="local-only">
              In your vault, not yet on AWS {s.allRegions ? "in any listed region" : `in ${s.region}`}:
              <ul>
                {q.data.local_only.map((e) => (
                  <li key={e.name} data-testid="local-only-row">
                    {e.name} ({e.key_type}){" "}
                    {!s.allRegions && (
                      <button type="button" className="link-button" data-testid="retry-import" onClick={() => retry.mutate(e.name)} disabled={retry.isPending}>
                        Import into {s.region}
                      </button>
                    )}
                  </li>
                ))}
              </ul>
            </div>
          )}
          {q.data && q.data.instance_failures.length > 0 && (
            <p className="footnote">Instance counts unknown in {q.data.instance_failures.map((f) => f.region).join(", ")}.</p>
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
