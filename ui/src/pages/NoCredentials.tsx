/** Shown when the credential chain finds nothing: how to get connected, or practise. */
export function NoCredentials({ message, onPractice }: { message: string; onPractice: () => void }) {
  return (
    <section className="onboarding" data-testid="no-credentials" aria-labelledby="nocreds-title">
      <h1 id="nocreds-title">Connect Amikey to your AWS account</h1>
      <p className="subtitle">{message}</p>
      <div className="callout">
        <div>
          <h2>No AWS account? Practise first.</h2>
          <p>
            Practice mode runs a simulated EC2 on this computer, with AWS-provided images and example key pairs. It is
            free and nothing you do there touches AWS.
          </p>
        </div>
        <button type="button" className="button button-primary" data-testid="start-practice" onClick={onPractice}>
          Start practice mode
        </button>
      </div>
      <div className="cards">
        <article className="card">
          <h2>Single sign-on (recommended)</h2>
          <p>If your organisation uses IAM Identity Center, create a profile and sign in:</p>
          <pre><code>aws configure sso{"\n"}aws sso login --profile my-profile</code></pre>
        </article>
        <article className="card">
          <h2>Access keys</h2>
          <p>For a personal account, store an IAM user's access key in a profile:</p>
          <pre><code>aws configure --profile my-profile</code></pre>
          <p className="muted">Keys end up in ~/.aws/credentials. Prefer SSO where you can: its credentials expire on their own.</p>
        </article>
        <article className="card">
          <h2>Environment</h2>
          <p>Amikey also reads the standard variables, like every AWS tool:</p>
          <pre><code>AWS_PROFILE, AWS_REGION,{"\n"}AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY</code></pre>
        </article>
      </div>
      <p className="muted">Then pick the profile in the top bar.</p>
    </section>
  );
}
