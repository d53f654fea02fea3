# Stand-in for the official python:3.11-slim-bookworm image: Debian bookworm's
# own Python 3.11 (with venv) from the debootstrapped base.
ARG DEBIAN_IMAGE=portal-local/debian:bookworm
FROM ${DEBIAN_IMAGE}
ENV LANG=C.UTF-8
CMD ["python3"]
