import type { ReactNode } from "react";

/** The title block every page starts with; `id` labels the page's <section>. */
export function PageHeader({ id, title, children, actions }: { id: string; title: string; children: ReactNode; actions?: ReactNode }) {
  return (
    <div className="page-header">
      <div>
        <h1 id={id}>{title}</h1>
        <p className="subtitle">{children}</p>
      </div>
      {actions}
    </div>
  );
}
