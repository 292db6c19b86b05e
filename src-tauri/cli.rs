//! The command line: the same binary as the window. No subcommand opens the window;
//! a subcommand runs headless and prints a table or stable JSON (see README).

use std::io::Write;

use amikey_core::keypairs::{list_key_pairs_all_regions, list_key_pairs_in, KeyPairListing};
use amikey_core::preferences::Preferences;
use amikey_core::{AccessSettings, Aws, Error, Target};
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
}

#[derive(Debug, Subcommand)]
pub enum KeysCommand {
    /// List key pairs in the region, or in every enabled region.
    List {
        #[arg(long)]
        all_regions: bool,
    },
}

/// Exit codes: 0 ok, 1 an AWS or input error (printed), 2 bad usage (clap).
pub fn main() -> i32 {
    let cli = Cli::parse();
    let settings = AccessSettings { endpoint_url: cli.endpoint_url.clone(), ..AccessSettings::default() };
    let Some(command) = cli.command else {
        let launch = Preferences { profile: cli.profile, region: cli.region };
        return match crate::run_window(settings, launch) {
            Ok(()) => 0,
            Err(message) => {
                eprintln!("amikey: {message}");
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
    let aws = Aws::new(settings);
    let result = runtime.block_on(async {
        let region = match &cli.region {
            Some(r) => r.clone(),
            None => amikey_core::access::default_region(cli.profile.as_deref()).await,
        };
        let target = Target::new(cli.profile.clone(), region);
        match command {
            Command::Keys(KeysCommand::List { all_regions }) => {
                let listing = if all_regions {
                    list_key_pairs_all_regions(&aws, &target).await?
                } else {
                    list_key_pairs_in(&aws, &target).await?
                };
                Ok::<_, Error>(render_key_pairs(&listing, cli.output, all_regions))
            }
        }
    });
    let mut stdout = std::io::stdout().lock();
    match result {
        Ok(text) => {
            let _ = writeln!(stdout, "{text}");
            0
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

fn render_key_pairs(listing: &KeyPairListing, output: Output, all_regions: bool) -> String {
    if output == Output::Json {
        // KeyPairListing's serde form is the documented, stable JSON.
        return serde_json::to_string_pretty(listing).unwrap_or_default();
    }
    let mut table = Table::new();
    table.load_preset(UTF8_BORDERS_ONLY);
    let mut header = vec!["Name", "ID", "Type", "Fingerprint", "Created", "Tags"];
    if all_regions {
        header.insert(0, "Region");
    }
    table.set_header(header);
    for k in &listing.key_pairs {
        let tags = k.tags.iter().map(|t| format!("{}={}", t.key, t.value)).collect::<Vec<_>>().join(", ");
        let key_type = serde_json::to_value(k.key_type).ok().and_then(|v| v.as_str().map(str::to_string));
        let mut row = vec![
            k.name.clone(),
            k.key_pair_id.clone(),
            key_type.unwrap_or_default(),
            k.fingerprint.clone(),
            k.created.clone().unwrap_or_default(),
            tags,
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
    for f in &listing.failures {
        text.push_str(&format!("\n{}: {} ({})", f.region, f.error.message, f.error.code));
    }
    text
}
