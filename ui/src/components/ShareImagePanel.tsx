import { useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, asAppError } from "../api";
import type { ImageDetail } from "../bindings";
import { useSession } from "../session";
import { ErrorState } from "./States";

// What people forget before making an image public: every item must be ticked.
const PUBLIC_CHECKLIST = [
  "No SSH host keys or authorized_keys are baked in (anyone launching it could log in to the others, or pose as them).",
  "No credentials, tokens or private data are left on its volumes: anyone can copy every file.",
  "AWS deprecates public AMIs automatically after 2 years.",
];

function list(text: string): string[] {
  return text.split(/[\s,]+/).filter(Boolean);
}

/** Grant or revoke launch permission: accounts, organisations / OUs, or everyone. */
export function ShareImagePanel({ image, onClose }: { image: ImageDetail; onClose: () => void }) {
  const s = useSession();
  const queryClient = useQueryClient();
  const [add, setAdd] = useState(true);
  const [accounts, setAccounts] = useState("");
  const [orgs, setOrgs] = useState("");
  const [everyone, setEveryone] = useState(false);
  const [ticked, setTicked] = useState<boolean[]>(PUBLIC_CHECKLIST.map(() => false));
  const marketplace = image.product_codes.length > 0;
  const badAccounts = list(accounts).filter((a) => !/^\d{12}$/.test(a));
  const share = useMutation({
    mutationFn: () =>
      api.shareImage(s.profile, s.region, { image_id: image.image_id, accounts: list(accounts), organizations: list(orgs), public: everyone, add }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ["image-detail"] }),
  });
  const nothing = list(accounts).length === 0 && list(orgs).length === 0 && !everyone;
  const publicBlocked = add && everyone && (marketplace || ticked.some((t) => !t));
  const canSubmit = !nothing && badAccounts.length === 0 && !publicBlocked && !share.isPending;
  return (
    <form
      className="panel"
      data-testid="share-panel"
      onSubmit={(e) => {
        e.preventDefault();
        if (canSubmit) share.mutate();
      }}
    >
      <h2>Share “{image.name}”</h2>
      <p className="muted">Lets other accounts launch instances from it. They cannot change or delete it; you keep paying for its snapshots.</p>
      <div className="row">
        <label className="radio">
          <input type="radio" name="share-mode" checked={add} onChange={() => setAdd(true)} /> Give access
        </label>
        <label className="radio">
          <input type="radio" name="share-mode" data-testid="share-remove" checked={!add} onChange={() => setAdd(false)} /> Take access away
        </label>
      </div>
      <label className="field">
        <span>AWS account ids <small className="muted">(12 digits, comma separated)</small></span>
        <input data-testid="share-accounts" value={accounts} onChange={(e) => setAccounts(e.target.value)} aria-invalid={badAccounts.length > 0 ? true : undefined} />
        {badAccounts.length > 0 && <small className="error-text">Not an account id: {badAccounts.join(", ")}</small>}
      </label>
      <label className="field">
        <span>Organisation or OU ARNs <small className="muted">(comma separated)</small></span>
        <input data-testid="share-orgs" value={orgs} onChange={(e) => setOrgs(e.target.value)} placeholder="arn:aws:organizations::…" />
      </label>
      <label className="radio">
        <input type="checkbox" data-testid="share-public" checked={everyone} disabled={add && marketplace} onChange={(e) => setEveryone(e.target.checked)} />{" "}
        {add ? "Public: every AWS account" : "Public access"}
      </label>
      {add && marketplace && <p className="muted">Images with Marketplace product codes cannot be made public.</p>}
      {add && everyone && !marketplace && (
        <fieldset className="field banner banner-warn" data-testid="share-checklist">
          <legend>Before anyone in the world can launch it, check:</legend>
          {PUBLIC_CHECKLIST.map((item, i) => (
            <label key={item} className="radio">
              <input type="checkbox" checked={ticked[i]} onChange={(e) => setTicked((t) => t.map((v, j) => (j === i ? e.target.checked : v)))} /> {item}
            </label>
          ))}
        </fieldset>
      )}
      {share.isSuccess && <p className="ok-text" data-testid="share-result">Done: launch permissions updated.</p>}
      {share.error && <ErrorState error={asAppError(share.error)} />}
      <div className="row">
        <button type="submit" className="button button-primary" data-testid="share-submit" disabled={!canSubmit}>
          {share.isPending ? "Saving…" : add ? "Share" : "Remove access"}
        </button>
        <button type="button" className="button" onClick={onClose}>Close</button>
      </div>
    </form>
  );
}
