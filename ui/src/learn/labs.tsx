// Guided labs: each step is checked live against the account (practice mode by
// default) every few seconds, and the progress survives restarts.
import { useCallback, useEffect, useState, type ReactNode } from "react";
import { useQueries, useQuery } from "@tanstack/react-query";
import { api, asAppError } from "../api";
import { PRACTICE_PROFILE } from "../bindings";
import type { PageId } from "../components/Sidebar";
import { NO_FILTERS } from "../components/ImageFilters";
import { useSession } from "../session";
import { useNavigate } from "./nav";

/** How often a running lab checks the account again. */
export const LAB_POLL_MS = 3000;

export interface LabProgress {
  started: boolean;
  /** The highest step number (1-based) seen done; 0 for none. */
  furthest: number;
  /** Every step number seen done at least once. */
  seen: number[];
}

const EMPTY: LabProgress = { started: false, furthest: 0, seen: [] };

export const GOLDEN_LAB_KEY = "amikey.lab.golden";
export const KEYS_LAB_KEY = "amikey.lab.keys";

function load(key: string): LabProgress {
  try {
    const raw = localStorage.getItem(key);
    if (!raw) return EMPTY;
    const p = JSON.parse(raw) as Partial<LabProgress>;
    return {
      started: p.started === true,
      furthest: typeof p.furthest === "number" ? p.furthest : 0,
      seen: Array.isArray(p.seen) ? p.seen.filter((n): n is number => typeof n === "number") : [],
    };
  } catch {
    return EMPTY;
  }
}

/** Lab progress in localStorage: started or not, and which steps were seen done. */
export function useLabProgress(key: string) {
  const [p, setP] = useState<LabProgress>(() => load(key));
  const save = useCallback(
    (next: LabProgress) => {
      setP(next);
      try {
        localStorage.setItem(key, JSON.stringify(next));
      } catch {
        // Storage full or blocked: progress lasts this session only.
      }
    },
    [key],
  );
  const start = useCallback(() => save({ ...load(key), started: true }), [key, save]);
  const markDone = useCallback(
    (steps: number[]) => {
      const now = load(key);
      const fresh = steps.filter((n) => !now.seen.includes(n));
      if (fresh.length === 0) return;
      const seen = [...now.seen, ...fresh].sort((a, b) => a - b);
      save({ ...now, started: true, seen, furthest: Math.max(now.furthest, ...fresh) });
    },
    [key, save],
  );
  const reset = useCallback(() => {
    try {
      localStorage.removeItem(key);
    } catch {
      // Nothing stored.
    }
    setP(EMPTY);
  }, [key]);
  return { progress: p, start, markDone, reset };
}

export interface LabStep {
  title: string;
  todo: ReactNode;
  hint: ReactNode;
  page: PageId;
  /** Checked live; undefined when the step is confirmed by the user instead. */
  live?: boolean;
  /** For steps the user confirms: the button's label. */
  confirm?: string;
}

function LabSteps({ steps, progress, onConfirm, testidPrefix }: { steps: LabStep[]; progress: LabProgress; onConfirm: (n: number) => void; testidPrefix: string }) {
  const navigate = useNavigate();
  return (
    <ol className="lab-steps">
      {steps.map((st, i) => {
        const n = i + 1;
        const liveDone = st.live === true;
        const done = liveDone || progress.seen.includes(n);
        return (
          <li key={st.title} className={done ? "lab-step done" : "lab-step"} data-testid="lab-step" data-step={n} data-done={String(done)}>
            <div className="lab-step-head">
              <span className="lab-check" aria-hidden="true">{done ? "✓" : n}</span>
              <h3>{st.title}</h3>
              <span className={done ? "pill state-available" : "pill"}>{done ? (liveDone || st.live === undefined ? "Done" : "Done earlier") : "To do"}</span>
            </div>
            <div className="lab-step-body">
              <div>{st.todo}</div>
              <details>
                <summary>Hint</summary>
                <div className="muted">{st.hint}</div>
              </details>
              <div className="row wrap">
                <button type="button" className="button" data-testid={`${testidPrefix}-go-${n}`} onClick={() => navigate(st.page)}>
                  Go there
                </button>
                {st.confirm && !done && (
                  <button type="button" className="button button-primary" data-testid={`${testidPrefix}-confirm-${n}`} onClick={() => onConfirm(n)}>
                    {st.confirm}
                  </button>
                )}
              </div>
            </div>
          </li>
        );
      })}
    </ol>
  );
}

