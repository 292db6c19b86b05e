import { useState } from "react";
import { useMutation } from "@tanstack/react-query";
import { api, asAppError } from "../api";
import type { ImageDetail } from "../bindings";
import { useSession } from "../session";
import { CopyId } from "./CopyId";
import { ErrorState } from "./States";
import { InstanceTypeSelect, KeyPairSelect, instanceTypesFor } from "./LaunchChoices";

/** Launch template names allow letters, digits and ( ) . - / _, up to 128 characters. */
export function templateName(imageName: string): string {
  return `${imageName}-template`.replace(/[^A-Za-z0-9().\-/_]/g, "-").slice(0, 128);
}

/** A launch template pinning this AMI: what Auto Scaling groups launch from. */
export function TemplatePanel({ image, onClose }: { image: ImageDetail; onClose: () => void }) {
  const s = useSession();
  const [name, setName] = useState(templateName(image.name));
  const [instanceType, setInstanceType] = useState(instanceTypesFor(image.architecture)[0]);
  const [keyName, setKeyName] = useState("");
  const create = useMutation({
    mutationFn: () =>
      api.createLaunchTemplate(s.profile, s.region, { name, image_id: image.image_id, instance_type: instanceType, key_name: keyName || null, security_group_ids: [] }),
  });
  if (create.data) {
    return (
      <div className="panel" data-testid="template-result">
        <h2>Launch template “{create.data.name}” created</h2>
        <p>
          <CopyId value={create.data.launch_template_id} label="launch template id" /> in {create.data.region}
        </p>
        <button type="button" className="button" onClick={onClose}>Done</button>
      </div>
    );
  }
  return (
    <form
      className="panel"
      data-testid="template-panel"
      onSubmit={(e) => {
        e.preventDefault();
        if (name) create.mutate();
      }}
    >
      <h2>Create a launch template</h2>
      <p className="muted">
        Auto Scaling groups launch identical servers from a launch template; this one pins this AMI, so every server starts
        from the same image.
      </p>
      <label className="field">
        <span>Template name</span>
        <input data-testid="template-name" value={name} onChange={(e) => setName(e.target.value)} maxLength={128} />
        <small className="muted">Letters, digits and ( ) . - / _ only.</small>
      </label>
      <InstanceTypeSelect architecture={image.architecture} value={instanceType} onChange={setInstanceType} testid="template-type" />
      <KeyPairSelect value={keyName} onChange={setKeyName} testid="template-key" />
      {create.error && <ErrorState error={asAppError(create.error)} />}
      <div className="row">
        <button type="submit" className="button button-primary" data-testid="template-submit" disabled={!name || create.isPending}>
          {create.isPending ? "Creating…" : "Create template"}
        </button>
        <button type="button" className="button" onClick={onClose}>Cancel</button>
      </div>
    </form>
  );
}
