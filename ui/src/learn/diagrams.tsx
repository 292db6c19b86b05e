// Small inline diagrams for the concept cards. Colours come from styles.css
// (.dg-*) so they follow light and dark mode; text uses currentColor.
import { createContext, useContext, useId, type ReactNode } from "react";

function Diagram({ title, desc, viewBox, children }: { title: string; desc: string; viewBox: string; children: ReactNode }) {
  const id = useId();
  return (
    <svg className="dg" viewBox={viewBox} role="img" aria-labelledby={`${id}-t ${id}-d`} focusable="false">
      <title id={`${id}-t`}>{title}</title>
      <desc id={`${id}-d`}>{desc}</desc>
      <defs>
        <marker id={`${id}-arrow`} viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
          <path d="M0 0 10 5 0 10z" className="dg-arrowhead" />
        </marker>
      </defs>
      <ArrowId.Provider value={`url(#${id}-arrow)`}>{children}</ArrowId.Provider>
    </svg>
  );
}

// The marker id is per diagram (several diagrams share a page), handed down by context.
const ArrowId = createContext("");

function Arrow({ d, dashed }: { d: string; dashed?: boolean }) {
  const marker = useContext(ArrowId);
  return <path d={d} className={dashed ? "dg-line dg-dashed" : "dg-line"} markerEnd={marker} />;
}

function Box({ x, y, w, h, kind = "plain", lines }: { x: number; y: number; w: number; h: number; kind?: "plain" | "accent" | "ok" | "warn"; lines: string[] }) {
  const lineHeight = 15;
  const top = y + h / 2 - ((lines.length - 1) * lineHeight) / 2;
  return (
    <g>
      <rect x={x} y={y} width={w} height={h} rx={8} className={`dg-box dg-${kind}`} />
      {lines.map((l, i) => (
        <text key={l + i} x={x + w / 2} y={top + i * lineHeight} className={i === 0 ? "dg-text dg-strong" : "dg-text dg-small"} textAnchor="middle" dominantBaseline="middle">
          {l}
        </text>
      ))}
    </g>
  );
}

function Label({ x, y, children, anchor = "middle" }: { x: number; y: number; children: string; anchor?: "start" | "middle" | "end" }) {
  return (
    <text x={x} y={y} className="dg-text dg-small" textAnchor={anchor}>
      {children}
    </text>
  );
}

/** One AMI, many identical instances. */
export function AmiDiagram() {
  return (
    <Diagram title="One AMI, many identical instances" desc="An AMI holding the operating system, software and configuration is launched three times; each launch gives an identical instance." viewBox="0 0 460 170">
      <Box x={10} y={35} w={150} h={100} kind="accent" lines={["AMI", "operating system", "installed software", "configuration"]} />
      <Arrow d="M162 70 C 230 70, 230 30, 288 30" />
      <Arrow d="M162 85 L 288 85" />
      <Arrow d="M162 100 C 230 100, 230 140, 288 140" />
      <Label x={225} y={78}>launch</Label>
      <Box x={292} y={10} w={158} h={40} lines={["Instance 1", "web-1"]} />
      <Box x={292} y={65} w={158} h={40} lines={["Instance 2", "web-2"]} />
      <Box x={292} y={120} w={158} h={40} lines={["Instance 3", "web-3"]} />
    </Diagram>
  );
}

