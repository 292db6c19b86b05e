//! The practice sandbox as a server: protocol rules (unsigned requests, DryRun,
//! practice policy), faults and retries, time-based states, persistence, and the
//! standalone `amikey sandbox serve` driven by the AWS CLI.

mod support;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Duration;

use amikey_core::keypairs::list_key_pairs;
use amikey_core::{AccessSettings, Aws, ErrorCode, Target};
use amikey_sandbox::{Fault, Faults, Sandbox, SandboxConfig, Timing};
use aws_sdk_ec2::error::ProvideErrorMetadata;
use aws_sdk_ec2::types::{ImageState, InstanceStateName};
use support::{ec2, isolate_aws_env, repo_root};

async fn sandbox(timing: Timing, faults: Faults) -> Sandbox {
    Sandbox::start(SandboxConfig { timing, faults, ..SandboxConfig::default() }, 0).await.unwrap()
}

fn aws_for(endpoint: &str) -> Aws {
    // Short backoff so retry tests are quick; enough attempts that 30% throttling
    // practically never fails a call (0.3^8).
    Aws::new(AccessSettings {
        endpoint_url: Some(endpoint.to_string()),
        max_attempts: 8,
        initial_backoff: Duration::from_millis(5),
        ..AccessSettings::default()
    })
}

