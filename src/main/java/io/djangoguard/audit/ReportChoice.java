package io.djangoguard.audit;

import io.djangoguard.engine.Profile;
import io.djangoguard.report.ReportFormat;

/** The profile and format an audit request asks for: query parameters first, then the Accept header. */
record ReportChoice(Profile profile, ReportFormat format) {

    /** A parameter that names no profile or format; the message says what is accepted. */
    static final class Refused extends Exception {
        Refused(String message) {
            super(message, null, false, false);
        }
    }

    /** {@code profile} null keeps the configured default; the format defaults to JSON. */
    static ReportChoice of(String profile, String format, String accept) throws Refused {
        Profile p = null;
        if (profile != null && !profile.isBlank()) {
            p = Profile.fromId(profile);
            if (p == null) {
                throw new Refused("unknown profile \"" + shorten(profile) + "\": use declared or strict");
            }
        }
        ReportFormat f = ReportFormat.JSON;
        if (format != null && !format.isBlank()) {
            f = ReportFormat.fromId(format);
            if (f == null) {
                throw new Refused("unknown format \"" + shorten(format) + "\": use " + ReportFormat.ids());
            }
        } else if (accept != null) {
            ReportFormat asked = ReportFormat.fromMediaType(accept);
            f = asked == null ? ReportFormat.JSON : asked;
        }
        return new ReportChoice(p, f);
    }

    /** Echoes a parameter only in part, and only its harmless characters. */
    static String shorten(String s) {
        String t = s.length() > 20 ? s.substring(0, 20) + "..." : s;
        return t.replaceAll("[^A-Za-z0-9._-]", "?");
    }
}
