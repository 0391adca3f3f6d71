package io.ferry.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * ProgressBar redraws one line on stderr a few times a second while long work runs, when a person is
 * watching (the JVM has a console). Closing it erases the line, so normal output follows cleanly.
 */
final class ProgressBar implements AutoCloseable {
    private static final int WIDTH = 30;
    private final String label;
    private final long total;
    private final AtomicLong done;
    private final PrintStream err;
    private final Thread painter;
    private final long started = System.nanoTime();

    private ProgressBar(String label, long total, AtomicLong done, PrintStream err) {
        this.label = label;
        this.total = total;
        this.done = done;
        this.err = err;
        this.painter = new Thread(this::paintLoop, "ferry-progress");
        painter.setDaemon(true);
    }

    /** A bar on stderr when a person is watching; otherwise one that only counts. */
    static ProgressBar start(String label, long total, AtomicLong done) {
        ProgressBar bar = new ProgressBar(label, total, done, System.err);
        if (System.console() != null && System.getenv("FERRY_NO_PROGRESS") == null) {
            bar.painter.start();
        }
        return bar;
    }

    private void paintLoop() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                paint();
                Thread.sleep(200);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void paint() {
        long d = Math.min(done.get(), total);
        double f = total == 0 ? 1 : (double) d / total;
        int fill = (int) (f * WIDTH);
        double secs = (System.nanoTime() - started) / 1e9;
        err.print(String.format(Locale.ROOT, "\r%s [%s%s] %3.0f%% %s / %s %s ", label, "#".repeat(fill),
                " ".repeat(WIDTH - fill), f * 100, Out.bytes(d), Out.bytes(total), Out.rate(d, secs)));
        err.flush();
    }

    @Override
    public void close() {
        if (painter.isAlive()) {
            painter.interrupt();
            try {
                painter.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            err.print("\r" + " ".repeat(WIDTH + label.length() + 50) + "\r");
            err.flush();
        }
    }
}
