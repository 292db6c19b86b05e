#!/usr/bin/env python3
"""Request throughput of the practice sandbox and of moto_server, measured in one
run with the same client (botocore, 8 threads), and their ratio.

    make bench            # builds the sandbox in release, then runs this

Usage: bench_sandbox.py SANDBOX_BIN MOTO_SERVER_BIN [REQUESTS]
"""
import concurrent.futures as cf
import os
import socket
import subprocess
import sys
import time

import botocore.session

THREADS = 8


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port, proc, what):
    for _ in range(600):
        if proc.poll() is not None:
            sys.exit(f"{what} exited early")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    sys.exit(f"{what} did not start")


def client(endpoint):
    s = botocore.session.get_session()
    return s.create_client("ec2", region_name="us-east-1", endpoint_url=endpoint,
                           aws_access_key_id="bench", aws_secret_access_key="bench")


def measure(endpoint, name, call, n):
    clients = [client(endpoint) for _ in range(THREADS)]
    call(clients[0])  # warm up
    start = time.perf_counter()
    with cf.ThreadPoolExecutor(THREADS) as pool:
        list(pool.map(lambda i: call(clients[i % THREADS]), range(n)))
    elapsed = time.perf_counter() - start
    return n / elapsed


def main():
    sandbox_bin, moto_bin = sys.argv[1], sys.argv[2]
    n = int(sys.argv[3]) if len(sys.argv) > 3 else 2000
    sb = subprocess.Popen([sandbox_bin], stdout=subprocess.PIPE, text=True)
    endpoint_sb = sb.stdout.readline().strip().removeprefix("listening on ")
    port = free_port()
    moto = subprocess.Popen([moto_bin, "-H", "127.0.0.1", "-p", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_port(port, moto, "moto_server")
    endpoint_moto = f"http://127.0.0.1:{port}"
    # The same world on both: a few key pairs, and the AWS-provided catalogue.
    for ep in (endpoint_sb, endpoint_moto):
        c = client(ep)
        for i in range(5):
            c.create_key_pair(KeyName=f"bench-{i}", KeyType="ed25519")
    calls = {
        "DescribeKeyPairs": lambda c: c.describe_key_pairs(),
        "DescribeRegions": lambda c: c.describe_regions(),
        "DescribeImages owners=amazon": lambda c: c.describe_images(Owners=["amazon"]),
    }
    try:
        print(f"{'operation':32} {'sandbox req/s':>14} {'moto req/s':>11} {'ratio':>7}")
        for name, call in calls.items():
            count = n if "Images" not in name else max(n // 10, 50)
            a = measure(endpoint_sb, name, call, count)
            b = measure(endpoint_moto, name, call, count)
            print(f"{name:32} {a:14.0f} {b:11.0f} {a / b:6.1f}x")
        print(f"({THREADS} client threads, botocore {botocore.__version__}, {os.cpu_count()} cores; "
              "moto's amazon catalogue is ~1,000 images, the sandbox's 3: compare DescribeImages with care)")
    finally:
        sb.terminate()
        moto.terminate()


if __name__ == "__main__":
    main()
