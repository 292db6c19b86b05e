import { useEffect, useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, asAppError, type AppError } from "../api";
import type { KeyType } from "../bindings";
import { useSession } from "../session";
import { ErrorState } from "./States";
import { RegionChecklist } from "./RegionChecklist";
import { InfoButton } from "../learn/InfoButton";

/** Create a key pair. The default is the safe way: generated here, private key into
 *  the keychain, only the public key sent to AWS (into one or several regions).
 *  "Let AWS create it" is there for people who need EC2's own key. */
export function CreateKeyPanel({ onClose, onCreated }: { onClose: () => void; onCreated?: (name: string) => void }) {
  const s = useSession();
  const queryClient = useQueryClient();
  const [name, setName] = useState("");
  const [keyType, setKeyType] = useState<KeyType>("ed25519");
  const [bits, setBits] = useState(4096);
  const [onAws, setOnAws] = useState(false);
  const [regions, setRegions] = useState<string[]>([s.region]);
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
    mutationFn: () => api.createKey(s.profile, onAws ? [s.region] : regions, name, keyType, keyType === "rsa" ? (onAws ? 2048 : bits) : 0, onAws),
    onSuccess: (out) => onCreated?.(out.entry.name),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: ["key-pairs"] }),
  });

  if (create.data) {
    const out = create.data;
    return (
      <div className="panel" data-testid="create-result">
        <h2>“{out.entry.name}” is ready</h2>
        <p>
          The private key is in your keychain.{" "}
          {out.imported.length > 0 && <>The key pair exists in {out.imported.map((l) => l.region).join(", ")}.</>}
        </p>
        {out.failures.map((f) => (
          <p key={f.region} className="warn-text">
            Not imported into {f.region}: {f.error.message} The key is safe in the vault; retry from the list below.
          </p>
        ))}
        <button type="button" className="button" onClick={onClose}>Done</button>
      </div>
    );
  }

  const canSubmit = !!name && !nameError && !create.isPending && (onAws || regions.length > 0);

  return (
    <form
      className="panel"
      data-testid="create-key-panel"
      onSubmit={(e) => {
        e.preventDefault();
        if (canSubmit) create.mutate();
      }}
    >
      <h2>Create a key pair</h2>
      <p className="muted row wrap">
        <InfoButton id="key-pair">What is a key pair?</InfoButton>
        <InfoButton id="ssh-auth">How SSH uses it</InfoButton>
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
        <legend>Who makes the key</legend>
        <label className="radio">
          <input type="radio" name="maker" checked={!onAws} onChange={() => setOnAws(false)} /> This computer (recommended): only the public key goes to AWS, the private key never crosses the network
        </label>
        <label className="radio">
          <input type="radio" name="maker" data-testid="on-aws" checked={onAws} onChange={() => setOnAws(true)} /> AWS (CreateKeyPair): EC2 sends the private key back once, and Amikey puts it straight into your keychain
        </label>
      </fieldset>
      <fieldset className="field">
        <legend>Type</legend>
        <label className="radio">
          <input type="radio" name="kt" checked={keyType === "ed25519"} onChange={() => setKeyType("ed25519")} /> ED25519 (recommended: small, fast, modern)
        </label>
        <label className="radio">
          <input type="radio" name="kt" data-testid="type-rsa" checked={keyType === "rsa"} onChange={() => setKeyType("rsa")} /> RSA (older software, and Windows instances, which need RSA)
        </label>
        {keyType === "rsa" && !onAws && (
          <label className="inline-field">
            Size{" "}
            <select value={bits} onChange={(e) => setBits(Number(e.target.value))} data-testid="rsa-bits">
              {[2048, 3072, 4096].map((b) => (
                <option key={b} value={b}>{b} bits</option>
              ))}
            </select>
          </label>
        )}
        {keyType === "rsa" && onAws && <small className="muted">EC2 makes 2048-bit RSA keys.</small>}
      </fieldset>
      {onAws ? (
        <p className="muted">EC2 creates a key pair in one region: {s.region}.</p>
      ) : (
        <RegionChecklist
          legend="Regions (key pairs are regional: import the public key wherever you launch)"
          selected={regions}
          onChange={setRegions}
          testid="create-regions"
        />
      )}
      {create.error && <ErrorState error={asAppError(create.error)} />}
      <div className="row">
        <button type="submit" className="button button-primary" data-testid="create-key-submit" disabled={!canSubmit}>
          {create.isPending ? "Creating…" : onAws ? "Create on AWS" : `Create in ${regions.length} region${regions.length === 1 ? "" : "s"}`}
        </button>
        <button type="button" className="button" onClick={onClose}>Cancel</button>
      </div>
    </form>
  );
}
