import { useEffect, useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, asAppError, type AppError } from "../api";
import { useSession } from "../session";
import { ErrorState } from "./States";

/** Create a key pair the safe way: generated here, private key into the keychain,
 *  only the public key sent to AWS. */
export function CreateKeyPanel({ onClose }: { onClose: () => void }) {
  const s = useSession();
  const queryClient = useQueryClient();
  const [name, setName] = useState("");
  const [rsa, setRsa] = useState(false);
  const [nameError, setNameError] = useState<string | null>(null);

  // Live validation against AWS's rules (checked in Rust, the same code as the CLI).
  useEffect(() => {
    if (name === "") {
      setNameError(null);
      return;
    }
    let live = true;
    api.checkKeyName(name).then(
      () => live && setNameError(null),
      (e: AppError) => live && setNameError(e.message),
    );
    return () => {
      live = false;
    };
  }, [name]);

  const create = useMutation({
    mutationFn: () => api.createKey(s.profile, [s.region], name, rsa),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ["key-pairs"] }),
  });

  if (create.data) {
    const out = create.data;
    return (
      <div className="panel" data-testid="create-result">
        <h2>“{out.entry.name}” is ready</h2>
        <p>
          The private key is in your keychain. {out.imported.length > 0 && <>The public key was imported into {out.imported.map((l) => l.region).join(", ")}.</>}
        </p>
        {out.failures.map((f) => (
          <p key={f.region} className="warn-text">
            Not imported into {f.region}: {f.error.message} The key is safe in the vault; you can import it later.
          </p>
        ))}
        <button type="button" className="button" onClick={onClose}>Done</button>
      </div>
    );
  }

  return (
    <form
      className="panel"
      data-testid="create-key-panel"
      onSubmit={(e) => {
        e.preventDefault();
        if (!nameError && name) create.mutate();
      }}
    >
      <h2>Create a key pair in {s.region}</h2>
      <p className="muted">
        Amikey makes the key on this computer and keeps the private half in your OS keychain. Only the public half goes
        to AWS, so the private key never crosses the network and never sits in Downloads.
      </p>
      <label className="field">
        <span>Name</span>
        <input
          data-testid="key-name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          placeholder="e.g. web-servers-2026"
          aria-invalid={nameError ? true : undefined}
          aria-describedby="key-name-help"
          autoFocus
        />
        <small id="key-name-help" className={nameError ? "error-text" : "muted"} data-testid="key-name-help">
          {nameError ?? "Up to 255 ASCII characters, no spaces at the start or end."}
        </small>
      </label>
      <fieldset className="field">
        <legend>Type</legend>
        <label className="radio">
          <input type="radio" name="kt" checked={!rsa} onChange={() => setRsa(false)} /> ED25519 (recommended: small, fast, modern)
        </label>
        <label className="radio">
          <input type="radio" name="kt" checked={rsa} onChange={() => setRsa(true)} /> RSA 4096 (for older software, and Windows instances)
        </label>
      </fieldset>
      {create.error && <ErrorState error={asAppError(create.error)} />}
      <div className="row">
        <button type="submit" className="button button-primary" data-testid="create-key-submit" disabled={!name || !!nameError || create.isPending}>
          {create.isPending ? "Creating…" : "Create key pair"}
        </button>
        <button type="button" className="button" onClick={onClose}>Cancel</button>
      </div>
    </form>
  );
}
