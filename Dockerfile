# syntax=docker/dockerfile:1
# FhirMedGemma service image. The model is never baked in: mount an export at /models/medgemma (tools/export-medgemma).
#   CPU (default): docker build -t fhir-medgemma:cpu .
#   GPU (CUDA):    docker build --build-arg FLAVOR=gpu -t fhir-medgemma:gpu .
# Run read-only with a writable /tmp:
#   docker run --read-only --tmpfs /tmp -p 8080:8080 -p 8081:8081 -v /data/models/medgemma:/models/medgemma:ro fhir-medgemma:cpu
ARG FLAVOR=cpu
ARG DOTNET_VERSION=10.0
# Microsoft.ML.OnnxRuntime.Gpu 1.31 runs on CUDA 12 + cuDNN 9.
ARG CUDA_IMAGE=nvidia/cuda:12.8.1-cudnn-runtime-ubuntu24.04

# ---- build: restore and publish the API host once, with the ONNX Runtime package of the flavour ----
FROM mcr.microsoft.com/dotnet/sdk:${DOTNET_VERSION} AS build
ARG FLAVOR
ARG TARGETARCH
WORKDIR /src
# .dockerignore lets only the sources and build settings in (no tests, fixtures, weights or build outputs).
COPY . .
# A runtime-specific publish keeps only this platform's native ONNX Runtime / SkiaSharp libraries in the image.
RUN case "$FLAVOR" in cpu) gpu=false ;; gpu) gpu=true ;; *) echo "FLAVOR must be cpu or gpu" >&2; exit 1 ;; esac \
 && case "${TARGETARCH:-amd64}" in amd64) rid=linux-x64 ;; arm64) rid=linux-arm64 ;; *) echo "unsupported arch $TARGETARCH" >&2; exit 1 ;; esac \
 && dotnet publish src/Api/Api.csproj -c Release -r $rid --self-contained false -o /app -p:UseOnnxRuntimeGpu=$gpu -p:UseAppHost=false

# ---- runtime, CPU: the slim ASP.NET Core image (it has the non-root user 'app', uid 1654) ----
FROM mcr.microsoft.com/dotnet/aspnet:${DOTNET_VERSION}-noble AS runtime-cpu
USER root
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/*
ENV Inference__Engine__ExecutionProvider=Cpu

# ---- runtime, GPU: CUDA + cuDNN runtime with the ASP.NET Core runtime copied in ----
FROM mcr.microsoft.com/dotnet/aspnet:${DOTNET_VERSION}-noble AS aspnet
FROM ${CUDA_IMAGE} AS runtime-gpu
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ca-certificates curl libssl3t64 tzdata \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --gid 1654 app && useradd --uid 1654 --gid 1654 --no-create-home --shell /usr/sbin/nologin app
COPY --from=aspnet /usr/share/dotnet /usr/share/dotnet
RUN ln -s /usr/share/dotnet/dotnet /usr/bin/dotnet
ENV APP_UID=1654 \
    DOTNET_RUNNING_IN_CONTAINER=true \
    Inference__Engine__ExecutionProvider=Cuda

# ---- final: one image per flavour, same layout ----
FROM runtime-${FLAVOR} AS final
WORKDIR /app
# Owned by root and not writable by the service user: the root filesystem can be mounted read-only.
COPY --from=build --chown=root:root /app ./
# The host binds its two Kestrel endpoints from Service:HttpPort / Service:GrpcPort (REST HTTP/1.1, gRPC h2c).
ENV ASPNETCORE_HTTP_PORTS=8080 \
    Service__HttpPort=8080 \
    Service__GrpcPort=8081 \
    Inference__ModelDirectory=/models/medgemma \
    TMPDIR=/tmp
EXPOSE 8080 8081
USER 1654:1654
# Liveness over plain HTTP (with Service:Tls enabled, orchestrators probe HTTPS themselves; the chart does).
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD curl -fsS -o /dev/null http://127.0.0.1:8080/healthz || exit 1
ENTRYPOINT ["dotnet", "FhirMedGemma.Api.dll"]
