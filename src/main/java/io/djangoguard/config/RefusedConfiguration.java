package io.djangoguard.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.quarkus.runtime.configuration.ConfigurationException;
import io.smallrye.config.ConfigValidationException;

/**
 * A configuration the server does not start with (and the command line does not run with). The message is one line:
 * the key, its value when that is safe to show, and what to do instead. {@link #oneLine(Throwable)} makes the same
 * line out of SmallRye's own refusals (a value of the wrong type, an unknown key), so that every way a configuration
 * can be wrong reads alike; Main prints it and exits with status 2.
 */
public final class RefusedConfiguration extends ConfigurationException {

    public RefusedConfiguration(String message) {
        super(message);
    }

    /** The one line that says what is wrong with the configuration, or empty when {@code failure} is about something else. */
    public static Optional<String> oneLine(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RefusedConfiguration) {
                return Optional.of(t.getMessage());
            }
            if (t instanceof ConfigValidationException v) {
                Set<String> lines = new LinkedHashSet<>();
                for (int i = 0; i < v.getProblemCount(); i++) {
                    lines.add(translate(v.getProblem(i).getMessage()));
                }
                return Optional.of(String.join("; ", lines));
            }
            if (t instanceof ConfigurationException) {
                return Optional.of(flat(t.getMessage()));
            }
        }
        return Optional.empty();
    }

    private static final Pattern CONVERSION = Pattern.compile(
            "SRCFG00039: The config property (\\S+) with the config value \"(.*)\" threw an Exception whilst being converted (.*)",
            Pattern.DOTALL);
    private static final Pattern EMPTY = Pattern.compile("SRCFG00040: The config property (\\S+) is defined as the empty String");
    private static final Pattern UNKNOWN = Pattern.compile("SRCFG00050: (\\S+) in (.+) does not map to any root");
    private static final Pattern CODE = Pattern.compile("(?:[\\w.$]+(?:Exception|Error): )?SRCFG\\d+: ");

    /** One of SmallRye's problems in django-guard's words. */
    static String translate(String problem) {
        String p = problem.replaceFirst("^[\\w.$]+(?:Exception|Error): ", "");
        Matcher conversion = CONVERSION.matcher(p);
        if (conversion.find()) {
            String key = conversion.group(1);
            String because = ConfigKeys.find(key).map(ConfigKeys.Key::accepts).orElseGet(() -> flat(conversion.group(3)));
            return key + "=" + shown(conversion.group(2)) + ": " + because;
        }
        Matcher m = EMPTY.matcher(p);
        if (m.find()) {
            String key = m.group(1);
            return key + " is empty: " + ConfigKeys.find(key).map(ConfigKeys.Key::accepts).orElse("give it a value or remove it");
        }
        m = UNKNOWN.matcher(p);
        if (m.find()) {
            String key = m.group(1);
            return key + " (" + where(m.group(2)) + "): no such key" + didYouMean(key, ConfigKeys.names());
        }
        return flat(p);
    }

    /**
     * A value as a refusal may show it: a word, a number or a path is shown; anything else (a secret pasted into the
     * wrong variable, say) only by its length.
     */
    static String shown(String value) {
        return value.matches("[\\w.,:/@+-]{0,64}") ? value : "(a " + value.length() + "-character value)";
    }

    /** {@code "; did you mean X?"} for the closest of {@code known} when it is close enough to be a misspelling, else "". */
    static String didYouMean(String name, Collection<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : known) {
            int d = distance(name, k);
            if (d < bestDistance) {
                best = k;
                bestDistance = d;
            }
        }
        return best != null && bestDistance <= Math.max(2, name.length() / 8) ? "; did you mean " + best + "?" : "";
    }

    /** Edits (insert, delete, replace one character) between a and b. */
    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int replace = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(replace, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    private static String where(String source) {
        if (source.contains("SysProp")) {
            return "a system property";
        }
        if (source.contains("EnvConfigSource")) {
            return "an environment variable";
        }
        Matcher file = Pattern.compile("source=(?:.*/)?([^/\\]]+)\\]").matcher(source);
        return file.find() ? "in " + file.group(1) : "in " + source;
    }

    /** A message on one line, without SmallRye's codes. */
    private static String flat(String message) {
        if (message == null) {
            return "the configuration is not valid";
        }
        List<String> parts = new ArrayList<>();
        for (String line : message.split("\\R")) {
            String l = CODE.matcher(line.strip()).replaceAll("");
            if (!l.isEmpty()) {
                parts.add(l);
            }
        }
        return String.join("; ", parts);
    }
}
