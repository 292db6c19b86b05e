import { createContext, useContext } from "react";

/** Where the user is looking: a profile (null = default chain), a region, or all regions. */
export interface Session {
  profile: string | null;
  region: string;
  allRegions: boolean;
}

export interface SessionControls extends Session {
  setProfile: (profile: string | null) => void;
  setRegion: (region: string) => void;
  setAllRegions: (all: boolean) => void;
}

export const SessionContext = createContext<SessionControls | null>(null);

export function useSession(): SessionControls {
  const s = useContext(SessionContext);
  if (!s) throw new Error("useSession outside SessionContext");
  return s;
}
