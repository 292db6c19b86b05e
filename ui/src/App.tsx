import { useEffect, useMemo, useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { api, asAppError } from "./api";
import { SessionContext, type SessionControls } from "./session";
import { type PageId } from "./components/Sidebar";
import { HealthSidebar } from "./components/HealthSidebar";
import { HealthPage } from "./pages/HealthPage";
import { TopBar } from "./components/TopBar";
import { KeyPairsPage } from "./pages/KeyPairsPage";
import { AmisPage } from "./pages/AmisPage";
import { SnapshotsPage } from "./pages/SnapshotsPage";
import { ProgressTray } from "./components/ProgressTray";
import { LearnPage } from "./pages/LearnPage";
import { SettingsPage } from "./pages/SettingsPage";
import { NoCredentials } from "./pages/NoCredentials";
import { ErrorState } from "./components/States";
import { PRACTICE_PROFILE } from "./bindings";
import { NavigateContext } from "./learn/nav";
import { ConceptProvider } from "./learn/InfoButton";

export function App() {
  const [page, setPage] = useState<PageId>("keys");
  const [profile, setProfile] = useState<string | null>(null);
  const [region, setRegion] = useState<string | null>(null);
  const [allRegions, setAllRegions] = useState(false);
  // Set when the app switched to practice mode by itself (no credentials at all).
  const [autoPractice, setAutoPractice] = useState(false);

  // Start where the user left off (or where --profile/--region point).
  const prefs = useQuery({ queryKey: ["preferences"], queryFn: api.getPreferences, staleTime: Infinity });
  useEffect(() => {
    if (!prefs.data) return;
    setProfile(prefs.data.profile);
    if (prefs.data.region) setRegion(prefs.data.region);
  }, [prefs.data]);

  const fallbackRegion = useQuery({
    queryKey: ["default-region", profile],
    queryFn: () => api.defaultRegion(profile),
    enabled: prefs.isSuccess && region === null,
  });
  const effectiveRegion = region ?? fallbackRegion.data ?? null;

  useEffect(() => {
    if (prefs.isSuccess && effectiveRegion) void api.savePreferences(profile, effectiveRegion).catch(() => {});
  }, [prefs.isSuccess, profile, effectiveRegion]);

  const controls: SessionControls | null = useMemo(
    () =>
      effectiveRegion === null
        ? null
        : {
            profile,
            region: effectiveRegion,
            allRegions,
            setProfile: (p) => {
              setProfile(p);
              setRegion(null); // the new profile's own region applies
            },
            setRegion: (r) => {
              setRegion(r);
              setAllRegions(false);
            },
            setAllRegions,
          },
    [profile, effectiveRegion, allRegions],
  );

  const status = useQuery({
    queryKey: ["status", profile, effectiveRegion],
    queryFn: () => api.appStatus(profile, effectiveRegion!),
    enabled: effectiveRegion !== null,
  });

  const statusError = status.error ? asAppError(status.error) : null;
  // No credentials anywhere in the default chain: start in practice mode rather than
  // at a dead end. A profile the user picked keeps its how-to screen.
  useEffect(() => {
    if (statusError?.code === "no_credentials" && profile === null) {
      setAutoPractice(true);
      setProfile(PRACTICE_PROFILE);
      setRegion(null);
    }
  }, [statusError?.code, profile]);

  if (!controls) {
    return <div className="boot" aria-busy="true" />;
  }

  let content;
  if (statusError?.code === "no_credentials") {
    content = <NoCredentials message={statusError.message} onPractice={() => controls.setProfile(PRACTICE_PROFILE)} />;
  } else if (statusError && ["credentials_expired", "auth_failed", "config"].includes(statusError.code)) {
    content = <ErrorState error={statusError} onRetry={() => void status.refetch()} />;
  } else if (page === "keys") {
    content = <KeyPairsPage />;
  } else if (page === "amis") {
    content = <AmisPage />;
  } else if (page === "snapshots") {
    content = <SnapshotsPage />;
  } else if (page === "health") {
    content = <HealthPage />;
  } else if (page === "learn") {
    content = <LearnPage />;
  } else {
    content = <SettingsPage identity={status.data ?? null} />;
  }

  return (
    <SessionContext.Provider value={controls}>
      <NavigateContext.Provider value={setPage}>
      <ConceptProvider>
      <div className="shell">
        <HealthSidebar page={page} onNavigate={setPage} />
        <div className="main">
          <TopBar identity={status.data ?? null} identityError={statusError} identityLoading={status.isLoading} />
          <main className="content" id="content">
            {autoPractice && profile === PRACTICE_PROFILE && (
              <div className="banner banner-info" role="status" data-testid="auto-practice">
                No AWS credentials were found, so Amikey started in <strong>practice mode</strong>: a simulated EC2 on
                this computer. Pick a profile in the top bar when you have one.
              </div>
            )}
            <ProgressTray />
            {content}
          </main>
        </div>
      </div>
      </ConceptProvider>
      </NavigateContext.Provider>
    </SessionContext.Provider>
  );
}
