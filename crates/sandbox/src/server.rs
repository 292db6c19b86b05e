//! The HTTP side: axum on 127.0.0.1. `POST /` speaks the EC2 Query protocol (and STS
//! GetCallerIdentity); `/_sandbox/*` is a loopback-only admin API for tests
//! (faults, practice policy, reset).

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{ConnectInfo, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use rand::Rng;
use serde::{Deserialize, Serialize};
use tokio::sync::{oneshot, Mutex, RwLock};

use crate::error::ApiError;
use crate::faults::Faults;
use crate::ops::{dispatch, Ctx, Timing};
use crate::query::Params;
use crate::seed::{generated_images, new_world};
use crate::world::{now_ms, World};
use crate::xml::{document, text, EC2_NS};

#[derive(Debug, Clone)]
pub struct SandboxConfig {
    /// Where the world is saved after every change; None keeps it in memory.
    pub state_file: Option<PathBuf>,
    pub timing: Timing,
    pub faults: Faults,
    /// Extra public images generated in us-east-1 (not saved).
    pub catalog_size: usize,
}

impl Default for SandboxConfig {
    fn default() -> Self {
        SandboxConfig { state_file: None, timing: Timing::REALISTIC, faults: Faults::default(), catalog_size: 0 }
    }
}

struct Shared {
    world: Mutex<World>,
    faults: RwLock<Faults>,
    config: SandboxConfig,
}

/// A running sandbox. Dropping it (or calling `stop`) shuts the server down.
pub struct Sandbox {
    pub addr: SocketAddr,
    shared: Arc<Shared>,
    stop: Option<oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl Sandbox {
    pub fn endpoint(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Bind 127.0.0.1:`port` (0 = any free port) and serve until stopped.
    pub async fn start(config: SandboxConfig, port: u16) -> std::io::Result<Sandbox> {
        let world = load_or_seed(&config);
        let shared = Arc::new(Shared { world: Mutex::new(world), faults: RwLock::new(config.faults.clone()), config });
        let app = Router::new()
            .route("/", post(query))
            .route("/_sandbox/health", get(|| async { "ok" }))
            // What checkip.amazonaws.com answers in the practice world: a documentation
            // address (RFC 5737), so "SSH from my IP" has something to restrict to.
            .route("/_sandbox/checkip", get(|| async { "192.0.2.44\n" }))
            .route("/_sandbox/faults", post(set_faults))
            .route("/_sandbox/policy", post(set_policy))
            .route("/_sandbox/reset", post(reset))
            .with_state(shared.clone());
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
        let addr = listener.local_addr()?;
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>())
                .with_graceful_shutdown(async {
                    let _ = stopped.await;
                })
                .await;
        });
        Ok(Sandbox { addr, shared, stop: Some(stop), task: Some(task) })
    }

    /// Back to the freshly seeded world (and save it).
    pub async fn reset(&self) -> std::io::Result<()> {
        self.shared.reset().await
    }

    pub async fn stop(mut self) {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
        if let Some(t) = self.task.take() {
            let _ = t.await;
        }
    }

    /// Serve until the process ends (the CLI's `sandbox serve`).
    pub async fn wait(mut self) {
        if let Some(t) = self.task.take() {
            let _ = t.await;
        }
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
    }
}

impl Shared {
    async fn reset(&self) -> std::io::Result<()> {
        let mut world = self.world.lock().await;
        *world = seeded(&self.config);
        match &self.config.state_file {
            Some(path) => world.save(path),
            None => Ok(()),
        }
    }
}

fn seeded(config: &SandboxConfig) -> World {
    let now = now_ms();
    let mut world = new_world(now);
    add_generated(&mut world, config.catalog_size, now);
    world
}

fn add_generated(world: &mut World, count: usize, now: u64) {
    if count > 0 {
        if let Some(r) = world.regions.get_mut("us-east-1") {
            r.images.extend(generated_images("us-east-1", count, now));
        }
    }
}

fn load_or_seed(config: &SandboxConfig) -> World {
    match config.state_file.as_deref().and_then(World::load) {
        Some(mut world) => {
            add_generated(&mut world, config.catalog_size, now_ms());
            world
        }
        None => seeded(config),
    }
}

fn request_id() -> String {
    let b: [u8; 16] = rand::thread_rng().gen();
    let h: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!("{}-{}-{}-{}-{}", &h[0..8], &h[8..12], &h[12..16], &h[16..20], &h[20..32])
}

fn xml_response(status: u16, body: Vec<u8>) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (status, [(header::CONTENT_TYPE, "text/xml;charset=UTF-8")], body).into_response()
}

