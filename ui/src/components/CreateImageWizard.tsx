import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, asAppError } from "../api";
import type { CreateImageRequest, NewVolume, SourceInstance, VolumeChoice } from "../bindings";
import { useSession } from "../session";
import { useDebounced } from "../useDebounced";
import { CliBlock } from "./CliBlock";
import { ErrorState } from "./States";
import { TagEditor, tagProblems, type TagRow } from "./TagEditor";
import { ImageProgressView } from "./ImageProgressView";
import { InfoButton } from "../learn/InfoButton";

const STEPS = ["Instance", "Name", "Reboot", "Volumes", "Tags", "Review", "Progress"] as const;
const REVIEW = STEPS.indexOf("Review");

/** Everything the wizard knows, in one object: a side panel opening over the wizard,
 *  or going back and forth between steps, never loses what was typed. */
interface WizardState {
  step: number;
  source: SourceInstance | null;
  name: string;
  description: string;
  noReboot: boolean;
  volumes: VolumeChoice[];
  newVolumes: NewVolume[];
  imageTags: TagRow[];
  sameTagsForSnapshots: boolean;
  snapshotTags: TagRow[];
  createdId: string | null;
}

const START: WizardState = {
  step: 0,
  source: null,
  name: "",
  description: "",
  noReboot: false,
  volumes: [],
  newVolumes: [],
  imageTags: [],
  sameTagsForSnapshots: true,
  snapshotTags: [],
  createdId: null,
};

const pairs = (rows: TagRow[]): [string, string][] => rows.map((r) => [r.key, r.value]);

function toRequest(w: WizardState): CreateImageRequest {
  return {
    instance_id: w.source?.instance_id ?? "",
    name: w.name,
    description: w.description.trim() || null,
    no_reboot: w.noReboot,
    volumes: w.volumes,
    new_volumes: w.newVolumes,
    image_tags: pairs(w.imageTags),
    snapshot_tags: pairs(w.sameTagsForSnapshots ? w.imageTags : w.snapshotTags),
  };
}

/** The first free device name from /dev/sdf on (f–p is what EC2 recommends for data volumes). */
function nextDevice(w: WizardState): string {
  const used = new Set([...w.volumes.map((v) => v.device_name), ...w.newVolumes.map((v) => v.device_name)]);
  for (const letter of "fghijklmnop") {
    if (!used.has(`/dev/sd${letter}`) && !used.has(`/dev/xvd${letter}`)) return `/dev/sd${letter}`;
  }
  return "/dev/sdq";
}

