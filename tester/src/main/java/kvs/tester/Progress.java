package kvs.tester;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The one-line progress display of a run: rewritten in place on a terminal, a line every ten
 * seconds otherwise (a log file, CI).
 */
final class Progress implements AutoCloseable {
    private final PrintStream err;
    private final boolean terminal;
    private final Supplier<String> line;
    private final Thread thread;
    private volatile boolean running = true;
    private int width;

    Progress(PrintStream err, boolean terminal, Supplier<String> line) {
        this.err = err;
        this.terminal = terminal;
        this.line = line;
        this.thread = new Thread(this::loop, "progress");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        long every = terminal ? 500 : 10_000;
        while (running) {
            try {
                Thread.sleep(every);
            } catch (InterruptedException e) {
                return;
            }
            if (running) {
                print(line.get());
            }
        }
    }

    private synchronized void print(String text) {
        if (terminal) {
            String padded = text.length() < width ? text + " ".repeat(width - text.length()) : text;
            width = text.length();
            err.print("\r" + padded);
        } else {
            err.println(text);
        }
        err.flush();
    }

    static String format(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            if (terminal && width > 0) {
                err.print("\r" + " ".repeat(width) + "\r");
                err.flush();
            }
        }
    }
}
