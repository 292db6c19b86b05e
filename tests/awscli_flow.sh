#!/usr/bin/env bash
# The whole golden-image flow through the AWS CLI against a standalone sandbox:
#   tests/awscli_flow.sh http://127.0.0.1:PORT
# Run by tests/sandbox.rs; fails loudly at the first step that does not hold.
set -euo pipefail
endpoint=$1
aws=${AWS_CLI:-aws}
export AWS_ACCESS_KEY_ID=practice AWS_SECRET_ACCESS_KEY=practice AWS_DEFAULT_REGION=eu-west-1 AWS_PAGER=""
ec2() { "$aws" --endpoint-url "$endpoint" ec2 "$@"; }
check() { if [ "$1" != "$2" ]; then echo "FAIL: $3: got '$1', want '$2'" >&2; exit 1; fi; echo "ok: $3"; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

# Key pairs: one made by EC2, one imported from a key made here.
ec2 create-key-pair --key-name cli-made --key-type ed25519 --query KeyMaterial --output text > "$tmp/made"
check "$(head -1 "$tmp/made" | cut -d" " -f2-3)" "OPENSSH PRIVATE" "create-key-pair returns an OpenSSH private key"
ssh-keygen -q -t rsa -b 2048 -m PEM -N '' -f "$tmp/local"
fp=$(ec2 import-key-pair --key-name cli-imported --public-key-material "fileb://$tmp/local.pub" --query KeyFingerprint --output text)
want=$(openssl rsa -in "$tmp/local" -pubout -outform DER 2>/dev/null | openssl md5 -c | awk '{print $NF}')
check "$fp" "$want" "imported RSA fingerprint is MD5 of the DER public key"
check "$(ec2 describe-key-pairs --filters Name=key-name,Values='cli-*' --query 'length(KeyPairs)')" "2" "both key pairs listed"

# Launch from an AWS-provided image, make a custom AMI, wait for it.
base=$(ec2 describe-images --owners amazon --filters Name=architecture,Values=x86_64 Name=name,Values='al2023-*' \
  --query 'Images[0].ImageId' --output text)
instance=$(ec2 run-instances --image-id "$base" --instance-type t3.micro --key-name cli-made \
  --count 1 --query 'Instances[0].InstanceId' --output text)
ec2 wait instance-running --instance-ids "$instance"
check "$(ec2 describe-instances --instance-ids "$instance" --query 'Reservations[0].Instances[0].State.Name' --output text)" "running" "instance running"
image=$(ec2 create-image --instance-id "$instance" --name "cli golden (v1)" --description "from the CLI" --query ImageId --output text)
ec2 wait image-available --image-ids "$image"
check "$(ec2 describe-images --owners self --query 'Images[0].Name' --output text)" "cli golden (v1)" "custom AMI listed"
snap=$(ec2 describe-images --image-ids "$image" --query 'Images[0].BlockDeviceMappings[0].Ebs.SnapshotId' --output text)
check "$(ec2 describe-snapshots --snapshot-ids "$snap" --query 'Snapshots[0].State' --output text)" "completed" "snapshot completed"

# Retire: deregister with its snapshots, terminate, delete the key pairs.
result=$(ec2 deregister-image --image-id "$image" --delete-associated-snapshots --query 'DeleteSnapshotResults[0].ReturnCode' --output text)
check "$result" "success" "deregister deleted the snapshot"
check "$(ec2 describe-snapshots --owner-ids self --query 'length(Snapshots)')" "0" "no snapshots left"
ec2 terminate-instances --instance-ids "$instance" > /dev/null
ec2 delete-key-pair --key-name cli-made > /dev/null
ec2 delete-key-pair --key-name cli-imported > /dev/null
check "$(ec2 describe-key-pairs --filters Name=key-name,Values='cli-*' --query 'length(KeyPairs)')" "0" "key pairs deleted"
echo "awscli flow: all steps passed"