function PracticeNote() {
  const s = useSession();
  if (s.profile === PRACTICE_PROFILE) {
    return <p className="muted">Checking practice mode in {s.region}: nothing here touches AWS or costs money.</p>;
  }
  return (
    <div className="banner banner-warn" role="status" data-testid="lab-not-practice">
      This lab checks the account you are looking at ({s.region}). On a real account, what you launch costs money.{" "}
      <button type="button" className="link-button" data-testid="lab-practice" onClick={() => s.setProfile(PRACTICE_PROFILE)}>
        Switch to practice mode
      </button>
    </div>
  );
}

function LabShell({
  testid,
  title,
  intro,
  progress,
  total,
  start,
  reset,
  errors,
  children,
}: {
  testid: string;
  title: string;
  intro: ReactNode;
  progress: LabProgress;
  total: number;
  start: () => void;
  reset: () => void;
  errors: unknown[];
  children: ReactNode;
}) {
  const doneCount = progress.seen.length;
  return (
    <section className="lab panel" data-testid={testid} aria-labelledby={`${testid}-title`} data-started={String(progress.started)}>
      <div className="detail-head">
        <h2 id={`${testid}-title`}>{title}</h2>
        {progress.started && (
          <button type="button" className="button" data-testid={`${testid}-reset`} onClick={reset}>
            Reset lab
          </button>
        )}
      </div>
      <div>{intro}</div>
      {!progress.started ? (
        <div className="row">
          <button type="button" className="button button-primary" data-testid={`${testid}-start`} onClick={start}>
            Start the lab
          </button>
        </div>
      ) : (
        <>
          <PracticeNote />
          <p className="muted" data-testid={`${testid}-progress`}>
            {doneCount === total ? "All steps done. Well done!" : `${doneCount} of ${total} steps done`}
            {progress.furthest > 0 && doneCount < total ? ` (furthest: step ${progress.furthest})` : ""}. Checked again every{" "}
            {LAB_POLL_MS / 1000} seconds.
          </p>
          {errors.filter(Boolean).slice(0, 1).map((e, i) => (
            <p key={i} className="warn-text" data-testid="lab-error">
              Could not check everything: {asAppError(e).message}
            </p>
          ))}
          {children}
        </>
      )}
    </section>
  );
}

/** The live checks of the golden image lab: one boolean per step. */
export function useGoldenChecks(enabled: boolean) {
  const s = useSession();
  const { profile, region } = s;
  const poll = { refetchInterval: LAB_POLL_MS, enabled, retry: false } as const;
  const keys = useQuery({ queryKey: ["key-pairs", profile, region, false], queryFn: () => api.listKeyPairs(profile, region, false), ...poll });
  const sources = useQuery({ queryKey: ["image-sources", profile, region], queryFn: () => api.imageSources(profile, region), ...poll });
  const amazon = useQuery({ queryKey: ["images", profile, region, "amazon", NO_FILTERS], queryFn: () => api.listImages(profile, region, "amazon", NO_FILTERS), ...poll });
  const mine = useQuery({ queryKey: ["images", profile, region, "mine", NO_FILTERS], queryFn: () => api.listImages(profile, region, "mine", NO_FILTERS), ...poll });
  const myImages = mine.data?.images ?? [];
  const myIds = new Set(myImages.map((i) => i.image_id));
  const myAvailable = myImages.filter((i) => i.state === "available").map((i) => i.image_id);
  const previews = useQueries({
    queries: myAvailable.slice(0, 20).map((id) => ({
      queryKey: ["deregister-preview", profile, region, id],
      queryFn: () => api.deregisterPreview(profile, region, id),
      ...poll,
    })),
  });
  const amazonIds = new Set((amazon.data?.images ?? []).map((i) => i.image_id));
  const instances = sources.data ?? [];
  return {
    checks: [
      keys.data?.key_pairs.some((k) => k.local_status === "in_vault") ?? false,
      instances.some((i) => i.state === "running" && i.image_id !== null && amazonIds.has(i.image_id)),
      myAvailable.length > 0,
      instances.some((i) => i.image_id !== null && myIds.has(i.image_id)),
      previews.some((p) => (p.data?.launch_templates.length ?? 0) > 0),
    ],
    // A missing preview is only "no template yet"; the listings' errors matter.
    errors: [keys.error, sources.error, amazon.error, mine.error],
  };
}

