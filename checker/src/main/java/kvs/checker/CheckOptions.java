package kvs.checker;

import java.time.Duration;

/**
 * @param model the model whose bad patterns decide the verdict (all are checked and reported)
 * @param timeLimit the time budget; when it runs out the verdict is {@link Verdict#UNKNOWN}
 */
public record CheckOptions(Model model, Duration timeLimit) {
    public static final Duration TIME_LIMIT_DEFAULT = Duration.ofMinutes(10);

    public CheckOptions {
        if (model == null || timeLimit == null) throw new IllegalArgumentException("check options have no null components");
        if (timeLimit.isNegative() || timeLimit.isZero()) throw new IllegalArgumentException("the time limit must be positive");
    }

    /** Model ccv, ten minutes. */
    public static CheckOptions defaults() {
        return new CheckOptions(Model.CCV, TIME_LIMIT_DEFAULT);
    }

    public CheckOptions withModel(Model m) {
        return new CheckOptions(m, timeLimit);
    }

    public CheckOptions withTimeLimit(Duration d) {
        return new CheckOptions(model, d);
    }
}
