package kvs.core.replica;

/**
 * Which life of a link a peer message belongs to. A replica keeps, for every address it knows, a
 * link epoch that it sets anew (from one counter that only grows) each time it drops that address
 * from its view or admits it. Every request carries:
 *
 * @param incarnation the sender's incarnation (a restart gives a larger one)
 * @param epoch the sender's current link epoch for the receiver
 * @param peerIncarnation the receiver's incarnation, as last heard by the sender (0: never heard)
 * @param peerEpoch the receiver's link epoch for the sender, as last heard by the sender (0: never heard)
 *
 * <p>The receiver refuses a write or a view change when the stamp is older than one it has already
 * accepted from that sender ({@code (incarnation, epoch)} compared in that order), or when the
 * echoed {@code (peerIncarnation, peerEpoch)} is not its own current one: the message was sent
 * before the link last changed on either side.
 */
public record LinkStamp(long incarnation, long epoch, long peerIncarnation, long peerEpoch) {

    /** True when this stamp is from an earlier life of the link than {@code (incarnation, epoch)}. */
    boolean olderThan(long otherIncarnation, long otherEpoch) {
        return incarnation < otherIncarnation || (incarnation == otherIncarnation && epoch < otherEpoch);
    }
}