/** Steps seen done live are remembered, so progress outlasts a restart. */
function useRemember(checks: boolean[], markDone: (steps: number[]) => void) {
  const key = checks.map((c) => (c ? 1 : 0)).join("");
  useEffect(() => {
    const done = checks.flatMap((c, i) => (c ? [i + 1] : []));
    if (done.length > 0) markDone(done);
    // `key` stands for `checks`: a new array every render, the same answers.
  }, [key, markDone]);
}

export function GoldenLab() {
  const { progress, start, markDone, reset } = useLabProgress(GOLDEN_LAB_KEY);
  const { checks, errors } = useGoldenChecks(progress.started);
  useRemember(progress.started ? checks : [], markDone);
  const steps: LabStep[] = [
    {
      title: "Have a key pair whose private key is in your vault",
      todo: <p>On Key pairs, choose <strong>Create key pair</strong> and keep “This computer” as the maker.</p>,
      hint: <>The private key is made on this computer and goes straight into your vault; only the public key goes to AWS. Its row then says <em>In vault</em>.</>,
      page: "keys",
      live: checks[0],
    },
    {
      title: "Run an instance from an AWS-provided AMI",
      todo: <p>On AMIs, open the <strong>AWS-provided</strong> tab, pick an Amazon Linux image and choose <strong>Launch instance…</strong> with your vault key.</p>,
      hint: <>This is your build server: the one you configure. SSH is allowed from your own address only. In practice mode it is simulated and free.</>,
      page: "amis",
      live: checks[1],
    },
    {
      title: "Create your custom AMI, and wait until it is available",
      todo: <p>On AMIs, choose <strong>Create AMI from instance…</strong>, pick the instance from step 2 and follow the wizard.</p>,
      hint: <>Keep the reboot on: it makes a clean image. The progress tray shows when the image turns <em>available</em>.</>,
      page: "amis",
      live: checks[2],
    },
    {
      title: "Launch an instance from your custom AMI",
      todo: <p>On the <strong>My AMIs</strong> tab, select your image and choose <strong>Launch instance…</strong>.</p>,
      hint: <>This server starts with everything the build server had. Launch it twice and you have two identical servers.</>,
      page: "amis",
      live: checks[3],
    },
    {
      title: "Create a launch template that uses your AMI",
      todo: <p>Select your image on <strong>My AMIs</strong> and choose <strong>Launch template…</strong>.</p>,
      hint: <>A launch template is what an Auto Scaling group needs to add identical servers by itself.</>,
      page: "amis",
      live: checks[4],
    },
  ];
  return (
    <LabShell
      testid="lab-golden"
      title="Lab: build a golden image"
      intro={<p>Five steps from nothing to identical servers: the whole golden image flow, checked for you as you go.</p>}
      progress={progress}
      total={steps.length}
      start={start}
      reset={reset}
      errors={errors}
    >
      <LabSteps steps={steps} progress={progress} onConfirm={(n) => markDone([n])} testidPrefix="lab-golden" />
    </LabShell>
  );
}