fn error_response(e: &ApiError, id: &str) -> Response {
    use crate::xml::el;
    let errors = el("Errors", vec![el("Error", vec![text("Code", &e.code), text("Message", &e.message)])]);
    xml_response(e.status, document("Response", None, &[errors, text("RequestID", id)]))
}

/// (region, service) from `Authorization: AWS4-HMAC-SHA256 Credential=AKID/date/region/service/aws4_request, ...`.
fn signing_scope(headers: &HeaderMap) -> Option<(String, String)> {
    let auth = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let cred = auth.split("Credential=").nth(1)?.split(',').next()?;
    let parts: Vec<&str> = cred.split('/').collect();
    (parts.len() == 5).then(|| (parts[2].to_string(), parts[3].to_string()))
}

async fn query(State(s): State<Arc<Shared>>, headers: HeaderMap, body: Bytes) -> Response {
    let id = request_id();
    let p = Params::parse(&body);
    // Requests need not be correctly signed, but an unsigned one is refused, as AWS does.
    let Some((region, service)) = signing_scope(&headers) else {
        return error_response(
            &ApiError::new(401, "AuthFailure", "AWS was not able to validate the provided access credentials (the request is not signed)"),
            &id,
        );
    };
    let Some(action) = p.get("Action").map(str::to_string) else {
        return error_response(&ApiError::missing("Action"), &id);
    };
    let faults = s.faults.read().await.clone();
    let delay = faults.delay(&action);
    if !delay.is_zero() {
        tokio::time::sleep(delay).await;
    }
    if let Some(e) = faults.roll(&action) {
        return error_response(&e, &id);
    }
    let mut world = s.world.lock().await;
    if service == "sts" || p.get("Version") == Some("2011-06-15") {
        return sts(&world, &action, &id);
    }
    let ctx = Ctx { region, now: now_ms(), timing: s.config.timing };
    match dispatch(&mut world, &ctx, &action, &p) {
        Ok(out) => {
            if out.changed {
                if let Some(path) = &s.config.state_file {
                    if let Err(e) = world.save(path) {
                        return error_response(&ApiError::new(500, "InternalError", format!("Could not save the practice world: {e}")), &id);
                    }
                }
            }
            let mut children = vec![text("requestId", &id)];
            children.extend(out.body);
            xml_response(200, document(&format!("{action}Response"), Some(EC2_NS), &children))
        }
        Err(e) => error_response(&e, &id),
    }
}

fn sts(world: &World, action: &str, id: &str) -> Response {
    use crate::xml::el;
    if action != "GetCallerIdentity" {
        return error_response(&ApiError::client("InvalidAction", format!("The practice sandbox does not offer sts:{action}")), id);
    }
    let result = el(
        "GetCallerIdentityResult",
        vec![
            text("Arn", format!("arn:aws:iam::{}:user/practice", world.account)),
            text("UserId", "AIDAPRACTICEUSER0000"),
            text("Account", &world.account),
        ],
    );
    let meta = el("ResponseMetadata", vec![text("RequestId", id)]);
    xml_response(200, document("GetCallerIdentityResponse", Some("https://sts.amazonaws.com/doc/2011-06-15/"), &[result, meta]))
}

fn loopback_only(peer: &SocketAddr) -> Result<(), Response> {
    if peer.ip().is_loopback() {
        Ok(())
    } else {
        Err((StatusCode::FORBIDDEN, "the admin API answers loopback only").into_response())
    }
}

async fn set_faults(State(s): State<Arc<Shared>>, ConnectInfo(peer): ConnectInfo<SocketAddr>, Json(f): Json<Faults>) -> Response {
    if let Err(r) = loopback_only(&peer) {
        return r;
    }
    *s.faults.write().await = f;
    StatusCode::NO_CONTENT.into_response()
}

#[derive(Debug, Serialize, Deserialize)]
pub struct Policy {
    /// EC2 actions the practice policy denies, e.g. ["CreateImage"].
    pub deny: Vec<String>,
}

async fn set_policy(State(s): State<Arc<Shared>>, ConnectInfo(peer): ConnectInfo<SocketAddr>, Json(p): Json<Policy>) -> Response {
    if let Err(r) = loopback_only(&peer) {
        return r;
    }
    let mut world = s.world.lock().await;
    world.denied_actions = p.deny.into_iter().collect();
    StatusCode::NO_CONTENT.into_response()
}

async fn reset(State(s): State<Arc<Shared>>, ConnectInfo(peer): ConnectInfo<SocketAddr>) -> Response {
    if let Err(r) = loopback_only(&peer) {
        return r;
    }
    match s.reset().await {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(e) => (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response(),
    }
}