/** Make an AMI from an instance, one decision per step, ending on the exact CLI. */
export function CreateImageWizard({ onClose }: { onClose: () => void }) {
  const s = useSession();
  const queryClient = useQueryClient();
  const [w, setW] = useState<WizardState>(START);
  const update = (patch: Partial<WizardState>) => setW((now) => ({ ...now, ...patch }));

  const settledName = useDebounced(w.name, 300);
  const nameCheck = useQuery({
    queryKey: ["image-name", s.profile, s.region, settledName],
    queryFn: () => api.checkImageName(s.profile, s.region, settledName),
    enabled: settledName !== "",
    retry: false,
    staleTime: 0,
  });
  const nameChecking = w.name !== settledName || nameCheck.isFetching;
  const nameError = w.name === settledName && nameCheck.error ? asAppError(nameCheck.error).message : null;

  const create = useMutation({
    mutationFn: () => api.createImage(s.profile, s.region, toRequest(w)),
    onSuccess: (id) => {
      update({ createdId: id, step: STEPS.indexOf("Progress") });
      void queryClient.invalidateQueries({ queryKey: ["tracked-progress"] });
      void queryClient.invalidateQueries({ queryKey: ["images"] });
    },
  });

  const stepOk = [
    !!w.source?.eligible,
    w.name !== "" && !nameChecking && !nameError && w.description.length <= 255,
    true,
    true,
    tagProblems(w.imageTags).length === 0 && (w.sameTagsForSnapshots || tagProblems(w.snapshotTags).length === 0),
    true,
  ][w.step];

  return (
    <div className="panel wizard" data-testid="image-wizard">
      <div className="detail-head">
        <h2>Create an AMI from an instance</h2>
        <button type="button" className="button" data-testid="wizard-close" onClick={onClose}>{w.createdId ? "Close" : "Cancel"}</button>
      </div>
      <ol className="steps" aria-label="Steps">
        {STEPS.map((label, i) => (
          <li key={label} aria-current={i === w.step ? "step" : undefined} className={i < w.step ? "done" : undefined}>
            {label}
          </li>
        ))}
      </ol>
      {w.step === 0 && <SourceStep w={w} update={update} />}
      {w.step === 1 && (
        <div className="field-stack">
          <p className="muted">
            The new AMI is a template: this instance's disks and settings, ready to start identical servers. <InfoButton id="ami" />
          </p>
          <label className="field">
            <span>Name</span>
            <input data-testid="image-name" value={w.name} onChange={(e) => update({ name: e.target.value })} placeholder="e.g. web-golden-2026-05" aria-invalid={nameError ? true : undefined} aria-describedby="image-name-help" autoFocus />
            <small id="image-name-help" data-testid="image-name-help" className={nameError ? "error-text" : nameCheck.isSuccess && !nameChecking ? "ok-text" : "muted"}>
              {w.name === ""
                ? "3 to 128 characters: letters, digits, spaces and ( ) [ ] . / - ' @ _. Unique in the region."
                : nameChecking
                  ? "Checking…"
                  : nameError ?? "Good: the name is valid and free in this region."}
            </small>
          </label>
          <label className="field">
            <span>Description <small className="muted">(optional)</small></span>
            <textarea data-testid="image-description" rows={2} value={w.description} onChange={(e) => update({ description: e.target.value })} aria-invalid={w.description.length > 255 ? true : undefined} />
            <small className={w.description.length > 255 ? "error-text" : "muted"}>{w.description.length}/255 characters</small>
          </label>
        </div>
      )}
      {w.step === 2 && (
        <div className="field-stack">
          <p>
            By default EC2 <strong>reboots the instance</strong> before taking the snapshots, so everything in memory is
            written to disk first. It is offline for a minute or two. <InfoButton id="reboot" />
          </p>
          <label className="radio">
            <input type="checkbox" data-testid="no-reboot" checked={w.noReboot} onChange={(e) => update({ noReboot: e.target.checked })} /> Do not reboot
          </label>
          {w.noReboot && (
            <p className="warn-text" data-testid="no-reboot-warning">
              Without a reboot the snapshots are crash-consistent: like pulling the power plug. Writes still in memory are lost,
              and the integrity of the file system is not guaranteed.
            </p>
          )}
        </div>
      )}
      {w.step === 3 && <VolumesStep w={w} update={update} />}
      {w.step === 4 && (
        <div className="field-stack">
          <h3>Tags on the image</h3>
          <TagEditor rows={w.imageTags} onChange={(imageTags) => update({ imageTags })} testid="image-tags" />
          <label className="radio">
            <input type="checkbox" data-testid="same-snapshot-tags" checked={w.sameTagsForSnapshots} onChange={(e) => update({ sameTagsForSnapshots: e.target.checked })} /> Same tags for its
            snapshots (handy for finding what each snapshot costs)
          </label>
          {!w.sameTagsForSnapshots && (
            <>
              <h3>Tags on the snapshots</h3>
              <TagEditor rows={w.snapshotTags} onChange={(snapshotTags) => update({ snapshotTags })} testid="snapshot-tags" />
            </>
          )}
        </div>
      )}
      {w.step === REVIEW && <ReviewStep w={w} />}
      {w.step === STEPS.indexOf("Progress") && w.createdId && <ImageProgressView imageId={w.createdId} />}
      {create.error && <ErrorState error={asAppError(create.error)} />}
      {!w.createdId && (
        <div className="row">
          {w.step > 0 && (
            <button type="button" className="button" data-testid="wizard-back" onClick={() => update({ step: w.step - 1 })}>
              Back
            </button>
          )}
          {w.step < REVIEW ? (
            <button type="button" className="button button-primary" data-testid="wizard-next" disabled={!stepOk} onClick={() => update({ step: w.step + 1 })}>
              Next
            </button>
          ) : (
            <button type="button" className="button button-primary" data-testid="wizard-create" disabled={create.isPending} onClick={() => create.mutate()}>
              {create.isPending ? "Creating…" : "Create AMI"}
            </button>
          )}
        </div>
      )}
    </div>
  );
}

