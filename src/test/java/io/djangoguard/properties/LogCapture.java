package io.djangoguard.properties;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.jboss.logmanager.ExtFormatter;
import org.jboss.logmanager.ExtLogRecord;

/**
 * Every log record any logger publishes while it is open, as the line (and stack trace) a log
 * collector would store. Installed on the root logger; django-guard's own loggers are opened to
 * every level meanwhile, so a debug line that leaks is caught too.
 */
final class LogCapture extends Handler implements AutoCloseable {

    private static final String OURS = "io.djangoguard";
    /** Formats a message in its own style (printf for infof, MessageFormat for JUL), as a console handler would. */
    private static final ExtFormatter MESSAGES = new ExtFormatter() {
        @Override
        public String format(ExtLogRecord record) {
            return formatMessage(record);
        }
    };

    private final List<String> lines = new ArrayList<>();
    private final Level previous;
    /** The root's own handlers (the console), set aside meanwhile: a thousand tries would flood the build's output. */
    private final Handler[] setAside;

    private LogCapture() {
        setLevel(Level.ALL);
        Logger ours = Logger.getLogger(OURS);
        previous = ours.getLevel();
        ours.setLevel(Level.ALL);
        Logger root = Logger.getLogger("");
        setAside = root.getHandlers();
        for (Handler h : setAside) {
            root.removeHandler(h);
        }
        root.addHandler(this);
    }

    static LogCapture start() {
        return new LogCapture();
    }

    @Override
    public synchronized void publish(LogRecord record) {
        StringBuilder b = new StringBuilder();
        b.append(record.getLevel()).append(' ').append(record.getLoggerName()).append(": ");
        b.append(MESSAGES.formatMessage(record));
        if (record.getThrown() != null) {
            StringWriter trace = new StringWriter();
            record.getThrown().printStackTrace(new PrintWriter(trace));
            b.append('\n').append(trace);
        }
        lines.add(b.toString());
    }

    synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    synchronized String text() {
        return String.join("\n", lines);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        Logger root = Logger.getLogger("");
        root.removeHandler(this);
        for (Handler h : setAside) {
            root.addHandler(h);
        }
        Logger.getLogger(OURS).setLevel(previous);
    }
}
