package kvs.core.replica;

import java.util.Optional;

import kvs.core.clock.VectorClock;

/**
 * A client's request, already parsed by the driver. Metadata that is absent, null or not of the
 * shape a replica produces arrives as {@link VectorClock#EMPTY}.
 */
public sealed interface ClientOp {
    /** {@code PUT /kvs/<key>}; {@code value} is empty when the body names no value or null. */
    record Put(String key, Optional<ValueText> value, VectorClock metadata) implements ClientOp {
        /** A put of a value held as a string (tests, the simulator). */
        public static Put of(String key, Optional<String> valueJson, VectorClock metadata) {
            return new Put(key, valueJson.map(ValueText::of), metadata);
        }
    }

    /** {@code GET /kvs/<key>}. */
    record Get(String key, VectorClock metadata) implements ClientOp {}

    /** {@code DELETE /kvs/<key>}. */
    record Delete(String key, VectorClock metadata) implements ClientOp {}

    /** {@code GET /view}. */
    record ViewGet() implements ClientOp {}

    /** {@code PUT /view}. */
    record ViewPut(String address) implements ClientOp {}

    /** {@code DELETE /view}. */
    record ViewDelete(String address) implements ClientOp {}
}
