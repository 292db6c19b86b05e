import { useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, asAppError } from "../api";
import type { AuditSettings, Finding, Severity } from "../bindings";
import { PageHeader } from "../components/PageHeader";
import { ErrorState } from "../components/States";
import { RefreshIcon } from "../components/Icons";
import { InfoButton } from "../learn/InfoButton";
import type { ConceptId } from "../learn/concepts";
import { DEFAULT_AUDIT, useAudit } from "../health";
import { useSession } from "../session";
import { useNavigate } from "../learn/nav";
import type { PageId } from "../components/Sidebar";

/** Findings no button can fix: where to go to deal with them. */
const GUIDANCE: Record<string, { label: string; page: PageId }> = {
  lost_key: { label: "Import its private key file, or see the recovery options in the keys lab", page: "keys" },
  key_in_many_regions: { label: "Review it on Key pairs (All regions) and give each environment its own key", page: "keys" },
  key_on_many_instances: { label: "Review it on Key pairs", page: "keys" },
};

const LABEL: Record<Severity, string> = { high: "High", medium: "Medium", low: "Low" };

/** The key-and-image health check: the classic mistakes, across all regions, each
 *  with why it matters and, where possible, a fix applied after a confirmation. */
export function HealthPage() {
  const [settings, setSettings] = useState<AuditSettings>(DEFAULT_AUDIT);
  const q = useAudit(settings);
  const findings = q.data?.findings ?? [];
  return (
    <section aria-labelledby="health-title">
      <PageHeader
        id="health-title"
        title="Health check"
        actions={
          <button type="button" className="button" data-testid="run-audit" onClick={() => void q.refetch()} disabled={q.isFetching}>
            <RefreshIcon /> {q.isFetching ? "Checking all regions…" : "Check again"}
          </button>
        }
      >
        The mistakes that lock people out or cost money: lost and weak keys, SSH open to the world, snapshots nobody
        uses. Every enabled region is checked, plus loose key files in ~/.ssh and ~/Downloads.
      </PageHeader>
      <div className="row wrap health-settings">
        <label className="inline-field">
          Flag keys older than{" "}
          <input type="number" min={30} value={settings.max_key_age_days} onChange={(e) => setSettings({ ...settings, max_key_age_days: Number(e.target.value) || 365 })} />{" "}
          days
        </label>
        <label className="inline-field">
          AMIs unused for{" "}
          <input type="number" min={7} value={settings.unused_ami_days} onChange={(e) => setSettings({ ...settings, unused_ami_days: Number(e.target.value) || 90 })} />{" "}
          days
        </label>
      </div>
      {q.error && <ErrorState error={asAppError(q.error)} onRetry={() => void q.refetch()} />}
      {q.isLoading && <p className="muted" aria-busy="true">Checking every region…</p>}
      {q.data && q.data.failures.length > 0 && (
        <div className="banner banner-warn" role="status">
          Not checked: {q.data.failures.map((f) => `${f.region} (${f.error.message})`).join("; ")}
        </div>
      )}
      {q.data && findings.length === 0 && (
        <div className="empty" data-testid="audit-clean">
          <h2>All clear</h2>
          <p>Nothing to fix in {q.data.regions.length} regions.</p>
        </div>
      )}
      {findings.length > 0 && (
        <ul className="findings" data-testid="findings">
          {findings.map((f) => (
            <FindingRow key={f.id} f={f} />
          ))}
        </ul>
      )}
    </section>
  );
}

function FindingRow({ f }: { f: Finding }) {
  const s = useSession();
  const navigate = useNavigate();
  const guide = f.fix ? undefined : GUIDANCE[f.rule];
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const fix = useMutation({
    mutationFn: () => api.fixFinding(s.profile, s.region, f.fix!, null),
    onSuccess: () => {
      setConfirming(false);
      void queryClient.invalidateQueries({ queryKey: ["audit"] });
    },
  });
  return (
    <li className={`finding finding-${f.severity}`} data-testid="finding" data-rule={f.rule} data-id={f.id}>
      <div className="finding-head">
        <span className={`pill sev-${f.severity}`}>{LABEL[f.severity]}</span>
        <strong>{f.title}</strong>
        {f.region && <span className="muted"> · {f.region}</span>}
      </div>
      <p className="muted">
        {f.why} <InfoButton id={f.concept as ConceptId}>Why?</InfoButton>
      </p>
      {f.fix && !confirming && !fix.data && (
        <button type="button" className="button" data-testid="fix-finding" onClick={() => setConfirming(true)}>
          Fix…
        </button>
      )}
      {guide && (
        <div className="row wrap">
          <button type="button" className="button" data-testid="finding-guide" onClick={() => navigate(guide.page)}>
            {guide.label}
          </button>
          {f.rule === "lost_key" && (
            <button type="button" className="link-button" onClick={() => navigate("learn")}>
              Recovery options
            </button>
          )}
        </div>
      )}
      {confirming && (
        <div className="row wrap" data-testid="fix-confirm">
          <span>{f.fix_label}?</span>
          <button type="button" className="button button-primary" data-testid="confirm-fix" disabled={fix.isPending} onClick={() => fix.mutate()}>
            {fix.isPending ? "Fixing…" : "Yes, fix it"}
          </button>
          <button type="button" className="button" onClick={() => setConfirming(false)}>Cancel</button>
        </div>
      )}
      {fix.data && <p className="ok-text" data-testid="fix-done">{fix.data}</p>}
      {fix.error && <ErrorState error={asAppError(fix.error)} />}
    </li>
  );
}
