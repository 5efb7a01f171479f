package kvs.core.replica;

/**
 * What a replica knows about one other address, in its view or probed: the link epochs (see
 * {@link LinkStamp}) and what bounds the life of an address that never answers.
 */
final class Peer {
    static final long NEVER = Long.MIN_VALUE;

    /** This replica's link epoch for the address; set anew at every drop and every admission. */
    long epoch;
    /** The newest stamp accepted from the address: its incarnation and its link epoch for us. */
    long heardIncarnation;
    long heardEpoch;
    /** In {@code VIEW} at start: never forgotten (it may be behind a partition from the start). */
    final boolean configured;
    /** When this replica learned the address (at start, by {@code PUT /view}, or from a request). */
    final long knownSinceMillis;
    /** True once a call of this replica to the address has been answered. */
    boolean answered;
    /** Until when an address put in the view that has never answered stays there while its calls fail. */
    long graceUntilMillis = NEVER;
    /** When the address last announced itself (or an operator added it), {@link #NEVER} if not. */
    long announcedAtMillis = NEVER;
    /**
     * True once a call of this replica to the address has been answered after its last
     * announcement: a failed call after that is a real failure, not a cold start.
     */
    boolean answeredSinceAnnouncement;
    /**
     * True once a replica at the address announced itself here: it has lived, so it gets no join
     * grace (a crash right after its start is seen at once). It does not count as an answer for the
     * cap on unanswered addresses, since anyone can claim to announce any address.
     */
    boolean announcedItself;

    Peer(long epoch, boolean configured, long knownSinceMillis) {
        this.epoch = epoch;
        this.configured = configured;
        this.knownSinceMillis = knownSinceMillis;
    }

    /** The address announced itself (or an operator put it in the view) now. */
    void announced(long nowMillis) {
        announcedAtMillis = nowMillis;
        answeredSinceAnnouncement = false;
    }

    /** Takes a stamp's sender part when it is newer than what was heard. */
    void hear(LinkStamp stamp) {
        if (stamp.olderThan(heardIncarnation, heardEpoch)) return;
        heardIncarnation = stamp.incarnation();
        heardEpoch = stamp.epoch();
    }

    /** Learned at run time and never answered: such addresses are capped, and forgotten after a while. */
    boolean unanswered() {
        return !answered && !configured;
    }

    boolean inGrace(long nowMillis) {
        return !answered && !announcedItself && nowMillis < graceUntilMillis;
    }
}
