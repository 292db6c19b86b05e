import { createContext, useContext } from "react";
import type { PageId } from "../components/Sidebar";

/** Switches the page shown in the main area (App provides it). */
export const NavigateContext = createContext<((page: PageId) => void) | null>(null);

/** A navigate function; a no-op outside App (e.g. a component rendered on its own). */
export function useNavigate(): (page: PageId) => void {
  return useContext(NavigateContext) ?? (() => undefined);
}
