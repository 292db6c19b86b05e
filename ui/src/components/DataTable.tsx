import type { ReactNode } from "react";
import { LoadingRows } from "./States";

/** A bordered table with a header row, showing skeleton rows until `loading` ends. */
export function DataTable({ testid, headers, loading, children }: { testid: string; headers: string[]; loading: boolean; children: ReactNode }) {
  return (
    <div className="table-wrap">
      <table className="table" data-testid={testid}>
        <thead>
          <tr>
            {headers.map((h) => (
              <th key={h} scope="col">{h}</th>
            ))}
          </tr>
        </thead>
        {loading ? <LoadingRows columns={headers.length} /> : <tbody>{children}</tbody>}
      </table>
    </div>
  );
}
