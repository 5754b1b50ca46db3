package io.djangoguard.rules;

import io.djangoguard.engine.Rule;
import io.djangoguard.engine.ContainerSubject;
import io.djangoguard.engine.Findings;
import io.djangoguard.engine.Severity;
import io.djangoguard.engine.Subject;

final class RunserverInProduction extends Rule {

    RunserverInProduction() {
        super("runserver-in-production", null, Severity.DENY,
                "the command or args run manage.py runserver, Django's development server (not security-audited, single process)",
                "serve the app with a production server such as gunicorn or uwsgi (e.g. \"gunicorn shop.wsgi\")");
    }

    @Override
    public void check(Subject subject, Findings out) {
        if (subject instanceof ContainerSubject c) {
            String sub = c.commandLine().runserver();
            if (sub != null) {
                String summary = "runs the development server (" + sub + ")";
                out.report(this, subject, null, subject.path() + ".command", summary, summary);
            }
        }
    }
}
