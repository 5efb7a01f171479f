package kvs.checker;

/** The three verdicts, with the exit code each one means in every command. */
public enum Verdict {
    VALID, INVALID, UNKNOWN;

    public int exitCode() {
        return switch (this) {
            case VALID -> 0;
            case INVALID -> 1;
            case UNKNOWN -> 2;
        };
    }

    /** The worse of two verdicts: invalid beats unknown beats valid. */
    public Verdict and(Verdict other) {
        if (this == INVALID || other == INVALID) return INVALID;
        if (this == UNKNOWN || other == UNKNOWN) return UNKNOWN;
        return VALID;
    }
}