export function KeysLab() {
  const s = useSession();
  const { progress, start, markDone, reset } = useLabProgress(KEYS_LAB_KEY);
  const keys = useQuery({
    queryKey: ["key-pairs", s.profile, s.region, false],
    queryFn: () => api.listKeyPairs(s.profile, s.region, false),
    refetchInterval: LAB_POLL_MS,
    enabled: progress.started,
    retry: false,
  });
  const inVault = keys.data?.key_pairs.some((k) => k.local_status === "in_vault") ?? false;
  useRemember(progress.started ? [inVault] : [], markDone);
  const lost = keys.data?.key_pairs.filter((k) => k.local_status === "not_on_this_machine").map((k) => k.name) ?? [];
  const steps: LabStep[] = [
    {
      title: "Create a key the safe way",
      todo: <p>On Key pairs, choose <strong>Create key pair</strong>, ED25519, made by “This computer”.</p>,
      hint: <>The private key never crosses the network and lands in your vault. Done as soon as one of your key pairs says <em>In vault</em>.</>,
      page: "keys",
      live: inVault,
    },
    {
      title: "Find which key opens which instance",
      todo: (
        <p>
          On Key pairs, the <strong>Used by</strong> column lists the instances launched with each key. Choose{" "}
          <strong>Connect…</strong> on a row to see the exact <code>ssh</code> command for each instance.
        </p>
      ),
      hint: <>In practice mode, <strong>shop-frontend</strong> uses the key pair <strong>web-servers</strong> and <strong>ci-runner</strong> uses <strong>legacy-deploy</strong>.</>,
      page: "keys",
      confirm: "I found it",
    },
    {
      title: "See what a lost key looks like",
      todo: (
        <>
          <p>
            Find <strong>web-servers</strong> on Key pairs: its private key column says <em>Not on this machine</em>. AWS
            still has the public key and shop-frontend still trusts it, but nobody here can log in with it.
          </p>
          <p className="muted" data-testid="lab-lost-keys">
            {lost.length > 0 ? <>Not on this machine right now: {lost.join(", ")}.</> : <>No key pair here is missing its private key right now.</>}
          </p>
        </>
      ),
      hint: <>Deleting the key pair in EC2 does not help: instances keep the public key they were given at launch.</>,
      page: "keys",
      confirm: "I see it",
    },
    {
      title: "Know your ways back in",
      todo: (
        <ul className="lab-list">
          <li>
            <strong>EC2 Instance Connect</strong>: if the instance has it (Amazon Linux and recent Ubuntu do) and SSH is
            allowed from Instance Connect, it pushes a temporary key for you. Once in, add a new public key to{" "}
            <code>~/.ssh/authorized_keys</code>.
          </li>
          <li>
            <strong>Session Manager</strong>: if the SSM agent runs and the instance's IAM role allows Systems Manager, you
            get a shell with no SSH and no open port at all.
          </li>
          <li>
            <strong>AWSSupport-ResetAccess</strong>: an AWS Systems Manager runbook that makes a new key pair, keeps its
            private key in Parameter Store and installs the public key for you. The instance is stopped and started.
          </li>
          <li>
            <strong>Swap the root volume</strong> (EBS-backed instances): stop the instance, detach its root volume, attach
            it to a helper instance in the same Availability Zone, add a new public key to{" "}
            <code>~/.ssh/authorized_keys</code> on it, detach it, reattach it as the root volume and start the instance.
            Its public IP address changes unless it has an Elastic IP.
          </li>
          <li>
            <strong>Or replace it</strong>: a server built from a golden image can simply be relaunched with a new key.
          </li>
        </ul>
      ),
      hint: <>Then stop the loss happening again: keep private keys in your vault, and back them up.</>,
      page: "keys",
      confirm: "I've read it",
    },
  ];
  return (
    <LabShell
      testid="lab-keys"
      title="Lab: keys, create, connect, lose, recover"
      intro={<p>Make a key the safe way, see which key opens which server, and learn what to do when a private key is gone.</p>}
      progress={progress}
      total={steps.length}
      start={start}
      reset={reset}
      errors={[keys.error]}
    >
      <LabSteps steps={steps} progress={progress} onConfirm={(n) => markDone([n])} testidPrefix="lab-keys" />
    </LabShell>
  );
}
