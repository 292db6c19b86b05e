import { useEffect, useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, asAppError } from "../api";
import type { ImageDetail } from "../bindings";
import { useSession } from "../session";
import { CliBlock } from "./CliBlock";
import { CopyId } from "./CopyId";
import { ErrorState } from "./States";
import { InstanceTypeSelect, KeyPairSelect, instanceTypesFor } from "./LaunchChoices";
import { CreateKeyPanel } from "./CreateKeyPanel";
import { InfoButton } from "../learn/InfoButton";

const USER_DATA_EXAMPLE = "#!/bin/bash\ndnf -y install nginx\nsystemctl enable --now nginx";

export function isWorld(cidr: string): boolean {
  return ["0.0.0.0/0", "::/0"].includes(cidr.trim());
}

/** Launch one instance from an image, with SSH open to the user's own address only. */
export function LaunchPanel({ image, onClose }: { image: ImageDetail; onClose: () => void }) {
  const s = useSession();
  const [instanceType, setInstanceType] = useState(instanceTypesFor(image.architecture)[0]);
  const [keyName, setKeyName] = useState("");
  const [sshFrom, setSshFrom] = useState("");
  const [sshTouched, setSshTouched] = useState(false);
  const [allowWorld, setAllowWorld] = useState(false);
  const [name, setName] = useState("");
  const [userData, setUserData] = useState("");
  const [creatingKey, setCreatingKey] = useState(false);
  const ip = useQuery({ queryKey: ["my-ip", s.profile, s.region], queryFn: () => api.myIp(s.profile, s.region), staleTime: 5 * 60_000, retry: false });
  useEffect(() => {
    if (ip.data && !sshTouched) setSshFrom(ip.data);
  }, [ip.data, sshTouched]);

  const world = isWorld(sshFrom);
  const queryClient = useQueryClient();
  const launch = useMutation({
    // A new instance changes the wizard's sources, key usage and the image's detail.
    onSuccess: () => {
      for (const key of ["image-sources", "key-pairs", "image-detail"]) void queryClient.invalidateQueries({ queryKey: [key] });
    },
    mutationFn: () =>
      api.launchInstance(s.profile, s.region, {
        image_id: image.image_id,
        instance_type: instanceType,
        key_name: keyName || null,
        ssh_from: sshFrom.trim() || null,
        allow_world_ssh: world && allowWorld,
        user_data: userData.trim() ? userData : null,
        name: name.trim() || null,
        tags: [],
      }),
  });

  if (launch.data) return <LaunchResult cli={launch.data.cli} instanceId={launch.data.instance_id} securityGroup={launch.data.security_group_id} onClose={onClose} />;

  const canSubmit = !launch.isPending && (!world || allowWorld);
  return (
    <>
    <form
      className="panel"
      data-testid="launch-panel"
      onSubmit={(e) => {
        e.preventDefault();
        if (canSubmit) launch.mutate();
      }}
    >
      <h2>Launch an instance from “{image.name}”</h2>
      <p className="muted">Starts one new server from this image in {s.region}. It costs money while it runs: terminate it when you are done.</p>
      <InstanceTypeSelect architecture={image.architecture} value={instanceType} onChange={setInstanceType} testid="launch-type" />
      <KeyPairSelect value={keyName} onChange={setKeyName} testid="launch-key" />
      <div className="row">
        <button type="button" className="link-button" data-testid="launch-new-key" onClick={() => setCreatingKey(true)}>
          Create a new key pair (private key straight into your vault)…
        </button>
        <InfoButton id="key-pair">Key pairs</InfoButton>
      </div>
      <label className="field">
        <span>Allow SSH from</span>
        <input
          data-testid="launch-ssh-from"
          value={sshFrom}
          onChange={(e) => {
            setSshTouched(true);
            setSshFrom(e.target.value);
            setAllowWorld(false);
          }}
          placeholder={ip.isLoading ? "Finding your address…" : "e.g. 203.0.113.7/32"}
          aria-invalid={world && !allowWorld ? true : undefined}
        />
        <small className="muted">
          A new security group lets only this address connect on port 22 (your own address, found automatically). Leave it
          empty for no SSH rule at all.
          {ip.error && <> Your address could not be found: {asAppError(ip.error).message}</>}
        </small>
      </label>
      <div className="row">
        <InfoButton id="key-mistakes">Why only your own address?</InfoButton>
      </div>
      {world && (
        <div className="banner banner-warn" role="alert" data-testid="launch-world-warning">
          <p>
            {sshFrom.trim()} means <strong>the whole internet</strong> can try to log in. Bots scan for open SSH within
            minutes of launch; one weak or leaked key and the server is theirs.
          </p>
          <label className="radio">
            <input type="checkbox" data-testid="launch-allow-world" checked={allowWorld} onChange={(e) => setAllowWorld(e.target.checked)} /> I understand:
            open SSH to everyone anyway
          </label>
        </div>
      )}
      <label className="field">
        <span>Name</span>
        <input data-testid="launch-name" value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. web-test-1" />
      </label>
      <label className="field">
        <span>
          User data <small className="muted">(optional: a script the instance runs once, as root, on first boot)</small>{" "}
          <button type="button" className="link-button" onClick={() => setUserData(USER_DATA_EXAMPLE)}>Use an example</button>
        </span>
        <textarea data-testid="launch-user-data" rows={4} value={userData} onChange={(e) => setUserData(e.target.value)} placeholder={USER_DATA_EXAMPLE} />
      </label>
      <div className="row">
        <InfoButton id="user-data">User data and instance metadata</InfoButton>
      </div>
      {launch.error && <ErrorState error={asAppError(launch.error)} />}
      <div className="row">
        <button type="submit" className="button button-primary" data-testid="launch-submit" disabled={!canSubmit}>
          {launch.isPending ? "Launching…" : "Launch"}
        </button>
        <button type="button" className="button" onClick={onClose}>Cancel</button>
      </div>
    </form>
    {/* Outside the launch form: forms cannot nest. The new key is selected once made. */}
    {creatingKey && <CreateKeyPanel onClose={() => setCreatingKey(false)} onCreated={setKeyName} />}
    </>
  );
}

