package kvs.cli.workload;

import java.io.PrintWriter;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * A one-line progress bar redrawn in place ({@code \r}) on a terminal, from its own thread,
 * about five times a second: {@code [##########..........]  50%  5012 ops  2489 ops/s}.
 */
public final class ProgressBar implements AutoCloseable {
    private static final int WIDTH_CHARS = 30;
    private static final long REDRAW_MILLIS = 200;

    private final PrintWriter out;
    private final DoubleSupplier fraction;
    private final LongSupplier operations;
    private final long startNanos = System.nanoTime();
    private final Thread thread;
    private volatile boolean running = true;

    public ProgressBar(PrintWriter out, DoubleSupplier fraction, LongSupplier operations) {
        this.out = out;
        this.fraction = fraction;
        this.operations = operations;
        this.thread = new Thread(this::loop, "kvs-cli-progress");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void loop() {
        while (running) {
            draw();
            try {
                Thread.sleep(REDRAW_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** The bar's text for a fraction done, an operation count and a rate. */
    public static String render(double fraction, long operations, double opsPerSecond) {
        double clamped = Math.max(0, Math.min(1, fraction));
        int filled = (int) Math.round(clamped * WIDTH_CHARS);
        return "[" + "#".repeat(filled) + ".".repeat(WIDTH_CHARS - filled) + "] "
                + String.format("%3d%%  %d ops  %.0f ops/s", Math.round(clamped * 100), operations, opsPerSecond);
    }

    private synchronized void draw() {
        long ops = operations.getAsLong();
        double seconds = Math.max(1e-9, (System.nanoTime() - startNanos) / 1e9);
        out.print("\r" + render(fraction.getAsDouble(), ops, ops / seconds));
        out.flush();
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        draw();
        out.println();
        out.flush();
    }
}