type StepProps = { w: WizardState; update: (patch: Partial<WizardState>) => void };

function SourceStep({ w, update }: StepProps) {
  const s = useSession();
  // Instances come and go: always ask again when the wizard opens.
  const sources = useQuery({ queryKey: ["image-sources", s.profile, s.region], queryFn: () => api.imageSources(s.profile, s.region), refetchOnMount: "always" });
  const choose = (src: SourceInstance) =>
    update({
      source: src,
      volumes: src.volumes.map((v) => ({ device_name: v.device_name, include: true, delete_on_termination: v.delete_on_termination })),
      newVolumes: [],
    });
  if (sources.error) return <ErrorState error={asAppError(sources.error)} onRetry={() => void sources.refetch()} />;
  if (!sources.data) return <p className="muted" aria-busy="true">Looking for instances…</p>;
  if (sources.data.length === 0) return <p>No instances in {s.region}. Launch one, set it up, then come back to capture it.</p>;
  return (
    <fieldset className="field">
      <legend>Which instance? Its disks become the image.</legend>
      <div className="choice-list">
        {sources.data.map((src) => (
          <label key={src.instance_id} className={`choice${src.eligible ? "" : " disabled"}`} data-testid="source-instance" data-id={src.instance_id}>
            <input type="radio" name="source" disabled={!src.eligible} checked={w.source?.instance_id === src.instance_id} onChange={() => choose(src)} />
            <span>
              <strong>{src.name ?? "(no Name tag)"}</strong> <span className="mono-soft">{src.instance_id}</span> · {src.state}
              {src.reason && <span className="muted"> · {src.reason}</span>}
            </span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

function VolumesStep({ w, update }: StepProps) {
  const mappings = w.source?.volumes ?? [];
  const setChoice = (device: string, patch: Partial<VolumeChoice>) =>
    update({ volumes: w.volumes.map((v) => (v.device_name === device ? { ...v, ...patch } : v)) });
  const setNew = (i: number, patch: Partial<NewVolume>) => update({ newVolumes: w.newVolumes.map((v, j) => (j === i ? { ...v, ...patch } : v)) });
  return (
    <div className="field-stack">
      <p className="muted">
        Size, type and encryption come from each volume's snapshot and cannot change here; only whether a volume is
        included and whether instances delete it when they terminate. Each included volume becomes one snapshot. <InfoButton id="ami-vs-snapshot" />
      </p>
      <table className="table compact" data-testid="wizard-volumes">
        <thead>
          <tr>
            <th scope="col">Include</th>
            <th scope="col">Device</th>
            <th scope="col">Size</th>
            <th scope="col">Type</th>
            <th scope="col">Encrypted</th>
            <th scope="col">Delete on termination</th>
          </tr>
        </thead>
        <tbody>
          {mappings.map((m) => {
            const c = w.volumes.find((v) => v.device_name === m.device_name);
            return (
              <tr key={m.device_name}>
                <td>
                  <input
                    type="checkbox"
                    aria-label={`Include ${m.device_name}`}
                    checked={c?.include ?? true}
                    disabled={m.root}
                    title={m.root ? "The root volume is the image: it cannot be left out." : undefined}
                    onChange={(e) => setChoice(m.device_name, { include: e.target.checked })}
                  />
                </td>
                <td><code>{m.device_name}</code>{m.root && <span className="muted"> (root)</span>}</td>
                <td>{m.size_gib} GiB</td>
                <td>{m.volume_type}</td>
                <td>{m.encrypted ? "Yes" : "No"}</td>
                <td>
                  <input type="checkbox" aria-label={`Delete ${m.device_name} on termination`} checked={c?.delete_on_termination ?? m.delete_on_termination} onChange={(e) => setChoice(m.device_name, { delete_on_termination: e.target.checked })} />
                </td>
              </tr>
            );
          })}
          {w.newVolumes.map((v, i) => (
            <tr key={v.device_name} data-testid="new-volume">
              <td>
                <button type="button" className="link-button" onClick={() => update({ newVolumes: w.newVolumes.filter((_, j) => j !== i) })}>Remove</button>
              </td>
              <td><code>{v.device_name}</code> <span className="muted">(new, empty)</span></td>
              <td>
                <input type="number" min={1} max={16384} aria-label={`Size of ${v.device_name} in GiB`} value={v.size_gib} onChange={(e) => setNew(i, { size_gib: Math.max(1, Number(e.target.value) || 1) })} /> GiB
              </td>
              <td>{v.volume_type}</td>
              <td>—</td>
              <td>Yes</td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" className="button" data-testid="add-volume" onClick={() => update({ newVolumes: [...w.newVolumes, { device_name: nextDevice(w), size_gib: 8, volume_type: "gp3" }] })}>
        Add an empty volume
      </button>
    </div>
  );
}

function ReviewStep({ w }: { w: WizardState }) {
  const s = useSession();
  const request = toRequest(w);
  const cli = useQuery({
    queryKey: ["image-cli", s.profile, s.region, request],
    queryFn: () => api.createImageCli(s.profile, s.region, request),
  });
  const dryRun = useMutation({ mutationFn: () => api.checkCreateImage(s.profile, s.region, request) });
  const included = w.volumes.filter((v) => v.include).length;
  return (
    <div className="field-stack" data-testid="wizard-review">
      <dl className="facts">
        <dt>From</dt>
        <dd>{w.source?.name ?? "(no Name tag)"} ({w.source?.instance_id})</dd>
        <dt>Name</dt>
        <dd>{w.name}</dd>
        {w.description && (
          <>
            <dt>Description</dt>
            <dd>{w.description}</dd>
          </>
        )}
        <dt>Reboot</dt>
        <dd>{w.noReboot ? "No (crash-consistent snapshots)" : "Yes, before the snapshots"}</dd>
        <dt>Volumes</dt>
        <dd>
          {included} of {w.volumes.length} kept{w.newVolumes.length ? `, ${w.newVolumes.length} new empty` : ""}
        </dd>
        <dt>Tags</dt>
        <dd>{w.imageTags.length ? w.imageTags.map((t) => `${t.key}=${t.value}`).join(", ") : "None"}</dd>
      </dl>
      <p className="muted">
        Once it is available, launch identical servers from it: by hand, or through a launch template{" "}
        <InfoButton id="launch-template" /> that an Auto Scaling group uses. <InfoButton id="golden-flow">The golden image flow</InfoButton>
      </p>
      <p>The same thing from a terminal:</p>
      {cli.data && <CliBlock command={cli.data} testid="image-cli" />}
      {cli.error && <ErrorState error={asAppError(cli.error)} />}
      <div className="row">
        <button type="button" className="button" data-testid="dry-run" disabled={dryRun.isPending} onClick={() => dryRun.mutate()}>
          {dryRun.isPending ? "Checking…" : "Check permission (DryRun)"}
        </button>
      </div>
      {(dryRun.isSuccess || dryRun.error) && (
        <p data-testid="dry-run-result" className={dryRun.error ? "error-text" : "ok-text"}>
          {dryRun.error ? asAppError(dryRun.error).message : "Allowed: your IAM identity may create this image."}
        </p>
      )}
    </div>
  );
}
