package io.djangoguard.settings;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A Django settings module read statically: never run. The top-level statements of the file are parsed once (over
 * {@link PythonTokenizer}) into assignments of a small expression language, and evaluated on demand against a
 * container's environment: literals, arithmetic, names bound earlier, string methods, {@code os.environ}, django-environ
 * and python-decouple reads. What cannot be read statically is an {@link Unknown} that says why, never a guess.
 * The text is anyone's who may apply a ConfigMap: parsing is bounded in depth and evaluation in steps, and nothing said
 * of the file ({@link Unknown#why()}, {@link #problems()}) quotes a string of it (a secret key may be one).
 */
public final class PythonSettings {

    /** What an environment function answers for a variable that is set but whose value cannot be seen (a Secret's). */
    public static final String UNKNOWN_VARIABLE = new String("\u0000not visible");

    /** Real settings modules are tens of KiB; parsing the largest file allowed stays within tens of milliseconds. */
    static final int MAX_CHARS = 256 * 1024;
    static final int MAX_DEPTH = 64;
    private static final int MAX_STEPS = 200_000;
    private static final int MAX_STRING = 64 * 1024;
    private static final int MAX_LIST = 10_000;
    private static final Object NONE = new Object() {
        @Override
        public String toString() {
            return "None";
        }
    };
    private static final Set<String> COMPOUND = Set.of("if", "elif", "else", "try", "except", "finally", "for", "while",
            "with", "def", "class", "match", "case", "async");
    private static final Set<String> DYNAMIC = Set.of("globals", "locals", "vars", "exec", "eval", "setattr", "__import__");

    /** How the file's reads of the environment are answered: {@code environment} null when it is not known. */
    public record Evaluation(Function<String, String> environment, boolean modernEnviron) {
        public static final Evaluation UNKNOWN_ENVIRONMENT = new Evaluation(null, false);
    }

    public sealed interface Value permits Known, Unknown {
    }

    /** value: null for None, Boolean, Long, Double, String, List (list or tuple), Map. */
    public record Known(Object value) implements Value {
    }

    public record Unknown(String why) implements Value {
    }

    private final List<Statement> statements;
    private final List<String> problems;
    private final List<String> starImports;
    private final Set<String> assigned;
    private final Map<String, Integer> lines;
    /** The last evaluation and its outcome: the same file is asked about several settings with one environment. */
    private Evaluation lastHow;
    private State lastState;
    /** Lines and reads are asked of the file with no environment, between questions asked with one. */
    private State unknownState;

    private PythonSettings(List<Statement> statements, List<String> problems, List<String> starImports, Set<String> assigned,
            Map<String, Integer> lines) {
        this.statements = statements;
        this.problems = problems;
        this.starImports = starImports;
        this.assigned = assigned;
        this.lines = lines;
    }

    /** Never throws: a file that cannot be read is one that assigns nothing, with {@link #problems()} saying why. */
    public static PythonSettings parse(String text) {
        if (text == null || text.length() > MAX_CHARS) {
            return new PythonSettings(List.of(), List.of("the file is larger than " + (MAX_CHARS >> 10) + " KiB; not read"),
                    List.of(), Set.of(), Map.of());
        }
        try {
            PythonTokenizer t = PythonTokenizer.tokenize(text);
            Parser p = new Parser(t);
            p.run();
            return new PythonSettings(List.copyOf(p.statements), List.copyOf(p.problems), List.copyOf(p.stars),
                    Collections.unmodifiableSet(p.assigned), Map.copyOf(p.lines));
        } catch (RuntimeException | StackOverflowError e) {
            return new PythonSettings(List.of(), List.of("the file could not be read"), List.of(), Set.of(), Map.of());
        }
    }

    public Set<String> assignedNames() {
        return assigned;
    }

    /** The line of the last statement that bound or changed {@code name}; 0 when none did. */
    public int line(String name) {
        return lines.getOrDefault(name, 0);
    }

    public List<String> starImports() {
        return starImports;
    }

    public List<String> problems() {
        return problems;
    }

    /** The final value of a top-level name; null when the file does not bind it. */
    public Value value(String name, Evaluation how) {
        State s = evaluate(how);
        Object v = s.values.get(name);
        return v == null ? null : exported(v);
    }

    /** A value nested in dicts ({@code DATABASES["default"]["CONN_MAX_AGE"]}); null when a known dict lacks the key. */
    public Value path(Evaluation how, String name, Object... keys) {
        State s = evaluate(how);
        Object v = s.values.get(name);
        if (v == null) {
            return null;
        }
        for (Object key : keys) {
            if (v instanceof Unknown) {
                return (Unknown) v;
            }
            if (!(v instanceof Map<?, ?> m)) {
                return new Unknown("not a dict");
            }
            v = m.get(key);
            if (v == null) {
                return null;
            }
        }
        return exported(v);
    }

    /** The line where the nested key was last set; 0 when unknown. */
    public int pathLine(String name, Object... keys) {
        State s = evaluate(Evaluation.UNKNOWN_ENVIRONMENT);
        StringBuilder k = new StringBuilder(name);
        for (Object key : keys) {
            k.append('\u0000').append(key);
        }
        Integer l = s.keyLines.get(k.toString());
        return l == null ? 0 : l;
    }

    /** The environment variables the final value of {@code name} read, directly or through other names. */
    public Set<String> environmentVariables(String name) {
        State s = evaluate(Evaluation.UNKNOWN_ENVIRONMENT);
        Set<String> r = s.reads.get(name);
        return r == null ? Set.of() : r;
    }

    private static Value exported(Object v) {
        if (v instanceof Unknown u) {
            return u;
        }
        Object e = export(v);
        return e instanceof Unknown u ? u : new Known(e);
    }

    private static Object export(Object v) {
        if (v == NONE) {
            return null;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            for (Object o : l) {
                Object e = export(o);
                if (e instanceof Unknown) {
                    return e;
                }
                out.add(e);
            }
            return Collections.unmodifiableList(out);
        }
        if (v instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                out.put(e.getKey(), export(e.getValue())); // an unknown entry stays in place: its neighbours are known
            }
            return Collections.unmodifiableMap(out);
        }
        return v;
    }

    /** Python's truth of a value (None, as null or as this reader's NONE, is false). */
    static boolean truthy(Object v) {
        if (v == NONE || v == null) {
            return false;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof Long l) {
            return l != 0;
        }
        if (v instanceof Double d) {
            return d != 0;
        }
        if (v instanceof String s) {
            return !s.isEmpty();
        }
        if (v instanceof List<?> l) {
            return !l.isEmpty();
        }
        if (v instanceof Map<?, ?> m) {
            return !m.isEmpty();
        }
        return true;
    }

    // ---------------------------------------------------------------- statements

    private sealed interface Statement permits Assign, Augmented, MethodCall, MakeUnknown, Delete, Dynamic {
    }

    /** {@code targets = value}; a target is a name with perhaps keys ({@code DATABASES["default"]["X"]}). */
    private record Assign(List<Target> targets, Expr value, int line) implements Statement {
    }

    private record Augmented(Target target, String op, Expr value, int line) implements Statement {
    }

    private record MethodCall(Target target, String method, List<Expr> args, int line) implements Statement {
    }

    private record MakeUnknown(List<String> names, String why, int line) implements Statement {
    }

    private record Delete(List<String> names, int line) implements Statement {
    }

    private record Dynamic(int line) implements Statement {
    }

    /** A name and the subscripts after it; {@code names} non-null for a tuple of names ({@code A, B = ...}). */
    private record Target(String name, List<Expr> keys, List<String> names) {
    }

    // ---------------------------------------------------------------- expressions

    private sealed interface Expr permits Const, Name, Seq, Dict, Unary, Binary, BoolOp, Compare, Ternary, Call, Attr,
            Subscript, Opaque {
    }

    private record Const(Object value) implements Expr {
    }

    private record Name(String id) implements Expr {
    }

    private record Seq(List<Expr> items, boolean tuple) implements Expr {
    }

    private record Dict(List<Expr> keys, List<Expr> values, List<Integer> keyLines) implements Expr {
    }

    private record Unary(String op, Expr operand) implements Expr {
    }

    private record Binary(String op, Expr left, Expr right) implements Expr {
    }

    private record BoolOp(boolean and, List<Expr> operands) implements Expr {
    }

    private record Compare(List<Expr> operands, List<String> ops) implements Expr {
    }

    private record Ternary(Expr condition, Expr then, Expr otherwise) implements Expr {
    }

    private record Call(Expr function, List<Expr> args, List<String> keywords, List<Expr> keywordValues) implements Expr {
    }

    private record Attr(Expr of, String name) implements Expr {
    }

    private record Subscript(Expr of, Expr index) implements Expr {
    }

    private record Opaque(String why) implements Expr {
    }

    // ---------------------------------------------------------------- parsing

    /** Thrown out of an expression nested deeper than {@link #MAX_DEPTH}: that statement is unknown. */
    private static final class TooDeep extends RuntimeException {
        TooDeep() {
            super(null, null, false, false);
        }
    }

    private static final class Parser {
        final PythonTokenizer t;
        final List<Statement> statements = new ArrayList<>();
        final List<String> problems;
        final List<String> stars = new ArrayList<>();
        final Set<String> assigned = new LinkedHashSet<>();
        final Map<String, Integer> lines = new HashMap<>();
        int pos;
        int end;
        int depth;

        Parser(PythonTokenizer t) {
            this.t = t;
            this.problems = new ArrayList<>(t.problems);
        }

        void run() {
            String block = null;
            int blockLine = 0;
            for (int l = 0; l < t.lines; l++) {
                int from = t.first[l];
                int to = t.last[l];
                int line = t.line[from];
                if (t.indent[l] > 0) {
                    if (block != null && !block.equals("def") && !block.equals("class")) {
                        bodyAssigns(from, to, block, blockLine);
                    } else if (block != null) {
                        globalsIn(from, to, block, blockLine);
                    }
                    continue;
                }
                String head = t.kind[from] == PythonTokenizer.NAME ? t.text[from] : null;
                boolean decorator = t.kind[from] == PythonTokenizer.OP && t.text[from].equals("@");
                if (decorator) {
                    continue;
                }
                if (head != null && COMPOUND.contains(head) && !(head.equals("match") || head.equals("case")) || isSoftKeywordBlock(from, to)) {
                    boolean clause = Set.of("elif", "else", "except", "finally").contains(head);
                    if (!(clause && block != null)) {
                        // an elif, else, except or finally clause belongs to the statement it continues
                        block = head.equals("async") && from + 1 < to ? t.text[from + 1] : head;
                        blockLine = line;
                    }
                    if ((block.equals("def") || block.equals("class")) && from + 1 < to) {
                        int n = head.equals("async") ? from + 2 : from + 1;
                        if (n < to && t.kind[n] == PythonTokenizer.NAME) {
                            statements.add(new MakeUnknown(List.of(t.text[n]), block.equals("def") ? "a function" : "a class", line));
                            bind(t.text[n], line);
                        }
                    } else {
                        // a one-line body after the header's colon: `if X: DEBUG = True`
                        int colon = topLevel(from, to, ":");
                        if (colon >= 0 && colon + 1 < to) {
                            bodyAssigns(colon + 1, to, block, blockLine);
                        }
                    }
                    continue;
                }
                block = null;
                for (int[] s : split(from, to, ";")) {
                    statement(s[0], s[1]);
                }
            }
        }

        /** {@code match x:} is a statement only when the line ends with a colon (match is a soft keyword). */
        private boolean isSoftKeywordBlock(int from, int to) {
            return t.kind[from] == PythonTokenizer.NAME && (t.text[from].equals("match") || t.text[from].equals("case"))
                    && to - from > 1 && t.text[to - 1].equals(":") && t.kind[from + 1] != PythonTokenizer.OP;
        }

        private void bind(String name, int line) {
            assigned.add(name);
            lines.put(name, line);
        }

        /** Every name a block's line assigns becomes unknown: which branch runs is not known. */
        private void bodyAssigns(int from, int to, String block, int blockLine) {
            String why = "assigned inside " + ("if elif else".contains(block) ? "an if" : "a " + block) + " block at line " + blockLine;
            List<String> names = new ArrayList<>();
            for (int[] s : split(from, to, ";")) {
                int a = s[0];
                if (a < s[1] && t.kind[a] == PythonTokenizer.NAME && COMPOUND.contains(t.text[a])) {
                    int colon = topLevel(a, s[1], ":");
                    if (colon >= 0) {
                        a = colon + 1;
                    }
                }
                if (a < s[1] && t.kind[a] == PythonTokenizer.NAME && !t.text[a].equals("global")) {
                    String first = t.text[a];
                    boolean assigns = topLevelAssign(a, s[1]) >= 0 || topLevelAugmented(a, s[1]) >= 0
                            || a + 1 < s[1] && (t.text[a + 1].equals(".") || t.text[a + 1].equals("[") || t.text[a + 1].equals(","));
                    if (assigns) {
                        names.add(first);
                        for (int i = a; i < s[1]; i++) {
                            // A, B = ...: every name before the first '='
                            if (t.text[i].equals("=")) {
                                break;
                            }
                            if (t.kind[i] == PythonTokenizer.NAME && i > a && t.text[i - 1].equals(",")) {
                                names.add(t.text[i]);
                            }
                        }
                    }
                }
                for (int i = s[0]; i < s[1]; i++) {
                    if (t.kind[i] == PythonTokenizer.NAME && DYNAMIC.contains(t.text[i]) && i + 1 < s[1] && t.text[i + 1].equals("(")) {
                        statements.add(new Dynamic(t.line[i]));
                    }
                }
            }
            if (!names.isEmpty()) {
                statements.add(new MakeUnknown(names, why, t.line[from]));
                names.forEach(n -> bind(n, t.line[from]));
            }
        }

        /** {@code global X} in a function body: the function may assign X when called. */
        private void globalsIn(int from, int to, String block, int blockLine) {
            if (t.kind[from] == PythonTokenizer.NAME && t.text[from].equals("global")) {
                List<String> names = new ArrayList<>();
                for (int i = from + 1; i < to; i++) {
                    if (t.kind[i] == PythonTokenizer.NAME) {
                        names.add(t.text[i]);
                    }
                }
                statements.add(new MakeUnknown(names, "may be assigned by the function at line " + blockLine, t.line[from]));
                names.forEach(n -> bind(n, t.line[from]));
            }
        }

        private void statement(int from, int to) {
            if (from >= to) {
                return;
            }
            int line = t.line[from];
            String first = t.kind[from] == PythonTokenizer.NAME ? t.text[from] : "";
            switch (first) {
                case "import" -> {
                    for (int[] part : split(from + 1, to, ",")) {
                        String bound = part[1] - part[0] >= 3 && t.text[part[1] - 2].equals("as") ? t.text[part[1] - 1] : t.text[part[0]];
                        statements.add(new MakeUnknown(List.of(bound), "imported", line));
                        bind(bound, line);
                    }
                    return;
                }
                case "from" -> {
                    int imp = -1;
                    for (int i = from + 1; i < to; i++) {
                        if (t.kind[i] == PythonTokenizer.NAME && t.text[i].equals("import")) {
                            imp = i;
                            break;
                        }
                    }
                    if (imp < 0) {
                        return;
                    }
                    StringBuilder module = new StringBuilder();
                    for (int i = from + 1; i < imp; i++) {
                        module.append(t.text[i]);
                    }
                    if (imp + 1 < to && t.text[imp + 1].equals("*")) {
                        stars.add(module + " (line " + line + ")");
                        return;
                    }
                    int a = imp + 1;
                    int b = to;
                    if (a < b && t.text[a].equals("(")) {
                        a++;
                        b = Math.min(b, t.match[imp + 1]);
                    }
                    for (int[] part : split(a, b, ",")) {
                        if (part[0] >= part[1]) {
                            continue;
                        }
                        String bound = part[1] - part[0] >= 3 && t.text[part[1] - 2].equals("as") ? t.text[part[1] - 1] : t.text[part[0]];
                        statements.add(new MakeUnknown(List.of(bound), "imported from " + module, line));
                        bind(bound, line);
                    }
                    return;
                }
                case "del" -> {
                    List<String> names = new ArrayList<>();
                    for (int[] part : split(from + 1, to, ",")) {
                        if (part[1] - part[0] == 1 && t.kind[part[0]] == PythonTokenizer.NAME) {
                            names.add(t.text[part[0]]);
                        } else if (part[0] < part[1] && t.kind[part[0]] == PythonTokenizer.NAME) {
                            statements.add(new MakeUnknown(List.of(t.text[part[0]]), "changed by del at line " + line, line));
                            bind(t.text[part[0]], line);
                        }
                    }
                    statements.add(new Delete(names, line));
                    names.forEach(n -> lines.put(n, line));
                    return;
                }
                case "global", "pass", "assert", "nonlocal", "raise", "return", "print" -> {
                    return;
                }
                default -> {
                }
            }
            for (int i = from; i < to; i++) {
                if (t.kind[i] == PythonTokenizer.NAME && DYNAMIC.contains(t.text[i]) && i + 1 < to && t.text[i + 1].equals("(")) {
                    statements.add(new Dynamic(line));
                    return;
                }
            }
            int eq = topLevelAssign(from, to);
            if (eq >= 0) {
                List<int[]> parts = new ArrayList<>();
                int start = from;
                for (int i = from; i < to; i++) {
                    if (t.kind[i] == PythonTokenizer.OP && t.text[i].equals("(") || t.text[i].equals("[") || t.text[i].equals("{")) {
                        if (t.kind[i] == PythonTokenizer.OP) {
                            i = t.match[i];
                        }
                        continue;
                    }
                    if (t.kind[i] == PythonTokenizer.OP && t.text[i].equals("=")) {
                        parts.add(new int[] {start, i});
                        start = i + 1;
                    }
                }
                Expr value = expression(start, to);
                List<Target> targets = new ArrayList<>();
                for (int[] p : parts) {
                    Target target = target(p[0], p[1]);
                    if (target == null) {
                        continue;
                    }
                    targets.add(target);
                    if (target.names() != null) {
                        target.names().forEach(n -> bind(n, line));
                    } else {
                        bind(target.name(), line);
                    }
                }
                statements.add(new Assign(targets, value, line));
                return;
            }
            int aug = topLevelAugmented(from, to);
            if (aug >= 0) {
                Target target = target(from, aug);
                if (target != null && target.name() != null) {
                    statements.add(new Augmented(target, t.text[aug].substring(0, t.text[aug].length() - 1),
                            expression(aug + 1, to), line));
                    bind(target.name(), line);
                }
                return;
            }
            // NAME[...].method(args) as a statement: a change in place
            if (t.kind[from] == PythonTokenizer.NAME && to - from >= 4 && t.text[to - 1].equals(")")) {
                int open = t.match[to - 1];
                if (open - 2 >= from && t.text[open - 2].equals(".") && t.kind[open - 1] == PythonTokenizer.NAME) {
                    Target target = target(from, open - 2);
                    if (target != null && target.name() != null) {
                        List<Expr> args = new ArrayList<>();
                        for (int[] a : split(open + 1, to - 1, ",")) {
                            if (a[0] < a[1]) {
                                args.add(expression(a[0], a[1]));
                            }
                        }
                        statements.add(new MethodCall(target, t.text[open - 1], args, line));
                        bind(target.name(), line);
                    }
                }
            }
        }

        /** A name, a name with subscripts, or names separated by commas (perhaps in brackets); null for anything else. */
        private Target target(int from, int to) {
            int colon = topLevel(from, to, ":");
            if (colon > from) {
                to = colon; // X: int = 3
            }
            if (from >= to) {
                return null;
            }
            if (topLevel(from, to, ",") >= 0 || (t.text[from].equals("(") || t.text[from].equals("[")) && t.match[from] == to - 1) {
                int a = from;
                int b = to;
                if ((t.text[from].equals("(") || t.text[from].equals("[")) && t.match[from] == to - 1) {
                    a++;
                    b--;
                }
                List<String> names = new ArrayList<>();
                for (int[] p : split(a, b, ",")) {
                    if (p[1] - p[0] == 1 && t.kind[p[0]] == PythonTokenizer.NAME) {
                        names.add(t.text[p[0]]);
                    } else if (p[0] < p[1]) {
                        return null;
                    }
                }
                return new Target(null, null, names);
            }
            if (t.kind[from] != PythonTokenizer.NAME) {
                return null;
            }
            List<Expr> keys = new ArrayList<>();
            int i = from + 1;
            while (i < to) {
                if (!t.text[i].equals("[") || t.kind[i] != PythonTokenizer.OP) {
                    // an attribute target (obj.x = 1) changes the object: unknown
                    return new Target(t.text[from], null, null);
                }
                keys.add(expression(i + 1, t.match[i]));
                i = t.match[i] + 1;
            }
            return new Target(t.text[from], keys, null);
        }

        /** The first '=' at bracket depth 0 (not ==, not a keyword argument: those are inside brackets). */
        private int topLevelAssign(int from, int to) {
            return topLevel(from, to, "=");
        }

        private int topLevelAugmented(int from, int to) {
            return next(from, to, x -> x.length() >= 2 && x.endsWith("=") && !x.equals("==") && !x.equals("!=")
                    && !x.equals("<=") && !x.equals(">=") && !x.equals(":="), false);
        }

        private int topLevel(int from, int to, String op) {
            return next(from, to, op::equals, op.equals(":"));
        }

        /**
         * The first operator at bracket depth 0 in [from, to) that {@code wanted} accepts, or -1; brackets are skipped
         * whole by their matching index. {@code notPastLambda}: a lambda's colon is no block's or dict's.
         */
        private int next(int from, int to, java.util.function.Predicate<String> wanted, boolean notPastLambda) {
            for (int i = from; i < to; i++) {
                if (t.kind[i] != PythonTokenizer.OP) {
                    if (notPastLambda && t.kind[i] == PythonTokenizer.NAME && t.text[i].equals("lambda")) {
                        return -1;
                    }
                    continue;
                }
                String x = t.text[i];
                if (x.equals("(") || x.equals("[") || x.equals("{")) {
                    i = t.match[i];
                } else if (wanted.test(x)) {
                    return i;
                }
            }
            return -1;
        }

        private List<int[]> split(int from, int to, String op) {
            List<int[]> out = new ArrayList<>();
            int start = from;
            for (int i; (i = next(start, to, op::equals, false)) >= 0; start = i + 1) {
                out.add(new int[] {start, i});
            }
            out.add(new int[] {start, to});
            return out;
        }

        // ---- expressions: recursive descent in Python's precedence order, over [pos, end) ----

        Expr expression(int from, int to) {
            int savedPos = pos;
            int savedEnd = end;
            int savedDepth = depth;
            pos = from;
            end = to;
            depth = 0;
            try {
                if (from >= to) {
                    return new Opaque("an empty expression");
                }
                Expr e = tupleOrTest();
                return pos == end ? e : new Opaque("an expression this reader does not follow");
            } catch (TooDeep e) {
                return new Opaque("nested too deeply");
            } catch (RuntimeException e) {
                return new Opaque("an expression this reader does not follow");
            } finally {
                pos = savedPos;
                end = savedEnd;
                depth = savedDepth;
            }
        }

        private boolean at(String op) {
            return pos < end && t.text[pos].equals(op) && t.kind[pos] == PythonTokenizer.OP;
        }

        private boolean atWord(String w) {
            return pos < end && t.kind[pos] == PythonTokenizer.NAME && t.text[pos].equals(w);
        }

        /** {@code a, b} at the top of an assignment's value is a tuple. */
        private Expr tupleOrTest() {
            Expr first = test();
            if (!at(",")) {
                return first;
            }
            List<Expr> items = new ArrayList<>();
            items.add(first);
            while (at(",")) {
                pos++;
                if (pos >= end) {
                    break;
                }
                items.add(test());
            }
            return new Seq(items, true);
        }

        private Expr test() {
            if (atWord("lambda")) {
                pos = end;
                return new Opaque("a lambda");
            }
            Expr e = or();
            if (atWord("if")) {
                pos++;
                Expr condition = boolOp(false);
                if (!atWord("else")) {
                    throw new IllegalStateException();
                }
                pos++;
                if (++depth > MAX_DEPTH) {
                    throw new TooDeep(); // a if b else c if d else ...: a chain is nesting too
                }
                try {
                    return new Ternary(condition, e, test());
                } finally {
                    depth--;
                }
            }
            return e;
        }

        private Expr or() {
            return boolOp(false);
        }

        /** {@code a or b or c} over and-operands, {@code a and b} over not-operands. */
        private Expr boolOp(boolean and) {
            String word = and ? "and" : "or";
            Expr e = and ? not() : boolOp(true);
            if (!atWord(word)) {
                return e;
            }
            List<Expr> items = new ArrayList<>(List.of(e));
            while (atWord(word)) {
                pos++;
                items.add(and ? not() : boolOp(true));
            }
            return new BoolOp(and, items);
        }

        private Expr not() {
            if (atWord("not")) {
                pos++;
                if (++depth > MAX_DEPTH) {
                    throw new TooDeep();
                }
                try {
                    return new Unary("not", not());
                } finally {
                    depth--;
                }
            }
            return comparison();
        }

        private Expr comparison() {
            Expr e = bitOr();
            List<Expr> operands = null;
            List<String> ops = null;
            while (true) {
                String op = null;
                if (pos < end && t.kind[pos] == PythonTokenizer.OP
                        && List.of("==", "!=", "<", "<=", ">", ">=").contains(t.text[pos])) {
                    op = t.text[pos];
                    pos++;
                } else if (atWord("in")) {
                    op = "in";
                    pos++;
                } else if (atWord("not") && pos + 1 < end && t.text[pos + 1].equals("in")) {
                    op = "not in";
                    pos += 2;
                } else if (atWord("is")) {
                    pos++;
                    op = "is";
                    if (atWord("not")) {
                        pos++;
                        op = "is not";
                    }
                }
                if (op == null) {
                    break;
                }
                if (operands == null) {
                    operands = new ArrayList<>(List.of(e));
                    ops = new ArrayList<>();
                }
                ops.add(op);
                operands.add(bitOr());
            }
            return operands == null ? e : new Compare(operands, ops);
        }

        private Expr bitOr() {
            Expr e = arith();
            while (pos < end && t.kind[pos] == PythonTokenizer.OP && List.of("|", "&", "^", "<<", ">>").contains(t.text[pos])) {
                String op = t.text[pos++];
                e = new Binary(op, e, arith());
            }
            return e;
        }

        private Expr arith() {
            Expr e = term();
            while (at("+") || at("-")) {
                String op = t.text[pos++];
                e = new Binary(op, e, term());
            }
            return e;
        }

        private Expr term() {
            Expr e = factor();
            while (at("*") || at("/") || at("//") || at("%") || at("@")) {
                String op = t.text[pos++];
                e = new Binary(op, e, factor());
            }
            return e;
        }

        private Expr factor() {
            if (at("-") || at("+") || at("~")) {
                String op = t.text[pos++];
                if (++depth > MAX_DEPTH) {
                    throw new TooDeep();
                }
                try {
                    return new Unary(op, factor());
                } finally {
                    depth--;
                }
            }
            Expr base = primary();
            if (at("**")) {
                pos++;
                if (++depth > MAX_DEPTH) {
                    throw new TooDeep();
                }
                try {
                    return new Binary("**", base, factor());
                } finally {
                    depth--;
                }
            }
            return base;
        }

        private Expr primary() {
            Expr e = atom();
            while (pos < end) {
                if (at(".") && pos + 1 < end && t.kind[pos + 1] == PythonTokenizer.NAME) {
                    e = new Attr(e, t.text[pos + 1]);
                    pos += 2;
                } else if (at("(")) {
                    e = call(e);
                } else if (at("[")) {
                    int close = t.match[pos];
                    Expr index = topLevel(pos + 1, close, ":") >= 0 ? new Opaque("a slice") : sub(pos + 1, close);
                    pos = close + 1;
                    e = new Subscript(e, index);
                } else {
                    break;
                }
            }
            return e;
        }

        private Expr call(Expr function) {
            int close = t.match[pos];
            List<Expr> args = new ArrayList<>();
            List<String> keywords = new ArrayList<>();
            List<Expr> values = new ArrayList<>();
            for (int[] a : split(pos + 1, close, ",")) {
                if (a[0] >= a[1]) {
                    continue;
                }
                if (a[1] - a[0] >= 2 && t.kind[a[0]] == PythonTokenizer.NAME && t.text[a[0] + 1].equals("=")) {
                    keywords.add(t.text[a[0]]);
                    values.add(sub(a[0] + 2, a[1]));
                } else if (t.text[a[0]].equals("*") || t.text[a[0]].equals("**")) {
                    args.add(new Opaque("an unpacked argument"));
                } else {
                    args.add(sub(a[0], a[1]));
                }
            }
            pos = close + 1;
            return new Call(function, args, keywords, values);
        }

        /** A sub-expression over [from, to) with this parser's depth carried on. */
        private Expr sub(int from, int to) {
            int savedPos = pos;
            int savedEnd = end;
            pos = from;
            end = to;
            if (++depth > MAX_DEPTH) {
                throw new TooDeep();
            }
            try {
                if (from >= to) {
                    return new Opaque("an empty expression");
                }
                Expr e = tupleOrTest();
                if (pos != end) {
                    // a comprehension (x for x in ...) or a walrus: not followed
                    return new Opaque("a comprehension or expression this reader does not follow");
                }
                return e;
            } finally {
                depth--;
                pos = savedPos;
                end = savedEnd;
            }
        }

        private Expr atom() {
            if (pos >= end) {
                throw new IllegalStateException();
            }
            byte k = t.kind[pos];
            String x = t.text[pos];
            if (k == PythonTokenizer.NUMBER) {
                pos++;
                Object n = PythonTokenizer.number(x);
                return n instanceof Unknown u ? new Opaque(u.why()) : new Const(n);
            }
            if (k == PythonTokenizer.STRING) {
                StringBuilder joined = new StringBuilder();
                Unknown unknown = null;
                while (pos < end && t.kind[pos] == PythonTokenizer.STRING) {
                    Object s = PythonTokenizer.string(t.text[pos++]);
                    if (s instanceof Unknown u) {
                        unknown = u;
                    } else if (joined.length() <= MAX_STRING) {
                        joined.append((String) s);
                    }
                }
                if (unknown != null) {
                    return new Opaque(unknown.why());
                }
                return joined.length() > MAX_STRING ? new Opaque("a string longer than 64 KiB") : new Const(joined.toString());
            }
            if (k == PythonTokenizer.NAME) {
                pos++;
                return switch (x) {
                    case "True" -> new Const(Boolean.TRUE);
                    case "False" -> new Const(Boolean.FALSE);
                    case "None" -> new Const(NONE);
                    case "await", "yield" -> new Opaque("an " + x + " expression");
                    default -> new Name(x);
                };
            }
            if (x.equals("(") || x.equals("[") || x.equals("{")) {
                int close = t.match[pos];
                int from = pos + 1;
                pos = close + 1;
                if (x.equals("{")) {
                    return dict(from, close);
                }
                if (from == close) {
                    return new Seq(List.of(), x.equals("("));
                }
                if (x.equals("(") && topLevel(from, close, ",") < 0) {
                    return sub(from, close); // parentheses only
                }
                List<Expr> items = new ArrayList<>();
                for (int[] a : split(from, close, ",")) {
                    if (a[0] < a[1]) {
                        items.add(t.text[a[0]].equals("*") ? new Opaque("an unpacked list") : sub(a[0], a[1]));
                    }
                }
                if (items.size() > MAX_LIST) {
                    return new Opaque("a list of more than " + MAX_LIST + " entries");
                }
                return new Seq(items, x.equals("("));
            }
            throw new IllegalStateException();
        }

        private Expr dict(int from, int to) {
            List<Expr> keys = new ArrayList<>();
            List<Expr> values = new ArrayList<>();
            List<Integer> keyLines = new ArrayList<>();
            boolean set = false;
            for (int[] a : split(from, to, ",")) {
                if (a[0] >= a[1]) {
                    continue;
                }
                if (t.text[a[0]].equals("**")) {
                    return new Opaque("a dict with ** in it");
                }
                int colon = topLevel(a[0], a[1], ":");
                if (colon < 0) {
                    set = true;
                    keys.add(sub(a[0], a[1]));
                    continue;
                }
                keys.add(sub(a[0], colon));
                values.add(sub(colon + 1, a[1]));
                keyLines.add(t.line[a[0]]);
            }
            if (keys.size() > MAX_LIST) {
                return new Opaque("a dict of more than " + MAX_LIST + " entries");
            }
            return set ? new Seq(keys, false) : new Dict(keys, values, keyLines);
        }
    }

    // ---------------------------------------------------------------- evaluation

    private State evaluate(Evaluation how) {
        if (how == Evaluation.UNKNOWN_ENVIRONMENT) {
            synchronized (this) {
                if (unknownState == null) {
                    unknownState = new State(how);
                    unknownState.run(statements);
                }
                return unknownState;
            }
        }
        synchronized (this) {
            if (how.equals(lastHow) && lastState != null) {
                return lastState;
            }
        }
        State s = new State(how);
        s.run(statements);
        synchronized (this) {
            lastHow = how;
            lastState = s;
        }
        return s;
    }

    /** The module's namespace after its statements ran, in this reader's terms. */
    private static final class State {
        final Evaluation how;
        final Map<String, Object> values = new HashMap<>();
        final Map<String, Set<String>> reads = new HashMap<>();
        final Map<String, Integer> keyLines = new HashMap<>();
        int steps;
        Set<String> reading;
        String dynamic;
        /** The receivers django-environ's Env was bound to in this file, with the scheme they were given. */
        final Map<String, Map<String, Object[]>> envs = new HashMap<>();

        State(Evaluation how) {
            this.how = how;
        }

        void run(List<Statement> statements) {
            for (Statement st : statements) {
                reading = new LinkedHashSet<>();
                if (st instanceof Assign a) {
                    Object v = eval(a.value());
                    envScheme(a);
                    for (Target target : a.targets()) {
                        assign(target, v, a.line(), a.value());
                    }
                } else if (st instanceof Augmented a) {
                    Object right = eval(a.value());
                    Object left = get(a.target());
                    set(a.target(), binary(a.op(), left, right), a.line());
                } else if (st instanceof MethodCall m) {
                    method(m);
                } else if (st instanceof MakeUnknown m) {
                    for (String n : m.names()) {
                        values.put(n, new Unknown(m.why()));
                        reads.put(n, Set.of());
                    }
                } else if (st instanceof Delete d) {
                    d.names().forEach(values::remove);
                } else if (st instanceof Dynamic d) {
                    dynamic = "settings changed dynamically at line " + d.line();
                }
            }
            if (dynamic != null) {
                for (String name : new ArrayList<>(values.keySet())) {
                    values.put(name, new Unknown(dynamic));
                }
            }
        }

        private void assign(Target target, Object v, int line, Expr valueExpr) {
            if (target.names() != null) {
                List<?> items = v instanceof List<?> l && l.size() == target.names().size() ? l : null;
                for (int i = 0; i < target.names().size(); i++) {
                    String n = target.names().get(i);
                    values.put(n, items != null ? items.get(i) : v instanceof Unknown ? v : new Unknown("unpacked from a value of another length"));
                    reads.put(n, Set.copyOf(reading));
                }
                return;
            }
            set(target, v, line);
            if (target.keys() != null && target.keys().isEmpty() && valueExpr instanceof Dict d) {
                keyLines(target.name(), d);
            }
        }

        private void keyLines(String prefix, Dict d) {
            for (int i = 0; i < d.keys().size() && i < d.values().size(); i++) {
                if (d.keys().get(i) instanceof Const c && c.value() instanceof String k) {
                    String path = prefix + '\u0000' + k;
                    keyLines.put(path, d.keyLines().get(i));
                    if (d.values().get(i) instanceof Dict inner) {
                        keyLines(path, inner);
                    }
                }
            }
        }

        private Object get(Target target) {
            Object v = values.get(target.name());
            if (v == null) {
                return new Unknown(target.name() + " is not defined in this file");
            }
            for (Expr k : target.keys() == null ? List.<Expr>of() : target.keys()) {
                v = index(v, eval(k));
            }
            return v;
        }

        private void set(Target target, Object value, int line) {
            String name = target.name();
            Object v = bounded(value);
            if (target.keys() == null) {
                values.put(name, new Unknown("changed through an attribute at line " + line));
                return;
            }
            Set<String> before = reads.getOrDefault(name, Set.of());
            if (target.keys().isEmpty()) {
                values.put(name, v);
                reads.put(name, Set.copyOf(reading));
                keyLines.keySet().removeIf(k -> k.startsWith(name + '\u0000'));
                return;
            }
            // NAME[k1][k2] = v: copy the dicts on the way, so earlier bindings that share them keep their values
            Object root = values.get(name);
            List<Object> keys = new ArrayList<>();
            for (Expr k : target.keys()) {
                keys.add(eval(k));
            }
            values.put(name, bounded(setIn(root, keys, 0, v)));
            Set<String> r = new LinkedHashSet<>(before);
            r.addAll(reading);
            reads.put(name, Set.copyOf(r));
            StringBuilder path = new StringBuilder(name);
            for (Object k : keys) {
                path.append('\u0000').append(k);
            }
            keyLines.put(path.toString(), line);
        }

        private Object setIn(Object container, List<Object> keys, int i, Object v) {
            if (i == keys.size()) {
                return v;
            }
            Object key = keys.get(i);
            if (container instanceof Unknown || key instanceof Unknown) {
                return container instanceof Unknown ? container : new Unknown("a key that cannot be read");
            }
            if (container instanceof Map<?, ?> m) {
                Map<Object, Object> copy = new LinkedHashMap<>(m);
                copy.put(key, setIn(m.get(key), keys, i + 1, v));
                return copy;
            }
            if (container instanceof List<?> l && key instanceof Long idx) {
                int at = (int) (idx < 0 ? l.size() + idx : idx);
                if (at < 0 || at >= l.size()) {
                    return new Unknown("an index out of range");
                }
                List<Object> copy = new ArrayList<>(l);
                copy.set(at, setIn(l.get(at), keys, i + 1, v));
                return copy;
            }
            return new Unknown(container == null ? "assigned into a value not defined in this file" : "assigned into a value that is no dict");
        }

        private void method(MethodCall m) {
            Object target = get(m.target());
            List<Object> args = new ArrayList<>();
            for (Expr a : m.args()) {
                args.add(eval(a));
            }
            Object changed;
            if (target instanceof Unknown) {
                changed = target;
            } else if (target instanceof List<?> l && !(args.stream().anyMatch(a -> a instanceof Unknown))) {
                List<Object> copy = new ArrayList<>(l);
                switch (m.method()) {
                    case "append" -> changed = args.size() == 1 && copy.add(args.get(0)) ? copy : null;
                    case "extend" -> changed = args.size() == 1 && args.get(0) instanceof List<?> more && copy.addAll(more) ? copy : null;
                    case "insert" -> {
                        if (args.size() == 2 && args.get(0) instanceof Long i) {
                            int at = (int) Math.max(0, Math.min(copy.size(), i < 0 ? copy.size() + i : i));
                            copy.add(at, args.get(1));
                            changed = copy;
                        } else {
                            changed = null;
                        }
                    }
                    case "remove" -> changed = args.size() == 1 && copy.remove(args.get(0)) ? copy : null;
                    default -> changed = null;
                }
            } else if (target instanceof Map<?, ?> map && m.method().equals("update") && args.size() == 1 && args.get(0) instanceof Map<?, ?> more) {
                Map<Object, Object> copy = new LinkedHashMap<>(map);
                copy.putAll(more);
                changed = copy;
            } else if (target instanceof Map<?, ?> map && m.method().equals("setdefault") && args.size() == 2) {
                Map<Object, Object> copy = new LinkedHashMap<>(map);
                copy.putIfAbsent(args.get(0), args.get(1));
                changed = copy;
            } else if (target instanceof String || target instanceof Long || target instanceof Boolean) {
                return; // a method of an immutable value changes nothing: "x".lower() as a statement
            } else {
                changed = null;
            }
            if (changed == null) {
                changed = new Unknown("changed by " + m.target().name() + "." + m.method() + "(...) at line " + m.line());
            }
            set(m.target(), changed, m.line());
        }

        /** {@code env = environ.Env(DEBUG=(bool, False))}: the receiver and its scheme. */
        private void envScheme(Assign a) {
            if (a.value() instanceof Call c && isEnvClass(c.function()) && a.targets().size() == 1 && a.targets().get(0).name() != null) {
                Map<String, Object[]> scheme = new HashMap<>();
                for (int i = 0; i < c.keywords().size(); i++) {
                    Object v = eval(c.keywordValues().get(i));
                    if (v instanceof List<?> l && l.size() == 2) {
                        scheme.put(c.keywords().get(i), new Object[] {castName(c.keywordValues().get(i) instanceof Seq s ? s.items().get(0) : null), l.get(1)});
                    } else if (c.keywordValues().get(i) instanceof Name n) {
                        scheme.put(c.keywords().get(i), new Object[] {n.id(), null});
                    }
                }
                envs.put(a.targets().get(0).name(), scheme);
            }
        }

        private boolean isEnvClass(Expr f) {
            return f instanceof Attr at && at.name().equals("Env") && at.of() instanceof Name n && n.id().equals("environ")
                    || f instanceof Name n2 && (n2.id().equals("Env") || n2.id().equals("FileAwareEnv"))
                    || f instanceof Attr at2 && at2.name().equals("FileAwareEnv");
        }

        private static String castName(Expr e) {
            return e instanceof Name n ? n.id() : null;
        }

        // ---- expressions ----

        /** Entries of one value, counted through shared parts: what exporting or comparing it would walk. */
        private static final int MAX_WEIGHT = 20_000;
        private final Map<Object, Integer> weights = new java.util.IdentityHashMap<>();

        /** The value, or an Unknown when it is a container of more than {@link #MAX_WEIGHT} entries in all. */
        private Object bounded(Object v) {
            return (v instanceof List || v instanceof Map) && weight(v) > MAX_WEIGHT
                    ? new Unknown("a value of more than " + MAX_WEIGHT + " entries in all") : v;
        }

        private int weight(Object v) {
            if (!(v instanceof List || v instanceof Map)) {
                return 1;
            }
            Integer known = weights.get(v);
            if (known != null) {
                return known;
            }
            long w = 1;
            for (Object child : v instanceof List<?> l ? l : ((Map<?, ?>) v).values()) {
                w += weight(child);
                if (w > MAX_WEIGHT) {
                    break;
                }
            }
            int result = (int) Math.min(w, MAX_WEIGHT + 1);
            weights.put(v, result);
            return result;
        }

        private Object eval(Expr e) {
            if (++steps > MAX_STEPS) {
                return new Unknown("too much to evaluate");
            }
            return bounded(evalInner(e));
        }

        private Object evalInner(Expr e) {
            if (e instanceof Const c) {
                return c.value();
            }
            if (e instanceof Name n) {
                Object v = values.get(n.id());
                Set<String> r = reads.get(n.id());
                if (r != null) {
                    reading.addAll(r);
                }
                return v != null ? v : new Unknown(safeName(n.id()) + " is not defined in this file");
            }
            if (e instanceof Seq s) {
                List<Object> out = new ArrayList<>(s.items().size());
                for (Expr item : s.items()) {
                    out.add(eval(item));
                }
                return out;
            }
            if (e instanceof Dict d) {
                Map<Object, Object> out = new LinkedHashMap<>();
                for (int i = 0; i < d.keys().size(); i++) {
                    Object k = eval(d.keys().get(i));
                    if (k instanceof Unknown) {
                        return new Unknown("a dict with a key that cannot be read");
                    }
                    out.put(k, eval(d.values().get(i)));
                }
                return out;
            }
            if (e instanceof Unary u) {
                return unary(u.op(), eval(u.operand()));
            }
            if (e instanceof Binary b) {
                return binary(b.op(), eval(b.left()), eval(b.right()));
            }
            if (e instanceof BoolOp b) {
                Object last = null;
                for (Expr x : b.operands()) {
                    last = eval(x);
                    // and: the first false operand; or: the first true one; an unknown one decides nothing
                    if (last instanceof Unknown || truthy(last) != b.and()) {
                        return last;
                    }
                }
                return last;
            }
            if (e instanceof Compare c) {
                return compare(c);
            }
            if (e instanceof Ternary t) {
                Object condition = eval(t.condition());
                if (condition instanceof Unknown) {
                    return condition;
                }
                return truthy(condition) ? eval(t.then()) : eval(t.otherwise());
            }
            if (e instanceof Call c) {
                return call(c);
            }
            if (e instanceof Attr a) {
                Object of = eval(a.of());
                return of instanceof Unknown ? of : new Unknown("an attribute of a value");
            }
            if (e instanceof Subscript s) {
                return subscript(s);
            }
            return new Unknown(((Opaque) e).why());
        }

        /** A name as it may be shown: only what looks like a variable's name (a string of the file may be a secret). */
        private static String safeName(String id) {
            return id.length() <= 64 && id.matches("[A-Za-z_][A-Za-z0-9_]*") ? id : "(a name that is not a Python identifier)";
        }

        private Object subscript(Subscript s) {
            // os.environ["X"]
            if (isEnviron(s.of())) {
                Object name = eval(s.index());
                if (!(name instanceof String var)) {
                    return new Unknown("an environment variable whose name cannot be read");
                }
                Object v = environment(var);
                return v == NONE ? new Unknown("Django stops: KeyError for " + safeName(var) + ", not set") : v;
            }
            return index(eval(s.of()), eval(s.index()));
        }

        private Object index(Object of, Object key) {
            if (of instanceof Unknown) {
                return of;
            }
            if (key instanceof Unknown) {
                return key;
            }
            if (of instanceof Map<?, ?> m) {
                Object v = m.get(key);
                return v != null ? v : new Unknown("a key the dict does not hold");
            }
            if ((of instanceof List<?> || of instanceof String) && key instanceof Long i) {
                int size = of instanceof List<?> l ? l.size() : ((String) of).length();
                long at = i < 0 ? size + i : i;
                if (at < 0 || at >= size) {
                    return new Unknown("an index out of range");
                }
                return of instanceof List<?> l ? l.get((int) at) : String.valueOf(((String) of).charAt((int) at));
            }
            return new Unknown("an index this reader does not follow");
        }

        private boolean isEnviron(Expr e) {
            return e instanceof Attr a && a.name().equals("environ") && a.of() instanceof Name n && n.id().equals("os")
                    || e instanceof Name n2 && n2.id().equals("environ") && !envs.containsKey("environ") && isImportedEnviron();
        }

        /** {@code from os import environ} leaves environ unknown in the namespace; django-environ's module is also "environ". */
        private boolean isImportedEnviron() {
            return values.get("environ") instanceof Unknown u && u.why().equals("imported from os");
        }

        /** The variable's value, NONE when unset; an Unknown when the environment cannot tell. */
        private Object environment(String var) {
            reading.add(var);
            if (how.environment() == null) {
                return new Unknown("depends on environment variable " + safeName(var));
            }
            String v = how.environment().apply(var);
            if (v == UNKNOWN_VARIABLE) {
                return new Unknown("depends on environment variable " + safeName(var) + ", whose value is not visible here");
            }
            return v == null ? NONE : v;
        }

        private Object call(Call c) {
            Expr f = c.function();
            List<Object> args = new ArrayList<>();
            for (Expr a : c.args()) {
                args.add(eval(a));
            }
            // os.environ.get / os.getenv / environ.get / getenv / os.environ.setdefault
            if (f instanceof Attr a && (a.name().equals("get") || a.name().equals("setdefault")) && isEnviron(a.of())
                    || f instanceof Attr g && g.name().equals("getenv") && g.of() instanceof Name os && os.id().equals("os")
                    || f instanceof Name gn && gn.id().equals("getenv") && values.get("getenv") instanceof Unknown gu && gu.why().equals("imported from os")) {
                if (args.isEmpty() || !(args.get(0) instanceof String var)) {
                    return new Unknown("an environment variable whose name cannot be read");
                }
                Object v = environment(var);
                if (v == NONE) {
                    Object def = args.size() > 1 ? args.get(1) : keyword(c, "default");
                    return def == null ? NONE : def;
                }
                return v;
            }
            // django-environ: env(...), env.bool(...), ...
            String receiver = f instanceof Name n ? n.id() : f instanceof Attr at && at.of() instanceof Name rn ? rn.id() : null;
            if (receiver != null && isEnvReceiver(receiver)) {
                String method = f instanceof Attr at ? at.name() : null;
                return environ(receiver, method, c, args);
            }
            if (receiver != null && receiver.equals("config") && f instanceof Name && isDecouple()) {
                return decouple(c, args);
            }
            if (f instanceof Name n) {
                if (values.containsKey(n.id()) && !(values.get(n.id()) instanceof Unknown u && u.why().startsWith("imported from builtins"))) {
                    return new Unknown("computed by " + safeName(n.id()) + "()");
                }
                return builtin(n.id(), args, c);
            }
            if (f instanceof Attr a) {
                Object of = eval(a.of());
                return method(of, a.name(), args);
            }
            return new Unknown("a call this reader does not follow");
        }

        private Object keyword(Call c, String name) {
            int i = c.keywords().indexOf(name);
            return i < 0 ? null : eval(c.keywordValues().get(i));
        }

        private boolean isEnvReceiver(String name) {
            if (envs.containsKey(name)) {
                return true;
            }
            Object bound = values.get(name);
            return bound == null && (name.equals("env") || name.equals("ENV"));
        }

        private boolean isDecouple() {
            Object bound = values.get("config");
            return bound == null || bound instanceof Unknown u && u.why().startsWith("imported from decouple");
        }

        /** django-environ's get_value: a default is returned as given (a str default is not cast), a set value is cast. */
        private Object environ(String receiver, String method, Call c, List<Object> args) {
            if (args.isEmpty() || !(args.get(0) instanceof String var)) {
                return new Unknown("an environment variable whose name cannot be read");
            }
            Object[] scheme = envs.getOrDefault(receiver, Map.of()).get(var);
            String cast = method == null || method.equals("__call__") ? null : method;
            Object castArg = keyword(c, "cast");
            if (cast == null && c.keywords().contains("cast")) {
                int i = c.keywords().indexOf("cast");
                cast = castName(c.keywordValues().get(i));
                if (cast == null && castArg instanceof List<?>) {
                    cast = "list";
                }
            }
            if (cast == null && scheme != null) {
                cast = (String) scheme[0];
            }
            if (cast != null && !List.of("bool", "int", "float", "str", "list", "tuple").contains(cast)) {
                return new Unknown("read with env." + safeName(cast) + "(), which this reader does not follow");
            }
            boolean hasDefault = c.keywords().contains("default") || args.size() > 1 || scheme != null && scheme[1] != null;
            Object def = c.keywords().contains("default") ? keyword(c, "default") : args.size() > 1 ? args.get(1)
                    : scheme != null ? scheme[1] : null;
            Object raw = environment(var);
            if (raw instanceof Unknown) {
                return raw;
            }
            if (raw == NONE) {
                if (!hasDefault) {
                    return new Unknown("Django stops: ImproperlyConfigured, " + safeName(var) + " not set");
                }
                return def == null ? NONE : def;
            }
            String value = (String) raw;
            if (value.startsWith("$")) {
                return new Unknown("refers to another variable (" + safeName(var) + " starts with $)");
            }
            if (def instanceof String d && d.equals(value)) {
                return value; // django-environ casts only a value that differs from the default
            }
            return castEnviron(cast, value);
        }

        private Object castEnviron(String cast, String value) {
            if (cast == null || cast.equals("str")) {
                return value;
            }
            switch (cast) {
                case "bool": {
                    String v = how.modernEnviron() ? value.strip() : value;
                    Long n = ValueReader.pythonInt(v);
                    if (n != null) {
                        return n != 0;
                    }
                    return Set.of("true", "on", "ok", "y", "yes", "1").contains(v.toLowerCase(Locale.ROOT));
                }
                case "int": {
                    Long n = ValueReader.pythonInt(value);
                    return n != null ? (Object) n : new Unknown("Django stops: int() of the value fails");
                }
                case "float":
                    try {
                        return Double.parseDouble(value.strip());
                    } catch (NumberFormatException e) {
                        return new Unknown("Django stops: float() of the value fails");
                    }
                case "list":
                case "tuple": {
                    List<Object> out = new ArrayList<>();
                    for (String part : value.split(",", -1)) {
                        if (!part.isEmpty()) {
                            out.add(part); // django-environ keeps the spaces around an entry
                        }
                    }
                    return out;
                }
                default:
                    return new Unknown("a cast this reader does not follow");
            }
        }

        /** python-decouple's config(): the default is cast too; bool accepts only its own words. */
        private Object decouple(Call c, List<Object> args) {
            if (args.isEmpty() || !(args.get(0) instanceof String var)) {
                return new Unknown("an environment variable whose name cannot be read");
            }
            boolean hasDefault = c.keywords().contains("default") || args.size() > 1;
            Object raw = environment(var);
            if (raw instanceof Unknown) {
                return raw;
            }
            Object value = raw;
            if (raw == NONE) {
                if (!hasDefault) {
                    return new Unknown("Django stops: UndefinedValueError, " + safeName(var) + " not set");
                }
                value = c.keywords().contains("default") ? keyword(c, "default") : args.get(1);
            }
            int ci = c.keywords().indexOf("cast");
            if (ci < 0) {
                return value;
            }
            Expr castExpr = c.keywordValues().get(ci);
            String cast = castName(castExpr);
            if (castExpr instanceof Call csv && csv.function() instanceof Name cn && cn.id().equals("Csv")) {
                if (!(value instanceof String s)) {
                    return value instanceof Unknown ? value : new Unknown("Csv() of a value that is no string");
                }
                List<Object> out = new ArrayList<>();
                for (String part : s.split(",")) {
                    String p = part.strip();
                    if (!p.isEmpty()) {
                        out.add(p);
                    }
                }
                return out;
            }
            if ("bool".equals(cast)) {
                if (value instanceof Boolean) {
                    return value;
                }
                String word = value == NONE ? "none" : String.valueOf(value).toLowerCase(Locale.ROOT);
                if (Set.of("1", "yes", "true", "on", "y", "t").contains(word)) {
                    return true;
                }
                if (Set.of("0", "no", "false", "off", "", "n", "f").contains(word)) {
                    return false;
                }
                return new Unknown("Django stops: decouple refuses the value of " + safeName(var) + " as a boolean");
            }
            if ("int".equals(cast)) {
                if (value instanceof Long) {
                    return value;
                }
                Long n = value instanceof String s ? ValueReader.pythonInt(s) : null;
                return n != null ? (Object) n : new Unknown("Django stops: int() of the value fails");
            }
            if ("str".equals(cast)) {
                return value instanceof String ? value : str(value);
            }
            return new Unknown("a decouple cast this reader does not follow");
        }

        private Object builtin(String name, List<Object> args, Call c) {
            for (Object a : args) {
                if (a instanceof Unknown) {
                    return a;
                }
            }
            Object x = args.isEmpty() ? null : args.get(0);
            switch (name) {
                case "bool":
                    return x == null ? Boolean.FALSE : truthy(x);
                case "int": {
                    if (x instanceof Long || x instanceof Boolean) {
                        return x instanceof Boolean b ? (Object) (b ? 1L : 0L) : x;
                    }
                    if (x instanceof Double d) {
                        return (long) d.doubleValue();
                    }
                    Long n = x instanceof String s ? ValueReader.pythonInt(s) : null;
                    return n != null ? (Object) n : new Unknown("int() of that value fails: Django stops");
                }
                case "float":
                    if (x instanceof Long l) {
                        return l.doubleValue();
                    }
                    if (x instanceof String s) {
                        try {
                            return Double.parseDouble(s.strip());
                        } catch (NumberFormatException e) {
                            return new Unknown("float() of that value fails: Django stops");
                        }
                    }
                    return x instanceof Double ? x : new Unknown("float() of a value this reader does not follow");
                case "str":
                    return x == null ? "" : str(x);
                case "list", "tuple":
                    if (x == null) {
                        return new ArrayList<>();
                    }
                    if (x instanceof List<?> l) {
                        return new ArrayList<>(l);
                    }
                    if (x instanceof String s) {
                        List<Object> chars = new ArrayList<>();
                        s.codePoints().limit(MAX_LIST).forEach(cp -> chars.add(new String(Character.toChars(cp))));
                        return chars;
                    }
                    if (x instanceof Map<?, ?> m) {
                        return new ArrayList<>(m.keySet());
                    }
                    return new Unknown("a conversion this reader does not follow");
                case "len":
                    return x instanceof String s ? (Object) (long) s.length() : x instanceof List<?> l ? (Object) (long) l.size()
                            : x instanceof Map<?, ?> m ? (Object) (long) m.size() : new Unknown("len() of a value this reader does not follow");
                case "dict": {
                    Map<Object, Object> out = new LinkedHashMap<>();
                    for (int i = 0; i < c.keywords().size(); i++) {
                        out.put(c.keywords().get(i), eval(c.keywordValues().get(i)));
                    }
                    return out;
                }
                default:
                    return new Unknown("computed by " + safeName(name) + "()");
            }
        }

        private Object method(Object of, String name, List<Object> args) {
            if (of instanceof Unknown) {
                return of;
            }
            for (Object a : args) {
                if (a instanceof Unknown) {
                    return a;
                }
            }
            if (of instanceof Map<?, ?> m && name.equals("get") && !args.isEmpty()) {
                Object v = m.get(args.get(0));
                return v != null ? v : args.size() > 1 ? args.get(1) : NONE;
            }
            if (!(of instanceof String s)) {
                return new Unknown("a method this reader does not follow");
            }
            Object a0 = args.isEmpty() ? null : args.get(0);
            switch (name) {
                case "lower":
                    return s.toLowerCase(Locale.ROOT);
                case "upper":
                    return s.toUpperCase(Locale.ROOT);
                case "strip", "lstrip", "rstrip": {
                    String chars = a0 instanceof String c ? c : null;
                    int from = 0;
                    int to = s.length();
                    if (!name.equals("rstrip")) {
                        while (from < to && strippable(s.charAt(from), chars)) {
                            from++;
                        }
                    }
                    if (!name.equals("lstrip")) {
                        while (to > from && strippable(s.charAt(to - 1), chars)) {
                            to--;
                        }
                    }
                    return s.substring(from, to);
                }
                case "split": {
                    List<Object> out = new ArrayList<>();
                    if (a0 == null || a0 == NONE) {
                        for (String part : s.strip().split("\\s+")) {
                            if (!part.isEmpty()) {
                                out.add(part);
                            }
                        }
                        return out;
                    }
                    if (!(a0 instanceof String sep) || sep.isEmpty()) {
                        return new Unknown("a split this reader does not follow");
                    }
                    long max = args.size() > 1 && args.get(1) instanceof Long l ? l : -1;
                    int start = 0;
                    int found;
                    while ((max < 0 || out.size() < max) && (found = s.indexOf(sep, start)) >= 0) {
                        out.add(s.substring(start, found));
                        start = found + sep.length();
                        if (out.size() > MAX_LIST) {
                            return new Unknown("a list of more than " + MAX_LIST + " entries");
                        }
                    }
                    out.add(s.substring(start));
                    return out;
                }
                case "startswith":
                    return a0 instanceof String p ? (Object) s.startsWith(p) : new Unknown("a method this reader does not follow");
                case "endswith":
                    return a0 instanceof String p ? (Object) s.endsWith(p) : new Unknown("a method this reader does not follow");
                case "replace":
                    if (a0 instanceof String from && args.size() > 1 && args.get(1) instanceof String to && !from.isEmpty()) {
                        String r = s.replace(from, to);
                        return r.length() > MAX_STRING ? new Unknown("a string longer than 64 KiB") : r;
                    }
                    return new Unknown("a method this reader does not follow");
                case "join":
                    if (a0 instanceof List<?> l && l.stream().allMatch(x -> x instanceof String)) {
                        StringBuilder b = new StringBuilder();
                        for (Object x : l) {
                            if (b.length() > MAX_STRING) {
                                return new Unknown("a string longer than 64 KiB");
                            }
                            b.append(b.isEmpty() && l.indexOf(x) == 0 ? "" : s).append((String) x);
                        }
                        return b.toString();
                    }
                    return new Unknown("a method this reader does not follow");
                default:
                    return new Unknown("a string method this reader does not follow");
            }
        }

        private static boolean strippable(char c, String chars) {
            return chars == null ? Character.isWhitespace(c) || Character.isSpaceChar(c) : chars.indexOf(c) >= 0;
        }

        private Object unary(String op, Object v) {
            if (v instanceof Unknown) {
                return v;
            }
            return switch (op) {
                case "not" -> !truthy(v);
                case "-" -> v instanceof Long l && l != Long.MIN_VALUE ? (Object) (-l) : v instanceof Double d ? (Object) (-d)
                        : v instanceof Boolean b ? (Object) (b ? -1L : 0L) : new Unknown("a negation this reader does not follow");
                case "+" -> v instanceof Long || v instanceof Double ? v : new Unknown("an operation this reader does not follow");
                default -> new Unknown("an operation this reader does not follow");
            };
        }

        private Object binary(String op, Object a, Object b) {
            if (a instanceof Unknown) {
                return a;
            }
            if (b instanceof Unknown) {
                return b;
            }
            if (a instanceof Boolean x) {
                a = x ? 1L : 0L;
            }
            if (b instanceof Boolean y) {
                b = y ? 1L : 0L;
            }
            try {
                if (a instanceof Long x && b instanceof Long y) {
                    return switch (op) {
                        case "+" -> Math.addExact(x, y);
                        case "-" -> Math.subtractExact(x, y);
                        case "*" -> Math.multiplyExact(x, y);
                        case "//" -> y == 0 ? new Unknown("a division by zero") : Math.floorDiv(x, y);
                        case "%" -> y == 0 ? new Unknown("a division by zero") : Math.floorMod(x, y);
                        case "/" -> y == 0 ? new Unknown("a division by zero") : (Object) ((double) x / y);
                        case "**" -> power(x, y);
                        case "|" -> x | y;
                        case "&" -> x & y;
                        case "^" -> x ^ y;
                        default -> new Unknown("an operation this reader does not follow");
                    };
                }
            } catch (ArithmeticException e) {
                return new Unknown("a number too large for this reader");
            }
            if ((a instanceof Long || a instanceof Double) && (b instanceof Long || b instanceof Double)) {
                double x = ((Number) a).doubleValue();
                double y = ((Number) b).doubleValue();
                return switch (op) {
                    case "+" -> x + y;
                    case "-" -> x - y;
                    case "*" -> x * y;
                    case "/" -> y == 0 ? new Unknown("a division by zero") : (Object) (x / y);
                    default -> new Unknown("an operation this reader does not follow");
                };
            }
            if (op.equals("+") && a instanceof String x && b instanceof String y) {
                return x.length() + y.length() > MAX_STRING ? new Unknown("a string longer than 64 KiB") : x + y;
            }
            if (op.equals("+") && a instanceof List<?> x && b instanceof List<?> y) {
                if (x.size() + y.size() > MAX_LIST) {
                    return new Unknown("a list of more than " + MAX_LIST + " entries");
                }
                List<Object> out = new ArrayList<>(x);
                out.addAll(y);
                return out;
            }
            if (op.equals("*") && (a instanceof String || a instanceof List<?>) && b instanceof Long n
                    || op.equals("*") && a instanceof Long && (b instanceof String || b instanceof List<?>)) {
                Object seq = a instanceof Long ? b : a;
                long times = Math.max(0, a instanceof Long x ? x : (Long) b);
                long size = seq instanceof String s ? s.length() : ((List<?>) seq).size();
                if (size * times > (seq instanceof String ? MAX_STRING : MAX_LIST) || times > MAX_LIST) {
                    return new Unknown("a repetition too large for this reader");
                }
                if (seq instanceof String s) {
                    return s.repeat((int) times);
                }
                List<Object> out = new ArrayList<>();
                for (long i = 0; i < times; i++) {
                    out.addAll((List<?>) seq);
                }
                return out;
            }
            if (op.equals("%") && a instanceof String) {
                return new Unknown("a formatted string");
            }
            if (op.equals("|") && a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
                Map<Object, Object> out = new LinkedHashMap<>(x);
                out.putAll(y);
                return out;
            }
            return new Unknown("an operation this reader does not follow");
        }

        private static Object power(long x, long y) {
            if (y < 0) {
                return Math.pow(x, y);
            }
            long r = 1;
            for (long i = 0; i < y; i++) {
                r = Math.multiplyExact(r, x);
                if (i > 64 && (x == 0 || x == 1 || x == -1)) {
                    return x == -1 && (y % 2 == 1) ? -1L : x == 0 ? 0L : 1L;
                }
            }
            return r;
        }

        private Object compare(Compare c) {
            Object left = eval(c.operands().get(0));
            for (int i = 0; i < c.ops().size(); i++) {
                Object right = eval(c.operands().get(i + 1));
                if (left instanceof Unknown) {
                    return left;
                }
                if (right instanceof Unknown) {
                    return right;
                }
                Object r = compareOne(c.ops().get(i), left, right);
                if (!(r instanceof Boolean ok)) {
                    return r;
                }
                if (!ok) {
                    return false;
                }
                left = right;
            }
            return true;
        }

        private Object compareOne(String op, Object a, Object b) {
            switch (op) {
                case "==":
                    return pyEquals(a, b);
                case "!=":
                    return !pyEquals(a, b);
                case "is":
                    return a == NONE && b == NONE || a instanceof Boolean && a.equals(b) ? Boolean.TRUE
                            : a == NONE || b == NONE ? (Object) (a == b) : new Unknown("an identity test");
                case "is not":
                    Object is = compareOne("is", a, b);
                    return is instanceof Boolean x ? (Object) !x : is;
                case "in":
                case "not in": {
                    Boolean in;
                    if (b instanceof String s && a instanceof String x) {
                        in = s.contains(x);
                    } else if (b instanceof List<?> l) {
                        in = l.stream().anyMatch(x -> pyEquals(a, x));
                    } else if (b instanceof Map<?, ?> m) {
                        in = m.keySet().stream().anyMatch(x -> pyEquals(a, x));
                    } else {
                        return new Unknown("a membership test this reader does not follow");
                    }
                    return op.equals("in") ? in : !in;
                }
                default: {
                    if ((a instanceof Long || a instanceof Double || a instanceof Boolean) && (b instanceof Long || b instanceof Double || b instanceof Boolean)) {
                        double x = number(a);
                        double y = number(b);
                        return switch (op) {
                            case "<" -> x < y;
                            case "<=" -> x <= y;
                            case ">" -> x > y;
                            default -> x >= y;
                        };
                    }
                    if (a instanceof String x && b instanceof String y) {
                        int r = x.compareTo(y);
                        return switch (op) {
                            case "<" -> r < 0;
                            case "<=" -> r <= 0;
                            case ">" -> r > 0;
                            default -> r >= 0;
                        };
                    }
                    return new Unknown("a comparison this reader does not follow");
                }
            }
        }

        private static double number(Object v) {
            return v instanceof Boolean b ? (b ? 1 : 0) : ((Number) v).doubleValue();
        }

        private static boolean pyEquals(Object a, Object b) {
            if ((a instanceof Long || a instanceof Double || a instanceof Boolean) && (b instanceof Long || b instanceof Double || b instanceof Boolean)) {
                return number(a) == number(b);
            }
            return a == b || a != null && a.equals(b);
        }

        private static String str(Object v) {
            if (v == NONE) {
                return "None";
            }
            if (v instanceof Boolean b) {
                return b ? "True" : "False";
            }
            if (v instanceof Long || v instanceof String) {
                return v.toString();
            }
            return "?";
        }
    }
}
