package io.djangoguard.settings;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Python's lexical rules, enough to cut a settings file into logical lines of tokens without being fooled by strings,
 * comments, brackets or line continuations. The text is attacker-controlled, so everything here is iterative:
 * brackets are counted on a growing array and f-string nesting on a small explicit stack, never on the Java stack.
 * A broken file (unterminated string, unclosed bracket, stray character, too many tokens) is cut cleanly before the
 * logical line where Python itself would have given up, and {@link #problems} says where.
 */
final class PythonTokenizer {

    static final byte NAME = 1;
    static final byte NUMBER = 2;
    static final byte STRING = 3;
    static final byte OP = 4;

    static final int MAX_TOKENS = 200_000;
    /** F-strings nested inside f-string replacement fields; real files use one or two. */
    private static final int MAX_FSTRING_NESTING = 64;

    private static final String[] OPS3 = {"**=", "//=", ">>=", "<<=", "..."};
    private static final String[] OPS2 = {"**", "//", "<<", ">>", "<=", ">=", "==", "!=", "->", "+=", "-=", "*=",
            "/=", "%=", "&=", "|=", "^=", "@=", ":="};
    private static final String OPS1 = "()[]{},:;.+-*/%&|^~<>=@";

    final String src;

    // Tokens, as parallel arrays: kind, text, first line, and for brackets the index of the matching bracket.
    byte[] kind = new byte[256];
    String[] text = new String[256];
    int[] line = new int[256];
    int[] match = new int[256];
    int count;

    // Logical lines: tokens [first[i], last[i]) whose first token is at column indent[i].
    int[] first = new int[64];
    int[] last = new int[64];
    int[] indent = new int[64];
    int lines;

    final List<String> problems = new ArrayList<>();

    private int pos;
    private int lineNo = 1;
    private int lineStartToken;
    private int lineIndent;
    private int[] open = new int[64];
    private int depth;
    private boolean failed;

    private PythonTokenizer(String src) {
        this.src = src;
    }

    static PythonTokenizer tokenize(String src) {
        PythonTokenizer t = new PythonTokenizer(src);
        t.run();
        return t;
    }

    private void run() {
        int n = src.length();
        if (n > 0 && src.charAt(0) == '\uFEFF') {
            pos = 1;
        }
        boolean atLineStart = true;
        while (!failed) {
            if (atLineStart) {
                int col = 0;
                while (pos < n) {
                    char c = src.charAt(pos);
                    if (c == ' ') {
                        col++;
                    } else if (c == '\t') {
                        col = (col / 8 + 1) * 8;
                    } else if (c == '\f') {
                        col = 0;
                    } else {
                        break;
                    }
                    pos++;
                }
                if (pos < n && src.charAt(pos) == '#') {
                    skipComment();
                }
                if (pos >= n) {
                    break;
                }
                char c = src.charAt(pos);
                if (c == '\n' || c == '\r') {
                    newline();
                    continue;
                }
                atLineStart = false;
                lineStartToken = count;
                lineIndent = col;
            }
            while (pos < n) {
                char c = src.charAt(pos);
                if (c != ' ' && c != '\t' && c != '\f') {
                    break;
                }
                pos++;
            }
            if (pos >= n) {
                break;
            }
            char c = src.charAt(pos);
            if (c == '#') {
                skipComment();
            } else if (c == '\n' || c == '\r') {
                newline();
                if (depth == 0) {
                    endLine();
                    atLineStart = true;
                }
            } else if (c == '\\') {
                int p = pos + 1;
                if (p < n && (src.charAt(p) == '\n' || src.charAt(p) == '\r')) {
                    pos = p;
                    newline();
                } else {
                    fail(lineNo, "stray backslash");
                }
            } else {
                scanToken(c);
            }
        }
        if (!failed) {
            if (depth > 0) {
                fail(line[open[depth - 1]], "bracket never closed");
            } else {
                endLine();
            }
        }
    }

    private void skipComment() {
        int n = src.length();
        while (pos < n && src.charAt(pos) != '\n' && src.charAt(pos) != '\r') {
            pos++;
        }
    }

    private void newline() {
        if (src.charAt(pos) == '\r' && pos + 1 < src.length() && src.charAt(pos + 1) == '\n') {
            pos++;
        }
        pos++;
        lineNo++;
    }

    private void endLine() {
        if (count > lineStartToken) {
            if (lines == first.length) {
                first = Arrays.copyOf(first, lines * 2);
                last = Arrays.copyOf(last, lines * 2);
                indent = Arrays.copyOf(indent, lines * 2);
            }
            first[lines] = lineStartToken;
            last[lines] = count;
            indent[lines] = lineIndent;
            lines++;
        }
        lineStartToken = count;
    }

    /** Python would refuse the whole file here; keep what came before the current logical line. */
    private void fail(int at, String why) {
        if (!failed) {
            problems.add("line " + at + ": " + why + "; the file is not valid Python, this statement and the rest of"
                    + " the file are ignored");
        }
        failed = true;
        count = lineStartToken;
    }

    private void scanToken(char c) {
        int n = src.length();
        int s = pos;
        int cp = src.codePointAt(pos);
        if (isIdStart(cp)) {
            int p = pos + Character.charCount(cp);
            while (p < n) {
                int d = src.codePointAt(p);
                if (!isIdPart(d)) {
                    break;
                }
                p += Character.charCount(d);
            }
            if (p < n && (src.charAt(p) == '\'' || src.charAt(p) == '"') && isPrefix(src, s, p)) {
                scanString(s, p);
                return;
            }
            add(NAME, s, p, lineNo);
            pos = p;
            return;
        }
        if (isDigit(c) || (c == '.' && pos + 1 < n && isDigit(src.charAt(pos + 1)))) {
            scanNumber();
            return;
        }
        if (c == '\'' || c == '"') {
            scanString(s, s);
            return;
        }
        for (String op : OPS3) {
            if (src.startsWith(op, pos)) {
                addOp(op);
                return;
            }
        }
        for (String op : OPS2) {
            if (src.startsWith(op, pos)) {
                addOp(op);
                return;
            }
        }
        if (OPS1.indexOf(c) >= 0) {
            addOp(String.valueOf(c));
            return;
        }
        fail(lineNo, "character not allowed in Python source");
    }

    private void addOp(String op) {
        int s = pos;
        int idx = count;
        add(OP, s, s + op.length(), lineNo);
        if (failed) {
            return;
        }
        pos = s + op.length();
        char c = op.charAt(0);
        if (op.length() == 1 && (c == '(' || c == '[' || c == '{')) {
            if (depth == open.length) {
                open = Arrays.copyOf(open, depth * 2);
            }
            open[depth++] = idx;
        } else if (op.length() == 1 && (c == ')' || c == ']' || c == '}')) {
            if (depth == 0) {
                fail(lineNo, "closing bracket without an opening one");
                return;
            }
            int o = open[--depth];
            char oc = text[o].charAt(0);
            if ((oc == '(' && c != ')') || (oc == '[' && c != ']') || (oc == '{' && c != '}')) {
                fail(lineNo, "closing bracket does not match the one opened at line " + line[o]);
                return;
            }
            match[o] = idx;
            match[idx] = o;
        }
    }

    private void add(byte k, int s, int e, int ln) {
        if (count >= MAX_TOKENS) {
            fail(lineNo, "more than " + MAX_TOKENS + " tokens");
            return;
        }
        if (count == kind.length) {
            int size = count * 2;
            kind = Arrays.copyOf(kind, size);
            text = Arrays.copyOf(text, size);
            line = Arrays.copyOf(line, size);
            match = Arrays.copyOf(match, size);
        }
        kind[count] = k;
        text[count] = src.substring(s, e);
        line[count] = ln;
        match[count] = -1;
        count++;
    }

    private void scanNumber() {
        int n = src.length();
        int s = pos;
        int p = pos;
        if (src.charAt(p) == '0' && p + 1 < n && "xXoObB".indexOf(src.charAt(p + 1)) >= 0) {
            p += 2;
            while (p < n && (Character.isLetterOrDigit(src.charAt(p)) || src.charAt(p) == '_')) {
                p++;
            }
        } else {
            while (p < n && (isDigit(src.charAt(p)) || src.charAt(p) == '_')) {
                p++;
            }
            if (p < n && src.charAt(p) == '.') {
                p++;
                while (p < n && (isDigit(src.charAt(p)) || src.charAt(p) == '_')) {
                    p++;
                }
            }
            if (p < n && (src.charAt(p) == 'e' || src.charAt(p) == 'E')) {
                int q = p + 1;
                if (q < n && (src.charAt(q) == '+' || src.charAt(q) == '-')) {
                    q++;
                }
                if (q < n && isDigit(src.charAt(q))) {
                    p = q;
                    while (p < n && (isDigit(src.charAt(p)) || src.charAt(p) == '_')) {
                        p++;
                    }
                }
            }
            if (p < n && (src.charAt(p) == 'j' || src.charAt(p) == 'J')) {
                p++;
            }
        }
        add(NUMBER, s, p, lineNo);
        pos = p;
    }

    /** A string token from its prefix at {@code s} and its opening quote at {@code q}. */
    private void scanString(int s, int q) {
        int startLine = lineNo;
        String prefix = src.substring(s, q).toLowerCase(Locale.ROOT);
        boolean raw = prefix.indexOf('r') >= 0;
        boolean formatted = prefix.indexOf('f') >= 0 || prefix.indexOf('t') >= 0;
        int e = formatted ? scanFString(q, raw) : scanPlain(q);
        if (e < 0) {
            return;
        }
        add(STRING, s, e, startLine);
        pos = e;
    }

    /** The index after the closing quote of a string without replacement fields, or -1 after {@link #fail}. */
    private int scanPlain(int qpos) {
        int n = src.length();
        char q = src.charAt(qpos);
        boolean triple = qpos + 2 < n && src.charAt(qpos + 1) == q && src.charAt(qpos + 2) == q;
        int startLine = lineNo;
        int p = qpos + (triple ? 3 : 1);
        while (true) {
            if (p >= n) {
                fail(startLine, triple ? "unterminated triple-quoted string" : "unterminated string");
                return -1;
            }
            char c = src.charAt(p);
            if (c == '\\') {
                p = skipEscaped(p + 1);
                continue;
            }
            if (c == q) {
                if (!triple) {
                    return p + 1;
                }
                if (p + 2 < n && src.charAt(p + 1) == q && src.charAt(p + 2) == q) {
                    return p + 3;
                }
            } else if (c == '\n' || c == '\r') {
                if (!triple) {
                    fail(startLine, "unterminated string");
                    return -1;
                }
                if (c == '\r' && p + 1 < n && src.charAt(p + 1) == '\n') {
                    p++;
                }
                lineNo++;
            }
            p++;
        }
    }

    /** Past the character after a backslash (a CRLF counts as one), counting the line it may end. */
    private int skipEscaped(int p) {
        int n = src.length();
        if (p >= n) {
            return p;
        }
        char d = src.charAt(p);
        if (d == '\r' || d == '\n') {
            lineNo++;
            if (d == '\r' && p + 1 < n && src.charAt(p + 1) == '\n') {
                p++;
            }
        }
        return p + 1;
    }

    private static final int LITERAL = 0;
    private static final int EXPR = 1;
    private static final int SPEC = 2;

    /**
     * An f-string (or t-string) under Python 3.12's rules, which accept everything older versions do: replacement
     * fields may hold strings with any quotes, nested f-strings, brackets and format specs with their own fields.
     * Frames are kept on explicit arrays.
     */
    private int scanFString(int qpos, boolean raw) {
        int n = src.length();
        int startLine = lineNo;
        int[] type = new int[MAX_FSTRING_NESTING];
        char[] quote = new char[MAX_FSTRING_NESTING];
        boolean[] triple = new boolean[MAX_FSTRING_NESTING];
        boolean[] rawf = new boolean[MAX_FSTRING_NESTING];
        int[] brackets = new int[MAX_FSTRING_NESTING];
        int sp = 0;
        type[0] = LITERAL;
        quote[0] = src.charAt(qpos);
        triple[0] = qpos + 2 < n && src.charAt(qpos + 1) == quote[0] && src.charAt(qpos + 2) == quote[0];
        rawf[0] = raw;
        sp = 1;
        int p = qpos + (triple[0] ? 3 : 1);
        while (true) {
            if (p >= n) {
                fail(startLine, "unterminated f-string");
                return -1;
            }
            char c = src.charAt(p);
            int top = sp - 1;
            if (type[top] != EXPR) {
                int lit = top;
                while (type[lit] != LITERAL) {
                    lit--;
                }
                char q = quote[lit];
                boolean tr = triple[lit];
                if (c == '\\') {
                    if (!rawf[lit] && p + 2 < n && src.charAt(p + 1) == 'N' && src.charAt(p + 2) == '{') {
                        int close = src.indexOf('}', p + 3);
                        int nl = indexOfNewline(p + 3);
                        p = close < 0 || (nl >= 0 && nl < close) ? p + 3 : close + 1;
                    } else {
                        p = skipEscaped(p + 1);
                    }
                    continue;
                }
                if (c == q && (!tr || (p + 2 < n && src.charAt(p + 1) == q && src.charAt(p + 2) == q))) {
                    if (type[top] == SPEC) {
                        fail(startLine, "unterminated f-string replacement field");
                        return -1;
                    }
                    p += tr ? 3 : 1;
                    sp--;
                    if (sp == 0) {
                        return p;
                    }
                    continue;
                }
                if (c == '{') {
                    if (type[top] == LITERAL && p + 1 < n && src.charAt(p + 1) == '{') {
                        p += 2;
                        continue;
                    }
                    if (sp == MAX_FSTRING_NESTING) {
                        fail(startLine, "f-string nested too deeply");
                        return -1;
                    }
                    type[sp] = EXPR;
                    brackets[sp] = 0;
                    sp++;
                    p++;
                    continue;
                }
                if (c == '}') {
                    if (type[top] == SPEC) {
                        sp -= 2;  // the spec and the replacement field it belongs to
                    } else if (p + 1 < n && src.charAt(p + 1) == '}') {
                        p++;
                    }
                    p++;
                    continue;
                }
                if (c == '\n' || c == '\r') {
                    if (!tr) {
                        fail(startLine, "unterminated f-string");
                        return -1;
                    }
                    if (c == '\r' && p + 1 < n && src.charAt(p + 1) == '\n') {
                        p++;
                    }
                    lineNo++;
                }
                p++;
                continue;
            }
            // Inside a replacement field: an expression.
            if (c == '\'' || c == '"') {
                int e = scanPlain(p);
                if (e < 0) {
                    return -1;
                }
                p = e;
                continue;
            }
            int cp = src.codePointAt(p);
            if (isIdStart(cp)) {
                int e = p + Character.charCount(cp);
                while (e < n && isIdPart(src.codePointAt(e))) {
                    e += Character.charCount(src.codePointAt(e));
                }
                if (e < n && (src.charAt(e) == '\'' || src.charAt(e) == '"') && isPrefix(src, p, e)) {
                    String prefix = src.substring(p, e).toLowerCase(Locale.ROOT);
                    if (prefix.indexOf('f') >= 0 || prefix.indexOf('t') >= 0) {
                        if (sp == MAX_FSTRING_NESTING) {
                            fail(startLine, "f-string nested too deeply");
                            return -1;
                        }
                        type[sp] = LITERAL;
                        quote[sp] = src.charAt(e);
                        triple[sp] = e + 2 < n && src.charAt(e + 1) == quote[sp] && src.charAt(e + 2) == quote[sp];
                        rawf[sp] = prefix.indexOf('r') >= 0;
                        sp++;
                        p = e + (triple[sp - 1] ? 3 : 1);
                    } else {
                        int end = scanPlain(e);
                        if (end < 0) {
                            return -1;
                        }
                        p = end;
                    }
                } else {
                    p = e;
                }
                continue;
            }
            if (c == '(' || c == '[' || c == '{') {
                brackets[top]++;
            } else if (c == ')' || c == ']') {
                if (brackets[top] > 0) {
                    brackets[top]--;
                }
            } else if (c == '}') {
                if (brackets[top] > 0) {
                    brackets[top]--;
                } else {
                    sp--;
                }
            } else if (c == ':' && brackets[top] == 0) {
                if (sp == MAX_FSTRING_NESTING) {
                    fail(startLine, "f-string nested too deeply");
                    return -1;
                }
                type[sp] = SPEC;
                sp++;
            } else if (c == '#') {
                int nl = indexOfNewline(p);
                p = nl < 0 ? n : nl;
                continue;
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && p + 1 < n && src.charAt(p + 1) == '\n') {
                    p++;
                }
                lineNo++;
            }
            p++;
        }
    }

    private int indexOfNewline(int from) {
        for (int i = from; i < src.length(); i++) {
            char c = src.charAt(i);
            if (c == '\n' || c == '\r') {
                return i;
            }
        }
        return -1;
    }

    private static boolean isPrefix(String s, int from, int to) {
        if (to - from > 2) {
            return false;
        }
        String p = s.substring(from, to).toLowerCase(Locale.ROOT);
        switch (p) {
            case "r": case "u": case "b": case "f": case "t":
            case "br": case "rb": case "fr": case "rf": case "tr": case "rt":
                return true;
            default:
                return false;
        }
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean isIdStart(int cp) {
        return cp == '_' || Character.isUnicodeIdentifierStart(cp);
    }

    static boolean isIdPart(int cp) {
        return Character.isUnicodeIdentifierPart(cp) && !Character.isIdentifierIgnorable(cp);
    }

    // ---- literal values ----

    /** The value of a NUMBER token: a Long, a Double, or an Unknown for what this reader does not represent. */
    static Object number(String token) {
        String x = token.replace("_", "");
        if (x.isEmpty()) {
            return new PythonSettings.Unknown("a number that does not parse");
        }
        char last = x.charAt(x.length() - 1);
        if (last == 'j' || last == 'J') {
            return new PythonSettings.Unknown("a complex number");
        }
        try {
            if (x.length() > 1 && x.charAt(0) == '0' && "xXoObB".indexOf(x.charAt(1)) >= 0) {
                char r = Character.toLowerCase(x.charAt(1));
                int radix = r == 'x' ? 16 : r == 'o' ? 8 : 2;
                String digits = x.substring(2);
                if (digits.length() > 70) {
                    return new PythonSettings.Unknown("an integer too large for this reader");
                }
                BigInteger b = new BigInteger(digits, radix);
                return b.bitLength() < 64 ? (Object) b.longValue()
                        : new PythonSettings.Unknown("an integer too large for this reader");
            }
            if (x.indexOf('.') >= 0 || x.indexOf('e') >= 0 || x.indexOf('E') >= 0) {
                if (x.length() > 400) {
                    return new PythonSettings.Unknown("a float literal too long for this reader");
                }
                return Double.parseDouble(x);
            }
            if (x.length() > 25) {
                return new PythonSettings.Unknown("an integer too large for this reader");
            }
            BigInteger b = new BigInteger(x);
            return b.bitLength() < 64 ? (Object) b.longValue()
                    : new PythonSettings.Unknown("an integer too large for this reader");
        } catch (NumberFormatException e) {
            return new PythonSettings.Unknown("a number that does not parse");
        }
    }

    /**
     * The value of one STRING token: a String, or an Unknown for f-strings, t-strings and bytes (and for escapes
     * Python itself rejects). Source newlines inside the literal are read as Python reads them: CRLF and CR become LF.
     */
    static Object string(String token) {
        int i = 0;
        while (i < token.length() && token.charAt(i) != '\'' && token.charAt(i) != '"') {
            i++;
        }
        String prefix = token.substring(0, i).toLowerCase(Locale.ROOT);
        if (prefix.indexOf('f') >= 0) {
            return new PythonSettings.Unknown("an f-string");
        }
        if (prefix.indexOf('t') >= 0) {
            return new PythonSettings.Unknown("a template string");
        }
        if (prefix.indexOf('b') >= 0) {
            return new PythonSettings.Unknown("a bytes value");
        }
        char q = token.charAt(i);
        boolean triple = token.length() - i >= 6 && token.charAt(i + 1) == q && token.charAt(i + 2) == q;
        int ql = triple ? 3 : 1;
        String body = token.substring(i + ql, token.length() - ql);
        if (body.indexOf('\r') >= 0) {
            body = body.replace("\r\n", "\n").replace('\r', '\n');
        }
        if (prefix.indexOf('r') >= 0 || body.indexOf('\\') < 0) {
            return body;
        }
        StringBuilder sb = new StringBuilder(body.length());
        int n = body.length();
        for (int p = 0; p < n; p++) {
            char c = body.charAt(p);
            if (c != '\\' || p + 1 >= n) {
                sb.append(c);
                continue;
            }
            char d = body.charAt(++p);
            switch (d) {
                case '\n': break;
                case '\\': sb.append('\\'); break;
                case '\'': sb.append('\''); break;
                case '"': sb.append('"'); break;
                case 'a': sb.append('\u0007'); break;
                case 'b': sb.append('\b'); break;
                case 'f': sb.append('\f'); break;
                case 'n': sb.append('\n'); break;
                case 'r': sb.append('\r'); break;
                case 't': sb.append('\t'); break;
                case 'v': sb.append('\u000b'); break;
                case 'x': case 'u': case 'U': {
                    int len = d == 'x' ? 2 : d == 'u' ? 4 : 8;
                    int v = hex(body, p + 1, len);
                    if (v < 0 || !Character.isValidCodePoint(v)) {
                        return new PythonSettings.Unknown("a string with an invalid escape");
                    }
                    sb.appendCodePoint(v);
                    p += len;
                    break;
                }
                case 'N': {
                    int close = body.indexOf('}', p);
                    if (p + 1 >= n || body.charAt(p + 1) != '{' || close < 0) {
                        return new PythonSettings.Unknown("a string with an invalid escape");
                    }
                    String name = body.substring(p + 2, close);
                    int cp;
                    try {
                        cp = Character.codePointOf(name);
                    } catch (IllegalArgumentException e) {
                        cp = 0xFFFD;  // a name Java does not know: the character is kept unknown
                    }
                    sb.appendCodePoint(cp);
                    p = close;
                    break;
                }
                default:
                    if (d >= '0' && d <= '7') {
                        int v = d - '0';
                        int k = 1;
                        while (k < 3 && p + 1 < n && body.charAt(p + 1) >= '0' && body.charAt(p + 1) <= '7') {
                            v = v * 8 + (body.charAt(++p) - '0');
                            k++;
                        }
                        sb.append((char) v);
                    } else {
                        sb.append('\\').append(d);
                    }
            }
        }
        return sb.toString();
    }

    private static int hex(String s, int from, int len) {
        if (from + len > s.length()) {
            return -1;
        }
        int v = 0;
        for (int i = from; i < from + len; i++) {
            int d = Character.digit(s.charAt(i), 16);
            if (d < 0 || s.charAt(i) > 'f') {
                return -1;
            }
            v = v * 16 + d;
            if (v < 0) {
                return -1;
            }
        }
        return v;
    }
}
