import { useQuery } from "@tanstack/react-query";
import { api, type AppError } from "../api";
import { PRACTICE_PROFILE, type Identity, type ProfileKind } from "../bindings";
import { useSession } from "../session";

const ALL = "__all__";
const DEFAULT_PROFILE = "__default__";

const KIND_LABEL: Record<ProfileKind, string> = {
  sso: "SSO",
  assume_role: "role",
  process: "process",
  access_keys: "keys",
  web_identity: "web identity",
  other: "settings only",
};

export function TopBar({
  identity,
  identityError,
  identityLoading,
}: {
  identity: Identity | null;
  identityError: AppError | null;
  identityLoading: boolean;
}) {
  const s = useSession();
  const profiles = useQuery({ queryKey: ["profiles"], queryFn: api.listProfiles });
  const regions = useQuery({
    queryKey: ["regions", s.profile, s.region],
    queryFn: () => api.listRegions(s.profile, s.region),
    enabled: identity !== null,
  });
  const regionNames = regions.data?.map((r) => r.name) ?? [];
  if (!regionNames.includes(s.region)) regionNames.unshift(s.region);

  return (
    <header className="topbar">
      <label className="picker">
        <span className="picker-label">Profile</span>
        <select
          data-testid="profile-picker"
          value={s.profile ?? DEFAULT_PROFILE}
          onChange={(e) => s.setProfile(e.target.value === DEFAULT_PROFILE ? null : e.target.value)}
        >
          <option value={DEFAULT_PROFILE}>
            Default{profiles.data ? ` (${profiles.data.env_credentials ? "environment" : profiles.data.selected})` : ""}
          </option>
          {profiles.data?.profiles.map((p) => (
            <option key={p.name} value={p.name}>
              {p.name} · {KIND_LABEL[p.kind]}
            </option>
          ))}
          <option value={PRACTICE_PROFILE}>Practice mode (no AWS account)</option>
        </select>
      </label>
      <label className="picker">
        <span className="picker-label">Region</span>
        <select
          data-testid="region-picker"
          value={s.allRegions ? ALL : s.region}
          onChange={(e) => (e.target.value === ALL ? s.setAllRegions(true) : s.setRegion(e.target.value))}
        >
          <option value={ALL} disabled={!regions.data}>
            All regions{regions.data ? ` (${regions.data.length})` : ""}
          </option>
          {regionNames.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
      </label>
      <div className="spacer" />
      <ModeBadge identity={identity} error={identityError} loading={identityLoading} />
    </header>
  );
}

function ModeBadge({ identity, error, loading }: { identity: Identity | null; error: AppError | null; loading: boolean }) {
  if (loading) return <span className="badge badge-muted">Connecting…</span>;
  if (error) {
    return (
      <span className="badge badge-danger" data-testid="mode-badge" title={error.message}>
        Not connected
      </span>
    );
  }
  if (!identity) return null;
  if (identity.practice) {
    return (
      <span className="badge badge-practice" data-testid="mode-badge" title="A simulated EC2 on this computer: free, and nothing touches AWS">
        <span className="dot" aria-hidden="true" />
        Practice mode · nothing touches AWS
      </span>
    );
  }
  const endpoint = identity.endpoint_url ? hostOf(identity.endpoint_url) : null;
  return (
    <span className={endpoint ? "badge badge-warn" : "badge badge-ok"} data-testid="mode-badge" title={identity.arn}>
      <span className="dot" aria-hidden="true" />
      {endpoint ? "Custom endpoint" : "AWS"} · <code>{identity.account}</code>
      {endpoint && <span className="badge-detail">{endpoint}</span>}
    </span>
  );
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
