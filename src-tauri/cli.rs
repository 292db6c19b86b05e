//! The command line: the same binary as the window. No subcommand opens the window;
//! a subcommand runs headless and prints a table or stable JSON (see README).

use std::io::Write;

use amikey_core::keyfiles::{self, FileMatch};
use amikey_core::keyflows::{self, KeyInventory, LocalStatus, Rescue};
use amikey_core::keypairs::KeyType;
use amikey_core::vault::Vault;
use amikey_core::preferences::Preferences;
use amikey_core::{AccessSettings, Aws, Error, Target};
use amikey_sandbox::{Fault, Faults, Sandbox, SandboxConfig, Timing};
use clap::{Parser, Subcommand, ValueEnum};
use comfy_table::{presets::UTF8_BORDERS_ONLY, Table};

#[derive(Debug, Parser)]
#[command(name = "amikey", version, about = "EC2 AMIs and key pairs, easy and safe. No subcommand opens the window.")]
pub struct Cli {
    /// AWS profile from ~/.aws/config (default: AWS_PROFILE, then `default`).
    #[arg(long, global = true)]
    pub profile: Option<String>,
    /// Region (default: the profile's region, then AWS_REGION, then us-east-1).
    #[arg(long, global = true)]
    pub region: Option<String>,
    /// Send every AWS call here instead (moto, the practice sandbox). AWS_ENDPOINT_URL also works.
    #[arg(long, global = true, value_name = "URL")]
    pub endpoint_url: Option<String>,
    #[arg(long, global = true, value_enum, default_value_t = Output::Table)]
    pub output: Output,
    /// Run against the practice world (the embedded sandbox): no AWS account, no cost.
    #[arg(long, global = true, conflicts_with_all = ["profile", "endpoint_url"])]
    pub practice: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Output {
    Table,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Key pairs.
    #[command(subcommand)]
    Keys(KeysCommand),
    /// AMIs: list, show, create, copy, share, deprecate, disable, protect, deregister, snapshots.
    #[command(subcommand, visible_alias = "images")]
    Ami(crate::cli_ami::AmiCommand),
    /// Instances: launch from an AMI.
    #[command(subcommand)]
    Instances(crate::cli_ami::InstancesCommand),
    /// The health check across all regions: lost, weak, old and shared keys, loose key
    /// files, SSH open to the world, orphaned snapshots, unused and deprecated AMIs.
    /// Exit code 0 only when there is nothing to report.
    Audit(crate::cli_ami::AuditArgs),
    /// The practice EC2 sandbox.
    #[command(subcommand)]
    Sandbox(SandboxCommand),
}

#[derive(Debug, Subcommand)]
pub enum SandboxCommand {
    /// Serve the practice EC2 on loopback, e.g. for `aws --endpoint-url`.
    Serve {
        /// 0 picks a free port.
        #[arg(long, default_value_t = 0)]
        port: u16,
        /// Save the world here (default: in memory only).
        #[arg(long, value_name = "FILE")]
        state: Option<std::path::PathBuf>,
        /// Added to every answer.
        #[arg(long, default_value_t = 0)]
        latency_ms: u64,
        /// Share of requests (0.0-1.0) answered with RequestLimitExceeded.
        #[arg(long, default_value_t = 0.0)]
        fault_rate: f64,
        /// Extra public images to generate in us-east-1 (performance tests).
        #[arg(long, default_value_t = 0)]
        catalog_size: usize,
        /// Make state changes (pending -> running, pending -> available) immediate.
        #[arg(long)]
        instant: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum KeysCommand {
    /// List key pairs in the region, or in every enabled region, with whether the
    /// private key is on this machine.
    List {
        #[arg(long)]
        all_regions: bool,
    },
    /// Generate a key here, keep it in the OS keychain, import the public key.
    Create {
        name: String,
        #[arg(long = "type", value_enum, default_value_t = KeyTypeArg::Ed25519)]
        key_type: KeyTypeArg,
        /// RSA only: 2048, 3072 or 4096.
        #[arg(long, default_value_t = 4096)]
        bits: u32,
        /// Import into these regions (comma-separated; default: --region).
        #[arg(long, value_delimiter = ',')]
        regions: Vec<String>,
        /// Let EC2 create the key (CreateKeyPair) instead of generating it here.
        #[arg(long, requires = "rescue_file")]
        on_aws: bool,
        /// With --on-aws: where the private key goes if the keychain fails after EC2
        /// created it (written only then, mode 0600).
        #[arg(long, value_name = "PATH")]
        rescue_file: Option<std::path::PathBuf>,
    },
    /// Bring a private key file into the vault, linked to the key pairs it opens.
    ImportFile {
        path: std::path::PathBuf,
        /// Vault name (default: the file name without extension).
        #[arg(long)]
        name: Option<String>,
        /// Delete the file once the vault copy is verified.
        #[arg(long)]
        delete_file: bool,
        /// Read the passphrase of a protected key from this environment variable
        /// (otherwise it is asked for on the terminal).
        #[arg(long, value_name = "VAR")]
        passphrase_env: Option<String>,
    },
    /// Import a public key into more regions: a vault key's (by NAME), or a .pub
    /// file's (--file) as key pair NAME.
    ImportPublic {
        name: String,
        #[arg(long, value_delimiter = ',', required = true)]
        regions: Vec<String>,
        /// OpenSSH, RFC 4716 or base64 DER public key file.
        #[arg(long, value_name = "PATH")]
        file: Option<std::path::PathBuf>,
    },
    /// Which key pairs (in every enabled region) these private key files open.
    Match {
        #[arg(required = true)]
        paths: Vec<std::path::PathBuf>,
    },
    /// Private key files in these folders (default ~/.ssh): what they open, whether
    /// the vault has them, whether ssh would refuse them.
    Scan { dirs: Vec<std::path::PathBuf> },
    /// Write a vault key to a new file (mode 0600; never overwrites). Without
    /// --out it goes to ~/.ssh/NAME, where `keys ssh` finds it.
    Export {
        name: String,
        #[arg(long, value_name = "PATH")]
        out: Option<std::path::PathBuf>,
        #[arg(long, value_enum, default_value_t = FormatArg::Openssh)]
        format: FormatArg,
    },
    /// The ready `ssh -i KEY USER@HOST` for an instance (or what is missing).
    Ssh { instance_id: String },
    /// Delete the key pair on AWS (--aws), the private key here (--local), or both.
    Delete {
        name: String,
        #[arg(long)]
        aws: bool,
        #[arg(long)]
        local: bool,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum KeyTypeArg {
    Ed25519,
    Rsa,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum FormatArg {
    Openssh,
    Pem,
}

/// Exit codes: 0 ok, 1 an AWS or input error (printed), 2 bad usage (clap).
pub fn main() -> i32 {
    let cli = Cli::parse();
    let mut settings = AccessSettings { endpoint_url: cli.endpoint_url.clone(), ..AccessSettings::default() };
    let Some(command) = cli.command else {
        let launch = Preferences { profile: cli.profile, region: cli.region };
        return match crate::run_window(settings, launch) {
            Ok(()) => 0,
            Err(err) => {
                eprintln!("amikey: {} ({})", err.message, err.code);
                1
            }
        };
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("amikey: could not start: {e}");
            return 1;
        }
    };
    if let Command::Sandbox(SandboxCommand::Serve { port, state, latency_ms, fault_rate, catalog_size, instant }) = command {
        return runtime.block_on(serve_sandbox(port, state, latency_ms, fault_rate, catalog_size, instant));
    }
    // Set by `audit` when it found something: the text is printed, the exit code is 1.
    let mut unclean = false;
    let result = runtime.block_on(async {
        // Kept alive until the command is done.
        let _practice = if cli.practice {
            let dir = amikey_core::datadir::data_dir()?;
            let sandbox = crate::practice::start(&dir).await?;
            settings.practice_endpoint = Some(sandbox.endpoint());
            Some(sandbox)
        } else {
            None
        };
        let aws = Aws::new(settings);
        let region = match &cli.region {
            Some(r) => r.clone(),
            None if cli.practice => amikey_core::access::FALLBACK_REGION.to_string(),
            None => amikey_core::access::default_region(cli.profile.as_deref()).await,
        };
        let target = if cli.practice { Target::practice(region) } else { Target::new(cli.profile.clone(), region) };
        match command {
            Command::Keys(KeysCommand::List { all_regions }) => {
                let data_dir = amikey_core::datadir::data_dir()?;
                // The keychain check is best effort here: listing works without it.
                let lost = Vault::open(&data_dir).and_then(|v| v.reconcile()).unwrap_or_default();
                let vault = Vault::open_unchecked(&data_dir);
                let inventory = keyflows::inventory(&aws, &vault, &target, all_regions, &lost).await?;
                for name in &inventory.lost_from_keychain {
                    eprintln!("amikey: warning: the keychain no longer holds the private key of \"{name}\" (removed outside Amikey)");
                }
                for i in &inventory.pending {
                    eprintln!(
                        "amikey: warning: key pair \"{}\" in {} was being created ({}) when Amikey stopped; its private key may be lost. If it is not in the vault, delete it: amikey keys delete {} --aws --region {}",
                        i.name, i.region, i.started, i.name, i.region
                    );
                }
                Ok::<_, Error>(render_key_pairs(&inventory, cli.output, all_regions))
            }
            Command::Keys(KeysCommand::Create { name, key_type, bits, regions, on_aws, rescue_file }) => {
                let vault = Vault::open(&amikey_core::datadir::data_dir()?)?;
                let targets: Vec<Target> = if regions.is_empty() {
                    vec![target.clone()]
                } else {
                    regions.iter().map(|r| Target::new(target.profile.clone(), r.clone())).collect()
                };
                let key_type = match key_type {
                    KeyTypeArg::Ed25519 => KeyType::Ed25519,
                    KeyTypeArg::Rsa => KeyType::Rsa,
                };
                // Non-interactive: the rescue file once, then say which key pair has no key.
                let mut rescue_file = rescue_file;
                let mut rescue = move |_: &Error| rescue_file.take().map(Rescue::SaveTo).unwrap_or(Rescue::GiveUp);
                let outcome = keyflows::create(&aws, &vault, &targets, &name, key_type, bits, on_aws, &mut rescue).await?;
                Ok(render_json_or(&outcome, cli.output, || {
                    let mut text = format!("Created \"{}\" ({}) in the vault.", outcome.entry.name, outcome.entry.key_type);
                    for l in &outcome.imported {
                        text.push_str(&format!("\nImported into {} as {}.", l.region, l.key_pair_id));
                    }
                    for f in &outcome.failures {
                        text.push_str(&format!("\nNot imported into {}: {} ({}). The key is safe in the vault.", f.region, f.error.message, f.error.code));
                    }
                    text
                }))
            }
            Command::Keys(KeysCommand::ImportFile { path, name, delete_file, passphrase_env }) => {
                let vault = Vault::open(&amikey_core::datadir::data_dir()?)?;
                let mut passphrase = passphrase_env.and_then(|v| std::env::var(v).ok());
                let outcome = loop {
                    match keyfiles::import_file(&aws, &vault, &target, &path, name.clone(), passphrase.as_deref(), delete_file).await {
                        Err(e) if e.code == amikey_core::ErrorCode::PassphraseRequired && passphrase.is_none() && std::io::IsTerminal::is_terminal(&std::io::stdin()) => {
                            passphrase = Some(rpassword::prompt_password(format!("Passphrase for {}: ", path.display())).map_err(|e| Error::invalid_input(e.to_string()))?);
                        }
                        other => break other?,
                    }
                };
                Ok(render_json_or(&outcome, cli.output, || {
                    let mut text = if outcome.already_in_vault {
                        format!("This key is in the vault already, as \"{}\".", outcome.entry.name)
                    } else {
                        format!("Stored \"{}\" ({}) in the vault.", outcome.entry.name, outcome.entry.key_type)
                    };
                    if outcome.matches.is_empty() {
                        text.push_str("\nIt opens no key pair in the enabled regions.");
                    }
                    for m in &outcome.matches {
                        text.push_str(&format!("\nOpens {} ({}) in {}.", m.key_pair_name, m.key_pair_id, m.region));
                    }
                    if outcome.file_deleted {
                        text.push_str(&format!("\nThe vault copy checked out; deleted {}.", path.display()));
                    } else if outcome.verified {
                        text.push_str(&format!("\nThe vault copy checked out; you can delete {} (or pass --delete-file).", path.display()));
                    }
                    text
                }))
            }
            Command::Keys(KeysCommand::ImportPublic { name, regions, file: Some(file) }) => {
                let vault = Vault::open_unchecked(&amikey_core::datadir::data_dir()?);
                let targets: Vec<Target> = regions.iter().map(|r| Target::new(target.profile.clone(), r.clone())).collect();
                let outcome = keyfiles::import_public_file(&aws, &vault, &targets, &name, &file).await?;
                Ok(render_json_or(&outcome, cli.output, || imported_text(&name, &outcome.imported, &outcome.failures)))
            }
            Command::Keys(KeysCommand::ImportPublic { name, regions, file: None }) => {
                let vault = Vault::open_unchecked(&amikey_core::datadir::data_dir()?);
                let targets: Vec<Target> = regions.iter().map(|r| Target::new(target.profile.clone(), r.clone())).collect();
                let outcome = keyflows::import_public(&aws, &vault, &targets, &name).await?;
                Ok(render_json_or(&outcome, cli.output, || imported_text(&name, &outcome.imported, &outcome.failures)))
            }
            Command::Keys(KeysCommand::Scan { dirs }) => {
                let vault = Vault::open_unchecked(&amikey_core::datadir::data_dir()?);
                let dirs = if dirs.is_empty() { vec![keyfiles::ssh_dir()?] } else { dirs };
                let found = keyfiles::scan(&aws, &vault, &target, &dirs).await?;
                Ok(render_json_or(&found, cli.output, || files_text(&found)))
            }
            Command::Keys(KeysCommand::Ssh { instance_id }) => {
                let vault = Vault::open_unchecked(&amikey_core::datadir::data_dir()?);
                let advice = amikey_core::ssh::ssh_advice(&aws, &vault, &target, &instance_id).await?;
                Ok(render_json_or(&advice, cli.output, || {
                    let mut lines: Vec<String> = advice.command.iter().cloned().collect();
                    if advice.needs_saved_key {
                        lines.push(format!("First save the key where ssh can read it: amikey keys export {}", advice.vault_name.clone().unwrap_or_default()));
                    }
                    lines.extend(advice.notes.iter().map(|n| format!("Note: {n}")));
                    lines.join("\n")
                }))
            }
            Command::Keys(KeysCommand::Match { paths }) => {
                let vault = Vault::open_unchecked(&amikey_core::datadir::data_dir()?);
                let found = keyfiles::match_files(&aws, &vault, &target, &paths).await?;
                Ok(render_json_or(&found, cli.output, || files_text(&found)))
            }
            Command::Keys(KeysCommand::Export { name, out, format }) => {
                let vault = Vault::open(&amikey_core::datadir::data_dir()?)?;
                let format = match format {
                    FormatArg::Openssh => keyfiles::ExportFormat::Openssh,
                    FormatArg::Pem => keyfiles::ExportFormat::Pem,
                };
                let path = match out {
                    Some(out) => {
                        keyfiles::export(&vault, &name, &out, format)?;
                        out.display().to_string()
                    }
                    None => keyfiles::save_for_ssh(&vault, &name, &keyfiles::ssh_dir()?)?,
                };
                Ok(render_json_or(&serde_json::json!({ "name": name, "path": path }), cli.output, || {
                    format!("Wrote the private key of \"{name}\" to {path} (readable by you only).")
                }))
            }
            Command::Keys(KeysCommand::Delete { name, aws: on_aws, local }) => {
                let data_dir = amikey_core::datadir::data_dir()?;
                let vault = if local { Vault::open(&data_dir)? } else { Vault::open_unchecked(&data_dir) };
                keyflows::delete(&aws, &vault, &target, &name, on_aws, local).await?;
                Ok(render_json_or(&serde_json::json!({ "name": name, "aws": on_aws, "local": local }), cli.output, || {
                    format!("Deleted \"{name}\"{}{}.", if on_aws { " on AWS" } else { "" }, if local { " from the vault" } else { "" })
                }))
            }
            Command::Ami(cmd) => crate::cli_ami::run_ami(&aws, &target, cmd, cli.output).await,
            Command::Audit(args) => {
                let (text, clean) = crate::cli_ami::run_audit(&aws, &target, args, cli.output).await?;
                unclean = !clean;
                Ok(text)
            }
            Command::Instances(cmd) => crate::cli_ami::run_instances(&aws, &target, cmd, cli.output).await,
            Command::Sandbox(_) => unreachable!("handled above"),
        }
    });
    let mut stdout = std::io::stdout().lock();
    match result {
        Ok(text) => {
            let _ = writeln!(stdout, "{text}");
            i32::from(unclean)
        }
        Err(err) => {
            match cli.output {
                Output::Json => eprintln!("{}", serde_json::json!({ "error": err })),
                Output::Table => eprintln!("amikey: {} ({})", err.message, err.code),
            }
            1
        }
    }
}

async fn serve_sandbox(
    port: u16,
    state: Option<std::path::PathBuf>,
    latency_ms: u64,
    fault_rate: f64,
    catalog_size: usize,
    instant: bool,
) -> i32 {
    if !(0.0..=1.0).contains(&fault_rate) {
        eprintln!("amikey: --fault-rate must be between 0.0 and 1.0");
        return 2;
    }
    let faults = Faults { all: Fault { latency_ms, throttle_rate: fault_rate, ..Fault::default() }, ..Faults::default() };
    let timing = if instant { Timing::INSTANT } else { Timing::REALISTIC };
    let config = SandboxConfig { state_file: state, timing, faults, catalog_size };
    match Sandbox::start(config, port).await {
        Ok(sandbox) => {
            println!("listening on {}", sandbox.endpoint());
            let _ = std::io::stdout().flush();
            sandbox.wait().await;
            0
        }
        Err(e) => {
            eprintln!("amikey: could not listen on 127.0.0.1:{port}: {e}");
            1
        }
    }
}

fn imported_text(name: &str, imported: &[amikey_core::vault::KeyLink], failures: &[amikey_core::regions::RegionFailure]) -> String {
    let mut text = String::new();
    for l in imported {
        text.push_str(&format!("Imported \"{name}\" into {} as {}.\n", l.region, l.key_pair_id));
    }
    for f in failures {
        text.push_str(&format!("Not imported into {}: {} ({}).\n", f.region, f.error.message, f.error.code));
    }
    text.trim_end().to_string()
}

fn files_text(found: &[FileMatch]) -> String {
    if found.is_empty() {
        return "No private key files found.".into();
    }
    found
        .iter()
        .map(|m| {
            let mut line = match (&m.problem, m.opens.is_empty()) {
                (Some(p), _) => format!("{}: not a usable private key ({p})", m.path),
                (None, true) => format!("{}: opens no key pair in the enabled regions", m.path),
                (None, false) => format!(
                    "{}: opens {}",
                    m.path,
                    m.opens.iter().map(|o| format!("{} ({}) in {}", o.key_pair_name, o.key_pair_id, o.region)).collect::<Vec<_>>().join(", ")
                ),
            };
            if let Some(v) = &m.vault_name {
                line.push_str(&format!("; in the vault as \"{v}\" (this file is a loose copy)"));
            }
            if m.too_open {
                line.push_str("; readable by others, so ssh refuses it");
            }
            if m.encrypted {
                line.push_str("; passphrase-protected");
            }
            line
        })
        .collect::<Vec<_>>()
        .join("\n")
}

pub(crate) fn render_json_or<T: serde::Serialize>(value: &T, output: Output, text: impl FnOnce() -> String) -> String {
    match output {
        Output::Json => serde_json::to_string_pretty(value).unwrap_or_default(),
        Output::Table => text(),
    }
}

pub(crate) fn new_table() -> Table {
    let mut table = Table::new();
    table.load_preset(UTF8_BORDERS_ONLY);
    table
}

// KeyInventory's serde form is the documented, stable JSON.
fn render_key_pairs(listing: &KeyInventory, output: Output, all_regions: bool) -> String {
    render_json_or(listing, output, || key_pairs_table(listing, all_regions))
}

fn key_pairs_table(listing: &KeyInventory, all_regions: bool) -> String {
    let mut table = new_table();
    let mut header = vec!["Name", "ID", "Type", "Fingerprint", "Created", "Tags", "Private key", "Instances"];
    if all_regions {
        header.insert(0, "Region");
    }
    table.set_header(header);
    for status in &listing.key_pairs {
        let k = &status.key_pair;
        let local = match status.local_status {
            LocalStatus::InVault => "in vault",
            LocalStatus::NotOnThisMachine => "NOT ON THIS MACHINE",
        };
        let tags = k.tags.iter().map(|t| format!("{}={}", t.key, t.value)).collect::<Vec<_>>().join(", ");
        let key_type = serde_json::to_value(k.key_type).ok().and_then(|v| v.as_str().map(str::to_string));
        let mut row = vec![
            k.name.clone(),
            k.key_pair_id.clone(),
            key_type.unwrap_or_default(),
            k.fingerprint.clone(),
            k.created.clone().unwrap_or_default(),
            tags,
            local.to_string(),
            status.instances.len().to_string(),
        ];
        if all_regions {
            row.insert(0, k.region.clone());
        }
        table.add_row(row);
    }
    let mut text = if listing.key_pairs.is_empty() {
        format!("No key pairs in {}.", listing.regions.join(", "))
    } else {
        table.to_string()
    };
    for e in &listing.local_only {
        text.push_str(&format!("\nIn the vault but not on AWS here: {} ({})", e.name, e.key_type));
    }
    for f in &listing.failures {
        text.push_str(&format!("\n{}: {} ({})", f.region, f.error.message, f.error.code));
    }
    text
}
