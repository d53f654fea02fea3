#!/bin/sh
# The official image builds Redis with protected mode off, since other
# containers reach it over the network; Debian's keeps it on, so turn it off here.
set -eu
if [ "${1:-}" = redis-server ]; then
    shift
    exec redis-server --protected-mode no "$@"
fi
exec "$@"
