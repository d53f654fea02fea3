# Stand-in for the official postgres:15-bookworm image, from Debian's own
# PostgreSQL 15: same environment variables (POSTGRES_PASSWORD, POSTGRES_USER,
# POSTGRES_DB), data in /var/lib/postgresql/data, pg_isready on the PATH.
ARG DEBIAN_IMAGE=portal-local/debian:bookworm
FROM ${DEBIAN_IMAGE}
# Debian's package would create a "main" cluster at install time; the
# entrypoint creates the one cluster in the volume instead.
# hadolint ignore=DL3008
RUN mkdir -p /etc/postgresql-common/createcluster.d \
    && echo "create_main_cluster = false" > /etc/postgresql-common/createcluster.d/no-main.conf \
    && apt-get update \
    && apt-get install -y --no-install-recommends postgresql-15 \
    && rm -rf /var/lib/apt/lists/* \
    && mkdir -p /var/lib/postgresql/data /run/postgresql \
    && chown -R postgres:postgres /var/lib/postgresql /run/postgresql
COPY postgres-entrypoint.sh /usr/local/bin/postgres-entrypoint
ENV PATH=/usr/lib/postgresql/15/bin:$PATH PGDATA=/var/lib/postgresql/data LANG=C.UTF-8
# The package creates the user at install time, with whatever uid is free.
# hadolint ignore=DL3066
USER postgres
EXPOSE 5432
STOPSIGNAL SIGINT
ENTRYPOINT ["postgres-entrypoint"]
