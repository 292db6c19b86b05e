import { CopyId } from "./CopyId";

/** A command to paste into a terminal, copyable in one click. */
export function CliBlock({ command, testid }: { command: string; testid: string }) {
  return (
    <div className="cli-block" data-testid={testid}>
      <CopyId value={command} label="command" />
    </div>
  );
}
