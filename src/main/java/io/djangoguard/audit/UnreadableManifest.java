package io.djangoguard.audit;

/**
 * Input that cannot be judged: the message names the file, the document and the line, and never
 * quotes the input (it may hold a secret).
 */
public final class UnreadableManifest extends Exception {

    private final String file;
    private final int document;
    private final int line;
    private final String problem;

    public UnreadableManifest(String file, int document, int line, String problem) {
        super(where(file, document, line) + oneLine(problem), null, false, false);
        this.file = file;
        this.document = document;
        this.line = line;
        this.problem = oneLine(problem);
    }

    /** What is wrong, in one line, without where. */
    public String problem() {
        return problem;
    }

    /** A parser's problem can hold a raw line break or control character; a message is one line. */
    private static String oneLine(String problem) {
        StringBuilder b = new StringBuilder(problem.length());
        for (int i = 0; i < problem.length(); i++) {
            char c = problem.charAt(i);
            b.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return b.toString();
    }

    private static String where(String file, int document, int line) {
        StringBuilder b = new StringBuilder();
        if (file != null) {
            b.append(file).append(": ");
        }
        if (document > 0) {
            b.append("document ").append(document);
            b.append(line > 0 ? ", line " + line + ": " : ": ");
        } else if (line > 0) {
            b.append("line ").append(line).append(": ");
        }
        return b.toString();
    }

    public String file() {
        return file;
    }

    /** 1-based; 0 when the problem is not in one document. */
    public int document() {
        return document;
    }

    /** 1-based; 0 when unknown. */
    public int line() {
        return line;
    }
}
