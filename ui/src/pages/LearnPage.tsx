import { PageHeader } from "../components/PageHeader";

export function LearnPage() {
  return (
    <section aria-labelledby="learn-title">
      <PageHeader id="learn-title" title="Learn">
        The ideas behind AMIs and key pairs, explained where you use them.
      </PageHeader>
      <div className="cards">
        <article className="card">
          <h2>What is an AMI?</h2>
          <p>
            An Amazon Machine Image is a template for a server: the operating system, the software on it and its
            configuration. Every EC2 instance is launched from one, so servers launched from the same AMI start out
            identical.
          </p>
        </article>
        <article className="card">
          <h2>What is a key pair?</h2>
          <p>
            Two matching keys. AWS keeps the public key and puts it on the instances you launch; you keep the private
            key and prove who you are with it when you connect over SSH. No password travels anywhere.
          </p>
        </article>
        <article className="card">
          <h2>Both are regional</h2>
          <p>
            A key pair or an AMI lives in one region. If you cannot find one, you are probably looking in the wrong
            region: pick <em>All regions</em> in the top bar.
          </p>
        </article>
      </div>
      <p className="muted">Lessons with diagrams and hands-on labs in practice mode are coming.</p>
    </section>
  );
}
