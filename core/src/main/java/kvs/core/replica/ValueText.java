package kvs.core.replica;

/**
 * The JSON text of a stored value. The core only passes values along (stores, replicates, serves
 * them) and never needs to know where their characters live: in the simulator and in tests they are
 * ordinary strings ({@link #of}); the production driver keeps large ones outside the Java heap, so
 * a store can outgrow the heap. Implementations are immutable, and two values are equal when their
 * texts are.
 */
public interface ValueText {
    /** The length of the text in UTF-16 code units ({@code text().length()}), without building it. */
    int length();

    /** The text; may build a new string at each call (a value kept outside the heap). */
    String text();

    /** A value held as a string in the heap. */
    static ValueText of(String text) {
        return new HeapText(text);
    }

    /** A value held in the heap as a string. */
    final class HeapText implements ValueText {
        private final String text;

        private HeapText(String text) {
            if (text == null) throw new IllegalArgumentException("null value text");
            this.text = text;
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public String text() {
            return text;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ValueText other && other.length() == text.length() && other.text().equals(text);
        }

        @Override
        public int hashCode() {
            return text.hashCode();
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
