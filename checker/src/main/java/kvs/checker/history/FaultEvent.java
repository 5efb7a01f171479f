package kvs.checker.history;

import java.util.List;

/**
 * One line of a history that is not an operation: the start or the end of a fault that a nemesis
 * injected (format 2). Verdicts ignore these lines; reports show them as bands in time.
 *
 * <p>Wire form: {@code {"type":"fault","id":3,"phase":"start","fault":"partition",
 * "targets":["10.10.0.2:8090"],"detail":"isolate 1 | 2,3","time":123456789}}; the end of the same
 * fault has the same {@code id} and {@code "phase":"end"}.
 *
 * @param id the fault's number in its history; its start and its end share it
 * @param phase whether the fault begins or ends at {@code timeNanos}
 * @param fault the kind of fault ({@code kill}, {@code pause}, {@code partition}, {@code hang},
 *     {@code join}, or any word a nemesis uses)
 * @param targets the replicas ({@code ip:port}) the fault acts on, possibly none
 * @param detail free text for people (the shape of a partition, the command run, ...)
 * @param timeNanos the time of the event, on the same clock as the operations' times
 */
public record FaultEvent(long id, Phase phase, String fault, List<String> targets, String detail, long timeNanos) {
    /** Longest fault word, target list and detail kept; a history line is not a place for essays. */
    public static final int FAULT_CHARS_MAX = 64, TARGETS_MAX = 256, DETAIL_CHARS_MAX = 2000;

    public enum Phase {
        START, END;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public FaultEvent {
        if (phase == null || fault == null || targets == null || detail == null) {
            throw new IllegalArgumentException("a fault event has no null components");
        }
        if (fault.isEmpty() || fault.length() > FAULT_CHARS_MAX) {
            throw new IllegalArgumentException("a fault's kind is a word of 1 to " + FAULT_CHARS_MAX + " characters");
        }
        if (targets.size() > TARGETS_MAX) throw new IllegalArgumentException("a fault names at most " + TARGETS_MAX + " targets");
        if (detail.length() > DETAIL_CHARS_MAX) {
            throw new IllegalArgumentException("a fault's detail has at most " + DETAIL_CHARS_MAX + " characters");
        }
        targets = List.copyOf(targets);
    }

    public static FaultEvent start(long id, String fault, List<String> targets, String detail, long timeNanos) {
        return new FaultEvent(id, Phase.START, fault, targets, detail, timeNanos);
    }

    /** The end of this fault, at {@code timeNanos}. */
    public FaultEvent end(long timeNanos) {
        return new FaultEvent(id, Phase.END, fault, targets, detail, timeNanos);
    }
}
