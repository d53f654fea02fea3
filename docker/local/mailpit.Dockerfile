# Stand-in for axllent/mailpit: docker/local/mailpit.py on Debian's Python and aiosmtpd.
ARG DEBIAN_IMAGE=portal-local/debian:bookworm
FROM ${DEBIAN_IMAGE}
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends python3-aiosmtpd \
    && rm -rf /var/lib/apt/lists/*
COPY mailpit.py /mailpit
USER 65534:65534
EXPOSE 1025 8025
ENTRYPOINT ["/mailpit"]
