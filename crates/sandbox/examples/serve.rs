//! The sandbox alone, without the app around it: what `make bench` measures in a
//! release build (the app binary's `amikey sandbox serve` is the same server).

#[tokio::main]
async fn main() {
    let config = amikey_sandbox::SandboxConfig { timing: amikey_sandbox::Timing::INSTANT, ..Default::default() };
    let sandbox = amikey_sandbox::Sandbox::start(config, 0).await.expect("bind 127.0.0.1");
    println!("listening on {}", sandbox.endpoint());
    sandbox.wait().await;
}
