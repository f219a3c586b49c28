package dev.atelier.style.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The hold notice comes from the engine's wait itself. A watcher that looked for a pause when an evaluation
 * ended missed one arriving between that evaluation and the engine's check, and showed "pausing" forever
 * (the studio's harmonize test failed this way on CI).
 */
class RunControlHoldTest {
    @Test
    void aPauseAfterTheLastEvaluationIsStillAnnouncedWhenTheEngineHolds() throws Exception {
        RunControl control = new RunControl();
        CountDownLatch held = new CountDownLatch(1);
        AtomicBoolean pausedWhenAnnounced = new AtomicBoolean();
        control.onHold(() -> {
            pausedWhenAnnounced.set(control.isPaused());
            held.countDown();
        });
        AtomicBoolean stopped = new AtomicBoolean(true);
        // the evaluation has ended and been reported; only then does the pause arrive
        control.pause();
        Thread engine = new Thread(() -> stopped.set(control.awaitUnpaused()));
        engine.start();
        assertThat(held.await(5, TimeUnit.SECONDS)).as("the hold is announced").isTrue();
        assertThat(pausedWhenAnnounced).isTrue();
        engine.join(200);
        assertThat(engine.isAlive()).as("the engine waits while paused").isTrue();
        control.resume();
        engine.join(5000);
        assertThat(engine.isAlive()).isFalse();
        assertThat(stopped).as("resumed, not stopped").isFalse();
    }

    @Test
    void noNoticeWithoutAPauseAndOneAHold() throws Exception {
        RunControl control = new RunControl();
        AtomicInteger notices = new AtomicInteger();
        control.onHold(notices::incrementAndGet);
        assertThat(control.segmentMustEnd()).isFalse();
        assertThat(notices).hasValue(0);

        control.pause();
        Thread engine = new Thread(control::segmentMustEnd);
        engine.start();
        while (notices.get() == 0 && engine.isAlive()) {
            Thread.sleep(5);
        }
        control.stop();
        engine.join(5000);
        assertThat(engine.isAlive()).isFalse();
        assertThat(notices).hasValue(1);
        assertThat(control.segmentMustEnd()).as("stopped ends the segment").isTrue();
    }
}
