package dev.atelier.core.weights;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An HTTP response body as an {@link InputStream} whose reads give up when no data has arrived for
 * a while. The JDK's client times out only while waiting for the headers; a server that stalls in
 * the middle of the body would otherwise block a read forever. Use it as the body handler:
 * {@code info -> new IdleTimeoutBody(idle)}; like {@code BodyHandlers.ofInputStream()}, the response
 * is returned as soon as its headers arrive.
 */
final class IdleTimeoutBody extends InputStream implements HttpResponse.BodySubscriber<IdleTimeoutBody> {
    /** No byte arrived for the idle timeout; what was read so far is good. */
    static final class StalledException extends IOException {
        StalledException(Duration idle) {
            super("no data for " + seconds(idle));
        }
    }

    private static final Object END = new Object();

    private final Duration idle;
    private final BlockingQueue<Object> arrivals = new LinkedBlockingQueue<>();
    private volatile Flow.Subscription subscription;
    private Iterator<ByteBuffer> batch;
    private ByteBuffer current;
    private boolean ended;
    private volatile boolean closed;

    IdleTimeoutBody(Duration idle) {
        this.idle = idle;
    }

    @Override
    public CompletionStage<IdleTimeoutBody> getBody() {
        return CompletableFuture.completedFuture(this);
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (closed) {
            s.cancel();
        } else {
            s.request(1);
        }
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        arrivals.add(buffers);
    }

    @Override
    public void onError(Throwable t) {
        arrivals.add(t);
    }

    @Override
    public void onComplete() {
        arrivals.add(END);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int n = Math.min(len, current.remaining());
        current.get(b, off, n);
        return n;
    }

    /** Makes {@link #current} hold data; false at the end of the body. */
    private boolean fill() throws IOException {
        while (current == null || !current.hasRemaining()) {
            if (batch != null && batch.hasNext()) {
                current = batch.next();
                continue;
            }
            if (ended || closed) {
                return false;
            }
            Object next;
            try {
                next = arrivals.poll(idle.toNanos(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new IOException("interrupted while downloading", e);
            }
            if (next == null) {
                close();
                throw new StalledException(idle);
            }
            if (next == END) {
                ended = true;
                return false;
            }
            if (next instanceof Throwable t) {
                ended = true;
                throw t instanceof IOException io ? io : new IOException(t.getMessage(), t);
            }
            @SuppressWarnings("unchecked")
            List<ByteBuffer> buffers = (List<ByteBuffer>) next;
            batch = buffers.iterator();
            Flow.Subscription s = subscription;
            if (s != null) {
                s.request(1);
            }
        }
        return true;
    }

    /** Stops the transfer; the connection is not reused. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            Flow.Subscription s = subscription;
            if (s != null) {
                s.cancel();
            }
        }
    }

    static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : String.format(java.util.Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
}
