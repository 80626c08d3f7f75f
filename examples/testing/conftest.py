# examples/testing/conftest.py — a pytest fixture that starts Gatehouse with `serve --ready-json`
import json
import os
import shlex
import subprocess
import tempfile
import urllib.request

import boto3
import pytest
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

# How to run gatehouse: `npx gatehouse` in a project that installed it.
GATEHOUSE = shlex.split(os.environ.get("GATEHOUSE", "npx gatehouse"))


class Gatehouse:
    def __init__(self, ready):
        self.ready = ready
        self.endpoint = ready["endpoint"]
        self.region = ready["region"]
        self.accounts = {a["name"]: a for a in ready["accounts"]}

    def client(self, service, account):
        a = self.accounts[account]
        return boto3.client(service, endpoint_url=self.endpoint, region_name=self.region,
                            aws_access_key_id=a["accessKeyId"], aws_secret_access_key=a["secretAccessKey"])

    def admin(self, path, body):
        """POST to one of the server's own endpoints, signed by the first account's root."""
        root = self.ready["accounts"][0]
        request = AWSRequest(method="POST", url=self.endpoint + path, data=json.dumps(body).encode(),
                             headers={"content-type": "application/json"})
        SigV4Auth(Credentials(root["accessKeyId"], root["secretAccessKey"]), "gatehouse", self.region).add_auth(request)
        prepared = request.prepare()
        urllib.request.urlopen(urllib.request.Request(prepared.url, data=prepared.body, headers=dict(prepared.headers), method="POST")).read()

    def reset(self):
        self.admin("/_gatehouse/reset", {})

    def advance_clock(self, seconds):
        self.admin("/_gatehouse/clock", {"advanceSeconds": seconds})


@pytest.fixture(scope="session")
def gatehouse_server():
    with tempfile.TemporaryDirectory() as data_dir:
        server = subprocess.Popen(
            [*GATEHOUSE, "serve", "--port", "0", "--ready-json", "--processes", "1",
             "--data-dir", data_dir, "--accounts", "utils,prod"],
            stdout=subprocess.PIPE, text=True)
        try:
            yield Gatehouse(json.loads(server.stdout.readline()))
        finally:
            server.terminate()
            server.wait(timeout=10)


@pytest.fixture
def gatehouse(gatehouse_server):
    gatehouse_server.reset()  # each test starts from the estate as the server started
    return gatehouse_server
