export interface TagRow {
  key: string;
  value: string;
}

export const MAX_TAGS = 50;

/** EC2's tag rules, checked before AWS is asked: one message per broken rule. */
export function tagProblems(rows: TagRow[]): string[] {
  const problems: string[] = [];
  if (rows.length > MAX_TAGS) problems.push(`At most ${MAX_TAGS} tags.`);
  const keys = new Set<string>();
  for (const r of rows) {
    const label = r.key || "(empty)";
    if (r.key.trim() === "") problems.push("Every tag needs a key.");
    else if (r.key.length > 127) problems.push(`Key ${label.slice(0, 20)}… is longer than 127 characters.`);
    else if (r.key.toLowerCase().startsWith("aws:")) problems.push(`Key ${label}: the aws: prefix is reserved for AWS.`);
    if (r.value.length > 256) problems.push(`The value of ${label} is longer than 256 characters.`);
    if (keys.has(r.key)) problems.push(`Key ${label} appears twice.`);
    keys.add(r.key);
  }
  return [...new Set(problems)];
}

/** Key/value rows with add and remove, and the rule violations under them. */
export function TagEditor({ rows, onChange, testid }: { rows: TagRow[]; onChange: (rows: TagRow[]) => void; testid: string }) {
  const set = (i: number, patch: Partial<TagRow>) => onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const problems = tagProblems(rows);
  return (
    <div className="tag-editor" data-testid={testid}>
      {rows.map((r, i) => (
        <div key={i} className="row">
          <input aria-label="Tag key" data-testid="tag-key" value={r.key} onChange={(e) => set(i, { key: e.target.value })} placeholder="Key, e.g. Name" />
          <input aria-label="Tag value" data-testid="tag-value" value={r.value} onChange={(e) => set(i, { value: e.target.value })} placeholder="Value" />
          <button type="button" className="link-button" onClick={() => onChange(rows.filter((_, j) => j !== i))}>Remove</button>
        </div>
      ))}
      <button type="button" className="button" data-testid="tag-add" disabled={rows.length >= MAX_TAGS} onClick={() => onChange([...rows, { key: "", value: "" }])}>
        Add tag
      </button>
      {problems.map((p) => (
        <p key={p} className="error-text" data-testid="tag-problem">{p}</p>
      ))}
    </div>
  );
}
