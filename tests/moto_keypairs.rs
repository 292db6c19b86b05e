//! Key-pair listing through core and through the CLI, against a real moto_server.

mod support;

use amikey_core::keypairs::{list_key_pairs, list_key_pairs_all_regions, KeyType};
use amikey_core::{AccessSettings, Aws, ErrorCode, Target};
use aws_sdk_ec2::types::{KeyType as SdkKeyType, ResourceType, Tag, TagSpecification};
use support::{ec2, isolate_aws_env, Moto};

fn aws_for(moto: &Moto) -> Aws {
    Aws::new(AccessSettings { endpoint_url: Some(moto.endpoint.clone()), ..AccessSettings::default() })
}

struct Created {
    name: String,
    id: String,
    fingerprint: String,
}

async fn create(moto: &Moto, region: &str, name: &str, key_type: SdkKeyType) -> Created {
    let out = ec2(&moto.endpoint, region)
        .await
        .create_key_pair()
        .key_name(name)
        .key_type(key_type)
        .tag_specifications(
            TagSpecification::builder()
                .resource_type(ResourceType::KeyPair)
                .tags(Tag::builder().key("owner").value("tests").build())
                .build(),
        )
        .send()
        .await
        .expect("CreateKeyPair on moto");
    Created {
        name: out.key_name.unwrap(),
        id: out.key_pair_id.unwrap(),
        fingerprint: out.key_fingerprint.unwrap(),
    }
}

#[tokio::test]
async fn core_lists_key_pairs_created_through_the_sdk() {
    isolate_aws_env();
    let moto = Moto::start();
    let rsa = create(&moto, "us-east-1", "web-rsa", SdkKeyType::Rsa).await;
    let ed = create(&moto, "us-east-1", "deploy-ed25519", SdkKeyType::Ed25519).await;
    create(&moto, "eu-west-1", "only-in-ireland", SdkKeyType::Ed25519).await;

    let aws = aws_for(&moto);
    let listed = list_key_pairs(&aws, &Target::new(None, "us-east-1")).await.unwrap();
    let names: Vec<&str> = listed.iter().map(|k| k.name.as_str()).collect();
    assert_eq!(names, ["deploy-ed25519", "web-rsa"], "sorted by name, region-scoped");

    let got_rsa = listed.iter().find(|k| k.name == rsa.name).unwrap();
    assert_eq!(got_rsa.key_pair_id, rsa.id);
    assert_eq!(got_rsa.key_type, KeyType::Rsa);
    assert_eq!(got_rsa.fingerprint, rsa.fingerprint);
    assert_eq!(got_rsa.region, "us-east-1");
    assert_eq!(got_rsa.tags.len(), 1);
    assert_eq!((got_rsa.tags[0].key.as_str(), got_rsa.tags[0].value.as_str()), ("owner", "tests"));
    assert!(got_rsa.created.as_deref().is_some_and(|c| c.ends_with('Z')), "{:?}", got_rsa.created);

    let got_ed = listed.iter().find(|k| k.name == ed.name).unwrap();
    assert_eq!((got_ed.key_type, got_ed.key_pair_id.as_str(), got_ed.fingerprint.as_str()), (KeyType::Ed25519, ed.id.as_str(), ed.fingerprint.as_str()));
}

#[tokio::test]
async fn all_regions_finds_keys_everywhere_and_skips_disabled_regions() {
    isolate_aws_env();
    let moto = Moto::start();
    create(&moto, "us-east-1", "east", SdkKeyType::Ed25519).await;
    create(&moto, "ap-southeast-2", "sydney", SdkKeyType::Rsa).await;

    let listing = list_key_pairs_all_regions(&aws_for(&moto), &Target::new(None, "us-east-1")).await.unwrap();
    let found: Vec<(&str, &str)> = listing.key_pairs.iter().map(|k| (k.region.as_str(), k.name.as_str())).collect();
    assert_eq!(found, [("ap-southeast-2", "sydney"), ("us-east-1", "east")]);
    assert!(listing.failures.is_empty(), "{:?}", listing.failures);
    assert!(listing.regions.len() >= 10, "asked only {:?}", listing.regions);
    // moto lists opt-in regions as not-opted-in; AWS would not return them at all.
    assert!(!listing.regions.iter().any(|r| r == "ap-east-1"), "{:?}", listing.regions);
}

#[tokio::test]
async fn aws_errors_are_classified() {
    isolate_aws_env();
    let locked = Moto::start_enforcing_auth();
    let err = list_key_pairs(&aws_for(&locked), &Target::new(None, "us-east-1")).await.unwrap_err();
    assert_eq!(err.code, ErrorCode::AuthFailed, "{err:?}");
    assert!(err.message.contains("aws configure"), "{}", err.message);

    // Nothing listens on this port: a network error, with the region named.
    let port = support::free_port();
    let aws = Aws::new(AccessSettings { endpoint_url: Some(format!("http://127.0.0.1:{port}")), ..AccessSettings::default() });
    let err = list_key_pairs(&aws, &Target::new(None, "eu-west-1")).await.unwrap_err();
    assert_eq!(err.code, ErrorCode::Network, "{err:?}");
    assert!(err.message.contains("eu-west-1"), "{}", err.message);
}

