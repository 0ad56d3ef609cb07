{{/*
Expand the name of the chart.
*/}}
{{- define "fhir-medgemma.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Create a default fully qualified app name.
We truncate at 63 chars because some Kubernetes name fields are limited to this (by the DNS naming spec).
If release name contains chart name it will be used as a full name.
*/}}
{{- define "fhir-medgemma.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/*
Create chart name and version as used by the chart label.
*/}}
{{- define "fhir-medgemma.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Common labels
*/}}
{{- define "fhir-medgemma.labels" -}}
helm.sh/chart: {{ include "fhir-medgemma.chart" . }}
{{ include "fhir-medgemma.selectorLabels" . }}
{{- if .Chart.AppVersion }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{- end }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/*
Selector labels
*/}}
{{- define "fhir-medgemma.selectorLabels" -}}
app.kubernetes.io/name: {{ include "fhir-medgemma.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/*
Create the name of the service account to use
*/}}
{{- define "fhir-medgemma.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "fhir-medgemma.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/*
"true" when the in-process ONNX Runtime engine runs in the pod (it then needs the model volume).
*/}}
{{- define "fhir-medgemma.inProcess" -}}
{{- if eq .Values.inference.mode "InProcess" }}true{{ end }}
{{- end }}

{{/*
"true" when the pod asks for a GPU: in-process engine with gpu.enabled.
*/}}
{{- define "fhir-medgemma.useGpu" -}}
{{- if and (include "fhir-medgemma.inProcess" .) .Values.gpu.enabled }}true{{ end }}
{{- end }}

{{/*
The service image: image.tag, else "<appVersion>-gpu" / "<appVersion>-cpu" by whether a GPU is used.
*/}}
{{- define "fhir-medgemma.image" -}}
{{- $flavor := ternary "gpu" "cpu" (eq (include "fhir-medgemma.useGpu" .) "true") }}
{{- printf "%s:%s" .Values.image.repository (.Values.image.tag | default (printf "%s-%s" .Chart.AppVersion $flavor)) }}
{{- end }}

{{/*
"true" when the chart creates its own Secret: some secret value is set and no existingSecret is named.
*/}}
{{- define "fhir-medgemma.createSecret" -}}
{{- $c := .Values.config }}
{{- if and (not .Values.secrets.existingSecret) (or $c.auth.signingKey $c.upstream.auth.token $c.upstream.auth.clientSecret .Values.inference.remote.apiKey) }}true{{ end }}
{{- end }}

{{/*
Name of the Secret the container reads environment variables from ("" when there is none).
*/}}
{{- define "fhir-medgemma.secretName" -}}
{{- if .Values.secrets.existingSecret }}
{{- .Values.secrets.existingSecret }}
{{- else if include "fhir-medgemma.createSecret" . }}
{{- include "fhir-medgemma.fullname" . }}
{{- end }}
{{- end }}

{{/*
Name of the model PersistentVolumeClaim ("" when the model lives in an emptyDir).
*/}}
{{- define "fhir-medgemma.modelClaimName" -}}
{{- if .Values.model.persistence.existingClaim }}
{{- .Values.model.persistence.existingClaim }}
{{- else if .Values.model.persistence.create }}
{{- printf "%s-model" (include "fhir-medgemma.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}

{{/*
Probe body. Call with (dict "probe" <one entry of probes> "root" $).
*/}}
{{- define "fhir-medgemma.probe" -}}
{{- $p := .probe }}
{{- $root := .root }}
{{- if eq $p.type "grpc" }}
grpc:
  port: {{ $root.Values.containerPorts.grpc }}
  {{- with $root.Values.probes.grpcService }}
  service: {{ . | quote }}
  {{- end }}
{{- else }}
httpGet:
  path: {{ $p.path }}
  port: http
  scheme: {{ ternary "HTTPS" "HTTP" $root.Values.tls.enabled }}
{{- end }}
{{- with $p.initialDelaySeconds }}
initialDelaySeconds: {{ . }}
{{- end }}
periodSeconds: {{ $p.periodSeconds }}
timeoutSeconds: {{ $p.timeoutSeconds }}
failureThreshold: {{ $p.failureThreshold }}
{{- end }}

{{/*
Cross-field rules the schema cannot say; a mistake fails the install with a message naming the values.
*/}}
{{- define "fhir-medgemma.validate" -}}
{{- $v := .Values }}
{{- if eq $v.inference.mode "Remote" }}
{{- if not $v.inference.remote.endpoint }}
{{- fail "inference.mode Remote needs inference.remote.endpoint (an OpenAI-compatible base URL, e.g. http://vllm:8000/v1)" }}
{{- end }}
{{- if not $v.inference.remote.model }}
{{- fail "inference.mode Remote needs inference.remote.model (the model name the server serves)" }}
{{- end }}
{{- end }}
{{- if include "fhir-medgemma.inProcess" . }}
{{- if not (or (include "fhir-medgemma.modelClaimName" .) $v.model.download.enabled) }}
{{- fail "inference.mode InProcess needs the exported model: set model.persistence.existingClaim, model.persistence.create or model.download.enabled" }}
{{- end }}
{{- end }}
{{- if and $v.model.download.enabled (include "fhir-medgemma.inProcess" .) }}
{{- if not $v.model.download.tokenSecret.name }}
{{- fail "model.download.enabled needs model.download.tokenSecret.name (a Secret with a Hugging Face token)" }}
{{- end }}
{{- if not $v.model.subPath }}
{{- fail "model.download.enabled needs model.subPath (the export is written to a folder inside the volume)" }}
{{- end }}
{{- end }}
{{- if and $v.tls.enabled (not $v.tls.secretName) }}
{{- fail "tls.enabled needs tls.secretName" }}
{{- end }}
{{- if and (eq $v.config.upstream.auth.mode "ClientCredentials") (not $v.config.upstream.auth.tokenUrl) }}
{{- fail "config.upstream.auth.mode ClientCredentials needs config.upstream.auth.tokenUrl" }}
{{- end }}
{{- end }}
