package io.djangoguard.admission;

/** Paths shared by the server, its tests and the shipped webhook configuration. */
public final class AdmissionPaths {

    public static final String VALIDATE = "/validate";

    private AdmissionPaths() {
    }
}