#[tokio::test]
async fn identity_comes_from_sts() {
    isolate_aws_env();
    let moto = Moto::start();
    let id = aws_for(&moto).identity(&Target::new(None, "us-east-1")).await.unwrap();
    assert_eq!(id.account.len(), 12, "{id:?}");
    assert!(id.arn.starts_with("arn:aws:"), "{id:?}");
    assert_eq!(id.endpoint_url.as_deref(), Some(moto.endpoint.as_str()));
}

// The CLI is the same binary as the window; its JSON output is documented in the README.
#[tokio::test]
async fn cli_lists_key_pairs_as_json() {
    isolate_aws_env();
    let moto = Moto::start();
    let a = create(&moto, "us-east-1", "cli-a", SdkKeyType::Ed25519).await;
    create(&moto, "eu-west-1", "cli-b", SdkKeyType::Rsa).await;

    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_amikey"))
            .args(["--endpoint-url", &moto.endpoint])
            .args(args)
            .output()
            .unwrap()
    };
    let out = run(&["--region", "us-east-1", "keys", "list", "--output", "json"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["regions"], serde_json::json!(["us-east-1"]));
    assert_eq!(json["failures"], serde_json::json!([]));
    let keys = json["key_pairs"].as_array().unwrap();
    assert_eq!(keys.len(), 1);
    assert_eq!(keys[0]["name"], "cli-a");
    assert_eq!(keys[0]["key_pair_id"], a.id.as_str());
    assert_eq!(keys[0]["key_type"], "ed25519");
    assert_eq!(keys[0]["fingerprint"], a.fingerprint.as_str());
    assert_eq!(keys[0]["region"], "us-east-1");
    assert_eq!(keys[0]["tags"], serde_json::json!([{ "key": "owner", "value": "tests" }]));

    let out = run(&["--region", "us-east-1", "keys", "list", "--all-regions", "--output", "json"]);
    assert!(out.status.success());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let names: Vec<&str> = json["key_pairs"].as_array().unwrap().iter().map(|k| k["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["cli-b", "cli-a"], "sorted by region, then name");

    let out = run(&["--region", "us-east-1", "keys", "list"]);
    let table = String::from_utf8(out.stdout).unwrap();
    assert!(table.contains("cli-a") && table.contains(&a.id) && !table.contains("cli-b"), "{table}");

    // Errors: exit 1, a JSON error with a stable code on stderr.
    let locked = Moto::start_enforcing_auth();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_amikey"))
        .args(["--endpoint-url", &locked.endpoint, "--region", "us-east-1", "keys", "list", "--output", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err: serde_json::Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(err["error"]["code"], "auth_failed");
}

/// Against moto: the key list counts the instances launched with each key pair,
/// and the SSH advice names the AMI's default user (Ubuntu → ubuntu) and says
/// plainly that this machine lacks the private key.
#[tokio::test(flavor = "multi_thread")]
async fn instances_per_key_pair_and_the_ssh_advice_against_moto() {
    isolate_aws_env();
    let moto = Moto::start();
    create(&moto, "us-east-1", "fleet", SdkKeyType::Ed25519).await;
    let sdk = ec2(&moto.endpoint, "us-east-1").await;
    let run = sdk
        .run_instances()
        .image_id("ami-785db401")
        .instance_type(aws_sdk_ec2::types::InstanceType::T3Micro)
        .key_name("fleet")
        .min_count(2)
        .max_count(2)
        .send()
        .await
        .unwrap();
    let mut ids: Vec<String> = run.instances().iter().map(|i| i.instance_id().unwrap().to_string()).collect();
    ids.sort();

    let aws = aws_for(&moto);
    let data = tempfile::tempdir().unwrap();
    let vault = amikey_core::vault::Vault::open_unchecked(data.path());
    let inv = amikey_core::keyflows::inventory(&aws, &vault, &Target::new(None, "us-east-1"), true, &[]).await.unwrap();
    let fleet = inv.key_pairs.iter().find(|k| k.key_pair.name == "fleet").unwrap();
    assert_eq!(fleet.instances, ids);
    assert!(inv.instance_failures.is_empty(), "{:?}", inv.instance_failures);

    let advice = amikey_core::ssh::ssh_advice(&aws, &vault, &Target::new(None, "us-east-1"), &ids[0]).await.unwrap();
    assert_eq!(advice.user, "ubuntu");
    assert!(advice.host.is_some());
    assert_eq!(advice.command, None, "no private key here, so no command to paste");
    assert!(advice.notes.iter().any(|n| n.contains("not on this machine")), "{:?}", advice.notes);
}
