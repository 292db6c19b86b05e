//! One contract suite, two EC2s: the same calls against moto_server (the reference)
//! and the practice sandbox, with moto's known differences from AWS asserted per
//! backend so that a change in either shows up here.

mod support;

use std::time::Duration;

use amikey_core::keypairs::{list_key_pairs, KeyType};
use amikey_core::regions::enabled_regions;
use amikey_core::{AccessSettings, Aws, ErrorCode, Target};
use amikey_sandbox::{Sandbox, SandboxConfig, Timing};
use aws_sdk_ec2::primitives::Blob;
use aws_sdk_ec2::types::{Filter, ImageState, KeyType as SdkKeyType};
use support::{ec2, isolate_aws_env, Moto};

#[derive(Clone, Copy, PartialEq, Debug)]
enum Backend {
    Moto,
    Sandbox,
}

/// Both EC2s, each with an SDK client (to arrange) and core's factory (to check).
async fn with_backend<F, Fut>(backend: Backend, test: F)
where
    F: FnOnce(String) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    isolate_aws_env();
    match backend {
        Backend::Moto => {
            let moto = Moto::start();
            test(moto.endpoint.clone()).await;
        }
        Backend::Sandbox => {
            let config = SandboxConfig { timing: Timing::INSTANT, ..SandboxConfig::default() };
            let sandbox = Sandbox::start(config, 0).await.unwrap();
            test(sandbox.endpoint()).await;
            sandbox.stop().await;
        }
    }
}

fn core_for(endpoint: &str) -> Aws {
    Aws::new(AccessSettings { endpoint_url: Some(endpoint.to_string()), ..AccessSettings::default() })
}

fn code<E: aws_sdk_ec2::error::ProvideErrorMetadata>(e: &E) -> String {
    e.code().unwrap_or("").to_string()
}

