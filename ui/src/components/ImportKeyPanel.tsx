import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, asAppError } from "../api";
import type { FileMatch } from "../bindings";
import { useSession } from "../session";
import { ErrorState } from "./States";
import { RegionChecklist } from "./RegionChecklist";

function stem(path: string): string {
  const file = path.split(/[\\/]/).pop() ?? path;
  return file.replace(/\.(pem|key|pub)$/i, "");
}

/** What a key file opens, in words. */
export function Opens({ m }: { m: FileMatch }) {
  if (m.problem) return <span className="muted">Not a usable private key: {m.problem}</span>;
  if (m.opens.length === 0) return <span className="muted">Opens no key pair in the enabled regions</span>;
  return <span>Opens {m.opens.map((o) => `${o.key_pair_name} (${o.region})`).join(", ")}</span>;
}

/** Bring a loose private key file into the vault: see what it opens first, give the
 *  passphrase if it has one, and let the loose file go once the vault copy checks out. */
export function ImportPrivateKey({ path, onClose }: { path: string; onClose: () => void }) {
  const s = useSession();
  const queryClient = useQueryClient();
  const [name, setName] = useState(stem(path));
  const [passphrase, setPassphrase] = useState("");
  const [deleteFile, setDeleteFile] = useState(true);
  const inspected = useQuery({
    queryKey: ["inspect", s.profile, s.region, path],
    queryFn: () => api.inspectKeyFiles(s.profile, s.region, [path]),
  });
  const m = inspected.data?.[0];
  const run = useMutation({
    mutationFn: () => api.importKeyFile(s.profile, s.region, path, name, passphrase || null, deleteFile),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ["key-pairs"] }),
  });
  const err = run.error ? asAppError(run.error) : null;
  const needsPassphrase = m?.encrypted || err?.code === "passphrase_required";

  if (run.data) {
    const out = run.data;
    return (
      <div className="panel" data-testid="import-result">
        <h2>{out.already_in_vault ? `Already in your vault as “${out.entry.name}”` : `“${out.entry.name}” is in your vault`}</h2>
        <p>
          {out.matches.length > 0
            ? `It opens ${out.matches.map((l) => `${l.key_pair_name} (${l.region})`).join(", ")}.`
            : "It opens no key pair in the enabled regions yet; you can import its public key."}
        </p>
        <p data-testid="import-file-fate">
          {out.file_deleted
            ? `The vault copy checked out, so the loose file ${path} was deleted.`
            : out.verified
              ? `The vault copy checked out. The loose file ${path} is still there; delete it when you are ready.`
              : `The loose file ${path} was kept.`}
        </p>
        <button type="button" className="button" onClick={onClose}>Done</button>
      </div>
    );
  }

  return (
    <form
      className="panel"
      data-testid="import-key-panel"
      onSubmit={(e) => {
        e.preventDefault();
        run.mutate();
      }}
    >
      <h2>Move a private key into your vault</h2>
      <p className="mono-soft">{path}</p>
      {inspected.error && <ErrorState error={asAppError(inspected.error)} />}
      {m && (
        <p data-testid="import-opens">
          <Opens m={m} />
          {m.vault_name && <> · already in your vault as “{m.vault_name}”</>}
        </p>
      )}
      <label className="field">
        <span>Name in the vault</span>
        <input value={name} onChange={(e) => setName(e.target.value)} data-testid="import-name" />
      </label>
      {needsPassphrase && (
        <label className="field">
          <span>Passphrase</span>
          <input type="password" value={passphrase} onChange={(e) => setPassphrase(e.target.value)} data-testid="import-passphrase" autoFocus />
          <small className="muted">Used once, to check the key. The key is stored still protected by it, exactly as the file is.</small>
        </label>
      )}
      <label className="radio">
        <input type="checkbox" checked={deleteFile} onChange={(e) => setDeleteFile(e.target.checked)} /> Delete the loose file once the vault copy is verified
      </label>
      {err && <ErrorState error={err} />}
      <div className="row">
        <button type="submit" className="button button-primary" data-testid="import-submit" disabled={!name || run.isPending || !!m?.problem}>
          {run.isPending ? "Storing…" : "Move into vault"}
        </button>
        <button type="button" className="button" onClick={onClose}>Cancel</button>
      </div>
    </form>
  );
}

/** Import a public key (.pub, RFC 4716 or base64 DER) as a key pair in one or more regions. */
export function ImportPublicKey({ path, onClose }: { path: string; onClose: () => void }) {
  const s = useSession();
  const queryClient = useQueryClient();
  const [name, setName] = useState(stem(path));
  const [regions, setRegions] = useState<string[]>([s.region]);
  const run = useMutation({
    mutationFn: () => api.importPublicKeyFile(s.profile, regions, name, path),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ["key-pairs"] }),
  });
  if (run.data) {
    const out = run.data;
    return (
      <div className="panel" data-testid="import-public-result">
        <h2>Imported “{name}”</h2>
        {out.imported.length > 0 && <p>Now a key pair in {out.imported.map((l) => l.region).join(", ")}.</p>}
        {out.failures.map((f) => (
          <p key={f.region} className="warn-text">Not imported into {f.region}: {f.error.message}</p>
        ))}
        <p className="muted">
          {out.vault_name
            ? `Its private key is in your vault as “${out.vault_name}”.`
            : "Its private key is not in your vault: keep it safe wherever it is, or move it in with Import key file."}
        </p>
        <button type="button" className="button" onClick={onClose}>Done</button>
      </div>
    );
  }
  return (
    <form
      className="panel"
      data-testid="import-public-panel"
      onSubmit={(e) => {
        e.preventDefault();
        run.mutate();
      }}
    >
      <h2>Import a public key</h2>
      <p className="mono-soft">{path}</p>
      <label className="field">
        <span>Key pair name</span>
        <input value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      <RegionChecklist legend="Regions" selected={regions} onChange={setRegions} />
      {run.error && <ErrorState error={asAppError(run.error)} />}
      <div className="row">
        <button type="submit" className="button button-primary" disabled={!name || regions.length === 0 || run.isPending}>
          {run.isPending ? "Importing…" : "Import"}
        </button>
        <button type="button" className="button" onClick={onClose}>Cancel</button>
      </div>
    </form>
  );
}