/** After launch: the new instance, followed every 2 s until it runs, then how to connect. */
function LaunchResult({ instanceId, securityGroup, cli, onClose }: { instanceId: string; securityGroup: string | null; cli: string; onClose: () => void }) {
  const s = useSession();
  const state = useQuery({
    queryKey: ["ssh", s.profile, s.region, instanceId],
    queryFn: () => api.sshCommand(s.profile, s.region, instanceId),
    // Stop once it settles (running, or anything but pending) or the check fails.
    refetchInterval: (q) => (q.state.error || (q.state.data && q.state.data.state !== "pending") ? false : 2000),
  });
  const a = state.data;
  return (
    <div className="panel" data-testid="launch-result" data-id={instanceId}>
      <h2>Instance launched</h2>
      <p>
        <CopyId value={instanceId} label="instance id" />
        {securityGroup && <span className="muted"> · security group {securityGroup}</span>}
      </p>
      <p data-testid="launch-state">
        State: <span className={`pill state-${a?.state === "running" ? "available" : "pending"}`}>{a?.state ?? "starting"}</span>
        {a && a.state !== "running" && <span className="muted"> (checking every 2 seconds)</span>}
      </p>
      {state.error && <ErrorState error={asAppError(state.error)} />}
      {a?.state === "running" && (
        <div data-testid="launch-connect">
          {a.command ? (
            <>
              <p>Connect with:</p>
              <CliBlock command={a.command} testid="launch-ssh-command" />
            </>
          ) : (
            <p>It is running{a.host ? ` at ${a.host}` : ""}.</p>
          )}
          {a.notes.map((n) => (
            <p key={n} className="warn-text">{n}</p>
          ))}
        </div>
      )}
      <p className="muted">The same launch from a terminal:</p>
      <CliBlock command={cli} testid="launch-cli" />
      <button type="button" className="button" onClick={onClose}>Done</button>
    </div>
  );
}
