import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, asAppError } from "../api";
import { useSession } from "../session";
import { ErrorState } from "./States";

/** Delete a key pair on AWS, its private key here, or both — saying what is lost. */
export function DeleteKeyPanel({ name, region, onClose }: { name: string; region: string; onClose: () => void }) {
  const s = useSession();
  const queryClient = useQueryClient();
  const preview = useQuery({ queryKey: ["delete-preview", s.profile, region, name], queryFn: () => api.deleteKeyPreview(s.profile, region, name) });
  const [onAws, setOnAws] = useState(true);
  const [local, setLocal] = useState(false);
  const del = useMutation({
    mutationFn: () => api.deleteKey(s.profile, region, name, onAws, local),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ["key-pairs"] });
      onClose();
    },
  });
  const p = preview.data;
  const loss =
    onAws && local
      ? "The key pair and its only private key will be gone: nobody can log in with it again."
      : local
        ? "The private key on this computer will be gone. If it is the only copy, instances using it can no longer be reached with it."
        : "AWS will forget the public key: new instances cannot use it. The private key stays in your vault.";
  return (
    <div className="panel panel-danger" data-testid="delete-key-panel">
      <h2>Delete “{name}” in {region}?</h2>
      {preview.error && <ErrorState error={asAppError(preview.error)} />}
      {p && p.instances.length > 0 && (
        <p className="warn-text" data-testid="delete-instances">
          Still used by {p.instances.length} instance{p.instances.length > 1 ? "s" : ""}: {p.instances.join(", ")}. They keep running; logging in to them needs the private key.
        </p>
      )}
      <label className="radio">
        <input type="checkbox" checked={onAws} disabled={p ? !p.on_aws : false} onChange={(e) => setOnAws(e.target.checked)} /> The key pair on AWS
      </label>
      <label className="radio">
        <input type="checkbox" data-testid="delete-local" checked={local} disabled={p ? !p.in_vault : true} onChange={(e) => setLocal(e.target.checked)} /> The private key in my vault
      </label>
      <p data-testid="delete-loss">{onAws || local ? loss : "Choose what to delete."}</p>
      {del.error && <ErrorState error={asAppError(del.error)} />}
      <div className="row">
        <button type="button" className="button button-danger" data-testid="confirm-delete" disabled={(!onAws && !local) || del.isPending} onClick={() => del.mutate()}>
          {del.isPending ? "Deleting…" : "Delete"}
        </button>
        <button type="button" className="button" onClick={onClose}>Cancel</button>
      </div>
    </div>
  );
}
