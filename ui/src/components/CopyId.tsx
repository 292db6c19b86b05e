import { useState } from "react";
import { CheckIcon, CopyIcon } from "./Icons";

/** An AWS id in monospace with a copy button. */
export function CopyId({ value, label }: { value: string; label?: string }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
      setTimeout(() => setCopied(false), 1200);
    } catch {
      setCopied(false);
    }
  };
  return (
    <span className="id">
      <code>{value}</code>
      <button type="button" className="icon-button" onClick={copy} aria-label={`Copy ${label ?? value}`} title="Copy">
        {copied ? <CheckIcon /> : <CopyIcon />}
      </button>
    </span>
  );
}
