# ddgbot container image.
#
#   docker build --build-arg VERSION=v1.0.0 --build-arg REVISION=$(git rev-parse HEAD) -t ddgbot .
#                                                                 # the service (last stage)
#   docker build --target fakeddg -t ddgbot-fakeddg .            # fake DuckDuckGo for offline demos
#
# .ci/docker-check runs this file's `go build` lines locally, so keep each
# on one line.

# ---- build: a static binary (no cgo), without local paths (-trimpath) ----
# Builds for the target platform on the build machine's own platform, so a
# multi-platform build (docker buildx --platform linux/arm64) cross-compiles
# instead of emulating.
FROM --platform=$BUILDPLATFORM golang:1.26-bookworm AS build
WORKDIR /src
# Modules first, in their own layer: it is rebuilt only when go.mod/go.sum change.
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=dev
# The commit built: the build context has no .git, so Go cannot record it
# itself (`ddgbot version` and ddgbot_build_info show it).
ARG REVISION=""
ARG TARGETOS
ARG TARGETARCH
ENV GOOS=$TARGETOS GOARCH=$TARGETARCH
RUN CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X main.version=${VERSION} -X main.revision=${REVISION}" -o /out/ddgbot .

# ---- fakeddg build: only built when the fakeddg target is asked for ----
FROM build AS build-fakeddg
RUN CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o /out/fakeddg ./cmd/fakeddg

# ---- fakeddg: fake DuckDuckGo serving the recorded answers (demos only) ----
FROM gcr.io/distroless/static-debian12:nonroot AS fakeddg
COPY --from=build-fakeddg /out/fakeddg /fakeddg
COPY testdata/ddg /fixtures
USER 65532:65532
EXPOSE 8081
ENTRYPOINT ["/fakeddg", "-addr", "0.0.0.0:8081", "-fixtures", "/fixtures"]

# ---- ddgbot: the service (last stage, so `docker build .` gives this) ----
# distroless/static: CA certificates (DuckDuckGo is HTTPS), tzdata and a
# non-root user; no shell, no package manager.
FROM gcr.io/distroless/static-debian12:nonroot AS ddgbot
ARG VERSION=dev
ARG REVISION=""
# Standard OCI annotations (github.com/opencontainers/image-spec,
# annotations.md): registries and scanners show them.
LABEL org.opencontainers.image.title="ddgbot" \
      org.opencontainers.image.description="Turn.io suggested replies from the DuckDuckGo Instant Answer API" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.source="https://github.com/ddgbot/ddgbot" \
      org.opencontainers.image.url="https://github.com/ddgbot/ddgbot" \
      org.opencontainers.image.documentation="https://github.com/ddgbot/ddgbot#readme" \
      org.opencontainers.image.licenses="Apache-2.0" \
      org.opencontainers.image.base.name="gcr.io/distroless/static-debian12:nonroot"
COPY --from=build /out/ddgbot /ddgbot
# The licence and the notices of the word lists the binary embeds travel
# with it (SOURCES.m[d]: the list of sources, when the checkout has one).
COPY LICENSE NOTICE SOURCES.m[d] /usr/share/doc/ddgbot/
# The full texts of the data's licences (WordNet, SCOWL, MPL) that NOTICE names.
COPY query/data/licenses /usr/share/doc/ddgbot/licenses
COPY config.yaml /etc/ddgbot/config.yaml
# Override settings with DDGBOT_* environment variables or by mounting your
# own file over /etc/ddgbot/config.yaml.
# Listen on every interface, so the published port reaches the service:
# without DDGBOT_TURN_API_TOKEN (or DDGBOT_TURN_HMAC_SECRET) start-up then
# stops, saying what to set, instead of serving anyone who can connect.
ENV DDGBOT_SERVER_ADDR=0.0.0.0:8080
USER 65532:65532
EXPOSE 8080
# The binary checks itself: the image has no shell or curl.
HEALTHCHECK --interval=30s --timeout=5s --start-period=5s --retries=3 \
  CMD ["/ddgbot", "healthcheck", "--config", "/etc/ddgbot/config.yaml"]
ENTRYPOINT ["/ddgbot"]
CMD ["--config", "/etc/ddgbot/config.yaml"]
