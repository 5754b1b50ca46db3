package io.djangoguard.tls;

/**
 * A certificate or key file that cannot be used. The message is one line that names the file(s) and what is wrong,
 * fit to be shown as it is; it never holds any of the key file's content.
 */
public final class TlsFileException extends Exception {

    private static final long serialVersionUID = 1L;

    TlsFileException(String message) {
        // No cause and no stack trace: the message says it all, and a parser's exception could quote the key.
        super(message, null, false, false);
    }
}
