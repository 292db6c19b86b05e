// Every concept Amikey teaches, in one place. The "i" buttons next to fields open
// these cards; the Learn page shows them all. Beginners read this: short, concrete.
import type { ReactNode } from "react";
import type { PageId } from "../components/Sidebar";
import { AmiDiagram, AmiSnapshotDiagram, GoldenFlowDiagram, KeyPairDiagram, SshAuthDiagram } from "./diagrams";

export type ConceptId =
  | "ami"
  | "why-ami"
  | "ami-kinds"
  | "golden-flow"
  | "key-pair"
  | "why-key-pairs"
  | "ssh-auth"
  | "key-mistakes"
  | "ami-vs-snapshot"
  | "reboot"
  | "retire"
  | "regions"
  | "user-data"
  | "launch-template"
  | "trust";

export interface Concept {
  id: ConceptId;
  title: string;
  /** Which part of the Learn page it belongs to. */
  topic: "AMIs" | "Key pairs" | "Both";
  body: ReactNode;
  diagram?: ReactNode;
  tryIt?: { page: PageId; label: string };
}

export const CONCEPTS: Concept[] = [
  {
    id: "ami",
    title: "What is an AMI?",
    topic: "AMIs",
    diagram: <AmiDiagram />,
    body: (
      <>
        <p>
          An <strong>Amazon Machine Image</strong> is the template EC2 copies to start a server: the operating system, the
          software installed on it and its configuration. Behind the scenes it is a snapshot of each disk plus a few
          settings, such as the processor architecture and which disk boots.
        </p>
        <p>
          Every instance starts from exactly one AMI, so instances launched from the same AMI start out identical. An AMI
          you prepared carefully and launch everything from is called a <strong>golden image</strong>.
        </p>
      </>
    ),
    tryIt: { page: "amis", label: "Browse AMIs" },
  },
  {
    id: "why-ami",
    title: "Why build your own AMI?",
    topic: "AMIs",
    body: (
      <ul>
        <li>
          <strong>Consistency.</strong> Every server starts from the same disk, so the tenth server is exactly like the
          first. Nothing depends on someone remembering the setup steps.
        </li>
        <li>
          <strong>No drift.</strong> Servers fixed by hand slowly drift apart: a patch here, a tweak there. Replace them from
          the image instead, and they are all the same again.
        </li>
        <li>
          <strong>Fast scaling.</strong> The software is already installed, so a new server is ready in a minute or two
          instead of after a long install. That matters when Auto Scaling adds servers under load.
        </li>
        <li>
          <strong>Easy rollback.</strong> Keep the previous version of the image; if the new one misbehaves, launch the
          old one again.
        </li>
      </ul>
    ),
    tryIt: { page: "amis", label: "See your AMIs" },
  },
  {
    id: "ami-kinds",
    title: "Where AMIs come from",
    topic: "AMIs",
    body: (
      <>
        <ul>
          <li>
            <strong>AWS-provided</strong>: Amazon Linux, Windows Server and other images AWS publishes itself. Up to date,
            maintained, and you pay only for the instance (Windows includes its licence in the instance price). The usual
            starting point.
          </li>
          <li>
            <strong>Marketplace</strong>: ready-made images from software vendors, such as a firewall, a database or a
            hardened operating system. Some are free; many add an hourly software charge on top of the instance, and you
            subscribe before you can launch. Good when you want the vendor's software, licensed and supported.
          </li>
          <li>
            <strong>Custom</strong> (<em>My AMIs</em>): images you made from your own instances. The right choice once a
            server is set up the way you want and you need more of the same.
          </li>
        </ul>
        <p>
          Others can also <em>share</em> their custom AMIs with your account, or make them public for everyone.
        </p>
      </>
    ),
    tryIt: { page: "amis", label: "Open the AMI catalogue" },
  },
  {
    id: "golden-flow",
    title: "The golden image flow",
    topic: "AMIs",
    diagram: <GoldenFlowDiagram />,
    body: (
      <ol>
        <li>
          <strong>Launch</strong> an instance from a trusted base AMI, for example Amazon Linux.
        </li>
        <li>
          <strong>Configure</strong> it: install your software, apply updates, and remove anything that should not be
          copied, such as temporary files, logs and secrets.
        </li>
        <li>
          <strong>Create a custom AMI</strong> from it. This is your golden image.
        </li>
        <li>
          <strong>Launch identical servers</strong> from it: one by one, or through a launch template that an Auto Scaling
          group uses to add servers for you.
        </li>
      </ol>
    ),
    tryIt: { page: "amis", label: "Create an AMI from an instance" },
  },
  {
    id: "key-pair",
    title: "What is a key pair?",
    topic: "Key pairs",
    diagram: <KeyPairDiagram />,
    body: (
      <>
        <p>
          Two keys that belong together. The <strong>public key</strong> may be seen by anyone: AWS keeps it and puts it on
          each instance you launch with it. The <strong>private key</strong> is your secret: whoever has it can log in.
        </p>
        <p>
          When AWS creates the key pair, it hands you the private key <strong>once</strong> and keeps no copy: lose it and
          it cannot be downloaded again. When Amikey creates it, the private key is made on this computer and goes straight
          into your vault; only the public key is sent to AWS.
        </p>
      </>
    ),
    tryIt: { page: "keys", label: "Open Key pairs" },
  },
  {
    id: "why-key-pairs",
    title: "Why key pairs instead of passwords?",
    topic: "Key pairs",
    body: (
      <ul>
        <li>
          <strong>No passwords</strong> to guess, reuse, phish or type into the wrong window. The secret never leaves your
          computer.
        </li>
        <li>
          <strong>No brute force.</strong> Bots try millions of passwords against every server on the internet. Guessing a
          private key is not practical: there are far too many possibilities.
        </li>
        <li>
          <strong>Required for SSH on Linux.</strong> Standard Linux AMIs turn password logins off. Without the private key
          of the instance's key pair (or a tool that sends a temporary key for you, such as EC2 Instance Connect), there is
          no way in over SSH.
        </li>
      </ul>
    ),
    tryIt: { page: "keys", label: "Create a key pair" },
  },
  {
    id: "ssh-auth",
    title: "How SSH logs you in with a key",
    topic: "Key pairs",
    diagram: <SshAuthDiagram />,
    body: (
      <ol>
        <li>
          You run <code>ssh -i my-key ec2-user@203.0.113.9</code>. Your SSH client tells the server which user you are and
          which public key you want to use.
        </li>
        <li>
          The server looks for that public key in the user's <code>~/.ssh/authorized_keys</code>. EC2 put it there at first
          boot, from the key pair you chose at launch.
        </li>
        <li>
          The server asks for proof. Your client signs data unique to this connection with the private key.
        </li>
        <li>
          The server checks the signature with the public key. If it matches, you are in. The private key itself never
          leaves your computer, and a recorded signature is useless for any other connection.
        </li>
      </ol>
    ),
    tryIt: { page: "keys", label: "Find a Connect command" },
  },
  {
    id: "key-mistakes",
    title: "Common key pair mistakes",
    topic: "Key pairs",
    body: (
      <ul>
        <li>
          <strong>Losing the private key.</strong> AWS has no copy. Keep it in a vault or keychain, and back it up.
        </li>
        <li>
          <strong>Sharing one key in a team.</strong> You cannot tell who logged in, and when someone leaves, the key must
          be replaced everywhere. Give each person their own key.
        </li>
        <li>
          <strong>One key for everything.</strong> If it leaks, every server is open. Use separate keys, for example per
          project and per environment (test, production).
        </li>
        <li>
          <strong>SSH open to the world.</strong> A security group rule allowing port 22 from <code>0.0.0.0/0</code> lets
          the whole internet try. Bots find it within minutes. Allow only your own address (<code>/32</code>), or use
          Session Manager and open no port at all.
        </li>
        <li>
          <strong>Keys in the wrong places:</strong> in a Git repository, an email, a chat message or a shared drive.
        </li>
      </ul>
    ),
    tryIt: { page: "keys", label: "Check your key pairs" },
  },
  {
    id: "ami-vs-snapshot",
    title: "AMI or snapshot?",
    topic: "AMIs",
    diagram: <AmiSnapshotDiagram />,
    body: (
      <>
        <table className="table compact concept-table">
          <thead>
            <tr>
              <th scope="col" />
              <th scope="col">AMI</th>
              <th scope="col">EBS snapshot</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <th scope="row">What it is</th>
              <td>A template for a whole server</td>
              <td>A backup of one disk</td>
            </tr>
            <tr>
              <th scope="row">What is in it</th>
              <td>Settings plus one snapshot per disk</td>
              <td>The disk's blocks at one moment</td>
            </tr>
            <tr>
              <th scope="row">You use it to</th>
              <td>Launch new instances</td>
              <td>Restore a volume, then attach it</td>
            </tr>
          </tbody>
        </table>
        <p>
          Making an AMI creates its snapshots. Deregistering the AMI does <strong>not</strong> delete them: they keep
          costing money until you delete them too.
        </p>
      </>
    ),
    tryIt: { page: "snapshots", label: "See your snapshots" },
  },
  {
    id: "reboot",
    title: "Reboot or no reboot?",
    topic: "AMIs",
    body: (
      <>
        <p>
          By default EC2 <strong>reboots</strong> the instance while it creates the image, so everything still in memory is
          written to disk and the file system is clean. The instance is offline for a minute or two.
        </p>
        <p>
          With <strong>no reboot</strong> the instance keeps running and the snapshots are <em>crash-consistent</em>: like
          pulling the power plug. Files being written may be incomplete, and a database may need to recover when the new
          server starts.
        </p>
        <p>For a golden image, reboot: the build instance is not serving anyone, so the short downtime costs nothing.</p>
      </>
    ),
  },
  {
    id: "retire",
    title: "Deprecate, disable or deregister?",
    topic: "AMIs",
    body: (
      <ul>
        <li>
          <strong>Deprecate</strong>: from a date you choose, the AMI no longer shows up in other accounts' listings and
          searches. Anyone who knows its id can still launch it, so launch templates keep working. A gentle "please stop using this".
        </li>
        <li>
          <strong>Disable</strong>: nobody can launch it any more, and a public AMI becomes private. Nothing is deleted,
          and you can enable it again.
        </li>
        <li>
          <strong>Deregister</strong>: the AMI is gone and cannot be launched again. Instances already running keep
          running. Its snapshots stay, and cost money, until you delete them.
        </li>
      </ul>
    ),
  },
  {
    id: "regions",
    title: "Key pairs and AMIs are regional",
    topic: "Both",
    body: (
      <>
        <p>
          A key pair or an AMI exists in <strong>one region</strong>. A key pair made in us-east-1 is unknown in
          eu-west-1: import the same public key into each region where you launch (Amikey can do several regions at once).
        </p>
        <p>
          Copying an AMI to another region makes a new AMI with a <strong>new id</strong>. Even the same Amazon Linux
          release has a different id in each region. If you cannot find something, you are probably looking in the wrong
          region: try <em>All regions</em> in the top bar.
        </p>
      </>
    ),
    tryIt: { page: "keys", label: "Look at your key pairs" },
  },
  {
    id: "user-data",
    title: "User data and instance metadata",
    topic: "AMIs",
    body: (
      <>
        <p>
          <strong>User data</strong> is a script you pass at launch. On Linux, the instance runs it once, as root, on first
          boot. Use it for the last step that differs per server, such as fetching the latest app version or joining a
          cluster; bake everything slow and stable into the AMI.
        </p>
        <p>
          <strong>Instance metadata</strong> is how an instance learns about itself: from the special address{" "}
          <code>169.254.169.254</code> it reads its id, region, user data and the temporary credentials of its IAM role.
          Prefer IMDSv2, which requires a session token.
        </p>
        <p>
          Never put passwords or keys in user data: anyone who can log in to the instance can read it. These two topics
          are the natural next lesson after golden images.
        </p>
      </>
    ),
  },
  {
    id: "launch-template",
    title: "Launch templates",
    topic: "AMIs",
    body: (
      <>
        <p>
          A launch template saves <em>how</em> to launch: the AMI, instance type, key pair, security groups, user data and
          tags. Launch from it and you never retype those settings.
        </p>
        <p>
          An <strong>Auto Scaling group</strong> needs one: it adds and replaces servers by itself, so it needs a complete
          recipe. Templates have versions: when you build a new AMI, create a new template version and the group can roll
          it out, replacing servers one batch at a time.
        </p>
      </>
    ),
    tryIt: { page: "amis", label: "Pick an AMI, then Launch template…" },
  },
  {
    id: "trust",
    title: "Can you trust this image?",
    topic: "AMIs",
    body: (
      <>
        <p>Anyone can publish a public AMI. Check who owns it before you launch:</p>
        <ul>
          <li>
            <strong>AWS</strong>: published by Amazon itself.
          </li>
          <li>
            <strong>Verified publisher</strong>: a company whose identity AWS has checked, such as Canonical for Ubuntu.
          </li>
          <li>
            <strong>Marketplace</strong>: a vendor's product, reviewed by AWS Marketplace.
          </li>
          <li>
            <strong>Community</strong>: anyone at all. Nobody checked what is inside.
          </li>
        </ul>
        <p>
          Watch out for <strong>look-alikes</strong>: a community image called <code>ubuntu-24.04-official</code> may not
          come from Canonical and could contain malware or a crypto-miner. Amikey's badge shows the real publisher.
        </p>
      </>
    ),
    tryIt: { page: "amis", label: "Search public images" },
  },
];

const BY_ID = new Map(CONCEPTS.map((c) => [c.id, c]));

export function conceptById(id: ConceptId): Concept {
  const c = BY_ID.get(id);
  if (!c) throw new Error(`unknown concept ${id}`);
  return c;
}
