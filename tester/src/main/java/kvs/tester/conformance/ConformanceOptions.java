package kvs.tester.conformance;

import java.time.Duration;

/**
 * How conformance runs.
 *
 * @param requestTimeout how long one request may take before it counts as unanswered
 * @param scenarios whether to run the course's scenarios (they inject faults: kill, restart, pause,
 *     partition) after the API rows
 * @param settleTimeout how long to wait for views to become complete again after a fault
 * @param grace added to every timing budget of the specification (5 s for a view change, 1 s for a
 *     write with peers cut off), because a machine shared with other work is slower than the budget
 *     assumes; the measured time is always shown
 */
public record ConformanceOptions(Duration requestTimeout, boolean scenarios, Duration settleTimeout, Duration grace) {
    public ConformanceOptions {
        if (requestTimeout.isNegative() || requestTimeout.isZero() || settleTimeout.isNegative() || grace.isNegative()) {
            throw new IllegalArgumentException("conformance timeouts must be positive");
        }
    }

    public static ConformanceOptions defaults() {
        return new ConformanceOptions(Duration.ofSeconds(5), true, Duration.ofSeconds(15), Duration.ofMillis(1000));
    }

    public ConformanceOptions withScenarios(boolean on) {
        return new ConformanceOptions(requestTimeout, on, settleTimeout, grace);
    }
}
