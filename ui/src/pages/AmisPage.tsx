import { PageHeader } from "../components/PageHeader";

export function AmisPage() {
  return (
    <section aria-labelledby="amis-title">
      <PageHeader id="amis-title" title="AMIs">
        Amazon Machine Images: the templates every instance starts from.
      </PageHeader>
      <div className="state" data-testid="coming-soon">
        <h2>The image catalogue is next</h2>
        <div className="state-message">
          <p>
            Here you will browse AWS-provided, Marketplace and your own AMIs, make a golden image from an instance,
            copy and share it, and retire it without leaving snapshots that cost money.
          </p>
        </div>
      </div>
    </section>
  );
}