async fn key_pairs_contract(backend: Backend) {
    with_backend(backend, |endpoint| async move {
        let sdk = ec2(&endpoint, "eu-west-1").await;
        let aws = core_for(&endpoint);
        let target = Target::new(None, "eu-west-1");
        let before = list_key_pairs(&aws, &target).await.unwrap().len();

        let rsa = sdk.create_key_pair().key_name("c-rsa").key_type(SdkKeyType::Rsa).send().await.unwrap();
        let pem = rsa.key_material().unwrap();
        assert!(pem.starts_with(amikey_keys::RSA_PKCS1_PRIVATE_HEADER), "{backend:?}: PKCS#1 PEM");
        let ed = sdk.create_key_pair().key_name("c-ed").key_type(SdkKeyType::Ed25519).send().await.unwrap();
        assert!(ed.key_material().unwrap().starts_with(amikey_keys::OPENSSH_PRIVATE_HEADER), "{backend:?}");

        // AWS's rules, computed from the returned private keys.
        let rsa_private = <rsa::RsaPrivateKey as rsa::pkcs1::DecodeRsaPrivateKey>::from_pkcs1_pem(pem).unwrap();
        let aws_rule_rsa = amikey_keys::aws_created_rsa_fingerprint(&rsa_private).unwrap();
        match backend {
            Backend::Sandbox => {
                assert_eq!(rsa.key_fingerprint(), Some(aws_rule_rsa.as_str()));
                let ed_private = ssh_key::PrivateKey::from_openssh(ed.key_material().unwrap()).unwrap();
                assert_eq!(ed.key_fingerprint(), Some(amikey_keys::ed25519_fingerprint(ed_private.public_key()).as_str()));
            }
            // Documented moto differences: it hashes the public SPKI (colon hex) for
            // both, so ED25519 fingerprints are not AWS's base64 SHA-256.
            Backend::Moto => {
                assert_ne!(rsa.key_fingerprint(), Some(aws_rule_rsa.as_str()));
                assert!(ed.key_fingerprint().unwrap().contains(':'), "{:?}", ed.key_fingerprint());
            }
        }

        // Imported RSA: MD5 of the DER SubjectPublicKeyInfo, on both.
        let local = amikey_keys::generate(amikey_keys::KeyKind::Rsa, 2048).unwrap();
        let line = amikey_keys::openssh_line(&local.public);
        let imported = sdk
            .import_key_pair()
            .key_name("c-imported")
            .public_key_material(Blob::new(line.as_bytes()))
            .send()
            .await
            .unwrap();
        assert_eq!(imported.key_fingerprint(), Some(amikey_keys::imported_fingerprint(&local.public).unwrap().as_str()));

        // Listed through core with the right ids and types.
        let listed = list_key_pairs(&aws, &target).await.unwrap();
        assert_eq!(listed.len(), before + 3);
        let find = |n: &str| listed.iter().find(|k| k.name == n).unwrap().clone();
        assert_eq!((find("c-rsa").key_type, find("c-rsa").key_pair_id), (KeyType::Rsa, rsa.key_pair_id().unwrap().to_string()));
        assert_eq!(find("c-ed").key_type, KeyType::Ed25519);
        assert_eq!(find("c-imported").fingerprint, imported.key_fingerprint().unwrap());

        // Errors.
        let dup = sdk.create_key_pair().key_name("c-rsa").send().await.unwrap_err();
        assert_eq!(code(&dup), "InvalidKeyPair.Duplicate");
        let bad = sdk.import_key_pair().key_name("c-bad").public_key_material(Blob::new("ssh-rsa notakey")).send().await.unwrap_err();
        let want = if backend == Backend::Sandbox { "InvalidKey.Format" } else { "InvalidKeyPair.Format" };
        assert_eq!(code(&bad), want, "{backend:?}");
        let missing = sdk.describe_key_pairs().key_names("nope").send().await.unwrap_err();
        assert_eq!(code(&missing), "InvalidKeyPair.NotFound");

        // Filters.
        let by_name = sdk.describe_key_pairs().filters(Filter::builder().name("key-name").values("c-*").build()).send().await.unwrap();
        assert_eq!(by_name.key_pairs().len(), 3);

        // Delete by name, then it is gone.
        sdk.delete_key_pair().key_name("c-ed").send().await.unwrap();
        assert!(!list_key_pairs(&aws, &target).await.unwrap().iter().any(|k| k.name == "c-ed"));
    })
    .await;
}

