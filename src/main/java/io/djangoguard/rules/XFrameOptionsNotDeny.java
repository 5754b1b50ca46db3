package io.djangoguard.rules;

import io.djangoguard.engine.Findings;
import io.djangoguard.engine.Rule;
import io.djangoguard.engine.Severity;
import io.djangoguard.engine.Subject;
import io.djangoguard.settings.DjangoSetting;

/**
 * Django's security.W019. Warn: SAMEORIGIN is a deliberate choice of sites that frame their own pages (the admin's
 * pop-ups, CMS previews) and still keeps other sites from framing them; only DENY closes clickjacking entirely.
 */
final class XFrameOptionsNotDeny extends Rule {

    XFrameOptionsNotDeny() {
        super("x-frame-options-not-deny", "security.W019", Severity.WARN,
                "X_FRAME_OPTIONS is not \"DENY\" (Django's default): pages can be framed, the ground of clickjacking",
                "remove DJANGO_X_FRAME_OPTIONS (Django's default is \"DENY\"), or mark only the views that must be framed "
                        + "with @xframe_options_sameorigin");
    }

    @Override
    public void check(Subject subject, Findings out) {
        if (subject.settings().isNone(DjangoSetting.X_FRAME_OPTIONS)) {
            out.report(this, subject, DjangoSetting.X_FRAME_OPTIONS, "X_FRAME_OPTIONS is None");
            return;
        }
        subject.settings().string(DjangoSetting.X_FRAME_OPTIONS).filter(v -> !v.equals("DENY")).ifPresent(v -> {
            out.report(this, subject, DjangoSetting.X_FRAME_OPTIONS, "X_FRAME_OPTIONS is "
                    + subject.settings().quoted(DjangoSetting.X_FRAME_OPTIONS, v)
                    + (v.strip().equalsIgnoreCase("DENY") ? ", not exactly \"DENY\" (the header still says DENY, but Django's "
                            + "check compares the text exactly)" : ", so pages may be framed"));
        });
    }

    @Override
    public boolean concernsWebOnly() {
        return true;
    }
}