/** How an SSH login with a key pair proves who you are. */
export function SshAuthDiagram() {
  return (
    <Diagram
      title="SSH key authentication, step by step"
      desc="Your computer holds the private key, the instance holds the public key in authorized_keys. 1: you connect and name your public key. 2: the server finds it in authorized_keys. 3: your computer signs this session's data with the private key. 4: the server checks the signature with the public key and lets you in. The private key never leaves your computer."
      viewBox="0 0 480 252"
    >
      <Box x={10} y={20} w={150} h={70} kind="ok" lines={["Your computer", "private key", "(stays here)"]} />
      <Box x={320} y={20} w={150} h={70} kind="accent" lines={["EC2 instance", "public key in", "~/.ssh/authorized_keys"]} />
      <path d="M85 92 V 200" className="dg-line dg-dashed" />
      <path d="M395 92 V 186" className="dg-line dg-dashed" />
      <Arrow d="M87 120 H 393" />
      <Label x={240} y={113}>1 · “I am ec2-user, with this public key”</Label>
      <Arrow d="M393 150 H 87" />
      <Label x={240} y={143}>2 · “I know that key: prove you hold its pair”</Label>
      <Arrow d="M87 180 H 393" />
      <Label x={240} y={173}>3 · a signature made with the private key</Label>
      <Box x={320} y={188} w={150} h={40} kind="ok" lines={["4 · it checks out", "you are in"]} />
      <Label x={10} y={246} anchor="start">No password is sent, and the private key never leaves your computer.</Label>
    </Diagram>
  );
}

/** An AMI points at snapshots; each snapshot is one saved disk. */
export function AmiSnapshotDiagram() {
  return (
    <Diagram
      title="An AMI and its snapshots"
      desc="An AMI is a launch recipe: settings plus a list of disks, each backed by an EBS snapshot. You launch instances from the AMI; you restore a single volume from a snapshot."
      viewBox="0 0 480 200"
    >
      <Box x={10} y={20} w={170} h={110} kind="accent" lines={["AMI (launch it)", "architecture, boot mode", "/dev/xvda → snap-root", "/dev/sdf → snap-data"]} />
      <Arrow d="M182 55 L 290 35" />
      <Arrow d="M182 95 L 290 115" />
      <Box x={294} y={15} w={176} h={45} kind="plain" lines={["snap-root", "backup of the root disk"]} />
      <Box x={294} y={95} w={176} h={45} kind="plain" lines={["snap-data", "backup of a data disk"]} />
      <Arrow d="M95 132 L 95 160" />
      <Label x={95} y={185}>launch: a whole new server</Label>
      <Arrow d="M382 142 L 382 160" />
      <Label x={382} y={185}>restore: one volume</Label>
    </Diagram>
  );
}

/** The golden image flow, left to right. */
export function GoldenFlowDiagram() {
  return (
    <Diagram
      title="The golden image flow"
      desc="Launch an instance from a base AMI, configure it, create a custom AMI from it, then launch identical servers from that AMI through a launch template and an Auto Scaling group."
      viewBox="0 0 520 120"
    >
      <Box x={5} y={30} w={95} h={55} lines={["Base AMI", "Amazon Linux"]} />
      <Arrow d="M102 57 L 122 57" />
      <Box x={125} y={30} w={95} h={55} lines={["Instance", "configure it"]} />
      <Arrow d="M222 57 L 242 57" />
      <Box x={245} y={30} w={95} h={55} kind="accent" lines={["Custom AMI", "golden image"]} />
      <Arrow d="M342 57 L 362 57" />
      <Box x={365} y={30} w={150} h={55} kind="ok" lines={["Launch template", "+ Auto Scaling group", "identical servers"]} />
      <Label x={260} y={110}>Change something? Build a new AMI version, roll it out.</Label>
    </Diagram>
  );
}

/** Where the two halves of a key pair live. */
export function KeyPairDiagram() {
  return (
    <Diagram
      title="Where the two halves of a key pair live"
      desc="A key pair is made of a public key, which AWS keeps and copies onto the instances you launch, and a private key, which only you keep, in your vault."
      viewBox="0 0 460 150"
    >
      <Box x={160} y={5} w={140} h={40} kind="plain" lines={["Key pair", "two matching keys"]} />
      <Arrow d="M200 47 L 90 80" />
      <Arrow d="M260 47 L 370 80" />
      <Box x={10} y={82} w={170} h={60} kind="ok" lines={["Private key", "yours only, in your vault", "downloaded once"]} />
      <Box x={280} y={82} w={170} h={60} kind="accent" lines={["Public key", "AWS keeps it, copies it", "onto each new instance"]} />
    </Diagram>
  );
}
