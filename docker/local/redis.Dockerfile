# Stand-in for the official redis:7-bookworm image, from Debian's Redis 7:
# runs the compose command ("redis-server …") as user redis in /data.
ARG DEBIAN_IMAGE=portal-local/debian:bookworm
FROM ${DEBIAN_IMAGE}
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends redis-server \
    && rm -rf /var/lib/apt/lists/* \
    && mkdir -p /data && chown redis:redis /data
COPY redis-entrypoint.sh /usr/local/bin/redis-entrypoint
WORKDIR /data
# The package creates the user at install time, with whatever uid is free.
# hadolint ignore=DL3066
USER redis
EXPOSE 6379
ENTRYPOINT ["redis-entrypoint"]
CMD ["redis-server"]
