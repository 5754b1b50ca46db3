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

    /** Runs manage.py, django-admin or {@code python -m django}. */
    public boolean runsDjango() {
        for (int i = 0; i < words.size(); i++) {
            String base = basename(words.get(i));
            if (base.equals("manage.py") || base.equals("django-admin") || base.equals("django-admin.py")) {
                return true;
            }
            if (base.equals("-m") && i + 1 < words.size() && words.get(i + 1).equals("django")) {
                return true;
            }
        }
        return false;
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