fn curl(args: &[&str]) -> String {
    let out = Command::new("curl").args(["-s", "-w", "\n%{http_code}"]).args(args).output().expect("curl");
    String::from_utf8(out.stdout).unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn unsigned_requests_are_refused_and_signed_ones_answered() {
    let s = sandbox(Timing::INSTANT, Faults::default()).await;
    let unsigned = curl(&["-d", "Action=DescribeRegions&Version=2016-11-15", &s.endpoint()]);
    assert!(unsigned.ends_with("\n401"), "{unsigned}");
    assert!(unsigned.contains("<Response><Errors><Error><Code>AuthFailure</Code>"), "{unsigned}");
    assert!(unsigned.contains("<RequestID>"), "{unsigned}");
    let signed = curl(&[
        "-H",
        "Authorization: AWS4-HMAC-SHA256 Credential=AKIA/20260101/eu-west-1/ec2/aws4_request, SignedHeaders=host, Signature=x",
        "-d",
        "Action=DescribeAvailabilityZones&Version=2016-11-15",
        &s.endpoint(),
    ]);
    assert!(signed.ends_with("\n200"), "{signed}");
    assert!(signed.contains(r#"<DescribeAvailabilityZonesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">"#));
    assert!(signed.contains("<zoneName>eu-west-1a</zoneName>"), "{signed}");
}

#[tokio::test(flavor = "multi_thread")]
async fn dry_run_and_practice_policy() {
    isolate_aws_env();
    let s = sandbox(Timing::INSTANT, Faults::default()).await;
    let sdk = ec2(&s.endpoint(), "us-east-1").await;
    let e = sdk.create_key_pair().key_name("k").dry_run(true).send().await.unwrap_err();
    assert_eq!(e.code(), Some("DryRunOperation"));
    assert!(sdk.describe_key_pairs().key_names("k").send().await.is_err(), "dry run created nothing");

    let set = curl(&["-H", "content-type: application/json", "-d", r#"{"deny":["DescribeKeyPairs"]}"#, &format!("{}/_sandbox/policy", s.endpoint())]);
    assert!(set.ends_with("204"), "{set}");
    let err = list_key_pairs(&aws_for(&s.endpoint()), &Target::new(None, "us-east-1")).await.unwrap_err();
    assert_eq!(err.code, ErrorCode::PermissionDenied, "{err:?}");
    assert!(err.message.contains("DescribeKeyPairs"), "{}", err.message);
    // Dry run reports the missing permission before anything is submitted.
    let e = sdk.describe_key_pairs().dry_run(true).send().await.unwrap_err();
    assert_eq!(e.code(), Some("UnauthorizedOperation"));
}

#[tokio::test(flavor = "multi_thread")]
async fn survives_30_percent_throttling_and_reports_100_percent() {
    isolate_aws_env();
    let mut faults = Faults::default();
    faults.actions.insert("DescribeKeyPairs".into(), Fault { throttle_rate: 0.3, ..Fault::default() });
    let s = sandbox(Timing::INSTANT, faults).await;
    let aws = aws_for(&s.endpoint());
    for _ in 0..20 {
        let keys = list_key_pairs(&aws, &Target::new(None, "us-east-1")).await.expect("SDK retries hide 30% throttling");
        assert!(keys.iter().any(|k| k.name == "web-servers"));
    }

    let all = r#"{"all":{"throttle_rate":1.0}}"#;
    let set = curl(&["-H", "content-type: application/json", "-d", all, &format!("{}/_sandbox/faults", s.endpoint())]);
    assert!(set.ends_with("204"), "{set}");
    let err = list_key_pairs(&aws, &Target::new(None, "us-east-1")).await.unwrap_err();
    assert_eq!(err.code, ErrorCode::Throttled, "{err:?}");
    assert!(err.message.contains("throttling") && err.message.contains("us-east-1"), "{}", err.message);
}

#[tokio::test(flavor = "multi_thread")]
async fn states_change_over_time() {
    isolate_aws_env();
    let timing = Timing {
        instance_start: Duration::from_millis(400),
        instance_stop: Duration::from_millis(400),
        image_create: Duration::from_millis(600),
        image_copy: Duration::from_millis(600),
    };
    let s = sandbox(timing, Faults::default()).await;
    let sdk = ec2(&s.endpoint(), "us-east-1").await;
    let base = sdk.describe_images().owners("amazon").send().await.unwrap().images()[0].image_id().unwrap().to_string();
    let run = sdk.run_instances().image_id(&base).min_count(1).max_count(1).instance_type("t3.micro".into()).send().await.unwrap();
    let id = run.instances()[0].instance_id().unwrap().to_string();
    let state = |d: aws_sdk_ec2::operation::describe_instances::DescribeInstancesOutput| {
        d.reservations()[0].instances()[0].state().unwrap().name().cloned().unwrap()
    };
    assert_eq!(state(sdk.describe_instances().instance_ids(&id).send().await.unwrap()), InstanceStateName::Pending);
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(state(sdk.describe_instances().instance_ids(&id).send().await.unwrap()), InstanceStateName::Running);

    let image = sdk.create_image().instance_id(&id).name("timed image").send().await.unwrap().image_id.unwrap();
    let img = sdk.describe_images().image_ids(&image).send().await.unwrap();
    assert_eq!(img.images()[0].state(), Some(&ImageState::Pending));
    tokio::time::sleep(Duration::from_millis(300)).await;
    let snaps = sdk.describe_snapshots().owner_ids("self").send().await.unwrap();
    // The practice world has snapshots of its own: find the new image's.
    let new = snaps.snapshots().iter().find(|s| s.description().unwrap_or_default().contains(&image)).unwrap();
    let progress = new.progress().unwrap().trim_end_matches('%').parse::<u32>().unwrap();
    assert!((1..100).contains(&progress), "snapshot progress rises: {progress}%");
    tokio::time::sleep(Duration::from_millis(400)).await;
    let img = sdk.describe_images().image_ids(&image).send().await.unwrap();
    assert_eq!(img.images()[0].state(), Some(&ImageState::Available));

    let stop = sdk.stop_instances().instance_ids(&id).send().await.unwrap();
    assert_eq!(stop.stopping_instances()[0].current_state().unwrap().name(), Some(&InstanceStateName::Stopping));
    let e = sdk.start_instances().instance_ids(&id).send().await.unwrap_err();
    assert_eq!(e.code(), Some("IncorrectInstanceState"), "cannot start while stopping");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_world_persists_and_resets() {
    isolate_aws_env();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("world.json");
    let config = SandboxConfig { state_file: Some(file.clone()), timing: Timing::INSTANT, ..SandboxConfig::default() };
    let s = Sandbox::start(config.clone(), 0).await.unwrap();
    ec2(&s.endpoint(), "eu-west-1").await.create_key_pair().key_name("kept").send().await.unwrap();
    s.stop().await;

    let s = Sandbox::start(config, 0).await.unwrap();
    let aws = aws_for(&s.endpoint());
    let names = |k: Vec<amikey_core::keypairs::KeyPair>| k.into_iter().map(|k| k.name).collect::<Vec<_>>();
    assert!(names(list_key_pairs(&aws, &Target::new(None, "eu-west-1")).await.unwrap()).contains(&"kept".to_string()));
    s.reset().await.unwrap();
    let after = names(list_key_pairs(&aws, &Target::new(None, "eu-west-1")).await.unwrap());
    assert_eq!(after, ["web-servers"], "back to the seeded world");
}

#[test]
fn aws_cli_drives_the_standalone_sandbox_through_the_golden_image_flow() {
    let aws_cli = std::env::var_os("AWS_CLI").map(std::path::PathBuf::from).unwrap_or_else(|| repo_root().join(".venv/bin/aws"));
    assert!(aws_cli.exists(), "the AWS CLI is not at {}: run `make test` (it installs awscli from PyPI)", aws_cli.display());
    let mut serve = Command::new(env!("CARGO_BIN_EXE_amikey"))
        .args(["sandbox", "serve", "--port", "0", "--instant"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(serve.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let endpoint = line.trim().strip_prefix("listening on ").unwrap_or_else(|| panic!("unexpected first line: {line}")).to_string();
    let out = Command::new("bash")
        .arg(repo_root().join("tests/awscli_flow.sh"))
        .arg(&endpoint)
        .env("AWS_CLI", &aws_cli)
        .output()
        .unwrap();
    let _ = serve.kill();
    let _ = serve.wait();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}\n{}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.contains("awscli flow: all steps passed"), "{stdout}");
}

#[tokio::test(flavor = "multi_thread")]
async fn image_lifecycle_network_tags_and_templates() {
    use aws_sdk_ec2::types::{
        IpPermission, IpRange, LaunchPermission, LaunchPermissionModifications, RequestLaunchTemplateData, Tag,
    };
    isolate_aws_env();
    let s = sandbox(Timing::INSTANT, Faults::default()).await;
    let east = ec2(&s.endpoint(), "us-east-1").await;
    let west = ec2(&s.endpoint(), "eu-west-1").await;
    let base = east.describe_images().owners("amazon").send().await.unwrap().images()[0].image_id().unwrap().to_string();
    let run = east.run_instances().image_id(&base).min_count(1).max_count(1).instance_type("t3.micro".into()).send().await.unwrap();
    let instance = run.instances()[0].instance_id().unwrap().to_string();
    let image = east.create_image().instance_id(&instance).name("golden").send().await.unwrap().image_id.unwrap();

    // Copy across regions, idempotent with a client token.
    let copy = |token: &'static str| {
        west.copy_image().source_image_id(&image).source_region("us-east-1").name("golden-copy").client_token(token).send()
    };
    let first = copy("tok-1").await.unwrap().image_id.unwrap();
    assert_eq!(copy("tok-1").await.unwrap().image_id.unwrap(), first, "same token, same copy");
    let copied = west.describe_images().image_ids(&first).send().await.unwrap();
    assert_eq!(copied.images()[0].source_image_id(), Some(image.as_str()));

    // Share with an account, then publicly; unshare.
    let share = LaunchPermissionModifications::builder().add(LaunchPermission::builder().user_id("444455556666").build()).build();
    east.modify_image_attribute().image_id(&image).launch_permission(share).send().await.unwrap();
    let bad = LaunchPermissionModifications::builder().add(LaunchPermission::builder().user_id("12").build()).build();
    let e = east.modify_image_attribute().image_id(&image).launch_permission(bad).send().await.unwrap_err();
    assert_eq!(e.code(), Some("InvalidParameterValue"));
    let attr = east
        .describe_image_attribute()
        .image_id(&image)
        .attribute(aws_sdk_ec2::types::ImageAttributeName::LaunchPermission)
        .send()
        .await
        .unwrap();
    assert_eq!(attr.launch_permissions()[0].user_id(), Some("444455556666"));
    east.reset_image_attribute().image_id(&image).attribute("launchPermission".into()).send().await.unwrap();

    // Deprecate, disable, protect.
    let later = aws_sdk_ec2::primitives::DateTime::from_secs(aws_sdk_ec2::primitives::DateTime::from(std::time::SystemTime::now()).secs() + 86_400);
    east.enable_image_deprecation().image_id(&image).deprecate_at(later).send().await.unwrap();
    let d = east.describe_images().image_ids(&image).send().await.unwrap();
    assert!(d.images()[0].deprecation_time().is_some());
    east.enable_image_deregistration_protection().image_id(&image).send().await.unwrap();
    let e = east.deregister_image().image_id(&image).send().await.unwrap_err();
    assert_eq!(e.code(), Some("InvalidParameterValue"));
    east.disable_image_deregistration_protection().image_id(&image).send().await.unwrap();
    east.disable_image().image_id(&image).send().await.unwrap();
    let hidden = east.describe_images().owners("self").send().await.unwrap();
    assert!(!hidden.images().iter().any(|i| i.image_id() == Some(image.as_str())), "disabled images are hidden");
    let shown = east.describe_images().owners("self").include_disabled(true).send().await.unwrap();
    assert!(shown.images().iter().any(|i| i.image_id() == Some(image.as_str())));

    // Security group with SSH from one address; duplicates refused; revoke.
    let sg = east.create_security_group().group_name("ssh-from-me").description("SSH from my IP").send().await.unwrap().group_id.unwrap();
    let ssh = IpPermission::builder().ip_protocol("tcp").from_port(22).to_port(22).ip_ranges(IpRange::builder().cidr_ip("198.51.100.7/32").build()).build();
    east.authorize_security_group_ingress().group_id(&sg).ip_permissions(ssh.clone()).send().await.unwrap();
    let dup = east.authorize_security_group_ingress().group_id(&sg).ip_permissions(ssh.clone()).send().await.unwrap_err();
    assert_eq!(dup.code(), Some("InvalidPermission.Duplicate"));
    let open = east
        .describe_security_groups()
        .filters(aws_sdk_ec2::types::Filter::builder().name("ip-permission.cidr").values("198.51.100.7/32").build())
        .send()
        .await
        .unwrap();
    assert_eq!(open.security_groups().len(), 1);
    east.revoke_security_group_ingress().group_id(&sg).ip_permissions(ssh).send().await.unwrap();

    // Tags: validated, described, deleted.
    east.create_tags().resources(&instance).tags(Tag::builder().key("Name").value("web-1").build()).send().await.unwrap();
    let reserved = east.create_tags().resources(&instance).tags(Tag::builder().key("aws:x").value("y").build()).send().await.unwrap_err();
    assert_eq!(reserved.code(), Some("InvalidParameterValue"));
    let tags = east.describe_tags().filters(aws_sdk_ec2::types::Filter::builder().name("resource-id").values(&instance).build()).send().await.unwrap();
    assert_eq!(tags.tags()[0].value(), Some("web-1"));
    let by_tag = east.describe_instances().filters(aws_sdk_ec2::types::Filter::builder().name("tag:Name").values("web-*").build()).send().await.unwrap();
    assert_eq!(by_tag.reservations().len(), 1);
    east.delete_tags().resources(&instance).tags(Tag::builder().key("Name").build()).send().await.unwrap();
    assert!(east.describe_tags().send().await.unwrap().tags().iter().all(|t| t.resource_id() != Some(instance.as_str())));

    // Launch template from the golden image.
    let data = RequestLaunchTemplateData::builder().image_id(&first).instance_type("t3.micro".into()).security_group_ids(&sg).build();
    let lt = west.create_launch_template().launch_template_name("web-golden").launch_template_data(data).send().await.unwrap();
    let id = lt.launch_template().unwrap().launch_template_id().unwrap().to_string();
    let versions = west.describe_launch_template_versions().launch_template_id(&id).send().await.unwrap();
    let v = &versions.launch_template_versions()[0];
    assert_eq!(v.launch_template_data().unwrap().image_id(), Some(first.as_str()));
    assert_eq!(v.launch_template_data().unwrap().security_group_ids(), [sg.as_str()]);
    let dup = west
        .create_launch_template()
        .launch_template_name("web-golden")
        .launch_template_data(RequestLaunchTemplateData::builder().build())
        .send()
        .await
        .unwrap_err();
    assert_eq!(dup.code(), Some("InvalidLaunchTemplateName.AlreadyExistsException"));
    assert_eq!(west.describe_launch_templates().send().await.unwrap().launch_templates().len(), 1);
}
