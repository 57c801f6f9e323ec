"""docker-compose.yml, deploy/Dockerfile, .gitignore and .dockerignore, checked statically
(no Docker engine here): required secrets fail loudly, every container shares them, the image
holds only what the processes need and runs as a non-root user, `.env` stays out of git and images."""

import re
import shlex
import subprocess
from pathlib import Path

import pytest
import yaml

from bot.settings_check import PRODUCTION_FLAG, REQUIRED_IN_PRODUCTION

ROOT = Path(__file__).resolve().parents[2]
COMPOSE_TEXT = (ROOT / "docker-compose.yml").read_text()
COMPOSE = yaml.safe_load(COMPOSE_TEXT)
DOCKERFILE = (ROOT / "deploy" / "Dockerfile").read_text()
REQUIRED = set(REQUIRED_IN_PRODUCTION) | {"POSTGRES_PASSWORD"}
APP_SERVICES = ("migrate", "actions-1", "actions-2", "rasa-1", "rasa-2")
# ${NAME}, ${NAME:-default}, ${NAME-default}, ${NAME:?message}, ${NAME?message}
REFERENCE = re.compile(r"\$\{(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?P<operator>:?[-?+])?(?P<rest>[^}]*)\}")


def references():
    return [(m["name"], m["operator"], m["rest"]) for m in REFERENCE.finditer(COMPOSE_TEXT)]


def dockerfile_instructions(keyword):
    lines = DOCKERFILE.replace("\\\n", " ").splitlines()
    return [line.split(None, 1)[1] for line in lines if line.strip().upper().startswith(keyword + " ")]


@pytest.mark.parametrize("name", sorted(REQUIRED))
def test_every_required_secret_makes_compose_refuse_to_start_without_it(name):
    uses = [(operator, message) for found, operator, message in references() if found == name]
    assert uses, f"{name} is not passed to the containers"
    assert all(operator == ":?" and message.strip() for operator, message in uses), uses


def test_no_secret_is_given_a_default_or_written_into_the_file():
    for name, operator, _ in references():
        if name in REQUIRED:
            assert operator not in (":-", "-", ":+", "+"), name
    for service in COMPOSE["services"].values():
        for name, value in (service.get("environment") or {}).items():
            if name in REQUIRED:
                assert str(value).startswith("${") or f"${{{name}:?" in str(value), name


@pytest.mark.parametrize("service", APP_SERVICES)
def test_every_app_container_gets_the_same_secrets_and_the_production_flag(service):
    environment = COMPOSE["services"][service]["environment"]
    assert environment[PRODUCTION_FLAG] == "1"
    for name in REQUIRED_IN_PRODUCTION:
        assert environment[name].startswith(f"${{{name}:?"), name
        assert environment[name] == COMPOSE["x-app"]["environment"][name]


def test_both_rasa_servers_share_the_lock_store_and_the_telegram_update_memory():
    for service in ("rasa-1", "rasa-2"):
        environment = COMPOSE["services"][service]["environment"]
        assert environment["REDIS_HOST"] == "redis" and environment["TELEGRAM_DEDUPE_REDIS_URL"].startswith("redis://redis:")
        assert "deploy/endpoints.yml" in COMPOSE["services"][service]["command"]


def test_only_the_balancer_publishes_ports_and_only_on_loopback():
    for name, service in COMPOSE["services"].items():
        ports = service.get("ports") or []
        assert name == "balancer" or not ports, name
        assert all(str(port).startswith("127.0.0.1:") for port in ports)


def test_the_example_environment_file_lists_every_required_variable_without_values():
    example = (ROOT / "deploy" / "env.example").read_text()
    assigned = dict(line.split("=", 1) for line in example.splitlines() if line and not line.startswith("#"))
    assert set(assigned) >= REQUIRED
    assert all(not value.strip() for value in assigned.values())


def git_ignores(path):
    return subprocess.run(["git", "check-ignore", "-q", path], cwd=ROOT).returncode == 0


@pytest.mark.parametrize("path", [".env", "deploy/.env", ".env.production"])
def test_git_ignores_env_files(path):
    assert git_ignores(path)


def test_git_does_not_ignore_the_example():
    assert not git_ignores("deploy/env.example")


def test_docker_leaves_env_files_out_of_the_build_context():
    patterns = [line.strip() for line in (ROOT / ".dockerignore").read_text().splitlines()]
    assert ".env" in patterns and "**/.env" in patterns and ".env.*" in patterns


def test_the_image_copies_only_what_the_processes_need():
    sources = [source for line in dockerfile_instructions("COPY") for source in shlex.split(line)[:-1]]
    assert "." not in sources and "./" not in sources
    allowed = {
        "requirements.lock",
        "bot/",
        "actions/",
        "data/stories/",
        "models/wat-telt.tar.gz",
        "build/spacy-nl/",
        "config.yml",
        "domain.yml",
        "credentials.yml",
        "endpoints.yml",
        "deploy/endpoints.yml",
        "deploy/entrypoint.sh",
    }
    assert set(sources) <= allowed, set(sources) - allowed
    for source in sources:  # models/ and build/ come from `make setup`, as the header says
        if not source.startswith(("models/", "build/")):
            assert (ROOT / source).exists(), source


def test_what_compose_runs_is_in_the_image():
    copied = " ".join(dockerfile_instructions("COPY"))
    for service in APP_SERVICES:
        command = COMPOSE["services"][service]["command"]
        for argument in command:
            if re.search(r"\.(yml|tar\.gz)$", argument):
                assert argument in copied or argument.split("/")[-1] in copied, (service, argument)


def test_the_image_runs_as_a_non_root_user_and_checks_its_settings_first():
    users = dockerfile_instructions("USER")
    assert users and users[-1].strip() not in ("root", "0")
    assert DOCKERFILE.rfind("USER ") > DOCKERFILE.rfind("RUN ")  # nothing runs as root after it
    entrypoint = dockerfile_instructions("ENTRYPOINT")[-1]
    assert "deploy/entrypoint.sh" in entrypoint
    assert "python -m bot check-settings" in (ROOT / "deploy" / "entrypoint.sh").read_text()


def test_the_image_does_not_carry_secrets_in_its_settings():
    for line in dockerfile_instructions("ENV") + dockerfile_instructions("ARG"):
        for name in REQUIRED:
            assert name not in line, line
