# plinv in a container: build with the Swift toolchain, run on Debian slim with only what `make check-binary`
# proves the binary needs (glibc, libcrypto/libssl, libsqlite3, libzstd, the C++ runtime, and libcurl, which it loads
# when it first calls AWS) and CA certificates.
#
#   docker build -t plinv .
#   docker run --rm -v "$PWD:/work" -w /work -e AWS_PROFILE -v "$HOME/.aws:/home/plinv/.aws:ro" plinv \
#       run --config plinv.yaml
#
# Untested here (no Docker engine on the build machine); the build stage runs the same commands as `make install`.
ARG SWIFT_IMAGE=swift:6.3-bookworm

FROM ${SWIFT_IMAGE} AS build
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        libssl-dev libcurl4-openssl-dev libsqlite3-dev libzstd-dev pkg-config \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN swift build -c release --static-swift-stdlib --product plinv \
    && scripts/check_binary.sh "$(swift build -c release --static-swift-stdlib --show-bin-path)/plinv" \
    && install -m 0755 "$(swift build -c release --static-swift-stdlib --show-bin-path)/plinv" /usr/local/bin/plinv

FROM debian:bookworm-slim
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        libcurl4 libssl3 libsqlite3-0 ca-certificates \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --create-home --uid 10001 plinv
COPY --from=build /usr/local/bin/plinv /usr/local/bin/plinv
USER plinv
WORKDIR /home/plinv
ENTRYPOINT ["/usr/local/bin/plinv"]
CMD ["--help"]
