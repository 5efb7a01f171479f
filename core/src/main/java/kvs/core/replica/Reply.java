package kvs.core.replica;

import java.util.List;
import java.util.Optional;

import kvs.core.clock.VectorClock;

/** The answer to a client request: the status and what the body says. The driver renders it. */
public sealed interface Reply {
    int status();

    /** {@code {"result": result, "causal-metadata": metadata}}; metadata only where the API has it. */
    record Result(int status, String result, Optional<VectorClock> metadata) implements Reply {}

    /** {@code {"result": "found", "value": value, "causal-metadata": metadata}}, status 200. */
    record Found(ValueText value, VectorClock metadata) implements Reply {
        public Found(String valueJson, VectorClock metadata) {
            this(ValueText.of(valueJson), metadata);
        }

        @Override
        public int status() {
            return 200;
        }

        /** The value's JSON text. */
        public String valueJson() {
            return value.text();
        }
    }

    /**
     * {@code {"error": message}}. {@code metadata} is set on a 404 for a key that a delete removed:
     * the body stays as the API fixes it, and a driver may pass the metadata out of band (a header)
     * so that a careful client does not lose the delete it observed.
     */
    record Error(int status, String message, Optional<VectorClock> metadata) implements Reply {}

    /** {@code {"view": [...]}}, status 200. */
    record ViewList(List<String> view) implements Reply {
        @Override
        public int status() {
            return 200;
        }
    }

    /** The error strings of the API, to the letter. */
    final class Messages {
        private Messages() {}

        public static final String NO_VALUE = "PUT request does not specify a value";
        public static final String KEY_TOO_LONG = "Key is too long";
        public static final String NOT_SATISFIED = "Causal dependencies not satisfied; try again later";
        public static final String NO_SUCH_KEY = "Key does not exist";
        public static final String NO_SUCH_REPLICA = "View has no such replica";
    }
}