async fn golden_image_contract(backend: Backend) {
    with_backend(backend, |endpoint| async move {
        let sdk = ec2(&endpoint, "us-east-1").await;
        let amazon = sdk
            .describe_images()
            .owners("amazon")
            .filters(Filter::builder().name("architecture").values("x86_64").build())
            .send()
            .await
            .unwrap();
        assert!(!amazon.images().is_empty(), "{backend:?}: AWS-provided images");
        let base = amazon.images().iter().find(|i| i.platform().is_none()).unwrap().image_id().unwrap().to_string();

        let run = sdk.run_instances().image_id(&base).instance_type("t3.micro".into()).min_count(1).max_count(1).send().await.unwrap();
        let instance = run.instances()[0].instance_id().unwrap().to_string();

        // AMI names: AWS's rule. moto does not validate them (documented difference).
        let bad = sdk.create_image().instance_id(&instance).name("x").send().await;
        match backend {
            Backend::Sandbox => assert_eq!(code(&bad.unwrap_err()), "InvalidAMIName.Malformed"),
            Backend::Moto => assert!(bad.is_ok(), "moto accepted a 1-character name before; it changed"),
        }

        let created = sdk.create_image().instance_id(&instance).name("golden web (v1)").description("contract").send().await.unwrap();
        let image = created.image_id().unwrap().to_string();
        let mut state = None;
        for _ in 0..50 {
            let d = sdk.describe_images().image_ids(&image).send().await.unwrap();
            state = d.images()[0].state().cloned();
            if state == Some(ImageState::Available) {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        assert_eq!(state, Some(ImageState::Available), "{backend:?}");
        let mine = sdk.describe_images().owners("self").send().await.unwrap();
        assert!(mine.images().iter().any(|i| i.image_id() == Some(&image)));
        let snaps: Vec<String> = sdk.describe_images().image_ids(&image).send().await.unwrap().images()[0]
            .block_device_mappings()
            .iter()
            .filter_map(|b| b.ebs()?.snapshot_id().map(str::to_string))
            .collect();
        assert!(!snaps.is_empty(), "{backend:?}: the image has snapshots");

        if backend == Backend::Sandbox {
            // A snapshot in use by an AMI cannot be deleted.
            let in_use = sdk.delete_snapshot().snapshot_id(&snaps[0]).send().await.unwrap_err();
            assert_eq!(code(&in_use), "InvalidSnapshot.InUse");
            let dup = sdk.create_image().instance_id(&instance).name("golden web (v1)").send().await.unwrap_err();
            assert_eq!(code(&dup), "InvalidAMIName.Duplicate");
        }

        let dereg = sdk.deregister_image().image_id(&image).delete_associated_snapshots(true).send().await.unwrap();
        let left: Vec<String> = sdk
            .describe_snapshots()
            .owner_ids("self")
            .send()
            .await
            .unwrap()
            .snapshots()
            .iter()
            .filter_map(|s| s.snapshot_id().map(str::to_string))
            .collect();
        match backend {
            Backend::Sandbox => {
                assert_eq!(dereg.delete_snapshot_results().len(), snaps.len());
                assert!(snaps.iter().all(|s| !left.contains(s)), "snapshots deleted with the image");
            }
            // Documented moto difference: DeleteAssociatedSnapshots is not honoured.
            Backend::Moto => assert!(snaps.iter().all(|s| left.contains(s))),
        }
        let gone = sdk.describe_images().image_ids(&image).send().await;
        assert!(gone.map(|d| d.images().is_empty()).unwrap_or(true));

        let stopped = sdk.terminate_instances().instance_ids(&instance).send().await.unwrap();
        assert_eq!(stopped.terminating_instances().len(), 1);
    })
    .await;
}

async fn access_contract(backend: Backend) {
    with_backend(backend, |endpoint| async move {
        let aws = core_for(&endpoint);
        let target = Target::new(None, "us-east-1");
        let regions = enabled_regions(&aws, &target).await.unwrap();
        assert!(regions.iter().any(|r| r.name == "eu-west-1"));
        let id = aws.identity(&target).await.unwrap();
        assert_eq!(id.account.len(), 12);
        let bad = ec2(&endpoint, "us-east-1").await.describe_images().image_ids("ami-zzz").send().await.unwrap_err();
        // Documented moto difference: it does not check the id's form.
        let want = if backend == Backend::Sandbox { "InvalidAMIID.Malformed" } else { "InvalidAMIID.NotFound" };
        assert_eq!(code(&bad), want, "{backend:?}");
        let nf = list_key_pairs(&aws, &target).await;
        assert!(nf.is_ok());
        let unknown = ec2(&endpoint, "us-east-1").await.describe_key_pairs().key_names("missing").send().await.unwrap_err();
        let classified = amikey_core::error::classify(unknown, &target.context("DescribeKeyPairs"));
        assert_eq!(classified.code, ErrorCode::NotFound);
    })
    .await;
}

#[tokio::test]
async fn key_pairs_on_moto() {
    key_pairs_contract(Backend::Moto).await;
}

#[tokio::test]
async fn key_pairs_on_sandbox() {
    key_pairs_contract(Backend::Sandbox).await;
}

#[tokio::test]
async fn golden_image_on_moto() {
    golden_image_contract(Backend::Moto).await;
}

#[tokio::test]
async fn golden_image_on_sandbox() {
    golden_image_contract(Backend::Sandbox).await;
}

#[tokio::test]
async fn access_on_moto() {
    access_contract(Backend::Moto).await;
}

#[tokio::test]
async fn access_on_sandbox() {
    access_contract(Backend::Sandbox).await;
}
