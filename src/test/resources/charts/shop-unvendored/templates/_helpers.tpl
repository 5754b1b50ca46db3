{{- define "shop.fullname" -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- define "shop.secretName" -}}
{{- default (include "shop.fullname" .) .Values.existingSecret -}}
{{- end -}}
