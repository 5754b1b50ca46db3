package io.djangoguard.engine;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import io.fabric8.kubernetes.api.model.Secret;

/**
 * A Secret manifest's keys as the kubelet hands them to a container: {@code data} base64-decoded, then
 * {@code stringData} over it (the API server merges it so). A value that is not base64, or not UTF-8 text (a
 * keystore, an image), is left out: no Django setting is binary.
 */
final class SecretData {

    private SecretData() {
    }

    static Map<String, String> of(Secret secret) {
        Map<String, String> out = new LinkedHashMap<>();
        if (secret.getData() != null) {
            for (Map.Entry<String, String> e : secret.getData().entrySet()) {
                String text = decode(e.getValue());
                if (e.getKey() != null && text != null) {
                    out.put(e.getKey(), text);
                }
            }
        }
        if (secret.getStringData() != null) {
            secret.getStringData().forEach((k, v) -> {
                if (k != null) {
                    out.put(k, v == null ? "" : v);
                }
            });
        }
        return out;
    }

    /** Whether a key name could make the Secret Django's: DJANGO_*, or a secret key with ALLOWED_HOSTS or DEBUG. */
    static boolean mayHoldDjangoSettings(Secret secret) {
        boolean key = false;
        boolean other = false;
        for (Map<String, String> m : java.util.Arrays.asList(secret.getData(), secret.getStringData())) {
            if (m == null) {
                continue;
            }
            for (String k : m.keySet()) {
                String name = k == null ? "" : normalName(k);
                if (name.startsWith("DJANGO_")) {
                    return true;
                }
                key |= name.equals("SECRET_KEY");
                other |= name.equals("ALLOWED_HOSTS") || name.equals("DEBUG");
            }
        }
        return key && other;
    }

    /** A Secret key as the variable name people mean by it: {@code django-secret-key} is DJANGO_SECRET_KEY. */
    static String normalName(String key) {
        return key.toUpperCase(java.util.Locale.ROOT).replace('-', '_').replace('.', '_');
    }

    private static String decode(String base64) {
        if (base64 == null) {
            return "";
        }
        try {
            byte[] bytes = Base64.getMimeDecoder().decode(base64.strip());
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (IllegalArgumentException | CharacterCodingException e) {
            return null;
        }
    }
}
