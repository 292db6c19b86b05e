import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { conceptById, type ConceptId } from "./concepts";
import { useNavigate } from "./nav";

interface ConceptControls {
  open: (id: ConceptId, from?: HTMLElement | null) => void;
  close: () => void;
  current: ConceptId | null;
}

const ConceptContext = createContext<ConceptControls | null>(null);

/** Holds the open concept card and draws it as a side panel over the page. The page
 *  stays mounted underneath, so a half-filled wizard keeps everything typed into it. */
export function ConceptProvider({ children }: { children: ReactNode }) {
  const [current, setCurrent] = useState<ConceptId | null>(null);
  const opener = useRef<HTMLElement | null>(null);
  const open = useCallback((id: ConceptId, from?: HTMLElement | null) => {
    opener.current = from ?? null;
    setCurrent(id);
  }, []);
  const close = useCallback(() => {
    setCurrent(null);
    // Back to the "i" that opened it, for keyboard users.
    const back = opener.current;
    opener.current = null;
    if (back?.isConnected) back.focus();
  }, []);
  const value = useMemo(() => ({ open, close, current }), [open, close, current]);
  return (
    <ConceptContext.Provider value={value}>
      {children}
      {current && <ConceptPanel id={current} onClose={close} />}
    </ConceptContext.Provider>
  );
}

export function useConcepts(): ConceptControls | null {
  return useContext(ConceptContext);
}

/** A small "i" that explains a concept right where it matters. */
export function InfoButton({ id, children }: { id: ConceptId; children?: ReactNode }) {
  const ctx = useConcepts();
  const c = conceptById(id);
  if (!ctx) return null;
  return (
    <button
      type="button"
      className={children ? "info-button info-chip" : "info-button"}
      data-testid={`info-${id}`}
      aria-label={`About ${c.title}`}
      title={`About ${c.title}`}
      aria-expanded={ctx.current === id}
      onClick={(e) => ctx.open(id, e.currentTarget)}
    >
      <span className="info-i" aria-hidden="true">i</span>
      {children && <span aria-hidden="true">{children}</span>}
    </button>
  );
}

function ConceptPanel({ id, onClose }: { id: ConceptId; onClose: () => void }) {
  const c = conceptById(id);
  const navigate = useNavigate();
  const closeRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    closeRef.current?.focus();
  }, [id]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") onClose();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [onClose]);
  return (
    <aside className="concept-panel" role="dialog" aria-modal="false" aria-labelledby="concept-panel-title" data-testid="concept-panel" data-id={id}>
      <div className="detail-head">
        <h2 id="concept-panel-title">{c.title}</h2>
        <button type="button" className="button" ref={closeRef} data-testid="concept-close" onClick={onClose}>
          Close
        </button>
      </div>
      {c.diagram && <div className="concept-diagram">{c.diagram}</div>}
      <div className="concept-body">{c.body}</div>
      <p className="muted">
        More lessons, two hands-on labs and a quiz are on the{" "}
        <button
          type="button"
          className="link-button"
          data-testid="concept-learn"
          onClick={() => {
            onClose();
            navigate("learn");
          }}
        >
          Learn page
        </button>
        .
      </p>
    </aside>
  );
}
