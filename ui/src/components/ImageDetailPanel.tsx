import { useState, type ReactNode } from "react";
import { useQuery } from "@tanstack/react-query";
import { api, asAppError } from "../api";
import type { ImageDetail } from "../bindings";
import { useSession } from "../session";
import { formatDateTime, formatUsd } from "../format";
import { CopyId } from "./CopyId";
import { ErrorState } from "./States";
import { TrustBadge } from "./TrustBadge";
import { ownerLabel, platformLabel } from "./ImageList";
import { LaunchPanel } from "./LaunchPanel";
import { TemplatePanel } from "./TemplatePanel";
import { CopyImagePanel } from "./CopyImagePanel";
import { ShareImagePanel } from "./ShareImagePanel";
import { ImageSwitches } from "./ImageSwitches";
import { DeregisterPanel } from "./DeregisterPanel";

type Action = "launch" | "template" | "copy" | "share" | "deregister";

const yesNo = (v: boolean | null) => (v === null ? "—" : v ? "Yes" : "No");

/** Everything about one image, and what can be done with it. */
export function ImageDetailPanel({ imageId, onClose }: { imageId: string; onClose: () => void }) {
  const s = useSession();
  const [action, setAction] = useState<Action | null>(null);
  const q = useQuery({ queryKey: ["image-detail", s.profile, s.region, imageId], queryFn: () => api.imageDetail(s.profile, s.region, imageId) });
  const d = q.data;
  const closeAction = () => setAction(null);
  const actionButton = (a: Action, label: string, testid: string, hint: string) => (
    <button type="button" className={`button${a === "deregister" ? " button-danger-outline" : ""}`} data-testid={testid} title={hint} aria-pressed={action === a} onClick={() => setAction(a)}>
      {label}
    </button>
  );
  return (
    <aside className="panel image-detail" data-testid="image-detail" aria-label="Image details">
      <div className="detail-head">
        <h2>{d?.name ?? imageId}</h2>
        <button type="button" className="button" onClick={onClose} aria-label="Close details">Close</button>
      </div>
      {q.error && <ErrorState error={asAppError(q.error)} onRetry={() => void q.refetch()} />}
      {q.isLoading && <p className="muted" aria-busy="true">Loading…</p>}
      {d && (
        <>
          <p>
            <CopyId value={d.image_id} label="image id" /> <TrustBadge trust={d.trust} />
          </p>
          {d.description && <p className="muted">{d.description}</p>}
          <div className="row wrap">
            {actionButton("launch", "Launch instance…", "launch-from-image", "Start a server from this image")}
            {actionButton("template", "Launch template…", "template-from-image", "For Auto Scaling groups")}
            {d.owned && actionButton("copy", "Copy to regions…", "copy-image", "Make copies in other regions")}
            {d.owned && actionButton("share", "Share…", "share-image", "Let other accounts launch it")}
            {d.owned && actionButton("deregister", "Deregister…", "deregister-image", "Retire it, and optionally its snapshots")}
          </div>
          {action === "launch" && <LaunchPanel image={d} onClose={closeAction} />}
          {action === "template" && <TemplatePanel image={d} onClose={closeAction} />}
          {action === "copy" && <CopyImagePanel image={d} onClose={closeAction} />}
          {action === "share" && <ShareImagePanel image={d} onClose={closeAction} />}
          {action === "deregister" && <DeregisterPanel imageId={d.image_id} onClose={closeAction} onGone={onClose} />}
          {d.owned && <ImageSwitches image={d} />}
          <ImageFacts d={d} />
        </>
      )}
    </aside>
  );
}

function ImageFacts({ d }: { d: ImageDetail }) {
  const facts: [string, ReactNode][] = [
    ["State", <>{d.state}{d.state_reason ? ` (${d.state_reason})` : ""}</>],
    ["Owner", `${ownerLabel(d)}${d.owner_alias ? ` (${d.owner_id})` : ""}`],
    ["Platform", platformLabel(d)],
    ["Architecture", d.architecture],
    ["Boot mode", d.boot_mode ?? "—"],
    ["Virtualization", d.virtualization_type ?? "—"],
    ["ENA networking", yesNo(d.ena_support)],
    ["IMDS", d.imds_support === "v2.0" ? "IMDSv2 only (token required)" : d.imds_support ?? "IMDSv1 and v2"],
    ["Root device", `${d.root_device_name ?? "—"} (${d.root_device_type ?? "—"})`],
    ["Created", d.created ? formatDateTime(d.created) : "—"],
    ["Deprecation", d.deprecation_time ? formatDateTime(d.deprecation_time) : "Not deprecated"],
    ["Deregistration protection", d.deregistration_protection ?? "Off"],
    ["Last launched", d.last_launched ? formatDateTime(d.last_launched) : "Never (or over 24 hours' delay)"],
    ["Visibility", d.public ? "Public: every AWS account can launch it" : "Private"],
  ];
  if (d.owned) facts.push(["Launch permissions", d.launch_permissions.length ? d.launch_permissions.join(", ") : "Only this account"]);
  if (d.product_codes.length) facts.push(["Marketplace product codes", d.product_codes.join(", ")]);
  if (d.tags.length) facts.push(["Tags", d.tags.map((t) => (
    <span key={t.key} className="tag">{t.key}{t.value ? `=${t.value}` : ""}</span>
  ))]);
  const lineage: [string, ReactNode][] = [
    ["Made from instance", d.source_instance_id ?? "—"],
    ["Copied from", d.source_image_id ? `${d.source_image_id}${d.source_region ? ` in ${d.source_region}` : ""}` : "—"],
    ["Copies", d.copies.length ? d.copies.map((c) => `${c.image_id} (${c.region})`).join(", ") : "None"],
    ["Instances running from it", d.instances.length ? d.instances.join(", ") : "None"],
    ["Snapshot cost", d.snapshot_monthly_cost_usd === null ? "—" : `about ${formatUsd(d.snapshot_monthly_cost_usd)} per month`],
  ];
  return (
    <>
      <dl className="facts" data-testid="image-facts">
        {facts.map(([k, v]) => (
          <Fact key={k} label={k}>{v}</Fact>
        ))}
      </dl>
      <h3>Volumes</h3>
      <table className="table compact" data-testid="image-volumes">
        <thead>
          <tr>
            <th scope="col">Device</th>
            <th scope="col">Snapshot</th>
            <th scope="col">Size</th>
            <th scope="col">Type</th>
            <th scope="col">Encrypted</th>
            <th scope="col">Deleted with instance</th>
          </tr>
        </thead>
        <tbody>
          {d.block_devices.map((b) => (
            <tr key={b.device_name}>
              <td><code>{b.device_name}</code></td>
              <td>{b.snapshot_id ? <code>{b.snapshot_id}</code> : <span className="muted">ephemeral</span>}</td>
              <td>{b.size_gib === null ? "—" : `${b.size_gib} GiB`}</td>
              <td>{b.volume_type ?? "—"}</td>
              <td>{yesNo(b.encrypted)}</td>
              <td>{yesNo(b.delete_on_termination)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>Lineage</h3>
      <dl className="facts" data-testid="image-lineage">
        {lineage.map(([k, v]) => (
          <Fact key={k} label={k}>{v}</Fact>
        ))}
      </dl>
    </>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  );
}
