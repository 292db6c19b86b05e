//! The golden-image flow through core, against moto_server and the practice sandbox:
//! launch from a trusted base AMI with an SSH rule for one address, create an AMI,
//! follow it to available, launch from it, make a launch template, share, disable,
//! copy, then deregister with its snapshots. moto's gaps are asserted per backend.

mod support;

use amikey_core::amis::{query_images, ImageQuery, ImageScope};
use amikey_core::imageactions::{self, CopyRequest, ImageSwitch, ShareRequest};
use amikey_core::imaging::{self, CreateImageRequest};
use amikey_core::launch::{self, LaunchRequest, TemplateRequest};
use amikey_core::snapshots;
use amikey_core::{AccessSettings, Aws, ErrorCode, Target};
use amikey_sandbox::{Sandbox, SandboxConfig, Timing};
use support::{ec2, isolate_aws_env, Moto};

#[derive(Clone, Copy, PartialEq, Debug)]
enum Backend {
    Moto,
    Sandbox,
}

fn core_for(endpoint: &str) -> Aws {
    Aws::new(AccessSettings { endpoint_url: Some(endpoint.to_string()), ..AccessSettings::default() })
}

async fn wait_available(aws: &Aws, t: &Target, id: &str) -> imaging::ImageProgress {
    for _ in 0..100 {
        let p = imaging::image_progress(aws, t, id).await.unwrap();
        if p.done {
            return p;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("{id} never finished");
}

async fn golden_image_flow(backend: Backend, endpoint: String) {
    let aws = core_for(&endpoint);
    let t = Target::new(None, "us-east-1");
    let sdk = ec2(&endpoint, "us-east-1").await;

    // A trusted base: an AWS-provided (sandbox) or Canonical (moto's catalogue) AMI.
    let base = match backend {
        Backend::Sandbox => {
            let q = ImageQuery { name: Some("al2023-ami-*-x86_64".into()), ..ImageQuery::default() };
            let amazon = query_images(&aws, &t, ImageScope::Amazon, &q).await.unwrap();
            assert!(amazon.images.iter().all(|i| i.trust.level == amikey_core::amis::TrustLevel::Aws));
            amazon.images[0].image_id.clone()
        }
        Backend::Moto => "ami-785db401".to_string(),
    };
    let public_key = amikey_keys::openssh_line(&amikey_keys::generate(amikey_keys::KeyKind::Ed25519, 0).unwrap().public);
    sdk.import_key_pair().key_name("golden").public_key_material(aws_sdk_ec2::primitives::Blob::new(public_key)).send().await.unwrap();

    // Launch: SSH open to one address only; the whole internet is refused before any call.
    let mut req = LaunchRequest {
        image_id: base.clone(),
        instance_type: "t3.micro".into(),
        key_name: Some("golden".into()),
        ssh_from: Some("0.0.0.0/0".into()),
        allow_world_ssh: false,
        user_data: Some("#!/bin/bash\necho hello".into()),
        name: Some("builder".into()),
        tags: vec![],
    };
    assert_eq!(launch::launch_instance(&aws, &t, &req).await.unwrap_err().code, ErrorCode::InvalidInput);
    req.ssh_from = Some("203.0.113.7/32".into());
    let launched = launch::launch_instance(&aws, &t, &req).await.unwrap();
    let sg = sdk.describe_security_groups().group_ids(launched.security_group_id.clone().unwrap()).send().await.unwrap();
    let rules = sg.security_groups()[0].ip_permissions();
    assert_eq!(rules.len(), 1);
    assert_eq!((rules[0].from_port(), rules[0].to_port()), (Some(22), Some(22)));
    assert_eq!(rules[0].ip_ranges()[0].cidr_ip(), Some("203.0.113.7/32"));
    // A second launch reuses the same group.
    let again = launch::launch_instance(&aws, &t, &LaunchRequest { name: Some("builder-2".into()), ..req.clone() }).await.unwrap();
    assert_eq!(again.security_group_id, launched.security_group_id);
    let instance = launched.instance_id.clone();

    // The wizard's first step offers it.
    let sources = imaging::image_sources(&aws, &t).await.unwrap();
    let src = sources.iter().find(|s| s.instance_id == instance).expect("the instance is a source");
    assert_eq!(src.name.as_deref(), Some("builder"));
    assert!(src.eligible, "{:?}", src.reason);
    assert!(!src.volumes.is_empty());

    // Bad input is refused before any call; the name is checked for duplicates.
    assert_eq!(imaging::create_image(&aws, &t, &CreateImageRequest::new(&instance, "x")).await.unwrap_err().code, ErrorCode::InvalidInput);
    let mut create = CreateImageRequest::new(&instance, "golden-web (v1)");
    create.description = Some("nginx on the base image".into());
    create.image_tags = vec![("team".into(), "web".into())];
    if backend == Backend::Sandbox {
        // moto answers 500 for snapshot tag specifications.
        create.snapshot_tags = create.image_tags.clone();
    }
    imaging::check_permission(&aws, &t, &create).await.expect("DryRun says allowed");
    let image = imaging::create_image(&aws, &t, &create).await.unwrap();
    assert_eq!(imaging::create_image(&aws, &t, &create).await.unwrap_err().code, ErrorCode::Conflict, "duplicate name");
    let done = wait_available(&aws, &t, &image).await;
    assert_eq!(done.state, "available");
    assert!(!done.snapshots.is_empty());

    let detail = imageactions::describe_image(&aws, &t, &image).await.unwrap();
    assert!(detail.owned);
    assert_eq!(detail.summary.trust.level, amikey_core::amis::TrustLevel::Mine);
    assert_eq!(detail.source_instance_id.as_deref(), Some(instance.as_str()), "lineage: the source instance");
    let snapshot = detail.block_devices.iter().find_map(|b| b.snapshot_id.clone()).expect("a snapshot behind the AMI");
    assert!(detail.snapshot_monthly_cost_usd > 0.0);

    // Identical servers from it, and a launch template for Auto Scaling.
    let from_golden = launch::launch_instance(&aws, &t, &LaunchRequest { image_id: image.clone(), name: Some("web-1".into()), ..req.clone() }).await.unwrap();
    assert!(imageactions::describe_image(&aws, &t, &image).await.unwrap().instances.contains(&from_golden.instance_id));
    let template = launch::create_launch_template(
        &aws,
        &t,
        &TemplateRequest { name: "golden-web".into(), image_id: image.clone(), instance_type: "t3.micro".into(), key_name: Some("golden".into()), security_group_ids: vec![] },
    )
    .await
    .unwrap();
    assert!(template.launch_template_id.starts_with("lt-"));

    // Share with an account, then unshare; bad ids never reach EC2.
    let share = ShareRequest { image_id: image.clone(), accounts: vec!["111111111111".into()], organizations: vec![], public: false, add: true };
    imageactions::share_image(&aws, &t, &share).await.unwrap();
    assert_eq!(imageactions::describe_image(&aws, &t, &image).await.unwrap().launch_permissions, ["111111111111"]);
    imageactions::share_image(&aws, &t, &ShareRequest { add: false, ..share.clone() }).await.unwrap();
    assert!(imageactions::describe_image(&aws, &t, &image).await.unwrap().launch_permissions.is_empty());
    let bad = ShareRequest { accounts: vec!["12345".into()], ..share.clone() };
    assert_eq!(imageactions::share_image(&aws, &t, &bad).await.unwrap_err().code, ErrorCode::InvalidInput);

    // Disable and enable work on both; deprecation and protection only in the sandbox
    // (moto answers 500: not implemented).
    imageactions::switch_image(&aws, &t, &image, ImageSwitch::Disable, None).await.unwrap();
    assert_eq!(imaging::image_progress(&aws, &t, &image).await.unwrap().state, "disabled");
    imageactions::switch_image(&aws, &t, &image, ImageSwitch::Enable, None).await.unwrap();
    if backend == Backend::Sandbox {
        imageactions::switch_image(&aws, &t, &image, ImageSwitch::Deprecate, Some("2030-01-01T00:00:00Z")).await.unwrap();
        assert!(imageactions::describe_image(&aws, &t, &image).await.unwrap().summary.deprecation_time.unwrap().starts_with("2030-01-01T00:00"));
        imageactions::switch_image(&aws, &t, &image, ImageSwitch::Protect, None).await.unwrap();
        let blocked = imageactions::deregister(&aws, &t, &image, true).await.unwrap_err();
        assert_eq!(blocked.code, ErrorCode::Conflict);
        imageactions::switch_image(&aws, &t, &image, ImageSwitch::Unprotect, None).await.unwrap();
    }

    // Copy to another region; the sandbox records the source (moto does not).
    let copy_req = CopyRequest { image_id: image.clone(), to_regions: vec!["eu-west-1".into()], name: None, description: None, encrypted: false, kms_key_id: None, copy_tags: true };
    let copy = imageactions::copy_image(&aws, &t, &copy_req).await.unwrap();
    assert_eq!(copy.copies.len(), 1, "{:?}", copy.failures);
    if backend == Backend::Sandbox {
        // The same request again (a retry) is the same copy, thanks to its ClientToken
        // (moto ignores ClientToken and would make a second one).
        let retry = imageactions::copy_image(&aws, &t, &copy_req).await.unwrap();
        assert_eq!(retry.copies[0].image_id, copy.copies[0].image_id);
    }
    let eu = Target::new(None, "eu-west-1");
    let copied = imageactions::describe_image(&aws, &eu, &copy.copies[0].image_id).await.unwrap();
    assert_eq!(copied.summary.name, "golden-web (v1)");
    if backend == Backend::Sandbox {
        assert_eq!(copied.source_image_id.as_deref(), Some(image.as_str()));
        wait_available(&aws, &eu, &copy.copies[0].image_id).await;
        assert_eq!(imageactions::describe_image(&aws, &t, &image).await.unwrap().copies.len(), 1, "lineage: copies in other regions");
    }

    // Snapshots: the AMI's is not an orphan, and deleting it is refused while used.
    let listing = snapshots::list_snapshots(&aws, &t).await.unwrap();
    let mine = listing.snapshots.iter().find(|s| s.snapshot_id == snapshot).unwrap();
    assert!(!mine.orphan && mine.used_by == [image.clone()]);
    assert_eq!(snapshots::delete_snapshot(&aws, &t, &snapshot).await.unwrap_err().code, ErrorCode::Conflict);

    // Retire: the preview names the snapshot, its cost and the template; then it goes.
    let preview = imageactions::deregister_preview(&aws, &t, &image).await.unwrap();
    assert_eq!(preview.deleted.iter().map(|d| d.snapshot_id.as_str()).collect::<Vec<_>>(), [snapshot.as_str()]);
    assert!(preview.monthly_cost_freed_usd > 0.0);
    assert_eq!(preview.launch_templates, ["golden-web"]);
    assert!(preview.instances.contains(&from_golden.instance_id));
    let out = imageactions::deregister(&aws, &t, &image, true).await.unwrap();
    assert!(out.snapshots.iter().any(|s| s.snapshot_id == snapshot && s.result == "success"), "{:?}", out.snapshots);
    let after = snapshots::list_snapshots(&aws, &t).await.unwrap();
    assert!(!after.snapshots.iter().any(|s| s.snapshot_id == snapshot), "the snapshot is gone");
    let state = imaging::image_progress(&aws, &t, &image).await.unwrap().state;
    assert!(state == "deregistered" || state == "not_found", "{state}");
}

#[tokio::test(flavor = "multi_thread")]
async fn golden_image_flow_against_the_sandbox() {
    isolate_aws_env();
    let sandbox = Sandbox::start(SandboxConfig { timing: Timing::INSTANT, ..SandboxConfig::default() }, 0).await.unwrap();
    golden_image_flow(Backend::Sandbox, sandbox.endpoint()).await;
    sandbox.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn golden_image_flow_against_moto() {
    isolate_aws_env();
    let moto = Moto::start();
    golden_image_flow(Backend::Moto, moto.endpoint.clone()).await;
}

/// The catalogue: filters go to EC2, the look-alike community image is flagged,
/// and a public search needs a name.
#[tokio::test(flavor = "multi_thread")]
async fn catalogue_filters_and_trust_in_the_sandbox() {
    isolate_aws_env();
    let sandbox = Sandbox::start(SandboxConfig { timing: Timing::INSTANT, ..SandboxConfig::default() }, 0).await.unwrap();
    let aws = core_for(&sandbox.endpoint());
    let t = Target::new(None, "us-east-1");
    let arm = ImageQuery { architecture: Some("arm64".into()), ..ImageQuery::default() };
    let amazon_arm = query_images(&aws, &t, ImageScope::Amazon, &arm).await.unwrap();
    assert!(!amazon_arm.images.is_empty() && amazon_arm.images.iter().all(|i| i.architecture == "arm64"));
    let windows = ImageQuery { platform: Some("windows".into()), ..ImageQuery::default() };
    assert!(query_images(&aws, &t, ImageScope::Amazon, &windows).await.unwrap().images.iter().all(|i| i.platform.as_deref() == Some("windows")));
    assert_eq!(query_images(&aws, &t, ImageScope::Public, &ImageQuery::default()).await.unwrap_err().code, ErrorCode::InvalidInput);
    let lookalike = ImageQuery { name: Some("al2023-ami-*".into()), ..ImageQuery::default() };
    let found = query_images(&aws, &t, ImageScope::Public, &lookalike).await.unwrap();
    let fake = found.images.iter().find(|i| i.trust.level == amikey_core::amis::TrustLevel::Community).expect("the look-alike is public");
    assert!(fake.trust.warning.as_deref().unwrap().contains("Amazon Linux"));
    assert!(found.images.iter().filter(|i| i.trust.level == amikey_core::amis::TrustLevel::Aws).all(|i| i.trust.warning.is_none()));
    sandbox.stop().await;
}

/// The CLI end to end against moto, JSON all the way: launch, create --wait, show,
/// snapshots, deregister --delete-snapshots.
#[tokio::test(flavor = "multi_thread")]
async fn the_ami_cli_against_moto() {
    isolate_aws_env();
    let moto = Moto::start();
    let run = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_amikey"))
            .args(["--endpoint-url", &moto.endpoint, "--region", "us-east-1", "--output", "json"])
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()
    };
    let listed = run(&["ami", "list", "--owner", "public", "--filter", "name=ubuntu/images/*xenial*"]);
    let images = listed["images"].as_array().unwrap();
    // moto gives every built-in AMI the alias "amazon" (AWS shows none for Canonical's).
    let ubuntu = images.iter().find(|i| i["image_id"] == "ami-785db401").expect("found by name");
    assert_eq!(ubuntu["trust"]["publisher"], "Canonical (Ubuntu)", "{listed}");

    let launched = run(&["instances", "launch", "--ami", "ami-785db401", "--ssh-from", "198.51.100.9/32", "--wait"]);
    let instance = launched["instance_id"].as_str().unwrap().to_string();
    assert_eq!(launched["state"], "running");
    assert!(launched["cli"].as_str().unwrap().contains("aws ec2 run-instances"));

    // No --tag: it tags the snapshots too, which moto does not implement (HTTP 500).
    let created = run(&["ami", "create", "--instance", &instance, "--name", "cli-golden", "--description", "made by the CLI", "--wait"]);
    let image = created["image_id"].as_str().unwrap().to_string();
    assert_eq!(created["state"], "available");
    let shown = run(&["ami", "show", &image]);
    assert_eq!(shown["source_instance_id"], instance.as_str());
    assert_eq!(shown["owned"], true);
    let snaps = run(&["ami", "snapshots"]);
    let snap = snaps["snapshots"].as_array().unwrap().iter().find(|s| s["used_by"] == serde_json::json!([image])).unwrap()["snapshot_id"].clone();
    let preview = run(&["ami", "deregister", &image, "--preview"]);
    assert_eq!(preview["deleted"][0]["snapshot_id"], snap);
    let gone = run(&["ami", "deregister", &image, "--delete-snapshots"]);
    assert_eq!(gone["snapshots"][0]["result"], "success");
    let orphans = run(&["ami", "snapshots", "--orphans"]);
    assert!(!orphans["snapshots"].as_array().unwrap().iter().any(|s| s["snapshot_id"] == snap));
}

/// `amikey audit` on the practice world: every seeded mistake is reported (exit 1),
/// a fix applied by id makes its finding go, and scripts get stable JSON.
#[test]
fn the_audit_cli_finds_and_fixes_the_seeded_mistakes() {
    let data = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_amikey"))
            .args(["--practice", "--output", "json"])
            .args(args)
            .env("AMIKEY_DATA_DIR", data.path())
            .env("HOME", data.path())
            .output()
            .unwrap()
    };
    let out = run(&["audit", "--no-local"]);
    assert_eq!(out.status.code(), Some(1), "findings mean exit 1: {}", String::from_utf8_lossy(&out.stderr));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rules: Vec<&str> = report["findings"].as_array().unwrap().iter().map(|f| f["rule"].as_str().unwrap()).collect();
    for rule in ["lost_key", "ssh_open_to_world", "orphan_snapshot", "weak_key", "old_key", "unused_key", "key_in_many_regions", "key_on_many_instances", "unused_ami", "deprecated_ami_in_use", "loose_key_file"] {
        assert!(rules.contains(&rule), "{rule} missing from {rules:?}");
    }
    let orphan = report["findings"].as_array().unwrap().iter().find(|f| f["rule"] == "orphan_snapshot").unwrap();
    assert_eq!(orphan["fix"]["kind"], "delete_snapshot");
    let id = orphan["id"].as_str().unwrap();
    let fixed = run(&["audit", "--no-local", "fix", id]);
    assert!(fixed.status.success(), "{}", String::from_utf8_lossy(&fixed.stderr));
    let again: serde_json::Value = serde_json::from_slice(&run(&["audit", "--no-local"]).stdout).unwrap();
    assert!(!again["findings"].as_array().unwrap().iter().any(|f| f["id"] == id), "the fixed finding is gone");
}
