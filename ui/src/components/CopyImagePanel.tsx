import { useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, asAppError } from "../api";
import type { ImageDetail } from "../bindings";
import { useSession } from "../session";
import { CopyId } from "./CopyId";
import { ErrorState } from "./States";
import { RegionChecklist } from "./RegionChecklist";

/** Copy an image to other regions: each copy is a new AMI with its own id and snapshots. */
export function CopyImagePanel({ image, onClose }: { image: ImageDetail; onClose: () => void }) {
  const s = useSession();
  const queryClient = useQueryClient();
  const [to, setTo] = useState<string[]>([]);
  const [name, setName] = useState(image.name);
  const [description, setDescription] = useState(image.description ?? "");
  const [encrypted, setEncrypted] = useState(false);
  const [kmsKey, setKmsKey] = useState("");
  const [copyTags, setCopyTags] = useState(true);
  const copy = useMutation({
    mutationFn: () =>
      api.copyImage(s.profile, s.region, {
        image_id: image.image_id,
        to_regions: to,
        name: name.trim() || null,
        description: description.trim() || null,
        encrypted,
        kms_key_id: encrypted && kmsKey.trim() ? kmsKey.trim() : null,
        copy_tags: copyTags,
      }),
    // Copies are followed like created images: the progress tray picks them up.
    onSettled: () => void queryClient.invalidateQueries({ queryKey: ["tracked-progress"] }),
  });

  if (copy.data) {
    return (
      <div className="panel" data-testid="copy-result">
        <h2>Copying “{image.name}”</h2>
        {copy.data.copies.map((c) => (
          <p key={c.region} data-testid="copy-ok">
            {c.region}: <CopyId value={c.image_id} label={`image id in ${c.region}`} /> <span className="muted">(pending until its snapshots are copied)</span>
          </p>
        ))}
        {copy.data.failures.map((f) => (
          <p key={f.region} className="error-text" data-testid="copy-failed">
            {f.region}: {f.error.message}
          </p>
        ))}
        <button type="button" className="button" onClick={onClose}>Done</button>
      </div>
    );
  }
  return (
    <form
      className="panel"
      data-testid="copy-panel"
      onSubmit={(e) => {
        e.preventDefault();
        if (to.length > 0) copy.mutate();
      }}
    >
      <h2>Copy to other regions</h2>
      <p className="muted">Makes a new AMI in each region you pick (a new id, and snapshots billed there); this one stays as it is.</p>
      <RegionChecklist legend="Regions" selected={to} onChange={setTo} exclude={s.region} testid="copy-regions" />
      <label className="field">
        <span>Name of the copies</span>
        <input data-testid="copy-name" value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      <label className="field">
        <span>Description</span>
        <input data-testid="copy-description" value={description} onChange={(e) => setDescription(e.target.value)} maxLength={255} />
      </label>
      <label className="radio">
        <input type="checkbox" data-testid="copy-encrypt" checked={encrypted} onChange={(e) => setEncrypted(e.target.checked)} /> Encrypt the copies' snapshots
      </label>
      {encrypted && (
        <label className="field">
          <span>KMS key id or ARN <small className="muted">(empty: the region's default EBS key)</small></span>
          <input data-testid="copy-kms" value={kmsKey} onChange={(e) => setKmsKey(e.target.value)} />
        </label>
      )}
      <label className="radio">
        <input type="checkbox" data-testid="copy-tags" checked={copyTags} onChange={(e) => setCopyTags(e.target.checked)} /> Copy its tags
      </label>
      {copy.error && <ErrorState error={asAppError(copy.error)} />}
      <div className="row">
        <button type="submit" className="button button-primary" data-testid="copy-submit" disabled={to.length === 0 || copy.isPending}>
          {copy.isPending ? "Copying…" : `Copy to ${to.length} region${to.length === 1 ? "" : "s"}`}
        </button>
        <button type="button" className="button" onClick={onClose}>Cancel</button>
      </div>
    </form>
  );
}
