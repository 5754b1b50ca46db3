package io.djangoguard.workload;

import java.util.ArrayList;
import java.util.List;

import io.fabric8.kubernetes.api.model.Container;

/** What a container's command and args run, split into words (also inside {@code sh -c "..."}). */
public final class CommandLine {

    private final List<String> words;

    private CommandLine(List<String> words) {
        this.words = words;
    }

    public static CommandLine of(Container c) {
        List<String> words = new ArrayList<>();
        split(c.getCommand(), words);
        split(c.getArgs(), words);
        return new CommandLine(words);
    }

    private static void split(List<String> parts, List<String> into) {
        if (parts == null) {
            return;
        }
        for (String part : parts) {
            if (part == null) {
                continue;
            }
            for (String w : part.split("[\\s;&|()'\"`]+")) {
                if (!w.isEmpty()) {
                    into.add(w);
                }
            }
        }
    }

    /** Runs manage.py, django-admin or {@code python -m django} in this container. */
    public boolean runsDjango() {
        return djangoCommand() != null;
    }

    /**
     * What Django command this container runs: {@code manage.py migrate}, {@code django-admin}, {@code python -m django
     * collectstatic}; null when none. A manage.py that a {@code kubectl exec} (or docker, podman, oc) runs in another
     * container does not count: it is not this container's Django.
     */
    public String djangoCommand() {
        int end = localEnd();
        for (int i = 0; i < end; i++) {
            String base = basename(words.get(i));
            String what = null;
            if (base.equals("manage.py") || base.equals("django-admin") || base.equals("django-admin.py")) {
                what = base;
            } else if (base.equals("-m") && i + 1 < words.size() && words.get(i + 1).equals("django")) {
                what = "python -m django";
                i++;
            }
            if (what != null) {
                String sub = i + 1 < end && !words.get(i + 1).startsWith("-") ? words.get(i + 1) : null;
                return sub == null ? what : what + " " + sub;
            }
        }
        return null;
    }

    /** The management command run ({@code migrate}, {@code runserver}), or null. */
    public String managementCommand() {
        String c = djangoCommand();
        int space = c == null ? -1 : c.lastIndexOf(' ');
        return space < 0 ? null : c.substring(space + 1);
    }

    private static final java.util.Set<String> WSGI_SERVERS = java.util.Set.of("gunicorn", "uwsgi", "uvicorn", "daphne",
            "hypercorn", "granian", "waitress-serve", "mod_wsgi-express", "bjoern");
    private static final java.util.regex.Pattern WSGI_MODULE = java.util.regex.Pattern.compile(
            "(?:--module=|--wsgi-file=|--wsgi=|module=)?([A-Za-z_][\\w.]*\\.(?:wsgi|asgi))(?::[A-Za-z_]\\w*(?:\\(\\))?)?");
    private static final java.util.regex.Pattern SETTINGS_MODULE_ARG = java.util.regex.Pattern.compile(
            "(?:--env=?)?DJANGO_SETTINGS_MODULE=\\S+");

    /**
     * The WSGI/ASGI server this container runs serving a Django project ({@code gunicorn serves shop.wsgi}), or null.
     * A server counts only with a module named {@code <project>.wsgi}/{@code .asgi} or DJANGO_SETTINGS_MODULE given on
     * its command line: gunicorn serving {@code app:app} is Flask's.
     */
    public String wsgiServer() {
        String server = null;
        int end = localEnd();
        for (int i = 0; i < end; i++) {
            String w = words.get(i);
            String base = basename(w);
            if (WSGI_SERVERS.contains(base)) {
                server = base;
                continue;
            }
            if (server == null) {
                continue;
            }
            java.util.regex.Matcher m = WSGI_MODULE.matcher(w);
            if (m.matches()) {
                return server + " serves " + m.group(1);
            }
            if (SETTINGS_MODULE_ARG.matcher(w).matches()) {
                return server + " with " + w.substring(w.indexOf("DJANGO_SETTINGS_MODULE"));
            }
        }
        return null;
    }

    private static final java.util.Set<String> TASK_WORKERS = java.util.Set.of("celery", "rq", "rqworker", "dramatiq",
            "huey_consumer", "huey_consumer.py");

    /** The task queue worker this container runs ({@code celery -A shop worker}), or null. */
    public String taskWorker() {
        int end = localEnd();
        for (int i = 0; i < end; i++) {
            String base = basename(words.get(i));
            if (TASK_WORKERS.contains(base)) {
                StringBuilder b = new StringBuilder(base);
                for (int j = i + 1; j < Math.min(end, i + 4); j++) {
                    b.append(' ').append(words.get(j));
                }
                return b.toString();
            }
        }
        return null;
    }

    /** Whether one of the words is run or passed as a word of its own ({@code /entrypoint.sh worker}). */
    public boolean hasWord(java.util.Set<String> any) {
        int end = localEnd();
        for (int i = 0; i < end; i++) {
            if (any.contains(basename(words.get(i)))) {
                return true;
            }
        }
        return false;
    }

    /** Whether the container has a command or args at all (none: the image's own runs). */
    public boolean isEmpty() {
        return words.isEmpty();
    }

    /**
     * Where this container's own command ends: at a {@code kubectl|oc|docker|podman} that execs or runs something, since
     * what follows runs in another container ({@code kubectl exec deploy/web -- python manage.py migrate}).
     */
    private int localEnd() {
        for (int i = 0; i < words.size(); i++) {
            String base = basename(words.get(i));
            if (base.equals("kubectl") || base.equals("oc") || base.equals("docker") || base.equals("podman")) {
                for (int j = i + 1; j < words.size() && j < i + 4; j++) {
                    if (words.get(j).equals("exec") || words.get(j).equals("run")) {
                        return i;
                    }
                }
            }
        }
        return words.size();
    }

    /** The development server sub-command, when it is run: {@code runserver} or django-extensions' {@code runserver_plus}. */
    public String runserver() {
        for (String w : words) {
            if (w.equals("runserver") || w.equals("runserver_plus")) {
                return w;
            }
        }
        return null;
    }

    private static String basename(String w) {
        int slash = w.lastIndexOf('/');
        return slash >= 0 ? w.substring(slash + 1) : w;
    }
}
